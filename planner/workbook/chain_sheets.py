"""The optional supply-chain sheets of the input workbook: origin groups and their share limits,
take-or-pay offtake, processing routes, export licences, recycling and rare earths for magnets.

A workbook without any of them plans as a one-stage mass balance: every source delivers a
usable form straight to plants. Part of :data:`planner.workbook.schema.SHEETS`.
"""

from __future__ import annotations

from planner.workbook.spec import MAX_TONNES, NUMBER, TEXT, ColumnSpec, SheetSpec, ref


def optional_tonnes(name: str, unit: str, example: float, description: str) -> ColumnSpec:
    """A sheet's year column of tonnes that may be left blank (read as 0 t): offtake, route and
    recycler capacities, end-of-life collection, magnet demand."""
    return ColumnSpec(
        name,
        NUMBER,
        unit,
        required=False,
        default=0.0,
        low=0,
        high=MAX_TONNES,
        example=example,
        description=description,
    )


LIMITS = ("max", "min")
"""GroupShares.limit: a cap (``max``) or a floor (``min``) on the group's share."""

GROUPS = SheetSpec(
    "Groups",
    keys=("group", "country"),
    required=False,
    description="Optional origin groups: each row puts one country in a named group (e.g. "
    "partners: Canada). A source belongs to the groups of its origin (Supply), a processing "
    "route to those of its location (Processing).",
    columns=(
        ColumnSpec("group", TEXT, example="partners", description="Group name."),
        ColumnSpec(
            "country",
            TEXT,
            example="Canada",
            description="A country in the group, written as in Supply.origin or "
            "Processing.location.",
        ),
    ),
)

GROUP_SHARES = SheetSpec(
    "GroupShares",
    keys=("group", "mineral", "limit"),
    layout="years",
    required=False,
    description="Optional caps (max) and floors (min) on a group's share of each year's use of "
    "a mineral or form, counted over all suppliers; a blank cell means no limit that year.",
    columns=(
        ref("group", "Groups.group", "Group, as on the Groups sheet.", example="China"),
        ref("mineral", "Minerals.mineral", "Mineral or form limited.", example="Graphite"),
        ColumnSpec(
            "limit",
            TEXT,
            allowed=LIMITS,
            example="max",
            description="max: at most this share from the group; min: at least this share.",
        ),
    ),
    year_value=ColumnSpec(
        "share",
        NUMBER,
        "share",
        required=False,
        share=True,
        low=0,
        high=1,
        example=0.4,
        description="Share of that year's use of the mineral from the group's suppliers.",
    ),
)

OFFTAKE = SheetSpec(
    "Offtake",
    keys=("source_id", "mineral"),
    layout="years",
    required=False,
    description="Optional take-or-pay offtake agreements: tonnes of a source's mineral paid "
    "for at the agreed price each year whether used or not.",
    columns=(
        ref("source_id", "Supply.source_id", "Source, as on the Supply sheet.", example="S04"),
        ref("mineral", "Minerals.mineral", "Mineral the source offers.", example="Lithium"),
        ColumnSpec(
            "agreed_price_usd_per_t",
            NUMBER,
            "USD/t",
            low=0,
            high=1e7,
            example=16000,
            description="Price paid per committed tonne.",
        ),
    ),
    year_value=optional_tonnes(
        "offtake_t", "t", 3000, "Tonnes committed that year (within the source's supply)."
    ),
)

PROCESSING = SheetSpec(
    "Processing",
    keys=("route_id",),
    layout="years",
    required=False,
    description="Optional processing routes: a feed form bought from sources (e.g. spodumene "
    "concentrate) turned into a product form plants use (e.g. lithium chemical) at a "
    "location, with a yield and a capacity by year (tonnes of feed).",
    columns=(
        ColumnSpec(
            "route_id",
            TEXT,
            example="R01",
            description="Route identifier (not also a source or recycler id).",
        ),
        ref("feed", "Minerals.mineral", "Form taken in, offered on Supply.", example="Spodumene"),
        ref("product", "Minerals.mineral", "Form made, used by cells.", example="Lithium"),
        ColumnSpec(
            "location",
            TEXT,
            example="India",
            description="Country where it processes: the product's origin.",
        ),
        ColumnSpec(
            "yield_t_per_t",
            NUMBER,
            "t/t",
            share=True,
            low=0,
            low_open=True,
            high=1,
            example=0.133,
            description="Tonnes of product per tonne of feed.",
        ),
        ColumnSpec(
            "cost_usd_per_t",
            NUMBER,
            "USD/t",
            required=False,
            default=0.0,
            default_changes_plan=True,  # blank = free: the plan would favour it
            low=0,
            high=1e7,
            example=900,
            description="Processing cost per tonne of feed.",
        ),
    ),
    year_value=optional_tonnes(
        "capacity_t", "t/yr", 20000, "Tonnes of feed the route can process that year."
    ),
)

LICENCES = SheetSpec(
    "Licences",
    keys=("origin", "mineral"),
    layout="years",
    required=False,
    description="Optional export licences: the most tonnes of a form leaving a country for "
    "India each year, whichever source ships it; a blank cell means no limit.",
    columns=(
        ColumnSpec("origin", TEXT, example="China", description="Exporting country."),
        ref("mineral", "Minerals.mineral", "Form licensed.", example="Graphite"),
    ),
    year_value=ColumnSpec(
        "licence_t",
        NUMBER,
        "t",
        required=False,
        low=0,
        high=MAX_TONNES,
        example=40000,
        description="Tonnes licensed that year.",
    ),
)

RECYCLING = SheetSpec(
    "Recycling",
    keys=("recycler_id",),
    layout="years",
    required=False,
    description="Optional domestic recyclers: they take plant scrap and end-of-life batteries "
    "and return the minerals they recover (Recovery sheet) to plants.",
    columns=(
        ColumnSpec(
            "recycler_id",
            TEXT,
            example="Y01",
            description="Recycler identifier (not also a source or route id).",
        ),
        ColumnSpec(
            "cost_usd_per_t",
            NUMBER,
            "USD/t",
            required=False,
            default=0.0,
            default_changes_plan=True,  # blank = free: the plan would favour it
            low=0,
            high=1e7,
            example=2000,
            description="Cost per tonne of contained mineral taken in.",
        ),
    ),
    year_value=optional_tonnes(
        "capacity_t",
        "t/yr",
        5000,
        "Tonnes of contained mineral (all minerals) it can take that year.",
    ),
)

RECOVERY = SheetSpec(
    "Recovery",
    keys=("recycler_id", "mineral"),
    required=False,
    description="Recovery yields of each recycler by mineral; a recycler returns only the "
    "minerals listed here.",
    columns=(
        ref("recycler_id", "Recycling.recycler_id", "Recycler.", example="Y01"),
        ref("mineral", "Minerals.mineral", "Mineral recovered.", example="Lithium"),
        ColumnSpec(
            "recovery_share",
            NUMBER,
            "share",
            share=True,
            low=0,
            high=1,
            example=0.9,
            description="Share of the mineral taken in that is recovered.",
        ),
    ),
)

END_OF_LIFE = SheetSpec(
    "EndOfLife",
    keys=("mineral",),
    layout="years",
    required=False,
    description="Optional end-of-life batteries collected in India for recycling, tonnes of "
    "contained mineral by year (plant scrap is counted by the model).",
    columns=(ref("mineral", "Minerals.mineral", "Mineral contained.", example="Lithium"),),
    year_value=optional_tonnes("end_of_life_t", "t", 2000, "Tonnes collected that year."),
)

MAGNETS = SheetSpec(
    "Magnets",
    keys=("mineral",),
    layout="years",
    required=False,
    description="Optional rare earths for India's magnet makers (the 2025 rare-earth "
    "permanent-magnet scheme, 6,000 t/yr of sintered NdFeB), tonnes of a form by year: met "
    "from the Supply rows of that form, counted in its origins' shares and licences, and "
    "reported on the plan's Magnets sheet, never as cell output.",
    columns=(ref("mineral", "Minerals.mineral", "Rare-earth form needed.", example="NdPr"),),
    year_value=optional_tonnes(
        "magnet_t", "t", 1860, "Tonnes magnet makers need that year (magnets × rare-earth content)."
    ),
)

CHAIN_SHEETS: tuple[SheetSpec, ...] = (
    GROUPS,
    GROUP_SHARES,
    OFFTAKE,
    PROCESSING,
    LICENCES,
    RECYCLING,
    RECOVERY,
    END_OF_LIFE,
    MAGNETS,
)
"""The supply-chain sheets, in workbook order (after Demand)."""
