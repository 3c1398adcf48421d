"""One test per validation rule: the exact cell, the stable code and the wording of the fix.

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`:
Plants columns A plant_id, B firm, C state, D chemistry, E online_year, F capex,
G capital_premium_share, H operating gap; P1 is row 2, P2 row 3. In the older layout
(:func:`tests.workbooks.legacy`, cases marked ``_old``) G bid, H window_first_year,
I window_last_year, J award_gwh, K capital_premium_share, L operating gap.
Settings values are in column B, rows 2-10 in schema order (fx_rs_per_usd in row 6).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planner.cli import cli, main
from planner.errors import Issue
from planner.workbook.load import validate_file
from tests.workbooks import OMIT, edit_cells, legacy, small_tables, write_workbook

Tables = dict[str, Any]


def _issues(tmp_path: Path, tables: Tables, edits: dict[str, Any] | None = None) -> list[Issue]:
    path = write_workbook(tmp_path / "case.xlsx", tables)
    if edits:
        edit_cells(path, edits)
    return validate_file(path)


def _set(sheet: str, row: int, column: Any, value: Any) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        if sheet == "Settings":
            tables["Settings"][column] = value
        else:
            tables[sheet][row][column] = value

    return change


def _rename_sheet(old: str, new: str) -> Callable[[Tables], None]:
    return lambda t: t.__setitem__(new, t.pop(old))


def _rename_column(sheet: str, old: Any, new: Any) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[sheet] = [{(new if k == old else k): v for k, v in r.items()} for r in tables[sheet]]

    return change


def _drop_column(sheet: str, column: Any) -> Callable[[Tables], None]:
    return lambda t: [r.pop(column) for r in t[sheet]]


def _append(sheet: str, row: dict[Any, Any]) -> Callable[[Tables], None]:
    return lambda t: t[sheet].append(row)


def _old(*changes: Callable[[Tables], None]) -> Callable[[Tables], None]:
    """The changes applied to the older layout (awards on the Plants sheet)."""

    def change(tables: Tables) -> None:
        legacy(tables)
        for one in changes:
            one(tables)

    return change


def _several(*changes: Callable[[Tables], None]) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        for one in changes:
            one(tables)

    return change


ERROR_CASES = [
    (
        "missing-sheet-suggested",
        _rename_sheet("Plants", "Plant"),
        "missing-sheet",
        "Plants",
        'sheet Plants is missing; the workbook has a sheet "Plant" — did you mean it? Rename it '
        "to Plants.",
    ),
    (
        "missing-sheet",
        lambda t: t.pop("Ramp"),
        "missing-sheet",
        "Ramp",
        "sheet Ramp is missing; add a sheet named Ramp",
    ),
    (
        "misspelt-column",
        _rename_column("Plants", "capex_musd_per_gwh", "capex_usd_per_gwh"),
        "misspelt-column",
        "Plants!I1",
        'column "capex_usd_per_gwh" is not known; did you mean '
        '"capex_musd_per_gwh"? Rename the header to capex_musd_per_gwh.',
    ),
    (
        "missing-column",
        _drop_column("Plants", "firm"),
        "missing-column",
        "Plants!1",
        "column firm is missing; add a column headed firm in row 1",
    ),
    (
        "empty-required",
        _set("Plants", 1, "capex_musd_per_gwh", None),
        "empty-required",
        "Plants!F3",
        "capex_musd_per_gwh is empty; enter a number from 0 to 1000 (USD M/GWh).",
    ),
    (
        "year-typo",
        _set("Plants", 0, "online_year", "2027a"),
        "not-a-number",
        "Plants!E2",
        'online_year is "2027a"; expected a whole year from 2026 to 2028.',
    ),
    (
        "text-in-number",
        _set("Plants", 1, "capex_musd_per_gwh", "sixty"),
        "not-a-number",
        "Plants!F3",
        'capex_musd_per_gwh is "sixty"; expected a number from 0 to 1000 (USD M/GWh).',
    ),
    (
        "number-stored-as-text",
        _set("Plants", 0, "capex_musd_per_gwh", "60"),
        "number-as-text",
        "Plants!F2",
        "Re-enter it as a number (in Excel: select the cell, click the warning sign, "
        "Convert to Number).",
    ),
    (
        "not-whole",
        _set("Plants", 0, "online_year", 2026.5),
        "not-whole",
        "Plants!E2",
        "online_year is 2026.5; expected a whole year from 2026 to 2028.",
    ),
    (
        "negative",
        _set("Capacity", 1, 2027, -4.0),
        "out-of-range",
        "Capacity!C3",
        "permitted_gwh is -4; expected a number from 0 to 100000 (GWh/yr).",
    ),
    (
        "above-the-top",
        _set("Plants", 0, "capex_musd_per_gwh", 5000),
        "out-of-range",
        "Plants!F2",
        "capex_musd_per_gwh is 5000; expected a number from 0 to 1000 (USD M/GWh).",
    ),
    (
        "zero-where-above-zero",
        _set("Chemistries", 1, "cell_price_usd_per_kwh", 0),
        "out-of-range",
        "Chemistries!B3",
        "cell_price_usd_per_kwh is 0; expected a number above 0 and at most 1000 (USD/kWh).",
    ),
    (
        "share-above-one",
        _set("DVA", 2, "dva_share", 60),
        "share-out-of-range",
        "DVA!B4",
        "dva_share is 60; expected a share from 0 to 1 (write 25 % as 0.25).",
    ),
    (
        "not-allowed",
        _set("Supply", 3, "kind", "imprted"),
        "not-allowed",
        "Supply!C5",
        'kind is "imprted"; expected one of imported, domestic, recycled. Did you mean "imported"?',
    ),
    (
        "duplicate-key",
        lambda t: t["Plants"].append(dict(t["Plants"][0])),
        "duplicate-key",
        "Plants!A4",
        'plant_id "P1" is already used in row 2; each must appear once — delete one '
        "of the rows or correct it.",
    ),
    (
        "unknown-chemistry",
        _set("Plants", 0, "chemistry", "LPF"),
        "unknown-reference",
        "Plants!D2",
        'chemistry "LPF" is not on the Chemistries sheet. Did you mean "LFP"? Use one '
        "of: LFP, NMC811, or add it to Chemistries.",
    ),
    (
        "unknown-plant",
        _append("Capacity", {"plant_id": "Q9", 2026: 0, 2027: 0, 2028: 0}),
        "unknown-reference",
        "Capacity!A4",
        'plant_id "Q9" is not on the Plants sheet. Use one of: P1, P2, or add it to Plants.',
    ),
    (
        "unknown-mineral",
        _set("Supply", 0, "mineral", "Lithum"),
        "unknown-reference",
        "Supply!D2",
        'mineral "Lithum" is not on the Minerals sheet. Did you mean "Lithium"?',
    ),
    (
        "year-column-outside-horizon",
        lambda t: [r.__setitem__(2029, 1.0) for r in t["Capacity"]],
        "year-outside-horizon",
        "Capacity!E1",
        "year 2029 is outside the planning horizon "
        "2026–2028 set on the Settings sheet; delete the column or change first_year/last_year.",
    ),
    (
        "year-cell-outside-horizon",
        _set("Plants", 1, "online_year", 2035),
        "year-outside-horizon",
        "Plants!E3",
        "online_year is 2035; expected a whole year from 2026 to 2028.",
    ),
    (
        "year-missing",
        _drop_column("Capacity", 2027),
        "year-missing",
        "Capacity!1",
        "no column for year 2027; add one column per year from 2026 to 2028, headed by the year.",
    ),
    (
        "committed-above-permitted",
        lambda t: t.__setitem__(
            "Committed", [{"plant_id": "P2", 2026: 1.0, 2027: None, 2028: 2.0}]
        ),
        "committed-above-permitted",
        "Committed!B2",
        "committed_gwh is 1 for P2 in 2026, above the permitted capacity 0 "
        "(Capacity!B3); lower it or raise the permitted capacity.",
    ),
    (
        "capacity-before-online",
        _set("Capacity", 1, 2026, 3.0),
        "capacity-before-online",
        "Capacity!B3",
        "permitted_gwh is 3 for P2 in 2026, before its online_year 2027 (Plants!E3); "
        "a plant makes nothing before it comes online. Enter 0 for the years before 2027, or make "
        "online_year earlier.",
    ),
    (
        "capacity-decreasing",
        lambda t: t["Capacity"][0].update({2026: 5.0, 2027: 5.0, 2028: 0.0}),
        "capacity-decreasing",
        "Capacity!D2",
        "permitted_gwh is 0 for P1 in 2028, below 5 in 2027 "
        "(Capacity!C2); permitted_gwh is cumulative (the capacity installed by that year, not the "
        "year's addition) and must not fall. Enter running totals: at least 5 in 2028.",
    ),
    (
        "committed-decreasing",
        lambda t: t.__setitem__(
            "Committed", [{"plant_id": "P1", 2026: 5.0, 2027: None, 2028: 3.0}]
        ),
        "capacity-decreasing",
        "Committed!D2",
        "committed_gwh is 3 for P1 in 2028, below 5 in 2026 (Committed!B2); "
        "committed_gwh is cumulative (the capacity committed by that year, not the year's "
        "addition) and must not fall. Enter running totals: at least 5 in 2028 (or leave it "
        "blank: no further commitment).",
    ),
    (
        "min-output-above-permitted",
        lambda t: t.__setitem__("MinOutput", [{"plant_id": "P1", 2026: 6.0, 2027: 0, 2028: 0}]),
        "min-output-above-permitted",
        "MinOutput!B2",
        "min_output_gwh is 6 for P1 in 2026, above the permitted capacity 5",
    ),
    (
        "no-data-rows",
        lambda t: t.__setitem__("Ramp", []),
        "no-data-rows",
        "Ramp!A2",
        "the sheet has no data rows; add one row per record below the header in row 1, starting "
        "in row 2.",
    ),
    (
        "horizon-order",
        _set("Settings", 0, "last_year", 2020),
        "horizon-order",
        "Settings!B4",
        "last_year is 2020 but first_year is 2026; last_year must be from first_year to 30 years "
        "after it.",
    ),
    (
        "sequence-gap",
        _set("Ramp", 1, "age", 3),
        "sequence-gap",
        "Ramp!A1",
        "age must run 1, 2, 3, … without gaps; add rows for age 2.",
    ),
    (
        "plant-without-capacity",
        lambda t: t["Capacity"].pop(0),
        "missing-row",
        "Capacity!A3",
        "plant P1 (Plants A2) has no row on the Capacity sheet; add a row for P1 with its "
        "permitted capacity in every year (0 where it may not build).",
    ),
    (
        "incentive-incomplete",
        _old(_set("Plants", 0, "window_last_year", None)),
        "incentive-incomplete",
        "Plants!I2",
        "fill in the bid, both window years and award_gwh, "
        "or clear all four if it is not a beneficiary.",
    ),
    (
        "incentive-no-award",
        _old(_set("Plants", 0, "award_gwh", 0.0)),
        "incentive-no-award",
        "Plants!J2",
        "award_gwh is 0 but plant P1 has an incentive (bid_rs_per_kwh, "
        "window_first_year, window_last_year given), and without an award it earns nothing. Enter "
        "its awarded capacity (GWh a year, above 0), or clear the bid and both window years if it "
        "is not a beneficiary.",
    ),
    (
        "incentive-blank-award",
        _old(_set("Plants", 0, "award_gwh", None)),
        "incentive-no-award",
        "Plants!J2",
        "award_gwh is blank but plant P1 has an incentive",
    ),
    (
        "window-order",
        _old(
            _set("Plants", 0, "window_first_year", 2028),
            _set("Plants", 0, "window_last_year", 2026),
        ),
        "window-order",
        "Plants!I2",
        "window_last_year is 2026, before window_first_year 2028; "
        "the window must end in or after the year it starts.",
    ),
    (
        "dva-path-short",
        _old(_set("Plants", 0, "window_last_year", 2030)),
        "dva-path-short",
        "Plants!I2",
        "the incentive window 2026–2030 has 5 years but the DVA sheet gives 3 "
        "performance years; add DVA rows up to performance year 5 or shorten the window.",
    ),
    (
        "award-window-order",
        _several(
            _set("Awards", 0, "window_first_year", 2028),
            _set("Awards", 0, "window_last_year", 2026),
        ),
        "window-order",
        "Awards!J2",
        "window_last_year is 2026, before window_first_year 2028; "
        "the window must end in or after the year it starts.",
    ),
    (
        "award-dva-path-short",
        _set("Awards", 0, "window_last_year", 2029),
        "dva-path-short",
        "Awards!J2",
        "the incentive window 2026–2029 has 4 years but the DVA sheet gives 3 "
        "performance years; add DVA rows up to performance year 4 or shorten the window.",
    ),
    (
        "award-own-dva-short",
        lambda t: t.__setitem__(
            "AwardDVA",
            [{"award_id": "A1", "performance_year": n, "dva_share": 0.5} for n in (1, 2)],
        ),
        "dva-path-short",
        "Awards!J2",
        "has 3 years but its AwardDVA rows give 2 performance years",
    ),
    (
        "award-dva-falling",
        lambda t: t.__setitem__(
            "AwardDVA",
            [
                {"award_id": "A1", "performance_year": n, "dva_share": s}
                for n, s in ((1, 0.25), (2, 0.6), (3, 0.5))
            ],
        ),
        "award-dva-falling",
        "AwardDVA!C4",
        "dva_share is 0.5 for award A1 in performance year 3, below 0.6 in year 2; a DVA "
        "commitment only rises. Enter 0.6 or more.",
    ),
    (
        "award-dva-gap",
        lambda t: t.__setitem__(
            "AwardDVA",
            [{"award_id": "A1", "performance_year": n, "dva_share": 0.5} for n in (1, 3)],
        ),
        "sequence-gap",
        "AwardDVA!A1",
        "performance_year must run 1, 2, 3, … without gaps for A1; add rows for "
        "performance_year 2.",
    ),
    (
        "award-unknown-plant",
        _set("Awards", 0, "plant_id", "P9"),
        "unknown-reference",
        "Awards!D2",
        "P9",
    ),
    (
        "award-window-outside",
        _several(
            _set("Awards", 0, "window_first_year", 2019),
            _set("Awards", 0, "window_last_year", 2021),
        ),
        "award-window-outside",
        "Awards!J2",
        "award A1's window 2019–2021 lies wholly before the horizon 2026–2028, so the plan "
        "would never pay it. Correct the window years, or delete the row if the award is over.",
    ),
    (
        "candidate-sizes-reversed",
        _several(
            _set("Awards", 0, "status", "candidate"),
            _set("Awards", 0, "min_award_gwh", 8.0),
        ),
        "candidate-sizes-reversed",
        "Awards!G2",
        "min_award_gwh is 8, above award_gwh 5 (the largest award candidate A1 would accept); "
        "enter at most 5.",
    ),
    (
        "penalty-incomplete",
        _set("Awards", 0, "penalty_from_year", 2026),
        "penalty-incomplete",
        "Awards!M2",
        "performance_security_rs_crore is blank but penalty_from_year is given for award A1",
    ),
    (
        "award-above-cap",
        _append(
            "Awards",
            {
                **small_tables()["Awards"][0],
                "award_id": "A2",
                "plant_id": "P2",
                "award_gwh": 16.0,
            },
        ),
        "award-above-cap",
        "Awards!F3",
        "award_gwh is 16, which takes firm Firm A's awards to 21 GWh a year, above the per-firm "
        "cap 20 (Settings!B8). Lower the award(s) to 20 GWh a year in all, or raise firm_cap_gwh.",
    ),
    (
        "awarded-above-scheme",
        _set("Settings", 0, "scheme_capacity_gwh", 4.0),
        "awarded-above-scheme",
        "Settings!B11",
        "scheme_capacity_gwh is 4 but the Awards sheet already awards 5 GWh a year; raise "
        "scheme_capacity_gwh to at least 5 or correct the awards.",
    ),
    (
        "awards-twice",
        _set("Plants", 0, "award_gwh", 5.0),
        "awards-twice",
        "Plants!G2",
        "award_gwh is 5 for plant P1, but the workbook has an Awards sheet, which alone gives "
        "the awards.",
    ),
    (
        "source-inconsistent",
        _set("Supply", 1, "origin", "Chile"),
        "source-inconsistent",
        "Supply!B3",
        "source S1 has origin/kind Chile/imported here but Australia/imported in row "
        "2; one source has one origin and kind",
    ),
    (
        "absurd-budget",
        _set("Settings", 0, "budget_rs_crore", 1e302),
        "out-of-range",
        "Settings!B5",
        "budget_rs_crore is 1e+302; expected a number from 0 to 10000000 (Rs crore).",
    ),
    (
        "absurd-annual-limit",
        _set("Settings", 0, "annual_limit_rs_crore", 2e7),
        "out-of-range",
        "Settings!B9",
        "annual_limit_rs_crore is 20000000; expected a number from 0 to 10000000 (Rs crore/yr).",
    ),
    (
        "absurd-supply",
        _set("Supply", 0, 2027, 1e12),
        "out-of-range",
        "Supply!G2",
        "supply_t is 1e+12; expected a number from 0 to 1000000000 (t).",
    ),
    (
        "missing-setting",
        _set("Settings", 0, "fx_rs_per_usd", OMIT),
        "missing-setting",
        "Settings",
        "setting fx_rs_per_usd is missing; add a row with fx_rs_per_usd in column A "
        "and its value (Rs/USD) in column B.",
    ),
    (
        "misspelt-setting",
        _several(_set("Settings", 0, "fx_rs_per_usd", OMIT), _set("Settings", 0, "fx_rs_usd", 87)),
        "misspelt-setting",
        "Settings!A10",
        'setting "fx_rs_usd" is not known; did you mean '
        '"fx_rs_per_usd"? Rename it to fx_rs_per_usd.',
    ),
]


@pytest.mark.parametrize(
    ("change", "code", "where", "fix"),
    [c[1:] for c in ERROR_CASES],
    ids=[c[0] for c in ERROR_CASES],
)
def test_each_rule_names_the_cell_and_the_fix(tmp_path: Path, change, code, where, fix) -> None:
    tables = small_tables()
    change(tables)
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert [(i.code, i.where) for i in errors] == [(code, where)], errors
    assert fix in errors[0].message


EDIT_CASES = [
    (
        "duplicate-column",
        {"Plants!M1": "firm", "Plants!M2": "x"},
        "duplicate-column",
        "Plants!M1",
        "column firm appears twice (also column B); keep only one of them.",
    ),
    (
        "duplicate-setting",
        {"Settings!A11": "fx_rs_per_usd", "Settings!B11": 80},
        "duplicate-setting",
        "Settings!A11",
        "setting fx_rs_per_usd is also given in row 6; keep only one of them.",
    ),
    (
        "bad-header",
        {"Plants!M1": "=2026+1", "Plants!M2": 1},
        "bad-header",
        "Plants!M1",
        "this header is a formula or an error; type the column name (or the year) as plain text.",
    ),
    (
        "error-cell",
        {"Supply!F3": "#N/A"},
        "error-cell",
        "Supply!F3",
        "supply_t shows the Excel error #N/A; fix the formula or type a number from 0 to "
        "1000000000 (t).",
    ),
]


@pytest.mark.parametrize(
    ("edits", "code", "where", "fix"), [c[1:] for c in EDIT_CASES], ids=[c[0] for c in EDIT_CASES]
)
def test_rules_found_by_editing_cells(tmp_path: Path, edits, code, where, fix) -> None:
    errors = [i for i in _issues(tmp_path, small_tables(), edits) if i.is_error]
    assert [(i.code, i.where) for i in errors] == [(code, where)], errors
    assert fix in errors[0].message


WARNING_CASES = [
    (
        "unknown-column",
        _append("Plants", {**small_tables()["Plants"][1], "plant_id": "P3", "notes": "x"}),
        "unknown-column",
        "Plants!J1",
        'column "notes" is not used by accplan and is ignored.',
    ),
    (
        "awards-on-plants",
        _old(),
        "awards-on-plants",
        "Plants!J1",
        "awards are read from the older Plants columns bid_rs_per_kwh, window_first_year, "
        "window_last_year and award_gwh, one award per plant named after it.",
    ),
    (
        "min-award-not-candidate",
        _set("Awards", 0, "min_award_gwh", 5.0),
        "min-award-not-candidate",
        "Awards!G2",
        "min_award_gwh is 5 but award A1 is awarded, and only a candidate's sizes are chosen",
    ),
    (
        "penalty-above-security",
        _several(
            _set("Awards", 0, "performance_security_rs_crore", 50.0),
            _set("Awards", 0, "penalty_from_year", 2026),
            _set("Awards", 0, "penalty_accrued_rs_crore", 60.0),
        ),
        "penalty-above-security",
        "Awards!Q2",
        "penalty_accrued_rs_crore is 60, above the performance security 50 (Awards!M2) of "
        "award A1, though penalties never exceed the security",
    ),
    (
        "gap-without-incentive",
        _set("Plants", 1, "operating_gap_usd_per_kwh", 3.0),
        "gap-without-incentive",
        "Plants!H3",
        "operating_gap_usd_per_kwh is 3 but plant P2 has no award or candidate bid (Awards "
        "sheet), and a plant with it makes only what its incentive covers. Enter 0 if it is "
        "competitive without support, or give it a row on the Awards sheet.",
    ),
    (
        "no-intensity",
        lambda t: t.__setitem__("Intensity", t["Intensity"][2:]),
        "no-intensity",
        "Plants!D2",
        "chemistry LFP has no rows on the Intensity sheet",
    ),
    (
        "unknown-setting",
        _set("Settings", 0, "colour", "blue"),
        "unknown-setting",
        "Settings!A11",
        'setting "colour" is not used by accplan and is ignored.',
    ),
]


@pytest.mark.parametrize(
    ("change", "code", "where", "text"),
    [c[1:] for c in WARNING_CASES],
    ids=[c[0] for c in WARNING_CASES],
)
def test_warnings_do_not_stop_the_run(tmp_path: Path, change, code, where, text) -> None:
    tables = small_tables()
    if code == "unknown-column":
        tables["Capacity"].append({"plant_id": "P3", 2026: 0.0, 2027: 0.0, 2028: 0.0})
    change(tables)
    issues = _issues(tmp_path, tables)
    assert not [i for i in issues if i.is_error], issues
    assert [(i.code, i.where) for i in issues] == [(code, where)]
    assert text in issues[0].message
    assert issues[0].severity == "warning"


def test_every_capacity_cell_below_an_earlier_one_is_reported(tmp_path: Path) -> None:
    """10, 5, 5 caps 2026 at 5: both later cells are wrong, each naming the 10 in 2026."""
    tables = small_tables()
    tables["Capacity"][0].update({2026: 10.0, 2027: 5.0, 2028: 5.0})
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert [(i.code, i.where) for i in errors] == [
        ("capacity-decreasing", "Capacity!C2"),
        ("capacity-decreasing", "Capacity!D2"),
    ]
    assert all("below 10 in 2026 (Capacity!B2)" in i.message for i in errors)


def test_rising_paths_and_blank_commitments_pass(tmp_path: Path) -> None:
    """Equal years are fine, and a blank Committed cell is no commitment, not a fall to 0."""
    tables = small_tables(
        Committed=[
            {"plant_id": "P1", 2026: 5.0, 2027: 5.0, 2028: None},
            {"plant_id": "P2", 2026: None, 2027: 4.0, 2028: None},
        ]
    )
    assert _issues(tmp_path, tables) == []


def test_incentive_rules_name_the_header_when_a_column_is_missing(tmp_path: Path) -> None:
    """A missing optional column has no cell; the issue names the header row (no crash)."""
    for column, code in (
        ("award_gwh", "incentive-no-award"),
        ("window_last_year", "incentive-incomplete"),
    ):
        tables = legacy(small_tables())
        for row in tables["Plants"]:
            row.pop(column)
        errors = [i for i in _issues(tmp_path, tables) if i.is_error]
        assert [(i.code, i.where) for i in errors] == [(code, "Plants!1")], errors
        assert "plant P1 has an incentive" in errors[0].message


def test_ten_mistakes_are_all_reported_at_once(tmp_path: Path) -> None:
    tables = small_tables()
    _several(
        _set("Plants", 1, "capex_musd_per_gwh", None),
        _set("Plants", 0, "online_year", "2027a"),
        _set("DVA", 2, "dva_share", 60),
        _set("Plants", 1, "chemistry", "NMC81"),
        lambda t: [r.__setitem__(2029, 1.0) for r in t["Capacity"]],
        _set("Supply", 3, "kind", "imprted"),
        _set("Ramp", 1, "age", 3),
        _set("Supply", 1, "origin", "Chile"),
        _append("Minerals", {"mineral": "Lithium", "unit": "t", "max_source_share": 1}),
        _set("Settings", 0, "fx_rs_per_usd", OMIT),
    )(tables)
    errors = [i for i in _issues(tmp_path, tables) if i.is_error]
    assert sorted((i.code, i.where) for i in errors) == sorted(
        [
            ("empty-required", "Plants!F3"),
            ("not-a-number", "Plants!E2"),
            ("share-out-of-range", "DVA!B4"),
            ("unknown-reference", "Plants!D3"),
            ("year-outside-horizon", "Capacity!E1"),
            ("not-allowed", "Supply!C5"),
            ("sequence-gap", "Ramp!A1"),
            ("source-inconsistent", "Supply!B3"),
            ("duplicate-key", "Minerals!A5"),
            ("missing-setting", "Settings"),
        ]
    )


def test_the_small_workbook_is_valid(small_workbook: Path) -> None:
    assert validate_file(small_workbook) == []


def test_cli_validate_valid_workbook_exits_0(small_workbook: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(small_workbook)])
    assert result.exit_code == 0, result.output
    assert "small.xlsx: valid (0 warnings)." in result.output


def test_cli_validate_invalid_workbook_exits_2(tmp_path: Path) -> None:
    tables = small_tables()
    tables["Plants"][0]["online_year"] = "2027a"
    path = write_workbook(tmp_path / "bad.xlsx", tables)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert 'Plants!E2: online_year is "2027a"; expected a whole year from 2026 to 2028.' in (
        result.output
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", [b"", b"a,b\n1,2\n", b"PK\x03\x04broken"])
def test_console_validate_of_broken_files_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(SystemExit) as stop:
        main(["validate", str(path)])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert "broken.xlsx" in captured.err
    assert "Traceback" not in captured.out + captured.err
