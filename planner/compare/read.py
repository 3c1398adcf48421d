"""Read a plan workbook back for ``accplan compare``, remembering the cell of every value.

The layout comes from :mod:`planner.plan.schema`: tables with their header in row 1 and one record
per row, identified by key columns; the Summary run block (label in column A, value in column B);
and the input copies on sheets ``"In <input sheet>"``, laid out cell for cell like the input
workbook. Anything that is not such a plan is refused with an :class:`~planner.errors.Issue` naming
the file.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from planner.errors import InputError, Issue
from planner.plan import schema as ps
from planner.workbook.schema import SHEET_NAMES
from planner.xlsx.guard import check_archive, is_lock_file, lock_file_error
from planner.xlsx.values import DAMAGED, DamagedPart, XlsxValues
from planner.xlsx.values import Row as RowValues

log = logging.getLogger(__name__)

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Row:
    """One record of a table: values by column name and the cell each value came from."""

    values: dict[str, Any]
    cells: dict[str, str]
    """Column name -> cell address, e.g. ``"G5"`` (the sheet is the table's)."""
    row_number: int


@dataclass
class Table:
    """One tabular sheet of a plan, rows indexed by their key."""

    sheet: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    """Column names found in the sheet, in schema order."""
    rows: dict[Key, Row] = field(default_factory=dict)
    last_column: str = "A"


@dataclass
class InputSheet:
    """The copy of one input sheet: every non-empty cell by its address."""

    name: str
    """The input sheet's name (without the ``"In "`` prefix)."""
    cells: dict[tuple[int, int], Any]
    """(row, column) -> value, 1-based."""


@dataclass
class Plan:
    """A plan workbook read back: run block, tables and input copies."""

    path: Path
    label: str
    """The file name as the user gave it, for messages."""
    run: dict[str, Any]
    """Run-block values by ``plan_schema.RUN_LABELS`` key."""
    tables: dict[str, Table]
    inputs: dict[str, InputSheet]


MAX_PLAN_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
"""Largest plan compare opens, unpacked: a plan holds the input sheets (at most a million cells,
:data:`planner.xlsx.census.MAX_CELLS`) and the solution tables, so it may be far larger than the
input limit of :data:`planner.xlsx.guard.MAX_UNCOMPRESSED_BYTES`."""


def read_plan(path: str | Path) -> Plan:
    """Read a plan workbook; raise :class:`InputError` naming the file if it is no usable plan."""
    label = str(path)
    try:
        return _read_plan(Path(path), label)
    except DamagedPart as exc:
        row = f", after row {exc.after_row}" if exc.after_row else ""
        raise InputError(
            [
                Issue(
                    "plan-damaged",
                    f"{label}, sheet {exc.sheet}{row}",
                    f"this part of the plan is damaged ({exc}); solve the input again to "
                    "write a new plan, or use a backup copy.",
                )
            ]
        ) from None
    except MemoryError:
        raise InputError(
            f"is too large to compare in this computer's memory ({_size(path)}).", where=label
        ) from None


def _size(path: str | Path) -> str:
    try:
        return f"{Path(path).stat().st_size / 2**20:,.0f} MB on disk"
    except OSError:
        return "size unknown"


def _read_plan(path: Path, label: str) -> Plan:
    wb = _open_workbook(path, label)
    try:
        run = _read_run_block(wb, label)
        issues: list[Issue] = []
        tables = {}
        for spec in ps.TABLES:
            if spec.sheet in wb.sheetnames:
                tables[spec.sheet] = _read_table(wb.rows(spec.sheet), spec, label, issues)
        if issues:
            raise InputError(issues)
        inputs = _read_inputs(wb)
    finally:
        wb.close()
    return Plan(path, label, run, tables, inputs)


def read_plans(paths: Iterable[str | Path]) -> list[Plan]:
    """Read several plans, collecting the problems of all of them into one :class:`InputError`."""
    plans: list[Plan] = []
    issues: list[Issue] = []
    for path in paths:
        try:
            plans.append(read_plan(path))
        except InputError as exc:
            issues.extend(exc.issues)
    if issues:
        raise InputError(issues)
    return plans


def _open_workbook(path: Path, label: str) -> XlsxValues:
    if not path.exists():
        raise InputError("file not found.", where=label)
    if path.is_dir():
        raise InputError("is a folder; give a plan workbook (.xlsx).", where=label)
    if is_lock_file(path):
        raise lock_file_error(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}).", where=label) from exc
    not_excel = InputError(
        "is not an Excel workbook (.xlsx), so it is not an accplan plan; "
        "give two plans written by `accplan solve`.",
        where=label,
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_excel
    # zip bombs, external links, DTDs: refused before parsing
    check_archive(data, label, MAX_PLAN_UNCOMPRESSED_BYTES)
    try:
        return XlsxValues(data)
    except DAMAGED as exc:
        raise not_excel from exc


def _read_run_block(wb: XlsxValues, label: str) -> dict[str, Any]:
    found = _labelled_values(wb.rows(ps.SUMMARY_SHEET)) if ps.SUMMARY_SHEET in wb.sheetnames else {}
    run = {key: found.get(text) for key, text in ps.RUN_LABELS.items()}
    fmt = run["format"]
    if fmt is None:
        raise InputError(f"is not an accplan plan: {_why_not_a_plan(wb)}", where=label)
    if not _compatible(str(fmt)):
        raise InputError(
            f"was written in plan format {fmt!r}, which this accplan cannot compare "
            f"(it reads {ps.PLAN_FORMAT!r}); solve it again with this version of accplan.",
            where=label,
        )
    return run


def _why_not_a_plan(wb: XlsxValues) -> str:
    if ps.SUMMARY_SHEET in wb.sheetnames:
        return (
            f"its {ps.SUMMARY_SHEET!r} sheet has no {ps.RUN_LABELS['format']!r} line; "
            "give two plans written by `accplan solve`."
        )
    inputs = [n for n in wb.sheetnames if n in SHEET_NAMES]  # a plan has them as 'In …'
    if inputs:
        return (
            f"it has the input sheets {', '.join(inputs[:3])}, so it looks like an input "
            "workbook; solve it first (`accplan solve FILE -o PLAN.xlsx`) and compare the "
            "plans."
        )
    return f"it has no {ps.SUMMARY_SHEET!r} sheet; give two plans written by `accplan solve`."


def _labelled_values(rows: Iterable[RowValues]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for _, row in rows:
        if len(row) >= 2 and isinstance(row[0], str):
            out.setdefault(row[0].strip(), row[1])
    return out


def _compatible(fmt: str) -> bool:
    """Same family and same major version: ``accplan-plan/1`` reads ``accplan-plan/1.x``."""
    family, _, version = fmt.strip().partition("/")
    our_family, _, our_version = ps.PLAN_FORMAT.partition("/")
    return family == our_family and version.split(".")[0] == our_version.split(".")[0]


def _read_table(
    rows: Iterator[RowValues], spec: ps.OutTable, label: str, issues: list[Issue]
) -> Table:
    first = next(rows, (0, ()))
    header = first[1] if first[0] == 1 else ()
    positions = _header_positions(header, spec)
    missing = [k for k in spec.keys if k not in positions]
    columns = tuple(name for name in spec.names if name in positions)
    last = get_column_letter(max(positions.values(), default=1))
    table = Table(spec.sheet, spec.keys, columns, last_column=last)
    if missing:
        issues.append(
            Issue(
                "plan-missing-key",
                f"{label}, {cell_ref(spec.sheet, 'A1')}",
                (
                    f"the key column(s) {', '.join(missing)} are missing from the header row; "
                    "this sheet was not written by `accplan solve`."
                ),
            )
        )
        return table
    data = rows if first[0] == 1 else itertools.chain([first], rows)
    for r, values in data:
        row = _make_row(values, positions, r)
        if row is not None:
            _add_row(table, row, label, issues)
    return table


def _header_positions(header: tuple[Any, ...], spec: ps.OutTable) -> dict[str, int]:
    """Column name -> 1-based column index, from the header texts of row 1."""
    by_header = spec.header_to_name()
    by_name = {n: n for n in spec.names}
    positions: dict[str, int] = {}
    for c, text in enumerate(header, start=1):
        if isinstance(text, str):
            name = by_header.get(text.strip()) or by_name.get(text.strip())
            if name is not None:
                positions.setdefault(name, c)
    return positions


def _make_row(values: tuple[Any, ...], positions: dict[str, int], r: int) -> Row | None:
    picked = {
        n: normalise(values[c - 1]) if c <= len(values) else None for n, c in positions.items()
    }
    if all(v is None for v in picked.values()):
        return None
    cells = {n: f"{get_column_letter(c)}{r}" for n, c in positions.items()}
    return Row(picked, cells, r)


def _add_row(table: Table, row: Row, label: str, issues: list[Issue]) -> None:
    key = tuple(row.values[k] for k in table.keys)
    earlier = table.rows.get(key)
    if earlier is not None:
        where = f"{label}, {cell_ref(table.sheet, f'A{row.row_number}')}"
        issues.append(
            Issue(
                "plan-duplicate-key",
                where,
                (
                    f"the key {format_key(key)} already appears in row {earlier.row_number}; "
                    "a plan has one row per key."
                ),
            )
        )
        return
    table.rows[key] = row


def _read_inputs(wb: XlsxValues) -> dict[str, InputSheet]:
    out: dict[str, InputSheet] = {}
    for name in wb.sheetnames:
        if name.startswith(ps.INPUT_SHEET_PREFIX):
            cells = {
                (r, c): v
                for r, row in wb.rows(name)
                for c, v in enumerate(map(normalise, row), start=1)
                if v is not None
            }
            short = name[len(ps.INPUT_SHEET_PREFIX) :]
            out[short] = InputSheet(short, cells)
    return out


def normalise(value: Any) -> Any:
    """Make equal values compare equal: whole floats become ints, text is stripped, '' and NaN
    are empty."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def format_key(key: Key) -> str:
    """``('P01', 2027)`` -> ``P01, 2027``."""
    return ", ".join(str(k) for k in key)


def cell_ref(sheet: str, cell: str) -> str:
    """``Sheet!Cell``, quoting sheet names with spaces the way Excel does."""
    if any(ch in sheet for ch in " -'()"):
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{cell}"
