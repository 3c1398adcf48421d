"""Is building linear in the number of nonzeros? Time build_model and the standard-form compile at
10, 100 and 1,000 plants, several repeats in one run, and report the cost per nonzero and the
ratios between sizes as medians of paired repeats.

The larger instances are exact copies of the 10-plant one (``benchmarks.synthetic.replicate``), so
10× the plants is 10× the nonzeros (to within 1 %: the mineral_use_t terms are one per
mineral-year), not a different random draw.

Robustness on a shared machine: every repeat builds every size once, in a rotated order, so load
that comes and goes hits all sizes alike; a ratio is computed within each repeat (same repeat,
neighbouring sizes) and the median over repeats is reported, with its range. CPU time of this
process (``time.process_time``) is reported next to wall time: it does not count waiting for a
core that another job holds.

``--calls`` also counts the Python function calls of one build + compile per size (cProfile):
a count, not a time, so it is the same on every run and machine, and shows whether the work
itself grows linearly, apart from cache and memory effects of a larger model.

Run: ``python benchmarks/bench_build_scaling.py [--plants 10 100 1000] [--repeats 7] [--calls]``.
The issue asks that 10× the plants cost ≲ 10× the build time, i.e. a per-nonzero cost ratio ≲ 1.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import replicate, synthetic_data
from models.build import build_model
from models.highs_lp import compile_lp

OBJECTIVES = ("total_output_gwh", "total_cost_musd")
BASE_PLANTS = 10
CLOCKS = ("build wall", "build cpu", "build+compile wall", "build+compile cpu")


def instance(n_plants: int, seed: int):
    base = synthetic_data(seed, BASE_PLANTS)
    return base if n_plants == BASE_PLANTS else replicate(base, n_plants // BASE_PLANTS)


def measure_once(data) -> tuple[dict[str, float], int]:
    """Seconds on each clock of one build (+ compile), and the nonzeros."""
    gc.collect()  # start with the previous model's garbage gone
    wall0, cpu0 = time.perf_counter(), time.process_time()
    model = build_model(data)
    wall1, cpu1 = time.perf_counter(), time.process_time()
    lp = compile_lp(model, OBJECTIVES)
    wall2, cpu2 = time.perf_counter(), time.process_time()
    times = {
        "build wall": wall1 - wall0,
        "build cpu": cpu1 - cpu0,
        "build+compile wall": wall2 - wall0,
        "build+compile cpu": cpu2 - cpu0,
    }
    return times, int(lp.a_matrix.nnz)


def count_calls(data) -> int:
    """Python function calls (primitive and recursive) made by one build + compile."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    compile_lp(build_model(data), OBJECTIVES)
    profiler.disable()
    return pstats.Stats(profiler).total_calls


def report_calls(plants: list[int], seed: int) -> None:
    print("\nPython calls of one build + compile (deterministic)")
    previous = None
    for n in plants:
        calls = count_calls(instance(n, seed))
        ratio = f"  ×{calls / previous:.3f} vs previous size" if previous else ""
        print(f"{n:>7} {calls:>12,}{ratio}")
        previous = calls


def run(plants: list[int], repeats: int, seed: int) -> tuple[dict, dict]:
    """times[n][clock] = list over repeats; nnz[n]."""
    data = {n: instance(n, seed) for n in plants}
    for n in plants:  # warm-up: imports, first-use caches, memory pools
        measure_once(data[n])
    times = {n: {c: [] for c in CLOCKS} for n in plants}
    nnz = {}
    for r in range(repeats):
        order = plants[r % len(plants) :] + plants[: r % len(plants)]
        for n in order:
            t, nnz[n] = measure_once(data[n])
            for clock, seconds in t.items():
                times[n][clock].append(seconds)
    return times, nnz


def report(plants: list[int], times: dict, nnz: dict, repeats: int) -> None:
    print(f"repeats: {repeats}; medians; [min–max over repeats] for ratios")
    print(f"{'plants':>7} {'nonzeros':>9}" + "".join(f" {c + ' s':>20}" for c in CLOCKS))
    for n in plants:
        cells = "".join(f" {statistics.median(times[n][c]):>20.3f}" for c in CLOCKS)
        print(f"{n:>7} {nnz[n]:>9}{cells}")
    print("\nµs per nonzero (median)")
    for n in plants:
        cells = "".join(f" {1e6 * statistics.median(times[n][c]) / nnz[n]:>20.2f}" for c in CLOCKS)
        print(f"{n:>7} {nnz[n]:>9}{cells}")
    print("\nper-nonzero cost ratio vs the previous size (paired within a repeat; ≲ 1 is linear)")
    for small, big in itertools.pairwise(plants):
        line = f"{small:>5}→{big:<5} ×nnz {nnz[big] / nnz[small]:.1f}"
        for clock in CLOCKS:
            ratios = [
                (b / nnz[big]) / (s / nnz[small])
                for s, b in zip(times[small][clock], times[big][clock], strict=True)
            ]
            line += (
                f" | {clock}: {statistics.median(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}]"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plants", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--calls", action="store_true", help="also count Python calls")
    args = parser.parse_args()
    times, nnz = run(args.plants, args.repeats, args.seed)
    report(args.plants, times, nnz, args.repeats)
    if args.calls:
        report_calls(args.plants, args.seed)


if __name__ == "__main__":
    main()
