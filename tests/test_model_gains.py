"""What one more unit of a limit really buys (models.gains): re-solved, not read off a dual."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from models.gains import CHECKS_PER_FAMILY, is_actionable
from models.solve import solve
from tests.test_model_hand import two_years

ROOT = Path(__file__).resolve().parents[1]


def test_flat_capacity_path_one_more_unit_in_an_early_year_buys_nothing() -> None:
    """Plant A may hold 10 GWh/yr in 2026 and in 2027, ramp 1, 2 t li/GWh, 100 t/yr: Z* = 20 GWh.
    Permitted capacity is cumulative and never falls, so 11 permitted in 2026 only still caps
    2026 at 10 (capacity added then would exceed 10 in 2027): +0 GWh. 11 in 2027 lets 1 GWh/yr
    more be added in 2027: +1 GWh. The 2026 row's dual may read 1 (the cost of one *less*);
    whichever rows have a non-zero dual are checked, and each check gives the hand value."""
    r = solve(two_years())
    assert r.output_gwh == pytest.approx(20.0)
    checked = r.one_more_unit_gwh["capacity_limit"]
    assert checked, "a binding capacity row with a non-zero dual is checked"
    expected = {("A", 2026): 0.0, ("A", 2027): 1.0}
    for index, gain in checked.items():
        assert gain == pytest.approx(expected[index], abs=1e-9), index


def test_scarce_lithium_one_more_tonne_buys_half_a_gwh() -> None:
    """15 t of li in 2026 at 2 t/GWh caps 2026 at 7.5 GWh (capacity 10): one more tonne makes
    0.5 GWh more; 2027 has 100 t, so its row is slack and not checked."""
    data = two_years(supply_t={("S", "li", 2026): 15.0, ("S", "li", 2027): 100.0})
    r = solve(data)
    assert r.output_gwh == pytest.approx(17.5)
    assert r.duals["mineral_supply_limit"][("S", "li", 2026)] == pytest.approx(0.5)
    assert r.one_more_unit_gwh["mineral_supply_limit"] == {("S", "li", 2026): pytest.approx(0.5)}


def test_rows_before_a_plant_comes_online_are_not_actionable() -> None:
    data = two_years(online_year={"A": 2027})
    assert not is_actionable(data, "capacity_limit", ("A", 2026))
    assert is_actionable(data, "capacity_limit", ("A", 2027))
    assert not is_actionable(data, "mineral_need", ("A", "li", 2026))
    assert is_actionable(data, "mineral_supply_limit", ("S", "li", 2026))
    assert not is_actionable(data, "mineral_use_balance", ("li", 2026))


@pytest.fixture(scope="module")
def base_case():
    from planner.workbook.load import load_input

    return load_input(ROOT / "inputs" / "acc_lithium_squeeze.xlsx").data


def test_checked_gains_match_re_solving_with_changed_data(base_case) -> None:
    """Independent of how models.gains moves a row: add one unit to the data itself (permitted
    capacity of that plant-year, tonnes of that source-mineral-year), solve again, and compare."""
    r = solve(base_case)
    perturb = {
        "capacity_limit": lambda d, i: replace(
            d,
            permitted_capacity_gwh={
                **d.permitted_capacity_gwh,
                i: d.permitted_capacity_gwh.get(i, 0.0) + 1.0,
            },
        ),
        "mineral_supply_limit": lambda d, i: replace(
            d, supply_t={**d.supply_t, i: d.supply_t.get(i, 0.0) + 1.0}
        ),
    }
    compared = 0
    for family, change in perturb.items():
        checked = r.one_more_unit_gwh.get(family, {})
        assert 0 < len(checked) <= CHECKS_PER_FAMILY
        for index, gain in checked.items():
            again = solve(change(base_case, index))
            assert gain == pytest.approx(again.output_gwh - r.output_gwh, abs=1e-6), index
            compared += 1
    assert compared >= 4
