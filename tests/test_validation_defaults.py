"""Blank optional cells: the defaults the template documents as "none" are applied silently; a
default the plan depends on (a blank cost read as 0) is reported; a blank that would silently
drop something the row states (a bid without an award) is an error of its own rule."""

from __future__ import annotations

from pathlib import Path

from planner.workbook.load import load_input, validate_file
from planner.workbook.schema import SHEETS
from tests.test_validation_chain import chain_tables
from tests.workbooks import cell_ref, legacy, small_tables, write_workbook


def test_documented_none_defaults_are_silent_and_applied(tmp_path: Path) -> None:
    """P2 (no bid) leaves award_gwh, capital_premium_share and operating_gap_usd_per_kwh blank,
    Minerals Nickel leaves unit and max_source_share blank, Settings has no scenario: no
    warning, and the model sees the documented values (no award, no premium, no gap, t, no
    single-source limit, scenario "base")."""
    tables = small_tables()
    for column in ("award_gwh", "capital_premium_share", "operating_gap_usd_per_kwh"):
        tables["Plants"][1][column] = None
    tables["Minerals"][1].update(unit=None, max_source_share=None)
    tables["Settings"]["scenario"] = None
    path = write_workbook(tmp_path / "quiet.xlsx", tables)
    blanked = {
        *(cell_ref(tables, "Plants", 1, c) for c in ("award_gwh", "capital_premium_share")),
        cell_ref(tables, "Plants", 1, "operating_gap_usd_per_kwh"),
        cell_ref(tables, "Minerals", 1, "unit"),
        cell_ref(tables, "Minerals", 1, "max_source_share"),
        cell_ref(tables, "Settings", "scenario", None),
    }
    issues = validate_file(path)
    assert [i for i in issues if i.code == "defaulted" or i.where in blanked] == []
    assert not [i for i in issues if i.is_error]
    loaded = load_input(path)
    data = loaded.data
    assert "P2" not in data.award_gwh
    assert "P2" not in data.capital_premium_musd_per_gwh
    assert data.operating_gap_musd_per_gwh.get("P2", 0.0) == 0.0
    assert data.mineral_unit["Nickel"] == "t"
    assert data.max_source_share.get("Nickel", 1.0) == 1.0
    assert loaded.scenario == "base"


def test_a_blank_cost_is_reported_as_the_free_route_it_makes(tmp_path: Path) -> None:
    """Route R1's and recycler Y1's blank costs would make them free: one warning each, at the
    cell, saying 0 is used."""
    tables = chain_tables()
    tables["Processing"][0]["cost_usd_per_t"] = None
    tables["Recycling"][0]["cost_usd_per_t"] = None
    path = write_workbook(tmp_path / "free.xlsx", tables)
    found = [(i.code, i.where, i.message) for i in validate_file(path) if i.code == "defaulted"]
    assert found == [
        (
            "defaulted",
            cell_ref(tables, "Processing", 0, "cost_usd_per_t"),
            "cost_usd_per_t is blank; using the default 0.",
        ),
        (
            "defaulted",
            cell_ref(tables, "Recycling", 0, "cost_usd_per_t"),
            "cost_usd_per_t is blank; using the default 0.",
        ),
    ]


def test_a_bid_with_a_blank_award_is_an_error_not_a_silent_zero(tmp_path: Path) -> None:
    """P1 has a bid and a window (older layout, on Plants): reading its blank award as 0 would
    pay it nothing."""
    tables = legacy(small_tables())
    tables["Plants"][0]["award_gwh"] = None
    path = write_workbook(tmp_path / "bid.xlsx", tables)
    errors = [(i.code, i.where) for i in validate_file(path) if i.is_error]
    assert errors == [("incentive-no-award", cell_ref(tables, "Plants", 0, "award_gwh"))]
    assert [i for i in validate_file(path) if i.code == "defaulted"] == []


def test_only_costs_warn_when_blank() -> None:
    """The schema's decision, column by column: every default that warns is a cost."""
    loud = sorted(
        (spec.name, col.name)
        for spec in SHEETS
        for col in spec.long_columns
        if col.default_changes_plan
    )
    assert loud == [("Processing", "cost_usd_per_t"), ("Recycling", "cost_usd_per_t")]


def test_a_missing_optional_column_warns_only_when_its_default_changes_the_plan(
    tmp_path: Path,
) -> None:
    """Without the state and capital_premium_share columns every plant takes blank and 0, as the
    template documents: no warning. Without Processing's cost column every route is free: a
    warning naming the header row."""
    tables = chain_tables()
    for row in tables["Plants"]:
        del row["state"], row["capital_premium_share"]
    for row in tables["Processing"]:
        del row["cost_usd_per_t"]
    path = write_workbook(tmp_path / "fewer.xlsx", tables)
    found = [(i.code, i.where, i.message) for i in validate_file(path)]
    missing = [f for f in found if f[0] == "missing-optional-column"]
    assert missing == [
        (
            "missing-optional-column",
            "Processing!1",
            "optional column cost_usd_per_t is missing; every row takes 0.",
        )
    ]
