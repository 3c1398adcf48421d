"""The answers a planner brings to a plan, as rows for the Summary's first sections.

What the scheme owes each award (and so each plant); how much of each mineral comes from each
origin (an origin that sends nothing is listed with 0 and the reason); what one more Rs 100 crore
of budget and one more 1,000 t of each binding mineral would buy (sources with the same value
named together, as a pool); and the binding limits a planner can move, in words.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from models.data import ModelData
from models.families import LEVERS
from models.ranging import AWARD
from models.units import musd_to_crore as rs_crore
from planner.plan.awards import award_totals, security_sentence
from planner.plan.duals import Binding, _origin, top_by_family
from planner.plan.numbers import Row, tidy
from planner.words import number_text

POOL_TOL = 1e-6
"""Relative difference below which two sources' marginal values are the same (a pool)."""


@dataclass(frozen=True)
class Answers:
    """Rows of the Summary's first sections."""

    by_award: list[Row]
    """Per award over all years (:func:`planner.plan.awards.award_totals`)."""
    by_origin: list[Row]
    one_more: list[str]
    levers: list[Binding]
    plants: tuple[str, ...] = ()
    """Every plant, so that a plant's colour is the one it has in every chart."""
    security: str = ""
    """Penalties taken from performance securities (:func:`planner.plan.awards.security_sentence`);
    "" when none is."""


def answers(
    data: ModelData,
    awards: list[Row],
    totals: list[Row],
    marginal: list[Binding],
    fx: float,
    budget_step: str = "",
) -> Answers:
    """The Summary's answers from the plan's tables (``awards``: the Awards sheet's rows)."""
    by_award = award_totals(data, awards)
    return Answers(
        [{k: tidy(v) for k, v in r.items()} for r in by_award],
        origin_use(data, totals, marginal),
        one_more_lines(data, marginal, fx, budget_step),
        [b for b in top_by_family(marginal, 1) if b.constraint in LEVERS | {AWARD}],
        tuple(data.plants),
        security_sentence(data, by_award),
    )


def origin_use(data: ModelData, totals: list[Row], marginal: list[Binding]) -> list[Row]:
    """Per mineral and origin over all years: tonnes used, supply, and why 0 where nothing came."""
    flow: dict[tuple[str, str], float] = defaultdict(float)
    supply: dict[tuple[str, str], float] = defaultdict(float)
    for r in totals:
        flow[(r["mineral"], r["origin"])] += r["flow"] or 0.0
        supply[(r["mineral"], r["origin"])] += r["supply"] or 0.0
    offered = {(k, data.source_origin.get(s, "")) for s, k in data.price_usd_per_t}
    rows = []
    for key in sorted(offered | set(flow)):
        mineral, origin = key
        used = flow.get(key, 0.0)
        rows.append(
            {
                "mineral": mineral,
                "unit": data.mineral_unit.get(mineral, "t"),
                "origin": origin,
                "flow": tidy(used),
                "supply": tidy(supply.get(key, 0.0)),
                "why": "" if used > 1e-9 else why_nothing(data, key, flow, marginal),
            }
        )
    return rows


def why_nothing(
    data: ModelData, key: tuple[str, str], flow: dict[tuple[str, str], float], marginal: list
) -> str:
    """Why an origin sends none of a mineral: no supply, a limit on it, not needed, or price."""
    mineral, origin = key
    sources = [s for (s, k) in data.price_usd_per_t if k == mineral and _home(data, s) == origin]
    if sum(data.supply_t.get((s, mineral, y), 0.0) for s in sources for y in data.years) <= 0:
        return "no supply offered in these years"
    held = sorted(
        {b.constraint for b in marginal if set(b.index) & (set(sources) | {origin})}
        - {"mineral_supply_limit"}
    )
    if held:
        return f"held back by {', '.join(held)}"
    if sum(v for (k, _), v in flow.items() if k == mineral) <= 1e-9:
        return "no plant uses this mineral in the plan"
    own = min(data.price_usd_per_t[(s, mineral)] for s in sources)
    used = [
        data.price_usd_per_t[(s, mineral)]
        for (s, k) in data.price_usd_per_t
        if k == mineral and flow.get((mineral, _home(data, s)), 0.0) > 1e-9
    ]
    if used and own > min(used):
        return (
            f"price: USD {number_text(own)}/t against USD {number_text(min(used))}/t from the "
            "sources used, which suffice"
        )
    return "not needed: the sources used suffice"


def _home(data: ModelData, source: str) -> str:
    return data.source_origin.get(source, "")


def one_more_lines(
    data: ModelData, marginal: list[Binding], fx: float, budget_step: str = ""
) -> list[str]:
    """What one more Rs 100 crore of budget (awards held, then decided again) and one more
    1,000 t of each binding mineral buy."""
    budget = [b for b in marginal if b.constraint == "incentive_budget"]
    lines = (
        [budget[0].meaning]
        if budget
        else [
            "The incentive budget does not bind: with the awards as they are, one more Rs 100 "
            "crore would add nothing to total output (budget Rs "
            f"{number_text(rs_crore(data.budget_musd, fx))} crore)."
        ]
    )
    if budget_step:
        lines.append(budget_step)
    # A supply row that binds at no gain (a form no plant needs more of) buys nothing: it is not
    # an answer to "what would one more tonne buy", so only positive values are listed.
    supply = [
        b
        for b in marginal
        if b.constraint == "mineral_supply_limit" and math.isfinite(b.value) and b.value > 0
    ]
    for mineral in data.minerals:
        rows = [b for b in supply if b.index[1] == mineral]
        if rows:
            lines.append(_pooled(data, rows))
    if not supply:
        lines.append("No mineral supply binds: one more 1,000 t of any mineral would add nothing.")
    return lines


def _pooled(data: ModelData, rows: list[Binding]) -> str:
    """The best value of one mineral, naming every source and year that shares it."""
    best = max(rows, key=lambda b: (b.value, -b.index[2]))
    same = [b for b in rows if abs(b.value - best.value) <= POOL_TOL * max(1.0, abs(best.value))]
    years = sorted({b.index[2] for b in same})
    sources = sorted({b.index[0] for b in same})
    where = (
        _origin(data, sources[0])
        if len(sources) == 1
        else "any of " + ", ".join(_origin(data, s) for s in sources)
    )
    when = ", ".join(str(y) for y in years)
    return (
        f"One more {best.per} of {best.index[1]} from {where} in {when} would add "
        f"{number_text(best.value)} GWh of cells to total output (the most {best.index[1]} "
        "is worth anywhere in this plan)."
    )
