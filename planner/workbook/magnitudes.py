"""Warnings, before solving, about numbers whose size the solver cannot honour.

HiGHS treats a coefficient at or below 1e-9 as zero, and a row of the LP that mixes numbers more
than about 1e9 apart loses most of double precision's digits. Both usually come from a unit
slip (tonnes typed as kilotonnes, a share typed as a per-mille) or a typing error, and both end
in an "optimal" plan with no word from the solver. Each sheet row is checked here, naming the
cells, so that the planner can fix the input; the solved model is checked again afterwards
(:mod:`models.numerics`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from planner.errors import Issue
from planner.workbook.book import ValidatedBook
from planner.workbook.cells import show
from planner.workbook.schema import NUMBER, SHEETS

TINY = 1e-9
"""At or below this magnitude (and not zero) the solver reads a number as zero."""
WIDE = 1e9
"""Largest ratio of magnitudes within one sheet row that is not warned about."""


def magnitude_issues(book: ValidatedBook) -> Iterator[Issue]:
    """One warning per tiny number and one per sheet row whose numbers span more than
    :data:`WIDE`."""
    for spec in SHEETS:
        if spec.name not in book.tables:
            continue
        table, cells = book.tables[spec.name], book.cells[spec.name]
        names = [c.name for c in spec.long_columns if c.dtype == NUMBER and c.name in table]
        by_row: dict[str, list[tuple[float, str]]] = {}
        for name in names:
            for value, ref in zip(table[name], cells[name], strict=True):
                if _is_number(value) and value != 0 and isinstance(ref, str) and "!" in ref:
                    by_row.setdefault(_row_of(ref), []).append((abs(float(value)), ref))
        for found in by_row.values():
            yield from _row_issues(found)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _row_of(ref: str) -> str:
    sheet, _, cell = ref.partition("!")
    return sheet + "!" + "".join(ch for ch in cell if ch.isdigit())


def _row_issues(found: list[tuple[float, str]]) -> Iterator[Issue]:
    for size, ref in found:
        if size <= TINY:
            yield Issue(
                "tiny-number",
                ref,
                f"this number is {show(size)}, so small that the solver treats it as zero (it "
                f"ignores numbers at or below {TINY:g}); type 0 if zero is meant, or check the "
                "unit.",
                "warning",
            )
    usable = [(size, ref) for size, ref in found if size > TINY]
    if len(usable) < 2:
        return
    small, big = min(usable), max(usable)
    if big[0] / small[0] > WIDE:
        yield Issue(
            "wide-magnitudes",
            small[1],
            f"this number ({show(small[0])}) and {big[1]} ({show(big[0])}) are more than "
            f"{WIDE:.0e} apart in one row, which the solver cannot handle accurately; check "
            "the units of both.",
            "warning",
        )
