"""No plan: the least change to the requirements, as cells and amounts (models.elastic and
planner.diagnose). Every amount is worked out by hand in the docstrings."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.elastic import least_relaxation
from models.result import SolveStatus
from tests.cli_run import run_accplan
from tests.test_model_hand import two_years
from tests.test_model_hand_chain import Y, china_canada
from tests.workbooks import small_tables, write_workbook


def test_minimum_output_above_capacity_is_cut_by_the_gap() -> None:
    """A: 10 GWh/yr permitted, ramp 1: a minimum of 12 GWh in 2026 is 2 GWh too many; the
    capacity row holds it back, one GWh/yr of it per GWh of shortfall."""
    r = least_relaxation(two_years(min_output_gwh={("A", 2026): 12.0}))
    assert r.status is SolveStatus.OPTIMAL
    [s] = r.shortfalls
    assert (s.family, s.index, s.asked, s.shortfall) == ("min_output", ("A", 2026), 12.0, 2.0)
    assert [(h.family, h.index, h.per_unit) for h in r.holders][:1] == [
        ("capacity_limit", ("A", 2026), pytest.approx(1.0))
    ]


def test_group_floor_and_minimum_output_least_total_change_in_own_units() -> None:
    """li at 2 t/GWh; partners (Canada, 6 t) must give ≥ 90 % of li use, China offers 100 t.
    u ≤ 6 / 0.9 = 6.667 t ⇒ output ≤ 3.333 GWh. A minimum output of 5 GWh then needs either
    5 − 3.333 = 1.667 GWh less output, or (0.9 × 10 − 6 =) 3 t more from partners than the
    floor allows; 1.667 (GWh) < 3 (t), so the least change lowers the minimum output."""
    data = china_canada(
        100.0,
        6.0,
        group_min_share={("partners", "li", Y): 0.9},
        min_output_gwh={("A", Y): 5.0},
    )
    r = least_relaxation(data)
    assert [(s.family, s.shortfall) for s in r.shortfalls] == [
        ("min_output", pytest.approx(5.0 - 6.0 / 0.9 / 2.0))
    ]
    r = least_relaxation(
        china_canada(
            100.0,
            6.0,
            group_min_share={("partners", "li", Y): 0.9},
            min_output_gwh={("A", Y): 5.0},
            intensity_t_per_gwh={("X", "li"): 0.5},
        )
    )
    # at 0.5 t/GWh: 5 GWh need u = 2.5 t; partners can give 6 t ≥ 0.9 × 2.5: no shortfall
    assert r.shortfalls == ()


def test_message_names_the_cell_the_amount_and_the_limit_to_raise(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """P1 (no operating gap, lithium share unlimited) may have 5 GWh/yr in 2026 and ramps at 0.5
    in a block's first year: at most 2.5 GWh, so a minimum of 4 GWh is 1.5 GWh too many.
    Each GWh/yr of permitted capacity (Capacity!B2) adds 0.5 GWh: 3 GWh/yr more (8 ≤ the 10
    permitted by 2027) alone would make a plan."""
    tables = small_tables(MinOutput=[{"plant_id": "P1", 2026: 4.0, 2027: None, 2028: None}])
    tables["Plants"][0]["operating_gap_usd_per_kwh"] = 0.0
    tables["Minerals"][0]["max_source_share"] = 1.0
    workbook = write_workbook(tmp_path / "inf.xlsx", tables)
    code, _, err = run_accplan(capsys, "solve", workbook, "-o", tmp_path / "p.xlsx")
    assert code == 3
    assert "MinOutput!B2 asks 4 GWh (minimum output of P1 in 2026)" in err
    assert "met up to 2.5 GWh: lower it by 1.5 GWh." in err
    assert "Capacity!B2 (permitted capacity of P1 by 2026, now 5 GWh/yr)" in err
    assert "each GWh/yr more cuts the total shortfall by 0.5" in err
    assert "raising it by 3 GWh/yr alone would make a plan" in err
