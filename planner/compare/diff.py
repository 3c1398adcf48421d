"""Key-joined differences between two plans' tables, with absolute and relative tolerances.

Rows are matched on the table's key columns (``plan_schema.OutTable.keys``), never on position:
a key in both plans gives a *changed* row when any value differs beyond the tolerance, a key in
one plan only gives an *added* or *removed* row. For added and removed rows the change is counted
from zero (an added plant adds its whole output), so row changes add up to the headline deltas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from planner.compare.read import Key, Plan, Row, Table
from planner.plan import schema as ps

CHANGED, ADDED, REMOVED = "changed", "added", "removed"

SORT_COLUMN = {
    ps.YEARS.sheet: "output",
    ps.PLANTS.sheet: "output",
    ps.FLOWS.sheet: "flow",
    ps.MINERAL_TOTALS.sheet: "flow",
    ps.MARGINAL.sheet: "value",
}
"""The measure whose change orders each table's rows in the report (largest first)."""


@dataclass(frozen=True)
class Tolerance:
    """Two numbers are the same when ``|a - b| <= max(abs_tol, rel_tol * max(|a|, |b|))``.

    The default relative tolerance (one part in a million) sits above the solver's own noise:
    two solves of related inputs can put the same plant at 10.1999551 and 10.1999567 GWh, which
    no reviewer should be asked to look at.
    """

    abs_tol: float = 1e-6
    rel_tol: float = 1e-6

    def same(self, a: Any, b: Any) -> bool:
        """Numbers within tolerance, or other values exactly equal (empty equals empty)."""
        if is_number(a) and is_number(b):
            return math.isclose(a, b, rel_tol=self.rel_tol, abs_tol=self.abs_tol)
        return a == b


@dataclass(frozen=True)
class CellChange:
    """One value that differs between the plans (``base``/``other`` is None where absent)."""

    column: str
    base: Any
    other: Any
    base_cell: str | None
    other_cell: str | None

    @property
    def change(self) -> float | None:
        """other − base for numbers, counting an absent value as 0; None for text."""
        a, b = _zero_if_none(self.base), _zero_if_none(self.other)
        return b - a if is_number(a) and is_number(b) else None

    @property
    def pct(self) -> float | None:
        """Change as a share of |base|; None when the base is zero or absent."""
        change = self.change
        if change is None or not is_number(self.base) or self.base == 0:
            return None
        return change / abs(self.base)


@dataclass
class RowDiff:
    """A key whose row differs: changed in place, added in the other plan, or removed from it."""

    key: Key
    status: str
    base: Row | None
    other: Row | None
    changes: list[CellChange]

    def change_of(self, column: str) -> float:
        """Absolute change of one column, 0 when it did not change or is text."""
        found = next((c.change for c in self.changes if c.column == column), None)
        return abs(found) if found is not None else 0.0

    def largest_change(self) -> float:
        """The largest absolute numeric change of the row (0 if none)."""
        return max((abs(c.change) for c in self.changes if c.change is not None), default=0.0)


@dataclass
class TableDiff:
    """The differing rows of one table, largest change first."""

    sheet: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    """Non-key columns compared (present in both plans), in schema order."""
    rows: list[RowDiff] = field(default_factory=list)
    n_base: int = 0
    n_other: int = 0
    only_base: tuple[str, ...] = ()
    """Columns found in the base plan only (not compared)."""
    only_other: tuple[str, ...] = ()
    missing_in: str | None = None
    """``"base"`` or ``"other"`` when the sheet is missing from that plan."""

    def count(self, status: str) -> int:
        """How many rows have ``status`` (added, removed, changed)."""
        return sum(1 for r in self.rows if r.status == status)

    @property
    def n_unchanged(self) -> int:
        """Rows of the base plan that are the same in the other."""
        return self.n_base - self.count(CHANGED) - self.count(REMOVED)


def diff_plans(base: Plan, other: Plan, tol: Tolerance) -> list[TableDiff]:
    """Diff every table of the plan schema present in at least one of the two plans."""
    out = []
    for spec in ps.TABLES:
        a, b = base.tables.get(spec.sheet), other.tables.get(spec.sheet)
        if (a is None or not a.rows) and (b is None or not b.rows):
            continue  # nothing on either side (a plan without offtake has an empty Offtake)
        missing_in = "base" if a is None else "other" if b is None else None
        a = a or Table(spec.sheet, spec.keys, b.columns)  # type: ignore[union-attr]
        b = b or Table(spec.sheet, spec.keys, a.columns)
        result = diff_table(a, b, tol)
        result.missing_in = missing_in
        out.append(result)
    return out


def diff_table(base: Table, other: Table, tol: Tolerance) -> TableDiff:
    """Join two versions of one table on its keys and list the rows that differ."""
    keys = base.keys
    spec = next((t for t in ps.TABLES if t.sheet == base.sheet), None)
    derived = spec.derived if spec is not None else frozenset()
    columns = tuple(
        c for c in base.columns if c in other.columns and c not in keys and c not in derived
    )
    result = TableDiff(
        base.sheet,
        keys,
        columns,
        n_base=len(base.rows),
        n_other=len(other.rows),
        only_base=tuple(c for c in base.columns if c not in other.columns),
        only_other=tuple(c for c in other.columns if c not in base.columns),
    )
    for key in _ordered_union(base.rows, other.rows):
        row = _diff_row(key, base.rows.get(key), other.rows.get(key), columns, tol)
        if row is not None:
            result.rows.append(row)
    sort_column = SORT_COLUMN.get(base.sheet, "")
    result.rows.sort(key=lambda r: (-r.change_of(sort_column), -r.largest_change()))
    return result


def _diff_row(
    key: Key, a: Row | None, b: Row | None, columns: tuple[str, ...], tol: Tolerance
) -> RowDiff | None:
    if a is not None and b is not None:
        changes = [
            _cell_change(c, a, b) for c in columns if not tol.same(a.values.get(c), b.values.get(c))
        ]
        return RowDiff(key, CHANGED, a, b, changes) if changes else None
    status = ADDED if a is None else REMOVED
    changes = [_cell_change(c, a, b) for c in columns if (a or b).values.get(c) is not None]  # type: ignore[union-attr]
    return RowDiff(key, status, a, b, changes)


def _cell_change(column: str, a: Row | None, b: Row | None) -> CellChange:
    return CellChange(
        column,
        a.values.get(column) if a else None,
        b.values.get(column) if b else None,
        a.cells.get(column) if a else None,
        b.cells.get(column) if b else None,
    )


def _ordered_union(a: dict[Key, Any], b: dict[Key, Any]) -> list[Key]:
    """Keys of both, base order first, then keys only in the other plan."""
    return list(a) + [k for k in b if k not in a]


def is_number(value: Any) -> bool:
    """True for int and float values that are not bools, NaN or infinite."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _zero_if_none(value: Any) -> Any:
    return 0 if value is None else value
