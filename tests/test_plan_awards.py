"""The plan's Awards and Candidates sheets, read back from the written .xlsx with openpyxl.

What each award is owed is recomputed from the plan workbook alone, under the scheme's rules
(scheme-and-minerals-2026.md §2, FORMULATION.md), never with accplan's code:

- rate = min(bid × DVA, revenue cap share × cell price × FX) Rs/kWh, 0 outside the window;
- eligible output fills a plant's awards in claim order, each up to its size;
- earned = rate × eligible (r Rs/kWh on g GWh is r × g / 10 Rs crore);
- penalties are deducted as soon as due, up to what the award earns:
  D_y = min(due_y, D_{y−1} + earned_y);
- payments stop at the outlay ceiling C: Q_y = min(C, Σ_{t≤y} earned_t − D_y), paid_y = Q_y −
  Q_{y−1};

and the total owed must be within the budget.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.data import ModelData
from models.data import incentive_rate_musd_per_gwh as scheme_rate
from models.solve import solve
from models.units import crore_to_musd
from planner.errors import Issue
from planner.plan import schema as ps
from planner.plan.tables import build_tables
from planner.plan.terminal import summary_json, summary_text
from planner.plan.write import RunInfo, write_plan
from tests.plan_fixtures import input_setting, input_table, plan_table, summary_value
from tests.test_model_scheme import candidates, plenty, two_awards_one_plant
from tests.workbooks import write_small_workbook

ROOT = Path(__file__).resolve().parents[1]
FX = 87.0
PRICE = 60.0
"""Cell price, USD/kWh, and the revenue cap share: the cap is 0.2 × 60 × 87 = Rs 1,044/kWh."""
CAP = 0.2
TOL = 1e-6
YEARS = (2026, 2027, 2028)

BIDS = {"R1": 1700.0, "R2": 1600.0, "CB": 1500.0}
"""Bids (Rs/kWh) and DVA by (award, year) of :func:`scheme_data`: what the test knows of the
hand-built data, as a workbook's Awards sheet would state it."""
DVA = {
    ("R1", 2026): 0.25,
    ("R1", 2027): 0.6,
    ("R2", 2027): 0.25,
    ("R2", 2028): 0.7,
    ("CB", 2027): 0.6,
    ("CB", 2028): 0.6,
}


def scheme_data() -> ModelData:
    """Plant A (firm FA, gap 4) holds R1 (5 GWh/yr, 2026–27, claimed first) and R2 (10 GWh/yr,
    2027–28, ceiling 120 USD m); R1 carries 5 USD m of penalties into the horizon and accrues 3
    in 2026 (permitted 20 < milestone 30). Candidate CB on plant B (firm FB, gap 8) accepts 0 or
    5–10 GWh/yr of the 10 the scheme has left (25 − 15). Budget 350 USD m: it binds.

    R2 in 2028: bid 1,600 × DVA 0.7 = 1,120 > cap 1,044, so the cap sets its rate.
    """
    rates = {(a, y): scheme_rate(BIDS[a], dva, PRICE, CAP, FX) for (a, y), dva in DVA.items()}
    permitted = {(p, y): 100.0 for p in ("A", "B") for y in YEARS} | {("A", 2026): 20.0}
    return plenty(
        YEARS,
        ("A", "B"),
        plant_firm={"A": "FA", "B": "FB"},
        operating_gap_musd_per_gwh={"A": 4.0, "B": 8.0},
        permitted_capacity_gwh=permitted,
        awards=("CB", "R1", "R2"),
        award_plant={"R1": "A", "R2": "A", "CB": "B"},
        award_firm={"R1": "FA", "R2": "FA", "CB": "FB"},
        award_gwh={"R1": 5.0, "R2": 10.0},
        award_order={"R1": 1, "R2": 2},
        candidate_gwh={"CB": (5.0, 10.0)},
        scheme_capacity_gwh=25.0,
        award_rate_musd_per_gwh=rates,
        award_ceiling_musd={"R2": 120.0},
        award_penalty_carried_musd={"R1": 5.0},
        award_penalty_musd={("R1", 2026): 3.0},
        award_milestone_gwh={"R1": 30.0},
        budget_musd=350.0,
        budget_step_musd=crore_to_musd(100.0, FX),
    )


@dataclass
class Source:
    """Stands in for the loaded input (``LoadedInput``) of hand-built data."""

    path: Path
    sha256: str
    data: ModelData
    fx_rs_per_usd: float = FX
    scenario: str = "hand"
    warnings: list[Issue] = field(default_factory=list)


def write_hand_plan(folder: Path, data: ModelData) -> Path:
    """Solve ``data`` and write its plan (the input copies are those of a small workbook)."""
    path = write_small_workbook(folder / "input.xlsx")
    source = Source(path, hashlib.sha256(path.read_bytes()).hexdigest(), data)
    result = solve(data)
    assert result.is_optimal
    plan = folder / "plan.xlsx"
    write_plan(plan, source, result, RunInfo())
    return plan


@pytest.fixture(scope="module")
def scheme_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hand_plan(tmp_path_factory.mktemp("scheme"), scheme_data())


# --------------------------------------------------------------------------- the scheme's rules


def rate_rs(bid: float, dva: float, price: float, cap: float, fx: float) -> float:
    """The scheme's rate, Rs/kWh: min(bid × DVA, cap share × cell price × FX)."""
    return min(bid * dva, cap * price * fx)


def owed_under_the_rules(rows: list[dict], rates: dict, budget_rs: float) -> dict:
    """(award, year) -> Rs crore the scheme owes, from the Awards sheet's outputs, sizes, claim
    order, penalties due and ceilings, with ``rates`` (award, year) -> Rs/kWh. Checks on the way
    that each award's eligible output is what the claim order gives, and the total within
    ``budget_rs``."""
    by_key = {(r["award_id"], r["year"]): r for r in rows}
    stacks: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        stacks[(r["plant_id"], r["year"])].append(r)
    for stack in stacks.values():
        left = stack[0]["plant_output"]
        for r in sorted(stack, key=lambda r: r["claim_order"]):
            earning = rates.get((r["award_id"], r["year"]), 0.0) > 0
            counted = min(r["award"], left) if earning else 0.0
            assert r["eligible"] == pytest.approx(counted, abs=TOL), r
            left -= counted
    owed = {}
    for award in sorted({r["award_id"] for r in rows}):
        deducted = paid_to_date = earned_to_date = 0.0
        for y in sorted(y for a, y in by_key if a == award):
            r = by_key[(award, y)]
            earned = rates.get((award, y), 0.0) * r["eligible"] / 10
            earned_to_date += earned
            before = deducted
            if earned > 0:
                deducted = min(r["penalties_due_rs"], deducted + earned)
            ceiling = r["ceiling_rs"] if r["ceiling_rs"] is not None else float("inf")
            net_to_date = min(ceiling, earned_to_date - deducted)
            owed[(award, y)] = (net_to_date - paid_to_date, deducted - before, earned)
            paid_to_date = net_to_date
    assert sum(v[0] for v in owed.values()) <= budget_rs * (1 + 1e-9)
    return owed


def assert_plan_pays_what_is_owed(wb, rates: dict) -> list[dict]:
    """Every Awards row pays what the rules owe; the Summary's total is their sum."""
    fx = summary_value(wb, "fx")
    rows = plan_table(wb, ps.AWARDS.sheet)
    owed = owed_under_the_rules(rows, rates, summary_value(wb, "budget_rs"))
    for r in rows:
        paid, deducted, earned = owed[(r["award_id"], r["year"])]
        assert r["rate_rs"] == pytest.approx(rates.get((r["award_id"], r["year"]), 0.0)), r
        assert r["rate"] == pytest.approx(r["rate_rs"] / fx), r
        assert r["earned_rs"] == pytest.approx(earned, abs=1e-6), r
        assert r["penalty_deducted_rs"] == pytest.approx(deducted, abs=1e-6), r
        assert r["paid_rs"] == pytest.approx(paid, abs=1e-6), r
        assert r["paid"] == pytest.approx(paid * 10 / fx, abs=1e-6), r
    total = sum(v[0] for v in owed.values())
    assert summary_value(wb, "incentive_rs") == pytest.approx(total, abs=1e-6)
    assert summary_value(wb, "budget_used") == pytest.approx(total / summary_value(wb, "budget_rs"))
    return rows


def test_hand_plan_pays_each_award_what_the_scheme_owes(scheme_plan: Path) -> None:
    """Two awards on one plant, a penalty, a ceiling and a candidate, recomputed from the plan
    workbook; the rates from the bids and DVA the data was made from, FX from the Summary."""
    wb = load_workbook(scheme_plan)
    fx = summary_value(wb, "fx")
    rates = {(a, y): rate_rs(BIDS[a], dva, PRICE, CAP, fx) for (a, y), dva in DVA.items()}
    rows = assert_plan_pays_what_is_owed(wb, rates)
    row = {(r["award_id"], r["year"]): r for r in rows}
    # each rule is at work in this plan (so that the recomputation could have failed)
    assert row[("R1", 2027)]["eligible"] == pytest.approx(5) and row[("R2", 2027)]["eligible"] > 0
    assert row[("R2", 2028)]["rate_rs"] == pytest.approx(1044)  # cap 0.2 × 60 × 87 < 1,120
    assert row[("R1", 2027)]["penalty_deducted_rs"] == pytest.approx(8 * FX / 10)  # 5 + 3
    assert row[("R2", 2028)]["paid_rs"] < row[("R2", 2028)]["earned_rs"] - 1
    assert row[("R2", 2028)]["ceiling_left_rs"] == pytest.approx(0, abs=1e-6)
    assert row[("R2", 2027)]["ceiling_left_rs"] == pytest.approx(
        1200 * FX / 100 - row[("R2", 2027)]["paid_rs"]
    )
    assert row[("CB", 2027)]["status"] == "candidate" and row[("CB", 2027)]["award"] > 0
    assert summary_value(wb, "incentive_rs") == pytest.approx(350 * FX / 10)  # budget binds


@pytest.mark.parametrize(
    "name", ["acc_base", "acc_budget_remaining_6000", "acc_energy_storage_delayed"]
)
def test_shipped_plan_pays_each_award_what_the_scheme_owes(tmp_path: Path, name: str) -> None:
    """A shipped case (the base, the budget binding, an awardee delayed), recomputed from the
    input copies the plan carries: rates from the bids and windows (In Awards), DVA paths (In
    AwardDVA, else In DVA), cell prices, FX and the revenue cap; penalties due from each
    award's security, daily share, start year, milestone and accrued penalty against the
    permitted capacity (In Capacity); ceilings."""
    from planner.cli import main

    plan = tmp_path / f"{name}_plan.xlsx"
    try:
        main(["solve", str(ROOT / "inputs" / f"{name}.xlsx"), "-o", str(plan), "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    wb = load_workbook(plan)
    rates = rates_from_input_copies(wb)
    rows = assert_plan_pays_what_is_owed(wb, rates)
    due = penalties_from_input_copies(wb, rates)
    ceilings = {r["award_id"]: r["outlay_ceiling_rs_crore"] for r in copy_rows(wb, "Awards")}
    for r in rows:
        assert r["penalties_due_rs"] == pytest.approx(due.get((r["award_id"], r["year"]), 0)), r
        assert r["ceiling_rs"] == ceilings[r["award_id"]], r
    assert sum(r["paid_rs"] for r in rows) > 0
    assert sum(r["penalty_deducted_rs"] for r in rows) > 0  # the rule is at work


def copy_rows(wb, sheet: str) -> list[dict]:
    """Rows of the plan's copy of an input sheet by header, a header's unit left off
    (``bid_rs_per_kwh (Rs/kWh)`` → ``bid_rs_per_kwh``, ``2026 (GWh/yr)`` → 2026)."""

    def name(header):
        text = str(header).split(" (")[0]
        return int(text) if text.isdigit() else text

    return [{name(k): v for k, v in r.items()} for r in input_table(wb, sheet)]


def rates_from_input_copies(wb) -> dict[tuple[str, int], float]:
    """(award, year) -> Rs/kWh from the plan's ``In …`` sheets alone."""
    fx = input_setting(wb, "fx_rs_per_usd")
    cap = input_setting(wb, "revenue_cap_share")
    price = {r["chemistry"]: r["cell_price_usd_per_kwh"] for r in copy_rows(wb, "Chemistries")}
    chemistry = {r["plant_id"]: r["chemistry"] for r in copy_rows(wb, "Plants")}
    path = {r["performance_year"]: r["dva_share"] for r in copy_rows(wb, "DVA")}
    own: dict[str, dict[int, float]] = defaultdict(dict)
    if ps.INPUT_SHEET_PREFIX + "AwardDVA" in wb.sheetnames:
        for r in copy_rows(wb, "AwardDVA"):
            own[r["award_id"]][r["performance_year"]] = r["dva_share"]
    rates = {}
    for a in copy_rows(wb, "Awards"):
        first, last = a["window_first_year"], a["window_last_year"]
        for y in range(first, last + 1):
            dva = (own.get(a["award_id"]) or path).get(y - first + 1, 0.0)
            rate = rate_rs(a["bid_rs_per_kwh"], dva, price[chemistry[a["plant_id"]]], cap, fx)
            if rate > 0:
                rates[(a["award_id"], y)] = rate
    return rates


def penalties_from_input_copies(wb, rates: dict) -> dict[tuple[str, int], float]:
    """(award, year) -> Rs crore of delay penalties due by the end of the year.

    From penalty_from_year on, security × daily share × the days of the year accrue in the
    years the plant's permitted capacity is short of the milestone (blank: the award), never
    more in all (with what accrued before the horizon) than the security; they are due up to
    the award's last earning year in the horizon (what is then undeducted is taken from the
    security).
    """
    years = range(input_setting(wb, "first_year"), input_setting(wb, "last_year") + 1)
    permitted = {(r["plant_id"], y): v for r in copy_rows(wb, "Capacity") for y, v in r.items()}
    due = {}
    for a in copy_rows(wb, "Awards"):
        if a["performance_security_rs_crore"] is None or a["penalty_from_year"] is None:
            continue
        per_day = a["performance_security_rs_crore"] * (a["penalty_share_per_day"] or 0.001)
        total = a["penalty_accrued_rs_crore"] or 0.0
        left = a["performance_security_rs_crore"] - total
        earning = [y for y in years if rates.get((a["award_id"], y), 0) > 0]
        milestone = a["milestone_gwh"] or a["award_gwh"]
        for y in years:
            short = (permitted.get((a["plant_id"], y)) or 0) < milestone
            if short and y >= a["penalty_from_year"] and left > 0:
                amount = min(per_day * (366 if calendar.isleap(y) else 365), left)
                left -= amount
                if earning and y <= earning[-1]:
                    total += amount
            due[(a["award_id"], y)] = total
    return due


# --------------------------------------------------------------------------- hand-checked tables


def test_two_awards_on_one_plant_by_hand() -> None:
    """tests/test_model_scheme's two-award instance (A: R1 5 GWh at 10 USD/kWh in 2026–27, R2
    10 GWh at 8 in 2027–28, gap 6): paid 50, 130 (R1 50 + R2 80), 80 USD m. At FX 87: R1 in
    2027 is 50 × 8.7 = Rs 435 crore at Rs 870/kWh; R2 in 2027 Rs 696 crore at Rs 696/kWh; the
    plant's output 21 2/3 GWh shows on both rows."""
    data = two_awards_one_plant()
    tables = build_tables(data, solve(data), FX)
    row = {(r["award_id"], r["year"]): r for r in tables.awards}
    assert len(row) == 2 * 3  # every award, every planning year
    r1, r2 = row[("R1", 2027)], row[("R2", 2027)]
    assert (r1["claim_order"], r2["claim_order"]) == (1, 2)
    assert r1["plant_output"] == r2["plant_output"] == pytest.approx(130 / 6)
    assert (r1["eligible"], r2["eligible"]) == (pytest.approx(5), pytest.approx(10))
    assert (r1["rate_rs"], r2["rate_rs"]) == (pytest.approx(870), pytest.approx(696))
    assert (r1["paid_rs"], r2["paid_rs"]) == (pytest.approx(435), pytest.approx(696))
    assert r1["paid"] == pytest.approx(50)
    assert row[("R1", 2028)]["rate_rs"] == 0 and row[("R1", 2028)]["paid_rs"] == 0
    assert row[("R2", 2026)]["ceiling_left_rs"] is None  # no ceiling
    by_award = {a["award_id"]: a for a in tables.answers.by_award}
    assert by_award["R1"]["paid_rs"] == pytest.approx(870)  # 2 × 435
    assert by_award["R2"]["paid_rs"] == pytest.approx(160 * 8.7)


def test_candidates_and_what_more_budget_would_buy_by_hand() -> None:
    """tests/test_model_scheme's budget case: 60 USD m funds CA at 6 GWh/yr (rate 10 USD/kWh
    = Rs 870/kWh, owed 60 USD m = Rs 522 crore); CB is not funded. Rs 100 crore buys 1,000 /
    870 = 1.149 GWh at either's rate. The budget binds at 0.2 GWh per USD m = 0.2 × 1,000 / 87
    = 2.299 GWh per Rs 100 crore (awards held; the range, 40 USD m, is wider than Rs 100
    crore); with 50 USD m more and the awards decided again CA gets 10 GWh/yr, +8 GWh."""
    data = candidates(
        candidate_gwh={"CA": (5.0, 12.0), "CB": (5.0, 12.0)},
        budget_musd=60.0,
        budget_step_musd=50.0,
    )
    tables = build_tables(data, solve(data), FX)
    rows = {r["award_id"]: r for r in tables.candidates}
    ca, cb = rows["CA"], rows["CB"]
    assert (ca["min_award"], ca["max_award"], ca["award"]) == (5, 12, pytest.approx(6))
    assert ca["earned_rs"] == pytest.approx(522) and ca["paid_rs"] == pytest.approx(522)
    assert cb["award"] == 0 and cb["earned_rs"] == 0
    assert ca["gwh_per_100_crore"] == pytest.approx(1000 / 870)
    assert cb["gwh_per_100_crore"] == pytest.approx(1000 / 870)
    assert (ca["step_award"], cb["step_award"]) == (pytest.approx(10), 0)
    assert tables.budget_step == (
        "Rs 100 crore more budget would buy 8 GWh more output by funding CA at 10 GWh/yr (now 6)."
    )
    assert tables.headline["budget_value_gwh"] == pytest.approx(0.2 * 1000 / 87)
    assert tables.headline["budget_used"] == pytest.approx(1.0)
    assert tables.headline["budget_left_rs"] == pytest.approx(0, abs=1e-6)


def test_summary_and_terminal_say_owed_against_budget(scheme_plan: Path) -> None:
    """Budget 350 USD m = Rs 3,045 crore, all owed: the Summary and the terminal say owed, of
    the budget, and what the budget is worth; the award table lists every award."""
    wb = load_workbook(scheme_plan)
    texts = [str(c.value) for row in wb[ps.SUMMARY_SHEET].iter_rows() for c in row if c.value]
    assert "Incentive by plant and award" in texts
    assert {"R1", "R2", "CB (candidate)"} <= set(texts)
    assert summary_value(wb, "budget_rs") == pytest.approx(3045)
    assert summary_value(wb, "budget_value_gwh") > 0
    data = scheme_data()
    tables = build_tables(data, solve(data), FX)
    text = summary_text(tables, scheme_plan)
    assert "Incentive owed" in text and "Rs 3,045 crore of Rs 3,045 crore budget" in text
    assert "100.0 % of the budget" in text
    assert "GWh per Rs 100 crore" in text
    assert "by funding CB at" in text  # more budget goes to the candidate
    doc = json.loads(summary_json(tables, scheme_plan, {}, [], {}))
    owed = {a["award_id"]: a["paid_rs"] for a in doc["awards"]}
    assert sum(owed.values()) == pytest.approx(3045)
    assert owed["R2"] == pytest.approx(120 * FX / 10)  # its ceiling
    assert doc["candidates"][0]["award_id"] == "CB" and doc["budget_step"].startswith("Rs 100")
