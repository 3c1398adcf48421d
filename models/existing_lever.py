"""What one more GWh/yr of capacity installed before the horizon would buy.

Existing capacity (``existing_capacity_gwh[p, v]``) is data, not a variable, so the solver gives
it no reduced cost. It enters the right-hand sides of a few rows, each by a known amount per
GWh/yr of the block (models/FORMULATION.md):

* ``capacity_limit[p, y]`` and ``capacity_commitment[p, y]``: permitted and committed capacity are
  running totals that include it, so the room left for new blocks shrinks by 1 (every y);
* ``milestone_build[a, y]`` of p's awards: the milestone counts it, so the build owed falls by 1;
* ``ramp_up[p, y]``: the block makes r[y − v + 1] more (its ramp factor at its real age);
* ``viability[p]``: the new capacity p builds anyway (K[p]) falls by as much as it exceeds 0, so
  the premium the support is spared shrinks by P[p] × ΔK.

:func:`existing_shifts` lists those moves; :mod:`models.ranging` re-solves stage 1 with them
applied, as it does for an award's size (:data:`models.ranging.AWARD`), and reports the gain as a
lever of its own, :data:`EXISTING`, index (p, v). Penalties computed from the milestone before
the solve (``award_penalty_musd``) are data and do not move.

The same running totals make a row's bound differ from the value a planner typed: permitted
capacity 5 GWh/yr with 1 GWh/yr installed before the horizon is the row ``Σ x ≤ 4``.
:func:`rhs_offset` gives that difference, so that ranges and the least change to a requirement
are stated as the input has them (Capacity!B2 is 5, not 4).
"""

from __future__ import annotations

import math
from dataclasses import replace

import highspy

from models import highs_lp
from models.data import ModelData
from models.indexing import ramp_factor_at
from models.pledges import committed_new_capacity
from models.result import SolveStatus
from models.units import ZERO

EXISTING = "existing_gwh"
"""Lever family of existing capacity: one per block (p, v) on the Existing sheet."""

EXISTING_UNIT = "GWh per GWh/yr"
"""Unit of its marginal value: GWh of output per GWh/yr more installed before the horizon."""

MAX_BLOCKS = 50
"""At most this many blocks are re-solved (largest first-order value first)."""

Shift = tuple[int, float]
"""(row position, change of the row's finite bound(s) per GWh/yr of the block)."""


RUNNING_TOTALS = {"capacity_limit": 0, "capacity_commitment": 0, "milestone_build": 0}
"""Families whose right-hand side is an input running total less Ē[p]; index position of p (of
the award a, for milestone_build)."""


def rhs_offset(data: ModelData, family: str, index: tuple) -> float:
    """What to add to a row's bound to get the input value behind it: Ē[p] for the running
    totals of :data:`RUNNING_TOTALS`, m_p for min_block_lower (its bound is 0 and the block
    β = 1 is held, so the row reads x ≥ m_p), a candidate's smallest or largest size for
    candidate_size_min/max (the same with its award held), 0 for every other row (and for
    levers)."""
    if family == "min_block_lower":  # x − m β ≥ 0 binds with β held at 1: the input is m
        return data.min_block_gwh.get(index[0], 0.0)
    if family in ("candidate_size_min", "candidate_size_max"):  # likewise, awarded held at 1
        sizes = data.candidate_gwh.get(index[0], (0.0, 0.0))
        return sizes[0] if family == "candidate_size_min" else sizes[1]
    at = RUNNING_TOTALS.get(family)
    if at is None or not data.existing_capacity_gwh:
        return 0.0
    key = index[at]
    plant = data.award_plant.get(key, key) if family == "milestone_build" else key
    return sum(g for (q, _v), g in data.existing_capacity_gwh.items() if q == plant)


def existing_shifts(data: ModelData, plant: str, vintage: int) -> list[tuple[str, tuple, float]]:
    """(family, index, change of its right-hand side) for one more GWh/yr in block (p, v)."""
    moves: list[tuple[str, tuple, float]] = []
    for y in data.years:
        moves.append(("capacity_limit", (plant, y), -1.0))
        moves.append(("capacity_commitment", (plant, y), -1.0))
        moves.append(("ramp_up", (plant, y), ramp_factor_at(data, y, vintage)))
        moves += [
            ("milestone_build", (a, y), -1.0) for a, p in data.award_plant.items() if p == plant
        ]
    premium = data.capital_premium_musd_per_gwh.get(plant, 0.0)
    if premium > 0:
        more = dict(data.existing_capacity_gwh)
        more[(plant, vintage)] = more.get((plant, vintage), 0.0) + 1.0
        change = committed_new_capacity(
            replace(data, existing_capacity_gwh=more), plant
        ) - committed_new_capacity(data, plant)
        if change != 0:
            moves.append(("viability", (plant,), premium * change))
    return moves


def _positions(lp: highs_lp.CompiledLP, data: ModelData, block: tuple) -> list[Shift]:
    position = lp.row_position()
    found = []
    for family, index, change in existing_shifts(data, *block):
        i = position.get((family, index))
        if i is not None and change != 0:
            found.append((i, change))
    return found


def _shift(h: highspy.Highs, lp: highs_lp.CompiledLP, shifts: list[Shift], by: float) -> None:
    """Move each row's finite bound(s) by ``by`` × its change (``by`` = 0 restores them)."""
    for i, change in shifts:
        lower, upper = float(lp.row_lower[i]), float(lp.row_upper[i])
        step = by * change
        h.changeRowBounds(
            i,
            lower + step if math.isfinite(lower) else lower,
            upper + step if math.isfinite(upper) else upper,
        )


def existing_first_order(
    h: highspy.Highs, lp: highs_lp.CompiledLP, data: ModelData
) -> list[tuple[tuple, float, list[Shift]]]:
    """(block, Σ change × dual, its shifts) at the optimum ``h`` holds, for the blocks whose
    first-order value is not 0, largest first (at most :data:`MAX_BLOCKS`)."""
    duals = h.getSolution().row_dual
    found = []
    for block in sorted(data.existing_capacity_gwh):
        shifts = _positions(lp, data, block)
        value = float(sum(change * duals[i] for i, change in shifts))
        if abs(value) > ZERO:
            found.append((block, value, shifts))
    found.sort(key=lambda t: (-abs(t[1]), t[0]))
    return found[:MAX_BLOCKS]


def existing_rise(h: highspy.Highs, lp: highs_lp.CompiledLP, shifts: list[Shift]) -> float:
    """Stage-1 total output re-solved with one more GWh/yr in the block (nan: no plan); the
    bounds are restored afterwards (the caller re-solves ``h`` back to the optimum)."""
    _shift(h, lp, shifts, 1.0)
    try:
        status, _ = highs_lp.run(h)
        return h.getInfo().objective_function_value if status is SolveStatus.OPTIMAL else math.nan
    finally:
        _shift(h, lp, shifts, 0.0)
