"""What take-or-pay (offtake) tonnes cost, stated the way a plan reads them.

The model pays π° × T for an agreement's committed tonnes T whatever the plan, and stage 2 does
not buy the used (prepaid) tonnes a again: its objective refunds their market price
(``models/FORMULATION.md``). The plan's sheets say the same:

- a flow's (or a route feed's) ``prepaid`` tonnes are its share of the used tonnes of its
  source, form and year, pro rata over the source's deliveries (which plant received which
  prepaid tonne is not decided by the model; the totals are);
- purchases at market price count only tonnes that are not prepaid; the agreement's payment
  π° × T is a purchase of its year (its origin's, and an import if the source is imported);
- what the commitment costs versus buying at market: the payment less what the used tonnes
  would have cost bought at market instead, from the cheapest supply of the form the plan
  left unbought that year (the agreement's own source at its Supply price included, since
  without the agreement its tonnes are on offer at that price).

The replacement price is the cost of swapping the prepaid tonnes for market tonnes in the plan
as it is. When the cheapest spare tonnes are the ones the agreement displaced (the usual case:
a prepaid tonne displaces the plan's dearest tonne of that form and year), the commitment cost
summed over agreements is the change in plan cost the agreements cause. Supply limits and
export licences bound the spare tonnes; source and group share limits do not (with those
binding the swap could be infeasible and the figure is then a lower bound).
"""

from __future__ import annotations

from collections import defaultdict

from models.data import ModelData
from models.result import SolveResult
from models.units import USD_TO_MUSD, ZERO

Key = tuple[str, str, int]
"""(source, form, year)."""


def used_tonnes(data: ModelData, result: SolveResult) -> dict[Key, float]:
    """(s, k, y) → take-or-pay tonnes delivered, within [0, committed]."""
    used = result.values.get("offtake_used_t", {})
    return {
        key: min(committed, max(0.0, used.get(key, 0.0)))
        for key, committed in sorted(data.offtake_t.items())
    }


def deliveries(data: ModelData, result: SolveResult) -> dict[Key, float]:
    """(supplier, form, year) → tonnes delivered: flows to plants, feeds of routes and tonnes
    to magnet makers."""
    out: dict[Key, float] = defaultdict(float)
    for (v, k, _p, y), t in result.values.get("mineral_flow_t", {}).items():
        if abs(t) > ZERO:
            out[(v, k, y)] += t
    for (s, r, y), t in result.values.get("processing_feed_t", {}).items():
        if abs(t) > ZERO:
            out[(s, data.route_feed[r], y)] += t
    for key, t in result.values.get("magnet_flow_t", {}).items():
        if abs(t) > ZERO:
            out[key] += t
    return dict(out)


def prepaid_shares(data: ModelData, result: SolveResult) -> dict[Key, float]:
    """(s, k, y) → share of s's deliveries of k in y that are prepaid tonnes (0 to 1)."""
    delivered = deliveries(data, result)
    return {
        key: min(1.0, used / delivered[key])
        for key, used in used_tonnes(data, result).items()
        if used > ZERO and delivered.get(key, 0.0) > ZERO
    }


def payments(data: ModelData) -> dict[Key, float]:
    """(s, k, y) → take-or-pay payment, agreed price × committed tonnes, USD million."""
    return {
        (s, k, y): data.offtake_price_usd_per_t[(s, k)] * t * USD_TO_MUSD
        for (s, k, y), t in sorted(data.offtake_t.items())
    }


def _licence_room(data: ModelData, delivered: dict[Key, float], k: str, y: int) -> dict[str, float]:
    """o → tonnes of k its export licence still allows in y, sources' deliveries counted (a
    feed processed inside o, which the licence does not count, is counted here: the room is
    never overstated)."""
    room = {o: t for (o, form, year), t in data.licence_t.items() if (form, year) == (k, y)}
    for (v, form, year), t in delivered.items():
        if (form, year) == (k, y) and data.country(v) in room and (v, k) in data.price_usd_per_t:
            room[data.country(v)] -= t
    return room


def _fill(data: ModelData, delivered: dict[Key, float], freed: dict[Key, float], k, y) -> float:
    """USD of buying the tonnes ``freed`` of k in y at market, cheapest spare supply first."""
    room = _licence_room(data, delivered, k, y)
    for (s, form, year), t in freed.items():
        if (form, year) == (k, y) and data.country(s) in room:
            room[data.country(s)] += t  # unused agreements leave their licence room free
    left = sum(t for (_s, form, year), t in freed.items() if (form, year) == (k, y))
    cost = 0.0
    for price, s in sorted((p, s) for (s, form), p in data.price_usd_per_t.items() if form == k):
        spare = data.supply_t.get((s, k, y), 0.0) - delivered.get((s, k, y), 0.0)
        spare += freed.get((s, k, y), 0.0)
        origin = data.country(s)
        take = max(0.0, min(left, spare, room.get(origin, left)))
        if origin in room:
            room[origin] -= take
        cost += take * price
        left -= take
    return cost


def replacement_prices(data: ModelData, result: SolveResult) -> dict[tuple[str, int], float]:
    """(k, y) → average USD/t at which the used take-or-pay tonnes of k in y could have been
    bought at market instead, cheapest spare supply first (module docstring)."""
    delivered = deliveries(data, result)
    freed = {key: t for key, t in used_tonnes(data, result).items() if t > ZERO}
    out = {}
    for k, y in sorted({(k, y) for (_s, k, y) in freed}):
        tonnes = sum(t for (_s, form, year), t in freed.items() if (form, year) == (k, y))
        out[(k, y)] = _fill(data, delivered, freed, k, y) / tonnes
    return out


def offtake_rows(data: ModelData, result: SolveResult) -> list[dict[str, object]]:
    """Per agreement and year: tonnes committed, used and unused, the price paid, and what the
    commitment costs versus buying the used tonnes at market (module docstring)."""
    used = used_tonnes(data, result)
    replace = replacement_prices(data, result)
    rows = []
    for (s, k, y), paid in payments(data).items():
        committed, taken = data.offtake_t[(s, k, y)], used[(s, k, y)]
        agreed = data.offtake_price_usd_per_t[(s, k)]
        market = replace.get((k, y), 0.0) * taken * USD_TO_MUSD
        rows.append(
            {
                "source_id": s,
                "origin": data.country(s),
                "mineral": k,
                "year": y,
                "committed": committed,
                "used": taken,
                "unused": committed - taken,
                "agreed_price": agreed,
                "paid": paid,
                "price_per_used_t": paid / USD_TO_MUSD / taken if taken > ZERO else None,
                "market_price": data.price_usd_per_t.get((s, k), 0.0),
                "replacement_price": replace.get((k, y)) if taken > ZERO else None,
                "market_value": market,
                "unused_cost": agreed * (committed - taken) * USD_TO_MUSD,
                "commitment_cost": paid - market,
            }
        )
    return rows


def purchases(data: ModelData, result: SolveResult) -> dict[int, tuple[float, float]]:
    """y → (route feed bought at market, not prepaid, with its processing cost, plus the
    take-or-pay payments of y; the part of it from imported sources), USD million: the mineral
    purchases of a year that are not market-priced flows to plants."""
    out: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    prepaid = prepaid_shares(data, result)
    for (s, r, y), t in result.values.get("processing_feed_t", {}).items():
        if abs(t) <= ZERO:
            continue
        feed = data.route_feed[r]
        price = data.price_usd_per_t.get((s, feed), 0.0)
        bought = t * (1.0 - prepaid.get((s, feed, y), 0.0)) * price * USD_TO_MUSD
        out[y][0] += bought + t * data.route_cost_usd_per_t.get(r, 0.0) * USD_TO_MUSD
        if data.source_imported.get(s, True):
            out[y][1] += bought
    for (s, _k, y), paid in payments(data).items():
        out[y][0] += paid
        if data.source_imported.get(s, True):
            out[y][1] += paid
    return {y: (v[0], v[1]) for y, v in out.items()}
