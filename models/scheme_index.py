"""Index sets and bounds of the scheme's awards, computed once from :class:`ModelData`.

Which award-years earn, in which order a plant's output is counted against its awards (its
"stack" in a year), which rows need a 0/1 switch, and the big-M bounds those switches use. All in
sorted order, so the same data gives the same rows and columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.data import ModelData

AwardYear = tuple[str, int]


@dataclass(frozen=True)
class AwardIndex:
    """Award-level index tuples, stacks and bounds of one instance."""

    award_years: tuple[AwardYear, ...]
    """(a, y) with a rate > 0 and an award size (or candidate maximum) > 0."""
    eligible: tuple[tuple[str, int], ...]
    """(p, y) where at least one award of p earns in y."""
    stack: dict[tuple[str, int], tuple[str, ...]]
    """(p, y) -> awards of p earning in y, in counting order."""
    switches: tuple[AwardYear, ...]
    """(a, y) whose claim needs a 0/1 switch (output may fall either side of the stack top)."""
    milestone_years: tuple[AwardYear, ...]
    """(a, y) with a penalty rate, up to a's last earning year: the awardee builds towards its
    milestone as fast as its permitted path allows."""
    penalty_years: tuple[AwardYear, ...]
    """(a, y) ∈ milestone_years where even the permitted path is short of the milestone: the
    awardee is delayed and the penalty accrues."""
    deduction_years: tuple[AwardYear, ...]
    """(a, y) ∈ award_years of awards with any penalty to deduct."""
    ceiling_years: tuple[AwardYear, ...]
    """(a, y) ∈ award_years of awards with an outlay ceiling."""
    sized_candidates: tuple[str, ...]
    """Candidates whose smallest acceptable size is > 0 (they need an awarded-or-not switch)."""
    cap_firms: tuple[str, ...]
    """Firms holding at least one candidate (their awards must stay within the firm cap)."""
    years_of: dict[str, tuple[int, ...]]
    """a -> its earning years, ascending."""
    output_bound_gwh: dict[str, float]
    """p -> most p can produce in any year (its largest permitted capacity)."""


def size_max(data: ModelData, award: str) -> float:
    """Award size if awarded, else the candidate's largest acceptable size, GWh/yr."""
    if award in data.candidate_gwh:
        return data.candidate_gwh[award][1]
    return data.award_gwh.get(award, 0.0)


def _stacks(data: ModelData, award_years: list[AwardYear]) -> dict:
    by_py: dict[tuple[str, int], list[str]] = defaultdict(list)
    for a, y in award_years:
        by_py[(data.award_plant[a], y)].append(a)
    order = data.award_order
    return {py: tuple(sorted(aw, key=lambda a: (order.get(a, 0), a))) for py, aw in by_py.items()}


def _switches(data: ModelData, stack: dict, bound: dict) -> list[AwardYear]:
    """(a, y) needing a switch: unless the stack through a is fixed and covers all output."""
    out = []
    for (p, y), awards in stack.items():
        fixed, through = True, 0.0
        for a in awards:
            fixed = fixed and a not in data.candidate_gwh
            through += size_max(data, a)
            if not (fixed and through >= bound[p]):
                out.append((a, y))
    return sorted(out)


def is_delayed(data: ModelData, award: str, year: int) -> bool:
    """True if the permitted capacity of the award's plant in ``year`` is short of its milestone."""
    permitted = data.permitted_capacity_gwh.get((data.award_plant[award], year), 0.0)
    return permitted < data.award_milestone_gwh.get(award, 0.0)


def _penalised(data: ModelData, years_of: dict) -> tuple[list, list, list]:
    milestone_years, penalty_years, deduction_years = [], [], []
    for a in data.awards:
        earning = years_of.get(a)
        if not earning:
            continue  # nothing to deduct from: penalties are then taken from the security
        mine = [
            (a, y)
            for y in data.years
            if y <= earning[-1] and data.award_penalty_musd.get((a, y), 0.0) > 0
        ]
        milestone_years += mine
        delayed = [(b, y) for b, y in mine if is_delayed(data, b, y)]
        penalty_years += delayed
        if delayed or data.award_penalty_carried_musd.get(a, 0.0) > 0:
            deduction_years += [(a, y) for y in earning]
    return milestone_years, penalty_years, deduction_years


def milestone_need_gwh(data: ModelData, ax: AwardIndex) -> dict[AwardYear, float]:
    """(a, y) ∈ milestone_years -> min(permitted[p(a), y], milestone[a]): the running total of
    capacity the awardee's plant must have by y (existing capacity included)."""
    return {
        (a, y): min(
            data.permitted_capacity_gwh.get((data.award_plant[a], y), 0.0),
            data.award_milestone_gwh[a],
        )
        for a, y in ax.milestone_years
    }


def make_award_index(data: ModelData) -> AwardIndex:
    """Compute the award index of ``data``."""
    award_years = [
        (a, y)
        for a in data.awards
        for y in data.years
        if data.award_rate_musd_per_gwh.get((a, y), 0.0) > 0 and size_max(data, a) > 0
    ]
    years_of: dict[str, list[int]] = defaultdict(list)
    for a, y in award_years:
        years_of[a].append(y)
    bound = {
        p: max((data.permitted_capacity_gwh.get((p, y), 0.0) for y in data.years), default=0.0)
        for p in data.plants
    }
    stack = _stacks(data, award_years)
    milestone_years, penalty_years, deduction_years = _penalised(data, years_of)
    return AwardIndex(
        award_years=tuple(award_years),
        eligible=tuple(sorted(stack)),
        stack=stack,
        switches=tuple(_switches(data, stack, bound)),
        milestone_years=tuple(milestone_years),
        penalty_years=tuple(penalty_years),
        deduction_years=tuple(deduction_years),
        ceiling_years=tuple((a, y) for a, y in award_years if a in data.award_ceiling_musd),
        sized_candidates=tuple(c for c in data.candidates if data.candidate_gwh[c][0] > 0),
        cap_firms=tuple(sorted({data.award_firm[c] for c in data.candidates})),
        years_of={a: tuple(ys) for a, ys in years_of.items()},
        output_bound_gwh=bound,
    )
