"""The input copies in a plan ("In <sheet>"): stray far cells, and openpyxl's warnings."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.plan import schema as ps
from planner.plan.write import RunInfo, write_plan
from tests.plan_fixtures import HandInput, hand_input, hand_result

NOTES = ps.INPUT_SHEET_PREFIX + "Settings"


def with_notes(folder: Path, cells: dict[str, tuple[object, str | None]]) -> HandInput:
    """The hand input with its Settings sheet also holding ``cells`` (address -> value, number
    format), and a Notes sheet that accplan does not read."""
    source = hand_input(folder)
    wb = load_workbook(source.path)
    wb.create_sheet("Notes")["A1"] = "not read"
    notes = wb["Settings"]
    for address, (value, number_format) in cells.items():
        notes[address] = value
        if isinstance(value, str):
            notes[address].data_type = "s"  # "=1+1" is text here, not a formula
        if number_format:
            notes[address].number_format = number_format
    wb.save(source.path)
    source.sha256 = hashlib.sha256(source.path.read_bytes()).hexdigest()
    return source


def test_far_stray_cells_are_copied_alone(tmp_path: Path) -> None:
    """One value at XFD1048576 (the last cell of a sheet) and one at CV100000: only these two
    cells are written, at the same addresses (walking every blank cell up to there would take
    hours)."""
    source = with_notes(
        tmp_path,
        {"CV100000": (2.5, None), "XFD1048576": ("last cell", None)},
    )
    out = tmp_path / "plan.xlsx"
    write_plan(out, source, hand_result(), RunInfo(run_time=None))
    copy = load_workbook(out)[NOTES]
    far = {c.coordinate: c.value for c in copy._cells.values() if c.column > 26 or c.row > 100}
    assert far == {
        "CV100000": 2.5,
        "XFD1048576": "last cell",
    }


def test_far_formula_like_text_stays_text(tmp_path: Path) -> None:
    source = with_notes(tmp_path, {"XFD1048576": ("=1+1", None)})
    out = tmp_path / "plan.xlsx"
    write_plan(out, source, hand_result(), RunInfo(run_time=None))
    cell = load_workbook(out)[NOTES]["XFD1048576"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


def test_openpyxl_warnings_on_reloading_the_input_do_not_reach_the_user(
    tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    """A date-formatted cell holding 1e10 makes openpyxl warn (with its own file:line) when it
    loads the workbook; the plan is written without passing that warning on."""
    source = with_notes(tmp_path, {"Z1": (1e10, "yyyy-mm-dd")})
    with pytest.warns(UserWarning):  # the input really does make openpyxl warn
        load_workbook(source.path, data_only=True)
    recwarn.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        write_plan(tmp_path / "plan.xlsx", source, hand_result(), RunInfo(run_time=None))
    assert [str(w.message) for w in recwarn] == []
    assert (tmp_path / "plan.xlsx").exists()


def test_sheets_accplan_does_not_read_are_not_copied(tmp_path: Path) -> None:
    source = with_notes(tmp_path, {})
    out = tmp_path / "plan.xlsx"
    write_plan(out, source, hand_result(), RunInfo(run_time=None))
    names = load_workbook(out, read_only=True).sheetnames
    assert NOTES in names
    assert ps.INPUT_SHEET_PREFIX + "Notes" not in names
