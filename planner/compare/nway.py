"""``accplan compare BASE OTHER [OTHER…]``: the base against several plans at once.

Each other plan is compared with the base on its own (:func:`planner.compare.compare
.compare_plans`); the terminal then shows one side-by-side headline (a column per plan) and the
pairwise reports one after another, and the workbook holds a side-by-side sheet first and each
pair's Summary after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.compare.why import STARTED, STOPPED, by_family, limit_changes
from planner.xlsx.cells import BOLD, SECTION, TITLE, fit_widths, print_setup, put

SIDE_SHEET = "Side by side"


def headline_rows(comparisons: list[Any]) -> list[list[Any]]:
    """One row per headline measure (all years): label, the base's value, each other's value."""
    first = comparisons[0]
    rows = []
    for i, delta in enumerate(first.headline):
        if delta.year is not None:
            continue
        values = [c.headline[i].other for c in comparisons]
        rows.append([delta.label, delta.base, *values])
    return rows


def why_rows(comparisons: list[Any]) -> list[list[Any]]:
    """One row per kind of limit that started or stopped binding in any plan: its count in each."""
    counts = [{(s, k): n for s, k, n in by_family(limit_changes(c))} for c in comparisons]
    keys = sorted({key for found in counts for key in found})
    return [[f"{k}: {s}", "", *[found.get((s, k), 0) for found in counts]] for s, k in keys]


def side_by_side_text(comparisons: list[Any]) -> str:
    """The terminal's side-by-side headline and binding-limit counts."""
    names = ["base", *[f"plan {i}" for i in range(1, len(comparisons) + 1)]]
    lines = ["Side by side (all years)"]
    for i, c in enumerate(comparisons, start=1):
        lines.append(f"  plan {i}: {c.other.label}")
    lines.append(f"  base:   {comparisons[0].base.label}")
    table = [["", *names]]
    table += [[str(r[0]), *[_num(v) for v in r[1:]]] for r in headline_rows(comparisons)]
    table += [[str(r[0]), "", *[str(v) for v in r[2:]]] for r in why_rows(comparisons)]
    widths = [max(len(row[j]) for row in table) for j in range(len(table[0]))]
    for row in table:
        cells = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  " + "  ".join(cells))
    return "\n".join(lines)


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:,.3f}"


def write_nway_workbook(comparisons: list[Any], target: Path) -> Path:
    """A side-by-side sheet, then each pair's Summary sheet; written atomically."""
    from planner.compare.workbook import _check_target, _save_atomically, _summary_sheet

    for c in comparisons:
        _check_target(c, target)
    wb = Workbook()
    ws = wb.active
    ws.title = SIDE_SHEET
    put(ws, 1, 1, "accplan comparison: a base and several plans").font = TITLE
    put(ws, 2, 1, "Base")
    put(ws, 2, 2, comparisons[0].base.label)
    for i, c in enumerate(comparisons, start=1):
        put(ws, 2 + i, 1, f"Plan {i}")
        put(ws, 2 + i, 2, c.other.label)
    r = 4 + len(comparisons)
    put(ws, r, 1, "Headline (all years) and limits that started or stopped binding").font = SECTION
    header = ["", "Base", *[f"Plan {i}" for i in range(1, len(comparisons) + 1)]]
    for j, text in enumerate(header, start=1):
        put(ws, r + 1, j, text).font = BOLD
    for k, row in enumerate(headline_rows(comparisons) + why_rows(comparisons), start=r + 2):
        for j, value in enumerate(row, start=1):
            put(ws, k, j, value, "#,##0.000" if isinstance(value, float) else None)
    fit_widths(ws)
    print_setup(ws)
    for i, c in enumerate(comparisons, start=1):
        pair = wb.create_sheet()
        _summary_sheet(pair, c)
        pair.title = f"Base vs plan {i}"
        print_setup(pair)
    _save_atomically(wb, target)
    return target


__all__ = ["STARTED", "STOPPED", "side_by_side_text", "write_nway_workbook"]
