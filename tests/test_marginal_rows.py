"""The Marginal values sheet's rows: existing capacity reported like a limit (it is data on the
right-hand sides, so the solver gives it no reduced cost), and limits whose rise buys nothing
left out. Golden numbers by hand, or from an independent full re-solve."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from models.existing_lever import EXISTING
from models.ranging import LimitRange
from models.result import SolveResult, SolveStatus
from models.solve import solve
from planner.plan.duals import marginal_rows
from tests.test_model_hand import two_years

ROOT = Path(__file__).resolve().parents[1]


def existing_case(**changes):
    """A online 2025 with 1 GWh/yr installed in 2025, permitted 3 GWh/yr (a running total, the
    existing block included) in 2026 and 2027, ramp 0.5 then 1, li plentiful.

    By hand: the block is age 2 in 2026 (factor 1): 1 + 1 GWh; 2 GWh/yr new in 2026 make
    0.5 × 2 = 1 GWh in 2026 and 2 in 2027: total 5 GWh. With 2 GWh/yr installed before the
    horizon (permitted unchanged, so 1 GWh/yr new): 2 + 0.5 = 2.5 and 2 + 1 = 3, total 5.5:
    one more GWh/yr of existing capacity buys 0.5 GWh (it skips its first, half-speed year).
    """
    data = two_years(
        online_year={"A": 2025},
        existing_capacity_gwh={("A", 2025): 1.0},
        permitted_capacity_gwh={("A", 2026): 3.0, ("A", 2027): 3.0},
        ramp_factor=(0.5, 1.0),
    )
    return replace(data, **changes)


def test_existing_capacity_value_by_hand() -> None:
    result = solve(existing_case())
    assert result.output_gwh == pytest.approx(5.0)
    found = result.ranges[EXISTING][("A", 2025)]
    assert (found.at, found.per_unit, found.high) == pytest.approx((1.0, 0.5, 2.0))
    assert result.duals[EXISTING][("A", 2025)] == pytest.approx(0.5)
    more = solve(existing_case(existing_capacity_gwh={("A", 2025): 2.0}))
    assert more.output_gwh == pytest.approx(5.5)
    [row] = [b for b in marginal_rows(existing_case(), result) if b.constraint == EXISTING]
    assert (row.index, row.value, row.per) == (("A", 2025), pytest.approx(0.5), "GWh/yr")
    assert row.meaning.startswith(
        "One more GWh/yr of capacity at A installed in 2025, before the horizon (Existing sheet) "
        "would add 0.5 GWh of cells to total output."
    )


def test_existing_capacity_value_matches_a_full_re_solve_of_the_base_case() -> None:
    """Independent of the bound shifts: rebuild the base case with P01's 2025 block 1 GWh/yr
    larger and solve it from scratch; the gain is the reported value."""
    from planner.workbook.load import load_input

    data = load_input(ROOT / "inputs" / "acc_base.xlsx").data
    result = solve(data)
    bigger = dict(data.existing_capacity_gwh)
    bigger[("P01", 2025)] += 1.0
    gain = solve(replace(data, existing_capacity_gwh=bigger)).output_gwh - result.output_gwh
    assert gain > 0.1
    assert result.ranges[EXISTING][("P01", 2025)].per_unit == pytest.approx(gain, abs=1e-6)


def test_limits_whose_rise_buys_nothing_are_left_out() -> None:
    """Two binding capacity limits: one whose rise buys 0.9 GWh, one binding only for a cut
    (its rise, re-solved, buys 0): only the first is a row."""
    data = two_years()
    result = SolveResult(
        SolveStatus.OPTIMAL,
        "",
        duals={"capacity_limit": {("A", 2026): 0.9, ("A", 2027): 0.4}},
        ranges={
            "capacity_limit": {
                ("A", 2026): LimitRange(10.0, 0.9, 8.0, 12.0, 9.0, 10.8),
                ("A", 2027): LimitRange(10.0, 0.0, 10.0, float("inf"), 20.0, 20.0, kink=True),
            }
        },
    )
    rows = marginal_rows(data, result)
    assert [(b.constraint, b.index, b.value) for b in rows] == [
        ("capacity_limit", ("A", 2026), pytest.approx(0.9))
    ]


def test_no_row_of_the_base_plan_buys_nothing() -> None:
    from planner.workbook.load import load_input

    data = load_input(ROOT / "inputs" / "acc_base.xlsx").data
    rows = marginal_rows(data, solve(data), 87.0)
    assert rows and all(b.value != 0 for b in rows)
    assert {"capacity_limit", "ramp_up", EXISTING} <= {b.constraint for b in rows}


def test_a_running_total_is_ranged_as_typed_not_as_its_row() -> None:
    """In :func:`existing_case` permitted capacity is 3 GWh/yr by 2026, 1 of it installed in
    2025: the row is Σ x ≤ 2, but the limit a planner reads (Capacity sheet) is 3."""
    result = solve(existing_case())
    ranged = result.ranges["capacity_limit"]
    assert {index: r.at for index, r in ranged.items()} == {
        index: pytest.approx(3.0) for index in ranged
    }
    assert ranged and all(r.low >= 1.0 - 1e-9 for r in ranged.values())  # not below Ē
