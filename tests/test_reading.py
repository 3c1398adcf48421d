"""The reader as a security boundary: damaged, hostile or odd files become input errors."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import InputError, Issue
from planner.workbook.load import load_input, validate_file
from planner.workbook.read import read_workbook
from planner.xlsx import guard as reading_safety
from tests.workbooks import edit_cells, small_tables, write_small_workbook, write_workbook


def _issues(path: Path) -> list[Issue]:
    with pytest.raises(InputError) as caught:
        load_input(path)
    return caught.value.issues


def _only(path: Path) -> Issue:
    issues = _issues(path)
    assert len(issues) == 1, issues
    return issues[0]


def _rewrite(
    path: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> Path:
    """Copy the zip at ``path`` part by part through ``change`` (None drops a part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def test_input_bytes_are_unchanged_and_hashed(small_workbook: Path) -> None:
    before = small_workbook.read_bytes()
    mtime = small_workbook.stat().st_mtime_ns
    loaded = load_input(small_workbook)
    validate_file(small_workbook)
    assert small_workbook.read_bytes() == before
    assert small_workbook.stat().st_mtime_ns == mtime
    assert loaded.sha256 == hashlib.sha256(before).hexdigest()


def test_ids_like_na_stay_text(tmp_path: Path) -> None:
    tables = small_tables()
    tables["Plants"][1]["plant_id"] = "NA"
    tables["Capacity"][1]["plant_id"] = "NA"
    tables["Supply"][2]["source_id"] = "NULL"
    loaded = load_input(write_workbook(tmp_path / "na.xlsx", tables))
    assert "NA" in loaded.data.plants
    assert "NULL" in loaded.data.sources
    assert ("NA", 2028) in loaded.data.permitted_capacity_gwh


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    issue = _only(tmp_path / "nowhere.xlsx")
    assert issue.code == "file-missing"
    assert issue.where.endswith("nowhere.xlsx")
    assert "check the path" in issue.message


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert _only(tmp_path).code == "file-missing"


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"plant_id,firm\nP1,A\n", "not-xlsx", "CSV"),
        (b"", "not-xlsx", "empty"),
        (bytes(range(256)) * 4, "not-xlsx", "Save As"),
        (reading_safety.OLE_MAGIC + b"\0" * 600, "legacy-xls", "Excel 97-2003"),
        (
            reading_safety.OLE_MAGIC + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"),
            "encrypted-file",
            "remove the password",
        ),
    ],
    ids=["csv", "empty", "binary-junk", "xls", "encrypted"],
)
def test_files_that_are_not_xlsx(tmp_path: Path, content: bytes, code: str, words: str) -> None:
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    issue = _only(path)
    assert (issue.code, issue.where) == (code, "renamed.xlsx")
    assert words in issue.message


def test_truncated_workbook_is_corrupt(small_workbook: Path) -> None:
    data = small_workbook.read_bytes()
    small_workbook.write_bytes(data[: len(data) // 2])
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("corrupt-file", "small.xlsx")
    assert issue.message.endswith("open it in Excel and save it again, or use a backup copy.")


def test_damaged_bytes_never_raise_anything_but_input_error(small_workbook: Path) -> None:
    data = small_workbook.read_bytes()
    for cut in range(100, len(data), max(1, len(data) // 25)):
        small_workbook.write_bytes(
            data[:cut] + bytes(reversed(data[cut : cut + 40])) + data[cut + 40 :]
        )
        try:
            load_input(small_workbook)
        except InputError as exc:
            assert exc.issues and all(i.where for i in exc.issues)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    """Refused from the archive's own sizes, before anything is inflated (no timing asserted:
    machines are shared and noisy)."""
    path = write_small_workbook(tmp_path / "bomb.xlsx")
    _rewrite(path, lambda n, d: d, {"xl/media/zeros.bin": b"\0" * (30 * 2**20)})
    issue = _only(path)
    assert issue.code == "zip-bomb"
    assert "xl/media/zeros.bin" in issue.where


def test_total_expanded_size_is_limited(small_workbook: Path, monkeypatch) -> None:
    monkeypatch.setattr(reading_safety, "MAX_UNCOMPRESSED_BYTES", 10_000)
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("zip-bomb", "small.xlsx")
    assert "it was not opened. Remove unused sheets or rows" in issue.message


def test_zip_without_workbook_part(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    issue = _only(path)
    assert issue.code == "not-xlsx"
    assert "Word" in issue.message


def test_binary_xlsb_is_refused(small_workbook: Path) -> None:
    _rewrite(small_workbook, lambda n, d: d, {"xl/workbook.bin": b"\0\1"})
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("binary-xlsb", "small.xlsx")
    assert issue.message == (
        "this is a binary Excel workbook (.xlsb); open it in Excel and use "
        "File > Save As > Excel Workbook (*.xlsx)."
    )


def test_strict_ooxml_is_refused(small_workbook: Path) -> None:
    transitional = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    _rewrite(
        small_workbook,
        lambda n, d: d.replace(transitional, strict) if n == "xl/workbook.xml" else d,
    )
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("strict-ooxml", "small.xlsx")
    assert issue.message.endswith(
        "use File > Save As > Excel Workbook (*.xlsx), not Strict Open XML."
    )


def test_external_links_are_refused(small_workbook: Path) -> None:
    _rewrite(
        small_workbook, lambda n, d: d, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
    )
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == (
        "external-link",
        "small.xlsx (part xl/externalLinks/externalLink1.xml)",
    )
    assert issue.message.endswith("In Excel use Data > Edit Links > Break Link, then save.")


def test_xml_with_dtd_is_refused(small_workbook: Path) -> None:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
    _rewrite(
        small_workbook,
        lambda n, d: dtd + d.split(b"?>", 1)[-1] if n == "xl/worksheets/sheet1.xml" else d,
    )
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("xml-dtd", "small.xlsx (part xl/worksheets/sheet1.xml)")
    assert issue.message.endswith("it was not opened. Re-save it from Excel.")


def test_openpyxl_uses_defusedxml() -> None:
    import openpyxl

    from planner.workbook.read import require_defusedxml

    assert openpyxl.DEFUSEDXML
    require_defusedxml()


def test_error_cells_are_reported_by_cell(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Plants!F2": "#DIV/0!"})
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("error-cell", "Plants!F2")
    assert issue.message.startswith("capex_musd_per_gwh shows the Excel error #DIV/0!")


def test_formula_without_saved_result(small_workbook: Path) -> None:
    edit_cells(small_workbook, {"Ramp!B2": "=1/2"})
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("formula-no-cache", "Ramp!B2")
    assert "let it calculate and save it, or type the value instead" in issue.message


def test_formula_with_saved_result_is_read(small_workbook: Path) -> None:
    marker = b'<c r="B2"'

    def cache(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet5.xml":  # Ramp, the fifth sheet written
            return data
        start = data.index(marker)
        end = data.index(b"</c>", start) + 4
        return data[:start] + b'<c r="B2"><f>1/2</f><v>0.5</v></c>' + data[end:]

    _rewrite(small_workbook, cache)
    assert load_input(small_workbook).data.ramp_factor[0] == 0.5


def test_non_finite_number_is_an_error(small_workbook: Path) -> None:
    def infinite(name: str, data: bytes) -> bytes:
        return (
            data.replace(b"<v>60</v>", b"<v>1E999</v>", 1)
            if (name == "xl/worksheets/sheet3.xml")
            else data
        )  # Plants

    _rewrite(small_workbook, infinite)
    issue = _only(small_workbook)
    assert (issue.code, issue.where) == ("non-finite", "Plants!F2")
    assert issue.message == (
        "capex_musd_per_gwh is inf, not a finite number; expected a number "
        "from 0 to 1000 (USD M/GWh)."
    )


def test_merged_cells_in_a_table(small_workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(small_workbook)
    wb["Plants"].merge_cells("B2:B3")
    wb.save(small_workbook)
    issues = _issues(small_workbook)
    merged = [i for i in issues if i.code == "merged-cells"]
    assert [i.where for i in merged] == ["Plants!B2:B3"]
    assert "unmerge them" in merged[0].message


def test_hidden_rows_warn_but_load(small_workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(small_workbook)
    wb["Plants"].row_dimensions[3].hidden = True
    wb.save(small_workbook)
    loaded = load_input(small_workbook)
    assert [(w.code, w.where) for w in loaded.warnings] == [("hidden-rows", "Plants!A3")]
    assert loaded.warnings[0].message == (
        "row 3 is hidden but its data is used; unhide it to check (select the rows on either "
        "side, right-click > Unhide)."
    )
    assert "P2" in loaded.data.plants


def test_hidden_columns_and_sheets_warn_but_load(small_workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(small_workbook)
    wb["Plants"].column_dimensions["C"].hidden = True
    wb["Plants"].column_dimensions["D"].hidden = True
    wb["Ramp"].sheet_state = "hidden"
    wb.save(small_workbook)
    loaded = load_input(small_workbook)
    assert [(w.code, w.where, w.message) for w in loaded.warnings] == [
        (
            "hidden-columns",
            "Plants!C1",
            "columns C, D are hidden but their data is used; "
            "unhide them to check (select the columns on either side, right-click > Unhide).",
        ),
        (
            "hidden-sheet",
            "Ramp",
            "the sheet is hidden but its data is used; unhide it to "
            "check (right-click any sheet tab > Unhide).",
        ),
    ]


def test_reader_keeps_cells_for_every_value(small_workbook: Path) -> None:
    book = read_workbook(small_workbook)
    assert book.grids["Plants"].rows[3][1] == "P2"
    assert book.grids["Settings"].rows[3][2] == 2026
