"""Turn a solved model into the plan's tables: plain rows of numbers, no openpyxl.

The workbook writer and the terminal summary both read :class:`PlanTables`, so the numbers a user
sees on screen are the numbers in the plan. Money is USD million (the model's unit) and Rs crore
(USD million × FX / 10, since 1 crore = 10^7 and 1 million = 10^6).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from models.data import ModelData
from models.existing import installed_before
from models.result import SolveResult
from models.units import ZERO, musd_to_crore
from planner.plan import schema as ps
from planner.plan.answers import answers
from planner.plan.awards import award_rows, budget_step_sentence, candidate_rows
from planner.plan.chain_tables import chain_tables, magnet_only_forms
from planner.plan.duals import Binding, marginal_rows
from planner.plan.numbers import SIGNIFICANT, Row, tidy  # noqa: F401 (SIGNIFICANT, Row: re-exported)
from planner.plan.offtake import payments, prepaid_shares, purchases
from planner.plan.shortfall import shortfall_words

NUMBERS = ("value", "now", "valid_from", "valid_to", "output_from", "output_to")
"""The numeric fields of a marginal value (:class:`~planner.plan.duals.Binding`)."""


@dataclass(frozen=True)
class PlanTables:
    """Every number of a plan, in the order it is written."""

    plants: list[Row]
    flows: list[Row]
    mineral_totals: list[Row]
    years: list[Row]
    marginal: list[Binding]
    headline: dict[str, float | int | None] = field(default_factory=dict)
    chain: dict[str, list[Row]] = field(default_factory=dict)
    """Supply-chain tables by sheet name (``planner.plan.chain_tables``)."""
    answers: Any = None
    """The Summary's first sections (:class:`planner.plan.answers.Answers`)."""
    objective: str = ""
    """What the plan optimised and the optimum, e.g. "Objective: most cell output over the
    horizon: 500.8 GWh" (Settings objective)."""
    awards: list[Row] = field(default_factory=list)
    """What each award is owed, per award and year (:mod:`planner.plan.awards`)."""
    candidates: list[Row] = field(default_factory=list)
    """Candidate awards: which the plan funds and what each buys."""
    budget_step: str = ""
    """What Rs 100 crore more budget would buy and whom it would fund ("" if not computed)."""
    decisions_held: bool = False
    """True when the plan had 0/1 decisions (awards, claims, delays, ceilings, blocks): its
    marginal values come from the LP with them held, and the Summary says so."""

    def rows(self, table: ps.OutTable) -> list[Row]:
        """The rows of one plan table (``Marginal values`` as plain dicts)."""
        by_sheet = {
            ps.PLANTS.sheet: self.plants,
            ps.FLOWS.sheet: self.flows,
            ps.MINERAL_TOTALS.sheet: self.mineral_totals,
            ps.YEARS.sheet: self.years,
            ps.AWARDS.sheet: self.awards,
            ps.CANDIDATES.sheet: self.candidates,
            ps.MARGINAL.sheet: [b.row() for b in self.marginal],
        }
        return by_sheet.get(table.sheet, self.chain.get(table.sheet, []))


def snap(value: float) -> float:
    """``value`` with solver noise below :data:`models.units.ZERO` made exactly 0."""
    return 0.0 if abs(value) < ZERO else float(value)


def _tidy_rows(rows: list[Row]) -> list[Row]:
    return [{k: tidy(v) for k, v in r.items()} for r in rows]


def build_tables(data: ModelData, result: SolveResult, fx_rs_per_usd: float) -> PlanTables:
    """All plan tables for an optimal ``result`` of ``data``, every float :func:`tidy`."""
    plants = plant_rows(data, result, fx_rs_per_usd)
    flows = flow_rows(data, result)
    totals = mineral_total_rows(data, flows)
    years = year_rows(data, plants, flows, fx_rs_per_usd)
    bought = purchases(data, result)  # route feed and take-or-pay payments, not in flows
    for row in years:
        total, imported = bought.get(row["year"], (0.0, 0.0))
        row["mineral_cost"] = snap(row["mineral_cost"] + total)
        row["import_bill"] = snap(row["import_bill"] + imported)
    marginal = marginal_rows(data, result, fx_rs_per_usd)
    headline = headline_numbers(data, plants, years, marginal, fx_rs_per_usd)
    headline["budget_step_gwh"] = (
        None if result.budget_step_gwh is None else snap(result.budget_step_gwh)
    )
    awards = award_rows(data, result, fx_rs_per_usd)
    candidates = candidate_rows(data, result, awards)
    step = budget_step_sentence(data, result, candidates)
    tidied = [
        dataclasses.replace(
            b, **{k: tidy(getattr(b, k)) for k in NUMBERS if getattr(b, k) is not None}
        )
        for b in marginal
    ]
    tidy_totals = _tidy_rows(totals)
    return PlanTables(
        _tidy_rows(plants),
        _tidy_rows(flows),
        tidy_totals,
        _tidy_rows(years),
        tidied,
        {k: tidy(v) for k, v in headline.items()},
        {sheet: _tidy_rows(rows) for sheet, rows in chain_tables(data, result).items()},
        answers(data, awards, tidy_totals, tidied, fx_rs_per_usd, step),
        objective_sentence(data, result),
        _tidy_rows(awards),
        _tidy_rows(candidates),
        step,
        result.integer_decisions,
    )


def objective_sentence(data: ModelData, result: SolveResult) -> str:
    """The Settings objective in words, with its optimum and any hold."""
    year = data.objective_year if data.objective_year is not None else data.years[-1]
    words = {
        "cumulative_gwh": ("most cell output over the horizon", "GWh"),
        "capacity_by_year": (f"most capacity added by {year}", "GWh/yr"),
        "domestic_value_added": ("most domestic value added", "USD million"),
        "least_incentive": (
            f"least incentive owed for {data.output_target_gwh or 0:,.1f} GWh",
            "USD million",
        ),
    }
    what, unit = words[data.objective]
    value = result.objective_value
    text = f"Objective: {what}" + ("" if value is None else f": {value:,.1f} {unit}")
    if data.hold_objective is not None:
        held, held_unit = words[data.hold_objective]
        bound = "at most" if data.hold_objective == "least_incentive" else "at least"
        text += f" (holding {held.split(' for ')[0]} {bound} {data.hold_level:,.1f} {held_unit})"
    return text


def _value(result: SolveResult, var: str, index: tuple) -> float:
    return snap(result.values.get(var, {}).get(index, 0.0))


def award_rows_by_plant(data: ModelData, result: SolveResult) -> dict[tuple[str, int], dict]:
    """(p, y) -> eligible GWh, gross entitlement and paid (USD m) summed over p's awards."""
    out: dict[tuple[str, int], dict] = defaultdict(lambda: defaultdict(float))
    eligible = result.values.get("award_eligible_gwh", {})
    paid = result.values.get("award_paid_musd", {})
    for (a, y), e in eligible.items():
        row = out[(data.award_plant[a], y)]
        row["eligible"] += snap(e)
        row["gross"] += snap(data.award_rate_musd_per_gwh.get((a, y), 0.0) * e)
        row["paid"] += snap(paid.get((a, y), 0.0))
    return out


def plant_rows(data: ModelData, result: SolveResult, fx: float) -> list[Row]:
    """One row per plant and year: capacity, output, eligible output, incentive, utilisation."""
    rows = []
    before = installed_before(data)
    by_plant = award_rows_by_plant(data, result)
    why = shortfall_words(data, result)
    for p in data.plants:
        capacity = before.get(p, 0.0)  # installed before the horizon (Existing sheet)
        for y in data.years:
            added = _value(result, "capacity_added_gwh", (p, y))
            capacity = snap(capacity + added)
            output = _value(result, "output_gwh", (p, y))
            awards = by_plant.get((p, y), {})
            eligible = snap(awards.get("eligible", 0.0))
            incentive = snap(awards.get("paid", 0.0))
            rows.append(
                {
                    "plant_id": p,
                    "year": y,
                    "firm": data.plant_firm[p],
                    "chemistry": data.plant_chemistry[p],
                    "capacity_added": added,
                    "capacity": capacity,
                    "output": output,
                    "eligible_output": eligible,
                    "incentive": incentive,
                    "incentive_rs": musd_to_crore(incentive, fx),
                    "utilisation": output / capacity if capacity > ZERO else None,
                    "claimable": snap(awards.get("gross", 0.0)),
                    "mineral_shortfall": why.get((p, y), ""),
                }
            )
    return rows


def flow_rows(data: ModelData, result: SolveResult) -> list[Row]:
    """Every non-zero mineral flow, sorted by source, mineral, plant and year."""
    rows = []
    prepaid = prepaid_shares(data, result)  # take-or-pay tonnes are paid on the Offtake sheet
    for (s, k, p, y), raw in sorted(result.values.get("mineral_flow_t", {}).items()):
        flow = snap(raw)
        if flow == 0.0:
            continue
        price = data.price_usd_per_t.get((s, k), 0.0)
        paid_ahead = snap(flow * prepaid.get((s, k, y), 0.0))
        rows.append(
            {
                "source_id": s,
                "origin": data.country(s),
                "mineral": k,
                "plant_id": p,
                "year": y,
                "flow": flow,
                "prepaid": paid_ahead,
                "cost": (flow - paid_ahead) * price / 1e6,
                "unit": data.mineral_unit.get(k, "t"),
            }
        )
    return rows


def mineral_total_rows(data: ModelData, flows: list[Row]) -> list[Row]:
    """Use, cost and supply by mineral, origin and year, for every origin offering the mineral."""
    flow, cost = _origin_sums(data, flows)
    supply: dict[tuple, float] = defaultdict(float)
    kinds: dict[tuple[str, str], set[bool]] = defaultdict(set)
    for s, k in data.price_usd_per_t:
        origin = data.source_origin.get(s, "")
        kinds[(k, origin)].add(bool(data.source_imported.get(s, True)))
        for y in data.years:
            supply[(k, origin, y)] += data.supply_t.get((s, k, y), 0.0)
    for r in data.routes:  # a route can deliver yield × capacity of its product, made there
        location, k = data.route_location[r], data.route_product[r]
        kinds[(k, location)].add(location != "India")
        for y in data.years:
            supply[(k, location, y)] += data.route_yield[r] * data.route_capacity_t.get((r, y), 0)
    for c, k in data.recycling_yield:  # at most yield × capacity (scrap permitting)
        kinds[(k, "India")].add(False)
        for y in data.years:
            cap = data.recycling_capacity_t.get((c, y), 0.0)
            supply[(k, "India", y)] += data.recycling_yield[(c, k)] * cap
    rows = []
    rare_earths = magnet_only_forms(data)  # on the Magnets sheet, not cell minerals
    for key in sorted(set(supply) | set(flow)):
        k, origin, y = key
        if (supply[key] <= ZERO and flow[key] <= ZERO) or k in rare_earths:
            continue
        rows.append(
            {
                "mineral": k,
                "origin": origin,
                "year": y,
                "imported": _imported_word(kinds[(k, origin)]),
                "flow": snap(flow[key]),
                "cost": snap(cost[key]),
                "supply": supply[key],
                "used": flow[key] / supply[key] if supply[key] > ZERO else None,
                "unit": data.mineral_unit.get(k, "t"),
            }
        )
    return rows


def _origin_sums(data: ModelData, flows: list[Row]) -> tuple[dict, dict]:
    """(mineral, origin, year) → tonnes, and → purchases: flows at market price plus the
    take-or-pay payments to the origin's sources (paid whether the tonnes are used or not)."""
    flow: dict[tuple, float] = defaultdict(float)
    cost: dict[tuple, float] = defaultdict(float)
    for r in flows:
        key = (r["mineral"], r["origin"], r["year"])
        flow[key] += r["flow"]
        cost[key] += r["cost"]
    for (s, k, y), paid in payments(data).items():
        cost[(k, data.country(s), y)] += paid
    return flow, cost


def _imported_word(kinds: set[bool]) -> str:
    if kinds == {True}:
        return "yes"
    return "no" if kinds == {False} else "mixed"


def year_rows(data: ModelData, plants: list[Row], flows: list[Row], fx: float) -> list[Row]:
    """Totals by year: output, incentive (USD million and Rs crore), import bill, mineral cost."""
    sums: dict[tuple[str, int], float] = defaultdict(float)
    for r in plants:
        sums[("output", r["year"])] += r["output"]
        sums[("incentive", r["year"])] += r["incentive"]
    for r in flows:
        sums[("mineral_cost", r["year"])] += r["cost"]
        if data.source_imported.get(r["source_id"], True):
            sums[("import_bill", r["year"])] += r["cost"]
    rows = []
    for y in data.years:
        incentive = snap(sums[("incentive", y)])
        rows.append(
            {
                "year": y,
                "output": snap(sums[("output", y)]),
                "incentive": incentive,
                "incentive_rs": musd_to_crore(incentive, fx),
                "import_bill": snap(sums[("import_bill", y)]),
                "mineral_cost": snap(sums[("mineral_cost", y)]),
            }
        )
    return rows


def headline_numbers(
    data: ModelData, plants: list[Row], years: list[Row], marginal: list[Binding], fx: float
) -> dict[str, float | int | None]:
    """The Summary's headline lines, keyed like :data:`planner.plan.schema.SUMMARY_LABELS`."""
    incentive = snap(sum(r["incentive"] for r in years))
    capex = sum(
        data.capex_musd_per_gwh.get(r["plant_id"], 0.0) * r["capacity_added"] for r in plants
    )
    budget = [b.value for b in marginal if b.constraint == "incentive_budget"]
    return {
        "total_output": snap(sum(r["output"] for r in years)),
        "incentive_rs": musd_to_crore(incentive, fx),
        "budget_rs": musd_to_crore(data.budget_musd, fx),
        "budget_used": incentive / data.budget_musd if data.budget_musd > 0 else None,
        "budget_left_rs": musd_to_crore(snap(data.budget_musd - incentive), fx),
        "incentive_musd": incentive,
        "budget_musd": data.budget_musd,
        "budget_value_gwh": snap(budget[0]) if budget else 0.0,
        "claimable_musd": snap(sum(r["claimable"] for r in plants)),
        "import_bill": snap(sum(r["import_bill"] for r in years)),
        "mineral_cost": snap(sum(r["mineral_cost"] for r in years)),
        "capex": snap(capex),
        "fx": fx,
        "binding": len(marginal),
    }
