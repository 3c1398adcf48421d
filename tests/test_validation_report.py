"""The validate report walks the workbook as a planner does: errors first, then warnings, each in
schema sheet order, then row, then column; every line says Error: or Warning: and its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.errors import InputError, Issue
from planner.workbook.load import load_input, validate_file
from planner.workbook.validate import issue_position, sort_issues
from tests.test_validation import _append, _set, _several
from tests.workbooks import OMIT, small_tables, write_workbook

WALK = [  # by hand: Settings, DVA, Plants, Capacity, Ramp, Minerals, Supply; row, then column
    ("missing-setting", "Settings"),
    ("share-out-of-range", "DVA!B4"),
    ("not-a-number", "Plants!E2"),
    ("unknown-reference", "Plants!D3"),
    ("empty-required", "Plants!F3"),
    ("year-outside-horizon", "Capacity!E1"),
    ("sequence-gap", "Ramp!A1"),
    ("duplicate-key", "Minerals!A5"),
    ("source-inconsistent", "Supply!B3"),
    ("not-allowed", "Supply!C5"),
    ("unknown-column", "Plants!K1"),  # the one warning, after every error
]


@pytest.fixture
def ten_mistakes(tmp_path: Path) -> Path:
    tables = small_tables()
    _several(
        _set("Supply", 3, "kind", "imprted"),
        _set("Supply", 1, "origin", "Chile"),
        _append("Minerals", {"mineral": "Lithium", "unit": "t", "max_source_share": 1}),
        _set("Ramp", 1, "age", 3),
        lambda t: [r.__setitem__(2029, 1.0) for r in t["Capacity"]],
        _set("Plants", 1, "capex_musd_per_gwh", None),
        _set("Plants", 1, "chemistry", "NMC81"),
        _set("Plants", 0, "online_year", "2027a"),
        _set("Plants", 1, "award_gwh", None),  # no bid: blank = 0 as documented, no warning
        _set("Plants", 1, "notes", "x"),
        _set("DVA", 2, "dva_share", 60),
        _set("Settings", 0, "fx_rs_per_usd", OMIT),
    )(tables)
    return write_workbook(tmp_path / "ten.xlsx", tables)


def test_issues_come_in_walking_order(ten_mistakes: Path) -> None:
    assert [(i.code, i.where) for i in validate_file(ten_mistakes)] == WALK


def test_solve_sees_the_same_order(ten_mistakes: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_input(ten_mistakes)
    assert [(i.code, i.where) for i in caught.value.issues] == WALK[:-1]


def test_cli_report_lines(ten_mistakes: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(ten_mistakes)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 12
    assert lines[0] == (
        "Error: Settings: setting fx_rs_per_usd is missing; add a row with "
        "fx_rs_per_usd in column A and its value (Rs/USD) in column B. "
        "[missing-setting]"
    )
    assert all(line.startswith("Error: ") for line in lines[:10])
    assert lines[10] == (
        'Warning: Plants!K1: column "notes" is not used by accplan and is ignored. [unknown-column]'
    )
    assert lines[11] == (
        "ten.xlsx: 10 errors and 1 warning; nothing was planned. Fix the "
        "errors above (warnings do not stop a run) and run accplan validate "
        "again."
    )
    assert "Traceback" not in result.output


def test_positions_parse_every_kind_of_where() -> None:
    assert issue_position("book.xlsx") == (0, 0, 0)
    assert issue_position("book.xlsx (part xl/worksheets/sheet1.xml)") == (0, 0, 0)
    assert issue_position("Settings") == (1, 0, 0)
    # the template's order: Settings, DVA, Chemistries (Plants draws on it), Plants, Existing, ...
    assert issue_position("Plants!1") == (4, 1, 0)
    assert issue_position("Plants!B2:C3") == (4, 2, 2)
    assert issue_position("Plants!AA7") == (4, 7, 27)
    assert issue_position("Chemistries!A2") == (3, 2, 1)
    assert issue_position("Demand!B2") == (15, 2, 2)  # Awards, AwardDVA after Plants


def test_sort_is_by_severity_sheet_row_column_and_stable() -> None:
    found = [
        Issue("w", "Plants!A2", "w", "warning"),
        Issue("e1", "Supply!B2", "e"),
        Issue("e2", "Plants!AA2", "e"),
        Issue("e3", "Plants!B2", "e"),
        Issue("e4", "Plants!B2", "e"),
        Issue("e5", "book.xlsx", "e"),
        Issue("e6", "Plants!A10", "e"),
    ]
    assert [i.code for i in sort_issues(found)] == ["e5", "e3", "e4", "e2", "e6", "e1", "w"]


def test_blank_optional_cells_are_one_warning_per_column(tmp_path: Path) -> None:
    """Routes R1 (row 2) and R2-R7 (rows 3-8) leave cost_usd_per_t blank, which is read as a
    free route (a default the plan depends on): 7 rows, one warning."""
    from tests.test_validation_chain import chain_tables

    tables = chain_tables()
    tables["Processing"][0]["cost_usd_per_t"] = None
    for i in range(2, 8):
        tables["Processing"].append({**tables["Processing"][0], "route_id": f"R{i}"})
    path = write_workbook(tmp_path / "blanks.xlsx", tables)
    found = [(i.code, i.where, i.message) for i in validate_file(path) if i.code == "defaulted"]
    assert found == [
        (
            "defaulted",
            "Processing!F2",
            "cost_usd_per_t is blank in rows 2, 3, 4, 5, 6 and 2 more; using the default 0 "
            "for each.",
        )
    ]


def test_many_cells_with_one_problem_are_counted_after_25(tmp_path: Path) -> None:
    """40 Capacity rows (4-43) with "x" in 2026: 25 lines, then one line for rows 29-43."""
    tables = small_tables()
    tables["Plants"] += [{**tables["Plants"][1], "plant_id": f"Q{i}"} for i in range(40)]
    tables["Capacity"] += [
        {"plant_id": f"Q{i}", 2026: "x", 2027: 1.0, 2028: 1.0} for i in range(40)
    ]
    path = write_workbook(tmp_path / "many.xlsx", tables)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    lines = result.output.splitlines()
    assert result.exit_code == 2
    assert len(lines) == 27
    assert lines[0] == (
        'Error: Capacity!B4: permitted_gwh is "x"; expected a number from 0 '
        "to 100000 (GWh/yr). [not-a-number]"
    )
    assert lines[24].startswith("Error: Capacity!B28: ")
    assert lines[25] == (
        "Error: Capacity!B29 and 14 more cells on Capacity: the same kind of "
        "problem as the lines above marked [not-a-number]"
    )
    assert lines[26].startswith("many.xlsx: 40 errors and 0 warnings;")
