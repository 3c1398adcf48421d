"""The one declaration of the plan workbook that ``accplan solve`` writes and ``compare`` reads.

Every tabular sheet of a plan has its header in row 1 and one record per row below it; rows are
identified by their key columns, never by position. Headers are ``OutColumn.header`` (name plus
unit), so a reviewer sees units and a program can map headers back to names.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAN_FORMAT = "accplan-plan/1"
"""Written in the Summary run block; compare refuses plans of another major format."""

SUMMARY_SHEET = "Summary"
INPUT_SHEET_PREFIX = "In "
"""Input tables are copied cell for cell to sheets named prefix + input sheet name."""

# Labels of the run block on the Summary sheet: label in column A, value in column B.
RUN_LABELS = {
    "format": "Plan format",
    "accplan": "accplan version",
    "pyomo": "Pyomo version",
    "highs": "HiGHS version",
    "input_file": "Input file",
    "input_sha256": "Input SHA-256",
    "scenario": "Scenario",
    "overrides": "Overrides",
    "status": "Status",
    "solve_seconds": "Solve time (s)",
    "run_time": "Run time (UTC)",
}


@dataclass(frozen=True)
class OutColumn:
    """One column of a plan table."""

    name: str
    unit: str = ""
    number_format: str = "General"
    description: str = ""
    derived: bool = False
    """Text that restates the row's numbers (a sentence): compare judges the numbers, not it."""

    @property
    def header(self) -> str:
        """The column's header with its unit, e.g. ``output (GWh)``."""
        return f"{self.name} ({self.unit})" if self.unit else self.name


@dataclass(frozen=True)
class OutTable:
    """One tabular sheet of a plan."""

    sheet: str
    keys: tuple[str, ...]
    columns: tuple[OutColumn, ...]
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Column names, in sheet order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> OutColumn:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)

    @property
    def derived(self) -> frozenset[str]:
        """Names of the columns that restate others (left out of comparisons)."""
        return frozenset(c.name for c in self.columns if c.derived)

    def header_to_name(self) -> dict[str, str]:
        """Header text → column name (for reading a plan back)."""
        return {c.header: c.name for c in self.columns}


GWH = "0.000"
MONEY = "#,##0.00"
TONNES = "#,##0.0"
SHARE = "0.0%"

PLANTS = OutTable(
    "Plants",
    keys=("plant_id", "year"),
    columns=(
        OutColumn("plant_id", description="Plant identifier, as in the input Plants sheet"),
        OutColumn("year", number_format="0"),
        OutColumn("firm"),
        OutColumn("chemistry"),
        OutColumn("capacity_added", "GWh/yr", GWH, "Capacity brought up in this year"),
        OutColumn(
            "capacity", "GWh/yr", GWH, "Cumulative installed capacity, existing capacity included"
        ),
        OutColumn("output", "GWh", GWH, "Cells made"),
        OutColumn("eligible_output", "GWh", GWH, "Output the scheme counts for the plant's awards"),
        OutColumn("incentive", "USD million", MONEY, "Incentive owed and paid, after penalties"),
        OutColumn("incentive_rs", "Rs crore", MONEY, "Incentive owed and paid, after penalties"),
        OutColumn("utilisation", "share", SHARE, "Output / installed capacity"),
        OutColumn(
            "claimable",
            "USD million",
            MONEY,
            "Incentive earned on this output before penalties and ceilings: rate × eligible "
            "output of each award",
        ),
        OutColumn(
            "mineral_shortfall",
            description="When a short mineral holds output below what the plant's capacity "
            "could make: the mineral, and the plants rationed alike (their split is the "
            "solver's choice, not a ranking); blank otherwise",
            derived=True,
        ),
    ),
    description="Capacity, output and incentive per plant and year.",
)

FLOWS = OutTable(
    "Minerals",
    keys=("source_id", "mineral", "plant_id", "year"),
    columns=(
        OutColumn("source_id"),
        OutColumn("origin"),
        OutColumn("mineral"),
        OutColumn("plant_id"),
        OutColumn("year", number_format="0"),
        OutColumn("flow", "t", TONNES, "Mineral delivered from the source to the plant"),
        OutColumn(
            "prepaid",
            "t",
            TONNES,
            "Part of the flow that is take-or-pay tonnes (the source's used offtake, pro rata "
            "over its deliveries that year), paid on the Offtake sheet",
        ),
        OutColumn(
            "cost",
            "USD million",
            MONEY,
            "Bought at the source's price: (flow − prepaid) × price",
        ),
        OutColumn(
            "unit",
            description="What a tonne of this mineral means (Minerals sheet), "
            "e.g. t LCE for lithium",
        ),
    ),
    description="Every mineral flow from a source to a plant in a year.",
)

MINERAL_TOTALS = OutTable(
    "Mineral totals",
    keys=("mineral", "origin", "year"),
    columns=(
        OutColumn("mineral"),
        OutColumn("origin"),
        OutColumn("year", number_format="0"),
        OutColumn("imported", description="yes if the origin's sources are imports"),
        OutColumn("flow", "t", TONNES),
        OutColumn(
            "cost",
            "USD million",
            MONEY,
            "Flows bought at market price, plus take-or-pay payments to the origin's sources "
            "(due whether the tonnes are used or not)",
        ),
        OutColumn("supply", "t", TONNES, "Tonnes the origin's sources could deliver that year"),
        OutColumn("used", "share", SHARE, "flow / supply"),
        OutColumn("unit", description="What a tonne of this mineral means (Minerals sheet)"),
    ),
    description="Mineral use by mineral, origin and year.",
)

YEARS = OutTable(
    "Years",
    keys=("year",),
    columns=(
        OutColumn("year", number_format="0"),
        OutColumn("output", "GWh", GWH),
        OutColumn("incentive", "USD million", MONEY, "Incentive owed, after penalties"),
        OutColumn("incentive_rs", "Rs crore", MONEY, "Incentive owed, after penalties"),
        OutColumn(
            "import_bill",
            "USD million",
            MONEY,
            "Purchases from imported sources: tonnes bought at market price and take-or-pay "
            "payments",
        ),
        OutColumn(
            "mineral_cost",
            "USD million",
            MONEY,
            "Purchases from all sources (market tonnes, route feed and its processing, "
            "take-or-pay payments)",
        ),
    ),
    description="Totals by year.",
)

MARGINAL = OutTable(
    "Marginal values",
    keys=("constraint", "index"),
    columns=(
        OutColumn("constraint", description="Name of the limit in the formulation"),
        OutColumn(
            "index", description="Which plant/source/mineral/year, e.g. 'S04, lithium, 2029'"
        ),
        OutColumn(
            "value",
            "GWh",
            "#,##0.0000;-#,##0.0000",
            "Change in total output when the limit rises by one block ('per'); for a rise, "
            "re-solved where the solver's dual holds only for a cut",
        ),
        OutColumn("per", description="The block of the limit: Rs 100 crore, 1,000 t, GWh/yr"),
        OutColumn("now", number_format="#,##0.##", description="The limit's value now"),
        OutColumn(
            "valid_from", number_format="#,##0.##", description="Lowest value where 'value' holds"
        ),
        OutColumn(
            "valid_to",
            number_format="#,##0.##",
            description="Highest value where 'value' holds; blank: any rise",
        ),
        OutColumn("limit_unit", description="Unit of now, valid_from and valid_to"),
        OutColumn("output_from", "GWh", "#,##0.00", "Total output with the limit at valid_from"),
        OutColumn("output_to", "GWh", "#,##0.00", "Total output with the limit at valid_to"),
        OutColumn(
            "meaning", description="The value and its range in plain sentences", derived=True
        ),
    ),
    description="Every binding limit an input can move: what one more block of it buys, and "
    "the range of the limit over which that holds.",
)

GROUP_SHARES = OutTable(
    "Origin groups",
    keys=("group", "mineral", "year"),
    columns=(
        OutColumn("group", description="Origin group (input Groups sheet)"),
        OutColumn("mineral"),
        OutColumn("year", number_format="0"),
        OutColumn("flow", "t", TONNES, "Tonnes of the form delivered by the group's suppliers"),
        OutColumn("use", "t", TONNES, "Tonnes of the form used that year, all suppliers"),
        OutColumn("share", "share", SHARE, "flow / use"),
        OutColumn("max_share", "share", SHARE, "Cap on the group's share (blank: none)"),
        OutColumn("min_share", "share", SHARE, "Floor on the group's share (blank: none)"),
    ),
    description="Each origin group's part of each form's use per year.",
)

OFFTAKE = OutTable(
    "Offtake",
    keys=("source_id", "mineral", "year"),
    columns=(
        OutColumn("source_id"),
        OutColumn("origin"),
        OutColumn("mineral"),
        OutColumn("year", number_format="0"),
        OutColumn("committed", "t", TONNES, "Take-or-pay tonnes"),
        OutColumn("used", "t", TONNES, "Committed tonnes delivered to plants or routes"),
        OutColumn("unused", "t", TONNES, "Committed tonnes paid for but not used"),
        OutColumn("agreed_price", "USD/t", MONEY, "Price per committed tonne"),
        OutColumn("paid", "USD million", MONEY, "agreed price × committed, due whatever the plan"),
        OutColumn(
            "price_per_used_t",
            "USD/t",
            MONEY,
            "paid / used: what each tonne used cost (blank: none used)",
        ),
        OutColumn("market_price", "USD/t", MONEY, "The source's Supply price"),
        OutColumn(
            "replacement_price",
            "USD/t",
            MONEY,
            "Average price of the market tonnes the used tonnes would otherwise be bought as: "
            "the cheapest supply of the form left unbought that year, the source's own included",
        ),
        OutColumn("market_value", "USD million", MONEY, "used × replacement price"),
        OutColumn("unused_cost", "USD million", MONEY, "agreed price × unused: paid for nothing"),
        OutColumn(
            "commitment_cost",
            "USD million",
            MONEY,
            "What the commitment costs versus buying at market: paid − market value",
        ),
    ),
    description="Take-or-pay offtake: tonnes used and unused, and what the commitment costs.",
)

PROCESSING = OutTable(
    "Processing",
    keys=("route_id", "year"),
    columns=(
        OutColumn("route_id"),
        OutColumn("feed"),
        OutColumn("product"),
        OutColumn("location"),
        OutColumn("year", number_format="0"),
        OutColumn("feed_t", "t", TONNES, "Feed processed"),
        OutColumn("product_t", "t", TONNES, "Product delivered to plants"),
        OutColumn("capacity", "t/yr", TONNES, "Tonnes of feed the route may process"),
        OutColumn("utilisation", "share", SHARE, "feed / capacity"),
        OutColumn(
            "capacity_value",
            "GWh per 1,000 t/yr",
            "0.000",
            "Output that 1,000 t/yr more capacity would buy (marginal value × 1,000)",
        ),
        OutColumn(
            "product_value",
            "GWh per 1,000 t",
            "0.000",
            "Output that 1,000 t more of the product from this route would buy",
        ),
    ),
    description="Processing throughput by route (location) and year.",
)

RECYCLING = OutTable(
    "Recycling",
    keys=("recycler_id", "mineral", "year"),
    columns=(
        OutColumn("recycler_id"),
        OutColumn("mineral"),
        OutColumn("year", number_format="0"),
        OutColumn("feed_t", "t", TONNES, "Scrap and end-of-life mineral taken in"),
        OutColumn("recovered_t", "t", TONNES, "Mineral returned to plants"),
        OutColumn("capacity", "t/yr", TONNES, "Recycler's capacity, all minerals"),
        OutColumn(
            "capacity_value",
            "GWh per 1,000 t/yr",
            "0.000",
            "Output that 1,000 t/yr more recycling capacity would buy",
        ),
    ),
    description="Recycling returns by recycler, mineral and year.",
)

MAGNETS = OutTable(
    "Magnets",
    keys=("mineral", "origin", "year"),
    columns=(
        OutColumn("mineral", description="Rare-earth form (input Magnets sheet)"),
        OutColumn("origin"),
        OutColumn("year", number_format="0"),
        OutColumn("flow", "t", TONNES, "Tonnes of the form from the origin to magnet makers"),
        OutColumn("cost", "USD million", MONEY, "flow × the sources' Supply prices"),
        OutColumn("share", "share", SHARE, "flow / required"),
        OutColumn("required", "t", TONNES, "What magnet makers need that year, all origins"),
        OutColumn("supply", "t", TONNES, "Tonnes the origin's sources could deliver that year"),
    ),
    description="Rare earths for India's magnet makers by origin and year: bought from the "
    "same sources as cell minerals, never cell output (not in the Minerals, Mineral totals or "
    "Years sheets).",
)

MINERAL_VALUES = OutTable(
    "Mineral values",
    keys=("mineral", "origin", "year"),
    columns=(
        OutColumn("mineral"),
        OutColumn("origin"),
        OutColumn("year", number_format="0"),
        OutColumn(
            "supply_value",
            "GWh per 1,000 t",
            "0.000",
            "Output that 1,000 t more from the origin's best source would buy",
        ),
        OutColumn(
            "licence_value",
            "GWh per 1,000 t",
            "0.000",
            "Output that 1,000 t more under the origin's export licence would buy",
        ),
    ),
    description="Marginal value of more of each form from each origin, per 1,000 t.",
)

RS_RATE = "#,##0.00"
USD_RATE = "0.0000"
RS_CRORE = MONEY

AWARDS = OutTable(
    "Awards",
    keys=("award_id", "year"),
    columns=(
        OutColumn("award_id", description="Programme agreement (or candidate bid)"),
        OutColumn("year", number_format="0"),
        OutColumn("plant_id", description="Plant whose output earns the award"),
        OutColumn("firm", description="Firm of the beneficiary (per-firm cap)"),
        OutColumn("status", description="awarded (an agreement signed) or candidate"),
        OutColumn(
            "claim_order",
            number_format="0",
            description="Order in which the plant's output is counted against its awards (1 first)",
        ),
        OutColumn(
            "award",
            "GWh/yr",
            GWH,
            "Awarded capacity; a candidate: the award the plan gives it (0 = not funded)",
        ),
        OutColumn("plant_output", "GWh", GWH, "Cells made by the plant, all its awards together"),
        OutColumn(
            "eligible",
            "GWh",
            GWH,
            "Output counted against this award: the plant's output less what its earlier "
            "awards count, up to this award's size",
        ),
        OutColumn("bid_rs", "Rs/kWh", RS_RATE, "The award's bid (incentive per kWh at 100 % DVA)"),
        OutColumn("dva", "share", SHARE, "DVA committed for the year (0 outside the window)"),
        OutColumn("bid_x_dva_rs", "Rs/kWh", RS_RATE, "bid × DVA, before the revenue cap"),
        OutColumn(
            "rate_rs",
            "Rs/kWh",
            RS_RATE,
            "Incentive per kWh: min(bid × DVA, revenue cap share × cell price × FX); 0 "
            "outside the award's window",
        ),
        OutColumn("rate", "USD/kWh", USD_RATE, "rate_rs / FX"),
        OutColumn(
            "earned_rs", "Rs crore", RS_CRORE, "rate × eligible: owed before penalties and ceiling"
        ),
        OutColumn(
            "earned", "USD million", MONEY, "rate × eligible: owed before penalties and ceiling"
        ),
        OutColumn(
            "penalties_due_rs",
            "Rs crore",
            RS_CRORE,
            "Delay penalties due by the end of the year, in all (accrued before the horizon "
            "included)",
        ),
        OutColumn(
            "penalty_deducted_rs",
            "Rs crore",
            RS_CRORE,
            "Penalties deducted from this year's incentive (as soon as they are due, up to "
            "what the year earns)",
        ),
        OutColumn(
            "paid_rs",
            "Rs crore",
            RS_CRORE,
            "What the scheme owes, after penalties, and the budget pays: earned less penalties "
            "deducted, within the outlay ceiling",
        ),
        OutColumn("paid", "USD million", MONEY, "paid_rs in USD million"),
        OutColumn("ceiling_rs", "Rs crore", RS_CRORE, "The award's outlay ceiling; blank: none"),
        OutColumn(
            "ceiling_left_rs", "Rs crore", RS_CRORE, "Ceiling less paid to date; blank: none"
        ),
        OutColumn(
            "security_rs",
            "Rs crore",
            RS_CRORE,
            "The award's performance security (delay penalties never exceed it); blank: none",
        ),
        OutColumn(
            "penalty_from_security_rs",
            "Rs crore",
            RS_CRORE,
            "In the year the window closes (the first year if it closed before): penalties due "
            "and not deducted from incentives, taken from the performance security (at most "
            "the security), not from the budget",
        ),
        OutColumn(
            "penalty_beyond_security_rs",
            "Rs crore",
            RS_CRORE,
            "Penalties left undeducted beyond the security: not recovered from it",
        ),
    ),
    description="What the scheme owes each award, year by year.",
)

CANDIDATES = OutTable(
    "Candidates",
    keys=("award_id",),
    columns=(
        OutColumn("award_id", description="Candidate award (a bid for unawarded capacity)"),
        OutColumn("plant_id"),
        OutColumn("firm"),
        OutColumn("min_award", "GWh/yr", GWH, "Smallest award it would accept (or 0)"),
        OutColumn("max_award", "GWh/yr", GWH, "Largest award it would accept"),
        OutColumn("award", "GWh/yr", GWH, "Award the plan gives it (0 = not funded)"),
        OutColumn("eligible", "GWh", GWH, "Eligible output over the horizon"),
        OutColumn("earned_rs", "Rs crore", RS_CRORE, "rate × eligible over the horizon"),
        OutColumn("paid_rs", "Rs crore", RS_CRORE, "Owed and paid over the horizon"),
        OutColumn(
            "gwh_per_100_crore",
            "GWh per Rs 100 crore",
            "0.000",
            "Eligible output Rs 100 crore pays for at its rates (1,000 / rate in Rs/kWh, "
            "weighted by its eligible output, or by year if not funded)",
        ),
        OutColumn(
            "step_award",
            "GWh/yr",
            GWH,
            "Its award if the budget were Rs 100 crore more (awards decided again); blank: "
            "not computed",
        ),
    ),
    description="Candidate awards: which the plan funds, with how much, and what each buys.",
)

CHAIN_TABLES: tuple[OutTable, ...] = (
    GROUP_SHARES,
    OFFTAKE,
    PROCESSING,
    RECYCLING,
    MAGNETS,
    MINERAL_VALUES,
)
"""The supply-chain tables (empty but for their header when a workbook has no such data)."""

TABLES: tuple[OutTable, ...] = (
    YEARS,
    PLANTS,
    AWARDS,
    CANDIDATES,
    FLOWS,
    MINERAL_TOTALS,
    *CHAIN_TABLES,
    MARGINAL,
)
"""The tabular sheets of a plan, in workbook order after Summary."""

CHARTS_SHEET = "Charts"
"""Native Excel charts and the small pivot tables they draw from; after the tables."""

RUN_TIME_KEY = "run_time"
"""The one run-block cell that differs between two runs of the same input (clock time and timings);
``solve_seconds`` points to it so that every other cell of a plan is reproducible."""

SUMMARY_LABELS = {
    "total_output": "Total output, all years (GWh)",
    "incentive_rs": "Incentive owed (Rs crore)",
    "budget_rs": "Incentive budget (Rs crore)",
    "budget_used": "Owed, share of the budget",
    "budget_left_rs": "Budget not owed (Rs crore)",
    "incentive_musd": "Incentive owed (USD million)",
    "budget_musd": "Incentive budget (USD million)",
    "claimable_musd": "Earned before penalties and ceilings (USD million)",
    "budget_value_gwh": "Rs 100 crore more, awards held (GWh)",
    "budget_step_gwh": "Rs 100 crore more, awards decided again (GWh)",
    "import_bill": "Mineral import bill (USD million)",
    "mineral_cost": "Mineral purchases, all sources (USD million)",
    "capex": "Capital cost of capacity added (USD million)",
    "fx": "Exchange rate (Rs/USD)",
    "binding": "Binding limits (count)",
}
"""Headline lines at the top of the Summary sheet: label in column A, value in column B."""
