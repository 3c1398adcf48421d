"""Plans, difference workbooks and templates print as a reader expects, without ``###`` cells.

Every sheet prints one page wide; numbers fit their columns: checked against the longest
formatted value of each column, and, where LibreOffice is installed, by rendering two plans, a
difference workbook and the blank template to PDF and reading their text back.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from planner.cli import main

    folder = tmp_path_factory.mktemp("print")
    out = {"template": folder / "template.xlsx", "diff": folder / "diff.xlsx"}
    calls = [["template", str(out["template"])]]
    for name in ("acc_base", "acc_lithium_squeeze"):
        out[name] = folder / f"{name}_plan.xlsx"
        calls.append(["solve", str(ROOT / "inputs" / f"{name}.xlsx"), "-o", str(out[name]), "-q"])
    calls.append(["compare", str(out["acc_base"]), str(out["acc_lithium_squeeze"]), "-o",
                  str(out["diff"])])  # fmt: skip
    for args in calls:
        try:
            main(args)
        except SystemExit as exc:
            assert exc.code in (0, 1, None), args
    return out


def shown(value: float, fmt: str) -> str:
    """How a spreadsheet shows ``value`` in number format ``fmt`` (the formats plans use)."""
    fmt = fmt.split(";")[0]
    if fmt.endswith("%"):
        return f"{value * 100:.{_decimals(fmt[:-1])}f}%"
    grouped = "," if "#,##" in fmt else ""
    text = f"{value:{grouped}.{_decimals(fmt)}f}"
    return text


def _decimals(fmt: str) -> int:
    return len(fmt.split(".")[1]) if "." in fmt else 0


@pytest.mark.parametrize("name", ["acc_base", "diff", "template"])
def test_every_sheet_prints_one_page_wide_and_numbers_fit(books: dict[str, Path], name: str):
    wb = load_workbook(books[name])
    for ws in wb:
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth == 1, ws.title
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if not isinstance(cell.value, int | float) or isinstance(cell.value, bool):
                    continue
                if cell.number_format == "General":
                    continue
                width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
                text = shown(float(cell.value), cell.number_format)
                assert len(text) <= width, (ws.title, cell.coordinate, text, width)


def test_shown_matches_spreadsheet_formats() -> None:
    assert shown(-1234.5678, "#,##0.0000;-#,##0.0000") == "-1,234.5678"
    assert shown(0.123, "0.0%") == "12.3%"
    assert shown(2026, "0") == "2026"


RENDERED = ("acc_base", "acc_lithium_squeeze", "diff", "template")
"""Every kind of workbook accplan writes: plans, a difference workbook and the blank template."""


@pytest.fixture(scope="module")
def pdf_text(books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The text LibreOffice prints for each book (one conversion run for all of them)."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler are not installed")
    folder = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         *(str(books[name]) for name in RENDERED)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {
        name: subprocess.run(
            ["pdftotext", str(folder / f"{books[name].stem}.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for name in RENDERED
    }


@pytest.mark.parametrize("name", RENDERED)
def test_every_book_renders_without_hash_cells(pdf_text: dict[str, str], name: str) -> None:
    """LibreOffice shows ### where a number does not fit its column; no PDF has one."""
    text = pdf_text[name]
    assert text.strip(), name
    assert "###" not in text


def test_rendered_books_show_what_they_are_for(pdf_text: dict[str, str]) -> None:
    assert "Incentive by plant and award" in pdf_text["acc_base"]
    assert "capex_musd_per_gwh" in pdf_text["template"]  # the header row with its unit
    assert "(USD M/GWh)" in pdf_text["template"]
    assert "18,100" in pdf_text["template"]  # the scheme's budget, prefilled


def test_template_checks_numbers_as_they_are_typed(books: dict[str, Path]) -> None:
    """A share accepts 0 to 1 only (25 for 25 % is refused by Excel itself); a year is whole;
    cells to fill in are shaded."""
    ws = load_workbook(books["template"])["Settings"]
    names = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    share = f"B{names['revenue_cap_share']}"
    year = f"B{names['first_year']}"
    rules = {str(r.sqref): r for r in ws.data_validations.dataValidation}
    assert (rules[share].type, rules[share].formula1, rules[share].formula2) == (
        "decimal",
        "0",
        "1",
    )
    assert rules[year].type == "whole"
    assert ws[share].fill.fgColor.rgb.endswith("FFF5CC")
