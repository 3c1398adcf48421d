"""``accplan validate --json``: the same verdict and issues as the text, for programs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run_accplan
from tests.workbooks import small_tables, write_workbook

ROOT = Path(__file__).resolve().parents[1]


def test_valid_workbook(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_accplan(capsys, "validate", ROOT / "inputs" / "acc_base.xlsx", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["valid"] is True and doc["errors"] == 0


def test_invalid_workbook_lists_the_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The first plant's online_year typed as "2027a" (Plants column E, row 2)."""
    tables = small_tables()
    tables["Plants"][0]["online_year"] = "2027a"
    code, out, _ = run_accplan(
        capsys, "validate", write_workbook(tmp_path / "bad.xlsx", tables), "--json"
    )
    doc = json.loads(out)
    assert code == 2 and doc["valid"] is False and doc["errors"] >= 1
    first = doc["issues"][0]
    assert first["where"] == "Plants!E2" and first["severity"] == "error"
    assert "2027a" in first["message"]


def test_template_example_is_the_base_case_and_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "example.xlsx"
    code, out, _ = run_accplan(capsys, "template", target, "--example")
    assert code == 0 and "base case" in out
    assert target.read_bytes() == (ROOT / "inputs" / "acc_base.xlsx").read_bytes()
    assert run_accplan(capsys, "validate", target)[0] == 0
    assert run_accplan(capsys, "template", target, "--example")[0] != 0  # never overwritten


def test_fiscal_year_headers_give_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Capacity's year columns headed 2026-27, 2027-28, 2028-29: one error naming the first
    header and how to rename them, and nothing else (no missing years or rows)."""
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "fy.xlsx", small_tables())
    wb = load_workbook(path)
    for cell in wb["Capacity"][1]:
        if isinstance(cell.value, int):
            cell.value = f"{cell.value}-{(cell.value + 1) % 100:02d}"
    wb.save(path)
    code, out, _ = run_accplan(capsys, "validate", path, "--json")
    doc = json.loads(out)
    assert code == 2 and doc["errors"] == 1 and doc["warnings"] == 0
    [issue] = doc["issues"]
    assert issue["where"] == "Capacity!B1"
    assert "2026-27 to 2026, 2027-28 to 2027" in issue["message"]


def test_fiscal_year_pattern() -> None:
    from planner.workbook.fiscal import fiscal_year

    assert fiscal_year("2026-27") == 2026
    assert fiscal_year("FY2031–32") == 2031
    assert fiscal_year("2026/2027") == 2026
    assert fiscal_year("2026-28") is None and fiscal_year(2026) is None


def test_did_you_mean_prefers_the_id_with_no_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Plants P1 and P2; the Capacity row meant for P1 says "P". "P" is as close to P1 as to
    P2 (difflib would break the tie towards P2), but P2 already has its row: the suggestion is
    P1, the plant with no row."""
    tables = small_tables()
    tables["Capacity"][0]["plant_id"] = "P"
    code, out, _ = run_accplan(
        capsys, "validate", write_workbook(tmp_path / "p.xlsx", tables), "--json"
    )
    messages = [i["message"] for i in json.loads(out)["issues"] if i["where"] == "Capacity!A2"]
    assert code == 2 and any('Did you mean "P1"?' in m for m in messages), messages
