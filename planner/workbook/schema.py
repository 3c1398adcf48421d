"""The one declaration of the input workbook: every sheet, every column, its type, unit and rules.

The reader, the validator, the blank template and the README's input reference are all driven by
:data:`SHEETS`. Three layouts exist:

``settings``
    One setting per row: its name in column A, its value in column B (units and descriptions in
    columns C and D are for people). The reader turns the sheet into a one-row table.
``table``
    Header in row 1, one record per row below it, identified by the key columns.
``years``
    Key columns, then one column per planning year headed by the year (2026, 2027, ...), the way
    planners keep year-by-year data. The reader melts it to one row per key and year, in a column
    named ``year``, with the values in the column given by :attr:`SheetSpec.year_value`.
"""

from __future__ import annotations

from planner.workbook.award_sheets import AWARD_SHEETS, DVA_SHARE, PERFORMANCE_YEAR
from planner.workbook.chain_sheets import CHAIN_SHEETS
from planner.workbook.spec import (  # noqa: F401  (re-exported: the schema's vocabulary)
    HORIZON,
    INTEGER,
    MAX_GWH,
    MAX_RS_CRORE,
    MAX_TIME_LIMIT_S,
    MAX_TONNES,
    NUMBER,
    TEXT,
    YEAR,
    YEAR_COLUMN,
    ColumnSpec,
    SheetSpec,
)
from planner.workbook.spec import ref as _ref

OBJECTIVE_KINDS = ("cumulative_gwh", "capacity_by_year", "domestic_value_added", "least_incentive")
"""What a plan can optimise (Settings objective and hold_objective; models/goals.py)."""

SETTINGS = SheetSpec(
    "Settings",
    layout="settings",
    description="Scenario-wide settings: horizon, incentive budget and scheme rules, solver limit.",
    columns=(
        ColumnSpec(
            "scenario",
            TEXT,
            required=False,
            default="base",
            example="base",
            description="Scenario name, copied into the plan.",
        ),
        ColumnSpec(
            "first_year",
            INTEGER,
            "year",
            low=2000,
            high=2100,
            example=2026,
            description="First planning year.",
        ),
        ColumnSpec(
            "last_year",
            INTEGER,
            "year",
            low=2000,
            high=2100,
            example=2032,
            description="Last planning year (at most 30 years after the first).",
        ),
        ColumnSpec(
            "budget_rs_crore",
            NUMBER,
            "Rs crore",
            low=0,
            high=MAX_RS_CRORE,
            example=18100,
            description="Total incentive budget over the horizon (1 crore = 10^7 Rs).",
        ),
        ColumnSpec(
            "fx_rs_per_usd",
            NUMBER,
            "Rs/USD",
            low=1,
            high=1000,
            example=87,
            description="Exchange rate used for every Rs to USD conversion.",
        ),
        ColumnSpec(
            "revenue_cap_share",
            NUMBER,
            "share",
            share=True,
            low=0,
            high=1,
            example=0.2,
            description="Incentive is capped at this share of cell sales value.",
        ),
        ColumnSpec(
            "firm_cap_gwh",
            NUMBER,
            "GWh/yr",
            low=0,
            high=MAX_GWH,
            example=20,
            description="Most incentive-eligible output per firm and year.",
        ),
        ColumnSpec(
            "scheme_capacity_gwh",
            NUMBER,
            "GWh/yr",
            required=False,
            low=0,
            high=MAX_GWH,
            example=50,
            description="The scheme's total capacity (50 GWh): candidate awards share what the "
            "awarded ones leave; blank = no limit.",
        ),
        ColumnSpec(
            "annual_limit_rs_crore",
            NUMBER,
            "Rs crore/yr",
            required=False,
            low=0,
            high=MAX_RS_CRORE,
            description="Optional limit on incentive paid in any one year; blank = none.",
        ),
        ColumnSpec(
            "objective",
            TEXT,
            required=False,
            default="cumulative_gwh",
            allowed=OBJECTIVE_KINDS,
            example="cumulative_gwh",
            description="What the plan optimises: cumulative_gwh (most GWh over the horizon), "
            "capacity_by_year (most capacity installed by objective_year), domestic_value_added "
            "(most cell value made in India), least_incentive (least incentive owed for "
            "output_target_gwh).",
        ),
        ColumnSpec(
            "objective_year",
            INTEGER,
            "year",
            required=False,
            low=2000,
            high=2100,
            example=2030,
            description="capacity_by_year: the year by which capacity counts; blank = last_year.",
        ),
        ColumnSpec(
            "output_target_gwh",
            NUMBER,
            "GWh",
            required=False,
            low=0,
            high=MAX_GWH,
            example=300,
            description="Total cell output over the horizon the plan must reach; needed by "
            "least_incentive, optional otherwise; blank = none.",
        ),
        ColumnSpec(
            "hold_objective",
            TEXT,
            required=False,
            allowed=OBJECTIVE_KINDS,
            example="cumulative_gwh",
            description="Optional second objective held at hold_level while objective is "
            "optimised (at least the level; at most, for least_incentive); blank = none.",
        ),
        ColumnSpec(
            "hold_level",
            NUMBER,
            "unit of hold_objective",
            required=False,
            low=0,
            high=MAX_RS_CRORE,
            example=400,
            description="Level of hold_objective: GWh, GWh/yr of capacity, or USD million "
            "(domestic value added, incentive owed).",
        ),
        ColumnSpec(
            "time_limit_s",
            NUMBER,
            "s",
            required=False,
            low=0,
            low_open=True,
            high=MAX_TIME_LIMIT_S,
            example=300,
            description="Optional solver time limit; blank = none.",
        ),
    ),
)

DVA = SheetSpec(
    "DVA",
    keys=("performance_year",),
    consecutive_from_one="performance_year",
    description="Domestic value addition by year of a plant's incentive window (1 = first year); "
    "the incentive is the bid times this share.",
    columns=(PERFORMANCE_YEAR, DVA_SHARE),
)

PLANTS = SheetSpec(
    "Plants",
    keys=("plant_id",),
    description="Candidate cell plants, one per row; their incentive awards are on the Awards "
    "sheet.",
    columns=(
        ColumnSpec("plant_id", TEXT, example="P01", description="Short unique identifier."),
        ColumnSpec(
            "firm",
            TEXT,
            example="Ola Cell Technologies",
            description="Owner; the per-firm incentive cap applies to all its plants.",
        ),
        ColumnSpec(
            "state",
            TEXT,
            required=False,
            default="",
            example="Tamil Nadu",
            description="Indian state of the site (for reporting).",
        ),
        _ref(
            "chemistry", "Chemistries.chemistry", "Cell chemistry made by the plant.", example="LFP"
        ),
        ColumnSpec(
            "online_year",
            YEAR,
            "year",
            example=2026,
            description="First year the plant can produce; the first planning year for a plant "
            "with capacity on the Existing sheet (its age then counts from its oldest block).",
        ),
        ColumnSpec(
            "capex_musd_per_gwh",
            NUMBER,
            "USD M/GWh",
            low=0,
            high=1000,
            example=60,
            description="Capital cost per GWh/yr of capacity.",
        ),
        ColumnSpec(
            "bid_rs_per_kwh",
            NUMBER,
            "Rs/kWh",
            required=False,
            low=0,
            high=2000,
            example=1700,
            description="Older layout (one award per plant): the incentive bid. Use the "
            "Awards sheet instead.",
            legacy=True,
        ),
        ColumnSpec(
            "window_first_year",
            YEAR,
            "year",
            required=False,
            any_year=True,
            example=2025,
            description="Older layout: first year of the incentive window. Use the Awards "
            "sheet instead.",
            legacy=True,
        ),
        ColumnSpec(
            "window_last_year",
            YEAR,
            "year",
            required=False,
            any_year=True,
            example=2029,
            description="Older layout: last year of the incentive window. Use the Awards "
            "sheet instead.",
            legacy=True,
        ),
        ColumnSpec(
            "award_gwh",
            NUMBER,
            "GWh/yr",
            required=False,
            default=0.0,
            low=0,
            high=MAX_GWH,
            example=20,
            description="Older layout: awarded capacity (eligible GWh a year). Use the "
            "Awards sheet instead.",
            legacy=True,
        ),
        ColumnSpec(
            "capital_premium_share",
            NUMBER,
            "share",
            required=False,
            default=0.0,
            share=True,
            low=0,
            high=1,
            example=0,
            description="Share of capex above import parity (building in India costs more): "
            "the plant builds a block only if its incentive over the window covers this share "
            "of the block's capex. 0 = builds without support.",
        ),
        ColumnSpec(
            "operating_gap_usd_per_kwh",
            NUMBER,
            "USD/kWh",
            required=False,
            default=0.0,
            low=0,
            high=1000,
            example=0,
            description="Operating cost above import parity per kWh made: the plant makes "
            "cells in a year only as far as that year's incentive covers it. 0 = none.",
        ),
        ColumnSpec(
            "min_block_gwh",
            NUMBER,
            "GWh/yr",
            required=False,
            low=0,
            high=MAX_GWH,
            example=5,
            description="Smallest block of capacity the plant adds in a year: each year it "
            "adds nothing or at least this much (a whole production line). Blank or 0 = any "
            "amount. Applies to the blocks commitments and milestones make it build too.",
        ),
    ),
    retired=(
        (
            "viability_gap_usd_per_kwh",
            "the per-year viability gap is replaced by capital_premium_share (share of capex "
            "the incentive must cover, e.g. 0.25) and operating_gap_usd_per_kwh (0 unless "
            "running the plant costs more than importing cells); rename or replace the column",
        ),
    ),
)


EXISTING = SheetSpec(
    "Existing",
    keys=("plant_id", "installed_year"),
    required=False,
    description="Optional capacity installed before the first planning year, one row per plant "
    "and year installed; it ramps from its real age and counts in the Capacity running totals.",
    columns=(
        _ref("plant_id", "Plants.plant_id", "Plant, as on the Plants sheet.", example="P01"),
        ColumnSpec(
            "installed_year",
            YEAR,
            "year",
            any_year=True,
            example=2025,
            description="Year the block came online (its age 1); before the first planning year "
            "and not before the plant's online_year.",
        ),
        ColumnSpec(
            "installed_gwh",
            NUMBER,
            "GWh/yr",
            low=0,
            low_open=True,
            high=MAX_GWH,
            example=1,
            description="Capacity of the block (nameplate).",
        ),
    ),
)


def _plant_years(name: str, value: ColumnSpec, required: bool, description: str) -> SheetSpec:
    return SheetSpec(
        name,
        keys=("plant_id",),
        layout="years",
        required=required,
        description=description,
        columns=(
            _ref("plant_id", "Plants.plant_id", "Plant, as on the Plants sheet.", example="P01"),
        ),
        year_value=value,
    )


CAPACITY = _plant_years(
    "Capacity",
    ColumnSpec(
        "permitted_gwh",
        NUMBER,
        "GWh/yr",
        low=0,
        high=MAX_GWH,
        example=5,
        description="Cumulative capacity the plant may have installed by that year, a "
        "running total: never below an earlier year.",
    ),
    True,
    "Permitted capacity path (phase plan): one row per plant, one column per year.",
)

COMMITTED = _plant_years(
    "Committed",
    ColumnSpec(
        "committed_gwh",
        NUMBER,
        "GWh/yr",
        required=False,
        default=0.0,
        low=0,
        high=MAX_GWH,
        example=5,
        description="Cumulative capacity the plant must have by that year, a running "
        "total: never below an earlier year.",
    ),
    False,
    "Optional committed minimum capacity; blank cells mean no commitment.",
)

MIN_OUTPUT = _plant_years(
    "MinOutput",
    ColumnSpec(
        "min_output_gwh",
        NUMBER,
        "GWh",
        required=False,
        default=0.0,
        low=0,
        high=MAX_GWH,
        example=1,
        description="Output the plant must make that year (offtake).",
    ),
    False,
    "Optional minimum output per plant and year; may make the plan infeasible.",
)

RAMP = SheetSpec(
    "Ramp",
    keys=("age",),
    consecutive_from_one="age",
    description="Ramp-up by age of a capacity block, and scrap by age of the plant (1 = the first "
    "year of the block, or of the plant); the last row applies to all later years.",
    columns=(
        ColumnSpec(
            "age",
            INTEGER,
            "years",
            low=1,
            high=50,
            example=1,
            description="Years since the block (for ramp_factor) or the plant (for "
            "scrap_share) came online; 1 = its first year.",
        ),
        ColumnSpec(
            "ramp_factor",
            NUMBER,
            "share",
            share=True,
            low=0,
            high=1,
            example=0.3,
            description="Share of the block's capacity producible at that age.",
        ),
        ColumnSpec(
            "scrap_share",
            NUMBER,
            "share",
            share=True,
            low=0,
            high=1,
            example=0.15,
            description="Extra minerals lost as scrap per unit of output, by the plant's "
            "age (years since its online_year).",
        ),
    ),
)

CHEMISTRIES = SheetSpec(
    "Chemistries",
    keys=("chemistry",),
    description="Cell chemistries and their sales price (for the incentive's revenue cap).",
    columns=(
        ColumnSpec("chemistry", TEXT, example="LFP", description="Chemistry name."),
        ColumnSpec(
            "cell_price_usd_per_kwh",
            NUMBER,
            "USD/kWh",
            low=0,
            low_open=True,
            high=1000,
            example=60,
            description="Cell sales price.",
        ),
    ),
)

INTENSITY = SheetSpec(
    "Intensity",
    keys=("chemistry", "mineral"),
    description="Mineral content of cells: tonnes per GWh by chemistry and mineral; a missing "
    "pair means none.",
    columns=(
        _ref("chemistry", "Chemistries.chemistry", "Chemistry.", example="LFP"),
        _ref("mineral", "Minerals.mineral", "Mineral.", example="Lithium"),
        ColumnSpec(
            "t_per_gwh",
            NUMBER,
            "t/GWh",
            low=0,
            high=100000,
            example=487,
            description="Tonnes of the mineral per GWh of cells (= kg/kWh).",
        ),
    ),
)

MINERALS = SheetSpec(
    "Minerals",
    keys=("mineral",),
    description="Minerals tracked, and the most any one imported source may supply.",
    columns=(
        ColumnSpec("mineral", TEXT, example="Lithium", description="Mineral name."),
        ColumnSpec(
            "unit",
            TEXT,
            required=False,
            default="t",
            example="t LCE",
            description="What a tonne means (e.g. t LCE, t contained Ni).",
        ),
        ColumnSpec(
            "max_source_share",
            NUMBER,
            "share",
            required=False,
            default=1.0,
            share=True,
            low=0,
            high=1,
            example=1,
            description="Most of a year's use from any single imported source.",
        ),
    ),
)

SOURCE_KINDS = ("imported", "domestic", "recycled")

SUPPLY = SheetSpec(
    "Supply",
    keys=("source_id", "mineral"),
    layout="years",
    description="Mineral supply open to Indian cell makers: one row per source and mineral, "
    "tonnes available by year.",
    columns=(
        ColumnSpec("source_id", TEXT, example="S01", description="Source identifier."),
        ColumnSpec(
            "origin",
            TEXT,
            example="Australia",
            description="Country, or India (origin groups and licences match it).",
        ),
        ColumnSpec(
            "kind",
            TEXT,
            allowed=SOURCE_KINDS,
            example="imported",
            description="imported, domestic or recycled (only imports face the share limit).",
        ),
        _ref("mineral", "Minerals.mineral", "Mineral supplied.", example="Lithium"),
        ColumnSpec(
            "price_usd_per_t",
            NUMBER,
            "USD/t",
            low=0,
            high=1e7,
            example=15000,
            description="Delivered price.",
        ),
    ),
    year_value=ColumnSpec(
        "supply_t",
        NUMBER,
        "t",
        low=0,
        high=MAX_TONNES,
        example=12000,
        description="Tonnes available that year.",
    ),
)

DEMAND = SheetSpec(
    "Demand",
    keys=("year",),
    required=False,
    description="Optional cap on total cell output per year; a missing year means no cap.",
    columns=(
        ColumnSpec("year", YEAR, "year", example=2030, description="Planning year."),
        ColumnSpec(
            "demand_gwh",
            NUMBER,
            "GWh",
            low=0,
            high=MAX_GWH,
            example=127,
            description="Most cell output that year (all plants).",
        ),
    ),
)

SCENARIOS = SheetSpec(
    "Scenarios",
    keys=("scenario",),
    required=False,
    description="Optional named scenarios for `accplan batch`: each is the workbook with some "
    "overrides (after those of the scenario it inherits from); the planning sheets themselves "
    "are the base.",
    columns=(
        ColumnSpec(
            "scenario",
            TEXT,
            example="lithium_squeeze",
            description="Scenario name (not base, which is the workbook as it is).",
        ),
        _ref(
            "inherits",
            "Scenarios.scenario",
            "Scenario whose overrides apply first; blank = the base workbook.",
            required=False,
            example="lithium_squeeze",
        ),
        ColumnSpec(
            "overrides",
            TEXT,
            example="--set Supply[source_id=S01, mineral=Lithium]=0",
            description="Overrides, separated by semicolons, written as on the command line: "
            "--set TARGET=VALUE or --scale TARGET=FACTOR.",
        ),
        ColumnSpec(
            "description",
            TEXT,
            required=False,
            default="",
            example="No Australian lithium reaches Indian cell makers.",
            description="What the scenario means, for people (copied to the results).",
        ),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (
    SETTINGS,
    DVA,
    PLANTS,
    *AWARD_SHEETS,
    EXISTING,
    CAPACITY,
    COMMITTED,
    MIN_OUTPUT,
    RAMP,
    CHEMISTRIES,
    INTENSITY,
    MINERALS,
    SUPPLY,
    DEMAND,
    SCENARIOS,
    *CHAIN_SHEETS,
)
"""Every input sheet, in workbook order."""

SHEET_BY_NAME = {s.name: s for s in SHEETS}
SHEET_NAMES = tuple(s.name for s in SHEETS)


def sheet(name: str) -> SheetSpec:
    """The spec of input sheet ``name``."""
    return SHEET_BY_NAME[name]
