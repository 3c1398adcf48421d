"""Time ``accplan compare`` on two large synthetic plans, stage by stage.

    python benchmarks/bench_compare.py [--plants 800] [--years 7] [--flows 5] [--changed 0.01]

Writes two plan workbooks laid out as ``planner.plan.schema`` declares (``plants × years`` Plants
rows, ``flows`` times as many Minerals rows; 800 plants give ~34k table rows per plan), the
second with a share of the plants' output and flows changed (``--changed``, default 1 %), then
times: reading both plans (``read_plans``), joining and diffing (``compare_plans`` minus
reading), the terminal text, and the difference workbook. It also times a bare read of every
cell of one plan three ways: openpyxl read-only, openpyxl normal, and ``planner.xlsx.values``
(what compare uses). Ratios come from one
run on a shared machine (2 cores, busy; ±50 % between runs).

Measured (Nov 2026, 800 plants, 34,792 rows per plan): bare read of one plan, openpyxl read-only
6.3-12.7 s, openpyxl normal 5.2-7.9 s (0.6-1.0 × read-only: read-only mode does not help a full
read), compare_xlsx 1.0-1.4 s (0.11-0.13 × read-only). ``compare_plans`` on the pair, run back to
back: with openpyxl read-only 18.1 / 14.1 s, with compare_xlsx 3.6 / 5.0 s (~0.2-0.35 ×).
Worst case ``--changed 1`` (every row differs): compare_plans 9.3 s, write_diff_workbook 33.5 s
(~160k styled cells on the Plants sheet alone; a profile of 200 plants puts ~20 % in openpyxl's
style hashing and ~45 % in its XML serialisation), so ``-o`` is the slow part there.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from planner.compare.compare import Tolerance, compare_plans
from planner.compare.diff import diff_plans
from planner.compare.inputs import diff_inputs
from planner.compare.read import read_plans
from planner.compare.text import format_text
from planner.compare.workbook import write_diff_workbook
from planner.plan import schema as ps
from planner.xlsx.values import XlsxValues

MINERALS = ("Lithium", "Nickel", "Cobalt", "Graphite", "Copper", "Manganese", "Phosphorus")


def tables(plants: int, years: int, flows: int, changed: float, seed: int) -> dict[str, list]:
    """Plan tables; ``changed`` is the share of plants whose numbers move by 10 %."""
    rng = random.Random(seed)
    moved = {p for p in range(plants) if rng.random() < changed}
    first = 2026
    out: dict[str, list] = {t.sheet: [] for t in ps.TABLES}
    for p in range(plants):
        f = 1.1 if p in moved else 1.0
        for y in range(first, first + years):
            out[ps.PLANTS.sheet].append(
                [
                    f"P{p:04d}",
                    y,
                    f"F{p % 50}",
                    "LFP",
                    0.0,
                    10.0,
                    5.0 * f,
                    4.0 * f,
                    20.0 * f,
                    174.0 * f,
                    0.5 * f,
                ]
            )
            for m in MINERALS[:flows]:
                out[ps.FLOWS.sheet].append(
                    [f"S{p % 11:02d}", f"Origin {p % 11}", m, f"P{p:04d}", y, 100.0 * f, 1.0 * f]
                )
    for y in range(first, first + years):
        out[ps.YEARS.sheet].append([y, 5.0 * plants, 20.0 * plants, 174.0 * plants, plants, plants])
        for m in MINERALS[:flows]:
            for o in range(11):
                out[ps.MINERAL_TOTALS.sheet].append(
                    [m, f"Origin {o}", y, "yes", 100.0, 1.0, 200.0, 0.5]
                )
    out[ps.MARGINAL.sheet] = [
        ["capacity_limit", f"P{p:04d}, 2030", 0.1, "GWh per GWh/yr", "x"] for p in range(plants)
    ]
    return out


def write(path: Path, data: dict[str, list]) -> Path:
    wb = Workbook(write_only=True)
    summary = wb.create_sheet(ps.SUMMARY_SHEET)
    summary.append(["accplan plan"])
    for key, label in ps.RUN_LABELS.items():
        summary.append([label, ps.PLAN_FORMAT if key == "format" else "x"])
    for spec in ps.TABLES:
        ws = wb.create_sheet(spec.sheet)
        ws.append([c.header for c in spec.columns])
        for row in data[spec.sheet]:
            ws.append(row)
    settings = wb.create_sheet(ps.INPUT_SHEET_PREFIX + "Settings")
    settings.append(["setting", "value"])
    settings.append(["budget_rs_crore", 18100])
    wb.save(path)
    return path


def timed(label: str, fn: Callable[[], Any], times: dict[str, float]) -> Any:
    start = time.perf_counter()
    result = fn()
    times[label] = time.perf_counter() - start
    print(f"{label:<44} {times[label]:8.2f} s")
    return result


def bare_read(path: Path, read_only: bool) -> int:
    wb = load_workbook(path, read_only=read_only, data_only=True)
    n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return n


def fast_read(path: Path) -> int:
    wb = XlsxValues(path.read_bytes())
    n = sum(1 for name in wb.sheetnames for _ in wb.rows(name))
    wb.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plants", type=int, default=800)
    parser.add_argument("--years", type=int, default=7)
    parser.add_argument("--flows", type=int, default=5)
    parser.add_argument(
        "--changed",
        type=float,
        default=0.01,
        help="share of plants whose numbers change (1 = every row differs)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a = write(folder / "a.xlsx", tables(args.plants, args.years, args.flows, 0.0, 1))
        b = write(folder / "b.xlsx", tables(args.plants, args.years, args.flows, args.changed, 1))
        rows = sum(len(v) for v in tables(args.plants, args.years, args.flows, 0, 1).values())
        print(
            f"{args.plants} plants × {args.years} years: {rows:,} table rows per plan, "
            f"{a.stat().st_size / 1e6:.1f} MB"
        )
        t: dict[str, float] = {}
        timed("openpyxl read_only=True, one plan", lambda: bare_read(a, True), t)
        timed("openpyxl read_only=False, one plan", lambda: bare_read(a, False), t)
        timed("compare_xlsx, one plan", lambda: fast_read(a), t)
        base, other = timed("read_plans (both plans)", lambda: read_plans([a, b]), t)
        tol = Tolerance()
        timed(
            "diff tables + inputs",
            lambda: (diff_plans(base, other, tol), diff_inputs(base.inputs, other.inputs, tol)),
            t,
        )
        cmp = timed("compare_plans (read + diff + totals)", lambda: compare_plans(a, b), t)
        timed("format_text", lambda: format_text(cmp), t)
        timed("write_diff_workbook", lambda: write_diff_workbook(cmp, folder / "d.xlsx"), t)
        total = t["compare_plans (read + diff + totals)"] + t["format_text"]
        ro = t["openpyxl read_only=True, one plan"]
        print(f"reading share of compare (no -o): {t['read_plans (both plans)'] / total:.0%}")
        print(
            f"openpyxl normal / read-only: {t['openpyxl read_only=False, one plan'] / ro:.2f}; "
            f"compare_xlsx / openpyxl read-only: {t['compare_xlsx, one plan'] / ro:.2f}"
        )


if __name__ == "__main__":
    main()
