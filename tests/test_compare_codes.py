"""Issue codes outside input validation (plans read back, a plain input error, solver notes)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.compare.read import read_plan
from planner.errors import InputError
from planner.plan import schema as ps
from tests.compare_fixtures import base_tables, write_plan


def _codes(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_plan(path)
    return [i.code for i in info.value.issues]


def test_duplicate_key_is_plan_duplicate_key(tmp_path: Path) -> None:
    tables = base_tables()
    tables[ps.YEARS.sheet].append(dict(tables[ps.YEARS.sheet][0]))
    assert _codes(write_plan(tmp_path / "dup.xlsx", tables)) == ["plan-duplicate-key"]


def test_missing_key_column_is_plan_missing_key(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "p.xlsx")
    wb = load_workbook(path)
    wb[ps.PLANTS.sheet]["A1"] = "plant"
    wb.save(path)
    assert "plan-missing-key" in _codes(path)


def test_damaged_sheet_is_plan_damaged(tmp_path: Path) -> None:
    """A sheet part cut off in the middle of its XML."""
    good = write_plan(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    assert _codes(bad) == ["plan-damaged"]


def test_a_message_alone_is_an_input_issue() -> None:
    """InputError("...") without issues holds one issue of the generic code "input"."""
    error = InputError("--last-year 2020 is before --first-year 2026.", where="--last-year")
    assert [(i.code, i.where) for i in error.issues] == [("input", "--last-year")]


def test_solver_doubts_are_numerics_warnings() -> None:
    """A solve's numerical notes reach the plan as warnings of code "numerics", one per note."""
    from models.result import SolveResult, SolveStatus
    from planner.plan.write import numerics_warnings

    result = SolveResult(SolveStatus.OPTIMAL, "ok", numerics=("a note", "another"))
    found = numerics_warnings(result)
    assert [(i.code, i.severity, i.message) for i in found] == [
        ("numerics", "warning", "a note"),
        ("numerics", "warning", "another"),
    ]
