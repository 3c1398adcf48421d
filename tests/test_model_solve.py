"""solve(): statuses, determinism, what the result carries; build_model(): sparsity and skips."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyomo.environ as pyo
import pytest

from benchmarks.synthetic import replicate, synthetic_data
from models import solve as solve_module
from models.build import build_model
from models.families import DUAL_UNITS
from models.result import SolveStatus
from models.solve import solve, stage_two_floors
from tests.test_model_hand import tiny
from tests.test_model_registry import every_constraint_data


def test_same_data_gives_identical_values_and_duals() -> None:
    """Two solves of one instance agree exactly (sorted build, fixed threads and seed)."""
    data = synthetic_data(7, n_plants=12)
    first, second = solve(data), solve(data)
    assert first.is_optimal
    assert first.values == second.values
    assert first.duals == second.duals
    assert (first.output_gwh, first.cost_musd) == (second.output_gwh, second.cost_musd)


def test_infeasible_returns_status_not_exception() -> None:
    """100 t of li at 2 t/GWh cannot meet an offtake of 60 GWh: infeasible, no plan."""
    r = solve(tiny(min_output_gwh={("A", 2026): 60.0}))
    assert r.status is SolveStatus.INFEASIBLE
    assert "infeasible" in r.solver_message.lower()
    assert r.values == {} and r.duals == {} and r.output_gwh is None
    assert "Model status" in r.log


def test_time_limit_is_never_a_plan() -> None:
    """A zero time limit stops HiGHS before optimality: status TIME_LIMIT and no values."""
    r = solve(synthetic_data(3, n_plants=30), time_limit_s=0.0)
    assert r.status is SolveStatus.TIME_LIMIT
    assert r.values == {} and r.output_gwh is None


def test_result_carries_every_variable_duals_units_size_versions() -> None:
    data = synthetic_data(5, n_plants=8)
    model = build_model(data)
    r = solve(data)
    assert r.is_optimal
    for var in model.component_objects(pyo.Var):
        assert len(r.values[var.name]) == len(var), var.name
    constraints = [c.name for c in model.component_objects(pyo.Constraint)]
    # plus the award levers' marginal values (models.ranging.AWARD), which are not rows
    assert sorted(set(r.duals) - {"award_gwh"}) == sorted(constraints)
    assert all(r.dual_units[name] == DUAL_UNITS[name] for name in constraints)
    n_rows = sum(len(c) for c in model.component_objects(pyo.Constraint, active=True))
    assert r.size.constraints == n_rows
    assert r.size.variables == sum(len(v) for v in model.component_objects(pyo.Var))
    assert r.size.nonzeros > r.size.variables
    assert r.highs_version.count(".") == 2 and r.pyomo_version.startswith("6.")
    assert r.build_seconds > 0 and r.solve_seconds > 0


def test_flows_are_sparse_and_unused_minerals_skipped() -> None:
    """Source S also offers 'ni', which chemistry X does not use: no ni flow, no ni supply row
    (the empty sum is skipped rather than written as 0 ≤ 50)."""
    data = tiny(
        minerals=("li", "ni"),
        price_usd_per_t={("S", "li"): 1000.0, ("S", "ni"): 2000.0},
        supply_t={("S", "li", 2026): 100.0, ("S", "ni", 2026): 50.0},
    )
    m = build_model(data)
    assert list(m.mineral_flow_t) == [("S", "li", "A", 2026)]
    assert list(m.mineral_supply_limit) == [("S", "li", 2026)]
    assert list(m.mineral_need) == [("A", "li", 2026)]
    assert solve(data).output_gwh == 10.0


def test_mineral_nobody_offers_stops_output() -> None:
    """Chemistry X needs 'co' too but no source offers it: mineral_need forces output to 0."""
    data = tiny(minerals=("co", "li"), intensity_t_per_gwh={("X", "li"): 2.0, ("X", "co"): 0.1})
    r = solve(data)
    assert r.is_optimal and r.output_gwh == 0.0


def test_eligible_output_exists_only_with_rate_and_award() -> None:
    """Award P0001 (7 GWh) earns in 2027; P0002's rate has no award behind it: one column."""
    data = replace(
        synthetic_data(11, n_plants=10, scheme=False),
        awards=("P0001",),
        award_plant={"P0001": "P0001"},
        award_firm={"P0001": "F"},
        award_gwh={"P0001": 7.0},
        award_rate_musd_per_gwh={("P0001", 2027): 9.0},
        candidate_gwh={},
    )
    m = build_model(data)
    assert list(m.award_eligible_gwh) == [("P0001", 2027)]
    assert m.award_eligible_gwh["P0001", 2027].ub == 7.0
    assert list(m.plant_support_musd) == [("P0001", 2027)]


def test_models_package_imports_neither_pandas_nor_openpyxl() -> None:
    code = (
        "import sys, models.solve, models.build, benchmarks.synthetic; "
        "bad = {'pandas', 'openpyxl'} & set(sys.modules); assert not bad, bad"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_copies_of_an_instance_scale_both_optima_exactly() -> None:
    """Three copies of every plant and firm, with three times the supplies, budgets and demand.

    Three copies of a plan are feasible (so the optimum is ≥ 3 Z*), and averaging any optimal
    plan of the copies over the copy labels gives three copies of a feasible plan of the original
    (so it is ≤ 3 Z*): the optima are exactly 3 Z* and, with the floor also scaled, 3 × cost.
    """
    data = synthetic_data(4, n_plants=6)
    one, three = solve(data), solve(replicate(data, 3))
    assert one.is_optimal and three.is_optimal
    assert one.output_gwh > 1.0
    assert three.output_gwh == pytest.approx(3 * one.output_gwh, rel=1e-6)
    assert three.cost_musd == pytest.approx(3 * one.cost_musd, rel=1e-6)


def test_every_component_is_documented() -> None:
    """doc= on every Set, Param, Var, Constraint and Objective the model declares."""
    m = build_model(every_constraint_data())
    kinds = (pyo.Set, pyo.Param, pyo.Var, pyo.Constraint, pyo.Objective)
    missing = [
        c.name
        for c in m.component_objects(kinds)
        if not c.name.endswith("_index") and not (c.doc or "").strip()
    ]
    assert missing == []


def test_thread_count_set_elsewhere_first_is_recovered() -> None:
    """HiGHS fixes its thread count at the first run in a thread. If other code ran HiGHS with
    2 threads first, solve() (1 thread) still succeeds: its runs happen on highspy's solver
    thread (so that Ctrl-C can cancel them), which sets up its own scheduler, and a run that
    still meets the conflict resets the scheduler once and retries."""
    code = (
        "import highspy\n"
        "h = highspy.Highs(); h.setOptionValue('output_flag', False)\n"
        "h.setOptionValue('threads', 2); h.run()\n"
        "from models.solve import solve\n"
        "from tests.test_model_hand import tiny\n"
        "r = solve(tiny())\n"
        "assert r.is_optimal and r.output_gwh == 10.0, (r.status, r.solver_message)\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, capture_output=True)


def test_inconsistent_data_is_one_clear_value_error() -> None:
    """Keys naming unknown plants/years and NaN are all listed, before Pyomo sees them."""
    data = tiny(
        permitted_capacity_gwh={("A", 2026): 10.0, ("Z", 2026): 1.0, ("A", 2040): 1.0},
        capex_musd_per_gwh={"A": float("nan")},
    )
    with pytest.raises(ValueError) as caught:
        build_model(data)
    text = str(caught.value)
    assert "('Z', 2026)" in text and "('A', 2040)" in text and "capex_musd_per_gwh" in text


def test_same_plan_across_processes_with_different_hash_seeds() -> None:
    """Set iteration order changes with PYTHONHASHSEED; the build must not depend on it."""
    code = (
        "import hashlib; from models.solve import solve; from benchmarks.synthetic import "
        "synthetic_data; r = solve(synthetic_data(9, n_plants=15)); "
        "print(hashlib.sha256(repr((r.values, r.duals)).encode()).hexdigest())"
    )
    root = Path(__file__).resolve().parents[1]
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_plan_holds_the_stage_one_output_exactly() -> None:
    """Ramp 0.5 on 10 GWh/yr: Z* = 5 GWh by hand. Stage 2's floor is Z* itself, so the plan
    makes 5 GWh (not 5 − 1e-6): plan values read back as the hand answer."""
    r = solve(tiny(ramp_factor=(0.5,)))
    assert r.output_gwh == pytest.approx(5.0, abs=1e-12)
    assert r.values["output_gwh"][("A", 2026)] == pytest.approx(5.0, abs=1e-12)


def test_stage_two_floors_are_optimum_then_margin() -> None:
    """Z* first; then Z* − max(1e-7 GWh, 1e-9 × Z*) (FORMULATION.md, Objectives)."""
    assert stage_two_floors(5.0) == (5.0, 5.0 - 1e-7)
    assert stage_two_floors(1e4) == (1e4, 1e4 - 1e-5)
    assert stage_two_floors(0.0) == (0.0, -1e-7)


def test_infeasible_stage_two_floor_is_lowered_once(monkeypatch, caplog) -> None:
    """If HiGHS finds the first floor infeasible (forced here: Z* + 1 GWh), stage 2 is run
    once more with the second floor and the plan is still optimal."""
    monkeypatch.setattr(solve_module, "stage_two_floors", lambda best: (best + 1.0, best))
    with caplog.at_level(logging.INFO, logger="models.solve"):
        r = solve(tiny(ramp_factor=(0.5,)))
    assert r.is_optimal, r.solver_message
    assert r.values["output_gwh"][("A", 2026)] == pytest.approx(5.0, abs=1e-9)
    assert "lowering it once" in caplog.text


def test_stage_two_infeasible_at_every_floor_is_an_error(monkeypatch) -> None:
    """Stage 1's plan meets any floor ≤ Z*, so a stage 2 infeasible at both floors is a solver
    fault: status ERROR (never INFEASIBLE, which means the data admit no plan)."""
    monkeypatch.setattr(solve_module, "stage_two_floors", lambda best: (best + 1.0, best + 2.0))
    r = solve(tiny(ramp_factor=(0.5,)))
    assert r.status is SolveStatus.ERROR
    assert r.solver_message.startswith("stage 2")
    assert r.values == {} and r.output_gwh is None


def test_stage_two_unknown_status_also_lowers_the_floor_once(monkeypatch, caplog) -> None:
    """HiGHS can end stage 2 at the floor Z* with status "Unknown" rather than "infeasible" (seen
    on a synthetic 600-plant instance); that too is retried once with the lowered floor."""
    real_run, real_stage_two = solve_module.highs_lp.run, solve_module._stage_two
    state = {"stage_two_runs": 0, "in_stage_two": False}

    def stage_two(*args):
        state["in_stage_two"] = True
        real_stage_two(*args)

    def run(h):
        if state["in_stage_two"]:
            state["stage_two_runs"] += 1
            if state["stage_two_runs"] == 1:
                real_run(h)
                return SolveStatus.ERROR, "Unknown"
        return real_run(h)

    monkeypatch.setattr(solve_module, "_stage_two", stage_two)
    monkeypatch.setattr(solve_module.highs_lp, "run", run)
    with caplog.at_level(logging.INFO, logger="models.solve"):
        r = solve(tiny(ramp_factor=(0.5,)))
    assert r.is_optimal, r.solver_message
    assert state["stage_two_runs"] == 2 and "lowering it once" in caplog.text
    assert r.values["output_gwh"][("A", 2026)] == pytest.approx(5.0, abs=1e-6)
