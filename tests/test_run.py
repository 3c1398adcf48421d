"""planner.run: the one library entry that the CLI, sweeps and batches share."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from models.solve import solve
from planner.errors import InputError, NoPlanError, TimeLimitError
from planner.run import RunOptions, run, run_loaded
from planner.workbook.load import load_input
from tests.workbooks import small_tables, write_small_workbook, write_workbook


class Recorder:
    """A Progress that keeps what it heard."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def started(self, step: str, detail: str) -> None:
        self.events.append(("started", step))

    def finished(self, step: str, seconds: float) -> None:
        assert seconds >= 0
        self.events.append(("finished", step))

    def note(self, text: str, level: int = 1) -> None:
        self.events.append(("note", text.strip().split(" ")[0]))


def test_options_are_a_frozen_record() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RunOptions().reproducible = True  # type: ignore[misc]


def test_run_writes_the_plan_and_reports_each_step(tmp_path: Path) -> None:
    """Same numbers as solving the loaded data directly with models.solve (no CLI involved)."""
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    heard = Recorder()
    outcome = run(workbook, RunOptions(output=tmp_path / "plan.xlsx"), heard)
    assert outcome.output == tmp_path / "plan.xlsx" and outcome.output.is_file()
    direct = solve(load_input(workbook).data)
    assert outcome.result.output_gwh == pytest.approx(direct.output_gwh, rel=1e-9)
    assert outcome.result.cost_musd == pytest.approx(direct.cost_musd, rel=1e-9)
    steps = [step for kind, step in heard.events if kind == "started"]
    assert steps == [
        "reading and validating",
        "loading the solver",
        "building and solving",
        "writing",
    ]
    assert [s for k, s in heard.events if k == "finished"] == steps
    assert {"reading and validating", "building", "solving", "writing"} <= set(outcome.timings)
    assert outcome.info.run_time is not None  # not reproducible: the start time is kept


def test_run_loaded_gives_the_same_plan_bytes(tmp_path: Path) -> None:
    """A batch hands workers validated data: the plan must not depend on who read the file."""
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    options = RunOptions(reproducible=True)
    a = run(workbook, dataclasses.replace(options, output=tmp_path / "a.xlsx"))
    b = run_loaded(load_input(workbook), dataclasses.replace(options, output=tmp_path / "b.xlsx"))
    assert a.output.read_bytes() == b.output.read_bytes()


def test_tables_without_a_workbook(tmp_path: Path) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    outcome = run(workbook, RunOptions(write_plan=False))
    assert outcome.output is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.xlsx"]
    assert outcome.tables.headline["total_output"] == pytest.approx(outcome.result.output_gwh)


def test_every_other_outcome_is_raised(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        run(tmp_path / "missing.xlsx", RunOptions(write_plan=False))
    # P1 makes at most 2.5 GWh in 2026 (5 GWh/yr ramping at 0.5): a minimum of 4 cannot be met.
    too_much = small_tables(MinOutput=[{"plant_id": "P1", 2026: 4.0, 2027: None, 2028: None}])
    infeasible = write_workbook(tmp_path / "infeasible.xlsx", too_much)
    with pytest.raises(NoPlanError):
        run(infeasible, RunOptions(write_plan=False))
    assert TimeLimitError.exit_code == 4 and NoPlanError.exit_code == 3
