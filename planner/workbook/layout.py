"""Grids → raw tables laid out as the schema says, with the cell of every value.

Maps header text to schema columns (reporting missing, misspelt, duplicate and unknown columns),
turns the Settings sheet into a one-row table and melts year-by-year sheets to one row per year.
Values are still untyped here; :mod:`planner.workbook.validate` checks and converts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from planner.errors import Issue
from planner.words import closest, first_and_more
from planner.workbook.fiscal import fiscal_issue, fiscal_year
from planner.workbook.read import ErrorValue, Grid, UncachedFormula
from planner.workbook.schema import YEAR_COLUMN, SheetSpec
from planner.workbook.spec import same_unit, split_header
from planner.workbook.table import Table


@dataclass
class RawTable:
    """One sheet's data in long form: untyped values, and the ``Sheet!Cell`` of each."""

    spec: SheetSpec
    values: Table
    cells: Table
    header_refs: dict[str, str] = field(default_factory=dict)
    """Column (or setting) name → the cell that names it, e.g. ``Plants!D1``."""
    year_refs: dict[int, str] = field(default_factory=dict)
    """For year-by-year sheets: year → its header cell."""


def letter(col: int) -> str:
    """Column number → letter (1 → ``A``)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def as_year(value: Any) -> int | None:
    """A header that names a year (2026, 2026.0 or "2026"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1900 <= value <= 2200 else None


def build_table(grid: Grid, spec: SheetSpec) -> tuple[RawTable, list[Issue]]:
    """Lay out one grid as the raw table of ``spec``; also return the structural issues."""
    if spec.layout == "settings":
        return _settings(grid, spec)
    start = _header_below_row_1(grid, spec)
    if start is None:
        return _table(grid, spec)
    # Read the table from its real header so the other sheets can be checked against it, but
    # report only the misplaced header: deleting the rows above renumbers every cell.
    shifted = Grid(grid.name, grid.rows[start], {r: c for r, c in grid.rows.items() if r > start})
    table, _ = _table(shifted, spec)
    above = "row 1" if start == 2 else f"rows 1 to {start - 1}"
    return table, [
        Issue(
            "header-not-in-row-1",
            f"{grid.name}!A{start}",
            f"the column names "
            f"are in row {start}, but accplan reads them from row 1; delete "
            f"{above} (a title or notes above the table) so that the header is in "
            "row 1.",
        )
    ]


HEADER_SEARCH_ROWS = 10
"""How far down a misplaced header row is looked for."""


def _header_below_row_1(grid: Grid, spec: SheetSpec) -> int | None:
    """The row holding the sheet's key column names when row 1 has none of its columns."""

    def names(cells: dict[int, Any]) -> set[str]:
        return {split_header(v)[0] for v in cells.values() if isinstance(v, str)}

    if names(grid.header) & set(spec.names) or (
        spec.layout == "years" and any(as_year(v) for v in grid.header.values())
    ):
        return None
    for row in sorted(grid.rows)[:HEADER_SEARCH_ROWS]:
        if set(spec.keys) <= names(grid.rows[row]):
            return row
    return None


def _frame(records: list[dict[str, Any]], names: list[str]) -> Table:
    return Table(names, records)


def _settings(grid: Grid, spec: SheetSpec) -> tuple[RawTable, list[Issue]]:
    across = [c for c, v in grid.header.items() if split_header(v)[0] in spec.names]
    if len(across) >= 3:  # laid out as a table: names across row 1, values in row 2
        names = list(spec.names)
        empty = {n: None for n in names}
        table = RawTable(
            spec, _frame([empty], names), _frame([{n: grid.name for n in names}], names)
        )
        return table, [
            Issue(
                "settings-across",
                f"{grid.name}!{letter(across[0])}1",
                "the "
                "settings are laid out across row 1, but accplan reads one "
                "setting per row: its name in column A and its value in column B. "
                "Copy the table and use Paste Special > Transpose, or start from "
                "`accplan template`.",
            )
        ]
    issues: list[Issue] = []
    found: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for row, cells in grid.rows.items():
        _settings_row(grid.name, spec, row, cells, found, unknown, issues)
    if 1 in grid.header and str(grid.header[1]).strip().lower() != "setting":
        _settings_row(
            grid.name,
            spec,
            1,
            {1: grid.header[1], **({2: grid.header[2]} if 2 in grid.header else {})},
            found,
            unknown,
            issues,
        )
    missing = [c for c in spec.columns if c.name not in found]
    for col in missing:
        guess = closest(col.name, list(unknown))
        if guess is not None:
            issues.append(
                Issue(
                    "misspelt-setting",
                    f"{grid.name}!A{unknown.pop(guess)}",
                    f'setting "{guess}" is not known; did you mean "{col.name}"? '
                    f"Rename it to {col.name}.",
                )
            )
        elif col.required:
            issues.append(
                Issue(
                    "missing-setting",
                    grid.name,
                    f"setting {col.name} is missing; "
                    f"add a row with {col.name} in column A and its value "
                    f"({col.unit or col.dtype}) in column B.",
                )
            )
    issues += [
        Issue(
            "unknown-setting",
            f"{grid.name}!A{row}",
            f'setting "{name}" is not used by accplan and is ignored.',
            "warning",
        )
        for name, row in unknown.items()
    ]
    values = {
        n: grid.rows.get(r, {}).get(2) if r > 1 else grid.header.get(2) for n, r in found.items()
    }
    cells = {n: f"{grid.name}!B{r}" for n, r in found.items()}
    for col in missing:
        values[col.name], cells[col.name] = None, grid.name
    names = list(spec.names)
    table = RawTable(
        spec,
        _frame([values], names),
        _frame([cells], names),
        {n: f"{grid.name}!A{r}" for n, r in found.items()},
    )
    return table, issues


def _settings_row(
    sheet: str,
    spec: SheetSpec,
    row: int,
    cells: dict[int, Any],
    found: dict[str, int],
    unknown: dict[str, int],
    issues: list[Issue],
) -> None:
    name = cells.get(1)
    if name is None:
        if 2 in cells:
            issues.append(
                Issue(
                    "unnamed-setting",
                    f"{sheet}!B{row}",
                    "a value without a "
                    f"setting name in column A is ignored; type the setting's name "
                    f"in A{row}, or delete the value.",
                    "warning",
                )
            )
        return
    text = split_header(name)[0]  # "budget_rs_crore (Rs crore)" names budget_rs_crore
    if text in spec.names:
        if text in found:
            issues.append(
                Issue(
                    "duplicate-setting",
                    f"{sheet}!A{row}",
                    f"setting {text} is also given in row {found[text]}; keep only one of them.",
                )
            )
        else:
            found[text] = row
    else:
        unknown[text] = row


def _table(grid: Grid, spec: SheetSpec) -> tuple[RawTable, list[Issue]]:
    issues: list[Issue] = []
    by_name, years, unknown = _map_header(grid, spec, issues)
    _report_retired(grid.name, spec, unknown, issues)
    _report_missing(grid.name, spec, by_name, unknown, issues)
    header_refs = {n: f"{grid.name}!{letter(c)}1" for n, c in by_name.items()}
    year_refs = {y: f"{grid.name}!{letter(c)}1" for c, y in years.items()}
    names = [c.name for c in spec.long_columns]
    records, refs = [], []
    orphans: list[tuple[int, int]] = []
    unheaded: dict[int, list[int]] = {}
    for row, cells in grid.rows.items():
        if all(cells.get(c) is None for c in [*by_name.values(), *years]):
            orphans.append((row, min(cells)))
            continue
        for col in cells:
            if col not in grid.header:
                unheaded.setdefault(col, []).append(row)
        base = {n: cells.get(c) for n, c in by_name.items()}
        base_refs = {n: f"{grid.name}!{letter(c)}{row}" for n, c in by_name.items()}
        if spec.layout != "years":
            records.append(base)
            refs.append(base_refs)
            continue
        value = spec.year_value.name if spec.year_value else "value"
        for col, year in years.items():
            records.append({**base, YEAR_COLUMN: year, value: cells.get(col)})
            refs.append(
                {
                    **base_refs,
                    YEAR_COLUMN: year_refs[year],
                    value: f"{grid.name}!{letter(col)}{row}",
                }
            )
    table = RawTable(spec, _frame(records, names), _frame(refs, names), header_refs, year_refs)
    issues += _ignored_cells(grid.name, spec, orphans, unheaded)
    return table, issues


def _map_header(
    grid: Grid, spec: SheetSpec, issues: list[Issue]
) -> tuple[dict[str, int], dict[int, int], dict[str, int]]:
    """Header cells → schema columns and years. A header may carry its unit in brackets, as the
    template writes it (``capex_musd_per_gwh (USD M/GWh)``, ``2026 (GWh/yr)``); the name before
    the bracket is what is matched, so plain headers read the same."""
    by_name: dict[str, int] = {}
    years: dict[int, int] = {}
    unknown: dict[str, int] = {}
    fiscal: list[tuple[str, str, int]] = []
    for col, head in grid.header.items():
        ref = f"{grid.name}!{letter(col)}1"
        name, unit = split_header(head) if isinstance(head, str) else (head, None)
        year = _year_of(name, spec, ref, fiscal)
        text = str(name).strip()
        if isinstance(head, dt.datetime | dt.date) and spec.layout == "years":
            year, problem = _date_header(head)
            issues.append(Issue("bad-header", ref, problem))
        if isinstance(head, ErrorValue | UncachedFormula):
            issues.append(
                Issue(
                    "bad-header",
                    ref,
                    "this header is a formula or an error; type "
                    "the column name (or the year) as plain text.",
                )
            )
        elif isinstance(head, dt.datetime | dt.date | dt.time) and year is None:
            issues.append(
                Issue(
                    "bad-header",
                    ref,
                    "this header is a date or time; type the column name as plain text.",
                )
            )
        elif year is not None and year in years.values():
            issues.append(
                Issue(
                    "duplicate-column", ref, f"year {year} has two columns; keep only one of them."
                )
            )
        elif year is not None:
            years[col] = year
            issues.extend(_unit_issue(ref, str(year), unit, spec.year_value, head))
        elif text in by_name:
            issues.append(
                Issue(
                    "duplicate-column",
                    ref,
                    f"column {text} appears twice (also "
                    f"column {letter(by_name[text])}); keep only one of them.",
                )
            )
        elif text in spec.names:
            by_name[text] = col
            issues.extend(_unit_issue(ref, text, unit, spec.column(text), head))
        else:
            unknown[text] = col
    issues.extend(fiscal_issue(fiscal) for _ in fiscal[:1])
    return by_name, years, unknown


def _unit_issue(ref: str, name: str, unit: str | None, col: Any, head: Any) -> list[Issue]:
    """A warning when the unit written in a header is not the unit accplan reads the column in:
    the values may have been typed in the other unit (USD/kWh for USD M/GWh), and accplan
    cannot tell."""
    if unit is None or col is None or not col.unit or same_unit(unit, col.unit):
        return []
    return [
        Issue(
            "header-unit",
            ref,
            f'the header "{str(head).strip()}" gives the unit {unit}, but accplan reads '
            f"{name} in {col.unit}. Check that the values are in {col.unit} and write the "
            f"header as {name} ({col.unit}), or as {name} alone.",
            "warning",
        )
    ]


def _year_of(head: Any, spec: SheetSpec, ref: str, fiscal: list) -> int | None:
    """The year a header of a year-by-year sheet names; a fiscal year (2026-27) is read as its
    first year and noted in ``fiscal`` for one error per sheet."""
    if spec.layout != "years":
        return None
    year = as_year(head)
    if year is None and (first := fiscal_year(head)) is not None:
        fiscal.append((ref, str(head).strip(), first))
        year = first
    return year


def _date_header(head: dt.datetime | dt.date) -> tuple[int | None, str]:
    """The year a date-formatted year header stands for, and what to tell the planner."""
    from planner.workbook.cells import excel_serial, show_date

    serial = excel_serial(head)
    typed = as_year(int(serial)) if serial is not None and serial.is_integer() else None
    if typed is not None:
        return typed, (
            f"the year header {typed} is formatted as a date, so Excel shows "
            f"{show_date(head)}; set the cell's format to General (Home > Number "
            f"Format > General) so that it shows {typed}."
        )
    return as_year(head.year), (
        f"this header is the date {show_date(head)}; a year column is "
        f"headed by the year alone: type {head.year} and set the "
        "cell's format to General."
    )


def _report_retired(
    sheet: str, spec: SheetSpec, unknown: dict[str, int], issues: list[Issue]
) -> None:
    """A column an older workbook had, whose meaning changed: an error saying how to convert
    (ignoring it would silently change the plan; guessing a misspelling would mislead)."""
    for name, how in spec.retired:
        if name in unknown:
            issues.append(
                Issue(
                    "retired-column",
                    f"{sheet}!{letter(unknown.pop(name))}1",
                    f"column {name} is no longer read: {how}.",
                )
            )


def _report_missing(
    sheet: str,
    spec: SheetSpec,
    by_name: dict[str, int],
    unknown: dict[str, int],
    issues: list[Issue],
) -> None:
    for col in spec.columns:
        if col.name in by_name:
            continue
        guess = closest(col.name, list(unknown))
        if guess is not None:
            issues.append(
                Issue(
                    "misspelt-column",
                    f"{sheet}!{letter(unknown.pop(guess))}1",
                    f'column "{guess}" is not known; did you mean "{col.name}"? '
                    f"Rename the header to {col.name}.",
                )
            )
        elif col.legacy or not (col.required or col.name in spec.keys or col.default_changes_plan):
            # an older layout's column (its absence is the new layout), or an optional one whose
            # blank means none, as for its blank cells (validate._warns_when_blank)
            continue
        elif col.required or col.name in spec.keys:
            issues.append(
                Issue(
                    "missing-column",
                    f"{sheet}!1",
                    f"column {col.name} is "
                    f"missing; add a column headed {col.name} in row 1 "
                    f"({col.description.rstrip('.')}).",
                )
            )
        else:
            from planner.workbook.cells import show

            what = "blank" if col.default in (None, "") else show(col.default)
            issues.append(
                Issue(
                    "missing-optional-column",
                    f"{sheet}!1",
                    f"optional column {col.name} is missing; every row takes {what}.",
                    "warning",
                )
            )
    hint = (
        " Year columns must be headed by the year alone, e.g. 2026."
        if (spec.layout == "years")
        else ""
    )
    for text, col in unknown.items():
        issues.append(
            Issue(
                "unknown-column",
                f"{sheet}!{letter(col)}1",
                f'column "{text}" is not used by accplan and is ignored.{hint}',
                "warning",
            )
        )


def _rows_text(rows: list[int]) -> str:
    return ("row " if len(rows) == 1 else "rows ") + first_and_more([str(r) for r in rows], 5)


def _ignored_cells(
    sheet: str, spec: SheetSpec, orphans: list[tuple[int, int]], unheaded: dict[int, list[int]]
) -> list[Issue]:
    """Warnings for values accplan does not read: one per column without a header, and one for
    all the rows that hold values only in columns accplan does not use."""
    issues = []
    header = "the year" if spec.layout == "years" else "one of the column names"
    for col, rows in sorted(unheaded.items()):
        issues.append(
            Issue(
                "unheaded-column",
                f"{sheet}!{letter(col)}{rows[0]}",
                f"column "
                f"{letter(col)} has values ({_rows_text(rows)}) but no header in "
                f"row 1, so they are ignored; type {header} in {letter(col)}1, "
                "or delete the values.",
                "warning",
            )
        )
    if orphans:
        row, col = orphans[0]
        rows = [r for r, _ in orphans]
        verb, what = (
            ("has", "is ignored; fill in the table's columns or delete the row")
            if (len(rows) == 1)
            else ("have", "are ignored; fill in the table's columns or delete those rows")
        )
        issues.append(
            Issue(
                "ignored-row",
                f"{sheet}!{letter(col)}{row}",
                f"{_rows_text(rows)} "
                f"{verb} values only in columns accplan does not use, and {what}.",
                "warning",
            )
        )
    return issues
