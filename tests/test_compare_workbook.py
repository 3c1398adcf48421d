"""The difference workbook: sheets, columns, highlighting, order, references, safe writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.writer.excel import ExcelWriter

from planner.compare.compare import compare_plans
from planner.compare.workbook import FILLS, write_diff_workbook
from planner.errors import CompareError
from planner.plan import schema as ps
from tests.compare_fixtures import base_inputs, write_plan
from tests.test_compare_diff import bigger_budget


def _header_index(ws: Any) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


@pytest.fixture
def diff(tmp_path: Path) -> Path:
    other = bigger_budget()
    other[ps.PLANTS.sheet].append({**other[ps.PLANTS.sheet][0], "plant_id": "=P9", "output": 0.5})
    inputs = base_inputs()
    inputs["Supply"][1][6] = 12000
    cmp = compare_plans(
        write_plan(tmp_path / "base.xlsx"), write_plan(tmp_path / "other.xlsx", other, inputs)
    )
    return write_diff_workbook(cmp, tmp_path / "diff.xlsx")


def test_sheets(diff: Path) -> None:
    wb = load_workbook(diff)
    # The fixture plans have no supply-chain or award sheets, and tables empty in both plans are
    # left out.
    absent = (*ps.CHAIN_TABLES, ps.AWARDS, ps.CANDIDATES)
    kept = [t.sheet for t in ps.TABLES if t not in absent]
    assert wb.sheetnames == [ps.SUMMARY_SHEET, *kept]


def test_table_sheet_columns_order_highlight_and_references(diff: Path) -> None:
    ws = load_workbook(diff)[ps.PLANTS.sheet]
    col = _header_index(ws)
    for head in (
        "Status",
        "plant_id",
        "year",
        "output base (GWh)",
        "output other (GWh)",
        "output change (GWh)",
        "output % change",
        "Base cells",
        "Other cells",
    ):
        assert head in col
    assert col["output base (GWh)"] == col["year"] + 1  # the sort measure comes first
    assert "firm other" not in col and "chemistry" in col
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    # P01 2028 (+6 GWh) before the added =P9 2027 (+0.5 GWh counted from nothing)
    assert [(r[col["plant_id"] - 1], r[col["Status"] - 1]) for r in rows] == [
        ("P01", "changed"),
        ("=P9", "added"),
    ]
    first = rows[0]
    assert first[col["output base (GWh)"] - 1] == 12
    assert first[col["output other (GWh)"] - 1] == 18
    assert first[col["output change (GWh)"] - 1] == 6
    assert first[col["output % change"] - 1] == pytest.approx(0.5)
    assert first[col["Base cells"] - 1] == "Plants!A3:M3"
    assert first[col["Other cells"] - 1] == "Plants!A3:M3"
    changed = ws.cell(2, col["output other (GWh)"]).fill.fgColor.rgb
    unchanged = ws.cell(2, col["firm"]).fill.fgColor.rgb  # text that changed nowhere: once
    assert changed.endswith(FILLS["changed"].fgColor.rgb[-6:]) and changed != unchanged
    assert rows[1][col["Base cells"] - 1] is None


def test_formula_like_text_stays_text(diff: Path) -> None:
    ws = load_workbook(diff)[ps.PLANTS.sheet]
    cell = ws.cell(3, _header_index(ws)["plant_id"])
    assert cell.value == "=P9" and cell.data_type == "s"


def test_summary_has_headline_inputs_and_counts(diff: Path) -> None:
    rows = [r for r in load_workbook(diff)[ps.SUMMARY_SHEET].iter_rows(values_only=True)]
    assert rows[3][:2] == ("Result", "different")
    head = next(r for r in rows if r[0] == "Year")
    assert head[1:5] == (
        "Total output base (GWh)",
        "Total output other (GWh)",
        "Total output change (GWh)",
        "Total output % change",
    )
    total = next(r for r in rows if r[0] == "all years")
    assert total[1:4] == (30, 36, 6)  # from the Years table (the fixture leaves =P9 out of it)
    y2028 = next(r for r in rows if r[0] == 2028)
    assert y2028[1:4] == (20, 26, 6) and y2028[5:8] == (100, 130, 30)
    assert any(r[0] == "Supply!G2" and r[4:6] == (8000, 12000) for r in rows)
    plants = next(r for r in rows if r[0] == ps.PLANTS.sheet and isinstance(r[1], int))
    assert plants[:6] == (ps.PLANTS.sheet, 4, 5, 1, 1, 0)


def test_tables_without_differences_say_so(tmp_path: Path) -> None:
    a = write_plan(tmp_path / "a.xlsx")
    ws = load_workbook(write_diff_workbook(compare_plans(a, a), tmp_path / "d.xlsx"))["Years"]
    assert ws["A2"].value == "no differences"


def test_failed_write_leaves_previous_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = write_plan(tmp_path / "a.xlsx"), write_plan(tmp_path / "b.xlsx", bigger_budget())
    target = write_diff_workbook(compare_plans(a, a), tmp_path / "d.xlsx")
    before = target.read_bytes()
    cmp = compare_plans(a, b)

    def fail(self: ExcelWriter) -> None:
        self._archive.writestr("partial.xml", b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "write_data", fail)
    with pytest.raises(CompareError, match="No space left"):
        write_diff_workbook(cmp, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx", "d.xlsx"]


def test_refuses_non_xlsx_target(tmp_path: Path) -> None:
    a = write_plan(tmp_path / "a.xlsx")
    with pytest.raises(CompareError, match=r"\.xlsx"):
        write_diff_workbook(compare_plans(a, a), tmp_path / "d.csv")


def test_tiny_changes_never_print_as_zero() -> None:
    from planner.compare.text import signed

    assert signed(1.6e-6, "0.000") == "+1.6e-06"
    assert signed(-0.0004, "#,##0.00") == "-0.0004"
    assert signed(1234.5, "#,##0.0") == "+1,234.5"
    assert signed(0.0, "0.000") == "+0.000"


def test_changed_text_column_shows_both_sides(tmp_path: Path) -> None:
    other = bigger_budget()
    next(r for r in other[ps.PLANTS.sheet] if r["plant_id"] == "P02")["chemistry"] = "NMC"
    cmp = compare_plans(write_plan(tmp_path / "a.xlsx"), write_plan(tmp_path / "b.xlsx", other))
    ws = load_workbook(write_diff_workbook(cmp, tmp_path / "d.xlsx"))[ps.PLANTS.sheet]
    col = _header_index(ws)
    assert "chemistry" not in col and "firm" in col
    rows = {r[col["plant_id"] - 1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["P02"][col["chemistry base"] - 1 : col["chemistry other"]] == ("LFP", "NMC")


def test_counts_name_columns_compared_on_one_side_only(tmp_path: Path) -> None:
    """A plan from before a column existed (here: utilisation deleted from the other plan) is
    compared on the columns both have; the Summary's Counts table says which were left out."""
    other = write_plan(tmp_path / "b.xlsx", bigger_budget())
    wb = load_workbook(other)
    wb[ps.PLANTS.sheet].delete_cols(ps.PLANTS.names.index("utilisation") + 1)
    wb.save(other)
    cmp = compare_plans(write_plan(tmp_path / "a.xlsx"), other)
    rows = list(
        load_workbook(write_diff_workbook(cmp, tmp_path / "d.xlsx"))[ps.SUMMARY_SHEET].iter_rows(
            values_only=True
        )
    )
    head = next(r for r in rows if r[0] == "Table")
    at = head.index("Columns in one plan only (not compared)")
    plants = next(r for r in rows if r[0] == ps.PLANTS.sheet and isinstance(r[1], int))
    years = next(r for r in rows if r[0] == ps.YEARS.sheet and isinstance(r[1], int))
    assert plants[at] == "only in the base: utilisation"
    assert years[at] is None
