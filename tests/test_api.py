"""The Python API: plan tables as DataFrames with units, sweeps and batches as tidy tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import api
from tests.test_sweep import ONE_PLANT
from tests.workbooks import write_workbook


@pytest.fixture
def one_plant(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "one.xlsx", ONE_PLANT)


def test_solve_gives_tables_with_units(one_plant: Path) -> None:
    """Budget 290 Rs crore: output 290 / 58 = 5 GWh (tests/test_sweep.ONE_PLANT)."""
    plan = api.solve(one_plant, set=["Settings.budget_rs_crore=290"])
    assert plan.output_gwh == pytest.approx(5.0, abs=1e-9)
    years = plan.tables["Years"]
    assert years["output"].tolist() == pytest.approx([5.0], abs=1e-9)
    assert years.attrs["units"]["output"] == "GWh"
    assert plan.path is None  # no workbook unless asked for


def test_sweep_and_batch_give_tidy_tables(one_plant: Path) -> None:
    frame = api.sweep(one_plant, "Settings.budget_rs_crore=116,232")
    output = frame[frame["measure"] == "total_output"]
    assert output["value"].tolist() == pytest.approx([2.0, 4.0], abs=1e-9)  # B/58
    assert set(output["unit"]) == {"GWh"}
    table = api.batch(one_plant, scale=["Settings.budget_rs_crore=0.3866666666666667"])  # B = 116
    assert table[table["measure"] == "total_output"]["value"].tolist() == pytest.approx([2.0])
