"""Marginal values in the units the input has, with the range over which each one holds.

The model's duals are GWh of total output per model unit (per USD million, per tonne, per
GWh/yr). A planner typed the budget in Rs crore and supplies in tonnes, and thinks in blocks of
them, so each value is shown per :class:`Scale`: per Rs 100 crore, per 1,000 t (with the
mineral's own unit, e.g. t LCE), per GWh/yr. The scale is chosen from the dual's unit, so a
constraint family added later with a declared unit is scaled the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from models.data import ModelData
from models.units import crore_to_musd, musd_to_crore
from planner.words import number_text

MONEY = "USD million"
TONNES = "t"
TONNES_A_YEAR = "t/yr"


@dataclass(frozen=True)
class Scale:
    """How one marginal value is shown: per ``per`` of the limit, the limit in ``limit_unit``."""

    per: str
    """The block of the limit one value refers to, e.g. ``Rs 100 crore``, ``1,000 t LCE``."""
    factor: float
    """Model units of the limit in one ``per`` (the dual × factor is GWh per ``per``)."""
    limit_unit: str
    """The unit the input gives the limit in (``Rs crore``, ``t LCE``, ``GWh/yr``)."""
    to_input: float
    """Limit in model units × to_input = the limit in ``limit_unit``."""

    def limit_text(self, value: float) -> str:
        """A limit's value as a planner reads it: ``Rs 4,200 crore``, ``2,345 t LCE``."""
        if not math.isfinite(value):
            return "no upper end" if value > 0 else "no lower end"
        shown = number_text(value * self.to_input + 0.0, 4)
        if self.limit_unit == "Rs crore":
            return f"Rs {shown} crore"
        return f"{shown} {self.limit_unit}"


def scale_for(unit: str, index: tuple, data: ModelData, fx: float) -> Scale:
    """The planner's scale for a dual in ``unit`` ("GWh per <limit unit>") at ``index``."""
    limit = unit.split(" per ", 1)[1] if " per " in unit else unit
    if limit == MONEY:
        # Rs 100 crore = 100 × 10^7 Rs = 10^9 / FX USD = 1,000 / FX USD million
        return Scale("Rs 100 crore", crore_to_musd(100.0, fx), "Rs crore", musd_to_crore(1.0, fx))
    if limit in (TONNES, TONNES_A_YEAR):
        mineral_unit = _mineral_unit(index, data) + ("/yr" if limit == TONNES_A_YEAR else "")
        return Scale(f"1,000 {mineral_unit}", 1000.0, mineral_unit, 1.0)
    return Scale(limit, 1.0, limit, 1.0)


def _mineral_unit(index: tuple, data: ModelData) -> str:
    for item in index:
        if item in data.minerals:
            return data.mineral_unit.get(item, "t")
    return "t"


def range_sentence(scale: Scale, limit_range: Any) -> str:
    """Where a value holds, in one or two sentences; empty when the limit was not ranged."""
    if limit_range is None:
        return ""
    r = limit_range
    now = scale.limit_text(r.at)
    if r.per_unit is None:
        return f"Raising this limit from {now} would leave no feasible plan."
    if not r.checked:
        return f"This value holds for a cut below {now}; a rise was not re-solved and may buy less."
    kink = (
        " It holds for rises only: at the current value another limit starts to bind, so a "
        "cut would cost more per unit."
        if r.kink
        else ""
    )
    return _span(scale, r, now) + kink


def _span(scale: Scale, r: Any, now: str) -> str:
    return _whole_span(scale, from_zero(r), now) + _narrow(scale, r)


def from_zero(r: Any) -> Any:
    """The range cut at 0: every limit a planner types (t, GWh/yr, Rs crore) is at least 0, so
    a range the LP extends below 0 is stated from 0 (in the sentence and the sheet's columns
    alike). None and ranges already at or above 0 are returned as they are."""
    if r is None or r.per_unit is None or not (math.isfinite(r.low) and r.low < 0):
        return r
    # Total output is linear in the limit inside its range, at slope per_unit through
    # (low, output_low): output at 0 is on that line.
    return replace(r, low=0.0, output_low=r.output_low - r.low * r.per_unit)


def _narrow(scale: Scale, r: Any) -> str:
    """A sentence when the rise over which the value holds is less than one block of it."""
    rise = r.high - r.at
    if not math.isfinite(rise) or rise >= scale.factor * (1 - 1e-9) or r.per_unit == 0:
        return ""
    # "Rs 100 crore" and "1,000 t" carry their number; a bare unit ("GWh/yr") needs "one".
    per = scale.per
    block = per if per[0].isdigit() or per.startswith("Rs") else f"one {per}"
    return f" That is a rate: it holds for less than {block} more, so a whole {per} buys less."


def _whole_span(scale: Scale, r: Any, now: str) -> str:
    low_is_now = abs(r.low - r.at) <= 1e-9 * max(1.0, abs(r.at))
    if not math.isfinite(r.high):
        if low_is_now:
            return f"Holds for any rise from {now}."
        return f"Holds while the limit is at least {scale.limit_text(r.low)} (now {now})."
    high = scale.limit_text(r.high)
    if low_is_now:
        return (
            f"Holds from {now} up to {high}, where total output would be "
            f"{number_text(r.output_high)} GWh."
        )
    return (
        f"Holds while the limit is between {scale.limit_text(r.low)} and {high} (now {now}); "
        f"total output there: {number_text(r.output_low)} and {number_text(r.output_high)} GWh."
    )
