"""benchmarks/floor.py assembles accplan's LP from FORMULATION.md with numpy alone: it must be the
matrix accplan compiles from the Pyomo model, element for element and in the same order, so that
timing the two compares like with like (and so that the floor is a second, independent check of
the model's rows)."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest
from scipy.sparse import csr_array

from benchmarks.floor import assemble
from benchmarks.floor_solve import solve_floor
from benchmarks.highs_trace import record_solve
from benchmarks.synthetic import synthetic_data
from models.build import build_model
from models.highs_lp import compile_lp
from models.objective import offtake_fixed_musd
from models.solve import solve
from tests.test_model_crosscheck import with_recycler_and_share_limits


def instances():
    yield synthetic_data(4, n_plants=12)
    small = with_recycler_and_share_limits(synthetic_data(6, n_plants=9, n_years=5))
    yield replace(
        small,
        min_output_gwh={(small.plants[0], small.years[-1]): 1.0},
        demand_gwh={2026: 50.0, 2028: 80.0},
    )
    yield synthetic_data(8, n_plants=30, optional_limits=False)
    yield with_blocks(synthetic_data(5, n_plants=10))


def with_blocks(d):
    """A minimum block at every other plant, 60 % of the most its path permits (so that early
    years have no room for one), and a commitment of 1 GWh/yr at the first such plant (its K_p
    rounded up to a block)."""
    blocks = {
        p: 0.6 * max(d.permitted_capacity_gwh.get((p, y), 0.0) for y in d.years)
        for p in d.plants[::2]
    }
    first = d.plants[0]
    committed = {**d.committed_capacity_gwh, (first, d.years[-1]): 1.0}
    return replace(d, min_block_gwh=blocks, committed_capacity_gwh=committed)


@pytest.mark.parametrize("data", list(instances()), ids=["plain", "limits", "bare", "blocks"])
def test_floor_is_accplans_matrix(data) -> None:
    model = build_model(data)
    lp = compile_lp(model, ("total_output_gwh", "total_cost_musd"))
    floor = assemble(data)
    n_rows = len(floor.row_lower)
    rows = csr_array((floor.value, floor.index, floor.starts), shape=(n_rows, floor.n_cols))
    ours = rows.tocsc()
    ours.sort_indices()
    a = lp.a_matrix
    assert ours.shape == a.shape
    assert np.array_equal(ours.indptr, a.indptr)
    assert np.array_equal(ours.indices, a.indices)
    np.testing.assert_allclose(ours.data, a.data, rtol=1e-15, atol=0)
    np.testing.assert_allclose(floor.row_lower, lp.row_lower, rtol=1e-15, atol=0)
    np.testing.assert_allclose(floor.row_upper, lp.row_upper, rtol=1e-15, atol=0)
    np.testing.assert_allclose(floor.output, lp.costs["total_output_gwh"], rtol=0, atol=0)
    np.testing.assert_allclose(floor.cost, lp.costs["total_cost_musd"], rtol=1e-15, atol=0)
    np.testing.assert_array_equal(floor.col_upper, lp.col_upper)
    assert not lp.col_lower.any()  # the floor's columns are all ≥ 0
    np.testing.assert_array_equal(floor.integer, [v.is_integer() for v in lp.columns])
    names = [b.name for b in lp.row_blocks if b.keys]
    assert list(floor.families) == names


def test_the_instances_reach_every_core_family() -> None:
    """The check above bites on every optional family the floor assembles (the scheme's awards,
    candidates, claims, penalties and ceilings included), existing capacity and window years
    after the horizon included."""
    seen = set()
    for data in instances():
        seen |= {name for name, (_, n) in assemble(data).families.items() if n}
        assert any(data.existing_capacity_gwh for data in instances())
        assert any(data.support_years_after_horizon.values() for data in instances())
    optional = {"capacity_commitment", "min_output", "demand_limit", "source_share_limit"}
    optional |= {"annual_disbursement_limit", "viability", "operating_gap_cover"}
    optional |= {"candidate_size_min", "candidate_size_max", "firm_award_cap", "unawarded_capacity"}
    optional |= {"eligible_within_award", "claim_full_award", "milestone_build"}
    optional |= {f"deduction_{part}" for part in ("within_incentive", "as_due_penalty")}
    optional |= {"ceiling_within_net", "ceiling_as_due_net", "ceiling_as_due_limit"}
    optional |= {"min_block_lower", "min_block_upper"}
    assert optional <= seen


@pytest.mark.parametrize("which", [0, 1], ids=["plain", "limits"])
def test_replayed_work_reaches_accplans_optima(which, tmp_path) -> None:
    """The solve floor replays accplan's recorded HiGHS calls on the floor LP: it must end at
    accplan's optima (both stages), after as many runs as accplan made."""
    data = list(instances())[which]
    trace = record_solve(data, tmp_path / "trace.pickle")
    ours = solve(data)
    floor = solve_floor(
        data, tmp_path / "h.log", pickle.loads((tmp_path / "trace.pickle").read_bytes())
    )
    assert floor.runs == sum(name == "run" for name, _ in trace) > 2
    assert floor.output_gwh == pytest.approx(ours.output_gwh, rel=1e-9)
    assert floor.cost_musd == pytest.approx(ours.cost_musd - offtake_fixed_musd(data), rel=1e-9)


def recorder_running(recorder):
    """True while ``recorder`` runs; False once it has ended (its last calls may still be
    unread, so only a second look after it ended is final)."""
    ended = []

    def running() -> bool:
        if recorder.poll() is None:
            return True
        ended.append(True)
        return len(ended) < 2

    return running


def test_following_accplan_as_it_solves_reaches_its_optima(tmp_path) -> None:
    """The side-by-side memory benchmark: accplan's solve, in another process, writes its HiGHS
    calls as it makes them, and the floor replays them as they come (``follow``): it must end
    at accplan's optima in as many runs. The 10-plant benchmark instance has both of accplan's
    MIP starts: stage 1's solution handed to the budget step, and the latest run's to stage 2."""
    import subprocess
    import sys
    from pathlib import Path

    from benchmarks.highs_trace import follow
    from benchmarks.workbooks import instance

    _, pickled = instance(10, tmp_path)
    data = pickle.loads(pickled.read_bytes())
    stream = tmp_path / "stream"
    root = Path(__file__).resolve().parents[1]
    argv = [sys.executable, "benchmarks/child.py", "record-stream", str(stream), str(pickled)]
    recorder = subprocess.Popen(argv, cwd=root)
    following = follow(stream, writing=recorder_running(recorder))
    floor = solve_floor(data, tmp_path / "h.log", following)
    assert recorder.wait() == 0
    trace = record_solve(data, tmp_path / "trace.pickle")
    ours = solve(data)
    runs, starts = 0, []
    for name, args in trace:
        runs += name == "run"
        if name == "setSolution":
            starts.append(runs - args[1])  # how many runs back the start was read
    assert 0 in starts and max(starts) > 0
    assert floor.runs == runs > 2
    assert floor.output_gwh == pytest.approx(ours.output_gwh, rel=1e-9)
    assert floor.cost_musd == pytest.approx(ours.cost_musd - offtake_fixed_musd(data), rel=1e-9)
