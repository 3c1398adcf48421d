"""Sweeps and batches against single solves, as a user runs them (fresh processes, one run).

    python benchmarks/bench_studies.py [--repeats 3]

1. A 20-point budget sweep of the base case (``accplan sweep --vary
   Settings.budget_rs_crore=2000:36000:20``) against one cold ``accplan solve`` of the base case:
   the issue's target is a ratio of at most 2.
2. A 100-scenario batch (the base case with a Scenarios sheet of 100 rows: budget and supply
   factors) on ``--jobs 2`` against ``--jobs 1``: the target is a ratio below 1.

Each command is run ``--repeats`` times in a fresh Python process from the repository root, in
rotation, and the median wall time is reported with the children's CPU time; the machine is
shared, so wall times vary from run to run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "inputs" / "acc_base.xlsx"


def hundred_scenarios(path: Path) -> Path:
    """The base case with 100 scenarios: budget × 0.5..1.49 and Canada lithium × 0.5..1.49."""
    from openpyxl import load_workbook

    wb = load_workbook(BASE)
    ws = wb["Scenarios"]
    ws.delete_rows(2, ws.max_row)
    for i in range(100):
        factor = 0.5 + i / 100
        what = "Settings.budget_rs_crore" if i % 2 else "Supply[origin=Canada, mineral=Lithium]"
        ws.append((f"s{i:03d}", None, f"--scale {what}={factor:.2f}", ""))
    wb.save(path)
    return path


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m planner ARGS`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = Path(shutil.copy(BASE, folder / "base.xlsx"))
        batch = hundred_scenarios(folder / "hundred.xlsx")
        runs = {
            "solve": ["solve", str(base), "-o", str(folder / "p.xlsx"), "-q"],
            "sweep": [
                "sweep",
                str(base),
                "--vary",
                "Settings.budget_rs_crore=2000:36000:20",
                "-o",
                str(folder / "s.xlsx"),
                "-q",
            ],
            "batch --jobs 1": ["batch", str(batch), "-o", str(folder / "b1.xlsx"), "-q"],
            "batch --jobs 2": [
                "batch",
                str(batch),
                "--jobs",
                "2",
                "-o",
                str(folder / "b2.xlsx"),
                "-q",
            ],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(repeats):
            for name, args in runs.items():
                times[name].append(timed(args))
    wall = {n: statistics.median(w for w, _ in t) for n, t in times.items()}
    cpu = {n: statistics.median(c for _, c in t) for n, t in times.items()}
    print("| run | wall s (median) | CPU s (median) |")
    print("|---|---|---|")
    for name in runs:
        print(f"| `accplan {name}` | {wall[name]:.2f} | {cpu[name]:.2f} |")
    print(f"\nsweep / solve (20 points): {wall['sweep'] / wall['solve']:.2f} (target <= 2)")
    print(
        f"batch --jobs 2 / --jobs 1 (100 scenarios): "
        f"{wall['batch --jobs 2'] / wall['batch --jobs 1']:.2f} (target < 1)"
    )


if __name__ == "__main__":
    main()
