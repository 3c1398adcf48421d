"""Rules on minimum build blocks (Plants ``min_block_gwh``), checked on the model data once every
other rule has passed: whether a block fits under the plant's permitted path at all, and whether
its commitments and award milestones can be met in blocks (models/FORMULATION.md, "Minimum build
blocks"; the relaxation the "no plan" diagnosis solves cannot see either).

- A minimum above the most new capacity the path ever permits is a **warning**: the plan is
  still well defined (the plant adds nothing, runs what it has), but that is rarely meant.
- Pledges that no sequence of blocks can meet are an **error**: there is no plan, and only the
  minimum, the path or the pledge can change that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.errors import Issue
from planner.workbook.cells import show
from planner.workbook.schema import PLANTS

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook

COLUMN = "min_block_gwh"


def block_checks(book: ValidatedBook) -> list[Issue]:
    """Issues of every plant with a minimum block; none while other errors stand (the model
    data cannot be built from tables that fail their own checks)."""
    if book.errors or PLANTS.name not in book.tables:
        return []
    cells = {
        values["plant_id"]: cell[COLUMN]
        for values, cell in book.records(PLANTS.name)
        if (values.get(COLUMN) or 0) > 0
    }
    if not cells:
        return []
    from planner.workbook.to_model import to_model_data  # only for workbooks with blocks

    data = to_model_data(book.tables)
    issues = []
    for plant in sorted(cells):
        issues.extend(_plant_issues(data, plant, cells[plant]))
    return issues


def _plant_issues(data, plant: str, cell: str) -> list[Issue]:
    # Imported here: models.blocks imports Pyomo, which validating a workbook without blocks
    # does not need (`accplan validate` stays light).
    from models.block_sizes import block_room, first_unreachable

    least = data.min_block_gwh[plant]
    gap = first_unreachable(data, plant)
    if gap is not None:
        year, need = gap
        return [
            Issue(
                "min-block-pledge",
                cell,
                f"min_block_gwh is {show(least)} for {plant}, but no sequence of blocks of at "
                f"least {show(least)} GWh/yr within its permitted capacity (Capacity sheet) "
                f"reaches the {show(need)} GWh/yr its commitments or award milestones ask by "
                f"{year}. Lower min_block_gwh, or let the permitted capacity rise in steps of "
                f"at least {show(least)}.",
            )
        ]
    most = max(block_room(data, plant, y) for y in data.years)
    if most >= least - 1e-9:
        return []
    return [
        Issue(
            "min-block-above-path",
            cell,
            f"min_block_gwh is {show(least)} for {plant}, above the {show(most)} GWh/yr its "
            "permitted capacity ever lets it add (existing capacity deducted): the plan adds "
            f"no capacity at {plant}. Lower min_block_gwh, or raise its permitted capacity if "
            "it should build.",
            severity="warning",
        )
    ]
