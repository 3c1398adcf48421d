"""The supply-chain rows of the independent cross-check (tests/test_model_crosscheck.py), written
from models/FORMULATION.md: group_share_cap, group_share_floor, export_licence_limit,
offtake_within_delivery, processing_capacity, processing_yield, recycling_feed_limit,
recycling_capacity, recycling_return, magnet_demand; their costs; and random supply-chain data.

Nothing here imports the Pyomo model code. Columns are keyed as in the cross-check: ("m", v, k,
p, y) flows, ("z", s, r, y) route feeds, ("w", c, k, y) recycling feeds, ("a", s, k, y) offtake
tonnes used, ("mg", s, k, y) tonnes to magnet makers, ("u", k, y) total use, ("out", p, y) output.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from models.data import ModelData

COUNTRIES = ("Australia", "Canada", "Chile", "China", "Indonesia")


def country(d: ModelData, v: str) -> str:
    """o(v): a route's location, India for a recycler, else the source's origin."""
    if v in d.route_location:
        return d.route_location[v]
    if any(c == v for c, _ in d.recycling_yield):
        return "India"
    return d.source_origin[v]


def offers_of(d: ModelData, k: str) -> list[str]:
    found = {s for (s, kk) in d.price_usd_per_t if kk == k}
    found |= {r for r, kk in d.route_product.items() if kk == k}
    return sorted(found | {c for (c, kk) in d.recycling_yield if kk == k})


def _group_rows(d: ModelData, col: dict, rows, delivered: Callable) -> None:
    for limits, sense in ((d.group_max_share, "<="), (d.group_min_share, ">=")):
        for (g, k, y), share in sorted(limits.items()):
            if ("u", k, y) not in col:
                continue
            members = [v for v in offers_of(d, k) if country(d, v) in d.group_countries[g]]
            own = [c for v in members for c in delivered(d, col, v, k, y)]
            if not own and sense == "<=":
                continue
            terms = {col[c]: 1.0 for c in own}
            terms[col[("u", k, y)]] = -share
            rows.add(terms, 0.0, sense)


def _licence_rows(d: ModelData, col: dict, rows) -> None:
    for (o, k, y), tonnes in sorted(d.licence_t.items()):
        terms = {}
        for v in offers_of(d, k):
            if country(d, v) != o:
                continue
            for c in col:
                if (c[0] == "m" and c[1:3] == (v, k) and c[4] == y) or (
                    c[0] == "mg" and c[1:] == (v, k, y)
                ):
                    terms[col[c]] = 1.0
                elif c[0] == "z" and c[1] == v and c[3] == y and d.route_feed[c[2]] == k:
                    terms[col[c]] = 0.0 if d.route_location[c[2]] == o else 1.0
        if terms:
            rows.add(terms, tonnes)


def _processing_rows(d: ModelData, col: dict, rows, equal) -> None:
    for r in sorted(d.route_feed):
        for y in d.years:
            feeds = [c for c in col if c[0] == "z" and c[2] == r and c[3] == y]
            if feeds:
                rows.add({col[c]: 1.0 for c in feeds}, d.route_capacity_t.get((r, y), 0.0))
            made = [c for c in col if c[0] == "m" and c[1] == r and c[4] == y]
            if made:
                terms = {col[c]: 1.0 for c in made}
                terms |= {col[c]: -d.route_yield[r] for c in feeds}
                equal.add(terms, 0.0, "=")


def _scrap_t_per_gwh(d: ModelData, p: str, k: str, y: int) -> float:
    age = min(max(y - d.online_year[p] + 1, 1), len(d.scrap_share))
    return d.intensity_t_per_gwh.get((d.plant_chemistry[p], k), 0.0) * d.scrap_share[age - 1]


def _recycling_rows(d: ModelData, col: dict, rows, equal) -> None:
    recyclers = sorted({c for c, _ in d.recycling_yield})
    for k in sorted({k for _, k in d.recycling_yield}):
        for y in d.years:
            terms = {col[("w", c, k, y)]: 1.0 for c in recyclers if (c, k) in d.recycling_yield}
            for p in d.plants:
                if _scrap_t_per_gwh(d, p, k, y) > 0:
                    terms[col[("out", p, y)]] = -_scrap_t_per_gwh(d, p, k, y)
            rows.add(terms, d.end_of_life_t.get((k, y), 0.0))
    for c in recyclers:
        for y in d.years:
            feeds = {col[("w", c, k, y)]: 1.0 for (cc, k) in d.recycling_yield if cc == c}
            rows.add(feeds, d.recycling_capacity_t.get((c, y), 0.0))
    for (c, k), share in sorted(d.recycling_yield.items()):
        for y in d.years:
            made = [m for m in col if m[0] == "m" and m[1:3] == (c, k) and m[4] == y]
            if made:
                terms = {col[m]: 1.0 for m in made}
                equal.add({**terms, col[("w", c, k, y)]: -share}, 0.0, "=")


def chain_rows(d: ModelData, col: dict, rows, equal, delivered: Callable) -> None:
    """Every supply-chain row of FORMULATION.md's constraint table."""
    _group_rows(d, col, rows, delivered)
    _licence_rows(d, col, rows)
    for c in [c for c in col if c[0] == "a"]:
        terms = {col[x]: -1.0 for x in delivered(d, col, c[1], c[2], c[3])}
        rows.add({**terms, col[c]: 1.0}, 0.0)
    _processing_rows(d, col, rows, equal)
    _recycling_rows(d, col, rows, equal)
    for (k, y), tonnes in sorted(d.magnet_t.items()):  # magnet_demand
        sent = {col[c]: 1.0 for c in col if c[0] == "mg" and c[2:] == (k, y)}
        if sent and tonnes > 0:
            equal.add(sent, tonnes, "=")


def chain_cost(d: ModelData, c: tuple) -> float:
    """Stage-2 cost (USD million per t) of a feed, recycling feed, offtake-used or magnet
    column."""
    if c[0] == "z":
        feed = d.route_feed[c[2]]
        return (d.price_usd_per_t[(c[1], feed)] + d.route_cost_usd_per_t.get(c[2], 0.0)) * 1e-6
    if c[0] == "w":
        return d.recycling_cost_usd_per_t.get(c[1], 0.0) * 1e-6
    if c[0] == "mg":
        return d.price_usd_per_t[(c[1], c[2])] * 1e-6
    return -d.price_usd_per_t[(c[1], c[2])] * 1e-6


def fixed_payment(d: ModelData) -> float:
    """The take-or-pay payment, USD million: Σ agreed price × committed tonnes × 1e-6."""
    return sum(d.offtake_price_usd_per_t[(s, k)] * t * 1e-6 for (s, k, _), t in d.offtake_t.items())


def with_supply_chain(d: ModelData, rng: random.Random) -> ModelData:
    """Random countries, feed forms Spod (→ Li) and Flake (→ Gr) with routes, a recycler,
    origin groups with caps and floors, licences and an offtake, on top of ``d``."""
    origin = {s: rng.choice(COUNTRIES) if d.source_imported[s] else "India" for s in d.sources}
    origin |= {"F1": "Australia", "F2": "China"}
    years = d.years
    supply = {("F1", "Spod", y): rng.uniform(2e4, 2e5) for y in years}
    supply |= {("F2", "Flake", y): rng.uniform(1e4, 1e5) for y in years}
    priced = {("F1", "Spod"): rng.uniform(80, 150), ("F2", "Flake"): rng.uniform(400, 600)}
    imported = {s: d.source_imported[s] for s in d.sources} | {"F1": True, "F2": True}
    offers = sorted(d.price_usd_per_t)
    s, k = rng.choice([o for o in offers if d.source_imported[o[0]]] or offers)
    return replace(
        d,
        minerals=tuple(sorted({*d.minerals, "Spod", "Flake"})),
        sources=tuple(sorted({*d.sources, "F1", "F2"})),
        supply_t={**d.supply_t, **supply},
        price_usd_per_t={**d.price_usd_per_t, **priced},
        source_imported=imported,
        source_origin=origin,
        route_feed={"RGr": "Flake", "RLi": "Spod"},
        route_product={"RGr": "Gr", "RLi": "Li"},
        route_location={"RGr": rng.choice(("India", "China")), "RLi": "India"},
        route_yield={"RGr": rng.uniform(0.6, 0.8), "RLi": rng.uniform(0.12, 0.15)},
        route_capacity_t={(r, y): rng.uniform(0, 2e4) for r in ("RGr", "RLi") for y in years},
        route_cost_usd_per_t={"RGr": rng.uniform(500, 1500), "RLi": rng.uniform(100, 400)},
        recycling_yield={("Y", "Co"): 0.9, ("Y", "Li"): rng.uniform(0.5, 0.9), ("Y", "Ni"): 0.9},
        recycling_capacity_t={("Y", y): rng.uniform(0, 400) for y in years},
        recycling_cost_usd_per_t={"Y": rng.uniform(0, 3000)},
        end_of_life_t={("Li", y): rng.uniform(0, 500) for y in years if rng.random() < 0.5},
        group_countries={"China": ("China",), "partners": ("Australia", "Canada")},
        group_max_share={("China", "Gr", y): rng.uniform(0.3, 0.8) for y in years},
        group_min_share={
            ("partners", k2, y): rng.uniform(0.05, 0.3)
            for k2 in ("Li", "Spod")
            for y in years
            if rng.random() < 0.5
        },
        licence_t={("China", k2, y): rng.uniform(0, 4e3) for k2 in ("Flake", "Gr") for y in years},
        offtake_t={(s, k, y): d.supply_t.get((s, k, y), 0.0) * rng.uniform(0, 0.8) for y in years},
        offtake_price_usd_per_t={(s, k): d.price_usd_per_t[(s, k)] * rng.uniform(0.8, 1.3)},
    )


def with_magnets(d: ModelData, rng: random.Random) -> ModelData:
    """Magnet makers on top of :func:`with_supply_chain`'s data: a rare earth "Nd" from China
    (F3, under a licence) or Canada (F4) with a partners floor, and in most instances without
    single-source limits on Li a share of each year's Li from its sources (which cells then
    lack). Needs stay within what the sources, the licence and the floor allow."""
    years = d.years
    china = {y: rng.uniform(500, 3000) for y in years}
    canada = {y: rng.uniform(100, 800) for y in years}
    licence = {y: china[y] * rng.uniform(0.3, 1.0) for y in years}
    need = {y: (licence[y] + canada[y]) * rng.uniform(0.2, 0.9) for y in years}
    floor = {y: min(0.3, 0.9 * canada[y] / need[y]) * rng.uniform(0.2, 1.0) for y in years}
    magnets = {("Nd", y): need[y] for y in years}
    if rng.random() < 0.7 and d.max_source_share.get("Li", 1.0) >= 1.0:  # else no plan
        for y in years:
            li = [t for (s, k, yy), t in d.supply_t.items() if (k, yy) == ("Li", y)]
            partner = [
                t
                for (s, k, yy), t in d.supply_t.items()
                if (k, yy) == ("Li", y) and country(d, s) in ("Australia", "Canada")
            ]
            limited = ("partners", "Li", y) in d.group_min_share  # at most 0.3: room for it
            room = sum(partner) / 0.3 if limited else sum(li)
            magnets[("Li", y)] = 0.5 * min(sum(li), room)
    return replace(
        d,
        minerals=tuple(sorted({*d.minerals, "Nd"})),
        sources=tuple(sorted({*d.sources, "F3", "F4"})),
        supply_t={
            **d.supply_t,
            **{("F3", "Nd", y): china[y] for y in years},
            **{("F4", "Nd", y): canada[y] for y in years},
        },
        price_usd_per_t={
            **d.price_usd_per_t,
            ("F3", "Nd"): rng.uniform(9e4, 1.1e5),
            ("F4", "Nd"): rng.uniform(1.2e5, 1.4e5),
        },
        source_imported={**d.source_imported, "F3": True, "F4": True},
        source_origin={**d.source_origin, "F3": "China", "F4": "Canada"},
        licence_t={**d.licence_t, **{("China", "Nd", y): licence[y] for y in years}},
        group_min_share={
            **d.group_min_share,
            **{("partners", "Nd", y): floor[y] for y in years},
        },
        magnet_t={k: t for k, t in magnets.items() if t > 0},
    )
