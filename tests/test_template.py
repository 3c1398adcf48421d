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
from planner.workbook.template import ABOUT_SHEET, write_template
from tests.workbooks import SMALL


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_template(tmp_path / "blank.xlsx", 2026, 2028)


def test_template_has_about_and_every_schema_sheet(template: Path) -> None:
    wb = load_workbook(template)
    assert wb.sheetnames == [ABOUT_SHEET, *(s.name for s in SHEETS)]
    about = [c.value for c in wb[ABOUT_SHEET]["A"] if c.value]
    for spec in SHEETS:
        assert spec.name in about


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
    capex = next(c for c in plants[1] if c.value == "capex_musd_per_gwh")
    assert "Unit: USD M/GWh." in capex.comment.text
    assert [c.value for c in wb["Capacity"][1]] == ["plant_id", 2026, 2027, 2028]


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
        columns = {c.value: c.column for c in ws[1] if c.value is not None}
        for r, row in enumerate(content, start=2):
            for key, value in row.items():
                ws.cell(row=r, column=columns[key], value=value)
    wb.save(template)


def test_filled_in_template_validates_and_loads(template: Path) -> None:
    _fill(template, SMALL)
    assert [i for i in validate_file(template) if i.is_error] == []
    loaded = load_input(template)
    assert loaded.data.plants == ("P1", "P2")
    assert loaded.sheet_names[0] == "Settings"


def test_blank_template_reports_what_to_fill(template: Path) -> None:
    codes = {i.code for i in validate_file(template) if i.is_error}
    assert codes == {"no-data-rows", "empty-required"}


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
