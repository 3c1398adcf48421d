"""Text that looks the same but is not: invisible characters, two spellings of an accent, and
text longer than a cell can hold.

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`
(Plants: A plant_id, B firm; Capacity: A plant_id).
"""

from __future__ import annotations

from pathlib import Path

from planner.errors import Issue
from planner.words import visible
from planner.workbook.load import validate_file
from tests.workbooks import patch_part, sheet_part, small_tables, write_workbook


def _issues(path: Path) -> list[Issue]:
    return validate_file(path)


def test_a_zero_width_space_in_an_id_is_a_warning_and_escaped_everywhere(tmp_path: Path) -> None:
    """Plants!A2 holds "P1" + U+200B (pasted from a web page); Capacity!A2 holds "P1"."""
    tables = small_tables()
    tables["Plants"][0]["plant_id"] = "P1\u200b"
    issues = _issues(write_workbook(tmp_path / "in.xlsx", tables))
    warning = next(i for i in issues if i.code == "hidden-character")
    assert (warning.where, warning.severity) == ("Plants!A2", "warning")
    assert 'plant_id is "P1\\u200b"' in warning.message
    # Capacity's P1 does not match the plant, and the message shows why.
    unknown = [i for i in issues if i.is_error and "P1" in i.message]
    assert unknown, issues
    assert all("\u200b" not in str(i) for i in issues)
    assert any("P1\\u200b" in str(i) for i in unknown)


def test_nfd_and_nfc_spellings_of_an_id_are_one_id(tmp_path: Path) -> None:
    """Plant Pé typed as e + U+0301 on Plants and as é on the other sheets is one plant: no
    error and no warning (after NFC there is nothing hidden)."""
    tables = small_tables()
    tables["Plants"][0]["plant_id"] = "Pe\u0301"
    for rows in tables.values():
        if isinstance(rows, list):
            for row in rows:
                if row.get("plant_id") == "P1":
                    row["plant_id"] = "P\u00e9"
    issues = _issues(write_workbook(tmp_path / "in.xlsx", tables))
    assert [i for i in issues if i.is_error] == []
    assert not [i for i in issues if i.code == "hidden-character"]


def test_text_longer_than_a_cell_is_refused_with_its_cell(tmp_path: Path) -> None:
    """32,768 characters: one more than Excel's cell limit of 32,767."""
    tables = small_tables()
    tables["Plants"][0]["firm"] = "LONGFIRM"  # openpyxl itself would cut the text at 32,767
    path = write_workbook(tmp_path / "in.xlsx", tables)
    patch_part(path, sheet_part(path, "Plants"), b">LONGFIRM<", b">" + b"F" * 32_768 + b"<")
    issues = _issues(path)
    error = next(i for i in issues if i.code == "text-too-long")
    assert error.where == "Plants!B2"
    assert error.message == (
        "firm holds 32,768 characters; a cell holds at most 32,767. Shorten it."
    )


def test_visible_escapes_only_what_cannot_be_seen() -> None:
    assert visible("P01\u200b") == "P01\\u200b"
    assert visible("\u200fP01") == "\\u200fP01"  # right-to-left mark
    assert visible("P01\u00a0") == "P01\\u00a0"  # non-breaking space
    assert visible("P01\u0301") == "P01\\u0301"  # accent on an ASCII digit
    assert visible("Zürich, नमस्ते") == "Zürich, नमस्ते"  # letters and a script's marks stay
