"""The awards of an instance as numpy arrays, for the scheme's rows of FORMULATION.md ("What the
scheme owes, exactly", :mod:`models.assembly.scheme`).

Award-years (a, y) are numbered in the model's order (award, then year); a plant's awards in a
year are its stack, ordered by ``award_order`` then id. Every family is built as triplets
(row, column, value) in the order the model writes its terms, then sorted by row (stably, so
that each row keeps that order). Sums are taken in the order the model takes them, so that
every right-hand side and big M is the same float.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.assembly.builder import Keys
from models.data import ModelData

INF = float("inf")


@dataclass
class Awards:
    """The awards of one instance as arrays; ``ay_*`` arrays are over award-years (AY)."""

    names: tuple[str, ...]
    plant: np.ndarray
    """Plant position of each award."""
    candidate: np.ndarray
    size: np.ndarray
    """w_a if awarded, the candidate's largest size h_a otherwise."""
    rate: np.ndarray
    """(A, Y) rates, USD million/GWh."""
    ay_a: np.ndarray
    ay_j: np.ndarray
    prev: np.ndarray
    """AY position of the award's previous earning year, −1 for its first."""
    first: np.ndarray
    """AY position of the award's first earning year."""
    last: np.ndarray
    """True for the award's last earning year."""
    stacked: np.ndarray
    """AY positions in stack order: plant, year, award_order, award."""
    group: np.ndarray
    """Per stacked position: its (p, y) group number (ELIGIBLE, sorted)."""
    rank: np.ndarray
    """Per AY position: its rank in its stack (0 = counted first)."""
    start: np.ndarray
    """Per AY position: the stacked position where its stack starts."""
    switch: np.ndarray
    """Per AY position: True if its claim needs a 0/1 switch (CLAIM_SWITCHES)."""
    big_m: np.ndarray
    fixed: np.ndarray
    """Per AY position: U_p + Σ_{j≼a} h_j and Σ of the awarded sizes through a."""
    deducted: np.ndarray
    ceiling: np.ndarray
    """Per AY position: the award has penalties to deduct (DEDUCTION_YEARS), a ceiling."""
    due: np.ndarray
    """Per AY position: penalties due by y (carried + delayed years' penalties)."""
    deduction_m: np.ndarray
    milestones: tuple[np.ndarray, np.ndarray, np.ndarray]
    """MILESTONE_YEARS as arrays: award, year position, min(permitted, milestone)."""
    eligible_p: np.ndarray
    eligible_j: np.ndarray
    """ELIGIBLE (p, y) of each group."""
    keys: list[tuple] | None = None
    """(a, y) of every award-year, made once on first use (:func:`award_year_keys`): the
    families over award-years share these tuples."""


def award_year_keys(d: ModelData, aw: Awards, at: np.ndarray | None = None) -> Keys:
    """Keys (a, y) of the award-years ``at`` (AY positions, or a mask over AY; all if None),
    in that order."""

    def make() -> list[tuple]:
        if aw.keys is None:
            names, years = d.awards, d.years
            pairs = zip(aw.ay_a.tolist(), aw.ay_j.tolist(), strict=True)
            aw.keys = [(names[i], years[t]) for i, t in pairs]
        if at is None:
            return list(aw.keys)
        positions = np.flatnonzero(at) if at.dtype == bool else at
        return [aw.keys[i] for i in positions.tolist()]

    return make


def sequential_cumsum(values: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Running sums within runs (``rank`` 0 starts a run), added one at a time as Python's
    ``sum`` does (numpy's pairwise sums would round differently)."""
    out = values.astype(float).copy()
    for level in range(1, int(rank.max(initial=0)) + 1):
        at = np.flatnonzero(rank == level)
        out[at] = out[at - 1] + values[at]
    return out


def _add_columns(values: np.ndarray) -> np.ndarray:
    """Σ over the columns of a 2-D array, left to right, one column at a time."""
    total = np.zeros(values.shape[0])
    for j in range(values.shape[1]):
        total = total + values[:, j]
    return total


def _rates(d: ModelData, pos: dict, years: tuple[int, ...]) -> np.ndarray:
    out = np.zeros((len(d.awards), len(years)))
    first = years[0]
    for (a, y), r in d.award_rate_musd_per_gwh.items():
        if first <= y <= years[-1]:
            out[pos[a], y - first] = r
    return out


def _stacks(aw: dict) -> dict:
    """Stack order, groups, ranks and the running sizes of each stack."""
    a, j, plant = aw["ay_a"], aw["ay_j"], aw["plant"]
    stacked = np.lexsort((a, aw["order"][a], j, plant[a]))
    key = plant[a[stacked]] * (j.max(initial=0) + 1) + j[stacked]
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, dtype=bool)
    group = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    srank = np.arange(len(stacked)) - starts[group]
    rank, start = np.empty_like(srank), np.empty_like(srank)
    rank[stacked], start[stacked] = srank, starts[group]
    return {"stacked": stacked, "group": group, "rank": rank, "start": start, "srank": srank}


def _claims(aw: dict, st: dict, bound: np.ndarray) -> dict:
    """Big M, the awarded size through each award, and which claims need a switch."""
    s = st["stacked"]
    a = aw["ay_a"][s]
    through = sequential_cumsum(aw["size"][a], st["srank"])
    fixed = sequential_cumsum(np.where(aw["candidate"][a], 0.0, aw["size"][a]), st["srank"])
    all_fixed = ~aw["candidate"][a]
    for level in range(1, int(st["srank"].max(initial=0)) + 1):
        at = np.flatnonzero(st["srank"] == level)
        all_fixed[at] &= all_fixed[at - 1]
    out = {}
    for name, values in (
        ("big_m", bound[aw["plant"][a]] + through),
        ("fixed", fixed),
        ("switch", ~(all_fixed & (through >= bound[aw["plant"][a]]))),
    ):
        out[name] = np.empty_like(values)
        out[name][s] = values
    return out


def _penalties(d: ModelData, aw: dict, permitted: np.ndarray) -> dict:
    """Milestone years, penalties due by each award-year, deductions and their big M."""
    nA, Y = aw["rate"].shape
    pen = np.zeros((nA, Y))
    for (a, y), v in d.award_penalty_musd.items():
        if d.years[0] <= y <= d.years[-1]:
            pen[aw["pos"][a], y - d.years[0]] = v
    milestone = np.array([d.award_milestone_gwh.get(a, 0.0) for a in d.awards])
    carried = np.array([d.award_penalty_carried_musd.get(a, 0.0) for a in d.awards])
    last_j = np.full(nA, -1)
    last_j[aw["ay_a"]] = aw["ay_j"]  # ascending within an award: the last one stays
    in_my = (pen > 0) & (np.arange(Y)[None, :] <= last_j[:, None])
    delayed = in_my & (permitted[aw["plant"]] < milestone[:, None])
    due_years = carried[:, None] + np.cumsum(np.where(delayed, pen, 0.0), axis=1)
    # np.cumsum adds left to right, like the model's sum over years (adding 0.0 changes nothing)
    deducts = delayed.any(axis=1) | (carried > 0)
    deducts &= last_j >= 0
    ma, mj = np.nonzero(in_my)
    needs = np.minimum(permitted[aw["plant"][ma], mj], milestone[ma])
    a, j = aw["ay_a"], aw["ay_j"]
    earnable = sequential_cumsum(aw["rate"][a, j] * aw["size"][a], j_rank(a))
    return {
        "milestones": (ma, mj, needs),
        "deducted": deducts[a],
        "due": due_years[a, j],
        "deduction_m": carried[a] + _add_columns(pen)[a] + earnable,
    }


def j_rank(ay_a: np.ndarray) -> np.ndarray:
    """Rank of each award-year among its award's earning years (0 for the first)."""
    new = np.r_[True, ay_a[1:] != ay_a[:-1]]
    starts = np.flatnonzero(new)
    return np.arange(len(ay_a)) - starts[np.cumsum(new) - 1]


def award_shape(d: ModelData, permitted: np.ndarray) -> Awards:
    """The awards of ``d``; ``permitted`` is M (P, Y)."""
    pos = {a: i for i, a in enumerate(d.awards)}
    plant_pos = {p: i for i, p in enumerate(d.plants)}
    candidate = np.array([a in d.candidate_gwh for a in d.awards], dtype=bool)
    size = np.array(
        [
            d.candidate_gwh[a][1] if a in d.candidate_gwh else d.award_gwh.get(a, 0.0)
            for a in d.awards
        ]
    )
    aw = {
        "pos": pos,
        "plant": np.array([plant_pos[d.award_plant[a]] for a in d.awards], dtype=np.int64),
        "candidate": candidate,
        "size": size,
        "order": np.array([d.award_order.get(a, 0) for a in d.awards], dtype=np.int64),
        "rate": _rates(d, pos, d.years),
    }
    ay_a, ay_j = np.nonzero((aw["rate"] > 0) & (size[:, None] > 0))
    aw |= {"ay_a": ay_a, "ay_j": ay_j}
    rank_in_award = j_rank(ay_a)
    n = np.arange(len(ay_a))
    bound = permitted.max(axis=1, initial=0.0)
    st = _stacks(aw)
    claims = _claims(aw, st, bound)
    pen = _penalties(d, aw, permitted)
    gs = st["stacked"][np.r_[True, np.diff(st["group"]) > 0]] if len(ay_a) else ay_a
    return Awards(
        names=d.awards,
        plant=aw["plant"],
        candidate=candidate,
        size=size,
        rate=aw["rate"],
        ay_a=ay_a,
        ay_j=ay_j,
        prev=np.where(rank_in_award > 0, n - 1, -1),
        first=n - rank_in_award,
        last=np.r_[ay_a[1:] != ay_a[:-1], True] if len(ay_a) else np.zeros(0, bool),
        stacked=st["stacked"],
        group=st["group"],
        rank=st["rank"],
        start=st["start"],
        switch=claims["switch"],
        big_m=claims["big_m"],
        fixed=claims["fixed"],
        deducted=pen["deducted"],
        ceiling=np.array([a in d.award_ceiling_musd for a in d.awards], dtype=bool)[ay_a],
        due=pen["due"],
        deduction_m=pen["deduction_m"],
        milestones=pen["milestones"],
        eligible_p=aw["plant"][ay_a[gs]],
        eligible_j=ay_j[gs],
    )


def ragged(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs ``first[i] … first[i] + count[i] − 1``: (run number, position) of every item."""
    run = np.repeat(np.arange(len(first)), count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    return run, first[run] + offset
