"""Native Excel charts of a plan, drawn from small pivot tables on the Charts sheet.

Excel charts need cells to draw from, so the Charts sheet holds, on the left, one pivot table per
chart (years down, plants or origins across) and, on the right, the charts themselves. The pivots
are plain values copied from the plan's tables, never formulas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.plan import schema as ps
from planner.plan.colours import paint
from planner.plan.tables import PlanTables, Row, tidy
from planner.xlsx.cells import SECTION, fit_widths, print_setup, put, write_table

MAX_SERIES = 24
"""Series drawn one by one in a chart; the rest are summed into one 'all others' series."""

CHART_HEIGHT_ROWS = 18
"""Rows taken by one chart (openpyxl's default chart is 7.5 cm ≈ 15 rows)."""


def write_charts(ws: Worksheet, tables: PlanTables, years: Sequence[int]) -> None:
    """Output by plant and year, then tonnes of each mineral delivered to plants by origin and year
    (one chart per mineral)."""
    plants = sorted({r["plant_id"] for r in tables.plants})
    origins = sorted({r["origin"] for r in tables.mineral_totals})
    output = _pivot(tables.plants, years, "plant_id", "output")
    blocks = [("Output by plant and year (GWh)", "GWh", output, ps.GWH, plants)]
    for mineral in sorted({r["mineral"] for r in tables.mineral_totals}):
        # every origin offering the mineral, so one that sends nothing shows as 0, not missing
        rows = [r for r in tables.mineral_totals if r["mineral"] == mineral]
        unit = rows[0].get("unit") or "t"
        pivot = _pivot(rows, years, "origin", "flow")
        title = f"{mineral} delivered to plants, by origin and year ({unit})"
        blocks.append((title, unit, pivot, ps.TONNES, origins))
    widest = max(len(b[2][0]) for b in blocks)
    chart_col = get_column_letter(widest + 2)
    row = 1
    for title, unit, (series, grid), fmt, names in blocks:
        chart = _block(ws, row, (title, unit, fmt), years, series, grid, f"{chart_col}{row}")
        if chart is not None:
            paint(chart, series, names)
        row += max(len(grid) + 3, CHART_HEIGHT_ROWS + 2)
    fit_widths(ws, maximum=24)
    print_setup(ws)


def _pivot(
    rows: list[Row], years: Sequence[int], across: str, value: str
) -> tuple[list[str], list[list[float]]]:
    """Sum ``value`` by year (down) and ``across`` (names across, sorted).

    Only the :data:`MAX_SERIES` largest names get their own column; the rest are summed into one
    ``"all others"`` column, so a chart stays readable and within Excel's 255-series limit.
    """
    sums: dict[tuple[int, str], float] = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)
    for r in rows:
        name = str(r[across])
        sums[(r["year"], name)] += r[value]
        totals[name] += r[value]
    ranked = sorted(totals, key=lambda n: (-totals[n], n))
    kept = sorted(ranked[:MAX_SERIES]) if len(ranked) > MAX_SERIES + 1 else sorted(ranked)
    others = [n for n in ranked if n not in set(kept)]
    grid = [[tidy(sums.get((y, n), 0.0)) for n in kept] for y in years]
    if others:
        for y, line in zip(years, grid, strict=True):
            line.append(tidy(sum(sums.get((y, n), 0.0) for n in others)))
        kept = [*kept, f"all others ({len(others)})"]
    return kept, grid


def _block(
    ws: Worksheet,
    row: int,
    labels: tuple[str, str, str],
    years: Sequence[int],
    series: list[str],
    grid: list[list[float]],
    anchor: str,
) -> BarChart | None:
    """Title, pivot table (year, one column per series) and a stacked column chart beside it."""
    title, unit, fmt = labels
    put(ws, row, 1, title).font = SECTION
    header_row = row + 1
    body = ([year, *values] for year, values in zip(years, grid, strict=True))
    last = write_table(
        ws,
        ["year", *series],
        body,
        ["0", *([fmt] * len(series))],
        first_row=header_row,
        filter_and_freeze=False,
    )
    if not series or last == header_row:
        put(ws, header_row + 1, 2, "nothing to chart")
        return None
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.y_axis.title = unit
    chart.x_axis.title = "year"
    chart.y_axis.number_format = "#,##0"
    # openpyxl 3.1 leaves <c:delete> out and Excel then hides both axes: say they are shown.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    data = Reference(ws, min_col=2, max_col=len(series) + 1, min_row=header_row, max_row=last)
    cats = Reference(ws, min_col=1, min_row=header_row + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)
    return chart
