"""Render the input workbook reference (Markdown) from the schema, and keep README.md in step.

``python -m planner.workbook.docs`` rewrites the part of README.md between the markers
``<!-- schema:start ... -->`` and ``<!-- schema:end -->``; ``--check`` only reports drift.
A test fails when the README and :data:`planner.workbook.schema.SHEETS` disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from planner.workbook.schema import SHEETS, TEXT, YEAR, ColumnSpec, SheetSpec
from planner.workbook.spec import sheet_order

README = Path(__file__).resolve().parents[2] / "README.md"
START = re.compile(r"^<!-- schema:start.*-->\s*$", re.MULTILINE)
END = "<!-- schema:end -->"

LAYOUTS = {
    "settings": "One setting per row: its name in column A, its value in column B.",
    "table": "Header in row 1, one row per {keys}.",
    "years": "One row per {keys}; after the columns below, one column per planning year headed "
    "by the year (2026, 2027, …; the template writes `2026 ({unit})`), each holding {value}.",
}


def _rule(col: ColumnSpec) -> str:
    from planner.workbook.cells import expected

    if col.references:
        sheet, column = col.references.split(".")
        return f"{'an' if column[0] in 'aeiou' else 'a'} {column} on {sheet}"
    if col.dtype == YEAR:
        return "a whole year" if col.any_year else "a year of the horizon"
    if col.dtype == TEXT and not col.allowed:
        return "text"
    return expected(col, None).removesuffix(f" ({col.unit})")


def _need(col: ColumnSpec) -> str:
    if col.required:
        return "yes"
    from planner.workbook.cells import show

    return "no" + (f" (blank = {show(col.default)})" if col.default not in (None, "") else "")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|")


def render_sheet(spec: SheetSpec) -> str:
    """The Markdown section of one sheet."""
    keys = " + ".join(f"`{k}`" for k in spec.keys)
    value = (
        f"`{spec.year_value.name}` ({spec.year_value.unit}: "
        f"{spec.year_value.description.rstrip('.').lower()})"
        if spec.year_value
        else ""
    )
    lines = [
        f"### {spec.name}" + ("" if spec.required else " (optional)"),
        "",
        spec.description,
        "",
        LAYOUTS[spec.layout].format(
            keys=keys, value=value, unit=spec.year_value.unit if spec.year_value else ""
        ),
        "",
        "| column | unit | required | allowed | meaning |",
        "|---|---|---|---|---|",
    ]
    for col in spec.columns:
        lines.append(
            f"| `{col.name}` | {_cell(col.unit)} | {_need(col)} | "
            f"{_cell(_rule(col))} | {_cell(col.description)} |"
        )
    return "\n".join(lines)


def render() -> str:
    """The whole input reference, as it stands between the README markers."""
    intro = (
        "Generated from `planner/workbook/schema.py`. `accplan template PATH` writes a blank "
        "workbook with these sheets, in this order (a sheet after the sheets whose ids its "
        "drop-downs offer), each header with its unit in brackets (`capex_musd_per_gwh (USD "
        "M/GWh)`; the name alone reads the same; hover over a header for its rule), and the "
        "scheme's own numbers (budget, capacity, revenue cap, per-firm cap, DVA path, exchange "
        "rate) filled in, with their sources on a Sources sheet. `accplan validate WORKBOOK` "
        "checks a workbook and names every problem by cell. Sheets other than these (e.g. "
        "About, Sources) are ignored."
    )
    sheets = sheet_order(SHEETS)
    return "\n\n".join([intro, *(render_sheet(s) for s in sheets)]) + "\n"


def splice(readme: str, body: str) -> str:
    """``readme`` with the text between the schema markers replaced by ``body``."""
    start = START.search(readme)
    end = readme.find(END)
    if start is None or end < start.end():
        raise ValueError(
            "README.md has no '<!-- schema:start ... -->' ... '<!-- schema:end -->' markers"
        )
    return readme[: start.end()] + "\n" + body + readme[end:]


def between_markers(readme: str) -> str:
    """The current text between the markers (without the newline after the start marker)."""
    start = START.search(readme)
    if start is None:
        raise ValueError("README.md has no schema markers")
    return readme[start.end() + 1 : readme.find(END)]


def main(argv: list[str] | None = None) -> int:
    """Rewrite README.md's schema section (or, with --check, report whether it is stale)."""
    args = sys.argv[1:] if argv is None else argv
    text = README.read_text(encoding="utf-8")
    updated = splice(text, render())
    if "--check" in args:
        return 0 if updated == text else 1
    if updated != text:
        README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
