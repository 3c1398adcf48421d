"""Hand-solved tiny instances: one per constraint family, where that constraint binds.

Every golden number is worked out by hand in the test's docstring (never captured from the code).
Dual convention (FORMULATION.md): dual = ∂(stage-1 total output)/∂(right-hand side), so a binding
``≤`` limit has dual ≥ 0 and a binding ``≥`` requirement has dual ≤ 0.

Base instance (:func:`tiny`): plant A (chemistry X, firm F), year 2026, online 2026, permitted
10 GWh/yr, ramp factor 1, no scrap, mineral li at 2 t/GWh from one domestic source S (100 t/yr at
USD 1,000/t), capex 60 USD m per GWh/yr, no incentive. Tests change what they need.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.data import ModelData, incentive_rate_musd_per_gwh, one_award_per_plant
from models.result import SolveResult
from models.solve import solve

TOL = 1e-6


def tiny(**changes) -> ModelData:
    """The base instance described in the module docstring, with ``changes`` applied."""
    base = ModelData(
        plants=("A",),
        years=(2026,),
        minerals=("li",),
        sources=("S",),
        plant_firm={"A": "F"},
        plant_chemistry={"A": "X"},
        online_year={"A": 2026},
        permitted_capacity_gwh={("A", 2026): 10.0},
        ramp_factor=(1.0,),
        scrap_share=(0.0,),
        intensity_t_per_gwh={("X", "li"): 2.0},
        supply_t={("S", "li", 2026): 100.0},
        price_usd_per_t={("S", "li"): 1000.0},
        source_imported={"S": False},
        source_origin={"S": "India"},
        capex_musd_per_gwh={"A": 60.0},
        firm_cap_gwh=20.0,
        budget_musd=0.0,
    )
    return replace(base, **changes)


def two_years(**changes) -> ModelData:
    """:func:`tiny` over 2026–2027 with 100 t/yr of li in both years."""
    base = tiny(
        years=(2026, 2027),
        permitted_capacity_gwh={("A", 2026): 10.0, ("A", 2027): 10.0},
        supply_t={("S", "li", 2026): 100.0, ("S", "li", 2027): 100.0},
    )
    return replace(base, **changes)


def awards(rates: dict, sizes: dict, firms: dict | None = None) -> dict:
    """ModelData award fields: one awarded agreement per plant, named after it (firm F)."""
    firms = firms or {p: "F" for p in sizes}
    return one_award_per_plant(firms, rates, sizes)


def gap_plant(**changes) -> ModelData:
    """:func:`tiny` with a capital premium of 5 USD m per GWh/yr, one award "A" of 20 GWh at
    incentive 10 USD/kWh in 2026, 100 GWh/yr permitted and 1,000 t of li, so only the incentive
    limits output. The scheme owes 10 × min(out, 20); in one year with ramp factor 1,
    viability reads 5 x ≤ 10 e, e = min(out, 20), and ramp_up out ≤ x."""
    base = tiny(
        permitted_capacity_gwh={("A", 2026): 100.0},
        supply_t={("S", "li", 2026): 1000.0},
        capital_premium_musd_per_gwh={"A": 5.0},
        budget_musd=1000.0,
        **awards({("A", 2026): 10.0}, {"A": 20.0}),
    )
    return replace(base, **changes)


def optimal(data: ModelData) -> SolveResult:
    result = solve(data)
    assert result.is_optimal, result.solver_message
    return result


def approx(x: float) -> object:
    return pytest.approx(x, abs=TOL, rel=TOL)


def test_capacity_limit_binds() -> None:
    """Ramp factor 0.5: out ≤ 0.5 x, x ≤ 10 ⇒ out = 5 GWh.

    Duals: out is basic, so ramp_up = 1 (c_out = 1 = ramp dual). x is basic: 0 = −0.5 × 1 + cap
    ⇒ capacity_limit = 0.5 GWh per GWh/yr (≥ 0, a ≤ limit). Minerals: 2 × 5 = 10 t ≤ 100.
    Stage 2: 60 × 10 + 10 t × 1,000 × 1e-6 = 600.01 USD m.
    """
    r = optimal(tiny(ramp_factor=(0.5,)))
    assert r.output_gwh == approx(5.0)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(10.0)
    assert r.duals["capacity_limit"][("A", 2026)] == approx(0.5)
    assert r.dual_units["capacity_limit"] == "GWh per GWh/yr"
    assert r.cost_musd == approx(600.01)


def test_ramp_up_block_ages() -> None:
    """Ramp (0.3, 0.6, 0.9); permitted 10 (2026), 15 (2027); a = block 2026, b = block 2027.

    out26 ≤ 0.3a, out27 ≤ 0.6a + 0.3b, a ≤ 10, a + b ≤ 15 ⇒ max 0.9a + 0.3b ⇒ a = 10, b = 5,
    out26 = 3, out27 = 6 + 1.5 = 7.5, total 10.5 GWh. Duals: out columns ⇒ ramp_up = 1 each;
    b column: 0.3 × 1 = cap27 ⇒ 0.3; a column: 0.3 + 0.6 = cap26 + cap27 ⇒ cap26 = 0.6.
    """
    data = two_years(
        ramp_factor=(0.3, 0.6, 0.9),
        permitted_capacity_gwh={("A", 2026): 10.0, ("A", 2027): 15.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(10.5)
    assert r.values["output_gwh"][("A", 2026)] == approx(3.0)
    assert r.values["output_gwh"][("A", 2027)] == approx(7.5)
    assert r.values["capacity_added_gwh"][("A", 2027)] == approx(5.0)
    assert r.duals["ramp_up"][("A", 2026)] == approx(1.0)
    assert r.duals["ramp_up"][("A", 2027)] == approx(1.0)
    assert r.duals["capacity_limit"][("A", 2026)] == approx(0.6)
    assert r.duals["capacity_limit"][("A", 2027)] == approx(0.3)


def test_capacity_commitment_costs_capital() -> None:
    """4 t of li at 2 t/GWh ⇒ out = 2 GWh; only 2 GWh/yr of capacity is needed.

    A commitment of 6 GWh/yr makes stage 2 install 6 (cost 60 × 6 + 4 × 1,000e-6 = 360.004)
    instead of 2 (120.004). Capacity never costs output in stage 1, so its dual is 0 (the
    commitment binds in the plan, not in the output).
    """
    data = tiny(supply_t={("S", "li", 2026): 4.0}, committed_capacity_gwh={("A", 2026): 6.0})
    r = optimal(data)
    assert r.output_gwh == approx(2.0)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(6.0)
    assert r.cost_musd == approx(360.004)
    assert r.duals["capacity_commitment"][("A", 2026)] == approx(0.0)
    free = optimal(replace(data, committed_capacity_gwh={}))
    assert free.cost_musd == approx(120.004)


def test_min_output_takes_minerals_from_better_plant() -> None:
    """A (1 t/GWh) and B (2 t/GWh) share 10 t of li; B must make 2 GWh.

    B uses 4 t, A gets 6 t ⇒ out A = 6, total 8 GWh (10 without the minimum). Duals: out A
    ⇒ need A = −1; flow A ⇒ supply = 1 GWh per t; flow B ⇒ need B = −1; out B: 1 = 2 × 1 + m
    ⇒ min_output = −1 GWh per GWh (≤ 0, a binding ≥).
    """
    data = tiny(
        plants=("A", "B"),
        plant_firm={"A": "F", "B": "G"},
        plant_chemistry={"A": "X", "B": "Y"},
        online_year={"A": 2026, "B": 2026},
        permitted_capacity_gwh={("A", 2026): 10.0, ("B", 2026): 10.0},
        intensity_t_per_gwh={("X", "li"): 1.0, ("Y", "li"): 2.0},
        supply_t={("S", "li", 2026): 10.0},
        capex_musd_per_gwh={"A": 60.0, "B": 60.0},
        min_output_gwh={("B", 2026): 2.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(8.0)
    assert r.values["output_gwh"][("A", 2026)] == approx(6.0)
    assert r.values["output_gwh"][("B", 2026)] == approx(2.0)
    assert r.duals["min_output"][("B", 2026)] == approx(-1.0)
    assert r.duals["mineral_supply_limit"][("S", "li", 2026)] == approx(1.0)


def test_demand_limit_binds() -> None:
    """Demand 4 GWh < 10 permitted ⇒ out = 4; one more GWh of demand gives one more GWh: dual 1."""
    r = optimal(tiny(demand_gwh={2026: 4.0}))
    assert r.output_gwh == approx(4.0)
    assert r.duals["demand_limit"][(2026,)] == approx(1.0)
    assert r.dual_units["demand_limit"] == "GWh per GWh"


def test_mineral_need_with_scrap_by_age() -> None:
    """Scrap (0.5, 0.25) by plant age; 6 t/yr of li; 100 GWh/yr permitted.

    Need 2 × 1.5 = 3 t/GWh in 2026 (age 1) ⇒ out 2; 2 × 1.25 = 2.5 t/GWh in 2027 (age 2)
    ⇒ out 2.4; total 4.4 GWh. Duals: out26: 1 = −3 × need26 ⇒ need26 = −1/3 (≤ 0, a ≥ row);
    flow: need + supply = 0 ⇒ supply26 = 1/3 GWh per t; likewise need27 = −0.4, supply27 = 0.4.
    """
    data = two_years(
        scrap_share=(0.5, 0.25),
        permitted_capacity_gwh={("A", 2026): 100.0, ("A", 2027): 100.0},
        supply_t={("S", "li", 2026): 6.0, ("S", "li", 2027): 6.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(4.4)
    assert r.values["output_gwh"][("A", 2027)] == approx(2.4)
    assert r.duals["mineral_need"][("A", "li", 2026)] == approx(-1 / 3)
    assert r.duals["mineral_need"][("A", "li", 2027)] == approx(-0.4)
    assert r.duals["mineral_supply_limit"][("S", "li", 2026)] == approx(1 / 3)
    assert r.duals["mineral_supply_limit"][("S", "li", 2027)] == approx(0.4)


def test_mineral_supply_limit_two_sources() -> None:
    """S1 4 t at USD 1,000/t, S2 6 t at USD 3,000/t, 2 t/GWh ⇒ out = 10/2 = 5 GWh.

    Each supply dual is 1/2 GWh per t (≥ 0). Stage 2 must buy all 10 t: cost 60 × 5 +
    (4 × 1,000 + 6 × 3,000) × 1e-6 = 300.022 USD m.
    """
    data = tiny(
        sources=("S1", "S2"),
        supply_t={("S1", "li", 2026): 4.0, ("S2", "li", 2026): 6.0},
        price_usd_per_t={("S1", "li"): 1000.0, ("S2", "li"): 3000.0},
        source_imported={"S1": False, "S2": False},
        source_origin={"S1": "India", "S2": "India"},
    )
    r = optimal(data)
    assert r.output_gwh == approx(5.0)
    assert r.values["mineral_flow_t"][("S2", "li", "A", 2026)] == approx(6.0)
    assert r.duals["mineral_supply_limit"][("S1", "li", 2026)] == approx(0.5)
    assert r.duals["mineral_supply_limit"][("S2", "li", 2026)] == approx(0.5)
    assert r.dual_units["mineral_supply_limit"] == "GWh per t"
    assert r.cost_musd == approx(300.022)


def test_source_share_limit_binds() -> None:
    """Domestic D (2 t) and imported I (100 t); no source above 50 % of li; 1 t/GWh.

    Rows (FORMULATION.md) and their duals, ∂(output)/∂(rhs), GWh per t:
      mineral_need         f_I + f_D − 1 × out ≥ 0   ν ≤ 0
      source_share_limit   f_I − 0.5 u ≤ 0           λ ≥ 0
      mineral_use_balance  u − f_I − f_D = 0          μ
      mineral_supply_limit f_D ≤ 2, f_I ≤ 100        β_D, β_I
    f_I ≤ 0.5 (f_I + f_D) ⇒ f_I ≤ f_D ≤ 2 ⇒ out = 4 GWh (100 without the share limit), u = 4 t.
    Basic columns (objective coefficient = Σ dual × coefficient): out 1 = −ν ⇒ ν = −1;
    u 0 = −0.5 λ + μ; f_I 0 = ν + λ − μ ⇒ 0.5 λ = 1 ⇒ λ = 2, μ = 1; f_D 0 = ν − μ + β_D
    ⇒ β_D = 2; β_I = 0 (slack). λ is the dual the share row had when written over every flow
    (f_I − 0.5 (f_I + f_D) ≤ 0): the same perturbation of the same feasible set.
    """
    data = tiny(
        sources=("D", "I"),
        intensity_t_per_gwh={("X", "li"): 1.0},
        permitted_capacity_gwh={("A", 2026): 100.0},
        supply_t={("D", "li", 2026): 2.0, ("I", "li", 2026): 100.0},
        price_usd_per_t={("D", "li"): 1000.0, ("I", "li"): 1000.0},
        source_imported={"D": False, "I": True},
        source_origin={"D": "India", "I": "Chile"},
        max_source_share={"li": 0.5},
    )
    r = optimal(data)
    assert r.output_gwh == approx(4.0)
    assert r.values["mineral_flow_t"][("I", "li", "A", 2026)] == approx(2.0)
    assert r.values["mineral_use_t"][("li", 2026)] == approx(4.0)
    assert r.duals["source_share_limit"][("I", "li", 2026)] == approx(2.0)
    assert r.duals["mineral_use_balance"][("li", 2026)] == approx(1.0)
    assert r.duals["mineral_need"][("A", "li", 2026)] == approx(-1.0)
    assert r.dual_units["mineral_use_balance"] == "GWh per t"
    assert r.duals["mineral_supply_limit"][("D", "li", 2026)] == approx(2.0)
    assert r.duals["mineral_supply_limit"][("I", "li", 2026)] == approx(0.0)
    assert ("D", "li", 2026) not in r.duals["source_share_limit"]  # domestic is exempt


def test_eligible_within_output_stops_paying_for_unmade_cells() -> None:
    """Premium 15 > rate 10: viability needs 10 e ≥ 15 x ≥ 15 out, eligible_within_output
    e ≤ out ⇒ out = 0.

    (Without e ≤ out the plant would build and make 10 × 20 / 15 = 13 1/3 GWh, claiming its
    whole award of 20 GWh of incentive.) The optimum is degenerate, so the duals are a range,
    worked out by hand with the claim switch held at "all output claimed" (μ ≥ 0 the dual of
    e ≥ out): out column ρ − w + μ ≥ 1, x column 15 v ≥ ρ, e column w − μ ≥ 10 v ⇒
    15 v ≥ 1 + 10 v ⇒ v ≥ 0.2, w ≥ 2 (all ≥ 0).
    """
    r = optimal(gap_plant(capital_premium_musd_per_gwh={"A": 15.0}))
    assert r.output_gwh == approx(0.0)
    assert r.values["output_gwh"][("A", 2026)] == approx(0.0)
    assert r.duals["eligible_within_output"][("A", 2026)] >= 2.0 - TOL
    assert r.duals["viability"][("A",)] >= 0.2 - TOL


def test_incentive_budget_binds_on_what_is_owed() -> None:
    """Budget 50 USD m; the scheme owes 10 × min(out, 20). Output above 20 would owe 200 > 50,
    so out ≤ 20 and the owed 10 × out ≤ 50 ⇒ out = 5 GWh, eligible 5 (the old "least support"
    model made 10 GWh here, paying for only half of them). Viability 5 x ≤ 50 holds for x = 5.

    Duals (switch held at "all output claimed"; x interior so ramp and viability duals 0): e
    column 10 β + λ − μ = 0, out column −λ + μ = 1 (λ: eligible_within_output, μ ≥ 0:
    claim_all_output as e ≥ out) ⇒ β = 0.1 GWh per USD m; μ = 1 + λ ≥ 1, so the ≥ row's dual
    −μ ≤ −1. Stage 2: 50 + 60 × 5 + 2 × 5 × 1,000e-6 = 350.01 USD m.
    """
    r = optimal(gap_plant(budget_musd=50.0))
    assert r.output_gwh == approx(5.0)
    assert r.values["award_eligible_gwh"][("A", 2026)] == approx(5.0)
    assert r.values["award_paid_musd"][("A", 2026)] == approx(50.0)
    assert r.duals["incentive_budget"][()] == approx(0.1)
    assert r.duals["claim_all_output"][("A", 2026)] <= -1.0 + TOL
    assert r.dual_units["incentive_budget"] == "GWh per USD million"
    assert r.integer_decisions
    assert r.cost_musd == approx(350.01)


def test_annual_disbursement_limit_binds() -> None:
    """Two years, operating gap 5 (no capital premium), rate 10, award 20, budget 1,000, at
    most 30 USD m paid in 2027.

    The scheme owes 10 × min(out, 20) a year. 2026: operating_gap_cover 5 out ≤ 200 ⇒ out 40.
    2027: owed ≤ 30 ⇒ min(out, 20) ≤ 3, and out > 20 would owe 200 ⇒ out 3 (cover 15 ≤ 30).
    Total 43 GWh (paid 230 < 1,000, so incentive_budget is slack: dual 0). Annual dual: e = out
    in 2027 and 10 e ≤ 30 ⇒ 0.1 GWh per USD m.
    """
    data = gap_plant(
        years=(2026, 2027),
        permitted_capacity_gwh={("A", 2026): 100.0, ("A", 2027): 100.0},
        supply_t={("S", "li", 2026): 1000.0, ("S", "li", 2027): 1000.0},
        award_rate_musd_per_gwh={("A", 2026): 10.0, ("A", 2027): 10.0},
        annual_budget_musd={2027: 30.0},
        capital_premium_musd_per_gwh={},
        operating_gap_musd_per_gwh={"A": 5.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(43.0)
    assert r.values["output_gwh"][("A", 2027)] == approx(3.0)
    assert r.duals["annual_disbursement_limit"][(2027,)] == approx(0.1)
    assert r.duals["incentive_budget"][()] == approx(0.0)


def two_year_gap_plant(**changes) -> ModelData:
    """:func:`gap_plant` over 2026–2027, the incentive (rate 10) in 2026 only, award 4 GWh."""
    base = gap_plant(
        years=(2026, 2027),
        permitted_capacity_gwh={("A", 2026): 100.0, ("A", 2027): 100.0},
        supply_t={("S", "li", 2026): 1000.0, ("S", "li", 2027): 1000.0},
        award_gwh={"A": 4.0},
    )
    return replace(base, **changes)


def test_viability_limits_a_supported_plant() -> None:
    """Premium 5, rate 10 only in 2026 (the window), award 4: support ≤ 10 × 4 = 40 USD m covers
    5 x ≤ 40 ⇒ x26 = 8 GWh/yr, built once. The plant keeps producing after its window: out26 =
    out27 = 8 (no operating gap), total 16 GWh, and nothing is built for one year of output
    (x27 = 0; stage 2 adds no capacity beyond the 8 used).

    Dual: x26's column 5 v = ρ26 + ρ27 and out's columns ρ26 = ρ27 = 1 ⇒ v = 0.4 GWh per USD m
    (one more USD m builds 0.2 GWh/yr, which makes 0.2 in each of two years).
    """
    r = optimal(two_year_gap_plant())
    assert r.output_gwh == approx(16.0)
    assert r.values["output_gwh"][("A", 2026)] == approx(8.0)
    assert r.values["output_gwh"][("A", 2027)] == approx(8.0)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(8.0)
    assert r.values["capacity_added_gwh"][("A", 2027)] == approx(0.0)
    assert r.duals["viability"][("A",)] == approx(0.4)


def test_operating_gap_cover_stops_a_plant_when_support_stops() -> None:
    """Operating gap 5 USD/kWh, no premium, rate 10 only in 2026, award 4: 2026 5 out ≤ 10 × 4
    ⇒ out26 = 8; 2027 5 out27 ≤ 0 (no support) ⇒ out27 = 0: running costs more than importing.

    Without a premium the plant has no viability row (it would be the sum of the cover rows).
    Capacity is free (ramp duals 0), so out26's column gives 5 w26 = 1 ⇒ w26 = 0.2 GWh per
    USD m; 2027's row is degenerate (w27 ≥ 0.2 any).
    """
    r = optimal(
        two_year_gap_plant(capital_premium_musd_per_gwh={}, operating_gap_musd_per_gwh={"A": 5.0})
    )
    assert r.output_gwh == approx(8.0)
    assert r.values["output_gwh"][("A", 2027)] == approx(0.0)
    assert r.duals["operating_gap_cover"][("A", 2026)] == approx(0.2)
    assert r.duals["operating_gap_cover"][("A", 2027)] >= 0.2 - TOL
    assert r.duals.get("viability", {}) == {}


def test_window_after_horizon_is_valued_at_the_last_year() -> None:
    """One year, premium 5, rate 10, award 4, two window years after the horizon: ω = 1 + 2 = 3,
    so support 3 × 10 × e ≤ 120 covers 5 x ⇒ x = out = 24 GWh (8 without those years)."""
    r = optimal(gap_plant(award_gwh={"A": 4.0}, support_years_after_horizon={"A": 2}))
    assert r.output_gwh == approx(24.0)
    assert optimal(gap_plant(award_gwh={"A": 4.0})).output_gwh == approx(8.0)


def test_committed_capacity_is_not_charged_to_the_support() -> None:
    """Premium 5, rate 10, award 4, 10 GWh/yr committed by 2026: the commitment is built anyway,
    so viability reads 5 x ≤ 40 + 5 × 10 ⇒ x = out = 18 GWh."""
    r = optimal(gap_plant(award_gwh={"A": 4.0}, committed_capacity_gwh={("A", 2026): 10.0}))
    assert r.output_gwh == approx(18.0)


def test_existing_capacity_ramps_from_its_real_age() -> None:
    """1 GWh/yr installed at A in 2024 (A online 2024), permitted 1 GWh/yr (a running total,
    existing included, so nothing new: x = 0), ramp 0.3, 0.6, 0.8, 0.9, scrap 0.15, 0.15, 0.04.

    2026 is the block's (and plant's) age 3: out26 = 0.8, li 2 × (1 + 0.04) × 0.8 = 1.664 t;
    2027 age 4: out27 = 0.9. Total 1.7 GWh. (Re-ramped from 0.3 as if new, it would be 0.9.)
    One more GWh/yr permitted in 2026 adds a new block making 0.3 + 0.6 = 0.9 GWh: the
    capacity_limit dual of 2026 (with 2027's limit raised too) is read from a re-solve.
    """
    data = two_years(
        online_year={"A": 2024},
        existing_capacity_gwh={("A", 2024): 1.0},
        permitted_capacity_gwh={("A", 2026): 1.0, ("A", 2027): 1.0},
        ramp_factor=(0.3, 0.6, 0.8, 0.9),
        scrap_share=(0.15, 0.15, 0.04),
    )
    r = optimal(data)
    assert r.output_gwh == approx(1.7)
    assert r.values["output_gwh"][("A", 2026)] == approx(0.8)
    assert r.values["output_gwh"][("A", 2027)] == approx(0.9)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(0.0)
    assert r.values["mineral_flow_t"][("S", "li", "A", 2026)] == approx(1.664)
    more = optimal(replace(data, permitted_capacity_gwh={("A", 2026): 2.0, ("A", 2027): 2.0}))
    assert more.output_gwh == approx(1.7 + 0.9)


def test_capacity_by_year_objective() -> None:
    """:func:`two_year_gap_plant` maximising capacity by 2026: support 10 × 4 = 40 covers
    5 x ⇒ x26 = 8 GWh/yr (J* = 8). Then most output at that capacity: 8 + 8 = 16 GWh (stage 2
    may not idle it). Dual: one more USD m of support builds 1/5 GWh/yr ⇒ viability 0.2 GWh/yr
    per USD m."""
    r = optimal(replace(two_year_gap_plant(), objective="capacity_by_year", objective_year=2026))
    assert r.objective_value == approx(8.0)
    assert r.output_gwh is None
    assert sum(r.values["output_gwh"].values()) == approx(16.0)
    assert r.duals["viability"][("A",)] == approx(0.2)
    assert r.dual_units["viability"] == "GWh/yr per USD million"


def test_domestic_value_added_objective() -> None:
    """Value added 6 USD m/GWh in 2026 and 9 in 2027: the 8 GWh/yr built (as in
    :func:`test_viability_limits_a_supported_plant`) make 8 × 6 + 8 × 9 = 120 USD m. One more
    USD m of support: 0.2 GWh/yr more capacity ⇒ 0.2 × (6 + 9) = 3 USD m of value added."""
    data = replace(
        two_year_gap_plant(),
        objective="domestic_value_added",
        dva_value_musd_per_gwh={("A", 2026): 6.0, ("A", 2027): 9.0},
    )
    r = optimal(data)
    assert r.objective_value == approx(120.0)
    assert r.duals["viability"][("A",)] == approx(3.0)


def test_least_incentive_for_a_gwh_target() -> None:
    """Least incentive owed for T = 8 GWh over 2026–2027. The scheme owes 10 × min(out26, 4)
    (rate only in 2026); capacity X = x26 + x27 must have its premium covered, 5 X ≤ owed, and
    out27 ≤ X, out26 ≤ x26. So owed = 10 out26 ≥ 10 (T − X) and ≥ 5 X: least where 10 (T − X)
    = 5 X ⇒ X = 2T/3 = 16/3, out26 = T/3 = 8/3 (< 4), owed 10T/3 = 80/3 USD m. (The old
    "least support" model paid 20 here, counting 2 of the 4 GWh made in 2026 as eligible.)
    One more GWh of target costs 10/3 USD m: output_target dual 10/3 USD million per GWh."""
    r = optimal(replace(two_year_gap_plant(), objective="least_incentive", output_target_gwh=8.0))
    assert r.objective_value == approx(80 / 3)
    assert sum(r.values["output_gwh"].values()) == approx(8.0)
    assert r.values["award_eligible_gwh"][("A", 2026)] == approx(8 / 3)
    assert r.duals["output_target"][()] == approx(10 / 3)
    assert r.dual_units["output_target"] == "USD million per GWh"


def test_objective_hold_epsilon_constraint() -> None:
    """Epsilon-constraint both ways on :func:`two_year_gap_plant`. Least incentive for 8 GWh
    while holding cumulative output ≥ 10: as in the target test with T = 10, owed 10T/3 = 100/3
    USD m (out26 = 10/3 < 4); the hold binds with dual 10/3 USD m per GWh (as the target would).
    Most output while holding the incentive owed ≤ 15 USD m: 10 min(out26, 4) ≤ 15 ⇒ out26 = 1.5
    (out26 ≥ 4 would owe 40), 5 X ≤ 15 ⇒ X = 3, out27 = 3: 4.5 GWh; 0.1 + 0.2 = 0.3 GWh per
    USD m."""
    held_output = replace(
        two_year_gap_plant(),
        objective="least_incentive",
        output_target_gwh=8.0,
        hold_objective="cumulative_gwh",
        hold_level=10.0,
    )
    r = optimal(held_output)
    assert r.objective_value == approx(100 / 3)
    assert r.duals["objective_hold"][()] == approx(10 / 3)
    assert r.dual_units["objective_hold"] == "USD million per GWh"
    held_incentive = replace(
        two_year_gap_plant(), hold_objective="least_incentive", hold_level=15.0
    )
    r = optimal(held_incentive)
    assert r.output_gwh == approx(4.5)
    assert r.duals["objective_hold"][()] == approx(0.3)


def test_output_floor_keeps_output_and_picks_cheapest() -> None:
    """Plants A (capex 60) and B (capex 70), 10 GWh/yr each, demand 10; li from S1 (USD 2,000/t)
    or S2 (USD 1,000/t), 100 t each.

    Stage 1: 10 GWh, however split. Stage 2 holds Σ out ≥ 10 and minimises cost: all from
    A with S2's li: 60 × 10 + 20 t × 1,000e-6 = 600.02 USD m. The floor is 0 in stage 1, so its
    stage-1 dual is 0.
    """
    data = tiny(
        plants=("A", "B"),
        plant_firm={"A": "F", "B": "G"},
        plant_chemistry={"A": "X", "B": "X"},
        online_year={"A": 2026, "B": 2026},
        permitted_capacity_gwh={("A", 2026): 10.0, ("B", 2026): 10.0},
        capex_musd_per_gwh={"A": 60.0, "B": 70.0},
        sources=("S1", "S2"),
        supply_t={("S1", "li", 2026): 100.0, ("S2", "li", 2026): 100.0},
        price_usd_per_t={("S1", "li"): 2000.0, ("S2", "li"): 1000.0},
        source_imported={"S1": True, "S2": True},
        source_origin={"S1": "Chile", "S2": "Chile"},
        demand_gwh={2026: 10.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(10.0)
    assert sum(r.values["output_gwh"].values()) == approx(10.0)
    assert r.values["output_gwh"][("A", 2026)] == approx(10.0)
    assert r.values["capacity_added_gwh"][("B", 2026)] == approx(0.0)
    assert r.values["mineral_flow_t"][("S2", "li", "A", 2026)] == approx(20.0)
    assert r.cost_musd == approx(600.02)
    assert r.duals["output_floor"][()] == approx(0.0)


def test_incentive_rate_example_from_brief() -> None:
    """Brief §6b: bid Rs 1,700 × DVA 0.60 = 1,020; cap 0.20 × 60 × 87 = 1,044; 1,020 / 87."""
    rate = incentive_rate_musd_per_gwh(1700, 0.60, 60, 0.20, 87)
    assert rate == pytest.approx(1020 / 87)
    assert rate == pytest.approx(11.724, abs=1e-3)


CONSTRAINT_TESTS = {
    "capacity_limit": test_capacity_limit_binds,
    "capacity_commitment": test_capacity_commitment_costs_capital,
    "ramp_up": test_ramp_up_block_ages,
    "min_output": test_min_output_takes_minerals_from_better_plant,
    "demand_limit": test_demand_limit_binds,
    "mineral_need": test_mineral_need_with_scrap_by_age,
    "mineral_supply_limit": test_mineral_supply_limit_two_sources,
    "mineral_use_balance": test_source_share_limit_binds,
    "source_share_limit": test_source_share_limit_binds,
    "eligible_within_output": test_eligible_within_output_stops_paying_for_unmade_cells,
    "incentive_budget": test_incentive_budget_binds_on_what_is_owed,
    "claim_all_output": test_incentive_budget_binds_on_what_is_owed,
    "annual_disbursement_limit": test_annual_disbursement_limit_binds,
    "viability": test_viability_limits_a_supported_plant,
    "output_target": test_least_incentive_for_a_gwh_target,
    "objective_hold": test_objective_hold_epsilon_constraint,
    "operating_gap_cover": test_operating_gap_cover_stops_a_plant_when_support_stops,
    "output_floor": test_output_floor_keeps_output_and_picks_cheapest,
}
"""Constraint component name -> the hand-solved test where it binds (checked by the registry
test in ``test_model_registry.py``); the award families are in ``test_model_scheme.py``."""
