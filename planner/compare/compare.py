"""``accplan compare``: what changed between two plan workbooks, and which inputs changed with it.

The work is split by concern: :mod:`planner.compare.read` reads plans back by the plan schema,
:mod:`planner.compare.diff` joins tables on their keys, :mod:`planner.compare.inputs` compares the
input copies, :mod:`planner.compare.totals` computes headline and group deltas, and
:mod:`planner.compare.text` / :mod:`planner.compare.workbook` present the result.

Two plans are *the same* when no table row and no input cell the solver reads differs beyond the
tolerance; run details (versions, solve time, run time, file names) and descriptive input sheets
the solver never reads (About, Sources) are shown but never make plans differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.compare.diff import ADDED, CHANGED, REMOVED, TableDiff, Tolerance, diff_plans
from planner.compare.inputs import InputChange, diff_inputs, split_descriptive
from planner.compare.read import Plan, read_plans
from planner.compare.totals import Delta, GroupChange, by_origin, by_plant, headline
from planner.errors import CompareError

__all__ = [
    "ADDED",
    "CHANGED",
    "REMOVED",
    "CompareError",
    "Comparison",
    "Tolerance",
    "compare_plans",
]


@dataclass
class Comparison:
    """Everything ``accplan compare`` reports about a base plan and another plan."""

    base: Plan
    other: Plan
    tolerance: Tolerance
    tables: list[TableDiff]
    inputs: list[InputChange]
    """Differences on input sheets the solver reads."""
    headline: list[Delta]
    plants: list[GroupChange]
    origins: list[GroupChange]
    descriptive: list[InputChange] = field(default_factory=list)
    """Differences on input sheets the solver never reads (About, Sources, notes)."""

    @property
    def n_row_changes(self) -> int:
        """Rows added, removed or changed over every table."""
        return sum(len(t.rows) for t in self.tables)

    @property
    def same(self) -> bool:
        """True when no table row and no input cell the solver reads differs beyond the
        tolerance (descriptive sheets do not count)."""
        return self.n_row_changes == 0 and not self.inputs

    def table(self, sheet: str) -> TableDiff | None:
        """The difference of table ``sheet``, or None if it has none."""
        return next((t for t in self.tables if t.sheet == sheet), None)


def compare_plans(
    base: str | Path, other: str | Path, tolerance: Tolerance | None = None
) -> Comparison:
    """Read two plan workbooks and compare them.

    Raises
    ------
    InputError
        When either file is missing, unreadable, not an accplan plan or of another plan format;
        the problems of both files are reported together, each naming its file.
    """
    tol = tolerance or Tolerance()
    a, b = read_plans([base, other])
    inputs, descriptive = split_descriptive(diff_inputs(a.inputs, b.inputs, tol))
    return Comparison(
        a,
        b,
        tol,
        tables=diff_plans(a, b, tol),
        inputs=inputs,
        headline=headline(a, b),
        plants=by_plant(a, b, tol),
        origins=by_origin(a, b, tol),
        descriptive=descriptive,
    )
