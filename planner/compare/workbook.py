"""The difference workbook of ``accplan compare -o DIFF.xlsx``.

A Summary sheet (files and verdict, input changes, descriptive text that differs, headline
deltas, largest changes by plant and origin, counts, run details last), then one sheet per
compared plan table: status, key columns, and per column base, other, change and % change,
changed cells highlighted, rows sorted by size of change, and ``Sheet!Cell`` references back into
both plans. Written to a temporary file in the target folder
and moved into place; text starting with ``= + - @`` is stored as text, never as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.compare.compare import CompareError, Comparison
from planner.compare.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    SORT_COLUMN,
    CellChange,
    RowDiff,
    TableDiff,
)
from planner.compare.inputs import InputChange
from planner.compare.read import cell_ref, format_key
from planner.compare.text import describe_input, input_ref, unit_format
from planner.compare.totals import Delta, GroupChange
from planner.compare.why import limit_changes
from planner.errors import OutputError
from planner.plan import schema as ps
from planner.xlsx.atomic import same_file, save_workbook
from planner.xlsx.cells import print_setup, put

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="bottom")
TITLE = Font(bold=True, size=14)
FILLS = {
    CHANGED: PatternFill("solid", fgColor="FFF2CC"),
    ADDED: PatternFill("solid", fgColor="E2EFDA"),
    REMOVED: PatternFill("solid", fgColor="FCE4E4"),
}
PCT = "+0.0%;-0.0%;0.0%"


def write_diff_workbook(cmp: Comparison, target: str | Path) -> Path:
    """Write the difference workbook atomically; refuse to overwrite either compared plan."""
    target = Path(target)
    _check_target(cmp, target)
    wb = Workbook()
    _summary_sheet(wb.active, cmp)
    print_setup(wb.active)
    for table in cmp.tables:
        ws = wb.create_sheet(table.sheet)
        _table_sheet(ws, table)
        print_setup(ws, "1:1")
    _save_atomically(wb, target)
    return target


def _check_target(cmp: Comparison, target: Path) -> None:
    if target.suffix.lower() != ".xlsx":
        raise CompareError(f"{target}: the difference workbook must be an .xlsx file.")
    for plan in (cmp.base, cmp.other):
        if same_file(target, plan.path):
            raise CompareError(
                f"{target}: this is one of the compared plans; give another "
                "file name with -o (compare never writes to its inputs)."
            )
    if not target.parent.is_dir():
        raise CompareError(f"{target}: the folder {target.parent} does not exist.")


def _save_atomically(wb: Workbook, target: Path) -> None:
    try:
        save_workbook(wb, target)
    except OutputError as exc:  # compare reports every failure with exit 2, like diff
        raise CompareError(f"{target}: could not be written ({exc}).") from exc


def _put_row(ws: Worksheet, row: int, values: Sequence[Any], bold: bool = False) -> int:
    for col, value in enumerate(values, start=1):
        cell = put(ws, row, col, value)
        if bold:
            cell.font = BOLD
    return row + 1


def _section(ws: Worksheet, row: int, title: str, header: Sequence[str]) -> int:
    """A bold title, then a bold header row whose long names wrap instead of running into the
    next column."""
    ws.cell(row=row + 1, column=1, value=title).font = BOLD
    after = _put_row(ws, row + 2, header, bold=True)
    for col in range(1, len(header) + 1):
        ws.cell(row=row + 2, column=col).alignment = WRAP
    if any(len(h) > 14 for h in header[1:]):
        ws.row_dimensions[row + 2].height = 45  # three lines: Excel does not grow it by itself
    return after


def _summary_sheet(ws: Worksheet, cmp: Comparison) -> None:
    ws.title = ps.SUMMARY_SHEET
    ws.cell(row=1, column=1, value="accplan comparison").font = TITLE
    verdict = "same within tolerance" if cmp.same else "different"
    row = 2
    for label, value in (
        ("Base plan", cmp.base.label),
        ("Other plan", cmp.other.label),
        ("Result", verdict),
        ("Absolute tolerance", cmp.tolerance.abs_tol),
        ("Relative tolerance", cmp.tolerance.rel_tol),
    ):
        row = _put_row(ws, row, [label, value])
    row = _inputs_section(
        ws,
        row,
        "Input changes (cells of the input workbook = cells of its 'In …' copy in each plan)",
        cmp.inputs,
    )
    if cmp.descriptive:
        row = _inputs_section(
            ws,
            row,
            "Descriptive text that differs (sheets the solver does "
            "not read; does not make the plans differ)",
            cmp.descriptive,
        )
    row = _why_section(ws, row, cmp)
    row = _headline_section(ws, row, cmp.headline)
    row = _groups_section(
        ws,
        row,
        "Largest changes by plant (all years, largest output change first)",
        "Plant",
        cmp.plants,
    )
    row = _groups_section(
        ws,
        row,
        "Largest changes by origin and mineral (all years, largest cost change first)",
        "Mineral from origin",
        cmp.origins,
    )
    row = _counts_section(ws, row, cmp.tables)
    row = _section(ws, row, "Run information", ["", "Base", "Other"])
    for key, label in ps.RUN_LABELS.items():
        row = _put_row(ws, row, [label, cmp.base.run.get(key), cmp.other.run.get(key)])
    _widths(ws, [34, 24, 24, *[16] * 10])


def _why_section(ws: Worksheet, row: int, cmp: Comparison) -> int:
    """Limits that started or stopped binding and values that moved: why the plans differ."""
    changes = limit_changes(cmp)
    row = _section(
        ws,
        row,
        f"Why: binding limits that changed ({len(changes)})",
        ["Change", "Limit", "Where", "Base (GWh per block)", "Other", "Per", "Meaning"],
    )
    for c in changes:
        row = _put_row(
            ws, row, [c.status, c.constraint, c.index, c.base, c.other, c.per, c.meaning]
        )
    return row


def _headline_section(ws: Worksheet, row: int, deltas: list[Delta]) -> int:
    """One row for all years, then one per year; per measure base, other, change, % change."""
    measures = list(dict.fromkeys(d.measure for d in deltas))
    header = ["Year"]
    for d in deltas[: len(measures)]:
        header += [f"{d.label} {side} ({d.unit})" for side in ("base", "other", "change")]
        header.append(f"{d.label} % change")
    row = _section(ws, row, "Headline deltas", header)
    years = list(dict.fromkeys(d.year for d in deltas))
    for year in years:
        put(ws, row, 1, "all years" if year is None else year)
        col = 2
        for d in (d for d in deltas if d.year == year):
            fmt = ps.YEARS.column(d.measure).number_format
            for value, f in ((d.base, fmt), (d.other, fmt), (d.change, fmt), (d.pct, PCT)):
                put(ws, row, col, value, f)
                col += 1
        row += 1
    return row


def _inputs_section(ws: Worksheet, row: int, title: str, changes: list[InputChange]) -> int:
    row = _section(
        ws, row, title, ["Input cell", "Kind", "Column", "Key", "Base", "Other", "Description"]
    )
    if not changes:
        return _put_row(ws, row, ["none"])
    for c in changes:
        row = _put_row(
            ws,
            row,
            [
                input_ref(c) if c.base_cell or c.other_cell else c.sheet,
                c.kind,
                c.column,
                format_key(c.key) if c.key else None,
                c.base,
                c.other,
                describe_input(c),
            ],
        )
    return row


def _counts_section(ws: Worksheet, row: int, tables: list[TableDiff]) -> int:
    row = _section(
        ws,
        row,
        "Counts",
        [
            "Table",
            "Base rows",
            "Other rows",
            "Changed",
            "Added",
            "Removed",
            "Unchanged",
            "Sheet missing in",
            "Columns in one plan only (not compared)",
        ],
    )
    for t in tables:
        row = _put_row(
            ws,
            row,
            [
                t.sheet,
                t.n_base,
                t.n_other,
                t.count(CHANGED),
                t.count(ADDED),
                t.count(REMOVED),
                t.n_unchanged,
                t.missing_in,
                _one_side_columns(t),
            ],
        )
    return row


def _one_side_columns(table: TableDiff) -> str | None:
    """E.g. a plan made before a column existed: say which columns were not compared, as the
    terminal report does, rather than leave a reviewer to think they were."""
    parts = [
        f"only in the {side}: " + ", ".join(names)
        for side, names in (("base", table.only_base), ("other", table.only_other))
        if names
    ]
    return "; ".join(parts) or None


def _groups_section(
    ws: Worksheet, row: int, title: str, what: str, groups: list[GroupChange]
) -> int:
    if not groups:
        return _put_row(ws, _section(ws, row, title, [what]), ["none"])
    n = len(groups[0].deltas)
    mixed = [len({g.deltas[i].unit for g in groups}) > 1 for i in range(n)]
    sources = any(g.sources for g in groups)
    header = [what, "Status"] + (["Sources"] if sources else [])
    for i, d in enumerate(groups[0].deltas):
        unit = "" if mixed[i] else f" ({d.unit})"
        header += [f"{d.measure} {side}{unit}" for side in ("base", "other", "change")]
        header += [f"{d.measure} unit"] if mixed[i] else []
    row = _section(ws, row, title, header)
    for g in groups:
        values: list[Any] = [g.name, g.status] + ([", ".join(g.sources)] if sources else [])
        _put_row(ws, row, values)
        col = len(values) + 1
        for i, d in enumerate(g.deltas):
            for value in (d.base, d.other, d.change):
                put(ws, row, col, value, d.number_format or unit_format(d.unit))
                col += 1
            if mixed[i]:
                put(ws, row, col, d.unit)
                col += 1
        row += 1
    return row


def _table_sheet(ws: Worksheet, table: TableDiff) -> None:
    spec = next(t for t in ps.TABLES if t.sheet == table.sheet)
    layout = _layout(spec, table)
    _put_row(ws, 1, [h for h, _, _ in layout], bold=True)
    if not table.rows:
        put(ws, 2, 1, "no differences")
    for r, row in enumerate(table.rows, start=2):
        _diff_row(ws, r, row, layout, table)
    ws.freeze_panes = ws.cell(row=2, column=2 + len(table.keys))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(layout))}{max(2, len(table.rows) + 1)}"
    _widths(ws, [max(10, min(32, len(h) + 2)) for h, _, _ in layout])


Layout = list[tuple[str, str, str]]
"""(header, what, column name): what is status/key/base/other/change/pct/base_ref/other_ref."""


def _layout(spec: ps.OutTable, table: TableDiff) -> Layout:
    """Status, keys, then the measure the rows are sorted by, then the other columns; a text
    column that changed in no row is shown once (``"key"`` kind: the row's own value)."""
    out: Layout = [("Status", "status", "")]
    out += [(spec.column(k).header, "key", k) for k in table.keys]
    changed = {c.column for r in table.rows if r.status == CHANGED for c in r.changes}
    first = SORT_COLUMN.get(table.sheet)
    for name in sorted(table.columns, key=lambda n: n != first):
        col = spec.column(name)
        unit = f" ({col.unit})" if col.unit else ""
        if not _numeric(col) and name not in changed:
            out.append((col.header, "key", name))
            continue
        sides = ("base", "other", "change", "pct") if _numeric(col) else ("base", "other")
        out += [(f"{name} % change" if s == "pct" else f"{name} {s}{unit}", s, name) for s in sides]
    return [*out, ("Base cells", "base_ref", ""), ("Other cells", "other_ref", "")]


def _numeric(col: ps.OutColumn) -> bool:
    return bool(col.unit) or col.number_format != "General"


def _diff_row(ws: Worksheet, r: int, row: RowDiff, layout: Layout, table: TableDiff) -> None:
    spec = next(t for t in ps.TABLES if t.sheet == table.sheet)
    changes = {c.column: c for c in row.changes}
    present = row.base or row.other
    for col, (_, what, name) in enumerate(layout, start=1):
        change = changes.get(name)
        if what == "status":
            put(ws, r, col, row.status).fill = FILLS[row.status]
        elif what == "key":
            put(ws, r, col, present.values.get(name) if present else None)
        elif what in ("base_ref", "other_ref"):
            put(ws, r, col, _row_ref(table, row.base if what == "base_ref" else row.other))
        else:
            cell = put(
                ws,
                r,
                col,
                _value(what, name, row, change),
                PCT if what == "pct" else spec.column(name).number_format,
            )
            if change is not None:
                cell.fill = FILLS[row.status]


def _value(what: str, name: str, row: RowDiff, change: Any) -> Any:
    cell = change or CellChange(
        name,
        row.base.values.get(name) if row.base else None,
        row.other.values.get(name) if row.other else None,
        None,
        None,
    )
    return {"base": cell.base, "other": cell.other, "change": cell.change, "pct": cell.pct}[what]


def _row_ref(table: TableDiff, row: Any) -> str | None:
    if row is None:
        return None
    first, last = min(row.cells.values(), key=_col_of), max(row.cells.values(), key=_col_of)
    return cell_ref(table.sheet, f"{first}:{last}")


def _col_of(address: str) -> tuple[int, str]:
    letters = address.rstrip("0123456789")
    return len(letters), letters


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
