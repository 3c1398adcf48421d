"""Measure two ways of handing the accplan LP to HiGHS, both stages, duals included.

A. ``models.solve.solve``: Pyomo standard-form compile -> one ``highspy`` passModel; stage 2 by
   changing the floor row, costs and sense in highspy (warm start).
B. ``pyomo.contrib.solver`` ``highs`` persistent interface: ``solve`` for stage 1, duals from the
   solution loader, then the mutable floor and the objective swapped and ``solve`` again.

Run: ``python benchmarks/bench_interfaces.py [--plants 10 100 1000] [--repeats 3]``. Prints one
table of medians (seconds) and the ratio B/A, and checks both routes give the same objectives.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyomo.environ as pyo
from pyomo.contrib.solver.common.factory import SolverFactory

from benchmarks.synthetic import synthetic_data
from models.build import build_model
from models.highs_lp import HIGHS_THREADS
from models.solve import OUTPUT_TOLERANCE_ABS_GWH, OUTPUT_TOLERANCE_REL, solve


def route_a(data) -> tuple[float, float, float, float, float]:
    """Wall time, stage-1 and stage-2 objectives, build+compile and HiGHS seconds (models.solve)."""
    start = time.perf_counter()
    r = solve(data)
    return time.perf_counter() - start, r.output_gwh, r.cost_musd, r.build_seconds, r.solve_seconds


def route_b(data) -> tuple[float, float, float]:
    """Wall time, stage-1 and stage-2 objectives through the persistent contrib interface."""
    start = time.perf_counter()
    model = build_model(data)
    opt = SolverFactory("highs")
    log = io.StringIO()
    options = {
        "tee": [log],
        "load_solutions": False,
        "raise_exception_on_nonoptimal_result": False,
        "threads": HIGHS_THREADS,
    }
    res = opt.solve(model, **options)
    best = res.incumbent_objective
    res.solution_loader.get_duals()
    floor = best - max(OUTPUT_TOLERANCE_ABS_GWH, OUTPUT_TOLERANCE_REL * abs(best))
    model.output_floor_gwh.set_value(floor)
    model.total_output_gwh.deactivate()
    model.total_cost_musd.activate()
    res = opt.solve(model, **options)
    res.solution_loader.load_vars()
    return time.perf_counter() - start, best, pyo.value(model.total_cost_musd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plants", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    route_a(synthetic_data(0, 10))  # warm imports
    route_b(synthetic_data(0, 10))
    print(
        f"{'plants':>7} {'A std-form s':>13} {'(build':>7} {'HiGHS)':>7} {'B persistent s':>15}"
        f" {'B/A':>6}  objectives agree"
    )
    for n in args.plants:
        data = synthetic_data(1, n)
        a = [route_a(data) for _ in range(args.repeats)]
        b = [route_b(data) for _ in range(args.repeats)]
        ta = statistics.median(r[0] for r in a)
        tb = statistics.median(r[0] for r in b)
        agree = abs(a[0][1] - b[0][1]) <= 1e-6 * max(1, abs(a[0][1])) and abs(
            a[0][2] - b[0][2]
        ) <= 1e-5 * max(1, abs(a[0][2]))
        build = statistics.median(r[3] for r in a)
        highs = statistics.median(r[4] for r in a)
        print(
            f"{n:>7} {ta:>13.3f} {build:>7.3f} {highs:>7.3f} {tb:>15.3f} {tb / ta:>6.2f}  {agree}"
        )


if __name__ == "__main__":
    main()
