"""What minimum build blocks allow: the room for a block each year, which years have a switch,
and the running totals blocks can reach while meeting commitments and milestones. Data, not
decisions; no Pyomo here (the workbook's checks, ranging and the numpy assembly read it too).
The rows themselves: :mod:`models.blocks`."""

from __future__ import annotations

import math
from collections.abc import Sequence

from models.data import ModelData
from models.existing import installed_before

TOLERANCE_GWH = 1e-9
"""A block fits a year when U_py ≥ m_p − this (rounding in a path typed as decimals)."""


def block_room(data: ModelData, p: str, y: int, installed: float | None = None) -> float:
    """U_py = max(0, min_{t ≥ y} M_pt − Ē_p): the most p can add in year y, GWh/yr.

    Whatever p adds in y stays installed, so it must fit under every later year's permitted
    running total as well as y's (capacity_limit for t ≥ y); earlier additions only lower it.
    ``installed`` is Ē_p if already known.
    """
    if installed is None:
        installed = installed_before(data).get(p, 0.0)
    later = [data.permitted_capacity_gwh.get((p, t), 0.0) for t in data.years if t >= y]
    return max(0.0, min(later) - installed)


def block_years(data: ModelData) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """((p, y) with a build_block switch, (p, y) where no block fits and nothing is added),
    both in (plant, year) order, for every plant with min_block_gwh > 0."""
    switched, closed = [], []
    before = installed_before(data)
    for p in data.plants:
        least = data.min_block_gwh.get(p, 0.0)
        if least <= 0:
            continue
        for y in data.years:
            fits = block_room(data, p, y, before.get(p, 0.0)) >= least - TOLERANCE_GWH
            (switched if fits else closed).append((p, y))
    return switched, closed


def required_by_plant(
    data: ModelData, milestone_needs: dict[tuple[str, int], float] | None = None
) -> dict[str, dict[int, float]]:
    """p -> {y: the largest running total p must have installed by y} (commitments and award
    milestones, existing capacity included), for every plant with any, in one pass: callers
    asking for many plants pass it on (per plant, the award index was rebuilt each time).
    ``milestone_needs``: :func:`models.scheme_index.milestone_need_gwh` if already known."""
    need: dict[str, dict[int, float]] = {}
    for (q, y), c in data.committed_capacity_gwh.items():
        need.setdefault(q, {})[y] = c
    if milestone_needs is None and data.award_milestone_gwh:
        from models.scheme_index import make_award_index, milestone_need_gwh  # awards only

        milestone_needs = milestone_need_gwh(data, make_award_index(data))
    for (a, y), gwh in (milestone_needs or {}).items():
        years = need.setdefault(data.award_plant[a], {})
        years[y] = max(years.get(y, 0.0), gwh)
    return need


def required_gwh(data: ModelData, p: str) -> dict[int, float]:
    """y -> the largest running total p must have installed by y (commitments and award
    milestones, existing capacity included), for the years that ask for any."""
    return required_by_plant(data).get(p, {})


def reach_within(
    least: float, lows: Sequence[float], highs: Sequence[float]
) -> tuple[list[tuple[float, float]], int | None]:
    """(the running totals of new capacity that blocks of at least ``least`` can reach by the
    last year within ``lows[j]``..``highs[j]`` each year j, as intervals; the first j where none
    can, or None).

    R_j = (R_{j−1} ∪ [min R_{j−1} + m, ∞)) ∩ [low_j, high_j], R = {0} before the first year
    (FORMULATION.md, "Minimum build blocks").
    """
    reach = [(0.0, 0.0)]
    for j, (low, high) in enumerate(zip(lows, highs, strict=True)):
        grown = [*reach, (min(a for a, _ in reach) + least, math.inf)]
        reach = [
            (max(a, low), min(b, high))
            for a, b in grown
            if max(a, low) <= min(b, high) + TOLERANCE_GWH
        ]
        if not reach:
            return [], j
    return reach, None


def _limits(
    data: ModelData, p: str, needs: dict[int, float] | None, installed: float | None
) -> tuple[list[float], list[float]]:
    """(need_y − Ē_p, U_py) for each year: the bounds of p's running total of new capacity."""
    before = installed_before(data).get(p, 0.0) if installed is None else installed
    need = required_gwh(data, p) if needs is None else needs
    lows = [need.get(y, 0.0) - before for y in data.years]
    return lows, [block_room(data, p, y, before) for y in data.years]


def block_reach(data: ModelData, p: str) -> tuple[list[tuple[float, float]], int | None]:
    """(the running totals of new capacity at p that blocks of at least min_block_gwh[p] can
    reach by the last year while meeting every commitment and milestone, as intervals; the first
    year none can, or None)."""
    reach, bad = reach_within(data.min_block_gwh.get(p, 0.0), *_limits(data, p, None, None))
    return reach, None if bad is None else data.years[bad]


def first_unreachable(data: ModelData, p: str) -> tuple[int, float] | None:
    """(y, running total asked) for the first year whose commitments and milestones at p no
    sequence of blocks of at least min_block_gwh[p] can meet within the path; None if all can
    (or p has no minimum block)."""
    if data.min_block_gwh.get(p, 0.0) <= 0:
        return None
    _reach, year = block_reach(data, p)
    return None if year is None else (year, required_gwh(data, p).get(year, 0.0))


def least_forced_blocks(
    data: ModelData,
    p: str,
    forced: float,
    needs: dict[int, float] | None = None,
    installed: float | None = None,
) -> float:
    """The least new capacity p's pledges make it build when it builds in blocks: ``forced``
    (the running totals asked, :func:`models.pledges.committed_new_capacity`) rounded up to
    what blocks can reach — min R_Y, e.g. a pledge of 2 GWh/yr with a 5 GWh/yr block is 5.
    ``forced`` itself without a minimum, with nothing forced, or when no blocks can meet it.
    ``needs`` (:func:`required_gwh`) and ``installed`` (Ē_p) if known."""
    least = data.min_block_gwh.get(p, 0.0)
    if forced <= 0 or least <= 0:
        return forced
    reach, bad = reach_within(least, *_limits(data, p, needs, installed))
    return forced if bad is not None else max(forced, min(a for a, _ in reach))
