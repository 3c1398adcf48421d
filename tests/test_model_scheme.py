"""Hand-solved instances of the scheme's award families: stacked awards with their own windows,
candidates sharing the unawarded capacity, the per-firm cap, penalties and ceilings.

Golden numbers are worked out by hand in each docstring. Base: :func:`tests.test_model_hand.tiny`
(plant A, chemistry X, li 2 t/GWh at USD 1,000/t, capex 60, ramp 1, no scrap). "Gap" is the
operating gap (operating_gap_cover: gap × output ≤ that year's support). Duals are taken
with the 0/1 decisions held (FORMULATION.md); where a family is a definition whose dual is
degenerate only its sign is asserted, and the values that make it exact are checked instead.
"""

from __future__ import annotations

from dataclasses import replace

from models.data import ModelData
from tests.test_model_hand import TOL, approx, optimal, tiny

YEARS3 = (2026, 2027, 2028)


def plenty(years: tuple[int, ...], plants: tuple[str, ...] = ("A",), **changes) -> ModelData:
    """``plants`` (firm F each), 100 GWh/yr permitted, 10,000 t li a year, budget 10,000."""
    base = tiny(
        years=years,
        plants=plants,
        plant_firm={p: "F" for p in plants},
        plant_chemistry={p: "X" for p in plants},
        online_year={p: years[0] for p in plants},
        capex_musd_per_gwh={p: 60.0 for p in plants},
        permitted_capacity_gwh={(p, y): 100.0 for p in plants for y in years},
        supply_t={("S", "li", y): 10_000.0 for y in years},
        budget_musd=10_000.0,
    )
    return replace(base, **changes)


def two_awards_one_plant() -> ModelData:
    """Plant A (gap 6) holds R1 (5 GWh at 10 USD/kWh, 2026–27) and R2 (10 GWh at 8, 2027–28),
    signed in that order: the instance solved by hand below (and reported in test_plan_awards)."""
    return plenty(
        YEARS3,
        operating_gap_musd_per_gwh={"A": 6.0},
        awards=("R1", "R2"),
        award_plant={"R1": "A", "R2": "A"},
        award_firm={"R1": "F", "R2": "F"},
        award_gwh={"R1": 5.0, "R2": 10.0},
        award_order={"R1": 1, "R2": 2},
        award_rate_musd_per_gwh={
            ("R1", 2026): 10.0,
            ("R1", 2027): 10.0,
            ("R2", 2027): 8.0,
            ("R2", 2028): 8.0,
        },
    )


def test_two_awards_on_one_plant_keep_their_windows() -> None:
    """Plant A, gap 6, holds R1 (5 GWh, rate 10, 2026–27) and R2 (10 GWh, rate 8, 2027–28);
    output counts against R1 first. Support S and output (viability 6 out ≤ S):

    - 2026, R1 only: S = 10 min(out, 5) ⇒ out = 50/6 = 8 1/3;
    - 2027, both: S = 10 × 5 + 8 × 10 = 130 once out ≥ 15 ⇒ out = 130/6 = 21 2/3;
    - 2028, R2 only: S = 8 min(out, 10) ⇒ out = 80/6 = 13 1/3.

    Total 43 1/3 GWh; paid 50 + 130 + 80 = 260. With one window 2026–28 for both (the old
    one-window-per-plant model) 2026 and 2028 would also earn 130 each: 65 GWh. Stage 2: 260 +
    capex 60 × 21 2/3 = 1,300 + li 2 × 43 1/3 × 1,000e-6 ⇒ 1,560.0867 USD m.
    claim_full_award (R2, 2027) is the ≥ row "e_R1 + e_R2 ≥ 15" held by the bounds too: its dual
    is degenerate, so only its sign (≤ 0) is asserted.
    """
    data = two_awards_one_plant()
    r = optimal(data)
    out = r.values["output_gwh"]
    assert out[("A", 2026)] == approx(50 / 6)
    assert out[("A", 2027)] == approx(130 / 6)
    assert out[("A", 2028)] == approx(80 / 6)
    assert r.output_gwh == approx(260 / 6)
    e = r.values["award_eligible_gwh"]
    assert e[("R1", 2027)] == approx(5) and e[("R2", 2027)] == approx(10)
    assert e[("R2", 2028)] == approx(10)
    assert ("R1", 2028) not in e and ("R2", 2026) not in e
    assert r.values["plant_support_musd"][("A", 2027)] == approx(130.0)
    assert r.cost_musd == approx(260 + 1300 + 2 * 260 / 6 * 1e-3)
    assert r.duals["claim_full_award"][("R2", 2027)] <= TOL
    assert r.duals["eligible_within_output"][("A", 2027)] >= -TOL


def candidates(**changes) -> ModelData:
    """Plants A (gap 5) and B (gap 8), year 2026, no award yet; candidates CA on A and CB on B,
    both at rate 10 and sizes 0 or 5–10 GWh; 10 GWh of scheme capacity unawarded."""
    base = plenty(
        (2026,),
        ("A", "B"),
        operating_gap_musd_per_gwh={"A": 5.0, "B": 8.0},
        awards=("CA", "CB"),
        award_plant={"CA": "A", "CB": "B"},
        award_firm={"CA": "F", "CB": "G"},
        candidate_gwh={"CA": (5.0, 10.0), "CB": (5.0, 10.0)},
        award_rate_musd_per_gwh={("CA", 2026): 10.0, ("CB", 2026): 10.0},
        scheme_capacity_gwh=10.0,
        budget_musd=150.0,
    )
    return replace(base, **changes)


def test_candidate_gets_the_capacity_its_award_buys_most_with() -> None:
    """An award of g GWh at rate 10 lets a plant with gap g_p make 10 g / g_p GWh (owed 10 g):
    A makes 2 GWh per GWh awarded (0.2 GWh per USD m), B 1.25 (0.125). Sizes 0 or 5–10, 10
    unawarded: CA 10 ⇒ 20 GWh; CA 5 + CB 5 ⇒ 16.25; CB 10 ⇒ 12.5. So CA gets all 10 (owed 100
    ≤ 150). Duals (awards held): unawarded_capacity 2 GWh per GWh/yr; budget slack (0).
    Re-solved with the budget +50 nothing changes: the capacity, not the money, binds. (Sizes
    up to 12 here, so that only the unawarded capacity stops CA at 10.)
    """
    data = candidates(candidate_gwh={"CA": (5.0, 12.0), "CB": (5.0, 12.0)}, budget_step_musd=50.0)
    r = optimal(data)
    g = r.values["candidate_award_gwh"]
    assert g[("CA",)] == approx(10.0) and g[("CB",)] == approx(0.0)
    assert r.output_gwh == approx(20.0)
    assert r.duals["unawarded_capacity"][()] == approx(2.0)
    assert r.duals["incentive_budget"][()] == approx(0.0)
    assert r.budget_step_gwh == approx(0.0)


def test_more_budget_funds_the_candidate_that_buys_most() -> None:
    """Budget 60 USD m, sizes 5–12, 10 GWh unawarded: CA gets 60 / 10 = 6 GWh (owed 60), A makes
    12; CB cannot also get its minimum 5 (owed 110 > 60). Budget dual with the awards held: 0.2
    GWh per USD m (CA's 2 GWh per GWh awarded / rate 10). Re-solved with 50 more (110): CA gets
    all 10 (owed 100), 20 GWh, +8 — less than 50 × 0.2 = 10, because the unawarded capacity
    stops CA at 10 (CA 5 + CB 5 would owe 100 for only 16.25)."""
    data = candidates(
        candidate_gwh={"CA": (5.0, 12.0), "CB": (5.0, 12.0)},
        budget_musd=60.0,
        budget_step_musd=50.0,
    )
    r = optimal(data)
    assert r.values["candidate_award_gwh"][("CA",)] == approx(6.0)
    assert r.output_gwh == approx(12.0)
    assert r.duals["incentive_budget"][()] == approx(0.2)
    assert r.budget_step_gwh == approx(8.0)
    assert r.budget_step_candidate_gwh[("CA",)] == approx(10.0)
    assert r.budget_step_candidate_gwh[("CB",)] == approx(0.0)


def test_candidates_share_when_one_accepts_at_most_eight() -> None:
    """CA accepts 5–8 GWh. Options: CA 8 ⇒ 16 GWh; CA 5 + CB 5 ⇒ 10 + 6.25 = 16.25 (owed 100 ≤
    150). CB may not take the 2 GWh CA 8 leaves (its minimum is 5). So both get 5.

    Duals (awards held): g_A + g_B ≤ 10 (unawarded), g_B ≥ 5 (CB's minimum). Shifting a GWh/yr
    from B to A gains 2 − 1.25 = 0.75 and is blocked by CB's minimum: candidate_size_min(CB) =
    −0.75; unawarded_capacity = 2 (one more GWh/yr goes to A). eligible_within_award (e ≤ g) is
    held by the switch's e ≥ g too, so only its sign (≥ 0) is asserted.
    """
    r = optimal(candidates(candidate_gwh={"CA": (5.0, 8.0), "CB": (5.0, 10.0)}))
    g = r.values["candidate_award_gwh"]
    assert g[("CA",)] == approx(5.0) and g[("CB",)] == approx(5.0)
    assert r.output_gwh == approx(16.25)
    assert r.duals["candidate_size_min"][("CB",)] == approx(-0.75)
    assert r.duals["unawarded_capacity"][()] == approx(2.0)
    assert r.duals["eligible_within_award"][("CA", 2026)] >= -TOL


def test_candidate_size_max_binds() -> None:
    """CA alone (CB's rate removed: B can make nothing), sizes 5–8: CA 8 ⇒ 16 GWh; 2 GWh of
    scheme capacity stay unawarded. Dual: candidate_size_max(CA) = 2 GWh per GWh/yr."""
    data = candidates(
        candidate_gwh={"CA": (5.0, 8.0), "CB": (5.0, 10.0)},
        award_rate_musd_per_gwh={("CA", 2026): 10.0},
    )
    r = optimal(data)
    assert r.values["candidate_award_gwh"][("CA",)] == approx(8.0)
    assert r.output_gwh == approx(16.0)
    assert r.duals["candidate_size_max"][("CA",)] == approx(2.0)
    assert r.duals["unawarded_capacity"][()] == approx(0.0)


def test_firm_award_cap_binds() -> None:
    """Firm F already holds award R (15 GWh, plant C, no gap: C makes its 100 GWh regardless,
    owed 10 × 15 = 150 of a 10,000 budget). Cap 20 ⇒ CA (firm F) may get at most 5 GWh:
    A makes 2 × 5 = 10. Total 110 GWh. Dual: firm_award_cap(F) = 2 GWh per GWh/yr
    (unawarded: 5 + 0 < 10 + ..., slack)."""
    data = plenty(
        (2026,),
        ("A", "C"),
        operating_gap_musd_per_gwh={"A": 5.0},
        awards=("CA", "R"),
        award_plant={"CA": "A", "R": "C"},
        award_firm={"CA": "F", "R": "F"},
        award_gwh={"R": 15.0},
        candidate_gwh={"CA": (0.0, 10.0)},
        award_rate_musd_per_gwh={("CA", 2026): 10.0, ("R", 2026): 10.0},
        scheme_capacity_gwh=40.0,
    )
    r = optimal(data)
    assert r.values["candidate_award_gwh"][("CA",)] == approx(5.0)
    assert r.output_gwh == approx(110.0)
    assert r.duals["firm_award_cap"][("F",)] == approx(2.0)
    assert r.duals["unawarded_capacity"][()] == approx(0.0)


def test_penalty_reduces_what_is_paid() -> None:
    """Award A: 10 GWh, rate 10 in 2026–27, milestone 10 GWh/yr, penalty 30 USD m a year while
    delayed; permitted 5 (2026) then 10 (2027): delayed in 2026 only (5 < 10). No gap. Budget 110.

    Owed = 10 × output − penalties deducted; 30 is due by 2026 and deducted as soon as
    incentives allow, so whatever the split, owed = 10 (out26 + out27) − 30 once ≥ 30 has been
    earned: ≤ 110 ⇒ total output 14 (without the penalty: 11). Budget dual 0.1 GWh per USD m.
    milestone_build makes stage 2 install 10 GWh/yr by 2027 though 2027 makes at most 9 (capex
    600 instead of 540); its stage-1 dual is 0 (capacity never costs output). Stage 2: 110 + 600
    + 14 × 2 × 1,000e-6 = 710.028 USD m. Deduction rows are definitions held by the switches:
    only their signs are asserted (≤ rows ≥ 0, ≥ rows ≤ 0).
    """
    data = plenty(
        (2026, 2027),
        permitted_capacity_gwh={("A", 2026): 5.0, ("A", 2027): 10.0},
        budget_musd=110.0,
        awards=("A",),
        award_plant={"A": "A"},
        award_firm={"A": "F"},
        award_gwh={"A": 10.0},
        award_rate_musd_per_gwh={("A", 2026): 10.0, ("A", 2027): 10.0},
        award_milestone_gwh={"A": 10.0},
        award_penalty_musd={("A", 2026): 30.0, ("A", 2027): 30.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(14.0)
    paid = r.values["award_paid_musd"]
    assert paid[("A", 2026)] + paid[("A", 2027)] == approx(110.0)
    assert r.values["penalty_deducted_musd"][("A", 2027)] == approx(30.0)
    assert r.duals["incentive_budget"][()] == approx(0.1)
    built = r.values["capacity_added_gwh"]
    assert built[("A", 2026)] + built[("A", 2027)] == approx(10.0)
    assert r.duals["milestone_build"][("A", 2027)] == approx(0.0)
    assert r.cost_musd == approx(710.028)
    assert min(r.duals["deduction_within_incentive"].values()) >= -TOL
    assert min(r.duals["deduction_within_penalty"].values()) >= -TOL
    assert max(r.duals["deduction_as_due_incentive"].values()) <= TOL
    assert max(r.duals["deduction_as_due_penalty"].values()) <= TOL
    unpenalised = optimal(replace(data, award_penalty_musd={}))
    assert unpenalised.output_gwh == approx(11.0)


def test_ceiling_caps_what_an_award_is_paid() -> None:
    """Award A: 10 GWh, rate 10 in 2026–27, gap 5, outlay ceiling 150 USD m.

    2026: S = 10 min(out, 10) ⇒ out 20, paid 100. 2027: 150 − 100 = 50 left ⇒ 5 out ≤ 50 ⇒ out
    10 (earning 100, paid 50). Making less in 2026 only moves payment: out26 = 5 pays 50 and
    leaves 100 for 2027 (out 20), total 25 < 30. So 30 GWh, paid 150. Stage 2: 150 + 60 × 20 +
    30 × 2 × 1,000e-6 = 1,350.06 USD m. Ceiling rows are definitions held by the switches: only
    signs asserted.
    """
    data = plenty(
        (2026, 2027),
        operating_gap_musd_per_gwh={"A": 5.0},
        awards=("A",),
        award_plant={"A": "A"},
        award_firm={"A": "F"},
        award_gwh={"A": 10.0},
        award_rate_musd_per_gwh={("A", 2026): 10.0, ("A", 2027): 10.0},
        award_ceiling_musd={"A": 150.0},
    )
    r = optimal(data)
    assert r.output_gwh == approx(30.0)
    paid = r.values["award_paid_musd"]
    assert (paid[("A", 2026)], paid[("A", 2027)]) == (approx(100.0), approx(50.0))
    assert r.cost_musd == approx(1350.06)
    assert min(r.duals["ceiling_within_net"].values()) >= -TOL
    assert max(r.duals["ceiling_as_due_net"].values()) <= TOL
    assert max(r.duals["ceiling_as_due_limit"].values()) <= TOL


SCHEME_TESTS = {
    "claim_full_award": test_two_awards_on_one_plant_keep_their_windows,
    "unawarded_capacity": test_candidate_gets_the_capacity_its_award_buys_most_with,
    "candidate_size_min": test_candidates_share_when_one_accepts_at_most_eight,
    "eligible_within_award": test_candidates_share_when_one_accepts_at_most_eight,
    "candidate_size_max": test_candidate_size_max_binds,
    "firm_award_cap": test_firm_award_cap_binds,
    "milestone_build": test_penalty_reduces_what_is_paid,
    "deduction_within_incentive": test_penalty_reduces_what_is_paid,
    "deduction_within_penalty": test_penalty_reduces_what_is_paid,
    "deduction_as_due_incentive": test_penalty_reduces_what_is_paid,
    "deduction_as_due_penalty": test_penalty_reduces_what_is_paid,
    "ceiling_within_net": test_ceiling_caps_what_an_award_is_paid,
    "ceiling_as_due_net": test_ceiling_caps_what_an_award_is_paid,
    "ceiling_as_due_limit": test_ceiling_caps_what_an_award_is_paid,
}
"""Award family -> its hand-solved test (joined with test_model_hand.CONSTRAINT_TESTS by the
registry test)."""
