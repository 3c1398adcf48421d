"""What a clumsy or hostile user hands the reader, and what the planner is told.

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`
(Plants: E online_year, F capex; Capacity: A plant_id, B 2026, C 2027, D 2028; Settings values in
column B, first_year in row 3). Each test asserts the exact cell and the wording of the fix.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.errors import InputError, Issue
from planner.workbook.load import load_input, validate_file
from planner.xlsx import guard as reading_safety
from tests.workbooks import edit_cells, small_tables, write_small_workbook, write_workbook


def _errors(path: Path) -> list[tuple[str, str, str]]:
    return [(i.code, i.where, i.message) for i in validate_file(path) if i.is_error]


def _all(path: Path) -> list[tuple[str, str, str]]:
    return [(i.code, i.where, i.message) for i in validate_file(path)]


def _only_file_issue(path: Path) -> Issue:
    with pytest.raises(InputError) as caught:
        load_input(path)
    assert len(caught.value.issues) == 1, caught.value.issues
    return caught.value.issues[0]


def _formatted(path: Path, ref: str, value: object, number_format: str) -> Path:
    wb = load_workbook(path)
    sheet, cell = ref.split("!")
    wb[sheet][cell].value = value
    wb[sheet][cell].number_format = number_format
    wb.save(path)
    return path


# --- files that are not .xlsx workbooks ------------------------------------------------------


def test_ods_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "from_libreoffice.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    issue = _only_file_issue(path)
    assert (issue.code, issue.where) == ("ods-file", "from_libreoffice.xlsx")
    assert issue.message.endswith(
        "in LibreOffice use File > Save As and choose the file type Excel 2007-365 (.xlsx)."
    )


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffplant_id,firm\nP1,Zürich\n".encode(),  # Excel's "CSV UTF-8" export
        "plant_id\tfirm\nP1\tA\n".encode("utf-16"),  # Excel's "Unicode Text" export
        ("plant_id,firm\n" + "P1,Zürich\n" * 400).encode(),  # a character cut at byte 2048
    ],
    ids=["csv-utf8-bom", "utf16-text", "long-csv"],
)
def test_text_exports_renamed_to_xlsx(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(content)
    issue = _only_file_issue(path)
    assert (issue.code, issue.where) == ("not-xlsx", "export.xlsx")
    assert issue.message == (
        "this is a CSV or text file, not an Excel .xlsx workbook; open it "
        "in Excel and use File > Save As > Excel Workbook (*.xlsx)."
    )


def test_legacy_xls_names_the_save_as(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(reading_safety.OLE_MAGIC + b"\0" * 600)
    issue = _only_file_issue(path)
    assert (issue.code, issue.where) == ("legacy-xls", "old.xls")
    assert issue.message == (
        "this is an old-style Excel 97-2003 .xls file; open it in Excel "
        "and use File > Save As > Excel Workbook (*.xlsx)."
    )


def test_really_encrypted_workbook() -> None:
    """A workbook encrypted the way Excel does it, password "secret". Made once (so the tests need
    no encryption library) from tests.workbooks.write_small_workbook with msoffcrypto-tool:
    ``msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", locked)``."""
    path = Path(__file__).parent / "data" / "locked.xlsx"
    issue = _only_file_issue(path)
    assert (issue.code, issue.where) == ("encrypted-file", "locked.xlsx")
    assert "remove the password" in issue.message


def test_file_too_large(small_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_safety, "MAX_FILE_BYTES", 1000)
    issue = _only_file_issue(small_workbook)
    assert (issue.code, issue.where) == ("file-too-large", "small.xlsx")
    assert issue.message.endswith("an input workbook must be under 0 MB. Remove unused sheets.")


def test_lying_zip_directory_is_corrupt_not_a_crash(small_workbook: Path) -> None:
    """A part whose declared size is smaller than its content (a classic bomb trick)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(small_workbook) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info))
    data = bytearray(out.getvalue())
    # Shrink every "uncompressed size" in the central directory to 10 bytes.
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        data[pos + 24 : pos + 28] = (10).to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    small_workbook.write_bytes(bytes(data))
    issue = _only_file_issue(small_workbook)
    assert issue.code == "corrupt-file"
    assert issue.where.startswith("small.xlsx")
    assert "save it again" in issue.message


# --- dates where numbers or years belong -------------------------------------------------------


def test_year_typed_into_a_date_formatted_cell(small_workbook: Path) -> None:
    """Excel shows 2027 in a dd/mm/yyyy cell as 19/07/1905 (serial 2027 days after 1899-12-30)."""
    _formatted(small_workbook, "Plants!E2", 2027, "dd/mm/yyyy")
    assert _errors(small_workbook) == [
        (
            "not-a-number",
            "Plants!E2",
            "online_year is the date 19 Jul 1905 (the cell holds 2027 "
            "but is formatted as a date); expected a whole year from 2026 to 2028. Set the cell's "
            "format to General (Home > Number Format > General) and type the year alone, e.g. "
            "2027.",
        )
    ]


def test_a_real_date_where_a_year_belongs(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Plants!E2": dt.datetime(2027, 4, 1)})
    assert _errors(small_workbook) == [
        (
            "not-a-number",
            "Plants!E2",
            "online_year is the date 01 Apr 2027; expected a whole "
            "year from 2026 to 2028. Set the cell's format to General (Home > Number Format > "
            "General) and type the year alone, e.g. 2027.",
        )
    ]


def test_a_setting_year_in_a_date_formatted_cell(small_workbook: Path) -> None:
    _formatted(small_workbook, "Settings!B3", 2026, "yyyy-mm-dd")
    errors = _errors(small_workbook)
    assert [(c, w) for c, w, _ in errors] == [("not-a-number", "Settings!B3")]
    assert errors[0][2].startswith("first_year is the date 18 Jul 1905 (the cell holds 2026")
    assert errors[0][2].endswith("type the year alone, e.g. 2026.")


def test_a_number_in_a_date_formatted_cell(small_workbook: Path) -> None:
    _formatted(small_workbook, "Plants!F2", 45, "dd/mm/yyyy")  # shows 14/02/1900
    assert _errors(small_workbook) == [
        (
            "not-a-number",
            "Plants!F2",
            "capex_musd_per_gwh is the date 14 Feb 1900 (a number "
            "typed into a cell formatted as a date shows like this); expected a number from 0 to "
            "1000 (USD M/GWh). Set the cell's format to General (Home > Number Format > General) "
            "and type the number again.",
        )
    ]


def test_a_date_where_text_belongs(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Plants!B2": dt.datetime(2026, 3, 1)})
    assert _errors(small_workbook) == [
        (
            "not-text",
            "Plants!B2",
            "firm is the date 01 Mar 2026; expected a text value. Format "
            "the cell as Text (Home > Number Format > Text) and type it again.",
        )
    ]


def test_year_header_formatted_as_a_date(small_workbook: Path) -> None:
    """One mistake, one error: the column is still read as 2027, so no 'year missing' too."""
    _formatted(small_workbook, "Capacity!C1", 2027, "dd/mm/yyyy")
    assert _all(small_workbook) == [
        (
            "bad-header",
            "Capacity!C1",
            "the year header 2027 is formatted as a date, so Excel "
            "shows 19 Jul 1905; set the cell's format to General (Home > Number Format > General) "
            "so that it shows 2027.",
        )
    ]


def test_year_header_typed_as_a_date(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Capacity!C1": dt.datetime(2027, 1, 1)})
    assert _all(small_workbook) == [
        (
            "bad-header",
            "Capacity!C1",
            "this header is the date 01 Jan 2027; a year column is "
            "headed by the year alone: type 2027 and set the cell's format to General.",
        )
    ]


# --- headers, sheet names and layout ---------------------------------------------------------


@pytest.mark.parametrize("header", ["2027", " 2027 ", 2027.0], ids=["text", "spaces", "float"])
def test_year_headers_as_text_or_float_are_years(small_workbook: Path, header: object) -> None:
    edit_cells(small_workbook, {"Capacity!C1": header})
    assert validate_file(small_workbook) == []
    assert load_input(small_workbook).data.permitted_capacity_gwh[("P1", 2027)] == 10.0


def test_year_header_with_a_prefix(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Capacity!C1": "FY2027"})
    assert _all(small_workbook) == [
        (
            "year-missing",
            "Capacity!1",
            "no column for year 2027; add one column per year from "
            "2026 to 2028, headed by the year.",
        ),
        (
            "unknown-column",
            "Capacity!C1",
            'column "FY2027" is not used by accplan and is '
            "ignored. Year columns must be headed by the year alone, e.g. 2026.",
        ),
    ]


def test_header_with_trailing_spaces_is_read(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Plants!B1": "firm  "})
    assert validate_file(small_workbook) == []


def test_header_in_other_case_is_named_with_its_fix(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Plants!F1": "Capex_MUSD_per_GWh"})
    assert _errors(small_workbook) == [
        (
            "misspelt-column",
            "Plants!F1",
            'column "Capex_MUSD_per_GWh" is not known; did you mean '
            '"capex_musd_per_gwh"? Rename the header to capex_musd_per_gwh.',
        )
    ]


def test_sheet_renamed_in_lower_case(tmp_path: Path) -> None:
    tables = small_tables()
    tables["plants"] = tables.pop("Plants")
    path = write_workbook(tmp_path / "lower.xlsx", tables)
    assert _errors(path) == [
        (
            "missing-sheet",
            "Plants",
            'sheet Plants is missing; the workbook has a sheet "plants" '
            "— did you mean it? Rename it to Plants.",
        )
    ]


def test_blank_rows_in_the_middle_keep_true_row_numbers(small_workbook: Path) -> None:
    wb = load_workbook(small_workbook)
    wb["Plants"].insert_rows(3, 2)  # P2 moves from row 3 to row 5
    wb["Plants"]["F5"] = "sixty"
    wb.save(small_workbook)
    assert _errors(small_workbook) == [
        (
            "not-a-number",
            "Plants!F5",
            'capex_musd_per_gwh is "sixty"; expected a number from 0 to 1000 (USD M/GWh).',
        )
    ]


def test_merged_cells_are_reported_once(small_workbook: Path) -> None:
    wb = load_workbook(small_workbook)
    wb["Capacity"].merge_cells("B2:D2")  # C2 and D2 become empty: not three errors
    wb.save(small_workbook)
    assert _all(small_workbook) == [
        (
            "merged-cells",
            "Capacity!B2:D2",
            "merged cells inside the table; unmerge them (Home > "
            "Merge & Center) and fill in every cell.",
        )
    ]


def test_values_in_a_column_without_header(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Capacity!E2": 12.0, "Capacity!E3": 9.0})
    assert _all(small_workbook) == [
        (
            "unheaded-column",
            "Capacity!E2",
            "column E has values (rows 2, 3) but no header in "
            "row 1, so they are ignored; type the year in E1, or delete the values.",
        )
    ]


def test_rows_outside_the_table_are_one_warning(small_workbook: Path) -> None:
    edit_cells(small_workbook, {f"Plants!M{r}": "note" for r in range(6, 14)})
    assert _all(small_workbook) == [
        (
            "ignored-row",
            "Plants!M6",
            "rows 6, 7, 8, 9, 10 and 3 more have values only in columns "
            "accplan does not use, and are ignored; fill in the table's columns or delete those "
            "rows.",
        )
    ]


def test_references_to_an_empty_sheet_are_not_repeated(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "no_plants.xlsx", small_tables(Plants=[]))
    assert _errors(path) == [
        (
            "no-data-rows",
            "Plants!A2",
            "the sheet has no data rows; add one row per record below "
            "the header in row 1, starting in row 2.",
        )
    ]


@pytest.mark.parametrize("plant_id", ["NA", "N/A", "NULL", "nan", "None", "-"])
def test_ids_that_look_missing_stay_ids(tmp_path: Path, plant_id: str) -> None:
    tables = small_tables()
    tables["Plants"][1]["plant_id"] = plant_id
    tables["Capacity"][1]["plant_id"] = plant_id
    loaded = load_input(write_workbook(tmp_path / "ids.xlsx", tables))
    assert loaded.data.plants == tuple(sorted(("P1", plant_id)))


def test_a_thousand_plants_read_and_validate(tmp_path: Path) -> None:
    """1,000 plants x (Plants, Capacity, Committed) are read and validated (about 1 s here;
    speed is measured in benchmarks/, not asserted in a test)."""
    tables = small_tables()
    plant, capacity = tables["Plants"][1], tables["Capacity"][1]
    ids = [f"P{i:04d}" for i in range(1000)]
    tables["Plants"] = [{**plant, "plant_id": p, "firm": f"Firm {p}"} for p in ids]
    tables["Capacity"] = [{**capacity, "plant_id": p} for p in ids]
    tables["Committed"] = [{**capacity, "plant_id": p} for p in ids]
    tables.pop("Awards")
    path = write_workbook(tmp_path / "big.xlsx", tables)
    loaded = load_input(path)
    assert len(loaded.data.plants) == 1000


def test_reading_a_workbook_with_errors_leaves_its_bytes_unchanged(tmp_path: Path) -> None:
    """Reading never writes: the bytes of a workbook with errors are unchanged too."""
    path = write_small_workbook(tmp_path / "bad.xlsx", Settings={"fx_rs_per_usd": "x"})
    before = path.read_bytes()
    assert _errors(path)
    assert path.read_bytes() == before


def test_a_value_without_a_setting_name(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Settings!B12": 5})
    assert _all(small_workbook) == [
        (
            "unnamed-setting",
            "Settings!B12",
            "a value without a setting name in column A is "
            "ignored; type the setting's name in A12, or delete the value.",
        )
    ]


def test_a_chart_sheet_where_a_table_belongs(small_workbook: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    wb = load_workbook(small_workbook)
    chart = BarChart()
    chart.add_data(Reference(wb["Plants"], min_col=6, min_row=1, max_row=3))
    wb.create_chartsheet("Demand").add_chart(chart)
    wb.save(small_workbook)
    assert _errors(small_workbook) == [
        (
            "chart-sheet",
            "Demand",
            "'Demand' is a chart, not a table; rename it and add a sheet with the data.",
        )
    ]


def test_a_file_that_cannot_be_read(small_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """E.g. locked by another program on Windows, or no read permission."""

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    issue = _only_file_issue(small_workbook)
    assert (issue.code, issue.where) == ("file-unreadable", "small.xlsx")
    assert issue.message == (
        "cannot read the file (Permission denied); close it in other "
        "programs and check you may read it."
    )


def test_a_title_row_above_the_header_is_one_error(small_workbook: Path) -> None:
    """Cells below are still checked, by their rows as they are now (F6 was F2 before)."""
    wb = load_workbook(small_workbook)
    wb["Plants"].insert_rows(1, 4)
    wb["Plants"]["A1"] = "Candidate plants (illustrative)"
    wb["Plants"]["F6"] = "sixty"
    wb.save(small_workbook)
    assert _errors(small_workbook) == [
        (
            "header-not-in-row-1",
            "Plants!A5",
            "the column names are in row 5, but accplan reads "
            "them from row 1; delete rows 1 to 4 (a title or notes above the table) so that the "
            "header is in row 1.",
        ),
        (
            "not-a-number",
            "Plants!F6",
            'capex_musd_per_gwh is "sixty"; expected a number from 0 to 1000 (USD M/GWh).',
        ),
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_base_case_saved_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import INPUTS

    source = tmp_path / "acc_base.xlsx"
    shutil.copy(INPUTS / "acc_base.xlsx", source)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = tmp_path / "out" / "acc_base.xlsx"
    assert validate_file(resaved) == []
    assert load_input(resaved).data == load_input(INPUTS / "acc_base.xlsx").data


def test_settings_laid_out_across_row_1(tmp_path: Path) -> None:
    tables = small_tables()
    settings = tables.pop("Settings")
    path = write_workbook(tmp_path / "across.xlsx", tables)
    wb = load_workbook(path)
    ws = wb.create_sheet("Settings", 0)
    ws.append(list(settings))
    ws.append(list(settings.values()))
    wb.save(path)
    assert _all(path) == [
        (
            "settings-across",
            "Settings!A1",
            "the settings are laid out across row 1, but accplan "
            "reads one setting per row: its name in column A and its value in column B. Copy the "
            "table and use Paste Special > Transpose, or start from `accplan template`.",
        )
    ]
