"""The Summary's first sections: the answers a planner came for, before anything else.

Incentive owed by award, with its plant (table and chart), mineral use by origin (an origin
that sends nothing is listed with 0 and why), what one more Rs 100 crore and one more 1,000 t of
each binding mineral would buy, and the binding limits a planner can move, in words.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from planner.plan import schema as ps
from planner.plan.colours import colour_of
from planner.xlsx.cells import SECTION, WRAP, put, write_table

AWARD_HEADERS = (
    "Award",
    "Plant (firm)",
    "Award (GWh/yr)",
    "Eligible output, all years (GWh)",
    "Owed (Rs crore)",
    "Penalties deducted (Rs crore)",
)
ORIGIN_HEADERS = ("Mineral", "Origin", "Unit", "Used, all years", "Offered, all years", "Why none")
MONEY_RS = "#,##0"
CHART_COLUMN = "G"
"""Where the Summary's chart sits, right of its tables."""


def write_answers(ws: Worksheet, row: int, answers) -> int:
    """Write the answer sections from ``row``; return the last row written. The Summary's
    column widths must be set first (sentences wrap across columns A to F)."""
    r = _by_award(ws, row, answers.by_award, answers.plants)
    if answers.security:
        r = _sentence(ws, r + 1, answers.security)
    r = _by_origin(ws, r + 2, answers.by_origin)
    r = _lines(ws, r + 2, "What one more would buy", answers.one_more)
    shown = [b.meaning for b in answers.levers]
    if not shown:
        shown = ["No limit a planner sets binds: output is held by ramp-up or plant costs."]
    return _lines(ws, r + 2, "Binding limits you can move (the largest of each kind)", shown)


def _section(ws: Worksheet, row: int, title: str) -> int:
    put(ws, row, 1, title).font = SECTION
    return row + 1


def _by_award(ws: Worksheet, row: int, rows: list[dict], plants: tuple[str, ...]) -> int:
    r = _section(ws, row, "Incentive by plant and award")
    values = [
        [
            _award_label(a),
            f"{a['plant_id']} ({a['firm']})" if a.get("firm") else a["plant_id"],
            a["award"],
            a["eligible"],
            a["paid_rs"],
            a["penalty_deducted_rs"],
        ]
        for a in rows
    ]
    formats = [None, None, "0.0", ps.GWH, MONEY_RS, MONEY_RS]
    last = write_table(ws, AWARD_HEADERS, values, formats, first_row=r, filter_and_freeze=False)
    if last > r:
        _award_chart(ws, r, last, [a["plant_id"] for a in rows], plants)
    else:
        put(ws, r + 1, 1, "No awards: no incentive is owed.")
        last = r + 1
    return last


def _award_label(row: dict) -> str:
    """The award id, marked when it is a candidate (funded or not)."""
    if row["status"] != "candidate":
        return row["award_id"]
    return f"{row['award_id']} (candidate{'' if row['award'] > 0 else ', not funded'})"


def _award_chart(
    ws: Worksheet, header: int, last: int, plants: list[str], every: tuple[str, ...]
) -> None:
    """What each award is owed (Rs crore), coloured by its plant as in every chart."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Incentive owed by award, all years (Rs crore)"
    chart.y_axis.title = "Rs crore"
    chart.y_axis.number_format = "#,##0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    data = Reference(ws, min_col=5, min_row=header, max_row=last)
    cats = Reference(ws, min_col=1, min_row=header + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    from openpyxl.chart.series import DataPoint

    for i, plant in enumerate(plants):
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = colour_of(plant, every or plants)
        chart.series[0].dPt.append(point)
    chart.width, chart.height = 12, 7.5
    ws.add_chart(chart, f"{CHART_COLUMN}{header}")


def _by_origin(ws: Worksheet, row: int, rows: list[dict]) -> int:
    r = _section(ws, row, "Mineral use by origin (every origin offering a mineral, even at 0)")
    values = [
        [o["mineral"], o["origin"], o["unit"], o["flow"], o["supply"], o["why"]] for o in rows
    ]
    formats = [None, None, None, ps.TONNES, ps.TONNES, None]
    last = write_table(ws, ORIGIN_HEADERS, values, formats, first_row=r, filter_and_freeze=False)
    for line in range(r + 1, last + 1):
        ws.cell(row=line, column=6).alignment = WRAP
    return last


def _lines(ws: Worksheet, row: int, title: str, lines: list[str]) -> int:
    """One sentence per row, across the table columns (merged) and wrapped."""
    r = _section(ws, row, title)
    for text in lines:  # heights follow from fit_heights, across the merged width
        r = _sentence(ws, r, text) + 1
    return r - 1


def _sentence(ws: Worksheet, row: int, text: str) -> int:
    """``text`` in ``row``, across the table columns (merged) and wrapped; returns ``row``."""
    put(ws, row, 1, text).alignment = WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    return row
