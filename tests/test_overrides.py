"""Overrides (``--set``, ``--scale``): each form changes exactly the cells it names, an overridden
value is validated like a typed one, and every bad override is an input error naming it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from planner.errors import InputError
from planner.workbook.load import load_input, validate_file
from planner.workbook.overrides import OverrideSyntaxError, parse_all
from tests.cli_run import run_accplan
from tests.workbooks import write_small_workbook


def _load(path: Path, sets: tuple[str, ...] = (), scales: tuple[str, ...] = ()):
    return load_input(path, parse_all(sets, scales))


def test_set_a_setting(small_workbook: Path) -> None:
    """Budget Rs 1,000 crore → 2,000 crore: USD m = crore × 10 / FX = 20,000 / 87 = 229.885…"""
    loaded = _load(small_workbook, ("Settings.budget_rs_crore=2000",))
    assert loaded.data.budget_musd == pytest.approx(20_000 / 87, rel=1e-12)
    assert loaded.overrides == ("--set Settings.budget_rs_crore=2000",)
    assert dict(loaded.overridden) == {"Settings!B5": 2000}


def test_set_a_missing_optional_setting(tmp_path: Path) -> None:
    """annual_limit_rs_crore is blank in the small book; --set gives every year 87 crore =
    87 × 10 / 87 = 10 USD million."""
    loaded = _load(
        write_small_workbook(tmp_path / "in.xlsx"), ("Settings.annual_limit_rs_crore=87",)
    )
    assert dict(loaded.data.annual_budget_musd) == {2026: 10.0, 2027: 10.0, 2028: 10.0}


def test_scale_selects_rows_on_any_column(small_workbook: Path) -> None:
    """Lithium from India (S2: 500, 1000, 2000 t) × 1.5; Australian lithium (S1) unchanged."""
    loaded = _load(small_workbook, scales=("Supply[origin=India, mineral=Lithium]=1.5",))
    supply = loaded.data.supply_t
    assert [supply["S2", "Lithium", y] for y in (2026, 2027, 2028)] == [750.0, 1500.0, 3000.0]
    assert [supply["S1", "Lithium", y] for y in (2026, 2027, 2028)] == [5000.0, 6000.0, 7000.0]
    assert supply["S4", "Graphite", 2026] == 2000.0  # India, but graphite: not selected


def test_year_range_and_alternatives(small_workbook: Path) -> None:
    """Sources S1 or S3, years 2027 onwards set to 0 (so they drop out of the sparse map)."""
    loaded = _load(small_workbook, ("Supply[source_id=S1|S3][2027:]=0",))
    supply = loaded.data.supply_t
    assert supply["S1", "Lithium", 2026] == 5000.0 and supply["S3", "Graphite", 2026] == 10000.0
    assert not any((s, k, y) in supply for s, k, y in supply if s in ("S1", "S3") and y >= 2027)
    assert supply["S2", "Lithium", 2027] == 1000.0


def test_named_column_on_a_table(small_workbook: Path) -> None:
    """Plants[plant_id=P2].capex_musd_per_gwh=90 (was 70); P1 stays 60."""
    loaded = _load(small_workbook, ("Plants[plant_id=P2].capex_musd_per_gwh=90",))
    assert dict(loaded.data.capex_musd_per_gwh) == {"P1": 60.0, "P2": 90.0}


def test_scale_after_set(small_workbook: Path) -> None:
    """--set then --scale on the same cell: (1000 → 3000) × 0.5 = 1500 crore."""
    loaded = _load(
        small_workbook, ("Settings.budget_rs_crore=3000",), ("Settings.budget_rs_crore=0.5",)
    )
    assert loaded.data.budget_musd == pytest.approx(15_000 / 87, rel=1e-12)


def test_input_file_is_not_changed(small_workbook: Path) -> None:
    before = hashlib.sha256(small_workbook.read_bytes()).hexdigest()
    _load(small_workbook, ("Settings.budget_rs_crore=2000",))
    assert hashlib.sha256(small_workbook.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("sets", "where", "words"),
    [
        ("Setings.budget_rs_crore=1", "--set Setings.budget_rs_crore=1", 'Did you mean "Settings"'),
        ("Settings.budjet_rs_crore=1", "--set Settings.budjet_rs_crore=1", '"budget_rs_crore"'),
        ("Supply[origin=Indai]=1", "--set Supply[origin=Indai]=1", 'Did you mean "India"'),
        ("Supply[orign=India]=1", "--set Supply[orign=India]=1", 'Did you mean "origin"'),
        ("Supply[2040]=1", "--set Supply[2040]=1", "no row of Supply matches"),
        ("Plants.award_gwh[2027]=1", "--set Plants.award_gwh[2027]=1", "has no years"),
        ("Plants=1", "--set Plants=1", "name the column"),
        ("Demand.demand_gwh=1", "--set Demand.demand_gwh=1", "has no sheet Demand"),
    ],
)
def test_bad_override_names_itself(small_workbook: Path, sets: str, where: str, words: str) -> None:
    errors = [i for i in validate_file(small_workbook, parse_all((sets,))) if i.is_error]
    assert [(e.where, e.code) for e in errors] == [(where, "bad-override")]
    assert words in errors[0].message


def test_overridden_value_is_validated_as_a_cell(small_workbook: Path) -> None:
    """-5 is below the budget's bound 0: the message names the cell and the override."""
    with pytest.raises(InputError) as caught:
        _load(small_workbook, ("Settings.budget_rs_crore=-5",))
    (issue,) = caught.value.issues
    assert issue.where == "Settings!B5 [--set Settings.budget_rs_crore=-5]"
    assert "budget_rs_crore is -5" in issue.message


def test_unreadable_override_is_a_syntax_error() -> None:
    with pytest.raises(OverrideSyntaxError, match="no value"):
        parse_all(("Settings.budget_rs_crore",))
    with pytest.raises(OverrideSyntaxError, match="selector"):
        parse_all(("Supply[20x8]=1",))


def test_cli_overrides_reach_the_plan(small_workbook: Path, tmp_path: Path, capsys) -> None:
    """The run block records the overrides and the plan's input copy shows the value used."""
    import openpyxl

    out = tmp_path / "plan.xlsx"
    code, _, err = run_accplan(
        capsys, "solve", small_workbook, "-o", out, "-q", "--set", "Settings.budget_rs_crore=2000"
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(out, read_only=True)
    rows = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Overrides"] == "--set Settings.budget_rs_crore=2000"
    assert wb["In Settings"]["B5"].value == 2000


def test_cli_bad_override_exit_2(small_workbook: Path, capsys) -> None:
    code, _, err = run_accplan(capsys, "validate", small_workbook, "--scale", "Supply[x=1]=2")
    assert code == 2
    assert "--scale Supply[x=1]=2: Supply has no column x to select by" in err
