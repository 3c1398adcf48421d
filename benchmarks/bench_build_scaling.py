"""Is building linear in the size of the LP? Time build_model (and the standard-form compile)
at 10, 100 and 1,000 plants and report the ratios from one run.

Run: ``python benchmarks/bench_build_scaling.py [--plants 10 100 1000] [--repeats 3]``.
The issue asks that 10× the plants cost ≲ 10× the build time; the nonzero ratio is printed next to
the time ratio, since the synthetic instances do not grow exactly 10× in nonzeros.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.build import build_model
from models.highs_lp import compile_lp
from models.synthetic import synthetic_data

OBJECTIVES = ("total_output_gwh", "total_cost_musd")


def measure(n_plants: int, repeats: int) -> tuple[float, float, int]:
    """Median build and compile seconds, and the nonzeros, at ``n_plants``."""
    data = synthetic_data(1, n_plants)
    builds, compiles, nnz = [], [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        model = build_model(data)
        middle = time.perf_counter()
        lp = compile_lp(model, OBJECTIVES)
        builds.append(middle - start)
        compiles.append(time.perf_counter() - middle)
        nnz = int(lp.a_matrix.nnz)
    return statistics.median(builds), statistics.median(compiles), nnz


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plants", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    build_model(synthetic_data(0, 10))  # warm imports
    rows = [(n, *measure(n, args.repeats)) for n in args.plants]
    print(
        f"{'plants':>7} {'nonzeros':>9} {'build s':>8} {'compile s':>9} {'µs/nnz':>7}"
        f" {'×nnz':>6} {'×build':>7} {'×build+compile':>15}"
    )
    previous = None
    for n, build, comp, nnz in rows:
        ratios = ""
        if previous is not None:
            _, pb, pc, pn = previous
            ratios = f" {nnz / pn:>6.1f} {build / pb:>7.1f} {(build + comp) / (pb + pc):>15.1f}"
        print(f"{n:>7} {nnz:>9} {build:>8.3f} {comp:>9.3f} {1e6 * build / nnz:>7.2f}{ratios}")
        previous = (n, build, comp, nnz)


if __name__ == "__main__":
    main()
