"""Plans are saved with a faster sheet writer (planner.xlsx.atomic); the file must be the one
openpyxl's own writer makes, byte for byte, for every kind of cell a plan holds (openpyxl is the
independent reference here)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from planner.xlsx import atomic
from planner.xlsx.cells import put

NOON = dt.datetime(2026, 1, 2, 12, 0, 0)
VALUES = [
    0,
    -3,
    2026,
    12345678901234567,
    1.5,
    -0.1,
    1e-12,
    3.0e20,
    2 / 3,
    float("nan"),
    True,
    False,
    "plain",
    "a & b < c > d",
    '"quoted" \u00e9\u20ac',
    "  padded  ",
    " lead",
    "=SUM(A1)",
    "two\nlines",
    "",
    None,
    dt.datetime(2026, 3, 4, 5, 6, 7),
    dt.date(2026, 3, 4),
]


def _workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    for i, value in enumerate(VALUES, start=1):
        put(ws, i, 1, value, "#,##0.000" if i % 2 else None)
        ws.cell(row=i, column=2, value=value if not isinstance(value, float) else None)
        ws.cell(row=i, column=3).font = Font(bold=True)
    ws.cell(row=30, column=1).alignment = Alignment(wrap_text=True)
    ws.row_dimensions[5].height = 30
    ws.cell(row=31, column=2, value="linked").hyperlink = "https://example.org"
    ws.cell(row=33, column=1, value="merged over three columns").font = Font(bold=True)
    ws.merge_cells(start_row=33, start_column=1, end_row=34, end_column=3)
    return wb


def test_plan_writer_matches_openpyxl_byte_for_byte(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    atomic.write_xlsx(_workbook(), ours, NOON)
    wb = _workbook()
    wb.save(theirs)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":  # document times differ on purpose
                assert a.read(name) == b.read(name), name


def test_fast_path_is_taken() -> None:
    """Numbers and plain text do not go through openpyxl's per-cell serializer."""
    wb = _workbook()
    ws = wb.active
    assert atomic._cell_xml(ws["A5"], ws["A5"].has_style) is not None  # 1.5
    assert atomic._cell_xml(ws["A13"], ws["A13"].has_style) is not None  # "plain"
    assert atomic._cell_xml(ws["A16"], ws["A16"].has_style) is None  # padded: openpyxl's own
    buffer = io.BytesIO()
    atomic.write_xlsx(wb, buffer, NOON)
    assert buffer.getvalue()
