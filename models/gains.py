"""What one more unit of a limit really buys: re-solve stage 1 with the limit moved by one unit.

A dual is the slope of the optimal output in a limit's right-hand side, but where several plans
are equally good (degeneracy) the slope differs on the two sides and the dual reported may be
either one, or between them. A plan's headline sentences promise "one more unit would add X
GWh", so for the largest marginal values of each constraint family that promise is checked: the
row's right-hand side is raised by one unit, stage 1 is re-solved from the optimal basis, the
change in total output is recorded, and the row is put back.

Rows that no input can change are not worth a sentence: limits of a plant in years before its
``online_year`` (validation refuses capacity there). :func:`is_actionable` says which rows count,
and the report uses it too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import highspy

from models import highs_lp
from models.data import ModelData
from models.families import Move
from models.families import family as family_record
from models.result import Index, SolveStatus
from models.units import ZERO

CHECKS_PER_FAMILY = 3
"""How many marginal values of each constraint family are re-solved (the largest by size)."""


def is_actionable(data: ModelData, family: str, index: Index) -> bool:
    """False for a row of a plant in a year before it comes online (no input can relax it).

    Also False for bookkeeping rows; the family's record says where plant and year sit.
    """
    record = family_record(family)
    if record.bookkeeping:
        return False
    if record.plant_at is None or record.year_at is None:
        return True
    plant, year = index[record.plant_at], index[record.year_at]
    return year >= data.online_year.get(plant, year)


def rows_to_check(
    data: ModelData, duals: Mapping[str, Mapping[Index, float]]
) -> list[tuple[str, Index]]:
    """The :data:`CHECKS_PER_FAMILY` largest non-zero actionable duals of each family.

    Ties are broken by index, so the same data always checks the same rows.
    """
    picked: list[tuple[str, Index]] = []
    for family in sorted(duals):
        candidates = [
            (-abs(v), k)
            for k, v in duals[family].items()
            if abs(v) > ZERO and is_actionable(data, family, k)
        ]
        picked.extend((family, k) for _, k in sorted(candidates)[:CHECKS_PER_FAMILY])
    return picked


def one_more_unit_gains(
    h: highspy.Highs, lp: highs_lp.CompiledLP, best: float, rows: list[tuple[str, Index]]
) -> dict[str, dict[Index, float | None]]:
    """Δ total output when each row's limit is moved by +1 unit; None if that is infeasible.

    ``h`` must hold the optimal stage-1 solution; every row is restored afterwards. The family's
    :class:`~models.families.Move` says which bound rises by one: a ``≤`` limit's upper bound, a
    ``≥`` requirement's lower bound (one more unit required), or both for an equality.
    """
    position = lp.row_position() if rows else {}
    gains: dict[str, dict[Index, float | None]] = {}
    for family, index in rows:
        i = position[(family, index)]
        lower, upper = float(lp.row_lower[i]), float(lp.row_upper[i])
        move = family_record(family).move
        h.changeRowBounds(
            i,
            _plus_one(lower) if move is not Move.UPPER else lower,
            _plus_one(upper) if move is not Move.LOWER else upper,
        )
        status, _ = highs_lp.run(h)
        gain = (
            h.getInfo().objective_function_value - best if status is SolveStatus.OPTIMAL else None
        )
        h.changeRowBounds(i, lower, upper)
        gains.setdefault(family, {})[index] = gain
    highs_lp.run(h)  # back to the stage-1 optimum before anything else reads ``h``
    return gains


def _plus_one(bound: float) -> float:
    return bound + 1.0 if math.isfinite(bound) else bound
