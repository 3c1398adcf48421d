"""The supply-chain scenarios in inputs/: a Canada lithium offtake, the graphite licence cut
with more Indian spheronisation, a partner floor on lithium.

The spheronisation check ties the plan's marginal value of processing capacity to an
independent re-solve: within the LP's linear range, 5,000 t/yr more capacity at R01 changes
total output by Σ_y (GWh per t/yr in y) × 5,000, and half the step by half as much.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.solve import solve
from planner.plan import schema as ps
from planner.plan.tables import build_tables
from planner.workbook.load import load_input
from tests.conftest import INPUTS, input_script

SCRIPT = input_script("build_scenarios")


def _load(name: str):
    return load_input(INPUTS / f"{name}.xlsx").data


@pytest.fixture(scope="module")
def licence():
    cut = _load("acc_graphite_licence_cut")
    more = _load("acc_graphite_licence_cut_india_spheronisation")
    return cut, solve(cut), more, solve(more)


def test_spheronisation_gain_is_what_its_marginal_value_predicts(licence) -> None:
    cut, cut_plan, more, more_plan = licence
    step = SCRIPT.EXTRA_SPHERONISATION_T
    assert all(
        more.route_capacity_t[("R01", y)] == cut.route_capacity_t[("R01", y)] + step
        for y in cut.years
    )
    values = cut_plan.duals["processing_capacity"]
    predicted = sum(values.get(("R01", y), 0.0) * step for y in cut.years)
    gain = more_plan.output_gwh - cut_plan.output_gwh
    assert predicted > 1.0  # the capacity binds under the licence cut
    assert gain == pytest.approx(predicted, rel=1e-6)
    half = replace(
        cut,
        route_capacity_t={k: v + step / 2 for k, v in cut.route_capacity_t.items()},
    )
    assert solve(half).output_gwh - cut_plan.output_gwh == pytest.approx(gain / 2, rel=1e-6)
    table = build_tables(cut, cut_plan, 87.0).rows(ps.PROCESSING)
    per_kt = sum(r["capacity_value"] for r in table)
    assert per_kt * step / 1000 == pytest.approx(predicted, rel=1e-9)


def _canadian_lithium(plan) -> float:
    flows = plan.values["mineral_flow_t"].items()
    return sum(t for (s, k, _p, _y), t in flows if (s, k) == ("S04", "Lithium"))


def test_canada_offtake_plan_shows_tonnes_used_and_what_they_cost() -> None:
    """Canadian lithium is priced highest, so the base buys little of it. With 3,000 t/yr
    take-or-pay from 2027 the plan uses Canadian tonnes first, states USD 78 million a year
    paid (3,000 × 26,000) and the cost of any unused tonnes, and costs more than the base at
    the same output."""
    base_plan = solve(_load("acc_base"))
    data = _load("acc_canada_lithium_offtake")
    plan = solve(data)
    rows = build_tables(data, plan, 87.0).rows(ps.OFFTAKE)
    assert [r["year"] for r in rows] == list(range(2027, 2033))
    for r in rows:
        assert r["origin"] == "Canada"
        assert r["used"] + r["unused"] == pytest.approx(SCRIPT.CANADA_OFFTAKE_T)
        assert r["used"] > 0
        assert r["paid"] == pytest.approx(3000 * 26000 / 1e6)
        assert r["unused_cost"] == pytest.approx(26000 * r["unused"] / 1e6)
    used = sum(r["used"] for r in rows)
    assert _canadian_lithium(plan) >= used - 1e-6
    assert _canadian_lithium(plan) > _canadian_lithium(base_plan) + 1000
    assert plan.output_gwh == pytest.approx(base_plan.output_gwh, rel=1e-9)
    assert plan.cost_musd > base_plan.cost_musd
    # What the commitment costs versus buying at market, summed over the years, is what the
    # agreement adds to the plan's cost: an independent re-solve without it (the base case).
    added = plan.cost_musd - base_plan.cost_musd
    assert sum(r["commitment_cost"] for r in rows) == pytest.approx(added, rel=1e-6)
    assert added > 1.0


def test_partner_floor_holds_in_the_plan() -> None:
    data = _load("acc_partner_lithium_floor")
    plan = solve(data)
    rows = [
        r
        for r in build_tables(data, plan, 87.0).rows(ps.GROUP_SHARES)
        if (r["group"], r["mineral"]) == ("partners", "Lithium")
    ]
    assert len(rows) == 7
    assert all(r["share"] >= SCRIPT.PARTNER_LITHIUM_FLOOR - 1e-9 for r in rows)
    assert plan.cost_musd > solve(_load("acc_base")).cost_musd


BATCH_TWINS = {
    "graphite_spheronisation": "acc_graphite_licence_cut_india_spheronisation",
    "canada_offtake": "acc_canada_lithium_offtake",
    "partner_lithium_floor": "acc_partner_lithium_floor",
    "graphite_licence_cut": "acc_graphite_licence_cut",
    "lithium_squeeze": "acc_lithium_squeeze",
    "canada_plus50": "acc_lithium_squeeze_canada_plus50",
}
"""Scenarios sheet rows of the base case → the scenario workbook each repeats as overrides."""


@pytest.mark.parametrize("name", sorted(BATCH_TWINS))
def test_base_scenarios_sheet_repeats_the_scenario_workbooks(name: str) -> None:
    """The base case with a Scenarios row's overrides is the model of its scenario workbook
    (to within the workbooks' rounding of scaled supply to whole tonnes)."""
    from planner.study.scenarios import read_scenarios
    from planner.workbook.read import read_workbook

    path = INPUTS / "acc_base.xlsx"
    (scenario,) = [s for s in read_scenarios(read_workbook(path)) if s.name == name]
    assert scenario.problem == ""
    ours, theirs = load_input(path, scenario.overrides).data, _load(BATCH_TWINS[name])
    # the workbooks round scaled tonnes to whole tonnes (S08's 76,667 t halved: 38,334 t)
    assert ours.supply_t.keys() == theirs.supply_t.keys()
    assert all(abs(t - theirs.supply_t[k]) <= 0.5 for k, t in ours.supply_t.items())
    assert replace(ours, supply_t=theirs.supply_t) == theirs


def test_rare_earth_magnets_are_bought_and_never_cell_output() -> None:
    """NdPr for the magnet scheme: 6,000 t × 0.31 = 1,860 t a year from 2030 (620, 1,240 in
    2028-29). Partners ≥ 20 %: Canada (USD 128,000/t) gives exactly 0.2 of each year, China
    (USD 103,000/t, cheaper) the rest. Over 2028-32, 7,440 t: Canada 1,488 t (USD 190.464 m),
    China 5,952 t (USD 613.056 m), so the plan costs USD 803.52 m more than the base case at
    the same output; no cell table holds NdPr."""
    base_plan = solve(_load("acc_base"))
    data = _load("acc_rare_earth_magnets")
    plan = solve(data)
    assert plan.output_gwh == pytest.approx(base_plan.output_gwh, rel=1e-9)
    assert plan.cost_musd - base_plan.cost_musd == pytest.approx(803.52, rel=1e-9)
    tables = build_tables(data, plan, 87.0)
    rows = {(r["origin"], r["year"]): r for r in tables.rows(ps.MAGNETS)}
    assert rows[("Canada", 2030)]["flow"] == pytest.approx(372.0)
    assert rows[("China", 2030)]["cost"] == pytest.approx(1488 * 103000 / 1e6)
    assert sum(r["flow"] for r in rows.values()) == pytest.approx(7440.0)
    assert all(r["mineral"] != "NdPr" for r in tables.rows(ps.MINERAL_TOTALS))
    assert all(r["mineral"] != "NdPr" for r in tables.rows(ps.FLOWS))
