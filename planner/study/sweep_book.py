"""The sweep workbook: the table of points, charts against the varied input, breakpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.study import book
from planner.study.sweep import SweepResult
from planner.xlsx.cells import fit_widths, print_setup, write_table

CHARTED = (
    ("total_output", "GWh"),
    ("incentive_owed", "USD million"),
    ("import_bill", "USD million"),
)
"""Measures drawn against the varied input, one chart each."""

NUMBER = "#,##0.00"


def write_sweep(path: Path, result: SweepResult, facts: dict[str, Any], reproducible: bool) -> None:
    """Write the sweep workbook to ``path`` atomically."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sweep"
    ids = [v.label for v in result.varies]
    cases = [(values, m) for values, m in result.points]
    write_table(ws, [*ids, *book.STATUS_HEADERS, *book.headline_headers()], book.result_rows(cases))
    fit_widths(ws, maximum=40)
    print_setup(ws, "1:1")
    _charts(wb.create_sheet("Charts"), result)
    book.marginal_sheet(wb.create_sheet("Marginal values"), ids, cases)
    _breakpoints(wb.create_sheet("Breakpoints"), result)
    book.run_sheet(wb.create_sheet("Run information"), facts)
    book.save(wb, path, reproducible)


def _lines(result: SweepResult) -> dict[tuple[float, ...], dict[float, Any]]:
    """Points grouped by the values of the inputs after the first: {others: {x: Measured}}."""
    lines: dict[tuple[float, ...], dict[float, Any]] = {}
    for values, m in result.points:
        lines.setdefault(values[1:], {})[values[0]] = m
    return lines


def _series_name(result: SweepResult, others: tuple[float, ...], measure: str) -> str:
    if not others:
        return measure
    labels = [f"{v.target}={x:.6g}" for v, x in zip(result.varies[1:], others, strict=True)]
    return f"{measure} ({', '.join(labels)})"


def _charts(ws: Worksheet, result: SweepResult) -> None:
    """One value table and chart per measure, then the marginal values of the top limits."""
    x_title = result.varies[0].label
    lines = _lines(result)
    xs = sorted({values[0] for values, _ in result.points})
    row = 1
    for measure, unit in CHARTED:
        names = [_series_name(result, others, measure) for others in lines]
        grid = [[x, *(_value(line.get(x), measure) for line in lines.values())] for x in xs]
        formats = [NUMBER] * (len(names) + 1)
        last = write_table(
            ws, [x_title, *names], grid, formats, first_row=row, filter_and_freeze=False
        )
        _chart_at(ws, row, last, len(names), f"{measure} against {x_title}", x_title, unit)
        row = max(last, row + 19) + 2
    first_line = next(iter(lines.values()))
    limits = book.top_limits(list(first_line.values()))
    if limits:
        grid = [
            [x, *(first_line[x].binding.get(k, 0.0) if x in first_line else None for k in limits)]
            for x in xs
        ]
        formats = [NUMBER] * (len(limits) + 1)
        last = write_table(
            ws, [x_title, *limits], grid, formats, first_row=row, filter_and_freeze=False
        )
        _chart_at(
            ws,
            row,
            last,
            len(limits),
            f"Marginal values against {x_title}",
            x_title,
            "GWh per unit",
        )
    fit_widths(ws, maximum=30)
    print_setup(ws)


def _chart_at(
    ws: Worksheet, row: int, last: int, series: int, title: str, x_title: str, unit: str
) -> None:
    from openpyxl.chart import Reference, ScatterChart, Series

    chart = ScatterChart()
    chart.title, chart.style = title, 13
    chart.x_axis.title, chart.y_axis.title = x_title, unit
    chart.x_axis.delete = chart.y_axis.delete = False
    xs = Reference(ws, min_col=1, min_row=row + 1, max_row=last)
    for col in range(2, series + 2):
        s = Series(Reference(ws, min_col=col, min_row=row, max_row=last), xs, title_from_data=True)
        s.marker.symbol = "circle"
        chart.series.append(s)
    chart.width, chart.height = 20, 9
    ws.add_chart(chart, f"{_letter(series + 3)}{row}")


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _value(m: Any, measure: str) -> float | None:
    return None if m is None else m.value(measure)


def _breakpoints(ws: Worksheet, result: SweepResult) -> None:
    others = [v.label for v in result.varies[1:]]
    headers = [
        "limit",
        "change",
        f"between {result.varies[0].label}",
        "and",
        "at (estimated)",
        *others,
    ]
    rows = [
        [b["limit"], b["change"], b["from"], b["to"], b["at"], *b["others"]]
        for b in result.breakpoints
    ]
    write_table(ws, headers, rows)
    fit_widths(ws, maximum=60)
