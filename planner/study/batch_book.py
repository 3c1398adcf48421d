"""The batch results workbook: scenarios side by side, with native charts across them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.study import book
from planner.study.batch import BatchResult
from planner.xlsx.cells import fit_widths, print_setup, write_table

ID_HEADERS = ["scenario", "inherits", "description", "overrides"]

CHARTS = (
    ("Total output by scenario", "GWh", ("total_output",)),
    ("Incentive owed against budget", "USD million", ("incentive_owed", "incentive_budget")),
    ("Mineral import bill by scenario", "USD million", ("import_bill",)),
)


def _ids(case: Any) -> list[Any]:
    s = case.scenario
    return [s.name, s.inherits, s.description, "; ".join(o.text for o in s.overrides)]


def write_batch(path: Path, result: BatchResult, facts: dict[str, Any], reproducible: bool) -> None:
    """Write the results workbook to ``path`` atomically."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Scenarios"
    cases = [(_ids(c), c.measured) for c in result.cases]
    rows = [
        [*r, "\n".join(m.top)] for r, (_, m) in zip(book.result_rows(cases), cases, strict=True)
    ]
    headers = [*ID_HEADERS, *book.STATUS_HEADERS, *book.headline_headers(), "top binding limits"]
    write_table(ws, headers, rows)
    fit_widths(ws, maximum=50)
    print_setup(ws, "1:1")
    _charts(wb.create_sheet("Charts"), result)
    _use_by_origin(wb.create_sheet("Use by origin"), result)
    book.marginal_sheet(
        wb.create_sheet("Marginal values"),
        ["scenario"],
        [([c.scenario.name], c.measured) for c in result.cases],
    )
    book.run_sheet(wb.create_sheet("Run information"), facts)
    book.save(wb, path, reproducible)


def _charts(ws: Worksheet, result: BatchResult) -> None:
    solved = [c for c in result.cases if c.measured.status == "optimal"]
    row = 1
    for title, unit, measures in CHARTS:
        grid = [[c.scenario.name, *(c.measured.value(m) for m in measures)] for c in solved]
        last = write_table(
            ws, ["scenario", *measures], grid, first_row=row, filter_and_freeze=False
        )
        if solved:
            anchor = f"{_letter(len(measures) + 3)}{row}"
            book.bar_chart(ws, anchor, title, unit, 1, list(range(2, len(measures) + 2)), last, row)
        row = max(last, row + 19) + 2
    fit_widths(ws, maximum=30)
    print_setup(ws)


def _use_by_origin(ws: Worksheet, result: BatchResult) -> None:
    """Tonnes used over the horizon by mineral and origin (down) and scenario (across)."""
    use: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for case in result.cases:
        for row in case.measured.rows:
            if row["measure"] == "use_by_origin":
                use[(str(row["index"]), str(row["unit"]))][case.scenario.name] = row["value"]
    names = [c.scenario.name for c in result.cases]
    rows = [[key, unit, *(by.get(n) for n in names)] for (key, unit), by in sorted(use.items())]
    write_table(ws, ["mineral, origin", "unit", *names], rows)
    fit_widths(ws, maximum=30)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)
