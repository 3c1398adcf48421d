"""Write input workbooks from the schema: the blank template, and filled ones (the base case).

Every sheet gets its headers from :data:`planner.workbook.schema.SHEETS`, each with its unit in
brackets (``capex_musd_per_gwh (USD M/GWh)``, ``2026 (GWh/yr)``; the reader maps it back to the
name) and a note (cell comment) with meaning, unit and rule; number formats, dropdown lists for
references and allowed values, and frozen headers. Sheets come in an order where every sheet a
dropdown draws on comes before the sheets that use it (:func:`sheet_order`). An About sheet
describes each sheet. The blank template starts with the scheme's own numbers
(:mod:`planner.workbook.statutory`), listed with their sources on a Sources sheet. Files are
written to a temporary file in the target folder and moved into place, so a failed write never
leaves half a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl.styles import PatternFill

from planner.errors import OutputError
from planner.workbook.schema import (
    INTEGER,
    NUMBER,
    SHEET_BY_NAME,
    SHEETS,
    TEXT,
    YEAR,
    ColumnSpec,
    SheetSpec,
)
from planner.workbook.spec import sheet_order, unit_header
from planner.xlsx.atomic import atomic_target, save_workbook
from planner.xlsx.cells import print_setup

ABOUT_SHEET = "About"
SOURCES_SHEET = "Sources"
"""Where the blank template lists the scheme values it starts with (the reader ignores it)."""
INPUT_FILL = PatternFill("solid", fgColor="FFF5CC")
"""Cells to fill in are shaded (light yellow); headers and notes are not."""

STYLED_ROWS = 200
"""Rows below the header that get number formats and dropdowns in a blank sheet."""
HEADER_FILL = "DDEBF7"


def column_note(col: ColumnSpec) -> str:
    """The header note: meaning, unit, required or optional, and the allowed values."""
    from planner.workbook.cells import expected

    parts = [col.description]
    if col.unit:
        parts.append(f"Unit: {col.unit}.")
    need = (
        "Required."
        if col.required
        else (
            "Optional; blank = " + (f"{col.default}." if col.default not in (None, "") else "none.")
        )
    )
    parts.append(need)
    if col.references:
        sheet, column = col.references.split(".")
        parts.append(f"Must be a {column} listed on the {sheet} sheet.")
    elif col.dtype == YEAR:
        parts.append(
            "Allowed: a whole year"
            + ("." if col.any_year else " within the horizon on the Settings sheet.")
        )
    elif col.dtype != TEXT or col.allowed:
        parts.append(f"Allowed: {expected(col, None)}.")
    return " ".join(p for p in parts if p)


def build_workbook(
    tables: Mapping[str, Any] | None,
    years: Sequence[int],
    about_title: str = "accplan input workbook",
    about_lines: Sequence[str] = (),
) -> Any:
    """An openpyxl Workbook with every schema sheet, filled from ``tables`` where given.

    ``tables`` follows :mod:`tests.workbooks`: Settings as setting → value, other sheets as lists
    of row dicts (year-by-year sheets keyed by int year). Sheets absent from ``tables`` are blank.
    """
    from openpyxl import Workbook

    wb = Workbook()
    _about(wb.active, about_title, about_lines)
    for spec in sheet_order(SHEETS):
        ws = wb.create_sheet(spec.name)
        content = (tables or {}).get(spec.name)
        if spec.layout == "settings":
            _settings_sheet(ws, spec, content or {})
        else:
            _table_sheet(ws, spec, content or [], years)
    return wb


def _about(ws: Any, title: str, lines: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.title = ABOUT_SHEET
    ws["A1"], ws["A1"].font = title, Font(bold=True, size=14)
    row = 2
    for line in lines:
        ws.cell(row=row, column=1, value=line)
        row += 1
    intro = (
        "Fill in one sheet per table below, in this order (a sheet offers drop-downs of the ids "
        "on the sheets above it). Row 1 holds the column names with their units in brackets: "
        "do not rename them (the name alone, without the unit, is read the same). Hover over a "
        "header to see its meaning and rule. Type values, not formulas; leave optional cells "
        "blank. Check the workbook with: accplan validate WORKBOOK."
    )
    ws.cell(row=row + 1, column=1, value=intro).alignment = Alignment(wrap_text=True)
    head = row + 3
    for col, text in enumerate(("Sheet", "Required", "Layout", "What it holds"), start=1):
        ws.cell(row=head, column=col, value=text).font = Font(bold=True)
    for i, spec in enumerate(sheet_order(SHEETS), start=head + 1):
        layout = {
            "settings": "one setting per row (name in A, value in B)",
            "years": "one row per " + " + ".join(spec.keys) + ", one column per year",
            "table": "one row per " + " + ".join(spec.keys),
        }[spec.layout]
        values = (spec.name, "yes" if spec.required else "optional", layout, spec.description)
        for col, text in enumerate(values, start=1):
            ws.cell(row=i, column=col, value=text)
    for letter, width in zip("ABCD", (14, 10, 48, 110), strict=True):
        ws.column_dimensions[letter].width = width
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=4)
    ws.row_dimensions[row + 1].height = 45  # the intro wraps across A:D, on three lines
    print_setup(ws)


def _header(ws: Any, col: int, text: Any, note: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = ws.cell(row=1, column=col, value=text)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")  # a long name wraps at its unit
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    comment = Comment(note, "accplan")
    comment.width, comment.height = 320, 140
    cell.comment = comment


def _settings_sheet(ws: Any, spec: SheetSpec, values: Mapping[str, Any]) -> None:
    for col, (text, note) in enumerate(
        (
            ("setting", "Setting name; do not change it."),
            ("value", "The value of the setting (see the unit in column C)."),
            ("unit", "Unit of the value (for information)."),
            ("description", "What the setting means (for information)."),
        ),
        start=1,
    ):
        _header(ws, col, text, note)
    for row, col in enumerate(spec.columns, start=2):
        ws.cell(row=row, column=1, value=col.name)
        cell = ws.cell(row=row, column=2, value=values.get(col.name))
        cell.number_format = col.number_format
        cell.comment = _comment(column_note(col))
        cell.fill = INPUT_FILL
        _number_rule(ws, col, cell.coordinate)
        ws.cell(row=row, column=3, value=col.unit)
        ws.cell(row=row, column=4, value=col.description)
    for letter, width in zip("ABCD", (24, 14, 14, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")


def _comment(text: str) -> Any:
    from openpyxl.comments import Comment

    comment = Comment(text, "accplan")
    comment.width, comment.height = 320, 120
    return comment


def _table_sheet(
    ws: Any, spec: SheetSpec, rows: Sequence[Mapping[Any, Any]], years: Sequence[int]
) -> None:
    from openpyxl.utils import get_column_letter

    columns: list[tuple[Any, ColumnSpec]] = [(c.name, c) for c in spec.columns if not c.legacy]
    if spec.layout == "years" and spec.year_value is not None:
        columns += [(year, spec.year_value) for year in years]
    last = max(len(rows), STYLED_ROWS) + 1
    for index, (head, col) in enumerate(columns, start=1):
        note = column_note(col) + (f" Year {head}." if isinstance(head, int) else "")
        text = unit_header(head, col.unit)
        _header(ws, index, text, note)
        letter = get_column_letter(index)
        widest = max(len(part) for part in text.split(" ("))  # wrapped at the bracket
        ws.column_dimensions[letter].width = max(10, min(30, widest + 3))
        for r, row in enumerate(rows, start=2):
            ws.cell(row=r, column=index, value=row.get(head))
        for r in range(2, last + 1):
            ws.cell(row=r, column=index).number_format = col.number_format
        _dropdown(ws, col, f"{letter}2:{letter}{last}")
        _number_rule(ws, col, f"{letter}2:{letter}{last}")
        for r in range(2, last + 1):
            ws.cell(row=r, column=index).fill = INPUT_FILL
    ws.row_dimensions[1].height = 30  # two lines: the name, then its unit
    ws.freeze_panes = "B2" if spec.layout == "years" else "A2"
    print_setup(ws, "1:1")


def _number_rule(ws: Any, col: ColumnSpec, area: str) -> None:
    """Excel's own check of a number as it is typed, from the schema's bounds: a decimal in
    [low, high] (so 25 is refused where a share 0.25 is meant), a whole number for years."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if col.dtype == NUMBER and (col.low is not None or col.high is not None):
        kind = "decimal"
        low = col.low if col.low is not None else -1e307
        high = col.high if col.high is not None else 1e307
    elif col.dtype in (INTEGER, YEAR):
        kind = "whole"
        low = col.low if col.low is not None else 2000 if col.dtype == YEAR else -(10**9)
        high = col.high if col.high is not None else 2100 if col.dtype == YEAR else 10**9
    else:
        return
    rule = DataValidation(
        type=kind, operator="between", formula1=f"{low:g}", formula2=f"{high:g}", allow_blank=True
    )
    rule.error = f"{col.name}: " + (
        f"a share from {low:g} to {high:g} (write 25 % as 0.25)."
        if col.share
        else f"a {'whole number' if kind == 'whole' else 'number'} from {low:g} to {high:g}."
    )
    rule.errorTitle = "accplan"
    rule.showErrorMessage = True
    rule.add(area)
    ws.add_data_validation(rule)


def _dropdown(ws: Any, col: ColumnSpec, area: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if col.references:
        sheet, column = col.references.split(".")
        target = SHEET_BY_NAME[sheet]
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(target.names.index(column) + 1)
        formula = f"='{sheet}'!${letter}$2:${letter}${STYLED_ROWS * 5}"
    elif col.allowed:
        formula = '"' + ",".join(col.allowed) + '"'
    else:
        return
    rule = DataValidation(type="list", formula1=formula, allow_blank=not col.required)
    rule.error = f"Choose {col.name} from the list."
    rule.errorTitle = "accplan"
    rule.showErrorMessage = False
    rule.add(area)
    ws.add_data_validation(rule)


def save_atomically(wb: Any, path: Path, core_time: dt.datetime | None = None) -> Path:
    """Save ``wb`` atomically (temporary file beside ``path``, then moved into place)."""
    return save_workbook(wb, Path(path), core_time)


def write_template(
    path: Path, first_year: int = 2026, last_year: int = 2032, overwrite: bool = False
) -> Path:
    """Write a blank input workbook for the years ``first_year``–``last_year`` to ``path``."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputError(
            f"{path}: the file already exists and may be someone's input; "
            "choose another name (or pass --force to replace it)."
        )
    from planner.workbook.statutory import prefilled_tables

    tables = prefilled_tables()
    tables["Settings"] = {"first_year": first_year, "last_year": last_year, **tables["Settings"]}
    wb = build_workbook(tables, range(first_year, last_year + 1))
    _scheme_sources(wb)
    return save_atomically(wb, path)


def _scheme_sources(wb: Any) -> None:
    """Add to each prefilled cell's note where its value comes from, and list them all on a
    Sources sheet (cell, value, basis, source)."""
    from openpyxl.styles import Alignment, Font

    from planner.workbook.statutory import SCHEME_VALUES

    ws = wb.create_sheet(SOURCES_SHEET)
    head = ("input", "cell", "value", "basis", "source")
    for col, text in enumerate(head, start=1):
        ws.cell(row=1, column=col, value=text).font = Font(bold=True)
    for row, item in enumerate(SCHEME_VALUES, start=2):
        ref = _prefilled_cell(wb[item.sheet], item)
        cell = wb[item.sheet][ref]
        cell.comment = _comment(
            f"{cell.comment.text if cell.comment else ''} Prefilled with the scheme's value: "
            f"{item.basis}. Source: {item.source}".strip()
        )
        values = (item.label, f"{item.sheet}!{ref}", item.value, item.basis, item.source)
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for letter, width in zip("ABCDE", (34, 12, 10, 60, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")


def _prefilled_cell(ws: Any, item: Any) -> str:
    """The coordinate of a scheme value on its sheet, as :func:`build_workbook` wrote it."""
    from openpyxl.utils import get_column_letter

    spec = SHEET_BY_NAME[item.sheet]
    if spec.layout == "settings":
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == item.key)
        return f"B{row}"
    key_col = spec.names.index(spec.keys[0]) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, key_col).value == item.key)
    return f"{get_column_letter(spec.names.index(item.column) + 1)}{row}"


EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "acc_base.xlsx"
"""The base case the repository ships (example data live in inputs/, never in code)."""


def write_example(path: Path, overwrite: bool = False) -> Path:
    """Copy the shipped base case to ``path`` (atomically; an existing file only with
    ``overwrite``).

    Raises
    ------
    OutputError
        ``path`` exists, or accplan was installed without its ``inputs/`` folder.
    """
    import shutil

    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputError(
            f"{path}: the file already exists and may be someone's input; "
            "choose another name (or pass --force to replace it)."
        )
    if not EXAMPLE.is_file():
        raise OutputError(
            "the example workbook ships with accplan's source (inputs/acc_base.xlsx) and is "
            "not installed here; copy it from the repository, or install with pip install -e ."
        )
    with atomic_target(path) as tmp:
        shutil.copyfile(EXAMPLE, tmp)
    return path
