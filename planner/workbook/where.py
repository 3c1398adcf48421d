"""Which input cell a model row's right-hand side comes from: ``min_output[P1, 2031]`` is
``MinOutput!G2``.

One :class:`Source` per constraint family whose right-hand side (or whose share) a planner types
in; the validated tables keep the cell of every value (:attr:`planner.workbook.load.LoadedInput
.cells`), so a row is found by matching its index to the sheet's key columns. Families not listed
here (or rows whose cell is not found) are named by their index instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.workbook.spec import YEAR_COLUMN
from planner.workbook.table import Table


@dataclass(frozen=True)
class Source:
    """Where one family's limit is typed: a sheet, its value column and the key columns that
    match the row's index, position by position (None: that index position has no column)."""

    sheet: str
    column: str
    keys: tuple[str | None, ...] = ()
    fixed: Mapping[str, str] = field(default_factory=dict)
    """Other key columns with a fixed value (GroupShares.limit = min for floors)."""


Y = YEAR_COLUMN

SOURCES: dict[str, Source] = {
    "min_output": Source("MinOutput", "min_output_gwh", ("plant_id", Y)),
    "capacity_commitment": Source("Committed", "committed_gwh", ("plant_id", Y)),
    "capacity_limit": Source("Capacity", "permitted_gwh", ("plant_id", Y)),
    "mineral_supply_limit": Source("Supply", "supply_t", ("source_id", "mineral", Y)),
    "demand_limit": Source("Demand", "demand_gwh", (Y,)),
    "incentive_budget": Source("Settings", "budget_rs_crore"),
    "annual_disbursement_limit": Source("Settings", "annual_limit_rs_crore", (None,)),
    "firm_incentive_cap": Source("Settings", "firm_cap_gwh", (None, None)),
    "award_gwh": Source("Awards", "award_gwh", ("award_id",)),
    "candidate_size_min": Source("Awards", "min_award_gwh", ("award_id",)),
    "candidate_size_max": Source("Awards", "award_gwh", ("award_id",)),
    "unawarded_capacity": Source("Settings", "scheme_capacity_gwh"),
    "group_share_floor": Source("GroupShares", "share", ("group", "mineral", Y), {"limit": "min"}),
    "group_share_cap": Source("GroupShares", "share", ("group", "mineral", Y), {"limit": "max"}),
    "source_share_limit": Source("Minerals", "max_source_share", (None, "mineral", None)),
    "output_target": Source("Settings", "output_target_gwh"),
    "magnet_demand": Source("Magnets", "magnet_t", ("mineral", Y)),
}
"""Family → where its limit is typed."""


def cell_of(
    tables: Mapping[str, Table],
    cells: Mapping[str, Table],
    family: str,
    index: tuple,
) -> str | None:
    """The ``Sheet!Cell`` of the input value behind row ``family[index]``, or None."""
    source = SOURCES.get(family)
    if source is None or source.sheet not in tables or source.sheet not in cells:
        return None
    table, refs = tables[source.sheet], cells[source.sheet]
    if source.column not in table.columns or table.empty:
        return None
    wanted = [(c, v) for c, v in zip(source.keys, index, strict=False) if c is not None]
    wanted += list(source.fixed.items())
    wanted = [(c, v) for c, v in wanted if c in table.columns]
    for row, ref in zip(table.rows, refs.rows, strict=True):
        if all(row[c] == v for c, v in wanted):
            return str(ref[source.column])
    return None
