"""Marginal values (duals) as answers: what one more unit of each binding limit would buy.

The model maximises total output (GWh over the horizon), so the dual of a binding ``≤`` limit is
≥ 0 and reads "GWh per unit of the limit"; a binding minimum (``≥``) has a dual ≤ 0 and costs
output. Under degeneracy a dual is *a* marginal value, not the only one; the sentences say "would",
never "will".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from models.data import ModelData
from models.families import BOOKKEEPING, DUAL_UNITS, report_key
from models.gains import is_actionable
from models.result import SolveResult
from models.units import ZERO
from planner.words import number_text

Phrase = Callable[[ModelData, tuple], str]


@dataclass(frozen=True)
class Binding:
    """One non-zero marginal value with its plain-language meaning."""

    constraint: str
    index: tuple
    value: float
    unit: str
    meaning: str
    one_more: float | None = None
    """Δ total output for one more unit, re-solved (None: not re-solved, or infeasible)."""

    @property
    def where(self) -> str:
        """The index as text, e.g. ``S04, Lithium, 2029``; ``whole horizon`` for a scalar."""
        return ", ".join(str(i) for i in self.index) if self.index else "whole horizon"

    def row(self) -> dict[str, object]:
        return {
            "constraint": self.constraint,
            "index": self.where,
            "value": self.value,
            "unit": self.unit,
            "meaning": self.meaning,
            "one_more": self.one_more,
        }


def _origin(data: ModelData, s: str) -> str:
    origin = data.source_origin.get(s, "")
    return f"{origin} ({s})" if origin else s


PHRASES: dict[str, Phrase] = {  # one per non-bookkeeping family of models/families.py
    "incentive_budget": lambda d, i: "One more USD million of incentive budget",
    "annual_disbursement_limit": lambda d, i: f"One more USD million of incentive paid in {i[0]}",
    "mineral_supply_limit": lambda d, i: (
        f"One more tonne of {i[1]} from {_origin(d, i[0])} in {i[2]}"
    ),
    "source_share_limit": lambda d, i: (
        f"One more tonne of {i[1]} allowed from {_origin(d, i[0])} in {i[2]} "
        "beyond its single-source share limit"
    ),
    "capacity_limit": lambda d, i: f"One more GWh/yr of permitted capacity at {i[0]} by {i[1]}",
    "demand_limit": lambda d, i: f"One more GWh of demand in {i[0]}",
    "capacity_commitment": lambda d, i: (
        f"One more GWh/yr of committed minimum capacity at {i[0]} by {i[1]}"
    ),
    "min_output": lambda d, i: f"One more GWh of minimum output required at {i[0]} in {i[1]}",
    "firm_incentive_cap": lambda d, i: (
        f"One more GWh of incentive-eligible output allowed to firm {i[0]} in {i[1]}"
    ),
    "viability": lambda d, i: (
        f"One more USD million of support for {i[0]} over its window, beyond the "
        "incentive, towards the capital premium of its new capacity"
    ),
    "operating_gap_cover": lambda d, i: (
        f"One more USD million of support for {i[0]} in {i[1]}, beyond the "
        "incentive, towards its operating cost above import parity"
    ),
    "ramp_up": lambda d, i: (
        f"One more GWh of producible capacity at {i[0]} in {i[1]} (faster ramp-up)"
    ),
    "mineral_need": lambda d, i: f"Needing one more tonne of {i[1]} at {i[0]} in {i[2]}",
    "eligible_within_output": lambda d, i: (
        f"One more GWh of eligible output above actual output at {i[0]} in {i[1]}"
    ),
    "group_share_cap": lambda d, i: (
        f"One more tonne of {i[1]} allowed from group {i[0]} in {i[2]} beyond its share cap"
    ),
    "group_share_floor": lambda d, i: (
        f"One more tonne of {i[1]} required from group {i[0]} in {i[2]} beyond its share floor"
    ),
    "export_licence_limit": lambda d, i: (
        f"One more tonne of {i[1]} licensed for export from {i[0]} in {i[2]}"
    ),
    "offtake_within_delivery": lambda d, i: (
        f"One more tonne of {i[1]} counted as taken under {_origin(d, i[0])}'s offtake in {i[2]}"
    ),
    "processing_capacity": lambda d, i: (
        f"One more tonne a year of {_route(d, i[0])} processing capacity in {i[1]}"
    ),
    "processing_yield": lambda d, i: (
        f"One more tonne of {d.route_product.get(i[0], 'product')} from {_route(d, i[0])} in {i[1]}"
    ),
    "recycling_feed_limit": lambda d, i: (
        f"One more tonne of {i[0]} in end-of-life batteries collected in {i[1]}"
    ),
    "recycling_capacity": lambda d, i: (
        f"One more tonne a year of recycling capacity at {i[0]} in {i[1]}"
    ),
    "recycling_return": lambda d, i: f"One more tonne of {i[1]} recovered by {i[0]} in {i[2]}",
}


def _route(d: ModelData, r: str) -> str:
    """``R01 (flake to anode graphite, India)``."""
    if r not in d.route_feed:
        return r
    return f"{r} ({d.route_feed[r]} to {d.route_product[r]}, {d.route_location[r]})"


def meaning(
    data: ModelData,
    constraint: str,
    index: tuple,
    value: float,
    unit: str,
    checked: tuple[bool, float | None] = (False, None),
) -> str:
    """The dual as a sentence, e.g. "One more tonne of Lithium from Canada (S04) in 2029 ...".

    ``checked`` is (re-solved?, Δ output): a re-solved row states what one more unit really
    buys, and says so when that differs from the marginal value (several equally good plans).
    """
    subject = _subject(data, constraint, index, unit)
    was_checked, gain = checked
    if was_checked and gain is None:
        return f"{subject} would leave no feasible plan (found by re-solving)."
    if not was_checked:
        return f"{subject} {_change(value)}."
    same = abs(gain - value) <= 1e-6 * max(1.0, abs(value))
    note = (
        ""
        if same
        else (
            f"; the marginal value {number_text(value)} differs because several "
            "plans are equally good here"
        )
    )
    return f"{subject} {_change(gain)} (found by re-solving{note})."


def _subject(data: ModelData, constraint: str, index: tuple, unit: str) -> str:
    phrase = PHRASES.get(constraint)
    if phrase is not None:
        try:
            return phrase(data, index)
        except (IndexError, TypeError):
            pass
    where = ", ".join(str(i) for i in index) or "whole horizon"
    per = unit.split(" per ", 1)[1] if " per " in unit else "unit"
    return f"Relaxing {constraint} ({where}) by one {per}"


def _change(gwh: float) -> str:
    amount = number_text(abs(gwh))
    if abs(gwh) < ZERO:
        return "would add nothing to total output"
    if gwh > 0:
        return f"would add {amount} GWh of cells to total output"
    return f"would reduce total output by {amount} GWh of cells"


def marginal_rows(data: ModelData, result: SolveResult) -> list[Binding]:
    """Every non-zero, finite dual of ``result``, by constraint family and then index."""
    rows = []
    for name in sorted(set(result.duals) - BOOKKEEPING, key=report_key):
        unit = result.dual_units.get(name) or DUAL_UNITS.get(name, "GWh per unit")
        gains = result.one_more_unit_gwh.get(name, {})
        for index, value in sorted(result.duals[name].items(), key=lambda kv: _sortable(kv[0])):
            index = index if isinstance(index, tuple) else (index,)
            if (
                not math.isfinite(value)
                or abs(value) < ZERO
                or not is_actionable(data, name, index)
            ):
                continue  # slack, or a limit no input can move (before a plant comes online)
            checked = (index in gains, gains.get(index))
            rows.append(
                Binding(
                    name,
                    index,
                    float(value),
                    unit,
                    meaning(data, name, index, value, unit, checked),
                    checked[1],
                )
            )
    return rows


def _sortable(index: object) -> tuple:
    items = index if isinstance(index, tuple) else (index,)
    return tuple((0, i, "") if isinstance(i, int | float) else (1, 0, str(i)) for i in items)


def _headline_order(b: Binding) -> tuple:
    """Re-solved rows first, by what one more unit really buys; then the rest by marginal value.

    A headline should lead with a checked answer, not with a degenerate dual that buys less."""
    if b.one_more is not None:
        return (0, -abs(b.one_more), _sortable(b.index))
    return (1, -abs(b.value), _sortable(b.index))


def top_by_family(rows: list[Binding], per_family: int = 3) -> list[Binding]:
    """The ``per_family`` leading rows of each family (:func:`_headline_order`), for the Summary."""
    picked: list[Binding] = []
    families = sorted({b.constraint for b in rows}, key=report_key)
    for family in families:
        members = [b for b in rows if b.constraint == family]
        members.sort(key=_headline_order)
        picked.extend(members[:per_family])
    return picked
