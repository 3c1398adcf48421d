"""Solve the floor LP (``benchmarks/floor.py``) with exactly the HiGHS work of accplan's solve.

Same HiGHS settings (one thread, seed 0, log to a file, MIP gaps 1e-9); the runs, re-solves,
ranging and starts are accplan's own, recorded once untimed and replayed here
(``benchmarks/highs_trace.py``), so a ratio against this floor is accplan's overhead, not a
difference in work. (Until Nov 2026 the floor chose its own re-solves, three per family, and
skipped the budget step: at 100 plants it did ≈ 5 s less HiGHS work than accplan.) Only
arrays: no names, no dicts, which is the point of a floor.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np

from benchmarks.floor import FloorLP, assemble
from benchmarks.highs_trace import replay
from models.data import ModelData


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
    runs: int
    """HiGHS runs replayed."""


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


def solve_floor(data: ModelData, log_file: Path, trace: Iterable[tuple[str, tuple]]) -> FloorRun:
    """Assemble, pass, and replay accplan's HiGHS work (``trace``: a list, or calls as they are
    made, :func:`benchmarks.highs_trace.follow`); seconds of each part."""
    start = time.perf_counter()
    lp = assemble(data)
    assembled = time.perf_counter()
    h = new_highs(log_file)
    pass_floor(h, lp)
    passed, passed_cpu = time.perf_counter(), time.process_time()
    runs = replay(h, trace)
    solution = h.getSolution()  # the plan's values and duals, as accplan reads them
    x, _ = np.asarray(solution.col_value), np.asarray(solution.row_dual)
    return FloorRun(
        assembled - start,
        passed - assembled,
        time.perf_counter() - passed,
        time.process_time() - passed_cpu,
        float(lp.output @ x),
        h.getInfo().objective_function_value,
        runs,
    )
