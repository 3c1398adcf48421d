"""The least change to the requirements that makes an infeasible model feasible (elastic LP).

Only requirements (``≥`` rows whose family is no bookkeeping: minimum output, committed capacity,
group floors, and any requirement family added later, :class:`models.families.Move` LOWER) can
make the LP infeasible. Each gets a shortfall column σ ≥ 0 (row + σ ≥ requirement), every other
row is kept as it is, and HiGHS minimises Σ σ, each in its row's own unit (GWh, GWh/yr, t): the
smallest total cut of the requirements, in the units the planner typed them in.

At that optimum the limits with a non-zero dual are what holds the requirements back: the dual
of a ``≤`` limit is how much one more unit of it would cut the total shortfall, and HiGHS's
ranging says up to where (the shortfall there is ``shortfall_at_end``). Where the dual holds
for a cut only (several limits bind together, and one dual can carry their sum), or the limit is
a running total (permitted capacity by 2026 caps 2027 too), the limit is raised and the LP
re-solved instead, and the rise said to remove the shortfall is checked by one more solve.

The LP is the solve's own (:func:`models.lp.model_lp`: assembled, no Pyomo). The least change is
found on its LP relaxation: with 0/1 decisions (awards, candidates), it is the least change a
fractional plan needs, which can understate what the real plan needs.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from models import goals, highs_lp
from models.data import ModelData
from models.existing_lever import RUNNING_TOTALS, rhs_offset
from models.families import Move
from models.families import family as family_record
from models.lp import model_lp
from models.ranging import STEP_AT_ZERO, STEP_REL, is_actionable
from models.result import Index, SolveStatus
from models.units import ZERO


@dataclass(frozen=True)
class Shortfall:
    """One requirement the least change lowers."""

    family: str
    index: Index
    asked: float
    """The requirement as the input gives it (the row's lower bound, plus existing capacity for a
    running total: :func:`models.existing_lever.rhs_offset`), in the row's unit."""
    shortfall: float
    """How much it must come down, in the same unit."""


@dataclass(frozen=True)
class Holder:
    """A limit that holds the requirements back at the least change."""

    family: str
    index: Index
    at: float
    """The limit now, as the input gives it, in the row's unit."""
    per_unit: float
    """Cut in total shortfall per unit of rise."""
    end: float
    """The limit up to which that holds (ranging)."""
    shortfall_at_end: float
    """Total shortfall left with the limit at ``end``."""


@dataclass(frozen=True)
class Relaxation:
    """The outcome of :func:`least_relaxation`."""

    status: SolveStatus
    """OPTIMAL when lowering requirements can make a plan; INFEASIBLE when it cannot."""
    shortfalls: tuple[Shortfall, ...] = ()
    holders: tuple[Holder, ...] = ()

    @property
    def total(self) -> float:
        """Sum of the shortfalls, each in its own unit."""
        return sum(s.shortfall for s in self.shortfalls)


MAX_HOLDERS = 5
"""Limits named as holding the requirements back (largest effect first)."""


def row_keys(lp: highs_lp.CompiledLP) -> list[tuple[str, Index]]:
    """(family, index tuple) of each row, in row order."""
    return [(b.name, key) for b in lp.row_blocks for key in b.keys]


def requirement_rows(lp: highs_lp.CompiledLP, keys: list[tuple[str, Index]]) -> list[int]:
    """Rows of requirement families (Move.LOWER, not bookkeeping) with a positive lower bound;
    ``keys``: :func:`row_keys` of ``lp``."""
    rows = []
    for i, (name, _index) in enumerate(keys):
        record = family_record(name)
        if record.bookkeeping or record.move is not Move.LOWER:
            continue
        if math.isfinite(lp.row_lower[i]):
            rows.append(i)
    return rows


def least_relaxation(data: ModelData, time_limit_s: float | None = None) -> Relaxation:
    """Minimise the total shortfall of the requirements of ``data``; see the module docstring."""
    lp = model_lp(data)
    keys = row_keys(lp)
    rows = requirement_rows(lp, keys)
    with tempfile.TemporaryDirectory(prefix="accplan-elastic-") as tmp:
        h, _ = highs_lp.new_highs(Path(tmp) / "highs.log", time_limit_s)
        highs_lp.pass_lp(h, lp, goals.objective_name(data), maximise=False)  # costs zeroed next
        n = lp.a_matrix.shape[1]
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        for i in rows:
            h.addCol(1.0, 0.0, highspy.kHighsInf, 1, np.array([i], dtype=np.int32), np.ones(1))
        status, _ = highs_lp.run(h)
        h.setOptionValue("log_file", "")
        if status is not SolveStatus.OPTIMAL:
            return Relaxation(status)
        x = h.getSolution().col_value
        shortfalls = tuple(
            _shortfall(data, lp, keys[i], i, float(x[n + k]))
            for k, i in enumerate(rows)
            if x[n + k] > ZERO
        )
        return Relaxation(status, shortfalls, _holders(h, lp, keys, data))


def _shortfall(
    data: ModelData, lp: highs_lp.CompiledLP, key: tuple[str, Index], i: int, cut: float
) -> Shortfall:
    family, index = key
    return Shortfall(family, index, float(lp.row_lower[i]) + rhs_offset(data, family, index), cut)


def _holders(
    h: highspy.Highs, lp: highs_lp.CompiledLP, keys: list[tuple[str, Index]], data: ModelData
) -> tuple[Holder, ...]:
    """Upper limits whose rise cuts the shortfall, largest cut first, with their range.

    A dual holds for a rise only when the row's ranging reaches above its bound. Where it does
    not (degenerate: at the least change several limits bind together, and the dual can sum
    their effects), or where the input is a running total (permitted capacity by a year caps
    every later year too, so raising one year means raising the later years with it), the
    limit is raised and the elastic LP re-solved: "each GWh/yr more cuts the shortfall by"
    then states what that rise does, and the end of the range is checked by one more solve.
    """
    duals = h.getSolution().row_dual
    total = h.getInfo().objective_function_value
    found = []
    for i, (family, index) in enumerate(keys):
        record = family_record(family)
        if record.move is not Move.UPPER or record.bookkeeping or abs(duals[i]) <= ZERO:
            continue
        if is_actionable(data, family, index):
            found.append((-abs(float(duals[i])), i, family, index))
    found.sort(key=lambda t: (t[0], t[1]))
    status, ranging = h.getRanging()
    holders = []
    for neg, i, family, index in found[: CANDIDATE_HOLDERS * MAX_HOLDERS]:
        upper = float(lp.row_upper[i])
        rows = _together(lp, family, index, i)
        per_unit, end, left = -neg, math.inf, math.nan
        if status == highspy.HighsStatus.kOk:
            end, left = float(ranging.row_bound_up.value_[i]), ranging.row_bound_up.objective_[i]
        if len(rows) > 1 or status != highspy.HighsStatus.kOk or end <= upper + _tol(upper):
            per_unit, end, left = _rise(h, lp, rows, total)
        if per_unit <= ZERO:
            continue  # binding, but raising it cuts nothing unless other limits rise too
        offset = rhs_offset(data, family, index)
        holders.append(Holder(family, index, upper + offset, per_unit, end + offset, float(left)))
    # largest cut first; on a tie, an input a planner sets (permitted capacity) before a rule
    holders.sort(key=lambda hold: (-round(hold.per_unit, 6), not family_record(hold.family).lever))
    return tuple(holders[:MAX_HOLDERS])


CANDIDATE_HOLDERS = 3
"""Limits with the largest duals examined per holder named (a degenerate dual may shrink)."""


def _tol(at: float) -> float:
    return 1e-7 * max(1.0, abs(at))


def _together(lp: highs_lp.CompiledLP, family: str, index: Index, i: int) -> list[int]:
    """Row ``i`` and, for a running total by year (capacity_limit), the same plant's rows of
    later years: raising permitted capacity by 2026 means raising it for 2027 on as well."""
    if family not in RUNNING_TOTALS or len(index) != 2:
        return [i]
    position = lp.row_position()
    plant, year = index
    later = [position.get((family, (plant, y))) for y in range(year + 1, year + 200)]
    return [i, *(j for j in later if j is not None)]


def _rise(
    h: highspy.Highs, lp: highs_lp.CompiledLP, rows: list[int], total: float
) -> tuple[float, float, float]:
    """(cut in total shortfall per unit rise, the bound of ``rows[0]`` up to which it holds, the
    shortfall there): re-solved with the rows' upper bounds raised together by a small step,
    then by as much as that slope says would remove the shortfall (checked, not assumed)."""
    upper = float(lp.row_upper[rows[0]])
    step = STEP_REL * abs(upper) if upper != 0 else STEP_AT_ZERO
    z = _raised(h, lp, rows, step)
    slope = (total - z) / step if math.isfinite(z) else 0.0
    if slope <= ZERO:
        return 0.0, upper, total
    rise = total / slope
    left = _raised(h, lp, rows, rise)
    if math.isfinite(left) and left <= ZERO:
        return slope, upper + rise, 0.0
    return slope, upper, math.nan  # the slope flattens before the shortfall is gone


def _raised(h: highspy.Highs, lp: highs_lp.CompiledLP, rows: list[int], by: float) -> float:
    """Total shortfall with the rows' upper bounds raised by ``by`` (nan if no optimum); the
    bounds are restored afterwards."""
    for j in rows:
        h.changeRowBounds(j, float(lp.row_lower[j]), float(lp.row_upper[j]) + by)
    try:
        status, _ = highs_lp.run(h)
        return h.getInfo().objective_function_value if status is SolveStatus.OPTIMAL else math.nan
    finally:
        for j in rows:
            h.changeRowBounds(j, float(lp.row_lower[j]), float(lp.row_upper[j]))
