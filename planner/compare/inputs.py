"""Input cells that differ between two plans, from their ``"In <sheet>"`` copies of the inputs.

The copies are laid out cell for cell like the input workbook, so a cell reported as
``Supply!F9`` is cell F9 of the input sheet Supply (and of the plan's sheet ``In Supply``). When
the input schema (:mod:`planner.workbook.schema`) names a sheet's key columns and they are
found in its header row, data rows are matched on those keys and columns on their headers, so
an inserted or reordered row shows as one added row rather than as every cell below it changing.
Otherwise the sheet is compared cell by cell.

Sheets the input schema does not declare (About, Sources, a user's notes) are never read by the
solver: their differences are *descriptive* (:func:`split_descriptive`), reported apart from the
input changes and never enough to make two plans differ.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from planner.compare.diff import Tolerance
from planner.compare.read import InputSheet, Key
from planner.workbook.schema import SHEET_BY_NAME

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 10
"""How far down an input sheet its header row is looked for."""

Cells = dict[tuple[int, int], Any]


@dataclass(frozen=True)
class InputChange:
    """One input cell (or row, or sheet) that differs; cells are addresses on the input sheet."""

    sheet: str
    kind: str
    """``"changed"``, ``"added"``/``"removed"`` (a keyed row, or a cell), or ``"sheet added"``/
    ``"sheet removed"``."""
    base_cell: str | None = None
    other_cell: str | None = None
    column: str | None = None
    key: Key | None = None
    base: Any = None
    other: Any = None


SheetLayout = tuple[str, tuple[str, ...]]
"""(layout, key columns) of an input sheet: layout ``"table"``, ``"years"`` or ``"settings"``."""


def diff_inputs(
    base: dict[str, InputSheet],
    other: dict[str, InputSheet],
    tol: Tolerance,
    layout_of: Callable[[str], SheetLayout] | None = None,
) -> list[InputChange]:
    """Every input difference, sheet by sheet in the base plan's order."""
    layout_of = layout_of or schema_layout
    changes: list[InputChange] = []
    for name in list(base) + [n for n in other if n not in base]:
        if name not in other:
            changes.append(InputChange(name, "sheet removed"))
        elif name not in base:
            changes.append(InputChange(name, "sheet added"))
        else:
            changes.extend(diff_input_sheet(base[name], other[name], tol, *layout_of(name)))
    return changes


def diff_input_sheet(
    base: InputSheet,
    other: InputSheet,
    tol: Tolerance,
    layout: str = "table",
    keys: tuple[str, ...] = (),
) -> list[InputChange]:
    """Keyed comparison when the key columns are found, else cell by cell.

    A ``settings`` sheet (name in column A, value in column B) is keyed by column A.
    """
    if layout == "settings":
        a, b = _settings_layout(base.cells), _settings_layout(other.cells)
    else:
        a, b = _keyed_layout(base.cells, keys), _keyed_layout(other.cells, keys)
    if a is None or b is None:
        return _diff_cells(base.name, base.cells, other.cells, tol)
    return _diff_keyed(base.name, base.cells, other.cells, a, b, tol)


def _diff_cells(sheet: str, a: Cells, b: Cells, tol: Tolerance) -> list[InputChange]:
    out = []
    for rc in sorted(set(a) | set(b)):
        va, vb = a.get(rc), b.get(rc)
        if not tol.same(va, vb):
            kind = "added" if va is None else "removed" if vb is None else "changed"
            out.append(InputChange(sheet, kind, _addr(rc), _addr(rc), base=va, other=vb))
    return out


@dataclass(frozen=True)
class _Layout:
    header_row: int
    columns: dict[str, int]
    """Normalised header -> column index (headerless columns as ``"#<letter>"``)."""
    rows: dict[Key, int]
    """Key -> row index of the data rows."""


def _keyed_layout(cells: Cells, keys: tuple[str, ...]) -> _Layout | None:
    if not keys:
        return None
    wanted = [_norm_header(k) for k in keys]
    for r in sorted({r for r, _ in cells})[:HEADER_SEARCH_ROWS]:
        headers = {_norm_header(v): c for (rr, c), v in cells.items() if rr == r}
        if all(k in headers for k in wanted):
            return _layout_from(cells, r, headers, [headers[k] for k in wanted])
    return None


def _settings_layout(cells: Cells) -> _Layout | None:
    return _layout_from(cells, 0, {}, [1])


def _layout_from(
    cells: Cells, header_row: int, headers: dict[str, int], key_cols: list[int]
) -> _Layout | None:
    columns = dict(headers)
    for _, c in sorted(cells):
        if c not in headers.values() and c not in key_cols:
            columns.setdefault(f"#{get_column_letter(c)}", c)
    rows: dict[Key, int] = {}
    for r in sorted({r for r, _ in cells if r > header_row}):
        key = tuple(cells.get((r, c)) for c in key_cols)
        if all(k is None for k in key):
            continue
        if key in rows:
            log.info("duplicate input key %s; comparing the sheet cell by cell", key)
            return None
        rows[key] = r
    return _Layout(header_row, columns, rows)


def _diff_keyed(
    sheet: str, a: Cells, b: Cells, la: _Layout, lb: _Layout, tol: Tolerance
) -> list[InputChange]:
    top_a = {rc: _header(v, rc, la) for rc, v in a.items() if rc[0] <= la.header_row}
    top_b = {rc: _header(v, rc, lb) for rc, v in b.items() if rc[0] <= lb.header_row}
    out = _diff_cells(sheet, top_a, top_b, tol)
    columns = [h for h in la.columns if h in lb.columns]
    for key in list(la.rows) + [k for k in lb.rows if k not in la.rows]:
        ra, rb = la.rows.get(key), lb.rows.get(key)
        if ra is None or rb is None:
            kind = "added" if ra is None else "removed"
            out.append(InputChange(sheet, kind, _row_ref(ra, la), _row_ref(rb, lb), key=key))
            continue
        for h in columns:
            ca, cb = (ra, la.columns[h]), (rb, lb.columns[h])
            if not tol.same(a.get(ca), b.get(cb)):
                column = None if h.startswith("#") else h
                out.append(
                    InputChange(
                        sheet, "changed", _addr(ca), _addr(cb), column, key, a.get(ca), b.get(cb)
                    )
                )
    return out


def _header(value: Any, rc: tuple[int, int], layout: _Layout) -> Any:
    """A header cell as compared: its name without the unit, so that ``capex_musd_per_gwh``
    and ``capex_musd_per_gwh (USD M/GWh)`` (the template's form) or ``2026`` and ``2026
    (GWh/yr)`` are the same column, not an input change."""
    return _norm_header(value) if rc[0] == layout.header_row else value


def _row_ref(row: int | None, layout: _Layout) -> str | None:
    if row is None:
        return None
    cols = [*layout.columns.values(), 1]
    return f"{get_column_letter(min(cols))}{row}:{get_column_letter(max(cols))}{row}"


def _addr(rc: tuple[int, int]) -> str:
    return f"{get_column_letter(rc[1])}{rc[0]}"


def _norm_header(text: Any) -> str:
    """``"Supply (t)"`` and ``"supply"`` are the same column."""
    return str(text).split(" (")[0].strip().lower()


def split_descriptive(
    changes: list[InputChange],
    is_model_sheet: Callable[[str], bool] | None = None,
) -> tuple[list[InputChange], list[InputChange]]:
    """(changes on sheets the solver reads, changes on descriptive sheets it never reads)."""
    is_model_sheet = is_model_sheet or model_sheet
    model = [c for c in changes if is_model_sheet(c.sheet)]
    return model, [c for c in changes if not is_model_sheet(c.sheet)]


def model_sheet(sheet: str) -> bool:
    """True when :mod:`planner.workbook.schema` declares the sheet, i.e. the solver reads it."""
    return sheet in SHEET_BY_NAME


def schema_layout(sheet: str) -> SheetLayout:
    """Layout and key columns of an input sheet from :mod:`planner.workbook.schema`
    (``("table", ())`` when the schema does not know the sheet: it is then compared cell by
    cell)."""
    spec = SHEET_BY_NAME.get(sheet)
    if spec is None:
        return "table", ()
    return spec.layout, tuple(spec.keys)
