"""The objective as a plan states it, and a held objective named when it makes a plan impossible
(on :func:`tests.test_model_hand.two_year_gap_plant`: one 2026 block x runs both years, support
at most 40 USD m covers a premium of 5 × x, so x ≤ 8 and output ≤ 16 GWh)."""

from __future__ import annotations

from dataclasses import replace

from models.solve import solve
from planner.diagnose import diagnose
from planner.plan.tables import objective_sentence
from tests.test_model_hand import two_year_gap_plant


def test_a_hold_out_of_reach_is_named() -> None:
    """Holding output ≥ 20 GWh is out of reach (at most 16): infeasible, and the diagnosis says
    that without the hold a plan exists."""
    data = replace(
        two_year_gap_plant(),
        objective="least_incentive",
        output_target_gwh=8.0,
        hold_objective="cumulative_gwh",
        hold_level=20.0,
    )
    assert solve(data).status.value == "infeasible"
    assert diagnose(data, solve) == [
        "Without the held objective (Settings hold_level) a plan exists: lower it."
    ]


def test_objective_sentence_states_what_was_optimised() -> None:
    """Least incentive owed for 8 GWh holding output ≥ 12 GWh: 40 USD m.

    The scheme owes rate × eligible output: 10 × min(out26, 4) (award 4 GWh; no rate in 2027).
    Viability: premium 5 x ≤ 10 min(out26, 4), and out27 ≤ x, so with a = min(out26, 4) the
    output is at most a + 2a = 3a ≥ 12 ⇒ a = 4 and the least owed is 10 × 4 = 40 USD m. (Under
    the old least-support rule it was 30: only 3 of the 4 eligible GWh were paid.)
    """
    data = replace(
        two_year_gap_plant(),
        objective="least_incentive",
        output_target_gwh=8.0,
        hold_objective="cumulative_gwh",
        hold_level=12.0,
    )
    assert objective_sentence(data, solve(data)) == (
        "Objective: least incentive owed for 8.0 GWh: 40.0 USD million (holding most cell "
        "output over the horizon at least 12.0 GWh)"
    )
