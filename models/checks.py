"""A last, cheap consistency check of :class:`ModelData` before Pyomo sees it.

The application layer validates workbooks cell by cell; this only guards the contract (keys that
name unknown plants or years, empty tables, NaN), so that a slip upstream gives one clear
``ValueError`` listing every problem rather than a ``KeyError`` deep inside Pyomo.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from operator import itemgetter

from models.data import ModelData
from models.goals import OBJECTIVES


def _bad_keys(name: str, mapping: Mapping, allowed: Iterable[set]) -> list[str]:
    allowed = list(allowed)
    if _keys_fit(mapping, allowed):  # the common case, checked a position at a time in C
        return []
    problems = []
    for key in mapping:
        parts = key if isinstance(key, tuple) else (key,)
        if len(parts) != len(allowed) or any(
            part not in ok for part, ok in zip(parts, allowed, strict=False)
        ):
            problems.append(f"{name}: key {key!r} names an unknown member")
    return problems


def _keys_fit(mapping: Mapping, allowed: list[set]) -> bool:
    """True if every key names known members (what :func:`_bad_keys` finds no fault with),
    without a Python step per key; False means: look key by key."""
    if len(allowed) == 1:
        return set(mapping) <= allowed[0]
    keys = list(mapping)
    if set(map(type, keys)) - {tuple} or set(map(len, keys)) - {len(allowed)}:
        return False
    return all(set(map(itemgetter(i), keys)) <= ok for i, ok in enumerate(allowed))


def _bad_numbers(name: str, values: Iterable[float]) -> list[str]:
    values = list(values)
    if not values or (  # the common case in C: numbers, none NaN, infinite or negative
        set(map(type, values)) <= {float, int} and math.isfinite(sum(values)) and min(values) >= 0
    ):
        return []
    bad = [v for v in values if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0)]
    return [f"{name}: {len(bad)} value(s) not finite and ≥ 0, e.g. {bad[0]!r}"] if bad else []


def _structure(data: ModelData) -> list[str]:
    problems = []
    for name in ("plants", "years", "minerals", "sources"):
        members = getattr(data, name)
        if list(members) != sorted(set(members)):
            problems.append(f"{name}: must be sorted and without duplicates")
    if list(data.years) != list(range(data.years[0], data.years[0] + len(data.years))):
        problems.append("years: must be consecutive")
    if not data.ramp_factor or not data.scrap_share:
        problems.append("ramp_factor and scrap_share need at least one value each")
    for name, members in (
        ("plant_firm", data.plants),
        ("plant_chemistry", data.plants),
        ("online_year", data.plants),
        ("source_imported", data.sources),
    ):
        missing = set(members) - set(getattr(data, name))
        if missing:
            problems.append(f"{name}: no entry for {sorted(missing)}")
    return problems


def _chain_problems(data: ModelData) -> list[str]:
    """Routes and offtake refer to what exists; names of suppliers do not collide."""
    problems = []
    if set(data.route_feed) - set(data.route_product) or set(data.route_feed) - set(
        data.route_location
    ):
        problems.append("route_feed: every route needs a product and a location")
    if set(data.route_feed.values()) - set(data.minerals):
        problems.append("route_feed: a feed form is not in minerals")
    if set(data.route_feed) - set(data.route_yield):
        problems.append("route_yield: every route needs a yield")
    clash = (set(data.sources) & set(data.routes)) | (set(data.sources) & set(data.recyclers))
    if clash or set(data.routes) & set(data.recyclers):
        problems.append(f"sources, routes and recyclers share names: {sorted(clash)}")
    unpriced = {(s, k) for (s, k, _y) in data.offtake_t} - set(data.offtake_price_usd_per_t)
    if unpriced or set(data.offtake_price_usd_per_t) - set(data.price_usd_per_t):
        problems.append("offtake: every offtake needs an agreed price and a Supply offer")
    offered = {k for (_s, k) in data.price_usd_per_t}
    unmet = sorted({k for (k, _y), t in data.magnet_t.items() if t > 0} - offered)
    if unmet:
        problems.append(f"magnet_t: no source offers {unmet}")
    return problems


def _existing_within_limits(data: ModelData) -> list[str]:
    """Permitted capacity is a running total that includes what is installed before the horizon."""
    installed: dict[str, float] = {}
    for (p, _v), gwh in data.existing_capacity_gwh.items():
        installed[p] = installed.get(p, 0.0) + gwh
    return [
        f"permitted_capacity_gwh: {p} {y} is {data.permitted_capacity_gwh.get((p, y), 0.0)!r}, "
        f"below the {gwh!r} GWh/yr installed before the horizon"
        for p, gwh in sorted(installed.items())
        for y in data.years
        if data.permitted_capacity_gwh.get((p, y), 0.0) < gwh - 1e-9
    ]


def _goal_problems(data: ModelData) -> list[str]:
    """The objective kinds are known; a hold has a level; the target year is in the horizon."""
    problems = [
        f"{name}: {kind!r} is not one of {sorted(OBJECTIVES)}"
        for name, kind in (("objective", data.objective), ("hold_objective", data.hold_objective))
        if kind is not None and kind not in OBJECTIVES
    ]
    if data.hold_objective is not None and data.hold_level is None:
        problems.append("hold_level: a hold_objective needs a level")
    if data.objective_year is not None and data.objective_year not in data.years:
        problems.append(f"objective_year: {data.objective_year} is not a planning year")
    numbers = [v for v in (data.output_target_gwh, data.hold_level) if v is not None]
    return problems + _bad_numbers("output_target_gwh/hold_level", numbers)


def _awards(data: ModelData) -> list[str]:
    """Every award on a known plant with a firm; awarded xor candidate; within the caps."""
    problems = []
    if list(data.awards) != sorted(set(data.awards)):
        problems.append("awards: must be sorted and without duplicates")
    for a in data.awards:
        if data.award_plant.get(a) not in data.plant_firm or a not in data.award_firm:
            problems.append(f"award {a!r}: needs a known plant and a firm")
        if (a in data.award_gwh) == (a in data.candidate_gwh):
            problems.append(f"award {a!r}: must be either awarded (award_gwh) or a candidate")
    for c, (low, high) in data.candidate_gwh.items():
        if not 0 <= low <= high or not math.isfinite(high):
            problems.append(f"candidate {c!r}: sizes must satisfy 0 ≤ smallest ≤ largest")
    penalised = {b for b, _ in data.award_penalty_musd} | set(data.award_penalty_carried_musd)
    for b in sorted(penalised - set(data.award_milestone_gwh)):
        problems.append(f"award {b!r}: a penalty needs a milestone (award_milestone_gwh)")
    return problems + _award_caps(data)


def _award_caps(data: ModelData) -> list[str]:
    """Awarded sizes within the firm cap and, together, within the scheme's capacity."""
    problems = []
    held: dict[str, float] = {}
    for b, gwh in data.award_gwh.items():
        held[data.award_firm.get(b, "")] = held.get(data.award_firm.get(b, ""), 0.0) + gwh
    for f, gwh in sorted(held.items()):
        if gwh > data.firm_cap_gwh + 1e-9:
            problems.append(f"firm {f!r}: awards of {gwh:g} GWh exceed firm_cap_gwh")
    if data.scheme_capacity_gwh is not None and sum(held.values()) > data.scheme_capacity_gwh:
        problems.append("awards: more awarded than scheme_capacity_gwh")
    return problems


TEXT_FIELDS = frozenset(
    {"route_product", "route_location", "award_plant", "award_firm", "candidate_gwh"}
)
"""Keyed fields whose values are names (or pairs), not numbers ≥ 0."""


def check_model_data(data: ModelData) -> None:
    """Raise ``ValueError`` listing every inconsistency of ``data``; return None if none."""
    if not data.plants or not data.years:
        raise ValueError("ModelData needs at least one plant and one year")
    problems = _structure(data)
    p, y, k, s = set(data.plants), set(data.years), set(data.minerals), set(data.sources)
    a = set(data.awards)
    chems = set(data.plant_chemistry.values())
    r, c = set(data.routes), set(data.recyclers)
    countries = {data.country(v) for v in (*data.sources, *data.routes, *data.recyclers)}
    keyed = {
        "permitted_capacity_gwh": (p, y),
        "committed_capacity_gwh": (p, y),
        "min_output_gwh": (p, y),
        "award_rate_musd_per_gwh": (a, y),
        "award_penalty_musd": (a, y),
        "award_dva_share": (a, y),
        "supply_t": (s, k, y),
        "price_usd_per_t": (s, k),
        "intensity_t_per_gwh": (chems | {c for c, _ in data.intensity_t_per_gwh}, k),
        "award_gwh": (a,),
        "award_bid_rs_per_kwh": (a,),
        "award_ceiling_musd": (a,),
        "award_penalty_carried_musd": (a,),
        "award_security_musd": (a,),
        "award_window_last_year": (a,),
        "award_milestone_gwh": (a,),
        "award_plant": (a,),
        "award_firm": (a,),
        "candidate_gwh": (a,),
        "capex_musd_per_gwh": (p,),
        "min_block_gwh": (p,),
        "capital_premium_musd_per_gwh": (p,),
        "operating_gap_musd_per_gwh": (p,),
        "support_years_after_horizon": (p,),
        "existing_capacity_gwh": (p, set(range(1900, data.years[0]))),
        "dva_value_musd_per_gwh": (p, y),
        "annual_budget_musd": (y,),
        "demand_gwh": (y,),
        "max_source_share": (k,),
        "group_max_share": (set(data.group_countries), k, y),
        "group_min_share": (set(data.group_countries), k, y),
        "offtake_t": (s, k, y),
        "offtake_price_usd_per_t": (s, k),
        "route_product": (r,),
        "route_location": (r,),
        "route_yield": (r,),
        "route_capacity_t": (r, y),
        "route_cost_usd_per_t": (r,),
        "licence_t": (countries, k, y),
        "recycling_capacity_t": (c, y),
        "recycling_yield": (c, k),
        "recycling_cost_usd_per_t": (c,),
        "end_of_life_t": (k, y),
        "magnet_t": (k, y),
    }
    for name, allowed in keyed.items():
        mapping = getattr(data, name)
        problems += _bad_keys(name, mapping, allowed)
        if name not in TEXT_FIELDS:
            problems += _bad_numbers(name, mapping.values())
    problems += _chain_problems(data)
    problems += _existing_within_limits(data)
    problems += _goal_problems(data)
    problems += _awards(data)
    problems += _bad_numbers("ramp_factor/scrap_share", (*data.ramp_factor, *data.scrap_share))
    problems += _bad_numbers("budget_musd/firm_cap_gwh", (data.budget_musd, data.firm_cap_gwh))
    if problems:
        raise ValueError("ModelData is inconsistent:\n  " + "\n  ".join(problems))
