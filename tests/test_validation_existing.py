"""Validation of capacity installed before the horizon (Existing sheet) and of retired columns.

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`
(horizon 2026-2028; P1 permitted 5, 10, 10 GWh/yr; P1 is Plants row 2, online 2026) with an
Existing sheet: A plant_id, B installed_year, C installed_gwh; Capacity: A plant_id, B 2026, ….
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.workbook.load import load_input, validate_file
from tests.workbooks import small_tables, write_workbook


def _issues(tmp_path: Path, tables: dict) -> list:
    return validate_file(write_workbook(tmp_path / "in.xlsx", tables))


def _with_existing(**row) -> dict:
    tables = small_tables()
    tables["Existing"] = [{"plant_id": "P1", "installed_year": 2025, "installed_gwh": 2.0, **row}]
    return tables


def test_existing_capacity_reaches_the_model_with_its_age(tmp_path: Path) -> None:
    """2 GWh/yr installed in 2025: valid, in the model data by vintage, P1's age from 2025."""
    path = write_workbook(tmp_path / "in.xlsx", _with_existing())
    assert [i for i in validate_file(path) if i.is_error] == []
    data = load_input(path).data
    assert data.existing_capacity_gwh == {("P1", 2025): 2.0}
    assert data.online_year["P1"] == 2025


CASES = [
    (
        "existing-in-horizon",
        {"installed_year": 2026},
        "Existing!B2",
        "installed_year is 2026 for P1, not before the first planning year 2026",
    ),
    (
        "capacity-below-existing",
        {"installed_gwh": 6.0},
        "Capacity!B2",
        "permitted_gwh is 5 for P1 in 2026, below the 6 GWh/yr already installed",
    ),
]


@pytest.mark.parametrize(("code", "row", "where", "text"), CASES, ids=[c[0] for c in CASES])
def test_existing_rules_name_the_cell(tmp_path: Path, code, row, where, text) -> None:
    errors = [i for i in _issues(tmp_path, _with_existing(**row)) if i.is_error]
    assert [(i.code, i.where) for i in errors] == [(code, where)], errors
    assert text in errors[0].message


def test_plant_with_existing_capacity_is_online_from_the_first_year(tmp_path: Path) -> None:
    tables = _with_existing()
    tables["Plants"][0]["online_year"] = 2027
    tables["Capacity"][0][2026] = 0.0
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert ("existing-online-later", "Plants!E2") in [(i.code, i.where) for i in errors]


def test_old_viability_gap_column_is_an_error_saying_how_to_convert(tmp_path: Path) -> None:
    """An older workbook's per-year gap changed meaning: never ignored, never 'misspelt'."""
    tables = small_tables()
    for row in tables["Plants"]:
        row["viability_gap_usd_per_kwh"] = row.pop("operating_gap_usd_per_kwh")
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert [i.code for i in errors] == ["retired-column"], errors
    assert "capital_premium_share" in errors[0].message
    assert errors[0].where.startswith("Plants!")


GOAL_CASES = [
    (
        "target-missing",
        {"objective": "least_incentive"},
        "objective is least_incentive but output_target_gwh is blank",
    ),
    (
        "objective-year-outside-horizon",
        {"objective": "capacity_by_year", "objective_year": 2031},
        "objective_year is 2031, outside the horizon 2026-2028",
    ),
    ("hold-incomplete", {"hold_objective": "domestic_value_added"}, "hold_level is blank"),
    (
        "hold-is-objective",
        {"hold_objective": "cumulative_gwh", "hold_level": 3.0},
        "hold_objective is cumulative_gwh, the objective itself",
    ),
]


@pytest.mark.parametrize(("code", "settings", "text"), GOAL_CASES, ids=[c[0] for c in GOAL_CASES])
def test_objective_settings_are_checked(tmp_path: Path, code, settings, text) -> None:
    tables = small_tables()
    tables["Settings"].update(settings)
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert [i.code for i in errors] == [code], errors
    assert errors[0].where.startswith("Settings!B")
    assert text in errors[0].message


def test_holding_value_added_that_no_plant_adds_is_an_input_error(tmp_path: Path) -> None:
    """With every DVA share 0 no plant adds value, so holding value added at 2 USD m cannot be
    met (the model's hold row would hold no variable): named at Settings hold_level."""
    tables = small_tables()
    tables["Settings"].update({"hold_objective": "domestic_value_added", "hold_level": 2.0})
    for row in tables["DVA"]:
        row["dva_share"] = 0.0
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert [i.code for i in errors] == ["hold-unreachable"], errors
    assert errors[0].where.startswith("Settings!B")
    assert "no plant adds any" in errors[0].message
    assert "Lower hold_level to 0, or clear hold_objective and hold_level" in errors[0].message
    tables["Settings"]["hold_level"] = 0.0  # holding 0 is no condition at all: accepted
    assert not [i for i in _issues(tmp_path, tables) if i.is_error]


def test_objective_settings_reach_the_model(tmp_path: Path) -> None:
    """least_incentive for 3 GWh, holding value added ≥ 10 USD m; value added of P1 (LFP,
    USD 60/kWh, window from 2026) in 2027 is 60 × DVA 0.40 = 24 USD m per GWh."""
    tables = small_tables()
    tables["Settings"].update(
        objective="least_incentive",
        output_target_gwh=3.0,
        hold_objective="domestic_value_added",
        hold_level=10.0,
    )
    data = load_input(write_workbook(tmp_path / "in.xlsx", tables)).data
    assert (data.objective, data.output_target_gwh) == ("least_incentive", 3.0)
    assert (data.hold_objective, data.hold_level) == ("domestic_value_added", 10.0)
    assert data.dva_value_musd_per_gwh[("P1", 2027)] == pytest.approx(24.0)
