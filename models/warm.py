"""Solve a series of instances of one shape on one HiGHS object, each starting from the last basis.

A sweep or a batch changes numbers (a budget, a supply, a price), not the LP's shape. Two paths:

- When the instance differs from the last one only in fields of :data:`BOUND_FIELDS` (each the
  right-hand side of one constraint family, with the same keys), nothing is rebuilt: those rows'
  upper bounds are changed in HiGHS, which restarts from the basis it holds.
- Otherwise the model is built and compiled to arrays as :func:`models.solve.solve` does; when its
  rows, columns and matrix pattern are those already loaded, only what differs is handed to HiGHS
  (costs, bounds, changed coefficients), again from the basis it holds. An instance of another
  shape (a plant added, a mineral dropped) is loaded afresh, so any change stays correct.

:attr:`WarmSolver.warm_starts` and :attr:`WarmSolver.rebuilds` count the paths taken.

The answers are those of a cold :func:`models.solve.solve` of the same data: same two stages,
same floors, same status rules (tests/test_sweep.py checks it to 1e-9 on a hand-solved case).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping

import highspy
import numpy as np

from models import goals, highs_lp
from models.data import ModelData
from models.lp import model_lp
from models.result import ModelSize, SolveResult, SolveStatus
from models.solve import solve_stages, versions


def same_goal(old: ModelData | None, new: ModelData) -> bool:
    """Same stage-1 objective kind (a warm update keeps the loaded objective's columns)."""
    return old is not None and old.objective == new.objective


BOUND_FIELDS = {
    "budget_musd": "incentive_budget",
    "annual_budget_musd": "annual_disbursement_limit",
    "demand_gwh": "demand_limit",
    "supply_t": "mineral_supply_limit",
}
"""ModelData field → the one constraint family whose ``≤`` right-hand side it is, and nothing
else (tests/test_sweep.py checks each against a rebuilt model, so a new use of a field fails)."""


def _shape(lp: highs_lp.CompiledLP) -> tuple:
    """What must match for a warm update: row and column identities and the matrix pattern."""
    a = lp.a_matrix
    return (
        tuple((b.name, b.start, tuple(b.keys)) for b in lp.row_blocks),
        tuple((b.name, b.start, tuple(b.keys)) for b in lp.column_blocks),
        lp.column_number.tobytes(),
        a.indptr.tobytes(),
        a.indices.tobytes(),
    )


class WarmSolver:
    """Solve instances one after another on one HiGHS object.

    Parameters
    ----------
    time_limit_s : float, optional
        HiGHS's limit for each instance (both stages).
    one_more_unit : bool
        Also range every binding limit (:mod:`models.ranging`), as a plan does; sweeps leave
        it off and report every point's duals instead.
    """

    def __init__(self, time_limit_s: float | None = None, one_more_unit: bool = False) -> None:
        self.time_limit_s = time_limit_s
        self.one_more_unit = one_more_unit
        self.warm_starts = 0
        self.rebuilds = 0
        self._h: highspy.Highs | None = None
        self._shape: tuple | None = None
        self._lp: highs_lp.CompiledLP | None = None
        self._data: ModelData | None = None

    def solve(self, data: ModelData) -> SolveResult:
        """Solve ``data`` from the basis of the previous instance when the shapes agree."""
        start = time.perf_counter()
        fields = self._bound_changes(data)
        if fields is not None:
            lp = self._new_bounds(data, fields)
        else:
            lp = model_lp(data)
            self.rebuilds += 1
        build_seconds = time.perf_counter() - start
        shape = self._shape if fields is not None else _shape(lp)
        if self._h is not None and shape == self._shape and same_goal(self._data, data):
            self._update(lp, data)
            self.warm_starts += 1
        else:
            self._load(lp, data)
        self._shape, self._lp, self._data = shape, lp, data
        h = self._h
        if self.time_limit_s is not None:  # HiGHS's run clock is cumulative on one object
            h.setOptionValue("time_limit", h.getRunTime() + float(self.time_limit_s))
        start = time.perf_counter()
        fields = solve_stages(lp, h, data, one_more_unit=self.one_more_unit)
        size = ModelSize(lp.a_matrix.shape[1], lp.a_matrix.shape[0], int(lp.a_matrix.nnz))
        status: SolveStatus = fields.pop("status")
        message: str = fields.pop("message")
        return SolveResult(
            status=status,
            solver_message=message,
            size=size,
            build_seconds=build_seconds,
            solve_seconds=time.perf_counter() - start,
            **versions(),
            **fields,
        )

    def _bound_changes(self, data: ModelData) -> list[str] | None:
        """The changed fields if all are bound fields with unchanged keys, else None."""
        old = self._data
        if old is None:
            return None
        changed = [
            f.name
            for f in dataclasses.fields(data)
            if getattr(old, f.name) != getattr(data, f.name)
        ]
        for name in changed:
            before, after = getattr(old, name), getattr(data, name)
            if name not in BOUND_FIELDS or (
                isinstance(after, Mapping) and set(before) != set(after)
            ):
                return None
        return changed

    def _new_bounds(self, data: ModelData, fields: list[str]) -> highs_lp.CompiledLP:
        upper = self._lp.row_upper.copy()
        for field in fields:
            value = getattr(data, field)
            for block in self._lp.row_blocks:
                if block.name != BOUND_FIELDS[field]:
                    continue
                for i, key in enumerate(block.keys):
                    if isinstance(value, Mapping):  # keys of one-letter maps are not tuples
                        number = value.get(key[0] if len(key) == 1 else key, 0.0)
                    else:
                        number = value
                    upper[block.start + i] = float(number)
        return dataclasses.replace(self._lp, row_upper=upper)

    def _load(self, lp: highs_lp.CompiledLP, data: ModelData) -> None:
        with highs_lp.captured_stdout():  # HiGHS prints a banner
            h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", highs_lp.HIGHS_THREADS)
        h.setOptionValue("random_seed", 0)
        highs_lp.pass_lp(h, lp, goals.objective_name(data), maximise=goals.maximises(data))
        self._h = h

    def _update(self, lp: highs_lp.CompiledLP, data: ModelData) -> None:
        """Hand HiGHS the new numbers and the stage-1 objective; keep its basis."""
        h, old = self._h, self._lp
        ncol, nrow = lp.a_matrix.shape[1], lp.a_matrix.shape[0]
        cols = np.arange(ncol, dtype=np.int32)
        rows = np.arange(nrow, dtype=np.int32)
        sense = highspy.ObjSense.kMaximize if goals.maximises(data) else highspy.ObjSense.kMinimize
        h.changeObjectiveSense(sense)
        h.changeColsCost(ncol, cols, lp.costs[goals.objective_name(data)])
        h.changeColsBounds(ncol, cols, lp.col_lower, lp.col_upper)
        h.changeRowsBounds(nrow, rows, lp.row_lower, lp.row_upper)
        new, was = lp.a_matrix, old.a_matrix
        for k in np.flatnonzero(new.data != was.data):
            col = int(np.searchsorted(new.indptr, k, side="right") - 1)
            h.changeCoeff(int(new.indices[k]), col, float(new.data[k]))
