"""Delay penalties against the performance security, checked by hand.

The scheme (scheme-and-minerals-2026.md §1, domain-brief §1.1): 0.1 % of the performance
security per day of delay from 1-Jan-2025, deducted from the awardee's incentives; waivers were
refused. accplan never lets the penalties due exceed the security, and what the incentives cannot
bear by the time the award's window closes is taken from the security, outside the budget
(models/FORMULATION.md, Penalties and Deductions). Every golden number below is worked out in its
docstring. Rs crore = USD million × FX / 10; at FX 87, 1 USD million = Rs 8.7 crore.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.solve import solve
from planner.plan.tables import build_tables
from planner.workbook.award_model import penalty_fields
from tests.plan_fixtures import plan_table
from tests.test_model_scheme import plenty

ROOT = Path(__file__).resolve().parents[1]
FX = 87.0
CRORE = 10 / FX
"""USD million per Rs crore at FX 87."""


def _award(**changes) -> dict:
    """An Awards row as the reader types it: R1-ACC's terms (Rs 50 crore security, 0.1 % a
    day from 2025, 2025's Rs 18.25 crore accrued before the horizon, milestone 1.25 GWh/yr)."""
    row = {
        "award_id": "R1",
        "plant_id": "A",
        "award_gwh": 5.0,
        "performance_security_rs_crore": 50.0,
        "penalty_share_per_day": None,
        "penalty_from_year": 2025,
        "penalty_accrued_rs_crore": 18.25,
        "milestone_gwh": 1.25,
    }
    return row | changes


def test_the_security_cap_counts_only_delayed_years() -> None:
    """Rs 50 crore × 0.001 = Rs 0.05 crore a day: 18.25 a year of 365 days, 18.3 in 2028 (366).
    Left of the security after 2025's 18.25: 31.75. Permitted capacity 2 (on time), then 1, 0.5
    and 0 GWh/yr (delayed: short of 1.25), so the delayed years are not consecutive with the
    first. 2026 is on time and owes nothing (its 18.25 only marks the milestone year); 2027
    owes 18.25 (13.5 left); 2028 owes the 13.5 left (not its 18.3); 2029 nothing. Due in all:
    18.25 + 18.25 + 13.5 = 50.00 = the security. Cutting as if every year were delayed would
    have left 2027 only 31.75 − 18.25 = 13.5 and 2028 nothing: 31.75 due, 18.25 short."""
    permitted = {("A", 2026): 2.0, ("A", 2027): 1.0, ("A", 2028): 0.5, ("A", 2029): 0.0}
    fields = penalty_fields([_award()], (2026, 2027, 2028, 2029), FX, permitted)
    pi = fields["award_penalty_musd"]
    assert pi[("R1", 2026)] == pytest.approx(18.25 * CRORE)
    assert pi[("R1", 2027)] == pytest.approx(18.25 * CRORE)
    assert pi[("R1", 2028)] == pytest.approx(13.5 * CRORE)
    assert ("R1", 2029) not in pi
    delayed = [y for y in (2027, 2028, 2029) if ("R1", y) in pi]
    due = fields["award_penalty_carried_musd"]["R1"] + sum(pi[("R1", y)] for y in delayed)
    assert due == pytest.approx(50 * CRORE)
    assert fields["award_security_musd"]["R1"] == pytest.approx(50 * CRORE)


def test_consecutive_delays_are_cut_as_before() -> None:
    """Delayed 2026-2028 (permitted 1 < 1.25), on time in 2029: 2026 owes 18.25, 2027 the 13.5
    left; 2028 and 2029 nothing (the security is used up)."""
    permitted = {("A", y): 1.0 for y in (2026, 2027, 2028)} | {("A", 2029): 5.0}
    pi = penalty_fields([_award()], (2026, 2027, 2028, 2029), FX, permitted)["award_penalty_musd"]
    assert pi == {
        ("R1", 2026): pytest.approx(18.25 * CRORE),
        ("R1", 2027): pytest.approx(13.5 * CRORE),
    }


def security_data():
    """Plants A (100 GWh/yr) and B (permitted 0: it makes nothing), 2026-2027, FX 87.

    - R1 on A: window closed in 2025 (no rate in the horizon), carries 5 USD m, security 4:
      nothing to deduct from, so 4 (Rs 34.8 crore) is taken from the security in 2026 and 1
      (Rs 8.7 crore) lies beyond it.
    - R3 on A: 1 GWh/yr at 10 USD/kWh in 2026, window closing 2026, carries 15, security 20:
      A makes more than 1 GWh, so it earns 10, all deducted (Rs 87 crore); the 5 left (Rs
      43.5 crore) is taken from the security in 2026.
    - R2 on B: 5 GWh/yr at 10 USD/kWh in 2026-27, window to 2030, carries 3 (Rs 26.1 crore),
      security 10: B makes nothing, and the window is still open at the end of 2027, so the 3
      are still owed, not yet taken from the security.
    """
    return plenty(
        (2026, 2027),
        ("A", "B"),
        permitted_capacity_gwh={
            (p, y): (100.0 if p == "A" else 0.0) for p in "AB" for y in (2026, 2027)
        },
        firm_cap_gwh=100.0,
        awards=("R1", "R2", "R3"),
        award_plant={"R1": "A", "R2": "B", "R3": "A"},
        award_firm={"R1": "F", "R2": "F", "R3": "F"},
        award_gwh={"R1": 5.0, "R2": 5.0, "R3": 1.0},
        award_order={"R1": 1, "R3": 2},
        award_rate_musd_per_gwh={("R3", 2026): 10.0, ("R2", 2026): 10.0, ("R2", 2027): 10.0},
        award_penalty_carried_musd={"R1": 5.0, "R2": 3.0, "R3": 15.0},
        award_milestone_gwh={"R1": 1.0, "R2": 1.0, "R3": 1.0},
        award_security_musd={"R1": 4.0, "R2": 10.0, "R3": 20.0},
        award_window_last_year={"R1": 2025, "R2": 2030, "R3": 2026},
    )


def test_what_incentives_cannot_bear_is_taken_from_the_security() -> None:
    """The numbers of :func:`security_data`, on the Awards rows and in the Summary sentence."""
    tables = build_tables(security_data(), solve(security_data()), FX)
    row = {(r["award_id"], r["year"]): r for r in tables.awards}
    r1, r3 = row[("R1", 2026)], row[("R3", 2026)]
    assert r1["penalties_due_rs"] == pytest.approx(43.5)
    assert r1["penalty_from_security_rs"] == pytest.approx(34.8)
    assert r1["penalty_beyond_security_rs"] == pytest.approx(8.7)
    assert r1["security_rs"] == pytest.approx(34.8)
    assert r3["penalty_deducted_rs"] == pytest.approx(87.0)
    assert r3["penalty_from_security_rs"] == pytest.approx(43.5)
    assert r3["penalty_beyond_security_rs"] == 0
    for key in [("R1", 2027), ("R3", 2027), ("R2", 2026), ("R2", 2027)]:
        assert row[key]["penalty_from_security_rs"] == 0, key  # once, in the closing year
    assert row[("R2", 2027)]["penalties_due_rs"] == pytest.approx(26.1)
    text = tables.answers.security
    assert "R1 Rs 34.8 crore of the Rs 43.5 crore due" in text
    assert "Rs 8.7 crore beyond the security is not recovered" in text
    assert "R3 Rs 43.5 crore of the Rs 130.5 crore due" in text
    assert "R2 still owes Rs 26.1 crore of penalties at the end of 2027" in text
    assert "runs to 2030" in text


def _plan(tmp_path: Path, name: str):
    from planner.cli import main

    plan = tmp_path / f"{name}_plan.xlsx"
    try:
        main(["solve", str(ROOT / "inputs" / f"{name}.xlsx"), "-o", str(plan), "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return load_workbook(plan)


def test_a_delayed_awardee_pays_its_penalties_from_the_security(tmp_path: Path) -> None:
    """acc_energy_storage_delayed: P03 (R1-ACC) makes nothing before 2029 and the plan builds
    nothing there, so R1-ACC earns nothing to deduct from. Rs 5 lakh a day = Rs 0.05 crore:
    2025's 18.25 carried, 2026's 18.25 (36.5), 2027's last 13.5 of the Rs 50 crore security
    (50). None deducted; when the window closes (2029) all 50 is taken from the security,
    none beyond it; the Summary says so."""
    wb = _plan(tmp_path, "acc_energy_storage_delayed")
    rows = [r for r in plan_table(wb, "Awards") if r["award_id"] == "R1-ACC"]
    by_year = {r["year"]: r for r in rows}
    assert by_year[2026]["penalties_due_rs"] == pytest.approx(36.5)
    assert by_year[2032]["penalties_due_rs"] == pytest.approx(50.0)
    assert sum(r["penalty_deducted_rs"] for r in rows) == pytest.approx(0)
    assert by_year[2029]["penalty_from_security_rs"] == pytest.approx(50.0)
    assert sum(r["penalty_from_security_rs"] for r in rows) == pytest.approx(50.0)
    assert sum(r["penalty_beyond_security_rs"] for r in rows) == pytest.approx(0)
    assert all(r["security_rs"] == pytest.approx(50.0) for r in rows)
    sentences = [c for (c,) in wb["Summary"].iter_rows(max_col=1, values_only=True) if c]
    said = [s for s in sentences if "taken from the performance security" in str(s)]
    assert len(said) == 1 and "R1-ACC Rs 50 crore of the Rs 50 crore due" in said[0]


def test_the_base_plan_deducts_every_penalty(tmp_path: Path) -> None:
    """acc_base: R1-RIL and R1-ACC are delayed in 2026 only (18.25 carried + 18.25 = 36.5 due),
    Ola carries 45.625; each earns hundreds of Rs crore a year once it produces (R1-RIL's 2028
    alone: Rs 480 crore), so all is deducted and nothing is taken from a security."""
    wb = _plan(tmp_path, "acc_base")
    rows = plan_table(wb, "Awards")
    assert sum(r["penalty_from_security_rs"] or 0 for r in rows) == 0
    deducted = {
        a: sum(r["penalty_deducted_rs"] for r in rows if r["award_id"] == a)
        for a in ("R1-ACC", "R1-RIL", "R1-OLA")
    }
    assert deducted == {
        "R1-ACC": pytest.approx(36.5),
        "R1-RIL": pytest.approx(36.5),
        "R1-OLA": pytest.approx(45.625),
    }
    sentences = [c for (c,) in wb["Summary"].iter_rows(max_col=1, values_only=True) if c]
    assert not [s for s in sentences if "taken from the performance security" in str(s)]
