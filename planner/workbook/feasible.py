"""The "what would make it feasible" workbook: the input with the least change applied.

When no plan exists, :mod:`models.elastic` finds the least change to the requirements that makes
one possible. :func:`write_feasible_copy` writes a copy of the input workbook (the run's
overrides applied) with each requirement lowered by that change in the cell the planner typed
it in, the cell shaded and its note saying what it was. Solving the copy gives a plan.

Only requirements whose row is the typed value itself can be written this way (a minimum output,
a committed capacity, the output target); a group floor is a share of a year's use, which the
change does not set alone, so it is named in the message but left as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import OutputError

TYPED_AS_ROW = frozenset({"min_output", "capacity_commitment", "output_target"})
"""Requirement families whose row bound is the value typed in one cell (in the same unit)."""

CHANGED_FILL = "F8CBAD"
"""Orange: a cell the least change lowered (input cells are light yellow)."""

DIGITS = 6
"""Lowered values are cut down (never rounded up) to this many decimals."""


@dataclass(frozen=True)
class Change:
    """One cell of the copy: where, what it was and what it became, and the requirement."""

    cell: str
    was: float
    now: float
    family: str = ""
    index: tuple = ()


def changed_data(data: Any, changes: Sequence[Change]) -> Any:
    """``data`` (ModelData) with the changes applied, to check that a plan exists for the copy.

    A running total (committed capacity) is typed including existing capacity, which the model
    data keep apart, so the lowered value is the typed one, as in the cell.
    """
    from dataclasses import replace

    fields = {"min_output": "min_output_gwh", "capacity_commitment": "committed_capacity_gwh"}
    out = {}
    for c in changes:
        if c.family == "output_target":
            out["output_target_gwh"] = c.now
        elif c.family in fields:
            name = fields[c.family]
            mapping = dict(out.get(name, getattr(data, name)))
            mapping[c.index] = c.now
            out[name] = mapping
    return replace(data, **out)


def changes_for(loaded: Any, shortfalls: Sequence[Any]) -> tuple[list[Change], list[Any]]:
    """(the cell changes the least change makes, the shortfalls no single cell can take)."""
    from planner.workbook.where import cell_of

    changes, left = [], []
    for s in shortfalls:
        cell = (
            cell_of(loaded.tables, getattr(loaded, "cells", {}), s.family, s.index)
            if s.family in TYPED_AS_ROW
            else None
        )
        if cell is None:
            left.append(s)
            continue
        scale = 10**DIGITS
        now = max(math.floor((s.asked - s.shortfall) * scale) / scale, 0.0)
        changes.append(Change(cell, s.asked, now, s.family, tuple(s.index)))
    return changes, left


def write_feasible_copy(loaded: Any, changes: Sequence[Change], out: Path) -> Path:
    """Write the input at ``loaded.path`` (with the run's overrides) to ``out`` with ``changes``
    applied, each changed cell shaded and noted; refuse to overwrite any existing file.

    Raises
    ------
    OutputError
        ``out`` exists, is the input, or cannot be written.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from planner.xlsx.atomic import same_file, save_workbook

    out = Path(out)
    if same_file(out, loaded.path) or out.exists():
        raise OutputError(
            f"{out}: the file already exists and may be someone's input; the copy that would "
            "make a plan was not written. Give a new file name."
        )
    wb = load_workbook(loaded.path)
    for ref, value in getattr(loaded, "overridden", {}).items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    for change in changes:
        sheet, cell = change.cell.split("!")
        target = wb[sheet][cell]
        target.value = change.now
        target.fill = PatternFill("solid", fgColor=CHANGED_FILL)
        target.comment = Comment(
            f"accplan: was {change.was:g}; lowered by {change.was - change.now:g} to "
            f"{change.now:g}, the least change with which a plan exists.",
            "accplan",
        )
    return save_workbook(wb, out)
