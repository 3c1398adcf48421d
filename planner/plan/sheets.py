"""The sheets of a plan workbook: Summary, the schema's tables, and cell-for-cell input copies."""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from planner.errors import Issue
from planner.plan import schema as ps
from planner.plan.summary import write_answers
from planner.plan.tables import PlanTables, tidy
from planner.words import number_text
from planner.workbook.read import SheetCopy
from planner.workbook.schema import SHEET_BY_NAME
from planner.xlsx.cells import (
    BOLD,
    HEADER,
    SECTION,
    TITLE,
    WRAP,
    fit_heights,
    fit_widths,
    print_setup,
    put,
    write_table,
)
from planner.xlsx.census import prepare

HEADLINE_FORMATS = {
    "total_output": ps.GWH,
    "budget_used": ps.SHARE,
    "budget_step_gwh": ps.GWH,
    "budget_value_gwh": ps.GWH,
    "fx": "0.00",
    "binding": "0",
}
"""Number formats of the Summary's headline values; money otherwise."""

YEAR_COLUMNS = ("year", "output", "incentive", "incentive_rs", "import_bill")
"""Columns of the Years table repeated on the Summary (output by year)."""

INCENTIVE_NOTE = (
    "Incentive owed is the scheme's liability for this plan's output: for each award, rate × "
    "eligible output, less penalties deducted, within its outlay ceiling (the 'Awards' sheet, "
    "year by year). The plan never owes more than the budget; the 'earned before penalties' "
    "line is the same before penalties and ceilings."
)

MARGINAL_POINTER = (
    "Every binding limit ({n}), with what one more of it buys and the range where that holds, "
    "is on the '{sheet}' sheet."
)

DECISIONS_HELD = (
    "The plan decides by 0/1 choices which candidates are awarded, which of a plant's awards its "
    "output claims, and when penalties and ceilings apply (a mixed-integer model, solved to "
    "optimality). Marginal values and their ranges come from the same model with those choices "
    "held as planned; where holding them would leave no plan, and for 'Rs 100 crore more, awards "
    "decided again', they are decided again."
)
"""Said on the Summary of a plan with 0/1 decisions (FORMULATION.md, models/mip.py)."""

SUMMARY_WIDTHS = {"A": 28, "B": 30, "C": 12, "D": 14, "E": 14, "F": 38}
"""Summary columns: labels; values (long run-block text runs on to the right); the by-year and
binding-limit tables; E holds the binding limits' sentences, wrapped."""

SENTENCE_WIDTHS = {"meaning": 90, "mineral_shortfall": 60}
"""Widths of the table columns of sentences, wrapped. Unwrapped, a long sentence runs on over
the empty cells to its right and a printed sheet is shrunk to fit it (the Plants sheet with
``mineral_shortfall`` printed at about a quarter of its size)."""

UNIT_COLUMNS = frozenset({"unit", "per", "limit_unit"})
"""Text columns of units, set off from the number just before them."""

LEFT = Alignment(horizontal="left")
TOP = Alignment(vertical="top")
UNIT = Alignment(vertical="top", indent=1)
UNIT_HEADER = Alignment(wrap_text=True, vertical="bottom", indent=1)
"""Unit text set off from the right-aligned number just before it."""

SUMMARY_YEAR_HEADERS = (
    "Year",
    "Output (GWh)",
    "Incentive owed (USD million)",
    "Incentive owed (Rs crore)",
    "Import bill (USD million)",
)
"""Headers of the Summary's by-year table (the Years sheet keeps the schema's names)."""


# --------------------------------------------------------------------------- tables


def write_tables(wb: Workbook, tables: PlanTables) -> None:
    """One sheet per table of :data:`planner.plan.schema.TABLES`, in that order."""
    for spec in ps.TABLES:
        ws = wb.create_sheet(spec.sheet)
        write_out_table(ws, spec, tables.rows(spec))


def write_out_table(ws: Worksheet, spec: ps.OutTable, rows: Sequence[dict[str, Any]]) -> None:
    """Header (names with units) in row 1, one row per record, formats from the schema."""
    headers = [c.header for c in spec.columns]
    formats = [c.number_format for c in spec.columns]
    values = ([row.get(name) for name in spec.names] for row in rows)
    write_table(ws, headers, values, formats)
    sentences = {
        i: SENTENCE_WIDTHS[c.name]
        for i, c in enumerate(spec.columns, start=1)
        if c.name in SENTENCE_WIDTHS
    }
    units = [i for i, c in enumerate(spec.columns, start=1) if c.name in UNIT_COLUMNS]
    for col in units:
        ws.cell(row=1, column=col).alignment = UNIT_HEADER
    if sentences:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = (
                    WRAP if cell.column in sentences else UNIT if cell.column in units else TOP
                )
    fit_widths(ws)
    for col, width in sentences.items():
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    fit_heights(ws)
    print_setup(ws, "1:1")


# --------------------------------------------------------------------------- summary


def write_summary(
    ws: Worksheet,
    tables: PlanTables,
    status_text: str,
    scenario: str,
    run_block: dict[str, Any],
    warnings: Sequence[Issue],
) -> None:
    """Status, headline numbers, output by year, binding limits, input warnings, run block."""
    for letter, width in SUMMARY_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    put(ws, 1, 1, f"ACC cell plan: scenario {scenario}").font = TITLE
    put(ws, 2, 1, status_text)
    put(ws, 3, 1, tables.objective)
    put(ws, 4, 1, owed_sentence(tables.headline)).font = BOLD
    r = 4
    if tables.answers is not None:
        r = write_answers(ws, 6, tables.answers)
    r = _headline(ws, r + 2, tables)
    put(ws, r + 1, 1, INCENTIVE_NOTE).alignment = WRAP
    ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=6)
    r = _by_year(ws, r + 3, tables)
    put(ws, r + 2, 1, MARGINAL_POINTER.format(n=len(tables.marginal), sheet=ps.MARGINAL.sheet))
    r += 2
    if tables.decisions_held:
        put(ws, r + 1, 1, DECISIONS_HELD).alignment = WRAP
        ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=6)
        r += 1
    if warnings:
        r = _warnings(ws, r + 2, warnings)
    _run_block(ws, r + 2, run_block)
    fit_heights(ws)
    print_setup(ws, pages_tall=2)


def owed_sentence(headline: dict[str, Any]) -> str:
    """What the scheme owes against the budget, in one line (never "used" when more is owed:
    the plan's owed is within the budget by construction, and says so as a share)."""
    owed, budget = headline.get("incentive_rs"), headline.get("budget_rs")
    if owed is None or budget is None:
        return ""
    share = headline.get("budget_used")
    part = "" if share is None else f" ({share:.1%})".replace("%", " %")
    text = (
        f"Incentive owed under the scheme: Rs {number_text(owed)} crore of the Rs "
        f"{number_text(budget)} crore budget{part}."
    )
    step = headline.get("budget_step_gwh")
    gain = step if isinstance(step, float) else headline.get("budget_value_gwh")
    if isinstance(gain, float):
        text += f" Rs 100 crore more would buy {number_text(gain)} GWh of cells."
    return text


def _section(ws: Worksheet, row: int, title: str) -> int:
    put(ws, row, 1, title).font = SECTION
    return row + 1


def _headline(ws: Worksheet, row: int, tables: PlanTables) -> int:
    r = _section(ws, row, "Headline")
    for key, label in ps.SUMMARY_LABELS.items():
        put(ws, r, 1, label).alignment = WRAP
        put(ws, r, 2, tables.headline.get(key), HEADLINE_FORMATS.get(key, ps.MONEY))
        r += 1
    return r - 1


def _by_year(ws: Worksheet, row: int, tables: PlanTables) -> int:
    r = _section(ws, row, "Output, incentive and import bill by year")
    columns = [ps.YEARS.column(name) for name in YEAR_COLUMNS]
    rows = [[y[c.name] for c in columns] for y in tables.years]
    total = ["Total"] + [tidy(sum(y[c.name] for y in tables.years)) for c in columns[1:]]
    last = write_table(
        ws,
        SUMMARY_YEAR_HEADERS,
        [*rows, total],
        [c.number_format for c in columns],
        first_row=r,
        filter_and_freeze=False,
    )
    for c in range(1, len(columns) + 1):
        ws.cell(row=last, column=c).font = BOLD
    ws.cell(row=r, column=1).alignment = HEADER
    for row in range(r + 1, last + 1):
        ws.cell(row=row, column=1).alignment = LEFT
    return last


def _warnings(ws: Worksheet, row: int, warnings: Sequence[Issue]) -> int:
    r = _section(ws, row, f"Input warnings ({len(warnings)}); the run went on")
    for issue in warnings:
        put(ws, r, 1, issue.where)
        put(ws, r, 2, issue.message)
        r += 1
    return r - 1


def _run_block(ws: Worksheet, row: int, run_block: dict[str, Any]) -> int:
    r = _section(ws, row, "Run information")
    for key, label in ps.RUN_LABELS.items():
        put(ws, r, 1, label).font = BOLD
        put(ws, r, 2, run_block.get(key))
        r += 1
    return r - 1


# --------------------------------------------------------------------------- input copies


def copy_inputs(
    wb: Workbook,
    workbook_bytes: bytes,
    overridden: Mapping[str, Any] | None = None,
    copies: Mapping[str, SheetCopy] | None = None,
) -> list[str]:
    """Copy the input sheets accplan reads, values only, to ``In <name>`` at the same cells.

    Other sheets (notes, pivot tables, a million rows of raw data) are neither parsed nor copied:
    the plan records what the plan was built from.

    ``overridden`` (``Sheet!Cell`` → value) are the cells a run's overrides changed: the copy
    shows the value the plan was made with, so comparing two plans sees the override.

    Formulas are not copied: a cell shows the value the input workbook saved for it (and is empty
    when it saved none). Column widths are kept so the copy reads like the original.

    ``copies`` are the sheets' values and widths as :mod:`planner.workbook.read` parsed them
    (``LoadedInput.copies``): given, the workbook is not parsed a second time.

    openpyxl's warnings on reloading (e.g. a date-formatted cell it cannot convert) are ignored:
    :mod:`planner.workbook.read` read these same bytes first and already reported what matters.
    """
    if copies:
        return _copy_read_sheets(wb, copies, overridden or {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        slim = prepare(workbook_bytes, "input", SHEET_BY_NAME).data
        source = load_workbook(io.BytesIO(slim), data_only=True)
    names: list[str] = []
    try:
        for ws_in in source.worksheets:
            if ws_in.title not in SHEET_BY_NAME:
                continue
            ws = wb.create_sheet(_copy_name(ws_in.title, names))
            names.append(ws.title)
            _copy_cells(ws_in, ws)
            _overridden_cells(ws, ws_in.title, overridden or {})
            print_setup(ws)
    finally:
        source.close()
    return names


def _copy_read_sheets(
    wb: Workbook, copies: Mapping[str, SheetCopy], overridden: Mapping[str, Any]
) -> list[str]:
    names: list[str] = []
    for title, copy in copies.items():
        ws = wb.create_sheet(_copy_name(title, names))
        names.append(ws.title)
        for row, column, value in copy.cells:
            put(ws, row, column, value)
        for letter, width in copy.widths.items():
            ws.column_dimensions[letter].width = width
        _overridden_cells(ws, title, overridden)
        print_setup(ws)
    return names


def _copy_name(title: str, taken: list[str]) -> str:
    name = (ps.INPUT_SHEET_PREFIX + title)[:31]
    n = 2
    lowered = {t.lower() for t in taken}
    while name.lower() in lowered:
        suffix = f"~{n}"
        name = (ps.INPUT_SHEET_PREFIX + title)[: 31 - len(suffix)] + suffix
        n += 1
    return name


def _overridden_cells(ws: Worksheet, title: str, overridden: Mapping[str, Any]) -> None:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    for ref, value in sorted(overridden.items()):
        sheet, _, cell = ref.partition("!")
        if sheet == title:
            letters, row = coordinate_from_string(cell)
            put(ws, row, column_index_from_string(letters), value)


def _copy_cells(ws_in: Worksheet, ws: Worksheet) -> None:
    # Only the cells stored in the file (ws._cells, as planner.workbook.read does):
    # iter_rows() would visit every blank cell up to the last used row and column, which for
    # one stray value at XFD1048576 is ~17 billion cells.
    for (row, column), cell in sorted(ws_in._cells.items()):
        if cell.value is not None:
            put(ws, row, column, cell.value)
    for letter, dim in sorted(ws_in.column_dimensions.items()):
        if dim.width:
            ws.column_dimensions[letter].width = dim.width
