"""Is building linear in the size of the LP? Time build_model (and the standard-form compile)
at 10, 100 and 1,000 plants and report the ratios from one run.

The larger instances are exact copies of the 10-plant one (``models.synthetic.replicate``), so
10× the plants is 10× the rows and ~10× the nonzeros, not a different random draw.

Run: ``python benchmarks/bench_build_scaling.py [--plants 10 100 1000] [--repeats 3]``.
The issue asks that 10× the plants cost ≲ 10× the build time; the nonzero ratio is printed next to
the time ratio, since the synthetic instances do not grow exactly 10× in nonzeros.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.build import build_model
from models.highs_lp import compile_lp
from models.synthetic import replicate, synthetic_data

OBJECTIVES = ("total_output_gwh", "total_cost_musd")
BASE_PLANTS = 10


def measure(n_plants: int, repeats: int) -> tuple[float, float, int]:
    """Median build and compile seconds, and the nonzeros, at ``n_plants``."""
    base = synthetic_data(1, BASE_PLANTS)
    data = base if n_plants == BASE_PLANTS else replicate(base, n_plants // BASE_PLANTS)
    builds, compiles, nnz = [], [], 0
    for _ in range(repeats):
        gc.collect()  # start each repeat with the previous model's garbage gone
        start = time.perf_counter()
        model = build_model(data)
        middle = time.perf_counter()
        lp = compile_lp(model, OBJECTIVES)
        builds.append(middle - start)
        compiles.append(time.perf_counter() - middle)
        nnz = int(lp.a_matrix.nnz)
        del model, lp
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
