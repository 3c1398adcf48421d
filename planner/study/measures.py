"""What a study records of each solve: tidy rows of measure, index, value and unit.

Every number comes from the plan's own tables (:func:`planner.plan.tables.build_tables`), so a
study shows exactly what the plan of the same input would.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from models.data import ModelData
from models.result import SolveResult
from planner.plan.duals import top_by_family
from planner.plan.tables import build_tables, tidy

HEADLINE = (
    ("total_output", "total_output", "GWh"),
    ("incentive_owed", "incentive_musd", "USD million"),
    ("incentive_budget", "budget_musd", "USD million"),
    ("budget_used", "budget_used", "share"),
    ("incentive_claimable", "claimable_musd", "USD million"),
    ("import_bill", "import_bill", "USD million"),
    ("mineral_cost", "mineral_cost", "USD million"),
    ("capex", "capex", "USD million"),
    ("binding_limits", "binding", "count"),
)
"""(measure, key of the plan's headline numbers, unit), in the order tables show them."""

MEASURE_UNITS = {name: unit for name, _, unit in HEADLINE} | {
    "use_by_origin": "mineral unit (t, t LCE, ...)",
    "marginal_value": "GWh per unit of the limit",
}
"""Every measure a study writes, and its unit (``use_by_origin`` and ``marginal_value`` rows
carry their own unit each)."""

TOP_PER_FAMILY = 1
"""Binding limits of each kind shown as a batch's "top" limits (the rest are in the tidy table)."""


@dataclass(frozen=True)
class Measured:
    """One solve's outcome: status words, and tidy rows when it is optimal."""

    status: str
    message: str = ""
    exit_code: int = 0
    rows: tuple[dict[str, object], ...] = ()
    """``{"measure", "index", "value", "unit"}`` rows."""
    top: tuple[str, ...] = ()
    """The leading binding limits, ``constraint[index] = value unit``."""
    binding: dict[str, float] = field(default_factory=dict)
    """``constraint[index]`` → marginal value, for every binding limit."""

    def value(self, measure: str, index: str = "") -> float | None:
        """The value of ``measure`` at ``index``, or None if not measured."""
        for row in self.rows:
            if row["measure"] == measure and row["index"] == index:
                return row["value"]  # type: ignore[return-value]
        return None


def measure(data: ModelData, result: SolveResult, fx_rs_per_usd: float) -> Measured:
    """The tidy rows of an optimal ``result``: headline totals, use by origin, every binding
    limit's marginal value."""
    tables = build_tables(data, result, fx_rs_per_usd)
    rows = [
        {"measure": name, "index": "", "value": tables.headline.get(key), "unit": unit}
        for name, key, unit in HEADLINE
    ]
    use: dict[tuple[str, str, str], float] = defaultdict(float)
    for r in tables.mineral_totals:
        use[(r["mineral"], r["origin"], r["unit"])] += r["flow"]
    rows += [
        {"measure": "use_by_origin", "index": f"{k}, {o}", "value": tidy(v), "unit": unit}
        for (k, o, unit), v in sorted(use.items())
    ]
    binding = {f"{b.constraint}[{b.where}]": b.value for b in tables.marginal}
    units = {f"{b.constraint}[{b.where}]": b.unit for b in tables.marginal}
    rows += [
        {"measure": "marginal_value", "index": key, "value": value, "unit": units[key]}
        for key, value in binding.items()
    ]
    top = tuple(
        f"{b.constraint}[{b.where}] = {b.value:.4g} {b.unit}"
        for b in top_by_family(tables.marginal, TOP_PER_FAMILY)
    )
    return Measured("optimal", rows=tuple(rows), top=top, binding=binding)
