"""Ranging (models.ranging): what one more unit of a limit buys and over what range, by hand.

Every range end is worked out in the docstring; each is then confirmed by solving the changed
data itself just inside and just outside the end (the slope holds inside and not beyond).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.data import ModelData
from models.ranging import AWARD, LimitRange
from models.solve import solve
from tests.test_model_hand import gap_plant, two_years

EPS = 0.1


def output(data: ModelData) -> float:
    result = solve(data)
    assert result.is_optimal, result.solver_message
    return result.output_gwh


def ranged(data: ModelData, family: str, index: tuple) -> tuple[float, LimitRange]:
    result = solve(data)
    return result.output_gwh, result.ranges[family][index]


def with_supply(data: ModelData, tonnes: float) -> ModelData:
    return replace(data, supply_t={**data.supply_t, ("S", "li", 2026): tonnes})


def test_scarce_lithium_range_ends_by_hand() -> None:
    """Plant A: 10 GWh/yr permitted in 2026 and 2027, ramp 1, 2 t li per GWh; 15 t in 2026,
    100 t in 2027. 2026 makes 15 / 2 = 7.5 GWh, 2027 makes 10: Z* = 17.5 GWh.
    One more tonne in 2026 buys 1/2 = 0.5 GWh until 2026 reaches capacity 10 GWh at 20 t
    (Z = 20) and down to 0 t (Z = 10). Just inside 20 t (19.9) the slope holds:
    17.5 + 0.5 × 4.9 = 19.95; just outside (20.1) Z stays 20, not 20.05."""
    data = two_years(supply_t={("S", "li", 2026): 15.0, ("S", "li", 2027): 100.0})
    best, r = ranged(data, "mineral_supply_limit", ("S", "li", 2026))
    assert best == pytest.approx(17.5)
    assert (r.per_unit, r.at, r.low, r.high) == pytest.approx((0.5, 15.0, 0.0, 20.0))
    assert (r.output_low, r.output_high) == pytest.approx((10.0, 20.0))
    assert not r.kink
    for end, z in ((r.high, r.output_high), (r.low, r.output_low)):
        assert output(with_supply(data, end)) == pytest.approx(z)
    assert output(with_supply(data, 20.0 - EPS)) == pytest.approx(best + 0.5 * (5.0 - EPS))
    assert output(with_supply(data, 20.0 + EPS)) == pytest.approx(20.0)
    assert output(with_supply(data, EPS)) == pytest.approx(10.0 + 0.5 * EPS)


def with_capacity(data: ModelData, year: int, gwh: float) -> ModelData:
    return replace(data, permitted_capacity_gwh={**data.permitted_capacity_gwh, ("A", year): gwh})


def test_degenerate_capacity_limit_gives_the_slope_of_a_rise() -> None:
    """Flat path: 10 GWh/yr permitted in 2026 and 2027, 100 t li/yr at 2 t/GWh: Z* = 20.
    Capacity is cumulative, so below 10 GWh/yr a cut of the 2027 limit also cuts 2026 (slope 2);
    a rise only adds 2027 output (slope 1) until lithium caps 2027 at 100 / 2 = 50 GWh, i.e. at
    50 GWh/yr permitted, where Z = 10 + 50 = 60. The rise's slope (1) is the one reported,
    from 10 to 50: 49.9 → 59.9, and 50.1 → 60 (not 60.1). Raising the 2026 limit alone buys
    nothing (capacity added in 2026 would exceed 2027's 10): if ranged, its value is 0."""
    data = two_years()
    best, r = ranged(data, "capacity_limit", ("A", 2027))
    assert best == pytest.approx(20.0)
    assert (r.per_unit, r.low, r.high, r.output_high) == pytest.approx((1.0, 10.0, 50.0, 60.0))
    assert output(with_capacity(data, 2027, 50.0 - EPS)) == pytest.approx(60.0 - EPS)
    assert output(with_capacity(data, 2027, 50.0 + EPS)) == pytest.approx(60.0)
    assert output(with_capacity(data, 2027, 10.0 - EPS)) == pytest.approx(20.0 - 2 * EPS)
    early = solve(data).ranges["capacity_limit"].get(("A", 2026))
    if early is not None:
        assert early.per_unit == pytest.approx(0.0)
        assert output(with_capacity(data, 2026, 11.0)) == pytest.approx(best)


def test_budget_range_by_hand() -> None:
    """Gap plant (premium 5, incentive 10 USD/kWh), award 50 GWh (firm cap 100), 100 GWh/yr
    permitted, 1,000 t li at 2 t/GWh (500 GWh). The scheme owes 10 × min(output, 50).
    Budget 200 USD m: output above 50 would owe 500, so output = eligible = 200 / 10 = 20
    (premium 5 × 20 ≤ 200 holds); slope 0.1 GWh per USD million, with the claim switch held,
    from budget 0 (output 0) up to 500 (output 50 = the award). At 500 the switch flips: the
    award is claimed in full and support 500 covers 5 x ≤ 500, so output jumps to 100 — the
    non-convexity the 0/1 switch is there for (499 → 49.9 GWh, 501 → 100)."""
    data = gap_plant(budget_musd=200.0, award_gwh={"A": 50.0}, firm_cap_gwh=100.0)
    best, r = ranged(data, "incentive_budget", ())
    assert best == pytest.approx(20.0)
    assert (r.per_unit, r.low, r.high) == pytest.approx((0.1, 0.0, 500.0))
    assert (r.output_low, r.output_high) == pytest.approx((0.0, 50.0))
    assert output(replace(data, budget_musd=500.0 - 1)) == pytest.approx(49.9)
    assert output(replace(data, budget_musd=500.0 + 1)) == pytest.approx(100.0)


def test_award_bound_marginal_value_is_found() -> None:
    """Gap plant with award 20 GWh, budget 1,000 USD m (room for 100 GWh eligible): output =
    2 × eligible ≤ 2 × 20 = 40 GWh. The award is a variable bound (e ≤ w) and, for a firm of
    one plant, also its cap min(firm_cap 100, Σ w = 20): one more GWh/yr of award buys 2 GWh.
    Checked on the data: award 21 → 42 GWh."""
    data = gap_plant(firm_cap_gwh=100.0)
    result = solve(data)
    assert result.output_gwh == pytest.approx(40.0)
    assert result.duals[AWARD][("A",)] == pytest.approx(2.0)
    assert result.ranges[AWARD][("A",)].per_unit == pytest.approx(2.0)
    assert output(replace(data, award_gwh={"A": 21.0})) == pytest.approx(42.0)
