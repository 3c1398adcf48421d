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
from tests.workbooks import cell_ref, small_tables, write_workbook


def test_minimum_output_above_capacity_is_cut_by_the_gap() -> None:
    """A: 10 GWh/yr permitted by 2026 and by 2027, ramp 1: a minimum of 12 GWh in 2026 is 2 GWh
    too many. Permitted capacity holds it back: one GWh/yr more by 2026 (and so by 2027, a
    running total) makes one GWh more, and 12 GWh/yr make a plan; it comes first, before the
    ramp-up row (the same cut per unit, but no input a planner types)."""
    r = least_relaxation(two_years(min_output_gwh={("A", 2026): 12.0}))
    assert r.status is SolveStatus.OPTIMAL
    [s] = r.shortfalls
    assert (s.family, s.index, s.asked, s.shortfall) == ("min_output", ("A", 2026), 12.0, 2.0)
    first = r.holders[0]
    assert (first.family, first.index, first.at) == ("capacity_limit", ("A", 2026), 10.0)
    assert (first.per_unit, first.end, first.shortfall_at_end) == pytest.approx((1.0, 12.0, 0.0))


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


# ------------------------------------------------------- every requirement family, by hand


def test_committed_capacity_above_the_permitted_path() -> None:
    """A must have 12 GWh/yr by 2027 but may have at most 10: 2 GWh/yr too many, held back by
    the permitted capacity of 2027, one GWh/yr of it per GWh/yr of shortfall. (Validation
    refuses this in a workbook, committed-above-permitted; data built through the API can
    still ask it.)"""
    r = least_relaxation(two_years(committed_capacity_gwh={("A", 2027): 12.0}))
    assert r.status is SolveStatus.OPTIMAL
    [s] = r.shortfalls
    assert (s.family, s.index, s.asked, s.shortfall) == (
        "capacity_commitment",
        ("A", 2027),
        12.0,
        pytest.approx(2.0),
    )
    [h] = [h for h in r.holders if h.family == "capacity_limit"]
    assert (h.index, h.at, h.per_unit, h.end) == (
        ("A", 2027),
        10.0,
        pytest.approx(1.0),
        pytest.approx(12.0),
    )


def test_requirements_are_stated_as_typed_when_capacity_exists_before_the_horizon() -> None:
    """As above, with 1 GWh/yr installed in 2025: the rows are Σ x ≥ 12 − 1 and Σ x ≤ 10 − 1,
    but the planner typed 12 and 10, so the shortfall still asks 12 (not 11) and the limit is
    10 (not 9), raised to 12 (not 11) alone to make a plan."""
    data = two_years(
        online_year={"A": 2025},
        existing_capacity_gwh={("A", 2025): 1.0},
        committed_capacity_gwh={("A", 2027): 12.0},
    )
    r = least_relaxation(data)
    [s] = r.shortfalls
    assert (s.asked, s.shortfall) == (12.0, pytest.approx(2.0))
    [h] = [h for h in r.holders if h.family == "capacity_limit"]
    assert (h.at, h.end) == (pytest.approx(10.0), pytest.approx(12.0))


def test_output_target_above_what_the_plants_can_make() -> None:
    """A makes at most 10 GWh a year (10 GWh/yr, ramp 1; li 100 t at 2 t/GWh allows 50):
    20 GWh over 2026-2027, so a target of 25 GWh is 5 GWh too many, held back by the permitted
    capacity (both years' rows bind, so which one the dual names is the solver's choice)."""
    r = least_relaxation(two_years(output_target_gwh=25.0))
    [s] = r.shortfalls
    assert (s.family, s.index, s.asked, s.shortfall) == (
        "output_target",
        (),
        25.0,
        pytest.approx(5.0),
    )
    assert "capacity_limit" in {h.family for h in r.holders}


def test_a_milestone_above_the_permitted_path_never_makes_a_plan_impossible() -> None:
    """Award A (milestone 50 GWh/yr, penalised in 2026 and 2027) at a plant that may have only
    10 GWh/yr: milestone_build asks min(10, 50) = 10 GWh/yr by each year, which the permitted
    path allows, so the plan exists (the delay shows as penalties, not as infeasibility); all
    10 GWh/yr are built in 2026."""
    from models.solve import solve
    from tests.test_model_hand import awards

    data = two_years(
        **awards({("A", 2026): 1.0, ("A", 2027): 1.0}, {"A": 20.0}),
        award_milestone_gwh={"A": 50.0},
        award_penalty_musd={("A", 2026): 1.0, ("A", 2027): 1.0},
        budget_musd=100.0,
    )
    result = solve(data)
    assert result.is_optimal
    assert result.values["capacity_added_gwh"][("A", 2026)] == pytest.approx(10.0)
    assert least_relaxation(data).shortfalls == ()


def test_message_states_typed_amounts_with_existing_capacity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """P1 (no operating gap) may have 5 GWh/yr in 2026, 1 of them installed in 2025 (age 2 in
    2026: ramp 0.9) and 4 new (age 1: ramp 0.5): at most 0.9 + 2 = 2.9 GWh, so a minimum of
    4 GWh is 1.1 GWh too many. The limit holding it back is Capacity!B2 as typed, 5 GWh/yr (its
    row is 4 GWh/yr of new capacity); each GWh/yr more adds 0.5 GWh."""
    tables = small_tables(
        MinOutput=[{"plant_id": "P1", 2026: 4.0, 2027: None, 2028: None}],
        Existing=[{"plant_id": "P1", "installed_year": 2025, "installed_gwh": 1.0}],
    )
    tables["Plants"][0]["operating_gap_usd_per_kwh"] = 0.0
    tables["Minerals"][0]["max_source_share"] = 1.0
    workbook = write_workbook(tmp_path / "inf.xlsx", tables)
    code, _, err = run_accplan(capsys, "solve", workbook, "-o", tmp_path / "p.xlsx")
    assert code == 3
    assert "MinOutput!B2 asks 4 GWh (minimum output of P1 in 2026)" in err
    assert "met up to 2.9 GWh: lower it by 1.1 GWh." in err
    assert "Capacity!B2 (permitted capacity of P1 by 2026, now 5 GWh/yr)" in err
    assert "each GWh/yr more cuts the total shortfall by 0.5" in err


def test_message_names_the_output_target_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The small workbook's plants can make far less than 1,000 GWh over 2026-2028: the message
    names the Settings cell of output_target_gwh and asks to lower it."""
    tables = small_tables()
    tables["Settings"]["output_target_gwh"] = 1000.0
    workbook = write_workbook(tmp_path / "target.xlsx", tables)
    code, _, err = run_accplan(capsys, "solve", workbook, "-o", tmp_path / "p.xlsx")
    assert code == 3
    ref = cell_ref(tables, "Settings", "output_target_gwh", None)
    assert f"{ref} asks 1,000 GWh (total output required over the horizon)" in err
    assert "lower it by" in err


def test_base_case_minimum_names_what_a_rise_of_each_limit_really_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Base case with MinOutput P01 2026 = 4.5 GWh. By hand (Ramp 0.3, 0.6, 0.8, 0.9): P01's
    2025 block (1 GWh/yr, age 2 in 2026) makes 0.6 GWh, 4 GWh/yr new (permitted 5, running
    total) make 0.3 × 4 = 1.2: 1.8 GWh, so 2.7 GWh short. Each GWh/yr more permitted makes 0.3
    GWh; 2.7 / 0.3 = 9 GWh/yr more alone make a plan. (At the least change several limits bind
    at once and the solver's dual of this one read 1.3; the rise is re-solved instead.)"""
    from openpyxl import load_workbook

    from tests.conftest import INPUTS

    wb = load_workbook(INPUTS / "acc_base.xlsx")
    wb["MinOutput"]["A2"], wb["MinOutput"]["B2"] = "P01", 4.5
    wb.save(tmp_path / "base_min.xlsx")
    code, _, err = run_accplan(
        capsys, "solve", tmp_path / "base_min.xlsx", "-o", tmp_path / "p.xlsx"
    )
    assert code == 3
    assert "MinOutput!B2 asks 4.5 GWh (minimum output of P01 in 2026)" in err
    assert "met up to 1.8 GWh: lower it by 2.7 GWh." in err
    assert (
        "Capacity!B2 (permitted capacity of P01 by 2026, now 5 GWh/yr): each GWh/yr more cuts "
        "the total shortfall by 0.3; raising it by 9 GWh/yr alone would make a plan." in err
    )
    assert "by 1.3" not in err
