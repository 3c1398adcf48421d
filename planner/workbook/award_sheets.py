"""The scheme's awards: one row per programme agreement (or candidate bid), and optional
committed DVA paths per award. Part of :data:`planner.workbook.schema.SHEETS`.

A plant may hold several awards (Reliance: 5 GWh of round 1 and 10 GWh of round 2, two legal
entities with their own windows). Older workbooks that give one award per plant on the Plants
sheet are still read (:mod:`planner.workbook.award_legacy`).
"""

from __future__ import annotations

from dataclasses import replace

from planner.workbook.spec import (
    INTEGER,
    MAX_GWH,
    MAX_RS_CRORE,
    NUMBER,
    TEXT,
    YEAR,
    ColumnSpec,
    SheetSpec,
    ref,
)

PERFORMANCE_YEAR = ColumnSpec(
    "performance_year",
    INTEGER,
    "year of window",
    low=1,
    high=30,
    example=1,
    description="1 for the first year of the incentive window, 2 for the second, …",
)
"""A year of an incentive window, counted from 1 (the DVA and AwardDVA sheets)."""

DVA_SHARE = ColumnSpec(
    "dva_share",
    NUMBER,
    "share",
    share=True,
    low=0,
    high=1,
    example=0.25,
    description="Domestic value addition reached in that performance year.",
)
"""Domestic value addition in a performance year (the DVA and AwardDVA sheets)."""

AWARDED, CANDIDATE = "awarded", "candidate"
STATUSES = (AWARDED, CANDIDATE)
"""Awards.status: an agreement already signed, or a bid the plan may fund from what is left."""

DAILY_PENALTY_SHARE = 0.001
"""The scheme's delay penalty: 0.1 % of the performance security per day of delay."""

AWARDS = SheetSpec(
    "Awards",
    keys=("award_id",),
    required=False,
    description="The scheme's programme agreements, one row per award (a plant may hold "
    "several), and candidate bids for the capacity not yet awarded. Each award earns bid × its "
    "DVA on the eligible output of its plant in its window, up to its awarded GWh a year.",
    columns=(
        ColumnSpec("award_id", TEXT, example="R1-OLA", description="Short unique identifier."),
        ColumnSpec(
            "entity",
            TEXT,
            required=False,
            default="",
            example="Ola Cell Technologies",
            description="Beneficiary (legal entity that signed), for reporting.",
        ),
        ColumnSpec(
            "firm",
            TEXT,
            example="Ola Electric",
            description="Firm for the per-firm cap: the awards of one firm add up to at most "
            "Settings firm_cap_gwh.",
        ),
        ref("plant_id", "Plants.plant_id", "Plant whose output earns the award.", example="P01"),
        ColumnSpec(
            "status",
            TEXT,
            required=False,
            default=AWARDED,
            allowed=STATUSES,
            example=AWARDED,
            description="awarded (an agreement signed) or candidate (a bid the plan may fund "
            "from the scheme capacity and budget left); blank = awarded.",
        ),
        ColumnSpec(
            "award_gwh",
            NUMBER,
            "GWh/yr",
            low=0,
            low_open=True,
            high=MAX_GWH,
            example=20,
            description="Awarded capacity (eligible GWh a year); for a candidate, the largest "
            "award it would accept.",
        ),
        ColumnSpec(
            "min_award_gwh",
            NUMBER,
            "GWh/yr",
            required=False,
            low=0,
            high=MAX_GWH,
            example=5,
            description="Candidates only: the smallest award it would accept (the scheme's "
            "minimum is 5 GWh); it gets 0 or a size from this to award_gwh. Blank = any size.",
        ),
        ColumnSpec(
            "bid_rs_per_kwh",
            NUMBER,
            "Rs/kWh",
            low=0,
            high=2000,
            example=1700,
            description="Bid: incentive per kWh at 100 % DVA (benchmark Rs 2,000/kWh).",
        ),
        ColumnSpec(
            "window_first_year",
            YEAR,
            "year",
            any_year=True,
            example=2025,
            description="First year of the award's incentive window (performance period).",
        ),
        ColumnSpec(
            "window_last_year",
            YEAR,
            "year",
            any_year=True,
            example=2029,
            description="Last year of the window; it may lie after the horizon.",
        ),
        ColumnSpec(
            "claim_order",
            INTEGER,
            "rank",
            required=False,
            low=1,
            high=100,
            example=1,
            description="Where a plant holds several awards, its output counts against them in "
            "this order (1 first: the earliest signed). Blank = by window_first_year.",
        ),
        ColumnSpec(
            "outlay_ceiling_rs_crore",
            NUMBER,
            "Rs crore",
            required=False,
            low=0,
            high=MAX_RS_CRORE,
            example=7240,
            description="Most the award may ever be paid (e.g. Rs 3,620 crore for 10 GWh in "
            "round 2); blank = none.",
        ),
        ColumnSpec(
            "performance_security_rs_crore",
            NUMBER,
            "Rs crore",
            required=False,
            low=0,
            high=MAX_RS_CRORE,
            example=125,
            description="Performance security; delay penalties are a share of it per day and "
            "never exceed it. Blank = no penalties.",
        ),
        ColumnSpec(
            "penalty_share_per_day",
            NUMBER,
            "share/day",
            required=False,
            default=DAILY_PENALTY_SHARE,
            share=True,
            low=0,
            high=1,
            example=0.001,
            description="Penalty per day of delay as a share of the security; blank = the "
            "scheme's 0.001 (0.1 %).",
        ),
        ColumnSpec(
            "penalty_from_year",
            YEAR,
            "year",
            required=False,
            any_year=True,
            example=2025,
            description="First year a delay is penalised (the milestone date); needs a "
            "performance security. Blank = no penalties.",
        ),
        ColumnSpec(
            "milestone_gwh",
            NUMBER,
            "GWh/yr",
            required=False,
            low=0,
            low_open=True,
            high=MAX_GWH,
            example=5,
            description="Installed capacity of the plant that ends the delay; blank = "
            "award_gwh. The plant is delayed in a year when its permitted capacity is short "
            "of it (the awardee builds towards it as fast as permitted).",
        ),
        ColumnSpec(
            "penalty_accrued_rs_crore",
            NUMBER,
            "Rs crore",
            required=False,
            low=0,
            high=MAX_RS_CRORE,
            example=45.6,
            description="Penalty accrued before the first planning year and not yet recovered, "
            "neither deducted nor paid on demand (deducted from the award's first incentives); "
            "blank = 0.",
        ),
    ),
)

AWARD_DVA = SheetSpec(
    "AwardDVA",
    keys=("award_id", "performance_year"),
    required=False,
    consecutive_from_one="performance_year",
    description="Optional committed DVA path of an award, by year of its window; an award "
    "without rows here follows the DVA sheet.",
    columns=(
        ref("award_id", "Awards.award_id", "Award, as on the Awards sheet.", example="R2-RIL"),
        replace(
            PERFORMANCE_YEAR,
            description="1 for the first year of the award's window, 2 for the second, …",
        ),
        replace(
            DVA_SHARE,
            description="DVA the award commits to in that performance year (never falling).",
        ),
    ),
)

AWARD_SHEETS = (AWARDS, AWARD_DVA)
