"""Damaged, ambiguous and oversized workbooks: each refused with the file and the part or cell
named, exit status 2 from ``accplan solve``, and nothing written.

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`
(Plants: A plant_id, E online_year; Settings values in column B).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.errors import InputError, Issue
from planner.workbook.load import load_input, validate_file
from planner.xlsx import census
from tests.cli_run import run_accplan
from tests.workbooks import patch_part, sheet_part, write_small_workbook


def _refused(path: Path) -> Issue:
    with pytest.raises(InputError) as caught:
        load_input(path)
    assert len(caught.value.issues) == 1, caught.value.issues
    return caught.value.issues[0]


def _solve_refuses(capsys: pytest.CaptureFixture[str], path: Path, *words: str) -> str:
    """``accplan solve`` exits 2 naming the file and ``words``, and writes nothing."""
    before = sorted(p.name for p in path.parent.iterdir())
    code, _, err = run_accplan(capsys, "solve", path, "-o", path.parent / "plan.xlsx", "-q")
    assert code == 2, err
    assert path.name in err
    for word in words:
        assert word in err
    assert sorted(p.name for p in path.parent.iterdir()) == before
    return err


def test_two_archive_members_of_one_name_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_small_workbook(tmp_path / "twice.xlsx")
    part = sheet_part(path, "Plants")
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr(part, archive.read(part))
    issue = _refused(path)
    assert (issue.code, issue.where) == ("duplicate-part", f"twice.xlsx (part {part})")
    _solve_refuses(capsys, path, part)


def test_one_cell_given_twice_is_refused_naming_the_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Row 2 of Plants gets a second E2 (online_year 2099) after the first: the last would win."""
    path = write_small_workbook(tmp_path / "cells.xlsx")
    patch_part(
        path,
        sheet_part(path, "Plants"),
        b"</sheetData>",
        b'<row r="2"><c r="E2"><v>2099</v></c></row></sheetData>',
    )
    # openpyxl would read it silently: 2099 replaces the first value.
    assert load_workbook(path)["Plants"]["E2"].value == 2099
    issue = _refused(path)
    assert (issue.code, issue.where) == ("duplicate-cell", "Plants!E2")
    assert issue.message.startswith("cells.xlsx holds this cell twice")
    _solve_refuses(capsys, path, "Plants!E2")


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (b'<c r="B1048577" s="1"/>', "B1048577"),  # a styled empty cell below the grid
        (b'<c r="B0"><v>1</v></c>', "B0"),
        (b'<c r="XFE2"><v>1</v></c>', "XFE2"),
    ],
)
def test_cells_outside_the_grid_are_refused_and_never_named_as_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, cell: bytes, shown: str
) -> None:
    path = write_small_workbook(tmp_path / "grid.xlsx")
    patch_part(path, sheet_part(path, "Plants"), b"</row>", cell + b"</row>")
    issue = _refused(path)
    assert (issue.code, issue.where) == ("cell-outside-grid", "grid.xlsx, sheet Plants")
    assert f"names {shown}, outside Excel's grid" in issue.message
    err = _solve_refuses(capsys, path, shown)
    assert f"Plants!{shown}" not in err


def test_stale_formula_results_are_warned_on_with_their_cells(tmp_path: Path) -> None:
    """Plants!E2 is a formula with a saved result 2026; the workbook asks to be recalculated on
    load, so 2026 may be stale."""
    path = write_small_workbook(tmp_path / "calc.xlsx")
    part = sheet_part(path, "Plants")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part)
    start = xml.index(b'<c r="E2"')
    end = xml.index(b"</c>", start) + 4
    patch_part(path, part, xml[start:end], b'<c r="E2"><f>2025+1</f><v>2026</v></c>')
    patch_part(path, "xl/workbook.xml", b"</workbook>", b'<calcPr fullCalcOnLoad="1"/></workbook>')
    issues = validate_file(path)
    stale = [i for i in issues if i.code == "stale-formula-results"]
    assert [(i.where, i.severity) for i in stale] == [("Plants!E2", "warning")]
    assert "(E2) may be out of date" in stale[0].message
    assert not [i for i in issues if i.is_error]


def test_too_many_cells_are_refused_with_the_count_and_the_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(census, "MAX_CELLS", 20)
    path = write_small_workbook(tmp_path / "big.xlsx")
    issue = _refused(path)
    assert issue.code == "too-large"
    assert issue.where.startswith("big.xlsx")
    assert "accplan reads at most 20 (more cannot be read in about a minute" in issue.message
    _solve_refuses(capsys, path, "at most 20")


def test_too_many_shared_strings_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(census, "MAX_SHARED_STRINGS", 2)
    path = write_small_workbook(tmp_path / "strings.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>x</t></si>" * 3 + "</sst>")
    issue = _refused(path)
    assert (issue.code, issue.where) == ("too-large", "strings.xlsx")
    assert issue.message.startswith("the workbook holds 3 shared strings (texts)")


def test_a_large_sheet_accplan_does_not_read_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Notes sheet of 300 cells with the cell limit at 200 (the small workbook has fewer): the
    workbook is read, because only the sheets accplan reads count, and Notes arrives empty."""
    monkeypatch.setattr(census, "MAX_CELLS", 200)
    path = write_small_workbook(tmp_path / "notes.xlsx")
    wb = load_workbook(path)
    notes = wb.create_sheet("Notes")
    for r in range(1, 101):
        notes.append([r, r, r])
    wb.save(path)
    loaded = load_input(path)
    assert loaded.sheet_names
    prepared = census.prepare(path.read_bytes(), "notes.xlsx", ["Plants"])
    slim = load_workbook(io.BytesIO(prepared.data))
    assert slim["Notes"].max_row == 1 and slim["Notes"]["A1"].value is None
    assert slim["Plants"]["A2"].value == "P1"


def test_excels_lock_file_is_named_as_such(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Excel writes ``~$name.xlsx`` (165 bytes: the user's name) beside an open workbook."""
    lock = tmp_path / "~$acc_base.xlsx"
    lock.write_bytes(b"\x05alice" + b"\x20" * 50 + b"\x00" * 109)
    issue = _refused(lock)
    assert (issue.code, issue.where) == ("lock-file", "~$acc_base.xlsx")
    assert issue.message == (
        "this is Excel's lock file for acc_base.xlsx (Excel keeps it while acc_base.xlsx is "
        "open and deletes it when closed), not a workbook; give acc_base.xlsx itself."
    )
    _solve_refuses(capsys, lock, "acc_base.xlsx itself")
    code, _, err = run_accplan(capsys, "compare", lock, lock)
    assert code == 2 and "this is Excel's lock file for acc_base.xlsx" in err


@pytest.mark.parametrize(
    ("cell", "code", "words"),
    [
        (b'<c r="F2"><v>NaN</v></c>', "damaged-cell", "a number cell holding 'NaN'"),
        (b'<c r="F2" s="999"><v>60</v></c>', "damaged-cell", "style number '999' does not exist"),
        (b'<c r="F2" t="s"><v>999</v></c>', "damaged-cell", "text number '999', which does not"),
        (b'<c r="F2" t="b"><v>x</v></c>', "damaged-cell", "a true/false cell holding 'x'"),
        (b'<c r="F2" t="d"><v>x</v></c>', "damaged-cell", "a date cell holding 'x'"),
        (b'<c r="F2"><v>' + b"9" * 400 + b"</v></c>", "non-finite", "a number of 400 digits"),
    ],
    ids=["nan", "style", "shared-string", "boolean", "date", "400-digits"],
)
def test_a_damaged_cell_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, cell: bytes, code: str, words: str
) -> None:
    """Plants!F2 (capex_musd_per_gwh, 60 in the small workbook) replaced by damaged XML."""
    path = write_small_workbook(tmp_path / "damaged.xlsx")
    part = sheet_part(path, "Plants")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part)
    start = xml.index(b'<c r="F2"')
    patch_part(path, part, xml[start : xml.index(b"</c>", start) + 4], cell)
    issue = _refused(path)
    assert (issue.code, issue.where) == (code, "Plants!F2")
    assert words in issue.message
    if code == "damaged-cell":
        assert issue.message.startswith("damaged.xlsx cannot be read at this cell")
    _solve_refuses(capsys, path, "Plants!F2")


def test_running_out_of_memory_is_a_message_with_the_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl raising MemoryError (as it does on a workbook too big for the machine)."""
    import openpyxl

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    path = write_small_workbook(tmp_path / "huge.xlsx")
    monkeypatch.setattr(openpyxl, "load_workbook", exhausted)
    issue = _refused(path)
    assert (issue.code, issue.where) == ("out-of-memory", "huge.xlsx")
    assert issue.message.startswith("the workbook (")
    assert "MB unpacked) does not fit in this computer's memory" in issue.message


def test_broken_xml_is_named_by_the_cell_before_it(tmp_path: Path) -> None:
    """A stray ``<`` inside the tag of Plants!E2: the XML breaks in E2's tag, after the last
    complete cell reference, which is E2's own."""
    path = write_small_workbook(tmp_path / "cut.xlsx")
    patch_part(path, sheet_part(path, "Plants"), b'<c r="E2"', b'<c r="E2" <')
    issue = _refused(path)
    assert (issue.code, issue.where) == ("damaged-cell", "Plants!E2")
    assert issue.message.startswith("cut.xlsx cannot be read at this cell: the sheet's XML is")
