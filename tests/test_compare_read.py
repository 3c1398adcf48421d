"""Reading plans back: anything that is not a usable accplan plan is refused, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from planner.compare.read import read_plan, read_plans
from planner.errors import InputError
from planner.plan import schema as ps
from tests.compare_fixtures import base_tables, write_plan


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_plan(path)
    assert info.value.exit_code == 2
    return str(info.value)


def test_reads_tables_by_key_with_cells(tmp_path: Path) -> None:
    plan = read_plan(write_plan(tmp_path / "p.xlsx"))
    assert plan.run["format"] == ps.PLAN_FORMAT and plan.run["scenario"] == "base"
    row = plan.tables[ps.PLANTS.sheet].rows[("P02", 2028)]
    assert row.values["output"] == 8 and row.row_number == 5
    assert set(plan.inputs) == {"Settings", "Supply"}
    assert plan.inputs["Supply"].cells[(2, 1)] == "CA01"


def test_whole_number_floats_and_text_padding_match(tmp_path: Path) -> None:
    tables = base_tables()
    tables[ps.YEARS.sheet][0]["year"] = 2027.0
    tables[ps.PLANTS.sheet][0]["plant_id"] = " P01 "
    plan = read_plan(write_plan(tmp_path / "p.xlsx", tables))
    assert (2027,) in plan.tables[ps.YEARS.sheet].rows
    assert ("P01", 2027) in plan.tables[ps.PLANTS.sheet].rows


def test_missing_file(tmp_path: Path) -> None:
    assert "nope.xlsx: file not found" in _error(tmp_path / "nope.xlsx")


def test_text_file_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("base case, lithium 8000 t\n")
    message = _error(path)
    assert "notes.xlsx" in message and "not an Excel workbook" in message


def test_workbook_without_run_block_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "inputs.xlsx"
    wb = Workbook()
    wb.active.title = "Plants"
    wb.save(path)
    message = _error(path)
    assert "inputs.xlsx" in message and "is not an accplan plan" in message


def test_other_major_format_is_refused(tmp_path: Path) -> None:
    message = _error(write_plan(tmp_path / "old.xlsx", fmt="accplan-plan/2"))
    assert "old.xlsx" in message and "'accplan-plan/2'" in message and ps.PLAN_FORMAT in message


def test_minor_format_revision_is_read(tmp_path: Path) -> None:
    assert read_plan(write_plan(tmp_path / "p.xlsx", fmt=ps.PLAN_FORMAT + ".3")).tables


def test_duplicate_key_names_both_rows(tmp_path: Path) -> None:
    tables = base_tables()
    tables[ps.YEARS.sheet].append(dict(tables[ps.YEARS.sheet][0]))
    message = _error(write_plan(tmp_path / "dup.xlsx", tables))
    assert "dup.xlsx, Years!A4" in message and "row 2" in message


def test_missing_key_column(tmp_path: Path) -> None:
    path = write_plan(tmp_path / "p.xlsx")
    wb = load_workbook(path)
    wb[ps.PLANTS.sheet]["A1"] = "plant"
    wb.save(path)
    message = _error(path)
    assert "p.xlsx, Plants!A1" in message and "plant_id" in message


def test_problems_of_both_files_are_reported_together(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_plans([tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    assert [i.where for i in info.value.issues] == [
        str(tmp_path / "a.xlsx"),
        str(tmp_path / "b.xlsx"),
    ]


def test_unsafe_archive_is_refused_before_parsing(tmp_path: Path) -> None:
    """A plan is an untrusted zip too: a workbook linking to other workbooks is refused by the
    same archive checks as an input workbook, naming the file."""
    import zipfile

    path = write_plan(tmp_path / "linked.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    message = _error(path)
    assert "linked.xlsx" in message and "links to other workbooks" in message


def test_fast_reader_gives_openpyxls_values(tmp_path: Path) -> None:
    """compare_xlsx reads the values openpyxl reads: ints, floats, text (also formula-like text
    stored as text), booleans, a formula's cached result, gaps between cells and rows."""
    from planner.xlsx.values import XlsxValues

    path = write_plan(tmp_path / "p.xlsx")
    wb = load_workbook(path)
    ws = wb.create_sheet("Odd")
    ws["A1"], ws["C1"], ws["D1"] = 7, 2.5, True
    ws["B3"], ws["E3"] = "=text", "Lithium from Canada"
    ws["B3"].data_type = "s"
    ws["A5"] = -1.25e-7
    wb.save(path)
    reader = XlsxValues(path.read_bytes())
    reference = load_workbook(path, data_only=True)
    assert reader.sheetnames == reference.sheetnames
    for name in reference.sheetnames:
        expected = [
            (r, tuple(values))
            for r, values in enumerate(reference[name].iter_rows(values_only=True), start=1)
            if any(v is not None for v in values)
        ]
        got = [
            (r, values + (None,) * (len(dict(expected)[r]) - len(values)))
            for r, values in reader.rows(name)
        ]
        assert got == expected, name
    assert list(reader.rows("Odd")) == [
        (1, (7, None, 2.5, True)),
        (3, (None, "=text", None, None, "Lithium from Canada")),
        (5, (-1.25e-7,)),
    ]
