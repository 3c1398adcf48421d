"""Minimum build blocks (models/blocks.py), solved by hand: each year's addition at a plant with
``min_block_gwh`` is 0 or at least that block, and marginal values come from the LP with the
0/1 build decisions held (FORMULATION.md, "Minimum build blocks").

Instances start from :func:`tests.test_model_hand.tiny`: plant A (chemistry X, 2 t li per
GWh), one year 2026, ramp factor 1, no scrap, capex 60 USD m per GWh/yr, li at USD 1,000/t.
"""

from __future__ import annotations

from dataclasses import replace

from models.block_sizes import block_room, block_years, first_unreachable
from models.build import build_model
from models.pledges import committed_new_capacity
from planner.plan.duals import BLOCKS_HELD, marginal_rows
from tests.test_model_hand import approx, awards, optimal, tiny

LITHIUM_FOR_3 = {("S", "li", 2026): 6.0}
"""6 t of li at 2 t/GWh: enough for 3 GWh of cells."""


def test_minimum_block_builds_five_to_use_three() -> None:
    """Permitted 8 GWh/yr, li for 3 GWh (6 t at 2 t/GWh).

    Without a minimum: stage 1 makes out = 3 (li binds: supply dual 1/2 GWh per t); stage 2
    builds only what it uses, x = 3: cost 60 × 3 + 6 t × 1,000 × 1e-6 = 180.006 USD m.
    With min_block_gwh 5: x ∈ {0} ∪ [5, 8]. x = 0 makes nothing; x ≥ 5 makes 3 (li still
    binds). So b = 1, out = 3, and stage 2 builds the least block, x = 5: cost 300.006.
    Marginal values from the LP with b held at 1: one more t of li still buys 1/2 GWh (up to
    10 t, when out reaches x = 5); the minimum costs no output in stage 1 (capacity is free
    there), so min_block_lower's dual is 0, and x = 5 < U = 8 leaves min_block_upper slack (0).
    """
    free = optimal(tiny(permitted_capacity_gwh={("A", 2026): 8.0}, supply_t=LITHIUM_FOR_3))
    assert free.output_gwh == approx(3.0)
    assert free.values["capacity_added_gwh"][("A", 2026)] == approx(3.0)
    assert free.cost_musd == approx(180.006)
    assert not free.integer_decisions
    r = optimal(
        tiny(
            permitted_capacity_gwh={("A", 2026): 8.0},
            supply_t=LITHIUM_FOR_3,
            min_block_gwh={"A": 5.0},
        )
    )
    assert r.integer_decisions
    assert r.output_gwh == approx(3.0)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(5.0)
    assert r.values["build_block"][("A", 2026)] == approx(1.0)
    assert r.cost_musd == approx(300.006)
    assert r.duals["mineral_supply_limit"][("S", "li", 2026)] == approx(0.5)
    assert r.duals["min_block_lower"][("A", 2026)] == approx(0.0)
    assert r.duals["min_block_upper"][("A", 2026)] == approx(0.0)


def two_plants(**changes):
    """A (chemistry XA, 3 t li/GWh, permitted 8, capital premium 5 USD m per GWh/yr, award A of
    20 GWh at 10 USD/kWh) and B (chemistry XB, 2 t li/GWh, permitted 10, no premium), sharing
    24 t of li in 2026; budget 1,000 USD m (never binds)."""
    base = tiny(
        plants=("A", "B"),
        plant_firm={"A": "F", "B": "G"},
        plant_chemistry={"A": "XA", "B": "XB"},
        online_year={"A": 2026, "B": 2026},
        permitted_capacity_gwh={("A", 2026): 8.0, ("B", 2026): 10.0},
        intensity_t_per_gwh={("XA", "li"): 3.0, ("XB", "li"): 2.0},
        supply_t={("S", "li", 2026): 24.0},
        capex_musd_per_gwh={"A": 60.0, "B": 60.0},
        capital_premium_musd_per_gwh={"A": 5.0},
        budget_musd=1000.0,
        **awards({("A", 2026): 10.0}, {"A": 20.0}),
    )
    return replace(base, **changes)


def test_minimum_block_forces_output_at_the_plant_it_must_pay_for() -> None:
    """:func:`two_plants`. A builds a block x only if 5 x ≤ 10 × out_A (viability); li:
    3 out_A + 2 out_B ≤ 24; out_B ≤ 10; out_A ≤ x ≤ 8.

    Without a minimum: B first (1/2 GWh per t against A's 1/3): out_B = 10 (20 t), out_A =
    4/3 (4 t), x_A = 4/3 (5 × 4/3 ≤ 40/3). Total 34/3 = 11.333 GWh.
    With min_block_gwh 5 at A: b = 0 gives out_B = 10, total 10. b = 1: x_A ≥ 5 needs out_A ≥
    2.5, and total = out_A + (24 − 3 out_A)/2 = 12 − out_A/2 falls with out_A, so out_A = 2.5,
    out_B = 8.25, x_A = 5 (5 x_A ≤ 25): total 10.75 > 10, so A builds its block.
    Stage 2: x_B = 8.25; cost 60 × (5 + 8.25) + 10 × 2.5 (owed to A) + 24 t × 1e-3 = 820.024.
    Duals of the LP with b = 1 held (perturb each right-hand side by δ): minimum 5 + δ ⇒ out_A
    = 2.5 + δ/2, out_B = 8.25 − 3δ/4, total 10.75 − δ/4: min_block_lower = −0.25 GWh per GWh/yr;
    li 24 + δ ⇒ out_B + δ/2: 0.5 GWh per t; viability 0 + δ ⇒ out_A = 2.5 − δ/10, out_B +
    3δ/20: 0.05 GWh per USD m. x_A = 5 < U = 8: min_block_upper slack (0).
    Range of the minimum (total = 12 − m/4 while out_A = m/2 ≥ A's free optimum 4/3 and
    x_A = m ≤ 8): from 8/3 (total 34/3) to 8 (total 10), now 5; the plan says so in words.
    """
    free = optimal(two_plants())
    assert free.output_gwh == approx(34 / 3)
    assert free.values["capacity_added_gwh"][("A", 2026)] == approx(4 / 3)
    r = optimal(two_plants(min_block_gwh={"A": 5.0}))
    assert r.output_gwh == approx(10.75)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(5.0)
    assert r.values["capacity_added_gwh"][("B", 2026)] == approx(8.25)
    assert r.values["output_gwh"][("A", 2026)] == approx(2.5)
    assert r.cost_musd == approx(820.024)
    assert r.duals["min_block_lower"][("A", 2026)] == approx(-0.25)
    assert r.duals["min_block_upper"][("A", 2026)] == approx(0.0)
    assert r.duals["mineral_supply_limit"][("S", "li", 2026)] == approx(0.5)
    assert r.duals["viability"][("A",)] == approx(0.05)
    found = r.ranges["min_block_lower"][("A", 2026)]
    assert (found.at, found.low, found.high) == (approx(5.0), approx(8 / 3), approx(8.0))
    assert (found.output_low, found.output_high) == (approx(34 / 3), approx(10.0))
    words = [b for b in marginal_rows(two_plants(min_block_gwh={"A": 5.0}), r)]
    block = next(b for b in words if b.constraint == "min_block_lower")
    assert block.meaning.startswith("One more GWh/yr in the smallest block A builds")
    assert "would reduce total output by 0.25 GWh" in block.meaning
    assert all(b.meaning.endswith(BLOCKS_HELD) for b in words)


def test_a_block_the_plant_cannot_pay_for_is_not_built() -> None:
    """:func:`two_plants` with A's premium 7: a block of 5 needs 35 ≤ 10 out_A, out_A ≥ 3.5,
    and then total = 12 − 3.5/2 = 10.25 > 10 still: A builds. With premium 9: out_A ≥ 4.5,
    total 12 − 2.25 = 9.75 < 10 (B alone): A builds nothing, out_B = 10, total 10. With b = 0
    held, one more t of li buys nothing (B is at its 10 GWh/yr, A may not build): li dual 0.
    min_block_upper binds (x_A ≤ U × 0 = 0); raising its right-hand side to δ lets A add δ
    without a block: out_A = x_A = δ (9δ ≤ 10δ, li 20 + 3δ ≤ 24), so its dual is 1 GWh per
    GWh/yr (a cut leaves no plan: x_A ≥ 0)."""
    seven = optimal(two_plants(capital_premium_musd_per_gwh={"A": 7.0}, min_block_gwh={"A": 5.0}))
    assert seven.output_gwh == approx(10.25)
    nine = optimal(two_plants(capital_premium_musd_per_gwh={"A": 9.0}, min_block_gwh={"A": 5.0}))
    assert nine.output_gwh == approx(10.0)
    assert nine.values["capacity_added_gwh"][("A", 2026)] == approx(0.0)
    assert nine.values["build_block"][("A", 2026)] == approx(0.0)
    assert nine.duals["mineral_supply_limit"][("S", "li", 2026)] == approx(0.0)
    assert nine.duals["min_block_upper"][("A", 2026)] == approx(1.0)


def test_no_block_fits_where_the_path_leaves_less_room() -> None:
    """Permitted 3 (2026), 8 (2027), 8 (2028), 1 GWh/yr installed in 2025, minimum 5: U_2026 =
    min(3, 8, 8) − 1 = 2 < 5 (nothing added: no switch, the addition's bound is 0), U_2027 =
    U_2028 = 8 − 1 = 7. Li ample (1,000 t): A adds 7 in 2027 (out 1, 8, 8 = 17 GWh, the existing
    GWh/yr ramping at factor 1); without the minimum it adds 2 in 2026 (out 3, 8, 8 = 19)."""
    years = (2026, 2027, 2028)
    data = tiny(
        years=years,
        permitted_capacity_gwh={("A", 2026): 3.0, ("A", 2027): 8.0, ("A", 2028): 8.0},
        supply_t={("S", "li", y): 1000.0 for y in years},
        existing_capacity_gwh={("A", 2025): 1.0},
        min_block_gwh={"A": 5.0},
    )
    assert block_room(data, "A", 2026) == approx(2.0)
    assert block_years(data) == ([("A", 2027), ("A", 2028)], [("A", 2026)])
    model = build_model(data)
    assert model.capacity_added_gwh["A", 2026].ub == 0.0
    r = optimal(data)
    assert r.output_gwh == approx(17.0)
    assert [r.values["capacity_added_gwh"][("A", y)] for y in years] == [
        approx(0.0),
        approx(7.0),
        approx(0.0),
    ]
    assert optimal(replace(data, min_block_gwh={})).output_gwh == approx(19.0)


def test_a_pledge_is_built_in_blocks_and_its_premium_is_the_firms() -> None:
    """Permitted 8, committed 2 by 2026, minimum block 5, capital premium 5 USD m per GWh/yr,
    no incentive, li ample (100 t: 50 GWh). The commitment forces a block: x ∈ [5, 8], so the
    new capacity built anyway is K = 5 (not 2) and viability reads 5 x ≤ 5 × 5: x = 5, out = 5.
    (Crediting only the 2 committed would ask 5 x ≤ 10, x ≤ 2 < 5: no plan.)"""
    data = tiny(
        permitted_capacity_gwh={("A", 2026): 8.0},
        committed_capacity_gwh={("A", 2026): 2.0},
        capital_premium_musd_per_gwh={"A": 5.0},
        min_block_gwh={"A": 5.0},
    )
    assert committed_new_capacity(data, "A") == approx(5.0)
    r = optimal(data)
    assert r.output_gwh == approx(5.0)
    assert r.values["capacity_added_gwh"][("A", 2026)] == approx(5.0)


def test_pledges_blocks_cannot_meet_are_found() -> None:
    """Permitted 2, 4, 8 (2026-2028), minimum 5: a commitment of 2 by 2027 needs a step of 2
    (U_2026 = 2, U_2027 = 4 < 5): unreachable in 2027. 6 by 2028 is met by one block of 6-8.
    Permitted 8, 9 with 5 by 2026 and 9 by 2027: 5-8 in 2026 leaves at most 4 < 5 for 2027, and
    9 at once does not fit under 8: unreachable in 2027."""
    years = (2026, 2027, 2028)
    path = {("A", 2026): 2.0, ("A", 2027): 4.0, ("A", 2028): 8.0}
    data = tiny(years=years, permitted_capacity_gwh=path, min_block_gwh={"A": 5.0})
    assert first_unreachable(data, "A") is None
    late = replace(data, committed_capacity_gwh={("A", 2027): 2.0})
    assert first_unreachable(late, "A") == (2027, 2.0)
    assert first_unreachable(replace(data, committed_capacity_gwh={("A", 2028): 6.0}), "A") is None
    steep = tiny(
        years=(2026, 2027),
        permitted_capacity_gwh={("A", 2026): 8.0, ("A", 2027): 9.0},
        committed_capacity_gwh={("A", 2026): 5.0, ("A", 2027): 9.0},
        min_block_gwh={"A": 5.0},
    )
    assert first_unreachable(steep, "A") == (2027, 9.0)


def test_without_minimum_the_model_is_unchanged() -> None:
    """No min_block_gwh: no switch, no row, no component (the LP exactly as before)."""
    model = build_model(tiny())
    assert not hasattr(model, "build_block") and not hasattr(model, "min_block_lower")


BLOCK_TESTS = {
    "min_block_lower": test_minimum_block_forces_output_at_the_plant_it_must_pay_for,
    "min_block_upper": test_a_block_the_plant_cannot_pay_for_is_not_built,
}
"""Constraint component name -> the hand-solved test where it binds (the registry's)."""
