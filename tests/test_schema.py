"""The schema is well formed: sheet names Excel accepts, keys and references that exist."""

from __future__ import annotations

import pytest

from planner.workbook.schema import INTEGER, NUMBER, SHEET_BY_NAME, SHEETS, TEXT, YEAR, SheetSpec

FORBIDDEN = set("\\*?:/[]")


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_sheet_name_is_valid_in_excel(spec: SheetSpec) -> None:
    assert 0 < len(spec.name) <= 31
    assert not FORBIDDEN & set(spec.name)


def test_sheet_names_are_unique_ignoring_case() -> None:
    names = [s.name.lower() for s in SHEETS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_keys_are_required_columns(spec: SheetSpec) -> None:
    names = [c.name for c in spec.columns]
    assert len(names) == len(set(names))
    for key in spec.keys:
        assert key in names
        assert spec.column(key).required


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_references_point_to_key_columns(spec: SheetSpec) -> None:
    for col in spec.columns:
        if col.references:
            sheet, column = col.references.split(".")
            assert column in SHEET_BY_NAME[sheet].keys, col.references


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_every_column_is_described_and_typed(spec: SheetSpec) -> None:
    for col in spec.long_columns:
        assert col.description, f"{spec.name}.{col.name} has no description"
        assert col.dtype in (TEXT, NUMBER, "integer", YEAR)
        if col.share:
            assert (col.low, col.high) == (0, 1)
        if col.default not in (None, "") and col.is_numeric:
            assert col.low is None or col.default >= col.low
            assert col.high is None or col.default <= col.high


def test_year_sheets_declare_their_value_column() -> None:
    for spec in SHEETS:
        assert (spec.layout == "years") == (spec.year_value is not None), spec.name
        if spec.layout == "years":
            assert spec.long_keys[-1] == "year"


def test_bounds_text_reads_as_a_rule() -> None:
    plants = SHEET_BY_NAME["Plants"]
    assert plants.column("capex_musd_per_gwh").bounds_text() == "a number from 0 to 1000"
    assert plants.column("award_gwh").bounds_text() == "a number from 0 to 100000"
    # 0 is not allowed (low_open), so the words must not say "from 0".
    assert SHEET_BY_NAME["Chemistries"].column("cell_price_usd_per_kwh").bounds_text() == (
        "a number above 0 and at most 1000"
    )
    assert SHEET_BY_NAME["Settings"].column("time_limit_s").bounds_text() == (
        "a number above 0 and at most 604800"
    )
    assert SHEET_BY_NAME["DVA"].column("dva_share").bounds_text().startswith("a share from 0 to 1")


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_every_number_has_an_upper_bound(spec: SheetSpec) -> None:
    """Every number reaches the LP: a finite but absurd value (1e302) must fail validation, not
    the solve, so each numeric column has a ``high`` (years are bounded by the horizon)."""
    for col in spec.long_columns:
        if col.dtype in (NUMBER, INTEGER):
            assert col.high is not None, f"{spec.name}.{col.name} has no upper bound"
            assert col.high <= 1e9, f"{spec.name}.{col.name} bound {col.high} is not sane"
