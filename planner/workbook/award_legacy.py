"""Older workbooks: one award per plant, given by four Plants columns, read as Awards rows.

Before the Awards sheet, a beneficiary's bid, window and award were columns of the Plants sheet.
Such a workbook still plans: each plant with an award becomes one awarded row named after the
plant, and every check and message about it names the Plants cell it came from. A workbook may
not give awards in both places (which would be the one to believe?).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.errors import Issue
from planner.workbook.award_sheets import AWARDED, AWARDS
from planner.workbook.cells import show
from planner.workbook.schema import PLANTS
from planner.workbook.table import Table

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook

LEGACY_COLUMNS = ("bid_rs_per_kwh", "window_first_year", "window_last_year", "award_gwh")
"""The Plants columns of the older layout, in sheet order."""

_FROM_PLANTS = {
    "award_id": "plant_id",
    "entity": "firm",
    "firm": "firm",
    "plant_id": "plant_id",
    "award_gwh": "award_gwh",
    "bid_rs_per_kwh": "bid_rs_per_kwh",
    "window_first_year": "window_first_year",
    "window_last_year": "window_last_year",
}
"""Awards column ← the Plants column a converted row takes it from."""


def adopt_plant_awards(book: ValidatedBook) -> list[Issue]:
    """Give ``book`` an Awards table from the older Plants columns, or object to both layouts.

    Only complete plant awards are converted (award above 0, a bid and a window in order); the
    Plants rules report the incomplete ones by their cells.
    """
    if PLANTS.name not in book.tables:
        return []
    given = [(values, cells) for values, cells in book.records(PLANTS.name) if _has_award(values)]
    if not given:
        return []
    if AWARDS.name in book.tables:
        return [_twice(values, cells) for values, cells in given]
    rows, refs = [], []
    for values, cells in given:
        if _complete(values):
            rows.append(_converted(values))
            refs.append({name: cells.get(src) for name, src in _FROM_PLANTS.items()})
    names = list(AWARDS.names)
    book.tables[AWARDS.name] = Table(names, rows)
    book.cells[AWARDS.name] = Table(names, refs)
    header = book.raw[PLANTS.name].header_refs.get("award_gwh", f"{PLANTS.name}!1")
    return [
        Issue(
            "awards-on-plants",
            header,
            "awards are read from the older Plants columns bid_rs_per_kwh, window_first_year, "
            "window_last_year and award_gwh, one award per plant named after it. To give a "
            "plant two agreements, or to enter candidates, outlay ceilings or penalties, move "
            "them to an Awards sheet (one row per agreement; `accplan template` has one) and "
            "clear these columns.",
            "warning",
        )
    ]


def _has_award(values: dict) -> bool:
    return (values.get("award_gwh") or 0.0) > 0 or any(
        values.get(name) is not None for name in LEGACY_COLUMNS[:3]
    )


def _complete(values: dict) -> bool:
    first, last = values.get("window_first_year"), values.get("window_last_year")
    return (
        (values.get("award_gwh") or 0.0) > 0
        and values.get("bid_rs_per_kwh") is not None
        and first is not None
        and last is not None
        and last >= first
    )


def _converted(values: dict) -> dict:
    row = {name: None for name in AWARDS.names}
    row.update({name: values[src] for name, src in _FROM_PLANTS.items()})
    row.update(status=AWARDED, penalty_share_per_day=None)
    return row


def _twice(values: dict, cells: dict) -> Issue:
    name = next(n for n in reversed(LEGACY_COLUMNS) if _given(values.get(n)))
    return Issue(
        "awards-twice",
        cells.get(name) or f"{PLANTS.name}!1",
        f"{name} is {show(values[name])} for plant {values['plant_id']}, but the workbook has "
        "an Awards sheet, which alone gives the awards. Move this award to the Awards sheet "
        "(one row per agreement) and clear bid_rs_per_kwh, window_first_year, "
        "window_last_year and award_gwh on the Plants sheet.",
    )


def _given(value: object) -> bool:
    return value is not None and value != 0
