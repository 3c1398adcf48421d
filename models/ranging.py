"""Ranging: what one more unit of each binding limit buys, and over what range of the limit.

At the stage-1 optimum HiGHS's ``getRanging`` gives, for every row bound and column bound, the
interval over which the optimal basis (so the marginal value) stays the same, and the total
output at its two ends. For a binding limit b with dual d and range [lo, hi]:

* if hi > b, raising the limit buys d per unit all the way to hi: that is the number reported;
* if hi = b (degenerate: at b another limit starts to bind, so the dual is the slope of a *cut*
  only), the limit is raised a little (:data:`STEP_REL`), stage 1 re-solved from the optimal
  basis and ranged again: its dual is the slope for a rise, valid from b up to its own upper end.

Either way each limit gets one number, the slope of total output for an increase (right
derivative), with the range [low, high] over which it holds and the output there. An award's
size (the bounds ``award_eligible_gwh ≤ w_a`` and the claim rows it enters) is reported under a
family of its own (:data:`AWARD`), and so is a block of capacity installed before the horizon
(:data:`models.existing_lever.EXISTING`: data on the right-hand sides, so it has no reduced cost).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import highspy
import numpy as np

from models import highs_lp, mip
from models.data import ModelData
from models.existing_lever import (
    EXISTING,
    EXISTING_UNIT,
    existing_first_order,
    existing_rise,
    rhs_offset,
)
from models.families import Move
from models.families import family as family_record
from models.result import Index, SolveStatus
from models.scheme_index import make_award_index
from models.units import ZERO

STEP_REL = 1e-4
"""A degenerate limit b ≠ 0 is raised by this share of |b| to find the slope of a rise…"""
STEP_AT_ZERO = 1.0
"""…and a limit at 0 by one unit (a tiny right-hand side would widen the LP's range of
right-hand sides, which the base case keeps within 10^6)."""

MAX_RESOLVES = 200
"""At most this many degenerate limits (largest marginal values first) are re-solved; the rest
keep the solver's dual with ``checked=False``."""

AWARD = "award_gwh"
"""Family of the award levers: one per awarded award, index (a,). Raising w_a raises every
bound e_ay ≤ w_a and the right-hand side of each claim_full_award row whose stack includes a
(the 0/1 switches held), and takes that GWh/yr from the unawarded capacity and the firm's room
for candidates; its value is re-solved for one more GWh/yr."""

AWARD_UNIT = "GWh per GWh/yr"
"""Unit of an award lever's marginal value."""

BOUND_LEVERS = (AWARD, EXISTING)
"""Families reported like limits that are no model row: an award's size and existing capacity."""


def is_actionable(data: ModelData, family: str, index: Index) -> bool:
    """False for a row of a plant in a year before it comes online (validation refuses capacity
    there, so no input can relax it), and for bookkeeping rows; the family's record
    (:mod:`models.families`) says where plant and year sit."""
    if family in BOUND_LEVERS:
        return True
    record = family_record(family)
    if record.bookkeeping:
        return False
    if record.plant_at is None or record.year_at is None:
        return True
    plant, year = index[record.plant_at], index[record.year_at]
    return year >= data.online_year.get(plant, year)


def dual_unit(family: str) -> str:
    """Unit of a family's marginal value: the constraint's record, or the award lever's."""
    if family in BOUND_LEVERS:
        return AWARD_UNIT if family == AWARD else EXISTING_UNIT
    return family_record(family).unit


@dataclass(frozen=True)
class LimitRange:
    """One binding limit: the slope of total output for a rise, and where that slope holds.

    Values are in the model's units (the limit's: GWh/yr, t, USD million; output in GWh).
    """

    at: float
    """The limit's value now (the row's or column's active bound)."""
    per_unit: float | None
    """Δ total output per unit rise of the limit, GWh; None when a rise leaves no plan."""
    low: float
    """Lowest value of the limit at which ``per_unit`` still holds (``at`` after a kink)."""
    high: float
    """Highest value at which it holds (inf when it holds for any rise)."""
    output_low: float
    output_high: float
    """Total output at ``low`` and ``high`` (inf/nan where the end is unbounded)."""
    kink: bool = False
    """True when the solver's dual held only for a cut and ``per_unit`` was re-solved."""
    checked: bool = True
    """False for a degenerate limit not re-solved (beyond :data:`MAX_RESOLVES`)."""


@dataclass(frozen=True)
class _Limit:
    family: str
    index: Index
    kind: str  # "row" or "col"
    position: int
    dual: float
    upper: bool  # True when the active bound is the upper one


def limit_ranges(
    h: highspy.Highs, lp: highs_lp.CompiledLP, data: ModelData, best: float
) -> tuple[dict[str, dict[Index, LimitRange]], dict[str, dict[Index, float]]]:
    """Range every binding limit at the stage-1 optimum held by ``h``.

    Returns the ranges by family and index, and the marginal values of the award levers
    (:data:`AWARD`) to add to the rows' duals. ``h`` is back at the stage-1 optimum on return.
    """
    limits = _binding_limits(h, lp, data)
    levers = award_levers(h, lp, data)
    blocks = existing_first_order(h, lp, data)  # duals read before any re-solve
    status, ranging = h.getRanging()
    if status != highspy.HighsStatus.kOk:
        return {}, {AWARD: {(a,): v for a, (v, _) in levers.items()}}
    arrays = _Ranges(ranging)
    ranges: dict[str, dict[Index, LimitRange]] = {}
    degenerate: list[_Limit] = []
    for limit in limits:
        found = _from_ranging(arrays, limit, _bounds(lp, limit))
        if found is None:
            degenerate.append(limit)
        else:
            ranges.setdefault(limit.family, {})[limit.index] = found
    degenerate.sort(key=lambda lim: (-abs(lim.dual), lim.family, lim.position))
    for n, limit in enumerate(degenerate):
        at = _active(_bounds(lp, limit), limit.upper)
        if n < MAX_RESOLVES:
            found = _rise(h, lp, limit, best, data)
        else:
            found = LimitRange(at, limit.dual, at, at, best, best, kink=True, checked=False)
        ranges.setdefault(limit.family, {})[limit.index] = found
    for award, (_, moves) in levers.items():
        ranges.setdefault(AWARD, {})[(award,)] = _award_rise(h, lp, moves, best, data, award)
    for block, _, shifts in blocks:
        z = existing_rise(h, lp, shifts)
        at = data.existing_capacity_gwh[block]
        ranges.setdefault(EXISTING, {})[block] = LimitRange(at, z - best, at, at + 1.0, best, z)
    if degenerate[:MAX_RESOLVES] or levers or blocks:
        highs_lp.run(h)  # back to the stage-1 optimum before anything else reads ``h``
    duals = {AWARD: {(a,): v for a, (v, _) in levers.items()}} if levers else {}
    if blocks:
        duals[EXISTING] = {block: v for block, v, _ in blocks}
    return _as_typed(ranges, data), duals


def _as_typed(
    ranges: dict[str, dict[Index, LimitRange]], data: ModelData
) -> dict[str, dict[Index, LimitRange]]:
    """Ranges stated as the input has the limit: a running total that includes existing capacity
    (permitted 5 GWh/yr, 1 of it installed before the horizon) is ranged as its row (≤ 4)."""
    for family, rows in ranges.items():
        for index, r in rows.items():
            offset = rhs_offset(data, family, index)
            if offset:
                rows[index] = replace(r, at=r.at + offset, low=r.low + offset, high=r.high + offset)
    return ranges


Moves = list[tuple[str, int, float]]
"""("col" or "row", position, +1 or −1): the bounds one more GWh/yr of an award moves."""


def _eligible_columns(lp: highs_lp.CompiledLP, data: ModelData) -> dict[str, Moves]:
    """Awarded award a -> its award_eligible_gwh columns (bounded by w_a), in column order."""
    moves: dict[str, Moves] = {}
    for block in lp.column_blocks:
        if block.name != "award_eligible_gwh":
            continue
        numbers = lp.column_number[block.start : block.start + len(block.keys)].tolist()
        for key, j in zip(block.keys, numbers, strict=True):
            if j >= 0 and key[0] in data.award_gwh:
                moves.setdefault(key[0], []).append(("col", j, 1.0))
    return moves


def _award_moves(lp: highs_lp.CompiledLP, data: ModelData) -> dict[str, Moves]:
    """Awarded award a -> the bounds its size w_a enters (see :data:`AWARD`)."""
    ax = make_award_index(data)
    position = lp.row_position()
    moves = _eligible_columns(lp, data)
    for a in list(moves):
        for (_p, y), stack in ax.stack.items():
            if a not in stack:
                continue
            for j in stack[stack.index(a) :]:
                i = position.get(("claim_full_award", (j, y)))
                if i is not None:
                    moves[a].append(("row", i, 1.0))
        for name, key in (("unawarded_capacity", ()), ("firm_award_cap", (data.award_firm[a],))):
            i = position.get((name, key))
            if i is not None:
                moves[a].append(("row", i, -1.0))
    return moves


def award_levers(
    h: highspy.Highs, lp: highs_lp.CompiledLP, data: ModelData
) -> dict[str, tuple[float, Moves]]:
    """Awards whose size binds: a -> (the marginal value of w_a: Σ move × dual over the bounds
    it moves, the moves)."""
    solution = h.getSolution()
    dual = {"col": np.asarray(solution.col_dual), "row": np.asarray(solution.row_dual)}
    levers = {}
    for award, moves in sorted(_award_moves(lp, data).items()):
        duals = [sign * float(dual[kind][k]) for kind, k, sign in moves]
        if any(abs(v) > ZERO for v in duals):
            levers[award] = (float(sum(duals)), moves)
    return levers


def _move(h: highspy.Highs, lp: highs_lp.CompiledLP, moves: Moves, by: float) -> None:
    for kind, k, sign in moves:
        step = by * sign
        if kind == "col":
            h.changeColBounds(k, float(lp.col_lower[k]), float(lp.col_upper[k]) + step)
        else:
            lower, upper = float(lp.row_lower[k]), float(lp.row_upper[k])
            h.changeRowBounds(
                k,
                lower + step if math.isfinite(lower) and sign > 0 else lower,
                upper + step if math.isfinite(upper) and sign < 0 else upper,
            )


def _award_rise(
    h: highspy.Highs,
    lp: highs_lp.CompiledLP,
    moves: Moves,
    best: float,
    data: ModelData,
    award: str,
) -> LimitRange:
    """Re-solve with one more GWh/yr of ``award``: what it really buys."""
    at = data.award_gwh.get(award, 0.0)
    _move(h, lp, moves, 1.0)
    status, _ = highs_lp.run(h)
    z = h.getInfo().objective_function_value if status is SolveStatus.OPTIMAL else math.nan
    if math.isnan(z):
        z = _decisions_free(h, lp)
    _move(h, lp, moves, 0.0)
    return LimitRange(at, z - best, at, at + 1.0, best, z)


def _binding_limits(h: highspy.Highs, lp: highs_lp.CompiledLP, data: ModelData) -> list[_Limit]:
    """Rows with a non-zero dual that an input can move."""
    duals = np.asarray(h.getSolution().row_dual)
    blocks = [b for b in lp.row_blocks if b.keys]
    starts = np.array([b.start for b in blocks])
    limits = []
    for i in np.flatnonzero(np.abs(duals) > ZERO).tolist():
        block = blocks[int(np.searchsorted(starts, i, side="right")) - 1]
        family, index = block.name, block.keys[i - block.start]
        if not is_actionable(data, family, index):
            continue
        upper = family_record(family).move is not Move.LOWER
        limits.append(_Limit(family, index, "row", i, float(duals[i]), upper))
    return limits


def _bounds(lp: highs_lp.CompiledLP, limit: _Limit) -> tuple[float, float]:
    if limit.kind == "row":
        return float(lp.row_lower[limit.position]), float(lp.row_upper[limit.position])
    return float(lp.col_lower[limit.position]), float(lp.col_upper[limit.position])


def _active(bounds: tuple[float, float], upper: bool) -> float:
    return bounds[1] if upper else bounds[0]


def _tolerance(at: float) -> float:
    return 1e-7 * max(1.0, abs(at))


class _Ranges:
    """HiGHS's ranging of row or column bounds as numpy arrays, converted once per side.

    highspy hands each ``value_``/``objective_`` vector over as a new Python list on every
    attribute access, so indexing it once per limit made ranging quadratic in the LP's size
    (33 s of a 1,000-plant solve).
    """

    def __init__(self, ranging) -> None:
        self._ranging = ranging
        self._sides: dict[str, tuple[np.ndarray, ...]] = {}

    def side(self, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(up value, up objective, down value, down objective) of ``kind`` "row" or "col"."""
        if kind not in self._sides:
            up = getattr(self._ranging, f"{kind}_bound_up")
            dn = getattr(self._ranging, f"{kind}_bound_dn")
            self._sides[kind] = tuple(
                np.asarray(v, dtype=float)
                for v in (up.value_, up.objective_, dn.value_, dn.objective_)
            )
        return self._sides[kind]


def _from_ranging(ranges: _Ranges, limit: _Limit, bounds: tuple[float, float]) -> LimitRange | None:
    """The range of ``limit`` from HiGHS's ranging; None when it holds only for a cut."""
    up_value, up_objective, dn_value, dn_objective = ranges.side(limit.kind)
    i = limit.position
    at = _active(bounds, limit.upper)
    high, low = float(up_value[i]), float(dn_value[i])
    if high <= at + _tolerance(at):
        return None
    return LimitRange(
        at=at,
        per_unit=limit.dual,
        low=min(low, at),
        high=high,
        output_low=float(dn_objective[i]),
        output_high=float(up_objective[i]),
    )


def _rise(
    h: highspy.Highs, lp: highs_lp.CompiledLP, limit: _Limit, best: float, data: ModelData
) -> LimitRange:
    """Raise a degenerate limit a little, re-solve and range: the slope of a rise and its range."""
    bounds = _bounds(lp, limit)
    at = _active(bounds, limit.upper)
    step = STEP_REL * abs(at) if at != 0 else STEP_AT_ZERO
    moved = _moved(bounds, limit.upper, step)
    _change(h, limit, moved)
    try:
        status, _ = highs_lp.run(h)
        if status is not SolveStatus.OPTIMAL:
            # The 0/1 decisions held may be what forbids the rise: decide them again, for one
            # whole unit (a MIP's answer is a step, not a slope; the families this reaches,
            # candidate sizes and scheme or firm capacity, are all in GWh/yr).
            if limit.family == SIZE_MIN:
                _change(h, limit, bounds)
                z = _minimum_rise(h, lp, limit, data)
            else:
                _change(h, limit, _moved(bounds, limit.upper, 1.0))
                z = _decisions_free(h, lp)
            if math.isnan(z):
                return LimitRange(at, None, at, at, best, math.nan, kink=True)
            # a whole unit re-decided, not a slope at a kink: its range is that unit
            return LimitRange(at, z - best, at, at + 1.0, best, z)
        z = h.getInfo().objective_function_value
        return _after_rise(h, limit, moved, (at, step), best, z)
    finally:
        _change(h, limit, bounds)


SIZE_MIN = "candidate_size_min"
"""x_c − lo_c·z_c ≥ 0: a larger minimum is a coefficient, not a right-hand side (raising the
right-hand side would force the candidate to be awarded)."""


def _minimum_rise(
    h: highspy.Highs, lp: highs_lp.CompiledLP, limit: _Limit, data: ModelData
) -> float:
    """Stage-1 optimum with candidate c's smallest size one GWh/yr larger, decisions free."""
    (c,) = limit.index
    col = lp.column_of("candidate_awarded", (c,))
    if col is None:
        return math.nan
    low = data.candidate_gwh[c][0]
    h.changeCoeff(limit.position, col, -(low + 1.0))
    try:
        return _decisions_free(h, lp)
    finally:
        h.changeCoeff(limit.position, col, -low)


def _decisions_free(h: highspy.Highs, lp: highs_lp.CompiledLP) -> float:
    """Stage-1 optimum of the loaded problem with its 0/1 decisions decided again (a MIP), or
    nan. With the awards' and claims' switches held, one more GWh/yr of an award (or of a
    candidate's minimum) takes scheme capacity the held candidates fill, and the fixed LP has no
    plan; the scheme would re-decide the candidates. The held values are restored."""
    ints = mip.Integers.of(lp)
    if not ints:
        return math.nan
    # the 0/1 columns' bounds only (getLp would copy the whole model, matrix included)
    _, _, _, held_lower, held_upper, _ = h.getCols(len(ints.columns), ints.columns)
    ints.free(h)
    h.clearSolver()
    status, _ = highs_lp.run(h)
    z = h.getInfo().objective_function_value if status is SolveStatus.OPTIMAL else math.nan
    ints.hold(h, held_lower, held_upper)
    h.clearSolver()
    return z


def _moved(bounds: tuple[float, float], upper: bool, step: float) -> tuple[float, float]:
    """The bounds with the active one raised by ``step`` (both, for an equality)."""
    lower, high = bounds
    if lower == high:
        return lower + step, high + step
    return (lower, high + step) if upper else (lower + step, high)


def _after_rise(
    h: highspy.Highs,
    limit: _Limit,
    moved: tuple[float, float],
    at_step: tuple[float, float],
    best: float,
    z: float,
) -> LimitRange:
    """The slope found at ``at + step``, and its range when ranging shows it starts at ``at``."""
    at, step = at_step
    slope = (z - best) / step
    solution = h.getSolution()
    duals = solution.row_dual if limit.kind == "row" else solution.col_dual
    dual = float(duals[limit.position])
    if abs(dual) <= ZERO and abs(slope) <= 1e-6 and limit.upper:
        # a relaxed limit that no longer binds never binds again: any rise buys nothing
        return LimitRange(at, 0.0, at, math.inf, best, best, kink=True)
    if abs(dual) > ZERO and abs(dual - slope) <= 1e-6 * max(1.0, abs(dual)):
        status, ranging = h.getRanging()
        found = None
        if status == highspy.HighsStatus.kOk:
            new = _Limit(limit.family, limit.index, limit.kind, limit.position, dual, limit.upper)
            found = _from_ranging(_Ranges(ranging), new, moved)
        if found is not None and found.low <= at + _tolerance(at):
            return LimitRange(at, dual, at, found.high, best, found.output_high, kink=True)
    return LimitRange(at, slope, at, at + step, best, z, kink=True)


def _change(h: highspy.Highs, limit: _Limit, bounds: tuple[float, float]) -> None:
    if limit.kind == "row":
        h.changeRowBounds(limit.position, bounds[0], bounds[1])
    else:
        h.changeColBounds(limit.position, bounds[0], bounds[1])


def per_unit_map(
    ranges: Mapping[str, Mapping[Index, LimitRange]],
) -> dict[str, dict[Index, float | None]]:
    """What one more unit of each ranged limit buys, GWh (None: a rise leaves no plan)."""
    return {f: {i: r.per_unit for i, r in rows.items()} for f, rows in ranges.items()}
