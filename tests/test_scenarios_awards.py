"""The shipped workbooks as the scheme's reviewer reads them: Reliance's two awards keep their own
windows, a smaller budget binds and has a value, and a delayed awardee does not build for one
year of support."""

from __future__ import annotations

import pytest

from models.solve import solve
from planner.workbook.load import load_input
from tests.conftest import INPUTS

TOL = 1e-6


@pytest.fixture(scope="module")
def base():
    data = load_input(INPUTS / "acc_base.xlsx").data
    return data, solve(data)


def test_reliance_awards_keep_their_own_windows(base) -> None:
    """R1-RIL (5 GWh) earns in 2025-2029 only, R2-RIL (10 GWh) in 2027-2031 only; in 2029, when
    both earn, P02's eligible output counts against R1 first (signed first), each within its
    own size."""
    _data, result = base
    eligible = result.values["award_eligible_gwh"]
    earning = {(a, y) for (a, y), v in eligible.items() if v > TOL}
    assert {y for a, y in earning if a == "R1-RIL"} <= set(range(2025, 2030))
    assert {y for a, y in earning if a == "R2-RIL"} <= set(range(2027, 2032))
    assert any(a == "R2-RIL" and y >= 2030 for a, y in earning)  # paid after R1's window
    out = result.values["output_gwh"][("P02", 2029)]
    r1, r2 = eligible.get(("R1-RIL", 2029), 0.0), eligible.get(("R2-RIL", 2029), 0.0)
    assert r1 == pytest.approx(min(out, 5.0), abs=TOL)
    assert r2 == pytest.approx(min(max(out - 5.0, 0.0), 10.0), abs=TOL)


def test_budget_binds_in_the_remaining_budget_scenario() -> None:
    """Rs 6,000 crore = 6,000 × 10 / 87 USD million: everything owed (after penalties) adds up
    to it; the budget has a positive marginal value; the candidates share the 10 GWh left."""
    data = load_input(INPUTS / "acc_budget_remaining_6000.xlsx").data
    result = solve(data)
    assert result.is_optimal
    assert data.budget_musd == pytest.approx(60000 / 87)
    owed = sum(result.values["award_paid_musd"].values())
    assert owed == pytest.approx(60000 / 87, rel=1e-7)
    assert result.duals["incentive_budget"][()] > 1e-3
    assert result.budget_step_gwh is not None and result.budget_step_gwh > 0
    awarded = sum(result.values["candidate_award_gwh"].values())
    assert awarded == pytest.approx(50 - 40)  # scheme capacity less the four agreements


def test_base_budget_does_not_bind(base) -> None:
    """In the base case what is owed stays below Rs 18,100 crore, so the budget is worth 0 —
    the reason the remaining-budget scenario ships."""
    data, result = base
    assert sum(result.values["award_paid_musd"].values()) < data.budget_musd - 1
    assert abs(result.duals["incentive_budget"][()]) < TOL


def test_a_delayed_awardee_builds_nothing_for_one_year_of_support() -> None:
    """P03 (R1-ACC, window 2025-2029) may build only from 2029: one year at ramp 0.3 × 5 GWh
    × Rs 930/kWh (bid 1,550 × DVA 0.60) ≈ USD 16 million cannot cover 25 % of 5 GWh/yr × USD 70
    million = USD 87.5 million of capital premium, so the plan builds nothing there; its delay
    penalty accrues in 2026 (Rs 18.25 crore) and 2027 (the 13.5 left of the security)."""
    data = load_input(INPUTS / "acc_energy_storage_delayed.xlsx").data
    result = solve(data)
    assert result.is_optimal
    built = result.values["capacity_added_gwh"]
    assert sum(v for (p, _y), v in built.items() if p == "P03") == pytest.approx(0, abs=TOL)
    assert data.award_penalty_musd[("R1-ACC", 2026)] == pytest.approx(18.25 * 10 / 87)
    assert data.award_penalty_musd[("R1-ACC", 2027)] == pytest.approx(13.5 * 10 / 87)


def test_one_more_gwh_of_an_award_equals_a_full_re_solve(base) -> None:
    """With the 0/1 decisions held, one more GWh/yr awarded to R1-ACC would overfill the
    scheme's 50 GWh (the candidates hold the last 10): the fixed LP has no plan. The value
    reported must be what the scheme would see, the candidates decided again — equal to an
    independent full solve of the workbook's data with that award 1 GWh/yr larger."""
    from dataclasses import replace

    data, result = base
    lever = result.ranges["award_gwh"][("R1-ACC",)]
    larger = replace(data, award_gwh={**data.award_gwh, "R1-ACC": 6.0})
    again = solve(larger)
    assert again.is_optimal
    assert lever.per_unit == pytest.approx(again.output_gwh - result.output_gwh, abs=1e-6)
    assert lever.per_unit < 0  # a candidate loses more than R1-ACC's extra GWh/yr gains


def test_the_plan_shows_bid_and_dva_behind_each_rate(tmp_path) -> None:
    """R2-RIL in 2030 (its performance year 4, committed DVA 0.425): bid 1,600 × 0.425 = Rs 680
    per kWh, below the revenue cap 0.20 × 60 × 87 = 1,044, so the rate is 680. Outside its
    window DVA and bid × DVA are 0."""
    from openpyxl import load_workbook

    from planner.cli import main

    out = tmp_path / "plan.xlsx"
    try:
        main(["solve", str(INPUTS / "acc_base.xlsx"), "-o", str(out), "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    rows = list(load_workbook(out, read_only=True)["Awards"].iter_rows(values_only=True))
    names = [str(h).split(" (")[0] for h in rows[0]]
    table = {(r[0], r[1]): dict(zip(names, r, strict=True)) for r in rows[1:] if r[0]}
    r2 = table[("R2-RIL", 2030)]
    assert (r2["bid_rs"], r2["dva"]) == (1600, pytest.approx(0.425))
    assert r2["bid_x_dva_rs"] == pytest.approx(680) and r2["rate_rs"] == pytest.approx(680)
    assert table[("R2-RIL", 2026)]["dva"] == 0 and table[("R2-RIL", 2026)]["rate_rs"] == 0


def test_a_larger_candidate_minimum_equals_a_full_re_solve(base) -> None:
    """C-LMFP accepts 5-10 GWh/yr and gets 5; with its minimum at 6 the held candidates no longer
    fit the 10 GWh left, so the value is found with the awards decided again — equal to an
    independent full solve with C-LMFP's sizes 6-10, and stated from the typed 5."""
    from dataclasses import replace

    data, result = base
    lever = result.ranges["candidate_size_min"][("C-LMFP",)]
    sizes = {**data.candidate_gwh, "C-LMFP": (6.0, 10.0)}
    again = solve(replace(data, candidate_gwh=sizes))
    assert again.is_optimal
    assert lever.per_unit == pytest.approx(again.output_gwh - result.output_gwh, abs=1e-6)
    assert (lever.at, lever.low, lever.high) == (5.0, 5.0, 6.0)
