"""Rules on the Settings sheet's objective: a target for least_incentive, a year in the horizon,
a hold with its level (not on the objective itself, and not of value added no plant can add)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from planner.errors import Issue
from planner.workbook.schema import SETTINGS

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook


def goal_checks(book: ValidatedBook) -> list[Issue]:
    """Every objective rule, in a stable order."""
    if SETTINGS.name not in book.tables:
        return []
    values = book.tables[SETTINGS.name].first()
    cells = book.cells[SETTINGS.name].first()
    return list(_objective_rules(book, values, cells))


def _cell(cells: dict, name: str) -> str:
    return cells.get(name) or SETTINGS.name


def _objective_rules(book: ValidatedBook, values: dict, cells: dict) -> Iterator[Issue]:
    objective = values.get("objective") or "cumulative_gwh"
    if objective == "least_incentive" and values.get("output_target_gwh") is None:
        yield Issue(
            "target-missing",
            _cell(cells, "objective"),
            "objective is least_incentive but output_target_gwh is blank; the least incentive "
            "is owed for a GWh target. Enter output_target_gwh (total GWh over the horizon).",
        )
    year = values.get("objective_year")
    if (
        year is not None
        and book.horizon is not None
        and not (book.horizon[0] <= year <= book.horizon[1])
    ):
        yield Issue(
            "objective-year-outside-horizon",
            _cell(cells, "objective_year"),
            f"objective_year is {year}, outside the horizon {book.horizon[0]}-"
            f"{book.horizon[1]}; enter a planning year (blank = last_year).",
        )
    hold, level = values.get("hold_objective"), values.get("hold_level")
    if (hold is None) != (level is None):
        missing = "hold_level" if level is None else "hold_objective"
        given = "hold_objective" if level is None else "hold_level"
        yield Issue(
            "hold-incomplete",
            _cell(cells, given),
            f"{missing} is blank but {given} is given; an objective is held at a level: "
            "fill in both, or clear both.",
        )
    if hold is not None and hold == objective:
        yield Issue(
            "hold-is-objective",
            _cell(cells, "hold_objective"),
            f"hold_objective is {hold}, the objective itself; hold another objective (or "
            "clear hold_objective and hold_level).",
        )
    if hold == "domestic_value_added" and (level or 0) > 0 and not _adds_value(book):
        yield Issue(
            "hold-unreachable",
            _cell(cells, "hold_level"),
            f"hold_level is {level:g} USD million of domestic value added, but no plant adds "
            "any in the horizon (every DVA share, on the DVA and AwardDVA sheets, or every cell "
            "price is 0). Lower hold_level to 0, or clear hold_objective and hold_level.",
        )


def _adds_value(book: ValidatedBook) -> bool:
    """True if some plant-year has domestic value added (price × DVA share > 0), or if that
    cannot be told from sheets with errors of their own (their rules name those cells)."""
    from planner.workbook.to_model import dva_values

    if book.horizon is None:
        return True
    years = tuple(range(book.horizon[0], book.horizon[1] + 1))
    try:
        return any(v > 0 for v in dva_values(book.tables, years).values())
    except (KeyError, TypeError, ValueError, IndexError):
        return True
