"""Rules on a plant's timeline: capacity installed before the horizon (Existing sheet).

Each rule reads the typed tables of a :class:`~planner.workbook.book.ValidatedBook` and yields
issues naming the cell; cells that failed their own check are None and skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from planner.errors import Issue
from planner.workbook.cells import show
from planner.workbook.schema import CAPACITY, EXISTING, PLANTS, YEAR_COLUMN

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook

TOLERANCE = 1e-9


def plant_timeline_checks(book: ValidatedBook) -> list[Issue]:
    """Every rule of this module, in a stable order."""
    if book.horizon is None:
        return []
    issues: list[Issue] = []
    for rule in (_online_year, _existing_years, _capacity_holds_existing):
        issues.extend(rule(book))
    return issues


def _existing_by_plant(book: ValidatedBook) -> dict[str, float]:
    total: dict[str, float] = {}
    for values, _cells in book.rows(EXISTING.name):
        plant, gwh = values["plant_id"], values["installed_gwh"]
        if plant is not None and gwh is not None:
            total[plant] = total.get(plant, 0.0) + gwh
    return total


def _online_year(book: ValidatedBook) -> Iterator[Issue]:
    """A plant with capacity installed before the horizon produces from the first year."""
    first, _last = book.horizon
    existing = _existing_by_plant(book)
    for values, cells in book.rows(PLANTS.name):
        plant, year = values["plant_id"], values["online_year"]
        if year is None or plant not in existing or year == first:
            continue
        yield Issue(
            "existing-online-later",
            cells["online_year"],
            f"online_year is {year} for {plant}, but the Existing sheet lists "
            f"{show(existing[plant])} GWh/yr installed there before the horizon, which can "
            f"produce from the first planning year. Enter {first}.",
        )


def _existing_years(book: ValidatedBook) -> Iterator[Issue]:
    """A block on the Existing sheet is installed before the horizon."""
    first, _last = book.horizon
    for values, cells in book.rows(EXISTING.name):
        plant, year = values["plant_id"], values["installed_year"]
        if plant is None or year is None:
            continue
        if year >= first:
            yield Issue(
                "existing-in-horizon",
                cells["installed_year"],
                f"installed_year is {year} for {plant}, not before the first planning year "
                f"{first}; capacity built from {first} on is the plan's decision. Enter it on the "
                "Capacity sheet instead (or an earlier installed_year).",
            )


def _capacity_holds_existing(book: ValidatedBook) -> Iterator[Issue]:
    """Permitted capacity is a running total that includes what is already installed."""
    existing = _existing_by_plant(book)
    for values, cells in book.rows(CAPACITY.name):
        plant, year, amount = values["plant_id"], values[YEAR_COLUMN], values["permitted_gwh"]
        if plant not in existing or amount is None or amount >= existing[plant] - TOLERANCE:
            continue
        yield Issue(
            "capacity-below-existing",
            cells["permitted_gwh"],
            f"permitted_gwh is {show(amount)} for {plant} in {year}, below the "
            f"{show(existing[plant])} GWh/yr already installed (Existing sheet); permitted "
            "capacity is a running total that includes existing capacity. Enter at least "
            f"{show(existing[plant])}.",
        )
