"""The numpy assembly covers every objective of models/goals.py (capacity_by_year,
domestic_value_added, least_incentive besides cumulative_gwh), the output target and the held
second objective: its CompiledLP is the compiled Pyomo model's, every field exactly
(:func:`tests.test_assembly.assert_assembles`: the objectives compiled and their order, the
goal rows, output_floor's body, the columns in the order the objectives first meet them).
Checked on the 60 instances of the goals cross-check and on supply-chain instances with each
objective and each hold."""

from __future__ import annotations

from dataclasses import replace

import pytest

import models.solve
from models.assembly import assemble
from models.assembly.arrays import assembled
from models.assembly.coverage import refusal
from models.data import ModelData
from tests.test_assembly import assert_assembles
from tests.test_assembly_solve import assembled_lp, assert_same, pyomo_lp
from tests.test_model_crosscheck import chain_data
from tests.test_model_crosscheck_goals import KINDS, SEEDS, goal_data


@pytest.mark.parametrize("seed", SEEDS)
def test_goal_cross_check_instances_are_assembled_as_compiled(seed: int) -> None:
    data = goal_data(seed)
    assert refusal(data) is None
    assert_assembles(data)


def chain_goal(seed: int, kind: str, hold: str | None) -> ModelData:
    """A supply-chain instance with objective ``kind`` (value added per GWh on every other
    plant-year, a target for the incentive, a target year for capacity) and ``hold`` held at a
    level."""
    d = chain_data(seed)
    dva = {(p, y): 3.0 + i for i, (p, y) in enumerate((p, y) for p in d.plants for y in d.years)}
    change: dict = {"objective": kind, "dva_value_musd_per_gwh": dict(list(dva.items())[::2])}
    if kind == "capacity_by_year":
        change["objective_year"] = d.years[len(d.years) // 2]
    if kind == "least_incentive":
        change["output_target_gwh"] = 5.0
    if hold is not None:
        change |= {"hold_objective": hold, "hold_level": 2.5}
    return replace(d, **change)


@pytest.mark.parametrize("hold", [None, *KINDS])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [0, 5, 28])
def test_chain_instances_with_each_goal(seed: int, kind: str, hold: str | None) -> None:
    data = chain_goal(seed, kind, hold)
    assert refusal(data) is None
    assert_assembles(data)


def test_goal_rows_are_reached() -> None:
    """The checks above meet each objective compiled, output_target, objective_hold and the
    output_floor of every kind (the incentive's negated)."""
    seen: set[str] = set()
    for seed in SEEDS:
        lp = assembled(goal_data(seed)).lp
        seen |= set(lp.objectives) | set(lp.families)
    names = {"capacity_by_year_gwh", "domestic_value_added_musd", "incentive_owed_musd"}
    assert seen >= names | {"output_target", "objective_hold", "output_floor"}


def test_a_hold_nothing_can_meet_is_refused() -> None:
    """Value added held above 0 with none per GWh: the model cannot be compiled (its
    objective_hold row holds no variable), so the assembly refuses and says why; held at 0 it
    has no row, in both."""
    data = replace(
        chain_data(0),
        hold_objective="domestic_value_added",
        hold_level=1.0,
        dva_value_musd_per_gwh={},
    )
    assert "domestic_value_added" in refusal(data)
    assert assemble(data) is None
    assert refusal(replace(data, hold_level=0.0)) is None
    assert_assembles(replace(data, hold_level=0.0))


@pytest.mark.parametrize("seed", range(8))
def test_goal_solves_are_the_same_both_ways(seed: int, monkeypatch) -> None:
    """A two-stage solve (capacity_by_year's middle stage, holds and the incentive's negated
    floor included) gives the same SolveResult, exactly, from the assembled and from the
    compiled LP (checked offline on all 60 goal and 60 supply-chain instances)."""
    data = goal_data(seed)
    monkeypatch.setattr(models.solve, "model_lp", pyomo_lp)
    ours = models.solve.solve(data)
    monkeypatch.setattr(models.solve, "model_lp", assembled_lp)
    assert_same(models.solve.solve(data), ours)
