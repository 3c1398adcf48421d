"""The blank template: generated from the schema, explained, and valid once filled in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.cli import cli, main
from planner.errors import OutputError
from planner.workbook.load import load_input, validate_file
from planner.workbook.schema import SHEETS
from planner.workbook.spec import sheet_order
from planner.workbook.template import ABOUT_SHEET, SOURCES_SHEET, write_template
from tests.workbooks import SMALL


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_template(tmp_path / "blank.xlsx", 2026, 2028)


def test_template_has_about_and_every_schema_sheet(template: Path) -> None:
    wb = load_workbook(template)
    assert wb.sheetnames == [ABOUT_SHEET, *(s.name for s in sheet_order(SHEETS)), SOURCES_SHEET]
    assert sorted(wb.sheetnames[1:-1]) == sorted(s.name for s in SHEETS)
    about = [c.value for c in wb[ABOUT_SHEET]["A"] if c.value]
    for spec in SHEETS:
        assert spec.name in about
    listed = [name for name in about if name in wb.sheetnames]
    assert listed == wb.sheetnames[1:-1]  # About lists the sheets in the workbook's order


def test_every_dropdown_source_comes_before_the_sheets_using_it(template: Path) -> None:
    """Plants draws chemistries from Chemistries, Intensity minerals from Minerals, ...: in the
    template each referenced sheet precedes every sheet that references it (itself excepted)."""
    names = load_workbook(template).sheetnames
    pairs = [
        (spec.name, col.references.split(".")[0])
        for spec in SHEETS
        for col in spec.columns
        if col.references and col.references.split(".")[0] != spec.name
    ]
    assert ("Plants", "Chemistries") in pairs and ("GroupShares", "Groups") in pairs
    for user, source in pairs:
        assert names.index(source) < names.index(user), (user, source)


def test_sheet_order_follows_references_generically() -> None:
    """A sheet added later (Awards on Plants.plant_id, AwardDVA on Awards.award_id) is ordered
    by its references alone: by hand, AwardDVA listed first must still follow Awards, which
    follows Plants, which follows Chemistries; Other keeps its place; a sheet's reference to
    itself is ignored, and a cycle (no order satisfies it) is cut where it closes: A needs B
    first, B's need of A is dropped."""
    from planner.workbook.spec import ColumnSpec, SheetSpec, ref

    def sheet(name: str, *refs: str) -> SheetSpec:
        cols = tuple(ref(f"c{i}", r, "") for i, r in enumerate(refs)) or (ColumnSpec("x"),)
        return SheetSpec(name, cols)

    specs = (
        sheet("AwardDVA", "Awards.award_id"),
        sheet("Other"),
        sheet("Awards", "Plants.plant_id", "Awards.award_id"),
        sheet("Plants", "Chemistries.chemistry"),
        sheet("Chemistries"),
    )
    assert [s.name for s in sheet_order(specs)] == [
        "Chemistries",
        "Plants",
        "Awards",
        "AwardDVA",
        "Other",
    ]
    cycle = (sheet("A", "B.x"), sheet("B", "A.x"), sheet("C"))
    assert [s.name for s in sheet_order(cycle)] == ["B", "A", "C"]


def test_every_header_has_a_units_note_and_is_frozen(template: Path) -> None:
    wb = load_workbook(template)
    for spec in SHEETS:
        ws = wb[spec.name]
        assert ws.freeze_panes in ("A2", "B2")
        headers = [c for c in ws[1] if c.value is not None]
        assert headers, spec.name
        for cell in headers:
            assert cell.comment is not None and cell.comment.text, f"{spec.name}!{cell.coordinate}"
    plants = wb["Plants"]
    capex = next(c for c in plants[1] if c.value == "capex_musd_per_gwh (USD M/GWh)")
    assert "Unit: USD M/GWh." in capex.comment.text
    assert [c.value for c in wb["Capacity"][1]] == [
        "plant_id",
        "2026 (GWh/yr)",
        "2027 (GWh/yr)",
        "2028 (GWh/yr)",
    ]


def test_units_are_visible_in_every_header_row(template: Path) -> None:
    """Every column with a unit shows it in its header cell, in brackets after the name."""
    wb = load_workbook(template)
    for spec in SHEETS:
        if spec.layout == "settings":  # one setting per row: the unit is column C
            assert [c.value for c in wb[spec.name][1]][:3] == ["setting", "value", "unit"]
            continue
        shown = [c.value for c in wb[spec.name][1] if c.value is not None]
        columns = [c for c in spec.columns if not c.legacy]  # older layouts are not offered
        for col, head in zip(columns, shown, strict=False):
            assert head == (f"{col.name} ({col.unit})" if col.unit else col.name), spec.name
        if spec.year_value is not None:
            assert shown[len(columns)] == f"2026 ({spec.year_value.unit})"


def test_dropdowns_for_references_and_allowed_values(template: Path) -> None:
    wb = load_workbook(template)
    plants_rules = [r.formula1 for r in wb["Plants"].data_validations.dataValidation]
    assert "='Chemistries'!$A$2:$A$1000" in plants_rules
    supply_rules = [r.formula1 for r in wb["Supply"].data_validations.dataValidation]
    assert '"imported,domestic,recycled"' in supply_rules
    assert "='Minerals'!$A$2:$A$1000" in supply_rules


def test_number_formats_come_from_the_schema(template: Path) -> None:
    ws = load_workbook(template)["Plants"]
    assert ws["E2"].number_format == "0"  # online_year
    assert ws["F2"].number_format == "#,##0.00"  # capex
    assert ws["A2"].number_format == "@"  # plant_id


def _fill(template: Path, tables: dict) -> None:
    wb = load_workbook(template)
    for name, content in tables.items():
        ws = wb[name]
        if name == "Settings":
            rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
            for key, value in content.items():
                ws.cell(row=rows[key], column=2, value=value)
            continue
        columns = {c.value.split(" (")[0]: c.column for c in ws[1] if c.value is not None}
        for r, row in enumerate(content, start=2):
            for key, value in row.items():
                ws.cell(row=r, column=columns[str(key)], value=value)
    wb.save(template)


def test_filled_in_template_validates_and_loads(template: Path) -> None:
    _fill(template, SMALL)
    assert [i for i in validate_file(template) if i.is_error] == []
    loaded = load_input(template)
    assert loaded.data.plants == ("P1", "P2")
    assert loaded.sheet_names[0] == "Settings"


def test_blank_template_reports_what_to_fill(template: Path) -> None:
    """The scheme's numbers and the years are filled in: what is left is the planner's data
    (no warning for the blanks the template documents: scenario, objective, ...)."""
    issues = validate_file(template)
    assert {i.code for i in issues} == {"no-data-rows"}
    assert sorted(i.where.split("!")[0] for i in issues) == sorted(
        s.name for s in SHEETS if s.required and s.name not in ("Settings", "DVA")
    )


def test_blank_template_starts_with_the_scheme_values(template: Path) -> None:
    """Copied by hand from shared/scheme-and-minerals-2026.md and domain-brief.md §1.1, §7.5:
    outlay Rs 18,100 crore; 50 GWh of scheme capacity; incentive at most 20 % of sales value;
    20 GWh a year per beneficiary; DVA reading (a), 25 % within 2 and 60 % within 5 years of the
    appointed date, so after 2 years of gestation window years 1-3 at 25 %, 4-5 at 60 %;
    Rs 87/USD. Each is listed on the Sources sheet with its cell and source."""
    wb = load_workbook(template)
    settings = {r[0]: r[1] for r in wb["Settings"].iter_rows(min_row=2, values_only=True)}
    assert settings["budget_rs_crore"] == 18100
    assert settings["revenue_cap_share"] == 0.2
    assert settings["firm_cap_gwh"] == 20
    assert settings["fx_rs_per_usd"] == 87
    assert settings["scheme_capacity_gwh"] == 50
    assert settings["annual_limit_rs_crore"] is None
    dva = [r[:2] for r in wb["DVA"].iter_rows(min_row=2, values_only=True) if r[0] is not None]
    assert dva == [(1, 0.25), (2, 0.25), (3, 0.25), (4, 0.6), (5, 0.6)]
    sources = list(wb[SOURCES_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(sources) == 10
    for _label, cell, value, basis, source in sources:
        sheet, ref = cell.split("!")
        assert wb[sheet][ref].value == value
        assert "http" in source and basis
        assert source in wb[sheet][ref].comment.text  # the cell's note says where it is from


def test_headers_with_units_and_plain_headers_read_the_same(tmp_path: Path) -> None:
    """The filled template (headers with units) and the same tables under plain headers give
    the same model data; a unit written differently in case or spacing is the same unit."""
    from tests.workbooks import write_workbook

    filled = write_template(tmp_path / "units.xlsx", 2026, 2028)
    _fill(filled, SMALL)
    plain = write_workbook(tmp_path / "plain.xlsx", SMALL)
    with_units, without = load_input(filled), load_input(plain)
    assert with_units.data.permitted_capacity_gwh == without.data.permitted_capacity_gwh
    assert with_units.data.plant_firm == without.data.plant_firm
    assert with_units.tables["Plants"] == without.tables["Plants"]
    wb = load_workbook(filled)
    wb["Plants"]["F1"] = "capex_musd_per_gwh ( usd m/GWh )"
    wb.save(filled)
    assert [i for i in validate_file(filled) if i.code == "header-unit"] == []


def test_a_header_in_another_unit_is_warned_about(tmp_path: Path) -> None:
    filled = write_template(tmp_path / "other.xlsx", 2026, 2028)
    _fill(filled, SMALL)
    wb = load_workbook(filled)
    wb["Plants"]["F1"] = "capex_musd_per_gwh (USD/kWh)"
    wb["Capacity"]["C1"] = "2027 (MW)"
    wb.save(filled)
    issues = validate_file(filled)
    found = [(i.code, i.where, i.severity) for i in issues if i.code == "header-unit"]
    assert found == [
        ("header-unit", "Plants!F1", "warning"),
        ("header-unit", "Capacity!C1", "warning"),
    ]
    [capex] = [i for i in validate_file(filled) if i.where == "Plants!F1"]
    assert "reads capex_musd_per_gwh in USD M/GWh" in capex.message


def test_refuses_to_overwrite_an_existing_file(template: Path) -> None:
    before = template.read_bytes()
    with pytest.raises(OutputError, match="already exists"):
        write_template(template)
    assert template.read_bytes() == before


def test_writes_atomically_leaving_no_temporary_file(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_cli_template_then_refusal_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.xlsx"
    result = CliRunner().invoke(cli, ["template", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()
    with pytest.raises(SystemExit) as stop:
        main(["template", str(target)])
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "Traceback" not in err


def test_cli_template_rejects_reversed_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["template", str(tmp_path / "x.xlsx"), "--first-year", "2030", "--last-year", "2026"])
    assert stop.value.code == 2
    assert "--last-year 2026 is before --first-year 2030" in capsys.readouterr().err


def test_command_modules_do_not_import_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, planner.commands.validate, planner.commands.template; "
        "heavy = [m for m in ('pyomo', 'highspy', 'pandas', 'openpyxl') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == ""


def test_compare_sees_headers_with_and_without_units_as_the_same_columns() -> None:
    """A plan made from a workbook with plain headers (before the template wrote units) and one
    from the template's headers differ in no input cell; a changed value still shows."""
    from planner.compare.diff import Tolerance
    from planner.compare.inputs import diff_input_sheet
    from planner.compare.read import InputSheet

    plain = {(1, 1): "plant_id", (1, 2): 2026, (2, 1): "P1", (2, 2): 5.0}
    units = {(1, 1): "plant_id", (1, 2): "2026 (GWh/yr)", (2, 1): "P1", (2, 2): 5.0}
    tol = Tolerance()
    same = diff_input_sheet(
        InputSheet("Capacity", plain), InputSheet("Capacity", units), tol, "years", ("plant_id",)
    )
    assert same == []
    units[(2, 2)] = 6.0
    [changed] = diff_input_sheet(
        InputSheet("Capacity", plain), InputSheet("Capacity", units), tol, "years", ("plant_id",)
    )
    assert (changed.base_cell, changed.base, changed.other) == ("B2", 5.0, 6.0)
