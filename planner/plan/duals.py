"""Marginal values as answers: what one more block of each binding limit would buy, and where.

The model maximises total output (GWh over the horizon). For every binding limit the solve gives
one number a reader can trust, the slope of total output for a *rise* of the limit (re-solved
where the solver's dual holds only for a cut; :mod:`models.ranging`), with the range of the limit
over which it holds. Here that number is scaled to the input's units (per Rs 100 crore, per
1,000 t, per GWh/yr; :mod:`planner.plan.limits`) and put in a sentence that says "would", never
"will". Rows no input can move (bookkeeping) are left out, and so are limits whose one number is
0: binding in the solver's sense (a cut would cost), but one more of them buys nothing, which is
what a planner asks (a permitted capacity no plant can fill in that year, a ramp already met).
Variable bounds a planner sets are reported like rows: an award's size (``award_gwh``) and a
block of capacity installed before the horizon (``existing_gwh``, from the Existing sheet).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from models.data import ModelData
from models.existing_lever import EXISTING
from models.families import BOOKKEEPING, report_key
from models.ranging import AWARD, dual_unit, is_actionable
from models.result import SolveResult
from models.units import ZERO
from planner.plan.limits import Scale, from_zero, range_sentence, scale_for
from planner.words import number_text

Phrase = Callable[[ModelData, tuple, str], str]


@dataclass(frozen=True)
class Binding:
    """One binding limit: what one more block of it buys, where that holds, in words."""

    constraint: str
    index: tuple
    value: float
    """GWh of total output per ``per`` of the limit, for a rise (the one number shown)."""
    per: str
    """The block of the limit, e.g. ``Rs 100 crore``, ``1,000 t LCE``, ``GWh/yr``."""
    meaning: str
    now: float | None = None
    valid_from: float | None = None
    valid_to: float | None = None
    """The limit's value now and the range over which ``value`` holds, in ``limit_unit``."""
    limit_unit: str = ""
    output_from: float | None = None
    output_to: float | None = None
    """Total output at the range's ends, GWh."""
    kink: bool = False
    """The solver's dual held for a cut only: ``value`` was re-solved for a rise."""

    @property
    def unit(self) -> str:
        """The value's unit, e.g. ``GWh per Rs 100 crore``."""
        return f"GWh per {self.per}"

    @property
    def where(self) -> str:
        """The index as text, e.g. ``S04, Lithium, 2029``; ``whole horizon`` for a scalar."""
        return ", ".join(str(i) for i in self.index) if self.index else "whole horizon"

    def row(self) -> dict[str, object]:
        """The row as the Marginal values sheet writes it, by column name."""
        return {
            "constraint": self.constraint,
            "index": self.where,
            "value": self.value,
            "per": self.per,
            "now": self.now,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "limit_unit": self.limit_unit,
            "output_from": self.output_from,
            "output_to": self.output_to,
            "meaning": self.meaning,
        }


def _origin(data: ModelData, s: str) -> str:
    origin = data.source_origin.get(s, "")
    return f"{origin} ({s})" if origin else s


PHRASES: dict[str, Phrase] = {
    "incentive_budget": lambda d, i, per: f"One more {per} of incentive budget",
    "annual_disbursement_limit": lambda d, i, per: f"One more {per} of incentive paid in {i[0]}",
    "mineral_supply_limit": lambda d, i, per: (
        f"One more {per} of {i[1]} from {_origin(d, i[0])} in {i[2]}"
    ),
    "source_share_limit": lambda d, i, per: (
        f"One more {per} of {i[1]} allowed from {_origin(d, i[0])} in {i[2]} "
        "beyond its single-source share limit"
    ),
    "capacity_limit": lambda d, i, per: f"One more {per} of permitted capacity at {i[0]} by {i[1]}",
    "demand_limit": lambda d, i, per: f"One more {per} of demand in {i[0]}",
    "capacity_commitment": lambda d, i, per: (
        f"One more {per} of committed minimum capacity at {i[0]} by {i[1]}"
    ),
    "min_block_lower": lambda d, i, per: (
        f"One more {per} in the smallest block {i[0]} builds (its block of {i[1]})"
    ),
    "min_output": lambda d, i, per: (
        f"One more {per} of minimum output required at {i[0]} in {i[1]}"
    ),
    "milestone_build": lambda d, i, per: (
        f"One more {per} that award {i[0]}'s plant must have built by {i[1]} (its milestone)"
    ),
    "unawarded_capacity": lambda d, i, per: f"One more {per} of scheme capacity for candidates",
    "firm_award_cap": lambda d, i, per: f"One more {per} of awards allowed to firm {i[0]}",
    "candidate_size_max": lambda d, i, per: f"One more {per} in the largest award {i[0]} accepts",
    "candidate_size_min": lambda d, i, per: (
        f"One more {per} in the smallest award {i[0]} accepts (a larger minimum)"
    ),
    "award_gwh": lambda d, i, per: f"One more {per} of incentive award {i[0]}",
    EXISTING: lambda d, i, per: (
        f"One more {per} of capacity at {i[0]} installed in {i[1]}, before the horizon "
        "(Existing sheet)"
    ),
    "viability": lambda d, i, per: (
        f"One more {per} of support for {i[0]} over its window, beyond the "
        "incentive, towards the capital premium of its new capacity"
    ),
    "operating_gap_cover": lambda d, i, per: (
        f"One more {per} of support for {i[0]} in {i[1]}, beyond the "
        "incentive, towards its operating cost above import parity"
    ),
    "ramp_up": lambda d, i, per: (
        f"One more {per} of producible capacity at {i[0]} in {i[1]} (faster ramp-up)"
    ),
    "output_target": lambda d, i, per: f"One more {per} of output required over the horizon",
    "objective_hold": lambda d, i, per: f"One more {per} of {d.hold_objective} held",
    "group_share_cap": lambda d, i, per: (
        f"One more {per} of {i[1]} allowed from group {i[0]} in {i[2]} beyond its share cap"
    ),
    "group_share_floor": lambda d, i, per: (
        f"One more {per} of {i[1]} required from group {i[0]} in {i[2]} beyond its share floor"
    ),
    "magnet_demand": lambda d, i, per: (
        f"One more {per} of {i[0]} required by India's magnet makers in {i[1]}"
    ),
    "export_licence_limit": lambda d, i, per: (
        f"One more {per} of {i[1]} licensed for export from {i[0]} in {i[2]}"
    ),
    "offtake_within_delivery": lambda d, i, per: (
        f"One more {per} of {i[1]} counted as taken under {_origin(d, i[0])}'s offtake in {i[2]}"
    ),
    "processing_capacity": lambda d, i, per: (
        f"One more {per} of {_route(d, i[0])} processing capacity in {i[1]}"
    ),
    "processing_yield": lambda d, i, per: (
        f"One more {per} of {d.route_product.get(i[0], 'product')} from {_route(d, i[0])} in {i[1]}"
    ),
    "recycling_feed_limit": lambda d, i, per: (
        f"One more {per} of {i[0]} in end-of-life batteries collected in {i[1]}"
    ),
    "recycling_capacity": lambda d, i, per: (
        f"One more {per} of recycling capacity at {i[0]} in {i[1]}"
    ),
    "recycling_return": lambda d, i, per: f"One more {per} of {i[1]} recovered by {i[0]} in {i[2]}",
}


def _route(d: ModelData, r: str) -> str:
    """``R01 (flake to anode graphite, India)``."""
    if r not in d.route_feed:
        return r
    return f"{r} ({d.route_feed[r]} to {d.route_product[r]}, {d.route_location[r]})"


def meaning(data: ModelData, constraint: str, index: tuple, value: float, per: str) -> str:
    """One more block of a limit as a sentence: "One more 1,000 t LCE of Lithium from …"."""
    return f"{_subject(data, constraint, index, per)} {_change(data, value)}."


def _subject(data: ModelData, constraint: str, index: tuple, per: str) -> str:
    phrase = PHRASES.get(constraint)
    if phrase is not None:
        try:
            return phrase(data, index, per)
        except (IndexError, TypeError):
            pass
    where = ", ".join(str(i) for i in index) or "whole horizon"
    return f"Relaxing {constraint} ({where}) by {per}"


def objective_words(data: ModelData) -> tuple[str, str]:
    """(unit, what) of the plan's objective: ("GWh of cells", "total output") by default."""
    year = data.objective_year if data.objective_year is not None else data.years[-1]
    return {
        "capacity_by_year": ("GWh/yr of capacity", f"capacity installed by {year}"),
        "domestic_value_added": ("USD million", "domestic value added"),
        "least_incentive": ("USD million", "the incentive owed"),
    }.get(data.objective, ("GWh of cells", "total output"))


def _change(data: ModelData, gwh: float) -> str:
    unit, what = objective_words(data)
    amount = number_text(abs(gwh))
    if abs(gwh) < ZERO:
        return f"would add nothing to {what}"
    if gwh > 0:
        return f"would add {amount} {unit} to {what}"
    return f"would reduce {what} by {amount} {unit}"


def _family_key(name: str) -> tuple[int, str]:
    if name == AWARD:  # the award lever reads beside the firm cap it adds up to
        return report_key("firm_incentive_cap")[0] - 1, name
    if name == EXISTING:  # existing capacity reads before the permitted capacity it counts in
        return report_key("capacity_limit")[0] - 1, name
    return report_key(name)


def _unit(result: SolveResult, name: str) -> str:
    if name in result.dual_units:
        return result.dual_units[name]
    try:
        return dual_unit(name)
    except KeyError:
        return "GWh per unit"


def marginal_rows(data: ModelData, result: SolveResult, fx: float = 1.0) -> list[Binding]:
    """Every binding limit an input can move and whose rise buys something, by family and then
    index, in the input's units.

    ``fx`` (Rs/USD) turns USD million into Rs crore. Where the solve ranged a limit its value is
    what a rise buys; otherwise (a result without ranges) the solver's dual.
    """
    rows = []
    held = BLOCKS_HELD if data.min_block_gwh and result.integer_decisions else ""
    for name in sorted(set(result.duals) - BOOKKEEPING, key=_family_key):
        unit = _unit(result, name)
        ranges = result.ranges.get(name, {})
        for index, dual in sorted(result.duals[name].items(), key=lambda kv: _sortable(kv[0])):
            index = index if isinstance(index, tuple) else (index,)
            if not math.isfinite(dual) or abs(dual) < ZERO or not is_actionable(data, name, index):
                continue  # slack, or a limit no input can move (before a plant comes online)
            scale = scale_for(unit, index, data, fx)
            row = _binding(data, name, index, dual, scale, ranges.get(index))
            if not buys_nothing(row):
                rows.append(replace(row, meaning=row.meaning + held) if held else row)
    return rows


BLOCKS_HELD = (
    " (Each plant's build years held as planned: the value comes from the plan with its "
    "minimum-block decisions fixed, so a block added or dropped elsewhere is not in it.)"
)
"""Said after every marginal value of a plan with minimum build blocks (FORMULATION.md)."""


def buys_nothing(row: Binding) -> bool:
    """True when one more block of the limit would add nothing (its one number is 0): a limit
    that binds only for a cut tells a planner asking "what would more buy" nothing."""
    return math.isfinite(row.value) and abs(row.value) < ZERO


def _binding(
    data: ModelData, name: str, index: tuple, dual: float, scale: Scale, found: Any
) -> Binding:
    """One row: the rise's slope (or the dual) per block, the range, the sentence."""
    found = from_zero(found)  # the valid_from column and the sentence state the same range
    no_plan = found is not None and found.per_unit is None
    slope = dual if found is None or no_plan else found.per_unit
    value = math.nan if no_plan else slope * scale.factor
    if no_plan:
        text = f"{_subject(data, name, index, scale.per)} would leave no feasible plan."
    else:
        text = meaning(data, name, index, value, scale.per)
    ranged = found is not None and not no_plan and found.checked
    bounded = ranged and math.isfinite(found.high)
    conv = scale.to_input
    return Binding(
        name,
        index,
        float(value),
        scale.per,
        f"{text} {range_sentence(scale, found)}".strip(),
        now=None if found is None else found.at * conv,
        valid_from=found.low * conv if ranged else None,
        valid_to=found.high * conv if bounded else None,
        limit_unit=scale.limit_unit,
        output_from=found.output_low if ranged else None,
        output_to=found.output_high if bounded else None,
        kink=bool(found is not None and found.kink),
    )


def _sortable(index: object) -> tuple:
    items = index if isinstance(index, tuple) else (index,)
    return tuple((0, i, "") if isinstance(i, int | float) else (1, 0, str(i)) for i in items)


def _headline_order(b: Binding) -> tuple:
    """By what one more block buys, largest first (a rise that leaves no plan last)."""
    size = abs(b.value) if math.isfinite(b.value) else -1.0
    return (-size, _sortable(b.index))


def top_by_family(rows: list[Binding], per_family: int = 3) -> list[Binding]:
    """The ``per_family`` leading rows of each family (:func:`_headline_order`), for the Summary."""
    picked: list[Binding] = []
    families = sorted({b.constraint for b in rows}, key=_family_key)
    for family in families:
        members = [b for b in rows if b.constraint == family]
        members.sort(key=_headline_order)
        picked.extend(members[:per_family])
    return picked
