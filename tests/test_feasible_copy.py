"""`accplan solve --feasible-copy`: when no plan exists, the input with the least change applied,
changed cells shaded and noted; solving the copy gives a plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.workbook.feasible import CHANGED_FILL
from tests.cli_run import run_accplan
from tests.workbooks import small_tables, write_workbook


@pytest.fixture
def infeasible(tmp_path: Path) -> Path:
    """P1 (no operating gap, lithium share unlimited) may have 5 GWh/yr in 2026 at ramp 0.5 in
    a block's first year: at most 2.5 GWh, so a minimum output of 4 GWh (MinOutput!B2) has no
    plan; the least change lowers it to 2.5 GWh."""
    tables = small_tables(MinOutput=[{"plant_id": "P1", 2026: 4.0, 2027: None, 2028: None}])
    tables["Plants"][0]["operating_gap_usd_per_kwh"] = 0.0
    tables["Minerals"][0]["max_source_share"] = 1.0
    return write_workbook(tmp_path / "inf.xlsx", tables)


def _values(path: Path) -> dict[str, object]:
    wb = load_workbook(path)
    return {
        f"{ws.title}!{c.coordinate}": c.value
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def test_copy_lowers_the_cell_by_the_least_change_and_then_solves(
    capsys: pytest.CaptureFixture[str], infeasible: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "feasible.xlsx"
    code, _, err = run_accplan(
        capsys, "solve", infeasible, "-o", tmp_path / "p.xlsx", "--feasible-copy", copy
    )
    assert code == 3
    assert f"Wrote {copy}: the input with these changes applied (MinOutput!B2" in err
    assert "solved, it gives a plan." in err
    before, after = _values(infeasible), _values(copy)
    assert after.pop("MinOutput!B2") == pytest.approx(2.5)
    assert before.pop("MinOutput!B2") == 4.0
    assert after == before  # nothing else changed
    cell = load_workbook(copy)["MinOutput"]["B2"]
    assert cell.fill.fgColor.rgb.endswith(CHANGED_FILL)
    assert "was 4; lowered by 1.5 to 2.5" in cell.comment.text
    code, _, _ = run_accplan(capsys, "solve", copy, "-o", tmp_path / "copy_plan.xlsx", "-q")
    assert code == 0 and (tmp_path / "copy_plan.xlsx").is_file()


def test_copy_carries_the_runs_overrides(
    capsys: pytest.CaptureFixture[str], infeasible: Path, tmp_path: Path
) -> None:
    """The copy is what was solved: the --set budget of Rs 800 crore is written into it too."""
    copy = tmp_path / "feasible.xlsx"
    args = ["--set", "Settings.budget_rs_crore=800", "--feasible-copy", copy]
    code, _, _ = run_accplan(capsys, "solve", infeasible, "-o", tmp_path / "p.xlsx", *args)
    assert code == 3
    settings = {r[0]: r[1] for r in load_workbook(copy)["Settings"].iter_rows(values_only=True)}
    assert settings["budget_rs_crore"] == 800


def test_an_existing_file_is_never_overwritten(
    capsys: pytest.CaptureFixture[str], infeasible: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "taken.xlsx"
    copy.write_bytes(b"someone's work")
    code, _, err = run_accplan(
        capsys, "solve", infeasible, "-o", tmp_path / "p.xlsx", "--feasible-copy", copy
    )
    assert code == 3  # the error is still that no plan exists
    assert "No copy was written" in err and "already exists" in err
    assert copy.read_bytes() == b"someone's work"
