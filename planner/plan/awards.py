"""What the scheme owes each award, year by year, and what the budget would buy next.

Rows of the plan's Awards and Candidates sheets, from the model data and the solve alone (no
openpyxl). Per award and year: the output of its plant, the eligible GWh counted against it, its
rate (Rs/kWh and USD/kWh), what it is owed before penalties, the penalties deducted, what is paid
and what is left of its outlay ceiling, and, in the year its window closes, the penalties left
undeducted, taken from its performance security. The rules (FORMULATION.md): eligible output
fills a plant's awards in claim order, each up to its size; a penalty is deducted from the
award's incentives as soon as it is due; what is still undeducted when the window closes is
taken from the security (never more than it), not from the budget; cumulative payments stop at
the ceiling.

Money: the model's USD million, and Rs crore = USD million × FX / 10. A rate of r USD/kWh is
r × FX Rs/kWh; r Rs/kWh on g GWh is r × g / 10 Rs crore (10^6 kWh × r Rs / 10^7).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.data import ModelData
from models.result import SolveResult
from models.scheme_index import AwardIndex, make_award_index
from models.units import ZERO, musd_to_crore
from planner.plan.numbers import Row
from planner.words import number_text

AWARDED, CANDIDATE = "awarded", "candidate"
"""The status of an award: an agreement signed, or a bid the plan may fund."""


def _snap(value: float) -> float:
    """Solver noise (below :data:`models.units.ZERO`) made exactly 0."""
    return 0.0 if abs(value) < ZERO else float(value)


def _values(result: SolveResult, name: str) -> dict:
    return {k: _snap(v) for k, v in result.values.get(name, {}).items()}


def award_size(data: ModelData, result: SolveResult, award: str) -> float:
    """GWh/yr of award a: its awarded size, or the size the plan gives a candidate (0 = none)."""
    if award in data.candidate_gwh:
        return _values(result, "candidate_award_gwh").get((award,), 0.0)
    return float(data.award_gwh.get(award, 0.0))


def claim_orders(data: ModelData) -> dict[str, int]:
    """a -> its rank among its plant's awards (1 first): the order output is counted in."""
    by_plant: dict[str, list[str]] = defaultdict(list)
    for a in data.awards:
        by_plant[data.award_plant[a]].append(a)
    ranks = {}
    for awards in by_plant.values():
        ordered = sorted(awards, key=lambda a: (data.award_order.get(a, 0), a))
        ranks.update({a: i for i, a in enumerate(ordered, start=1)})
    return ranks


def awarded_first(data: ModelData) -> list[str]:
    """The awards in reading order: agreements signed, then candidates, each by id."""
    return sorted(data.awards, key=lambda a: (a in data.candidate_gwh, a))


def penalties_due_musd(data: ModelData, ax: AwardIndex) -> dict[tuple[str, int], float]:
    """(a, y) -> penalties due by the end of y, USD million: those carried into the horizon plus
    those accrued in the years the award is delayed (:func:`models.scheme_index.is_delayed`)."""
    delayed = set(ax.penalty_years)
    due = {}
    for a in data.awards:
        total = data.award_penalty_carried_musd.get(a, 0.0)
        for y in data.years:
            if (a, y) in delayed:
                total += data.award_penalty_musd.get((a, y), 0.0)
            due[(a, y)] = total
    return due


def settling_year(data: ModelData, ax: AwardIndex, award: str) -> int | None:
    """The planning year in which award a's undeducted penalties are taken from its security:
    the year its window closes, or the first planning year if it closed before the horizon;
    None if the window runs past the horizon (later incentives may still bear them). Without
    the window in the data: its last earning year, unless it earns in the last planning year."""
    last = data.award_window_last_year.get(award)
    if last is None:
        earning = ax.years_of.get(award, ())
        if earning and earning[-1] == data.years[-1]:
            return None
        last = earning[-1] if earning else data.years[0]
    if last > data.years[-1]:
        return None
    return max(last, data.years[0])


def security_terms(data: ModelData, a: str, left_musd: float, fx: float) -> dict[str, float]:
    """Penalties left undeducted (USD million) split into what the security covers and what
    lies beyond it (Rs crore); with no security, all of it lies beyond."""
    cover = min(left_musd, data.award_security_musd.get(a, 0.0))
    return {
        "penalty_from_security_rs": musd_to_crore(_snap(cover), fx),
        "penalty_beyond_security_rs": musd_to_crore(_snap(left_musd - cover), fx),
    }


@dataclass(frozen=True)
class _Solution:
    """The solve's award values (solver noise made 0) and the data derived once per plan."""

    eligible: dict
    paid: dict
    deducted: dict
    """Cumulative penalties deducted, D[a, y] (only for penalised awards' earning years)."""
    output: dict
    due: dict
    orders: dict
    settles: dict
    """a -> the year its undeducted penalties are taken from its security (or None)."""

    @classmethod
    def of(cls, data: ModelData, result: SolveResult) -> _Solution:
        ax = make_award_index(data)
        return cls(
            _values(result, "award_eligible_gwh"),
            _values(result, "award_paid_musd"),
            _values(result, "penalty_deducted_musd"),
            _values(result, "output_gwh"),
            penalties_due_musd(data, ax),
            claim_orders(data),
            {a: settling_year(data, ax, a) for a in data.awards},
        )


def award_rows(data: ModelData, result: SolveResult, fx: float) -> list[Row]:
    """One row per award and planning year (candidates included), as the Awards sheet shows."""
    found = _Solution.of(data, result)
    return [
        row
        for a in awarded_first(data)
        for row in _rows_of(data, found, a, award_size(data, result, a), fx)
    ]


def _rows_of(data: ModelData, found: _Solution, a: str, size: float, fx: float) -> list[Row]:
    """Award a's rows, year by year: paid to date and deducted to date run on."""
    p, ceiling = data.award_plant[a], data.award_ceiling_musd.get(a)
    security = data.award_security_musd.get(a)
    rows, to_date, before = [], 0.0, 0.0
    for y in data.years:
        rate = data.award_rate_musd_per_gwh.get((a, y), 0.0)
        e, paid = found.eligible.get((a, y), 0.0), found.paid.get((a, y), 0.0)
        now = found.deducted.get((a, y), before)
        to_date += paid
        rows.append(
            {
                "award_id": a,
                "year": y,
                "plant_id": p,
                "firm": data.award_firm.get(a, data.plant_firm.get(p, "")),
                "status": CANDIDATE if a in data.candidate_gwh else AWARDED,
                "claim_order": found.orders[a],
                "award": size,
                "plant_output": found.output.get((p, y), 0.0),
                "eligible": e,
                **_bid_terms(data, a, y),
                "rate_rs": rate * fx,
                "rate": rate,
                "earned_rs": musd_to_crore(rate * e, fx),
                "earned": rate * e,
                "penalties_due_rs": musd_to_crore(found.due[(a, y)], fx),
                "penalty_deducted_rs": musd_to_crore(_snap(now - before), fx),
                "paid_rs": musd_to_crore(paid, fx),
                "paid": paid,
                "ceiling_rs": None if ceiling is None else musd_to_crore(ceiling, fx),
                "ceiling_left_rs": None
                if ceiling is None
                else musd_to_crore(_snap(max(ceiling - to_date, 0.0)), fx),
                "security_rs": None if security is None else musd_to_crore(security, fx),
                **security_terms(
                    data, a, found.due[(a, y)] - now if found.settles[a] == y else 0.0, fx
                ),
            }
        )
        before = now
    return rows


def _bid_terms(data: ModelData, a: str, y: int) -> dict[str, float | None]:
    """Bid, DVA and bid × DVA of award a in year y; None where the data do not carry them
    (ModelData built without the reporting fields). The rate is the lesser of bid × DVA and the
    revenue cap, so a rate below bid × DVA shows the cap binding."""
    bid = data.award_bid_rs_per_kwh.get(a)
    if bid is None:
        return {"bid_rs": None, "dva": None, "bid_x_dva_rs": None}
    dva = data.award_dva_share.get((a, y), 0.0)
    return {"bid_rs": bid, "dva": dva, "bid_x_dva_rs": bid * dva}


def gwh_per_100_crore(rate_rs_per_kwh: float) -> float:
    """GWh of eligible output that Rs 100 crore pays for at ``rate_rs_per_kwh``: 1,000 / rate
    (Rs 100 crore = Rs 10^9; one GWh at r Rs/kWh costs r × 10^6 Rs)."""
    return 1000.0 / rate_rs_per_kwh


def candidate_rows(data: ModelData, result: SolveResult, awards: list[Row]) -> list[Row]:
    """One row per candidate: sizes it accepts, GWh/yr the plan gives it, what it is owed over
    the horizon, the GWh per Rs 100 crore its rates buy, and its award in the budget step."""
    step = {k[0]: v for k, v in result.budget_step_candidate_gwh.items()}
    rows = []
    for c in data.candidates:
        mine = [r for r in awards if r["award_id"] == c]
        window = [r for r in mine if r["rate_rs"] > 0]
        gross = sum(r["earned_rs"] for r in mine)
        eligible = sum(r["eligible"] for r in mine)
        if eligible > ZERO and gross > ZERO:
            buys = 100.0 * eligible / gross  # its eligible-weighted rate
        elif window:
            buys = gwh_per_100_crore(sum(r["rate_rs"] for r in window) / len(window))
        else:
            buys = None
        smallest, largest = data.candidate_gwh[c]
        rows.append(
            {
                "award_id": c,
                "plant_id": data.award_plant[c],
                "firm": data.award_firm.get(c, ""),
                "min_award": smallest,
                "max_award": largest,
                "award": award_size(data, result, c),
                "eligible": eligible,
                "earned_rs": gross,
                "paid_rs": sum(r["paid_rs"] for r in mine),
                "gwh_per_100_crore": buys,
                "step_award": _snap(step.get(c, 0.0)) if step else None,
            }
        )
    return rows


def budget_step_sentence(data: ModelData, result: SolveResult, candidates: list[Row]) -> str:
    """What Rs 100 crore more of budget would buy, awards re-solved, and whom it would fund."""
    gain = result.budget_step_gwh
    if gain is None:
        return ""
    changed = [
        f"{r['award_id']} at {number_text(r['step_award'])} GWh/yr (now {number_text(r['award'])})"
        for r in candidates
        if r["step_award"] is not None and abs(r["step_award"] - r["award"]) > 1e-6
    ]
    if abs(gain) < 1e-6:
        why = (
            "with the awards to candidates decided again"
            if data.candidates
            else "and there is no candidate award to fund"
        )
        return f"Rs 100 crore more budget would buy no more output ({why})."
    how = (
        f"by funding {', '.join(changed)}"
        if changed
        else "with the awards to candidates as they are"
    )
    return f"Rs 100 crore more budget would buy {number_text(gain)} GWh more output {how}."


SUMMED = (
    "eligible",
    "earned_rs",
    "penalty_deducted_rs",
    "paid_rs",
    "penalty_from_security_rs",
    "penalty_beyond_security_rs",
)
"""Columns of the Awards sheet that add up over an award's years."""


def award_totals(data: ModelData, awards: list[Row]) -> list[Row]:
    """Per award over all years, for the Summary: size, eligible GWh, earned, penalties due
    (by the last year), deducted and taken from the security, paid."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    first: dict[str, Row] = {}
    for r in awards:
        first.setdefault(r["award_id"], r)
        for column in SUMMED:
            sums[r["award_id"]][column] += r[column]
        sums[r["award_id"]]["penalties_due_rs"] = r["penalties_due_rs"]  # to date: the last
    return [
        {
            "award_id": a,
            "plant_id": first[a]["plant_id"],
            "firm": first[a]["firm"],
            "status": first[a]["status"],
            "award": first[a]["award"],
            "security_rs": first[a]["security_rs"],
            **{k: v for k, v in sums[a].items()},
        }
        for a in awarded_first(data)
        if a in first
    ]


def security_sentence(data: ModelData, totals: list[Row]) -> str:
    """One sentence for the Summary when penalties are taken from a performance security (or
    lie beyond it, or are still undeducted when the horizon ends); "" when none is."""
    parts, open_ = [], []
    for t in totals:
        taken, beyond = t["penalty_from_security_rs"], t["penalty_beyond_security_rs"]
        left = t["penalties_due_rs"] - t["penalty_deducted_rs"] - taken - beyond
        if taken > SHOWN or beyond > SHOWN:
            part = (
                f"{t['award_id']} Rs {number_text(taken)} crore of the Rs "
                f"{number_text(t['penalties_due_rs'])} crore due (deducted from incentives: Rs "
                f"{number_text(t['penalty_deducted_rs'])} crore; security: Rs "
                f"{number_text(t['security_rs'] or 0.0)} crore)"
            )
            if beyond > SHOWN:
                part += f", and Rs {number_text(beyond)} crore beyond the security is not recovered"
            parts.append(part)
        elif left > SHOWN:
            window = data.award_window_last_year.get(t["award_id"])
            runs = f" (its window runs to {window})" if window is not None else ""
            open_.append(
                f"{t['award_id']} still owes Rs {number_text(left)} crore of penalties at the end "
                f"of {data.years[-1]}{runs}, to be deducted from its later incentives or taken "
                "from its security"
            )
    text = []
    if parts:
        text.append(
            "Delay penalties the incentives could not bear are taken from the performance "
            "security when the window closes, not from the budget: " + "; ".join(parts) + "."
        )
    if open_:
        text.append("; ".join(open_) + ".")
    return " ".join(text)


SHOWN = 0.005
"""Rs crore below which a penalty amount is not worth a sentence (it rounds to 0.00)."""
