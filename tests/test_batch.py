"""Batches: the Scenarios sheet with inheritance, a batch where scenarios fail in their rows,
and the same table from a real Dask LocalCluster of 2 workers as from one process."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from planner.study.api import batch_frame, batch_workbook
from planner.study.scenarios import read_scenarios
from planner.workbook.read import read_workbook
from tests.cli_run import run_accplan
from tests.test_sweep import ONE_PLANT
from tests.workbooks import write_workbook

SCENARIO_ROWS = [
    {"scenario": "half", "overrides": "--set Settings.budget_rs_crore=290", "description": "B/2"},
    {
        "scenario": "quarter",
        "inherits": "half",
        "overrides": "--scale Settings.budget_rs_crore=0.5",
    },
    {"scenario": "offtake", "overrides": "--set MinOutput[plant_id=P1]=9"},
    {"scenario": "typo", "overrides": "--set Setings.budget_rs_crore=1"},
    {"scenario": "loop_a", "inherits": "loop_b", "overrides": "--scale Settings.budget_rs_crore=2"},
    {"scenario": "loop_b", "inherits": "loop_a", "overrides": "--scale Settings.budget_rs_crore=2"},
]
"""On the one-plant book (output = min(10, B/58) GWh for a budget of B Rs crore, B = 300):
base 300/58 = 5.172 GWh; half: B = 290, 5 GWh; quarter = half then × 0.5: B = 145, 2.5 GWh;
offtake: 9 GWh required where the budget pays for 5.172, infeasible (3);
typo: an unknown sheet (invalid, 2); loop_a/loop_b inherit from each other (invalid, 2)."""


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    tables = copy.deepcopy(ONE_PLANT)
    tables["MinOutput"] = [{"plant_id": "P1", 2026: 0.0}]
    tables["Scenarios"] = SCENARIO_ROWS
    return write_workbook(tmp_path / "scen.xlsx", tables)


def test_inheritance_applies_the_parent_first(book_path: Path) -> None:
    scenarios = {s.name: s for s in read_scenarios(read_workbook(book_path))}
    assert list(scenarios) == ["base", "half", "quarter", "offtake", "typo", "loop_a", "loop_b"]
    assert [o.text for o in scenarios["quarter"].overrides] == [
        "--set Settings.budget_rs_crore=290",
        "--scale Settings.budget_rs_crore=0.5",
    ]
    assert "circle" in scenarios["loop_a"].problem


def test_batch_reports_each_scenario_in_its_row(book_path: Path) -> None:
    result, _ = batch_workbook(book_path)
    rows = {c.scenario.name: c.measured for c in result.cases}
    assert rows["base"].value("total_output") == pytest.approx(300 / 58, abs=1e-9)
    assert rows["half"].value("total_output") == pytest.approx(5.0, abs=1e-9)
    assert rows["quarter"].value("total_output") == pytest.approx(2.5, abs=1e-9)
    assert (rows["offtake"].status, rows["offtake"].exit_code) == ("infeasible", 3)
    assert (rows["typo"].status, rows["typo"].exit_code) == ("invalid input", 2)
    assert 'Did you mean "Settings"' in rows["typo"].message
    assert rows["loop_b"].exit_code == 2
    assert result.exit_code == 3 and not result.all_optimal


def test_batch_command_writes_results(book_path: Path, tmp_path: Path, capsys) -> None:
    import openpyxl

    out, csv, plans = tmp_path / "r.xlsx", tmp_path / "r.csv", tmp_path / "plans"
    code, stdout, _ = run_accplan(
        capsys,
        "batch",
        book_path,
        "--scenario",
        "half",
        "--scenario",
        "offtake",
        "-o",
        out,
        "--table",
        csv,
        "--plans",
        plans,
    )
    assert code == 3  # offtake has no plan; half still solved and written
    assert "offtake: Infeasible" in stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Scenarios",
        "Charts",
        "Use by origin",
        "Marginal values",
        "Run information",
    ]
    assert [r[0] for r in wb["Scenarios"].iter_rows(min_row=2, values_only=True)] == [
        "half",
        "offtake",
    ]
    assert len(wb["Charts"]._charts) == 3
    assert sorted(p.name for p in plans.iterdir()) == ["half_plan.xlsx"]
    frame = pd.read_csv(csv)
    assert set(frame["scenario"]) == {"half", "offtake"}


def test_unknown_scenario_is_an_input_error(book_path: Path, capsys) -> None:
    code, _, err = run_accplan(capsys, "batch", book_path, "--scenario", "halv")
    assert code == 2 and 'Did you mean "half"' in err


def test_dask_local_cluster_gives_the_same_table(book_path: Path) -> None:
    """A real LocalCluster of 2 worker processes, started here and reached by its address as a
    remote scheduler would be; no mocks. One worker is killed (SIGKILL) as soon as the first
    scenario is done, so Dask must reschedule what it held: the tidy table is still the same
    as from one process."""
    import os
    import signal

    from dask.distributed import LocalCluster

    names = ["base", "half", "quarter", "offtake", "typo"]
    one, _ = batch_workbook(book_path, names, jobs=1)
    killed: list[int] = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        assert len(cluster.workers) == 2

        def kill_one_worker(done: int, total: int, name: str) -> None:
            if not killed:
                nanny = next(iter(cluster.workers.values()))
                killed.append(nanny.process.process.pid)
                os.kill(killed[0], signal.SIGKILL)

        dask, _ = batch_workbook(
            book_path, names, scheduler=cluster.scheduler_address, progress=kill_one_worker
        )
    assert killed
    pd.testing.assert_frame_equal(batch_frame(dask), batch_frame(one))


def test_json_output_has_the_documented_keys(book_path: Path, capsys) -> None:
    """``--json``: cases (with measures by name and index), units, written."""
    import json

    from planner.study.report import JSON_KEYS

    code, stdout, _ = run_accplan(
        capsys,
        "batch",
        book_path,
        "--scenario",
        "half",
        "--json",
        "-o",
        book_path.with_name("j.xlsx"),
    )
    assert code == 0
    report = json.loads(stdout)
    assert set(report) == set(JSON_KEYS) - {"breakpoints"}
    (case,) = report["cases"]
    assert case["scenario"] == "half" and case["exit_code"] == 0
    assert case["measures"]["total_output"][""] == pytest.approx(5.0, abs=1e-9)
    assert report["units"]["total_output"] == "GWh"
