"""What :mod:`models.assembly` covers: the predicate that refuses the rest.

The assembly writes the families of the capacity, minerals-from-sources and scheme sections of
models/FORMULATION.md (minimum build blocks, existing capacity, commitments, minimum output,
demand, source shares, awards with candidates, claims, penalties, ceilings, budgets, viability
and operating gaps included), the supply chain (processing routes, recyclers, origin groups,
export licences, take-or-pay offtake, magnet makers' rare earths) and every objective of
models/goals.py with its output target and held second objective (:mod:`models.assembly.goals`).
It refuses only data whose model cannot be compiled (a held objective with nothing to hold and a
level it cannot meet): the solve path builds the Pyomo model instead, which says why.
"""

from __future__ import annotations

from models.data import ModelData

SUPPLY_CHAIN = {
    "route_feed": "processing routes (Processing sheet)",
    "recycling_yield": "recyclers (Recycling sheet)",
    "end_of_life_t": "end-of-life tonnes (EndOfLife sheet)",
    "group_max_share": "origin-group caps (group_share_cap)",
    "group_min_share": "origin-group floors (group_share_floor)",
    "licence_t": "export licences (export_licence_limit)",
    "offtake_t": "take-or-pay offtake (offtake_within_delivery)",
    "magnet_t": "magnet makers' rare earths (magnet_demand)",
}
"""ModelData fields of the optional supply-chain families, and what they are: covered
(:mod:`models.assembly.chain`), listed for tests that strip them."""


def refusal(data: ModelData) -> str | None:
    """Why the assembly cannot write ``data``'s LP, or None if it can.

    Refused: a held objective (``objective_hold``) without a term whose level cannot be met,
    i.e. domestic value added held above 0 with no value added per GWh (compiling the model
    raises there: the row holds no variable).
    """
    if data.hold_objective != "domestic_value_added":
        return None
    if any(v != 0 for v in data.dva_value_musd_per_gwh.values()):
        return None
    if float(data.hold_level or 0.0) <= 0.0:
        return None
    return "it holds domestic_value_added above 0 with no value added per GWh (objective_hold)"


GOAL_FIELDS = frozenset(
    {
        "objective",
        "objective_year",
        "output_target_gwh",
        "hold_objective",
        "hold_level",
        "dva_value_musd_per_gwh",
    }
)
"""ModelData fields of the goals (objectives, output target, hold), written by
:mod:`models.assembly.goals`."""

NOT_IN_LP = {
    "sources": "the SOURCES set; sources enter through their priced offers",
    "plant_firm": "the FIRMS set for reporting; firm caps read award_firm",
    "source_origin": "read through ModelData.country (origin groups, licences)",
    "mineral_unit": "reporting only",
    "offtake_price_usd_per_t": "the fixed take-or-pay payment, a constant added to the cost",
    "award_bid_rs_per_kwh": "reporting only (the LP reads the rate)",
    "award_dva_share": "reporting only (the LP reads the rate)",
    "award_security_musd": "reporting only (the LP reads the penalties)",
    "award_window_last_year": "reporting only",
    "budget_step_musd": "a re-solve of models.solve, not a row or column",
}
"""ModelData fields the assembly does not read, and why that is right: none of them is a
coefficient, bound or index of the LP beyond what the fields it reads give."""


def unclassified(names: set[str]) -> set[str]:
    """Of the field ``names`` (ModelData's), those neither a goal field nor in
    :data:`NOT_IN_LP` nor read by the assembly's modules: a new field must be classified (and
    the assembly taught it, or :func:`refusal` told to refuse it) before the tests pass."""
    from pathlib import Path  # only the test asks

    source = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("*.py"))
    return {
        n
        for n in names - GOAL_FIELDS - set(NOT_IN_LP)
        if f".{n}" not in source.replace(f'"{n}"', "")
    }
