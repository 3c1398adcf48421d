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
