"""Solve the floor LP (``benchmarks/floor.py``) the way ``models.solve.solve`` solves accplan's.

Same HiGHS settings (one thread, seed 0, log to a file, MIP gaps 1e-9), stage 1 as a MIP then as
the LP with the 0/1 columns held (``models.mip.run_stage``), the one-more-unit re-solves of the
three largest actionable marginal values of each family, then stage 2 from scratch with the
output floor at Z*, again MIP then LP. Only arrays: no names, no dicts, which is the point of a
floor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from benchmarks.floor import INF, FloorLP, assemble
from models.data import ModelData
from models.families import BOOKKEEPING

CHECKS_PER_FAMILY = 3


@dataclass
class FloorRun:
    """Seconds of each part and the two optima."""

    assemble_s: float
    pass_s: float
    solve_s: float
    solve_cpu_s: float
    """CPU seconds of the same part (HiGHS runs on this thread)."""
    output_gwh: float
    cost_musd: float
    resolves: int


def new_highs(log_file: Path) -> highspy.Highs:
    """A Highs object with accplan's settings (``models.highs_lp.new_highs``)."""
    h = highspy.Highs()
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("output_flag", True)
    h.setOptionValue("log_file", str(log_file))
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.setOptionValue("mip_abs_gap", 1e-9)
    return h


def run_stage(h: highspy.Highs, lp: FloorLP) -> None:
    """The loaded stage as a MIP, then as the LP with its 0/1 columns fixed at their values."""
    ints = np.flatnonzero(lp.integer).astype(np.int32)
    n = len(ints)
    if n:
        h.changeColsBounds(n, ints, np.zeros(n), np.ones(n))
        h.changeColsIntegrality(n, ints, np.full(n, highspy.HighsVarType.kInteger))
    h.run()
    if not n:
        return
    values = np.round(np.asarray(h.getSolution().col_value)[ints])
    h.changeColsIntegrality(n, ints, np.full(n, highspy.HighsVarType.kContinuous))
    h.changeColsBounds(n, ints, values, values)
    h.clearSolver()
    h.run()


def pass_floor(h: highspy.Highs, lp: FloorLP) -> None:
    """One ``passModel`` of the row-wise arrays, maximising total output."""
    model = highspy.HighsLp()
    model.num_col_ = lp.n_cols
    model.num_row_ = len(lp.row_lower)
    model.col_cost_ = lp.output
    model.col_lower_ = np.zeros(lp.n_cols)
    model.col_upper_ = lp.col_upper
    model.row_lower_ = lp.row_lower
    model.row_upper_ = lp.row_upper
    model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    model.a_matrix_.start_ = lp.starts.astype(np.int32)
    model.a_matrix_.index_ = lp.index.astype(np.int32)
    model.a_matrix_.value_ = lp.value
    model.sense_ = highspy.ObjSense.kMaximize
    h.passModel(model)


def _rows_to_check(lp: FloorLP, dual: np.ndarray, online_ok: np.ndarray) -> list[int]:
    picked = []
    for name, (start, n) in sorted(lp.families.items()):
        if name in BOOKKEEPING:
            continue
        size = np.abs(dual[start : start + n])
        candidates = np.flatnonzero((size > 1e-9) & online_ok[start : start + n])
        best = candidates[np.argsort(-size[candidates], kind="stable")][:CHECKS_PER_FAMILY]
        picked += [start + int(i) for i in best]
    return picked


def _plus_one(h: highspy.Highs, lp: FloorLP, rows: list[int], best: float) -> None:
    for i in rows:
        lower, upper = float(lp.row_lower[i]), float(lp.row_upper[i])
        h.changeRowBounds(
            i, lower + 1 if lower > -INF else lower, upper + 1 if upper < INF else upper
        )
        h.run()
        h.changeRowBounds(i, lower, upper)
    h.run()


def solve_floor(data: ModelData, log_file: Path) -> FloorRun:
    """Assemble, pass and solve both stages with the re-solves; seconds of each part."""
    start = time.perf_counter()
    lp = assemble(data)
    assembled = time.perf_counter()
    h = new_highs(log_file)
    pass_floor(h, lp)
    passed, passed_cpu = time.perf_counter(), time.process_time()
    first, _ = lp.families["output_floor"]
    h.changeRowBounds(first, -INF, INF)  # the hold is for stage 2, as in models.solve
    run_stage(h, lp)
    best = h.getInfo().objective_function_value
    dual = np.asarray(h.getSolution().row_dual)
    rows = _rows_to_check(lp, dual, lp.actionable)
    _plus_one(h, lp, rows, best)
    h.changeRowBounds(first, best, INF)
    h.changeColsCost(lp.n_cols, np.arange(lp.n_cols, dtype=np.int32), lp.cost)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.clearSolver()
    run_stage(h, lp)
    cost = h.getInfo().objective_function_value
    solution = h.getSolution()
    np.asarray(solution.col_value), np.asarray(solution.row_dual)
    return FloorRun(
        assembled - start,
        passed - assembled,
        time.perf_counter() - passed,
        time.process_time() - passed_cpu,
        best,
        cost,
        len(rows),
    )
