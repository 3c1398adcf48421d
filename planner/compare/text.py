"""The terminal text and the JSON of a :class:`~planner.compare.compare.Comparison`.

The text answers, in order: are the plans the same; which inputs differ (``Supply!F9 8000 →
12000``); what happened to total output, incentive paid and the import bill, in all and by year;
which plants and origins moved most; how many rows of each plan table changed, with the largest
changed cells and their ``Sheet!Cell`` in both plans.
"""

from __future__ import annotations

import math
from typing import Any

from planner.compare.compare import Comparison
from planner.compare.diff import SORT_COLUMN, CellChange, RowDiff, TableDiff, Tolerance, is_number
from planner.compare.inputs import InputChange
from planner.compare.read import cell_ref, format_key
from planner.compare.totals import Delta, GroupChange
from planner.compare.why import limit_changes, why_lines
from planner.plan import schema as ps
from planner.words import first_and_more

TOP = 10
"""How many plants and origins the terminal lists (and twice as many input changes)."""
TOP_CELLS = 3
"""How many changed rows per table the terminal lists."""
ARROW = "→"


def format_text(cmp: Comparison, top: int = TOP) -> str:
    """The terminal summary, one section after another."""
    parts = [_intro(cmp)]
    if not cmp.same:
        parts += [
            _inputs_text(cmp, 2 * top),
            _why_text(cmp, top),
            _headline_text(cmp.headline, cmp),
            _groups_text("plant", cmp.plants, top, cmp.tolerance),
            _groups_text("origin", cmp.origins, top, cmp.tolerance, ", by cost"),
            _tables_text(cmp.tables),
        ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _why_text(cmp: Comparison, top: int) -> str:
    """Which limits started or stopped binding, and whose value moved: why the plans differ."""
    changes = limit_changes(cmp)
    head = f"Why: binding limits that changed ({len(changes)}), beside the input changes above"
    return "\n".join([head, *why_lines(changes, top)])


def _intro(cmp: Comparison) -> str:
    tol = cmp.tolerance
    within = f"tolerance abs {tol.abs_tol:g}, rel {tol.rel_tol:g}"
    lines = [
        f"Base:   {cmp.base.label}{_scenario(cmp.base.run)}",
        f"Other:  {cmp.other.label}{_scenario(cmp.other.run)}",
    ]
    a, b = cmp.base.run.get("status"), cmp.other.run.get("status")
    if a != b:
        lines.append(f"Status: {a} {ARROW} {b}")
    if cmp.same:
        lines.append(f"Result: the plans are the same ({within}).")
        return "\n".join([*lines, *_descriptive_lines(cmp)])
    return "\n".join(
        [
            *lines,
            f"Result: the plans differ ({within}):",
            f"        {len(cmp.inputs)} input change(s), {cmp.n_row_changes} plan "
            "row(s) changed, added or removed.",
        ]
    )


def _descriptive_lines(cmp: Comparison) -> list[str]:
    """One line per descriptive sheet (About, Sources) whose text differs."""
    sheets: dict[str, list[str]] = {}
    for c in cmp.descriptive:
        sheets.setdefault(c.sheet, []).append(c.base_cell or c.other_cell or c.kind)
    return [
        f"Text differs on {sheet} (not read by the solver): {_cells_text(cells)}"
        for sheet, cells in sheets.items()
    ]


def _cells_text(cells: list[str], top: int = 6) -> str:
    return first_and_more(cells, top)


def _scenario(run: dict[str, Any]) -> str:
    return f" (scenario {run['scenario']})" if run.get("scenario") else ""


def _inputs_text(cmp: Comparison, top: int) -> str:
    changes = cmp.inputs
    if not cmp.base.inputs and not cmp.other.inputs:
        return "Input changes: unknown (neither plan holds a copy of its input sheets)."
    notes = _descriptive_lines(cmp)
    if not changes:
        return "\n".join(
            ["Input changes: none (the plans were solved from the same input values).", *notes]
        )
    lines = [f"Input changes ({len(changes)})"]
    lines += ["  " + describe_input(c) for c in changes[:top]]
    if len(changes) > top:
        lines.append(f"  … and {len(changes) - top} more (see the difference workbook or --json)")
    return "\n".join(lines + notes)


def describe_input(c: InputChange) -> str:
    """``Supply!F9 8000 → 12000  (supply; CA01, lithium, 2029)``."""
    if c.kind.startswith("sheet"):
        return f"sheet {c.sheet} {c.kind.split()[1]}"
    ref = input_ref(c)
    where = "; ".join(x for x in (c.column or "", format_key(c.key) if c.key else "") if x)
    where = f"  ({where})" if where else ""
    if c.kind in ("added", "removed") and c.key is not None:
        return f"{ref} row {c.kind}{where}"
    return f"{ref} {plain(c.base)} {ARROW} {plain(c.other)}{where}"


def input_ref(c: InputChange) -> str:
    """``Supply!F9``, or ``Supply!F9 (other F10)`` when the cell moved between the plans."""
    a, b = c.base_cell, c.other_cell
    if a and b and a != b:
        return f"{cell_ref(c.sheet, a)} (other {b})"
    return cell_ref(c.sheet, a or b or "")


def _headline_text(deltas: list[Delta], cmp: Comparison) -> str:
    totals = [d for d in deltas if d.year is None]
    if all(d.base is None and d.other is None for d in totals):
        return "Headline: neither plan has a Years table."
    rows = [["Headline", "base", "other", "change", "% change"]]
    rows += [
        [
            f"{d.label} ({d.unit})",
            number(d.base, unit_format(d.unit)),
            number(d.other, unit_format(d.unit)),
            change_text(d, cmp.tolerance),
            percent(d.pct) if d.differs(cmp.tolerance) else "0",
        ]
        for d in totals
    ]
    text = align(rows)
    return text + "\n\n" + _by_year_text([d for d in deltas if d.year is not None], cmp)


def _by_year_text(deltas: list[Delta], cmp: Comparison) -> str:
    tol = cmp.tolerance
    years = sorted(
        {d.year for d in deltas if d.differs(tol) or (d.base is None) != (d.other is None)}, key=str
    )
    if not years:
        return "By year: no change in any year."
    heads = [f"{d.label} ({d.unit})" for d in deltas[:3]]
    rows = [["Change by year", *heads]]
    for year in years:
        mine = [d for d in deltas if d.year == year]
        rows.append([str(year) + _year_note(mine), *[change_text(d, tol) for d in mine]])
    return align(rows)


def _year_note(deltas: list[Delta]) -> str:
    if all(d.base is None for d in deltas):
        return " (other only)"
    if all(d.other is None for d in deltas):
        return " (base only)"
    return ""


def _groups_text(
    kind: str, groups: list[GroupChange], top: int, tol: Tolerance, order: str = ""
) -> str:
    """Totals over all years, largest change first (origins by cost: tonnes of different
    minerals do not compare); a measure whose unit differs between rows gets a unit column."""
    if not groups:
        return f"Largest changes by {kind}: none."
    shown = groups[:top]
    n = len(shown[0].deltas)
    mixed = [len({g.deltas[i].unit for g in shown}) > 1 for i in range(n)]
    heads: list[str] = []
    for i, d in enumerate(shown[0].deltas):
        heads += [d.measure, "unit"] if mixed[i] else [f"{d.measure} ({d.unit})"]
    rows = [[f"Largest changes by {kind}{order}", *heads]]
    for g in shown:
        note = "" if g.status == "changed" else f" ({g.status})"
        name = g.name + (f" [{', '.join(g.sources)}]" if g.sources else "") + note
        cells: list[str] = []
        for i, d in enumerate(g.deltas):
            cells += [change_text(d, tol), d.unit] if mixed[i] else [change_text(d, tol)]
        rows.append([name, *cells])
    left = {1 + i + sum(mixed[:i]) + 1 for i in range(n) if mixed[i]}
    more = f"\n  … and {len(groups) - top} more" if len(groups) > top else ""
    return align(rows, left) + more


def _tables_text(tables: list[TableDiff]) -> str:
    rows = [["Plan tables", "base rows", "other rows", "changed", "added", "removed"]]
    for t in tables:
        name = t.sheet + (f" (missing in {t.missing_in})" if t.missing_in else "")
        rows.append(
            [
                name,
                str(t.n_base),
                str(t.n_other),
                str(t.count("changed")),
                str(t.count("added")),
                str(t.count("removed")),
            ]
        )
    lines = [align(rows)]
    for t in tables:
        for side, names in (("base", t.only_base), ("other", t.only_other)):
            if names:
                lines.append(
                    f"  {t.sheet}: column(s) only in the {side} plan, not compared: "
                    + ", ".join(names)
                )
    for t in tables:
        for row in t.rows[:TOP_CELLS]:
            lines.append("  " + describe_row(t, row))
    return "\n".join(lines)


def describe_row(table: TableDiff, row: RowDiff) -> str:
    """``Plants P01, 2027: output 6.000 → 7.000 (+1.000) at Plants!G2``."""
    head = f"{table.sheet} {format_key(row.key)}"
    if row.status != "changed":
        present = row.other if row.base is None else row.base
        side = "other" if row.base is None else "base"
        ref = cell_ref(table.sheet, f"A{present.row_number}") if present else ""
        return f"{head}: {row.status} (row {ref} of the {side} plan)"
    main = SORT_COLUMN.get(table.sheet)
    biggest = next(
        (c for c in row.changes if c.column == main),
        max(row.changes, key=lambda c: abs(c.change or 0.0)),
    )
    more = f" and {len(row.changes) - 1} more column(s)" if len(row.changes) > 1 else ""
    return f"{head}: {describe_cell(table.sheet, biggest)}{more}"


def describe_cell(sheet: str, c: CellChange) -> str:
    """``output 6.000 → 7.000 (+1.000) at Plants!G2`` (both cells when the row moved)."""
    fmt = _format_of(sheet, c.column)
    change = f" ({signed(c.change, fmt)})" if c.change is not None else ""
    refs = cell_ref(sheet, c.base_cell or c.other_cell or "")
    if c.base_cell and c.other_cell and c.base_cell != c.other_cell:
        refs = f"{refs} (base) / {cell_ref(sheet, c.other_cell)} (other)"
    return f"{c.column} {number(c.base, fmt)} {ARROW} {number(c.other, fmt)}{change} at {refs}"


def _format_of(sheet: str, column: str) -> str:
    spec = next((t for t in ps.TABLES if t.sheet == sheet), None)
    return spec.column(column).number_format if spec and column in spec.names else "0.000"


def unit_format(unit: str) -> str:
    """The plan's number format for a unit (``"GWh"`` -> ``"0.000"``), from the plan schema."""
    formats = (c.number_format for t in ps.TABLES for c in t.columns if c.unit == unit)
    return next(formats, "0.000")


def decimals(number_format: str) -> int:
    """``"#,##0.00"`` -> 2; ``"0"`` -> 0; anything without a point -> 3."""
    if "." not in number_format:
        return 0 if number_format.strip("#,") == "0" else 3
    return len(number_format.split(".")[1].rstrip("%").rstrip())


def number(value: Any, fmt: str = "0.000") -> str:
    """A number with thousands separators and the format's decimals; '—' when absent."""
    if value is None:
        return "—"
    if not is_number(value):
        return str(value)
    if fmt.endswith("%"):
        return f"{value:.{decimals(fmt)}%}"
    return f"{value:,.{decimals(fmt)}f}"


def signed(value: float | None, fmt: str = "0.000") -> str:
    """``+1.500``; a change too small for the format's decimals keeps two significant digits
    (``+1.6e-06``) rather than reading as ``+0.000``."""
    if value is None:
        return "—"
    if fmt.endswith("%"):
        text = f"{value * 100:+.{decimals(fmt)}f} pp"
    else:
        text = f"{value:+,.{decimals(fmt)}f}"
    if value and not any(ch in "123456789" for ch in text):
        return f"{value:+.2g}" + (" pp" if fmt.endswith("%") else "")
    return text


def change_text(d: Delta, tol: Tolerance) -> str:
    """A delta's change, or ``0`` when it is within the tolerance."""
    fmt = d.number_format or unit_format(d.unit)
    return signed(d.change, fmt) if d.differs(tol) else "0"


def percent(value: float | None) -> str:
    """A signed percentage (``+12.5%``), or a dash when there is none."""
    return "—" if value is None else f"{value:+.1%}"


def plain(value: Any) -> str:
    """An input value as the user typed it: ``8000``, ``0.6``, ``LFP``; empty as ``(empty)``."""
    if value is None:
        return "(empty)"
    if isinstance(value, float):
        return format(value, ".10g")
    return str(value)


def align(rows: list[list[str]], left: set[int] | frozenset[int] = frozenset()) -> str:
    """First column (and the columns in ``left``) left-aligned, the others right-aligned; the
    first row is the heading."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        first = (row[0] if n == 0 else "  " + row[0]).ljust(widths[0] + 2)
        rest = "  ".join(
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row[1:], widths[1:], strict=True), start=1)
        )
        lines.append((first + "  " + rest).rstrip())
    return "\n".join(lines)


def to_json(cmp: Comparison) -> dict[str, Any]:
    """A JSON-ready account of the comparison (no NaN or infinity)."""
    return _clean(
        {
            "same": cmp.same,
            "base": {"file": cmp.base.label, **cmp.base.run},
            "other": {"file": cmp.other.label, **cmp.other.run},
            "tolerance": {"abs": cmp.tolerance.abs_tol, "rel": cmp.tolerance.rel_tol},
            "inputs": [_input_json(c) for c in cmp.inputs],
            "descriptive": [_input_json(c) for c in cmp.descriptive],
            "headline": [_delta_json(d) for d in cmp.headline],
            "plants": [_group_json(g) for g in cmp.plants],
            "origins": [_group_json(g) for g in cmp.origins],
            "tables": [_table_json(t) for t in cmp.tables],
        }
    )


def _input_json(c: InputChange) -> dict[str, Any]:
    return {
        "sheet": c.sheet,
        "kind": c.kind,
        "base_cell": c.base_cell,
        "other_cell": c.other_cell,
        "column": c.column,
        "key": list(c.key) if c.key else None,
        "base": c.base,
        "other": c.other,
        "text": describe_input(c),
    }


def _delta_json(d: Delta) -> dict[str, Any]:
    return {
        "measure": d.measure,
        "unit": d.unit,
        "year": d.year,
        "base": d.base,
        "other": d.other,
        "change": d.change,
        "pct": d.pct,
    }


def _group_json(g: GroupChange) -> dict[str, Any]:
    return {
        "name": g.name,
        "status": g.status,
        "sources": list(g.sources),
        "deltas": [_delta_json(d) for d in g.deltas],
    }


def _table_json(t: TableDiff) -> dict[str, Any]:
    return {
        "sheet": t.sheet,
        "keys": list(t.keys),
        "base_rows": t.n_base,
        "other_rows": t.n_other,
        "changed": t.count("changed"),
        "added": t.count("added"),
        "removed": t.count("removed"),
        "missing_in": t.missing_in,
        "rows": [_row_json(t, r) for r in t.rows],
    }


def _row_json(t: TableDiff, r: RowDiff) -> dict[str, Any]:
    return {
        "key": dict(zip(t.keys, r.key, strict=True)),
        "status": r.status,
        "changes": [
            {
                "column": c.column,
                "base": c.base,
                "other": c.other,
                "change": c.change,
                "pct": c.pct,
                "base_cell": cell_ref(t.sheet, c.base_cell) if c.base_cell else None,
                "other_cell": cell_ref(t.sheet, c.other_cell) if c.other_cell else None,
            }
            for c in r.changes
        ],
    }


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
