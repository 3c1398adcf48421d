"""Sweeps: warm re-solves equal cold solves, breakpoints match a hand-solved instance, and the
sweep command writes its workbook and tidy tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from models.solve import solve
from models.warm import BOUND_FIELDS, WarmSolver
from planner.study.api import sweep_frame, sweep_workbook
from planner.workbook.load import load_input
from tests.cli_run import run_accplan
from tests.workbooks import write_workbook

ONE_PLANT = {
    "Settings": {
        "scenario": "one plant",
        "first_year": 2026,
        "last_year": 2026,
        "budget_rs_crore": 300.0,
        "fx_rs_per_usd": 87.0,
        "revenue_cap_share": 1.0,
        "firm_cap_gwh": 20.0,
    },
    "DVA": [{"performance_year": 1, "dva_share": 0.5}],
    "Plants": [
        {
            "plant_id": "P1",
            "firm": "F",
            "chemistry": "LFP",
            "online_year": 2026,
            "capex_musd_per_gwh": 60.0,
            "bid_rs_per_kwh": 1160.0,
            "window_first_year": 2026,
            "window_last_year": 2026,
            "award_gwh": 10.0,
            "operating_gap_usd_per_kwh": 5.0,
            "min_block_gwh": None,
        }
    ],
    "Capacity": [{"plant_id": "P1", 2026: 10.0}],
    "Ramp": [{"age": 1, "ramp_factor": 1.0, "scrap_share": 0.0}],
    "Chemistries": [{"chemistry": "LFP", "cell_price_usd_per_kwh": 100.0}],
    "Intensity": [{"chemistry": "LFP", "mineral": "Lithium", "t_per_gwh": 1.0}],
    "Minerals": [{"mineral": "Lithium", "unit": "t LCE", "max_source_share": 1.0}],
    "Supply": [
        {
            "source_id": "S1",
            "origin": "Chile",
            "kind": "imported",
            "mineral": "Lithium",
            "price_usd_per_t": 10000.0,
            2026: 1000.0,
        }
    ],
}
"""One plant, one year. Rate = min(1160 × 0.5, 1.0 × 100 × 87) / 87 = 580/87 USD/kWh, above the
operating gap of 5 USD/kWh, so the plant makes what the budget lets the scheme owe: the scheme
owes 580/87 × min(output, 10) ≤ budget (USD m) = B × 10 / 87 for a budget of B Rs crore, i.e.
output = min(10, B/58) GWh (10 is also the permitted capacity). The budget stops binding where
B/58 = 10: B* = 580 Rs crore; below it one more USD m buys 87/580 = 0.15 GWh."""


@pytest.fixture
def one_plant(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "one.xlsx", ONE_PLANT)


def test_breakpoint_matches_the_hand_solution(one_plant: Path) -> None:
    """Budget 100..900 by 100: output B/58 up to B = 580, then 10; the budget stops binding
    between 500 and 600, at 580 (where the lines B/58 and 10 meet)."""
    result, _ = sweep_workbook(one_plant, ["Settings.budget_rs_crore=100:900:9"])
    outputs = [m.value("total_output") for _, m in result.points]
    assert outputs == pytest.approx([min(10.0, b / 58) for b in range(100, 901, 100)], abs=1e-9)
    below = result.points[2][1]  # B = 300
    # 87/580 = 0.15 GWh per USD million; plans state it per Rs 100 crore = 1,000 / 87 USD million
    assert below.binding["incentive_budget[whole horizon]"] == pytest.approx(
        0.15 * 1000 / 87, abs=1e-9
    )
    (stop,) = [b for b in result.breakpoints if b["limit"] == "incentive_budget[whole horizon]"]
    assert (stop["change"], stop["from"], stop["to"]) == ("stops binding", 500.0, 600.0)
    assert stop["at"] == pytest.approx(580.0, abs=1e-6)
    assert result.warm_starts == 8 and result.rebuilds == 1  # built once, re-solved warm


def test_warm_results_equal_cold_solves(small_workbook: Path) -> None:
    """Each warm point's objectives equal a cold solve of the same data to 1e-9."""
    from planner.workbook.overrides import parse_all

    warm = WarmSolver()
    for budget in (50.0, 200.0, 400.0, 800.0, 3000.0, 100.0):
        data = load_input(small_workbook, parse_all((f"Settings.budget_rs_crore={budget}",))).data
        hot, cold = warm.solve(data), solve(data)
        assert hot.output_gwh == pytest.approx(cold.output_gwh, abs=1e-9)
        assert hot.cost_musd == pytest.approx(cold.cost_musd, abs=1e-9)
    assert warm.rebuilds == 1


@pytest.mark.parametrize("field", sorted(BOUND_FIELDS))
def test_each_bound_field_is_only_its_rows_bound(small_workbook: Path, field: str) -> None:
    """Changing one bound field without a rebuild gives the cold answer (so a new use of the
    field elsewhere in the model fails here)."""
    data = load_input(small_workbook).data
    data = dataclasses.replace(
        data,
        demand_gwh={y: 12.0 for y in data.years},
        annual_budget_musd={y: 30.0 for y in data.years},
    )
    value = getattr(data, field)
    tighter = {k: v * 0.6 for k, v in value.items()} if isinstance(value, dict) else value * 0.6
    changed = dataclasses.replace(data, **{field: tighter})
    warm = WarmSolver()
    warm.solve(data)
    hot, cold = warm.solve(changed), solve(changed)
    assert warm.rebuilds == 1
    assert hot.output_gwh == pytest.approx(cold.output_gwh, abs=1e-9)
    assert hot.cost_musd == pytest.approx(cold.cost_musd, abs=1e-9)


def test_sweep_command_writes_workbook_and_tables(one_plant: Path, tmp_path: Path, capsys) -> None:
    import openpyxl

    out, csv, parquet = tmp_path / "s.xlsx", tmp_path / "s.csv", tmp_path / "s.parquet"
    code, stdout, err = run_accplan(
        capsys,
        "sweep",
        one_plant,
        "--vary",
        "Settings.budget_rs_crore=100,600,900",
        "--vary",
        "Supply[source_id=S1]*=0.005,1",
        "-o",
        out,
        "--table",
        csv,
        "--table",
        parquet,
    )
    assert code == 0, err
    assert "incentive_budget[whole horizon] stops binding between 100 and 600" in stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Sweep", "Charts", "Marginal values", "Breakpoints", "Run information"]
    assert len(wb["Charts"]._charts) == 4
    assert wb["Sweep"].max_row == 7  # header + 3 × 2 points
    frame = pd.read_csv(csv, keep_default_na=False, na_values={"value": [""]})
    assert list(frame.columns) == [
        "Settings.budget_rs_crore",
        "Supply[source_id=S1] (factor)",
        "status",
        "measure",
        "index",
        "value",
        "unit",
    ]
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), frame, check_dtype=False)
    # Lithium 1000 t × 0.005 = 5 t at 1 t/GWh: 5 GWh at most, whatever the budget.
    last = frame[(frame["measure"] == "total_output")]["value"].tolist()
    assert last == pytest.approx([100 / 58, 5.0, 5.0, 100 / 58, 10.0, 10.0], abs=1e-9)


def test_sweep_of_an_invalid_point_is_reported_not_fatal(one_plant: Path) -> None:
    """Budget -100 is out of range: that point is 'invalid input' (exit class 2), others solve."""
    result, _ = sweep_workbook(one_plant, ["Settings.budget_rs_crore=-100,300"])
    (_, bad_m), (_, good) = result.points
    assert (bad_m.status, bad_m.exit_code) == ("invalid input", 2)
    assert "budget_rs_crore is -100" in bad_m.message
    assert good.status == "optimal"
    assert sweep_frame(result)["status"].tolist()[0] == "invalid input"


def test_bad_vary_is_an_input_error(one_plant: Path, capsys) -> None:
    code, _, err = run_accplan(
        capsys, "sweep", one_plant, "--vary", "Settings.budjet_rs_crore=1:2:3"
    )
    assert code == 2
    assert 'Did you mean "budget_rs_crore"' in err
    code, _, err = run_accplan(capsys, "sweep", one_plant, "--vary", "Settings.budget_rs_crore=1:2")
    assert code == 2 and "FIRST:LAST:COUNT" in err
