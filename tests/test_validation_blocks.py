"""Validation of minimum build blocks (Plants ``min_block_gwh``, planner/workbook/block_rules.py).

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`
(horizon 2026-2028; P1 permitted 5, 10, 10 GWh/yr, Plants row 2; P2 permitted 0, 4, 8, row 3);
min_block_gwh is the Plants sheet's column I, after operating_gap_usd_per_kwh.
"""

from __future__ import annotations

from pathlib import Path

from planner.workbook.load import load_input, validate_file
from tests.workbooks import small_tables, write_workbook


def _tables(blocks: dict, **sheets) -> dict:
    tables = small_tables(**sheets)
    for row in tables["Plants"]:
        row["min_block_gwh"] = blocks.get(row["plant_id"])
    return tables


def test_minimum_block_reaches_the_model(tmp_path: Path) -> None:
    """5 GWh/yr at P1, blank at P2: valid, in the model data for P1 only."""
    path = write_workbook(tmp_path / "in.xlsx", _tables({"P1": 5.0}))
    assert [i for i in validate_file(path) if i.is_error] == []
    assert load_input(path).data.min_block_gwh == {"P1": 5.0}


def test_minimum_above_the_path_is_a_warning(tmp_path: Path) -> None:
    """P2 may add at most 8 GWh/yr (its 2028 total): a 9 GWh/yr block never fits. The plan is
    still defined (P2 adds nothing), so a warning naming the cell, not an error."""
    path = write_workbook(tmp_path / "in.xlsx", _tables({"P2": 9.0}))
    issues = validate_file(path)
    assert [(i.code, i.where, i.severity) for i in issues if i.code.startswith("min-block")] == [
        ("min-block-above-path", "Plants!I3", "warning")
    ]
    assert "above the 8 GWh/yr its permitted capacity ever lets it add" in issues[-1].message
    assert load_input(path).data.min_block_gwh == {"P2": 9.0}


def test_pledge_no_block_can_meet_is_an_error(tmp_path: Path) -> None:
    """P1 committed to 5 GWh/yr by 2026 with a 6 GWh/yr minimum: 2026 leaves room for 5 only
    (permitted 5), so no block of 6 meets the commitment: an error at P1's min_block_gwh."""
    committed = [{"plant_id": "P1", 2026: 5.0, 2027: 5.0, 2028: 5.0}]
    path = write_workbook(tmp_path / "in.xlsx", _tables({"P1": 6.0}, Committed=committed))
    errors = [i for i in validate_file(path) if i.is_error]
    assert [(i.code, i.where) for i in errors] == [("min-block-pledge", "Plants!I2")], errors
    assert "reaches the 5 GWh/yr its commitments or award milestones ask by 2026" in (
        errors[0].message
    )


def test_base_case_without_the_column_gives_the_same_plan(tmp_path: Path) -> None:
    """inputs/acc_base.xlsx with its (blank) min_block_gwh column deleted, as workbooks made
    before the column have it: same model data, same output and builds, no switch."""
    import openpyxl

    from models.solve import solve

    root = Path(__file__).resolve().parents[1]
    book = openpyxl.load_workbook(root / "inputs" / "acc_base.xlsx")
    plants = book["Plants"]
    headers = [str(c.value).split(" ")[0] for c in plants[1]]  # "min_block_gwh (GWh/yr)"
    plants.delete_cols(headers.index("min_block_gwh") + 1)
    old = tmp_path / "old.xlsx"
    book.save(old)
    shipped = load_input(root / "inputs" / "acc_base.xlsx").data
    before = load_input(old).data
    assert before == shipped and before.min_block_gwh == {}
    a, b = solve(shipped), solve(before)
    assert a.output_gwh == b.output_gwh
    assert a.values["capacity_added_gwh"] == b.values["capacity_added_gwh"]
    assert "build_block" not in a.values
