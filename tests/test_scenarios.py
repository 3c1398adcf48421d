"""The scenario workbooks in inputs/: each is the base case with its one stated change, every
workbook in inputs/ solves, and the lithium scenarios check the plan's marginal values against
re-solving (an independent use of the LP's concavity, not numbers captured from the code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.solve import solve
from planner.workbook.load import load_input
from tests.conftest import INPUTS, input_script

WORKBOOKS = sorted(INPUTS.glob("*.xlsx"))
YEARS = range(2026, 2033)


@pytest.fixture(scope="module")
def loaded():
    names = ("acc_base", *input_script("build_scenarios").SCENARIOS)
    return {name: load_input(INPUTS / f"{name}.xlsx") for name in names}


@pytest.fixture(scope="module")
def solved(loaded):
    return {name: solve(item.data) for name, item in loaded.items()}


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_input_workbook_solves_to_optimal(path: Path) -> None:
    assert solve(load_input(path).data).is_optimal


def test_scenario_files_are_in_step_with_their_script(loaded) -> None:
    module = input_script("build_scenarios")
    for name in module.SCENARIOS:
        supply = module.scenario_tables(name)["Supply"]
        expected = {
            (r["source_id"], r["mineral"], y): r[y] for r in supply for y in YEARS if r[y] > 0
        }
        assert dict(loaded[name].data.supply_t) == expected, name
        assert loaded[name].scenario == module.SCENARIOS[name][0]


def test_each_scenario_changes_only_what_it_says(loaded) -> None:
    base = loaded["acc_base"].data.supply_t
    squeeze = loaded["acc_lithium_squeeze"].data.supply_t
    canada = loaded["acc_lithium_squeeze_canada_plus50"].data.supply_t
    graphite = loaded["acc_graphite_licence_cut"].data.supply_t
    for y in YEARS:
        assert ("S01", "Lithium", y) not in squeeze  # zero tonnes are omitted
        assert canada[("S04", "Lithium", y)] == round(1.5 * base[("S04", "Lithium", y)])
        assert graphite[("S08", "Graphite", y)] == round(0.5 * base[("S08", "Graphite", y)])
    untouched = {k: v for k, v in base.items() if k[:2] != ("S01", "Lithium")}
    assert dict(squeeze) == untouched
    assert loaded["acc_base"].data.plants == loaded["acc_graphite_licence_cut"].data.plants


def test_lithium_binds_in_the_squeeze_and_not_in_the_base(solved) -> None:
    def lithium_duals(result):
        return {
            k: v
            for k, v in result.duals["mineral_supply_limit"].items()
            if k[1] == "Lithium" and v > 1e-9
        }

    assert lithium_duals(solved["acc_base"]) == {}
    assert lithium_duals(solved["acc_lithium_squeeze"])
    assert solved["acc_lithium_squeeze"].output_gwh < solved["acc_base"].output_gwh


def test_canada_lithium_gain_lies_between_the_two_plans_marginal_values(loaded, solved) -> None:
    """For a maximising LP the optimum Z(b) is concave in the right-hand side b, so for a change
    Δ in Canada's lithium: y(b+Δ)·Δ ≤ Z(b+Δ) − Z(b) ≤ y(b)·Δ, with y the supply-limit duals of
    each plan. This ties the reported marginal values to an independent re-solve."""
    low, high = solved["acc_lithium_squeeze"], solved["acc_lithium_squeeze_canada_plus50"]
    before = loaded["acc_lithium_squeeze"].data.supply_t
    after = loaded["acc_lithium_squeeze_canada_plus50"].data.supply_t
    delta = {
        ("S04", "Lithium", y): after[("S04", "Lithium", y)] - before[("S04", "Lithium", y)]
        for y in YEARS
    }
    upper = sum(low.duals["mineral_supply_limit"].get(k, 0.0) * d for k, d in delta.items())
    lower = sum(high.duals["mineral_supply_limit"].get(k, 0.0) * d for k, d in delta.items())
    gain = high.output_gwh - low.output_gwh
    assert gain > 0
    assert lower - 1e-6 <= gain <= upper + 1e-6


def test_min_block_scenario_builds_in_blocks(loaded, solved) -> None:
    """acc_min_block_5gwh differs from the base only by 5 GWh/yr minimum blocks at the plants
    without awards; each year's addition there is 0 or at least 5, and, as those plants pledge
    nothing (their K_p stays 0), the blocks only remove plans: output ≤ the base's."""
    from dataclasses import replace

    scenario, base = loaded["acc_min_block_5gwh"].data, loaded["acc_base"].data
    awarded = {base.award_plant[a] for a in base.awards}
    assert dict(scenario.min_block_gwh) == {p: 5.0 for p in base.plants if p not in awarded}
    assert replace(scenario, min_block_gwh={}) == base
    plan = solved["acc_min_block_5gwh"]
    for (p, _y), gwh in plan.values["capacity_added_gwh"].items():
        if p in scenario.min_block_gwh:
            assert gwh <= 1e-6 or gwh >= 5.0 - 1e-6, (p, gwh)
    assert plan.output_gwh <= solved["acc_base"].output_gwh + 1e-6
