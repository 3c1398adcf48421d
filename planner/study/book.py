"""The study workbooks: a sweep's or a batch's results side by side, with native Excel charts.

Each holds a results sheet (one row per point or scenario: what was varied, status, the headline
measures with units in the headers), the marginal values of the binding limits, a Charts sheet
drawing from small value tables (never formulas), and a Run information sheet. Written
atomically, as plans are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from planner import __version__
from planner.study.measures import HEADLINE, Measured
from planner.xlsx.atomic import save_workbook
from planner.xlsx.cells import fit_widths, print_setup, write_table

MAX_CHART_LIMITS = 8
"""Binding limits drawn in the marginal-value chart: those with the largest values anywhere."""

FIXED_TIME = dt.datetime(2000, 1, 1)

STATUS_HEADERS = ["status", "exit class", "message"]


def headline_headers() -> list[str]:
    """Headers of the headline measures, with units in brackets."""
    return [f"{name} [{unit}]" for name, _, unit in HEADLINE]


def result_rows(cases: Sequence[tuple[Sequence[Any], Measured]]) -> list[list[Any]]:
    """One row per case: its identifying values, status, then each headline measure."""
    return [
        [*ids, m.status, m.exit_code, m.message, *(m.value(name) for name, _, _ in HEADLINE)]
        for ids, m in cases
    ]


def top_limits(cases: Sequence[Measured], count: int = MAX_CHART_LIMITS) -> list[str]:
    """The binding limits with the largest marginal values in any case (ties by name)."""
    largest: dict[str, float] = {}
    for m in cases:
        for key, value in m.binding.items():
            largest[key] = max(largest.get(key, 0.0), abs(value))
    return [k for k, _ in sorted(largest.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


def marginal_sheet(
    ws: Worksheet, id_headers: list[str], cases: Sequence[tuple[Sequence[Any], Measured]]
) -> None:
    """Every binding limit's marginal value, one row per case and limit."""
    rows = [
        [*ids, key, value, _unit(m, key)]
        for ids, m in cases
        for key, value in sorted(m.binding.items())
    ]
    write_table(ws, [*id_headers, "limit", "marginal value", "unit"], rows)
    fit_widths(ws, maximum=60)
    print_setup(ws, "1:1")


def _unit(m: Measured, key: str) -> str:
    for row in m.rows:
        if row["measure"] == "marginal_value" and row["index"] == key:
            return str(row["unit"])
    return ""


def run_sheet(ws: Worksheet, facts: dict[str, Any]) -> None:
    """Provenance: accplan version, input file and SHA-256, overrides, what was varied, timing."""
    write_table(
        ws, ["item", "value"], [[k, v] for k, v in {"accplan": __version__, **facts}.items()]
    )
    fit_widths(ws, maximum=100)


def bar_chart(
    ws: Worksheet,
    anchor: str,
    title: str,
    y_title: str,
    cats_col: int,
    y_cols: list[int],
    last_row: int,
    header_row: int = 1,
) -> None:
    """A clustered column chart of ``y_cols`` by the names in ``cats_col``."""
    chart = BarChart()
    chart.type, chart.title, chart.style = "col", title, 10
    chart.y_axis.title = y_title
    chart.x_axis.delete = chart.y_axis.delete = False
    for col in y_cols:
        chart.add_data(
            Reference(ws, min_col=col, min_row=header_row, max_row=last_row), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=cats_col, min_row=header_row + 1, max_row=last_row))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)


def save(wb: Workbook, path: Path, reproducible: bool) -> None:
    """Write ``wb`` atomically (fixed document time when ``reproducible``)."""
    now = (
        FIXED_TIME if reproducible else dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    )
    save_workbook(wb, Path(path), now)
