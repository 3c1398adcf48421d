"""The plan's supply-chain tables: origin-group shares, offtake, processing, recycling, and the
marginal value of more of each form from each origin.

Marginal values are the stage-1 duals scaled to the units planners use: GWh of cells per
1,000 t (or per 1,000 t/yr of capacity). A dual holds for small changes; 1,000 t is the same
slope scaled, valid while the LP's basis stays the same (the re-solved ``one_more`` column of
the Marginal values sheet checks one unit).
"""

from __future__ import annotations

from collections import defaultdict

from models.data import ModelData
from models.result import SolveResult
from models.units import ZERO
from planner.plan import schema as ps
from planner.plan.offtake import deliveries, offtake_rows

Row = dict[str, object]
PER_KT = 1000.0
"""Duals are per tonne; the plan states them per 1,000 t."""


def _values(result: SolveResult, var: str) -> dict[tuple, float]:
    return {k: v for k, v in result.values.get(var, {}).items() if abs(v) > ZERO}


def group_rows(data: ModelData, result: SolveResult) -> list[Row]:
    """Each group's tonnes and share of each form's use per year, with its cap and floor."""
    delivered = deliveries(data, result)
    use: dict[tuple[str, int], float] = defaultdict(float)
    by_group: dict[tuple[str, str, int], float] = defaultdict(float)
    for (v, k, y), t in delivered.items():
        use[(k, y)] += t
        for g, countries in data.group_countries.items():
            if data.country(v) in countries:
                by_group[(g, k, y)] += t
    keys = set(by_group) | set(data.group_max_share) | set(data.group_min_share)
    rows = []
    for g, k, y in sorted(keys):
        total = use.get((k, y), 0.0)
        rows.append(
            {
                "group": g,
                "mineral": k,
                "year": y,
                "flow": by_group.get((g, k, y), 0.0),
                "use": total,
                "share": by_group.get((g, k, y), 0.0) / total if total > ZERO else None,
                "max_share": data.group_max_share.get((g, k, y)),
                "min_share": data.group_min_share.get((g, k, y)),
            }
        )
    return rows


def processing_rows(data: ModelData, result: SolveResult) -> list[Row]:
    """Feed, product and capacity of each route per year, with the value of more capacity."""
    feed: dict[tuple[str, int], float] = defaultdict(float)
    for (_s, r, y), t in _values(result, "processing_feed_t").items():
        feed[(r, y)] += t
    made: dict[tuple[str, int], float] = defaultdict(float)
    for (v, _k, _p, y), t in _values(result, "mineral_flow_t").items():
        if v in data.route_feed:
            made[(v, y)] += t
    capacity_dual = result.duals.get("processing_capacity", {})
    yield_dual = result.duals.get("processing_yield", {})
    rows = []
    for r in data.routes:
        for y in data.years:
            cap = data.route_capacity_t.get((r, y), 0.0)
            rows.append(
                {
                    "route_id": r,
                    "feed": data.route_feed[r],
                    "product": data.route_product[r],
                    "location": data.route_location[r],
                    "year": y,
                    "feed_t": feed.get((r, y), 0.0),
                    "product_t": made.get((r, y), 0.0),
                    "capacity": cap,
                    "utilisation": feed.get((r, y), 0.0) / cap if cap > ZERO else None,
                    "capacity_value": PER_KT * capacity_dual.get((r, y), 0.0),
                    "product_value": PER_KT * yield_dual.get((r, y), 0.0),
                }
            )
    return rows


def recycling_rows(data: ModelData, result: SolveResult) -> list[Row]:
    """What each recycler took in and returned per mineral and year."""
    feeds = result.values.get("recycling_feed_t", {})
    back: dict[tuple[str, str, int], float] = defaultdict(float)
    for (v, k, _p, y), t in _values(result, "mineral_flow_t").items():
        back[(v, k, y)] += t
    capacity_dual = result.duals.get("recycling_capacity", {})
    rows = []
    for c, k in sorted(data.recycling_yield):
        for y in data.years:
            rows.append(
                {
                    "recycler_id": c,
                    "mineral": k,
                    "year": y,
                    "feed_t": max(0.0, feeds.get((c, k, y), 0.0)),
                    "recovered_t": back.get((c, k, y), 0.0),
                    "capacity": data.recycling_capacity_t.get((c, y), 0.0),
                    "capacity_value": PER_KT * capacity_dual.get((c, y), 0.0),
                }
            )
    return rows


def magnet_only_forms(data: ModelData) -> frozenset[str]:
    """Forms magnet makers need that no chemistry uses and no route takes in: rare earths,
    left out of the cell tables (Minerals, Mineral totals, Years)."""
    cells = {k for (_c, k), t in data.intensity_t_per_gwh.items() if t > 0}
    return frozenset({k for k, _y in data.magnet_t} - cells - set(data.route_feed.values()))


def magnet_rows(data: ModelData, result: SolveResult) -> list[Row]:
    """Tonnes of each form for magnet makers by origin and year, with their cost and share."""
    flow: dict[tuple[str, str, int], float] = defaultdict(float)
    cost: dict[tuple[str, str, int], float] = defaultdict(float)
    supply: dict[tuple[str, str, int], float] = defaultdict(float)
    for s, k in data.price_usd_per_t:
        for y in data.years:
            if (k, y) in data.magnet_t:
                supply[(k, data.country(s), y)] += data.supply_t.get((s, k, y), 0.0)
    for (s, k, y), t in _values(result, "magnet_flow_t").items():
        flow[(k, data.country(s), y)] += t
        cost[(k, data.country(s), y)] += t * data.price_usd_per_t[(s, k)] / 1e6
    return [
        {
            "mineral": k,
            "origin": o,
            "year": y,
            "flow": flow.get((k, o, y), 0.0),
            "cost": cost.get((k, o, y), 0.0),
            "share": flow.get((k, o, y), 0.0) / data.magnet_t[(k, y)],
            "required": data.magnet_t[(k, y)],
            "supply": supply[(k, o, y)],
        }
        for k, o, y in sorted(supply)
    ]


def mineral_value_rows(data: ModelData, result: SolveResult) -> list[Row]:
    """GWh that 1,000 t more of a form from an origin would buy, per year: from the best of
    the origin's sources (its supply limit) and from its export licence, where there is one."""
    supply_dual = result.duals.get("mineral_supply_limit", {})
    licence_dual = result.duals.get("export_licence_limit", {})
    best: dict[tuple[str, str, int], float] = {}
    for s, k in data.price_usd_per_t:
        for y in data.years:
            key = (k, data.country(s), y)
            best[key] = max(best.get(key, 0.0), supply_dual.get((s, k, y), 0.0))
    for o, k, y in data.licence_t:
        best.setdefault((k, o, y), 0.0)
    return [
        {
            "mineral": k,
            "origin": o,
            "year": y,
            "supply_value": PER_KT * value,
            "licence_value": PER_KT * licence_dual[(o, k, y)]
            if (o, k, y) in licence_dual
            else None,
        }
        for (k, o, y), value in sorted(best.items())
    ]


def chain_tables(data: ModelData, result: SolveResult) -> dict[str, list[Row]]:
    """The supply-chain tables by plan sheet name."""
    return {
        ps.GROUP_SHARES.sheet: group_rows(data, result),
        ps.OFFTAKE.sheet: offtake_rows(data, result),
        ps.PROCESSING.sheet: processing_rows(data, result),
        ps.RECYCLING.sheet: recycling_rows(data, result),
        ps.MAGNETS.sheet: magnet_rows(data, result),
        ps.MINERAL_VALUES.sheet: mineral_value_rows(data, result),
    }
