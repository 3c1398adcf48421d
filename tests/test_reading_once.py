"""The input is parsed once when it has no formula cells: the template's dropdown lists
(``<formula1>`` in a data validation) are not formulas."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from planner.workbook.read import _has_formulas

ROOT = Path(__file__).resolve().parents[1]


def test_dropdowns_are_not_formulas() -> None:
    data = (ROOT / "inputs" / "acc_base.xlsx").read_bytes()
    assert b"<formula1" in _unzipped(data)  # the template's dropdowns are there
    assert not _has_formulas(data, "acc_base.xlsx")


def test_a_formula_cell_is_found() -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 2
    wb.active["A2"] = "=A1*3"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _has_formulas(buffer.getvalue(), "f.xlsx")


def _unzipped(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))


def test_only_cells_without_content_are_left_out() -> None:
    from planner.xlsx.census import without_unread

    xml = (
        b'<sheetData><row r="2"><c r="A2" s="3"/><c r="B2" t="s"><v>0</v></c><x:c r="C2" s="1"/>'
        b'<c r="D2"><f>A1</f></c><c r="E2" t="e"><v>#N/A</v></c><cols><col min="1"/></cols>'
        b'<c/></row><row r="3" ht="15"><c r="A3" s="2"/> </row><x:row r="4" hidden="1"/>'
        b'</sheetData><dataValidations count="1"><dataValidation sqref="A2:A9" type="list">'
        b"<formula1>Plants!$A$2:$A$9</formula1></dataValidation></dataValidations><pageMargins/>"
    )
    assert without_unread(xml) == (
        b'<sheetData><row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2"><f>A1</f></c>'
        b'<c r="E2" t="e"><v>#N/A</v></c><cols><col min="1"/></cols></row></sheetData>'
        b"<pageMargins/>"
    )


def test_the_shaded_blank_rows_are_not_parsed_and_nothing_read_changes() -> None:
    """The template shades 200 rows of every sheet; those styled blank cells (and the rows they
    leave empty, and the drop-down rules) are dropped before openpyxl parses the sheets, and
    every value, merged range, hidden row of a value or column and width read from what is left
    is as in the file."""
    from planner.workbook.schema import SHEET_BY_NAME
    from planner.xlsx.census import prepare

    data = (ROOT / "inputs" / "acc_base.xlsx").read_bytes()
    slim = prepare(data, "acc_base.xlsx", SHEET_BY_NAME).data
    full = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    lean = openpyxl.load_workbook(io.BytesIO(slim), data_only=True)
    read = [name for name in SHEET_BY_NAME if name in full.sheetnames]
    for name in read:
        assert _read(full[name]) == _read(lean[name]), name
    stored = [(len(full[name]._cells), len(lean[name]._cells)) for name in read]
    assert sum(b for _, b in stored) < sum(a for a, _ in stored) / 10  # most were blank


def _read(ws: openpyxl.worksheet.worksheet.Worksheet) -> tuple:
    values = {k: c.value for k, c in ws._cells.items() if c.value is not None}
    rows = {r for r, _ in values}
    hidden_rows = {r for r, d in ws.row_dimensions.items() if d.hidden and r in rows}
    columns = {k: (d.width, d.hidden) for k, d in ws.column_dimensions.items()}
    return values, sorted(map(str, ws.merged_cells.ranges)), hidden_rows, columns, ws.sheet_state
