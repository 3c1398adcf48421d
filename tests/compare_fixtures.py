"""Tiny plan workbooks written straight from ``plan_schema``, for the compare tests.

They stand in for plans written by ``accplan solve`` where a test needs exact control of the
numbers (tolerances, reordered rows, formats); the acceptance tests use real solved plans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.plan import schema as ps

Rows = Sequence[Mapping[str, Any]]


def base_tables() -> dict[str, list[dict[str, Any]]]:
    """Two plants (P01 of firm F1, P02 of firm F2), two years, one lithium source from Canada."""
    return {
        ps.YEARS.sheet: [
            {
                "year": 2027,
                "output": 10.0,
                "incentive": 50.0,
                "incentive_rs": 435.0,
                "import_bill": 8.0,
                "mineral_cost": 8.0,
            },
            {
                "year": 2028,
                "output": 20.0,
                "incentive": 100.0,
                "incentive_rs": 870.0,
                "import_bill": 16.0,
                "mineral_cost": 16.0,
            },
        ],
        ps.PLANTS.sheet: [
            _plant("P01", 2027, 6.0, 30.0),
            _plant("P01", 2028, 12.0, 60.0),
            _plant("P02", 2027, 4.0, 20.0),
            _plant("P02", 2028, 8.0, 40.0),
        ],
        ps.FLOWS.sheet: [
            _flow("P01", 2027, 600.0),
            _flow("P01", 2028, 1200.0),
            _flow("P02", 2027, 400.0),
            _flow("P02", 2028, 800.0),
        ],
        ps.MINERAL_TOTALS.sheet: [
            {
                "mineral": "lithium",
                "origin": "Canada",
                "year": 2027,
                "imported": "yes",
                "flow": 1000.0,
                "cost": 8.0,
            },
            {
                "mineral": "lithium",
                "origin": "Canada",
                "year": 2028,
                "imported": "yes",
                "flow": 2000.0,
                "cost": 16.0,
            },
        ],
        ps.MARGINAL.sheet: [
            {
                "constraint": "incentive_budget",
                "index": "",
                "value": 0.2,
                "unit": "GWh per USD million",
                "meaning": "One more USD million buys 0.2 GWh",
            },
        ],
    }


def base_inputs() -> dict[str, list[list[Any]]]:
    """Input copies laid out as ``planner.workbook.schema`` declares: Settings (name in A, value in
    B) and Supply (keys source_id and mineral, one column per year)."""
    return {
        "Settings": [
            ["setting", "value", "unit"],
            ["first_year", 2027, "year"],
            ["last_year", 2028, "year"],
            ["budget_rs_crore", 1305, "Rs crore"],
        ],
        "Supply": [
            ["source_id", "origin", "kind", "mineral", "price_usd_per_t", 2027, 2028],
            ["CA01", "Canada", "imported", "lithium", 8000, 8000, 8000],
            ["IN01", "India", "domestic", "lithium", 9000, 100, 100],
        ],
    }


def _plant(pid: str, year: int, output: float, incentive: float) -> dict[str, Any]:
    return {
        "plant_id": pid,
        "year": year,
        "firm": "F" + pid[-1],
        "chemistry": "LFP",
        "capacity_added": 0.0,
        "capacity": 20.0,
        "output": output,
        "eligible_output": output,
        "incentive": incentive,
        "incentive_rs": incentive * 8.7,
        "utilisation": output / 20.0,
    }


def _flow(pid: str, year: int, tonnes: float) -> dict[str, Any]:
    return {
        "source_id": "CA01",
        "origin": "Canada",
        "mineral": "lithium",
        "plant_id": pid,
        "year": year,
        "flow": tonnes,
        "cost": tonnes * 0.008,
    }


def write_plan(
    path: Path,
    tables: Mapping[str, Rows] | None = None,
    inputs: Mapping[str, list[list[Any]]] | None = None,
    fmt: str = ps.PLAN_FORMAT,
    scenario: str = "base",
) -> Path:
    """Write a plan workbook laid out as ``plan_schema`` declares; return its path."""
    tables = base_tables() if tables is None else tables
    inputs = base_inputs() if inputs is None else inputs
    wb = Workbook()
    summary = wb.active
    summary.title = ps.SUMMARY_SHEET
    summary.append(["accplan plan"])
    run = {
        "format": fmt,
        "accplan": "0.1.0",
        "scenario": scenario,
        "status": "optimal",
        "input_file": f"{scenario}.xlsx",
        "run_time": "2026-11-25 12:00:00",
    }
    for key, label in ps.RUN_LABELS.items():
        summary.append([label, run.get(key, "")])
    for spec in ps.TABLES:
        if spec.sheet in tables:
            ws = wb.create_sheet(spec.sheet)
            ws.append([c.header for c in spec.columns])
            for r, row in enumerate(tables[spec.sheet], start=2):
                for col, c in enumerate(spec.columns, start=1):
                    _put_text_safe(ws.cell(r, col), row.get(c.name))
    for name, rows in inputs.items():
        ws = wb.create_sheet(ps.INPUT_SHEET_PREFIX + name)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row, start=1):
                _put_text_safe(ws.cell(r, col), value)
    wb.save(path)
    return path


def _put_text_safe(cell: Any, value: Any) -> None:
    """Formula-like text is stored as text, as ``accplan solve`` does."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
