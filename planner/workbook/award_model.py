"""Validated Awards (and AwardDVA) rows → the award fields of :class:`models.data.ModelData`.

Per award a and year y: its rate is min(bid × DVA, revenue cap × cell price) / FX per kWh, with
the DVA of performance year y − window_first_year + 1 on the award's own committed path
(AwardDVA) or the DVA sheet's; zero outside the window. Money is converted from Rs crore to USD
million once, here. A delay penalty accrues, in each year from penalty_from_year, at
penalty_share_per_day × security × the days of that year; what the delayed years and what
accrued before the horizon add up to never exceeds the security (:func:`penalty_fields`).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping

from models.data import incentive_rate_musd_per_gwh
from models.units import crore_to_musd
from planner.workbook.award_sheets import AWARD_DVA, AWARDS, CANDIDATE, DAILY_PENALTY_SHARE
from planner.workbook.table import Table


def award_rows(tables: Mapping[str, Table]) -> list[dict]:
    """The Awards rows (converted from Plants in older workbooks), sorted by award id."""
    if AWARDS.name not in tables:
        return []
    rows = [dict(r) for r in tables[AWARDS.name].rows]
    return sorted(rows, key=lambda r: str(r["award_id"]))


def dva_paths(tables: Mapping[str, Table]) -> dict[str | None, list[float]]:
    """award → committed DVA by performance year (1, 2, …); key None: the DVA sheet's path."""
    paths: dict[str | None, list[float]] = {
        None: [float(r["dva_share"]) for r in tables["DVA"].sorted_by("performance_year")]
    }
    if AWARD_DVA.name in tables:
        for r in tables[AWARD_DVA.name].sorted_by("award_id", "performance_year"):
            paths.setdefault(r["award_id"], []).append(float(r["dva_share"]))
    return paths


def award_fields(
    tables: Mapping[str, Table],
    years: tuple[int, ...],
    fx: float,
    permitted: Mapping[tuple[str, int], float],
) -> dict[str, object]:
    """The ModelData award fields (awards, sizes, rates, order, ceilings, penalties);
    ``permitted`` is (plant, year) -> permitted capacity, GWh/yr (it says when a plant is
    delayed)."""
    settings = tables["Settings"].first()
    rows = award_rows(tables)
    cap = float(settings["revenue_cap_share"])
    chemistries, plants = tables["Chemistries"], tables["Plants"]
    price = dict(zip(chemistries["chemistry"], chemistries["cell_price_usd_per_kwh"], strict=True))
    chemistry = dict(zip(plants["plant_id"], plants["chemistry"], strict=True))
    paths = dva_paths(tables)
    candidates = [r for r in rows if r["status"] == CANDIDATE]
    awarded = [r for r in rows if r["status"] != CANDIDATE]
    rates, shares = {}, {}
    for r in rows:
        path = paths.get(r["award_id"], paths[None])
        cell_price = float(price[chemistry[r["plant_id"]]])
        for y in years:
            share = _dva_in(path, int(r["window_first_year"]), int(r["window_last_year"]), y)
            if share > 0:
                shares[(r["award_id"], y)] = share
            rate = incentive_rate_musd_per_gwh(
                float(r["bid_rs_per_kwh"]), share, cell_price, cap, fx
            )
            if rate > 0:
                rates[(r["award_id"], y)] = rate
    scheme = given(settings.get("scheme_capacity_gwh"))
    return {
        "awards": tuple(r["award_id"] for r in rows),
        "award_plant": {r["award_id"]: r["plant_id"] for r in rows},
        "award_firm": {r["award_id"]: r["firm"] for r in rows},
        "award_gwh": {r["award_id"]: float(r["award_gwh"]) for r in awarded},
        "candidate_gwh": {
            r["award_id"]: (float(given(r["min_award_gwh"]) or 0.0), float(r["award_gwh"]))
            for r in candidates
        },
        "award_rate_musd_per_gwh": rates,
        "award_bid_rs_per_kwh": {r["award_id"]: float(r["bid_rs_per_kwh"]) for r in rows},
        "award_dva_share": shares,
        "award_order": claim_order(rows),
        "award_ceiling_musd": {
            r["award_id"]: crore_to_musd(float(r["outlay_ceiling_rs_crore"]), fx)
            for r in rows
            if given(r["outlay_ceiling_rs_crore"]) is not None
        },
        "award_window_last_year": {r["award_id"]: int(r["window_last_year"]) for r in rows},
        **penalty_fields(awarded, years, fx, permitted),
        "scheme_capacity_gwh": None if scheme is None else float(scheme),
    }


def _dva_in(path: list[float], first: int, last: int, year: int) -> float:
    if not first <= year <= last:
        return 0.0
    n = year - first + 1
    return path[n - 1] if n <= len(path) else 0.0


def claim_order(rows: list[dict]) -> dict[str, int]:
    """award → rank among its plant's awards: claim_order where given, then window start, id."""

    def key(r: dict) -> tuple:
        order = given(r["claim_order"])
        return (math.inf if order is None else order, r["window_first_year"], r["award_id"])

    ranks: dict[str, int] = {}
    by_plant: dict[str, list[dict]] = {}
    for r in rows:
        by_plant.setdefault(r["plant_id"], []).append(r)
    for plant_rows in by_plant.values():
        for rank, r in enumerate(sorted(plant_rows, key=key)):
            ranks[r["award_id"]] = rank
    return ranks


def penalty_fields(
    rows: list[dict],
    years: tuple[int, ...],
    fx: float,
    permitted: Mapping[tuple[str, int], float],
) -> dict[str, dict]:
    """Yearly penalty if delayed, penalty carried into the horizon, and milestones (USD m, GWh).

    π[a, y] is security × daily share × the days of y, cut so that the penalties due never
    exceed the security: in a delayed year (the plant's permitted capacity short of the
    milestone, as :func:`models.scheme_index.is_delayed` says) to what the penalty carried into
    the horizon and the earlier *delayed* years' penalties leave of it, so the cap holds
    whether the delayed years follow each other or not. A year on time owes nothing; its π
    only marks a year whose milestone the plan must meet (``milestone_build``) and is cut, as
    before, by every earlier year's π. In a validated workbook permitted capacity never falls,
    so the delayed years come first and both cuts agree.
    """
    by_year: dict[tuple[str, int], float] = {}
    carried: dict[str, float] = {}
    milestone: dict[str, float] = {}
    security_of: dict[str, float] = {}
    for r in rows:
        security, start = (
            given(r["performance_security_rs_crore"]),
            given(r["penalty_from_year"]),
        )
        if security is None or start is None:
            continue
        a = r["award_id"]
        share = given(r["penalty_share_per_day"])
        per_day = float(security) * (DAILY_PENALTY_SHARE if share is None else float(share))
        security_of[a] = float(security)
        carried[a] = float(given(r["penalty_accrued_rs_crore"]) or 0.0)
        milestone[a] = float(given(r["milestone_gwh"]) or r["award_gwh"])
        unpaid = marked = float(security) - carried[a]  # left for delayed years; for any year
        for y in years:
            delayed = permitted.get((r["plant_id"], y), 0.0) < milestone[a]
            left = unpaid if delayed else marked
            if y < int(start) or left <= 0:
                continue
            amount = min(per_day * (366 if calendar.isleap(y) else 365), left)
            by_year[(a, y)] = crore_to_musd(amount, fx)
            marked -= amount
            unpaid -= amount if delayed else 0.0
    return {
        "award_penalty_musd": by_year,
        "award_penalty_carried_musd": {
            a: crore_to_musd(v, fx) for a, v in carried.items() if v > 0
        },
        "award_milestone_gwh": milestone,
        "award_security_musd": {a: crore_to_musd(v, fx) for a, v in security_of.items()},
    }


def given(value: object) -> object:
    """None for a blank (None or NaN) cell, else the value (NaN: a blank of a table that came
    through pandas)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value
