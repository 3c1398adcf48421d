"""Writing a plan safely: atomic replacement, refusals, determinism, and the cell-level guards."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from models.result import SolveStatus
from planner.errors import InputError, OutputError, SolveError
from planner.plan import schema as ps
from planner.plan.write import RunInfo, write_plan
from planner.words import number_text
from planner.xlsx import atomic
from planner.xlsx.cells import put
from tests.plan_fixtures import hand_input, hand_result

NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def cells(path: Path) -> dict[tuple[str, str], object]:
    wb = load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_reproducible_plans_are_byte_identical(tmp_path: Path) -> None:
    source = hand_input(tmp_path)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_plan(a, source, hand_result(), RunInfo(run_time=None))
    write_plan(b, source, hand_result(), RunInfo(run_time=None))
    assert a.read_bytes() == b.read_bytes()


def test_only_the_run_time_cell_differs_between_runs(tmp_path: Path) -> None:
    source = hand_input(tmp_path)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_plan(a, source, hand_result(), RunInfo(run_time=NOON, timings={"solving": 1.0}))
    later = NOON + dt.timedelta(hours=1)
    write_plan(b, source, hand_result(), RunInfo(run_time=later, timings={"solving": 2.0}))
    ca, cb = cells(a), cells(b)
    differ = sorted(k for k in ca.keys() | cb.keys() if ca.get(k) != cb.get(k))
    assert len(differ) == 1
    sheet, coordinate = differ[0]
    label = load_workbook(a)[sheet][f"A{coordinate[1:]}"].value
    assert sheet == ps.SUMMARY_SHEET and label == ps.RUN_LABELS["run_time"]


def test_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    source = hand_input(tmp_path)
    before = source.path.read_bytes()
    with pytest.raises(InputError, match="never writes its input"):
        write_plan(source.path, source, hand_result(), RunInfo())
    assert source.path.read_bytes() == before


def test_failure_while_writing_keeps_the_previous_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = hand_input(tmp_path)
    out = tmp_path / "plan.xlsx"
    write_plan(out, source, hand_result(), RunInfo(run_time=None))
    before = out.read_bytes()

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic._FixedTimeZip, "writestr", broken)  # fails mid-file
    with pytest.raises(OutputError, match="No space left"):
        write_plan(out, source, hand_result(), RunInfo(run_time=NOON))
    assert out.read_bytes() == before
    assert leftovers(tmp_path, {"plan.xlsx", source.path.name}) == []


def test_ctrl_c_while_writing_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = hand_input(tmp_path)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic._FixedTimeZip, "writestr", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_plan(tmp_path / "plan.xlsx", source, hand_result(), RunInfo())
    assert leftovers(tmp_path, {source.path.name}) == []


def test_target_that_cannot_be_replaced_gives_output_error(tmp_path: Path) -> None:
    source = hand_input(tmp_path)
    folder = tmp_path / "plan.xlsx"
    folder.mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_plan(folder, source, hand_result(), RunInfo())


def test_plan_open_in_excel_is_refused_and_kept(tmp_path: Path) -> None:
    source = hand_input(tmp_path)
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"previous plan")
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    with pytest.raises(OutputError, match="open in a spreadsheet program"):
        write_plan(out, source, hand_result(), RunInfo())
    assert out.read_bytes() == b"previous plan"


def test_missing_folder_is_a_clear_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_plan(tmp_path / "nope" / "plan.xlsx", hand_input(tmp_path), hand_result(), RunInfo())


def test_non_optimal_result_writes_nothing(tmp_path: Path) -> None:
    result = dataclasses.replace(hand_result(), status=SolveStatus.TIME_LIMIT)
    with pytest.raises(SolveError):
        write_plan(tmp_path / "plan.xlsx", hand_input(tmp_path), result, RunInfo())
    assert not (tmp_path / "plan.xlsx").exists()


def test_input_changed_since_reading_is_refused(tmp_path: Path) -> None:
    source = hand_input(tmp_path)
    source.path.write_bytes(source.path.read_bytes() + b"x")
    with pytest.raises(InputError, match="changed on disk"):
        write_plan(tmp_path / "plan.xlsx", source, hand_result(), RunInfo())


@pytest.mark.parametrize("text", ["=1+2", "+44 20", "-x", "@SUM(A1)", '=HYPERLINK("x")'])
def test_formula_like_text_is_stored_as_text(tmp_path: Path, text: str) -> None:
    wb = Workbook()
    put(wb.active, 1, 1, text)
    wb.save(tmp_path / "t.xlsx")
    cell = load_workbook(tmp_path / "t.xlsx").active["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_leave_the_cell_empty(value: float) -> None:
    assert put(Workbook().active, 1, 1, value).value is None


def test_illegal_characters_are_dropped() -> None:
    assert put(Workbook().active, 1, 1, "a\x00b\x1fc").value == "abc"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0019, "0.0019"),
        (12345.6, "12,346"),
        (2.48612, "2.486"),
        (0.3, "0.3"),
        (1.0, "1"),
        (0.0000123456, "0.00001235"),
    ],
)
def test_number_text_is_plain(value: float, text: str) -> None:
    assert number_text(value) == text


def test_unwritable_folder_gives_output_error_and_keeps_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root here, so a read-only folder is simulated where the temp file is made."""
    import planner.xlsx.atomic as atomic

    source = hand_input(tmp_path)
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"previous plan")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(OutputError, match="Permission denied"):
        write_plan(out, source, hand_result(), RunInfo())
    assert out.read_bytes() == b"previous plan"


def test_locked_target_on_replace_gives_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a plan open in Excel makes os.replace fail; the old file must survive."""
    import planner.xlsx.atomic as atomic

    source = hand_input(tmp_path)
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"previous plan")

    def locked(*args: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputError, match="close it"):
        write_plan(out, source, hand_result(), RunInfo())
    assert out.read_bytes() == b"previous plan"
    assert leftovers(tmp_path, {"plan.xlsx", source.path.name}) == []
