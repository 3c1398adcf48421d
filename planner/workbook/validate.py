"""Raw workbook → typed, validated tables and the list of every issue found.

Validation never stops at the first problem and never raises: :func:`validate_book` returns all
issues (errors and warnings) with the typed tables, and the caller raises one
:class:`~planner.errors.InputError` if any issue is an error. Each issue names its cell, e.g.
``Plants!E7: online_year is "2027a"; expected a whole year from 2026 to 2032.``
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.errors import Issue
from planner.words import closest, first_and_more
from planner.workbook.award_legacy import adopt_plant_awards
from planner.workbook.block_rules import block_checks
from planner.workbook.book import ValidatedBook
from planner.workbook.cells import convert
from planner.workbook.layout import RawTable, build_table
from planner.workbook.magnitudes import magnitude_issues
from planner.workbook.overrides import Override, name_overrides
from planner.workbook.overrides import apply as apply_overrides
from planner.workbook.read import RawBook
from planner.workbook.rules import cross_checks
from planner.workbook.schema import (
    SETTINGS,
    SHEETS,
    YEAR_COLUMN,
    ColumnSpec,
    SheetSpec,
)
from planner.workbook.spec import sheet_order
from planner.workbook.table import Table

MAX_HORIZON_YEARS = 30
"""last_year may be at most this many years after first_year."""

WALKING_ORDER = tuple(s.name for s in sheet_order(SHEETS))
"""Sheets in the order the template lays them out (a sheet after those it draws ids from)."""


def validate_book(book: RawBook, overrides: Sequence[Override] = ()) -> ValidatedBook:
    """Check every sheet, column and cell of ``book`` against the schema and each other.

    ``overrides`` change the raw cells first (``book`` itself is left as read), so their values
    pass the same checks; issues on an overridden cell name the override too.
    """
    result = ValidatedBook(issues=list(book.issues))
    for spec in SHEETS:
        raw = _raw_table(book, spec, result.issues)
        if raw is not None:
            result.raw[spec.name] = raw
    applied = apply_overrides(result.raw, overrides)
    result.issues.extend(applied.issues)
    result.overridden = applied.values
    if SETTINGS.name in result.raw:
        _type_table(result, result.raw[SETTINGS.name])
        result.horizon = _horizon(result)
    for spec in SHEETS[1:]:
        if spec.name in result.raw:
            _type_table(result, result.raw[spec.name])
    result.issues.extend(adopt_plant_awards(result))
    result.issues.extend(cross_checks(result))
    result.issues.extend(magnitude_issues(result))
    result.issues.extend(block_checks(result))  # last: it builds the model data
    result.issues = name_overrides(sort_issues(result.issues), applied)
    return result


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Errors, then warnings, each in the order a planner walks the workbook.

    File-level problems first, then sheet by sheet in the template's order
    (:data:`WALKING_ORDER`); within a sheet, problems of the whole sheet, then row by row and,
    within a row, column by column. Ties keep the order in which the rules found them.
    """
    return sorted(issues, key=lambda i: (not i.is_error, *issue_position(i.where)))


def issue_position(where: str) -> tuple[int, int, int]:
    """(sheet rank, row, column) of ``Sheet!B7``, ``Sheet!B2:C3``, ``Sheet!1`` or ``Sheet``.

    Anything that is not on a schema sheet (the file name, an option) ranks first, as row 0.
    """
    sheet, _, cell = where.partition("!")
    if sheet not in WALKING_ORDER:
        return 0, 0, 0
    rank = WALKING_ORDER.index(sheet) + 1
    first = cell.split(":")[0]
    letters = "".join(ch for ch in first if ch.isalpha()).upper()
    digits = "".join(ch for ch in first if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - ord("A") + 1
    return rank, int(digits) if digits else 0, column


def _raw_table(book: RawBook, spec: SheetSpec, issues: list[Issue]) -> RawTable | None:
    grid = book.grids.get(spec.name)
    if grid is None:
        if spec.required:
            issues.append(_missing_sheet(spec, book.sheet_names))
        return None
    table, structure = build_table(grid, spec)
    issues.extend(structure)
    if table.values.empty and spec.layout != "settings":
        if not spec.required:
            return None
        issues.append(
            Issue(
                "no-data-rows",
                f"{spec.name}!A2",
                "the sheet has no data rows; "
                "add one row per record below the header in row 1, starting in "
                "row 2.",
            )
        )
    return table


def _missing_sheet(spec: SheetSpec, present: tuple[str, ...]) -> Issue:
    unused = [n for n in present if n not in {s.name for s in SHEETS}]
    guess = closest(spec.name, unused)
    if guess is not None:
        return Issue(
            "missing-sheet",
            spec.name,
            f"sheet {spec.name} is missing; the workbook "
            f'has a sheet "{guess}" — did you mean it? Rename it to {spec.name}.',
        )
    return Issue(
        "missing-sheet",
        spec.name,
        f"sheet {spec.name} is missing; add a sheet named "
        f"{spec.name} ({spec.description.rstrip('.')}); `accplan template` writes one.",
    )


def _type_table(result: ValidatedBook, raw: RawTable) -> None:
    spec = raw.spec
    values, cells = _in_horizon(raw, result.horizon)
    typed: dict[str, list[object]] = {}
    seen: set[str] = set()
    for name in values.columns:
        col = spec.column(name)
        if (name == YEAR_COLUMN and spec.layout == "years") or name not in _present(raw):
            default = None if col.required else col.default
            typed[name] = list(values[name]) if name == YEAR_COLUMN else [default] * len(values)
            continue
        out, defaulted = [], []
        for value, ref in zip(values[name], cells[name], strict=True):
            typed_value, problem = convert(value, col, result.horizon)
            out.append(typed_value)
            if problem is None or ref in seen:
                continue
            seen.add(ref)
            if problem.code == "defaulted":
                defaulted.append(ref)
            else:
                result.issues.append(Issue(problem.code, ref, problem.message, problem.severity))
        if defaulted and _warns_when_blank(col, spec):
            result.issues.append(_defaulted(col, defaulted))
        typed[name] = out
    columns = values.columns
    rows = [dict(zip(columns, row, strict=True)) for row in zip(*typed.values(), strict=True)]
    result.tables[spec.name] = Table.adopt(columns, rows)
    result.cells[spec.name] = cells


def _warns_when_blank(col: ColumnSpec, spec: SheetSpec) -> bool:
    """Whether a blank optional cell is worth a warning.

    The template documents every default in its header note ("Optional; blank = 0."), and most
    defaults mean none: no commitment or floor (MinOutput, Committed: every year-by-year value),
    no award for a plant without a bid (with a bid, rules.py reports the missing award as an
    error), no capital premium or operating gap, no single-source limit (share 1), a label
    ("base", "t"). Warning about those would bury the warnings that matter. Only a default the
    plan silently depends on warns: a blank cost read as 0 makes a route or recycler free
    (:attr:`ColumnSpec.default_changes_plan`).
    """
    return col.default_changes_plan and col != spec.year_value  # a year's blank: none that year


def _defaulted(col: ColumnSpec, refs: list[str]) -> Issue:
    """One warning per column for blank optional cells that take the schema's default."""
    from planner.workbook.cells import show

    message = f"{col.name} is blank; using the default {show(col.default)}."
    if len(refs) > 1:
        rows = [str(issue_position(ref)[1]) for ref in refs]
        message = (
            f"{col.name} is blank in rows {first_and_more(rows, 5)}; using the "
            f"default {show(col.default)} for each."
        )
    return Issue("defaulted", refs[0], message, "warning")


def _present(raw: RawTable) -> set[str]:
    """Columns (or settings) actually found on the sheet; the melted value column included."""
    names = set(raw.header_refs)
    if raw.spec.year_value is not None and raw.year_refs:
        names.add(raw.spec.year_value.name)
    return names


def _in_horizon(raw: RawTable, horizon: tuple[int, int] | None) -> tuple[Table, Table]:
    """Rows of a year-by-year sheet for horizon years only (others are reported once, by header)."""
    if raw.spec.layout != "years" or horizon is None:
        return raw.values, raw.cells
    first, last = horizon
    keep = [i for i, year in enumerate(raw.values[YEAR_COLUMN]) if first <= year <= last]
    return raw.values.take(keep), raw.cells.take(keep)


def _horizon(result: ValidatedBook) -> tuple[int, int] | None:
    settings = result.tables[SETTINGS.name].rows[0]
    first, last = settings["first_year"], settings["last_year"]
    if first is None or last is None:
        return None
    ref = result.cells[SETTINGS.name].rows[0]["last_year"]
    if last < first or last - first > MAX_HORIZON_YEARS:
        result.issues.append(
            Issue(
                "horizon-order",
                ref,
                f"last_year is {last} but first_year "
                f"is {first}; last_year must be from first_year to "
                f"{MAX_HORIZON_YEARS} years after it.",
            )
        )
        return None
    return int(first), int(last)
