"""Independent cross-check: the model assembled straight from models/FORMULATION.md as scipy
sparse matrices and solved with ``scipy.optimize.milp`` (HiGHS branch and bound, the 0/1 columns
of FORMULATION.md marked integer) must give the same optimal objectives as the Pyomo model, on
seeded random small instances (awards stacked on plants, candidates, penalties and ceilings
included: ``benchmarks.synthetic`` draws them).

Nothing here imports the Pyomo model code: only the data record, the generator of random data and
the public ``solve``. Rows follow the constraint table of FORMULATION.md, ``≥`` rows negated into
``A_ub x ≤ b_ub``, ``=`` rows (mineral_use_balance) in ``A_eq x = b_eq``.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from benchmarks.synthetic import synthetic_data
from models.data import ModelData
from models.result import SolveStatus
from models.solve import solve
from tests.crosscheck_chain import (
    chain_cost,
    chain_rows,
    fixed_payment,
    with_magnets,
    with_supply_chain,
)

SEEDS = range(60)
REL = 1e-6
SWITCHES = ("cs", "b", "ds", "ks", "bb")
"""The 0/1 columns of FORMULATION.md (z, b, v, c, β there; named apart from the chain's)."""


class Rows:
    """Accumulates ``A_ub`` rows as (column -> coefficient) maps and right-hand sides."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, float]] = []
        self.rhs: list[float] = []

    def add(self, terms: dict[int, float], rhs: float, sense: str = "<=") -> None:
        sign = -1.0 if sense == ">=" else 1.0
        row = len(self.rhs)
        self.entries.extend((row, col, sign * v) for col, v in terms.items() if v != 0)
        self.rhs.append(sign * rhs)

    def matrix(self, n_columns: int):
        r, c, v = zip(*self.entries, strict=True) if self.entries else ((), (), ())
        return coo_array((v, (r, c)), shape=(len(self.rhs), n_columns)).tocsr()


def share_limited(d: ModelData) -> list[tuple[str, int]]:
    """(k, y) with a source-share row: an imported source offers k, σ_k < 1, some plant uses k."""
    chemistries = set(d.plant_chemistry.values())
    used = {k for (c, k), i in d.intensity_t_per_gwh.items() if i > 0 and c in chemistries}
    used |= set(d.route_feed.values())  # a source's feed of routes counts as its delivery
    used |= {k for (k, _y), t in d.magnet_t.items() if t > 0}  # and its tonnes to magnets
    limited = {
        k
        for (s, k) in d.price_usd_per_t
        if d.source_imported.get(s, False) and d.max_source_share.get(k, 1.0) < 1.0
    }
    return [(k, y) for k in sorted(used & limited) for y in d.years]


def use_columns(d: ModelData, flows: list[tuple], feeds: list[tuple]) -> list[tuple[str, int]]:
    """U: share-limited (k, y), plus (k, y) with a group row on a form delivered in y."""
    delivered = {(c[2], c[4]) for c in flows} | {(d.route_feed[c[2]], c[3]) for c in feeds}
    delivered |= {c[2:] for c in magnet_columns(d)}
    groups = set(d.group_max_share) | set(d.group_min_share)
    wanted = set(share_limited(d)) | {(k, y) for (_g, k, y) in groups if (k, y) in delivered}
    return sorted(wanted & delivered) if groups else sorted(wanted)


def size(d: ModelData, a: str) -> float:
    """h_a: the award size, or a candidate's largest acceptable size."""
    return d.candidate_gwh[a][1] if a in d.candidate_gwh else d.award_gwh.get(a, 0.0)


def earning(d: ModelData) -> list[tuple[str, int]]:
    """AY: (a, y) with ρ_ay > 0 and h_a > 0."""
    return [
        (a, y)
        for a in d.awards
        for y in d.years
        if d.award_rate_musd_per_gwh.get((a, y), 0) > 0 and size(d, a) > 0
    ]


def stack(d: ModelData, p: str, y: int) -> list[str]:
    """σ(p, y): awards of p earning in y, by award_order then id."""
    mine = [a for a, t in earning(d) if t == y and d.award_plant[a] == p]
    return sorted(mine, key=lambda a: (d.award_order.get(a, 0), a))


def bound(d: ModelData, p: str) -> float:
    """U_p = max_y M_py."""
    return max(d.permitted_capacity_gwh.get((p, y), 0.0) for y in d.years)


def penalised(d: ModelData, a: str) -> tuple[list[int], list[int], bool]:
    """(MY years of a, PY years of a, whether a has deduction rows)."""
    years = [y for t, y in earning(d) if t == a]
    if not years:
        return [], [], False
    my = [y for y in d.years if y <= years[-1] and d.award_penalty_musd.get((a, y), 0) > 0]
    mile = d.award_milestone_gwh.get(a, 0.0)
    py = [y for y in my if d.permitted_capacity_gwh.get((d.award_plant[a], y), 0.0) < mile]
    return my, py, bool(py) or d.award_penalty_carried_musd.get(a, 0) > 0


def award_columns(d: ModelData) -> list[tuple]:
    """e, z, g, b, D, v, Q, c of FORMULATION.md's Variables table, as ae, cs, g, b, D, ds, Q, ks
    (named apart from the chain's x, z, w, a columns)."""
    ay = earning(d)
    cols: list[tuple] = [("ae", a, y) for a, y in ay]
    for a, y in ay:
        p, upto = d.award_plant[a], stack(d, d.award_plant[a], y)
        through = upto[: upto.index(a) + 1]
        fixed = all(j not in d.candidate_gwh for j in through)
        if not (fixed and sum(size(d, j) for j in through) >= bound(d, p)):
            cols.append(("cs", a, y))
    cols += [("g", a) for a in d.awards if a in d.candidate_gwh]
    cols += [("b", a) for a in d.awards if a in d.candidate_gwh and d.candidate_gwh[a][0] > 0]
    for a in d.awards:
        if penalised(d, a)[2]:
            cols += [(kind, a, y) for kind in ("D", "ds") for t, y in ay if t == a]
        if a in d.award_ceiling_musd:
            cols += [(kind, a, y) for kind in ("Q", "ks") for t, y in ay if t == a]
    return cols


def columns(d: ModelData, dense_share: bool = False) -> dict[tuple, int]:
    """Column numbers for x, out, m, z, w, a, e and u (sparse), as FORMULATION.md's Variables
    (no u with ``dense_share``). Flows run from every offer: sources with a price, routes
    (their product) and recyclers (each mineral they recover)."""
    cols: list[tuple] = []
    cols += [("x", p, y) for p in d.plants for y in d.years]
    cols += [("out", p, y) for p in d.plants for y in d.years]
    offers = set(d.price_usd_per_t) | {(r, d.route_product[r]) for r in d.route_feed}
    for v, k in sorted(offers | set(d.recycling_yield)):
        for p in d.plants:
            if d.intensity_t_per_gwh.get((d.plant_chemistry[p], k), 0) > 0:
                cols += [("m", v, k, p, y) for y in d.years]
    feeds = [
        ("z", s, r, y)
        for (s, k) in d.price_usd_per_t
        for r in d.route_feed
        if d.route_feed[r] == k
        for y in d.years
    ]
    cols += feeds
    cols += [("w", c, k, y) for (c, k) in d.recycling_yield for y in d.years]
    cols += [("a", s, k, y) for (s, k, y), t in d.offtake_t.items() if t > 0]
    cols += magnet_columns(d)
    cols += award_columns(d)
    cols += [("bb", p, y) for p in d.plants for y in d.years if block_fits(d, p, y)]
    flows = [c for c in cols if c[0] == "m"]
    cols += [] if dense_share else [("u", k, y) for k, y in use_columns(d, flows, feeds)]
    return {c: j for j, c in enumerate(cols)}


def room(d: ModelData, p: str, y: int) -> float:
    """U_py = max(0, min_{t≥y} M_pt − Ē_p): the most p can add in y (Minimum build blocks)."""
    before = sum(g for (q, _v), g in d.existing_capacity_gwh.items() if q == p)
    later = min(d.permitted_capacity_gwh.get((p, t), 0.0) for t in d.years if t >= y)
    return max(0.0, later - before)


def block_fits(d: ModelData, p: str, y: int) -> bool | None:
    """None without a minimum at p; else whether a block of m_p fits in y ((p, y) ∈ BY)."""
    least = d.min_block_gwh.get(p, 0.0)
    return None if least <= 0 else room(d, p, y) >= least - 1e-9


def magnet_columns(d: ModelData) -> list[tuple]:
    """g_sky, written ("mg", s, k, y): every source offering a form magnet makers need in y."""
    return [
        ("mg", s, k, y)
        for (s, k) in sorted(d.price_usd_per_t)
        for y in d.years
        if d.magnet_t.get((k, y), 0.0) > 0
    ]


def ramp(d: ModelData, age: int) -> float:
    return d.ramp_factor[min(age, len(d.ramp_factor)) - 1]


def scrap(d: ModelData, p: str, y: int) -> float:
    age = min(max(y - d.online_year[p] + 1, 1), len(d.scrap_share))
    return d.scrap_share[age - 1]


def plant_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """capacity_limit, capacity_commitment, ramp_up, min_output, min_block_lower and
    min_block_upper, demand_limit; existing capacity Ē_p in the running totals, its vintages
    ramping by real age."""
    for p in d.plants:
        vintages = {v: g for (q, v), g in d.existing_capacity_gwh.items() if q == p}
        before = sum(vintages.values())
        for y in d.years:
            earlier = [t for t in d.years if t <= y]
            cum = {col[("x", p, t)]: 1.0 for t in earlier}
            rows.add(cum, d.permitted_capacity_gwh.get((p, y), 0.0) - before)
            if (p, y) in d.committed_capacity_gwh:
                rows.add(cum, d.committed_capacity_gwh[(p, y)] - before, ">=")
            ramp_terms = {col[("x", p, t)]: -ramp(d, y - t + 1) for t in earlier}
            old = sum(ramp(d, y - v + 1) * g for v, g in vintages.items())
            rows.add({col[("out", p, y)]: 1.0, **ramp_terms}, old)
            if (p, y) in d.min_output_gwh:
                rows.add({col[("out", p, y)]: 1.0}, d.min_output_gwh[(p, y)], ">=")
            if block_fits(d, p, y):  # min_block_lower, min_block_upper
                x, bb = col[("x", p, y)], col[("bb", p, y)]
                rows.add({x: 1.0, bb: -d.min_block_gwh[p]}, 0.0, ">=")
                rows.add({x: 1.0, bb: -room(d, p, y)}, 0.0)
    for y, cap in d.demand_gwh.items():
        rows.add({col[("out", p, y)]: 1.0 for p in d.plants}, cap)


def delivered(d: ModelData, col: dict, v: str, k: str, y: int) -> list[tuple]:
    """d_vky's columns: flows of (v, k, y) to plants, feeds of v into routes taking k, and
    v's tonnes of k to magnet makers."""
    own = [c for c in col if c[0] == "m" and c[1:3] == (v, k) and c[4] == y]
    own += [c for c in col if c[0] == "mg" and c[1:] == (v, k, y)]
    return own + [
        c for c in col if c[0] == "z" and c[1] == v and d.route_feed[c[2]] == k and c[3] == y
    ]


def exact_need(d: ModelData) -> set[tuple[str, int]]:
    """XN: (k, y) with take-or-pay tonnes of k, or of the feed of a route making k."""
    prepaid = {(k, y) for (_s, k, y), t in d.offtake_t.items() if t > 0}
    via = {
        (d.route_product[r], y) for r in d.route_feed for (k, y) in prepaid if d.route_feed[r] == k
    }
    return prepaid | via


def mineral_rows(d: ModelData, col: dict, rows: Rows, equal: Rows, dense_share: bool) -> None:
    """mineral_need, mineral_supply_limit, source_share_limit; mineral_use_balance in ``equal``.

    With ``dense_share`` the share row is written with u_ky substituted (FORMULATION.md, Notes):
    Σ_p m_skpy − σ_k Σ_{s',p} m_s'kpy ≤ 0, and there is no u and no balance row."""
    flows = [c for c in col if c[0] == "m"]
    exact = exact_need(d)
    for p in d.plants:
        for k in d.minerals:
            i = d.intensity_t_per_gwh.get((d.plant_chemistry[p], k), 0.0)
            if i <= 0:
                continue
            for y in d.years:
                terms = {col[f]: 1.0 for f in flows if f[2] == k and f[3] == p and f[4] == y}
                terms[col[("out", p, y)]] = -i * (1 + scrap(d, p, y))
                target = equal if (k, y) in exact else rows
                target.add(terms, 0.0, "=" if (k, y) in exact else ">=")
    for s, k in d.price_usd_per_t:
        for y in d.years:
            own = delivered(d, col, s, k, y)
            if not own:
                continue
            rows.add({col[f]: 1.0 for f in own}, d.supply_t.get((s, k, y), 0.0))
            share = d.max_source_share.get(k, 1.0)
            if not (d.source_imported.get(s, False) and share < 1.0):
                continue
            if dense_share:
                terms = {col[f]: -share for f in flows if f[2] == k and f[4] == y}
                for f in own:
                    terms[col[f]] += 1.0
                rows.add(terms, 0.0)
            else:
                rows.add({**{col[f]: 1.0 for f in own}, col[("u", k, y)]: -share}, 0.0)
    for _, k, y in (c for c in col if c[0] == "u"):
        terms = {col[f]: -1.0 for f in flows if f[2] == k and f[4] == y}
        terms |= {
            col[z]: -1.0 for z in col if z[0] == "z" and d.route_feed[z[2]] == k and z[3] == y
        }
        terms |= {col[g]: -1.0 for g in col if g[0] == "mg" and g[2:] == (k, y)}
        equal.add({**terms, col[("u", k, y)]: 1.0}, 0.0, "=")


def total(d: ModelData, col: dict, keys) -> dict[int, float]:
    """Σ P_ay over (a, y) in ``keys`` as column → coefficient."""
    out: dict[int, float] = {}
    for a, y in keys:
        for j, v in paid(d, col, a, y).items():
            out[j] = out.get(j, 0.0) + v
    return out


def claim_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """eligible_within_output, eligible_within_award, claim_all_output, claim_full_award."""
    for p in d.plants:
        for y in d.years:
            if stack(d, p, y):
                terms = {col[("ae", a, y)]: 1.0 for a in stack(d, p, y)}
                rows.add({**terms, col[("out", p, y)]: -1.0}, 0.0)
    for a, y in earning(d):
        if a in d.candidate_gwh:
            rows.add({col[("ae", a, y)]: 1.0, col[("g", a)]: -1.0}, 0.0)
        p, upto = d.award_plant[a], stack(d, d.award_plant[a], y)
        through = upto[: upto.index(a) + 1]
        big = bound(d, p) + sum(size(d, j) for j in through)
        claimed = {col[("ae", j, y)]: 1.0 for j in through}
        all_output = {**claimed, col[("out", p, y)]: -1.0}
        if ("cs", a, y) not in col:
            rows.add(all_output, 0.0, ">=")
            continue
        rows.add({**all_output, col[("cs", a, y)]: big}, 0.0, ">=")
        full = dict(claimed)
        fixed = 0.0
        for j in through:
            if j in d.candidate_gwh:
                full[col[("g", j)]] = -1.0
            else:
                fixed += d.award_gwh[j]
        full[col[("cs", a, y)]] = -big
        rows.add(full, fixed - big, ">=")


def allocation_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """candidate_size_min/max, unawarded_capacity, firm_award_cap."""
    cands = [a for a in d.awards if a in d.candidate_gwh]
    for a in cands:
        low, high = d.candidate_gwh[a]
        if low > 0:
            rows.add({col[("g", a)]: 1.0, col[("b", a)]: -low}, 0.0, ">=")
            rows.add({col[("g", a)]: 1.0, col[("b", a)]: -high}, 0.0)
    if cands and d.scheme_capacity_gwh is not None:
        held = sum(d.award_gwh.values())
        rows.add({col[("g", a)]: 1.0 for a in cands}, d.scheme_capacity_gwh - held)
    for f in sorted({d.award_firm[a] for a in cands}):
        held = sum(w for a, w in d.award_gwh.items() if d.award_firm[a] == f)
        mine = {col[("g", a)]: 1.0 for a in cands if d.award_firm[a] == f}
        rows.add(mine, d.firm_cap_gwh - held)


def paid(d: ModelData, col: dict, a: str, y: int) -> dict[int, float]:
    """P_ay as column → coefficient (N_ay, or Q_ay − Q_ay⁻ under a ceiling)."""
    years = [t for b, t in earning(d) if b == a]
    before = years[years.index(y) - 1] if years.index(y) > 0 else None
    if ("Q", a, y) in col:
        terms = {col[("Q", a, y)]: 1.0}
        if before is not None:
            terms[col[("Q", a, before)]] = -1.0
        return terms
    terms = {col[("ae", a, y)]: d.award_rate_musd_per_gwh[(a, y)]}
    if ("D", a, y) in col:
        terms[col[("D", a, y)]] = -1.0
        if before is not None:
            terms[col[("D", a, before)]] = 1.0
    return terms


def penalty_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """milestone_build and the four deduction rows."""
    for a in d.awards:
        my, py, deducts = penalised(d, a)
        p = d.award_plant[a]
        mile = d.award_milestone_gwh.get(a, 0.0)
        for y in my:
            need = min(d.permitted_capacity_gwh.get((p, y), 0.0), mile)
            need -= sum(g for (q, _v), g in d.existing_capacity_gwh.items() if q == p)
            if need > 1e-12:
                rows.add({col[("x", p, t)]: 1.0 for t in d.years if t <= y}, need, ">=")
        if not deducts:
            continue
        years = [t for b, t in earning(d) if b == a]
        carried = d.award_penalty_carried_musd.get(a, 0.0)
        total = carried + sum(d.award_penalty_musd.get((a, t), 0.0) for t in d.years)
        for i, y in enumerate(years):
            rate = d.award_rate_musd_per_gwh[(a, y)]
            big = total + sum(
                d.award_rate_musd_per_gwh[(a, t)] * size(d, a) for t in years[: i + 1]
            )
            step = {col[("D", a, y)]: 1.0, col[("ae", a, y)]: -rate}
            if i > 0:
                step[col[("D", a, years[i - 1])]] = -1.0
            due = carried + sum(d.award_penalty_musd[(a, t)] for t in py if t <= y)
            rows.add(step, 0.0)
            rows.add({col[("D", a, y)]: 1.0}, due)
            rows.add({**step, col[("ds", a, y)]: big}, 0.0, ">=")
            rows.add({col[("D", a, y)]: 1.0, col[("ds", a, y)]: -big}, due - big, ">=")


def ceiling_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """ceiling_within_net, ceiling_as_due_net, ceiling_as_due_limit (Q ≤ K is a bound)."""
    for a, ceiling in d.award_ceiling_musd.items():
        years = [t for b, t in earning(d) if b == a]
        big = ceiling + sum(d.award_rate_musd_per_gwh[(a, t)] for t in years) * size(d, a)
        for y in years:
            net: dict[int, float] = {}
            for t in years:
                if t <= y:
                    net[col[("ae", a, t)]] = -d.award_rate_musd_per_gwh[(a, t)]
            if ("D", a, y) in col:
                net[col[("D", a, y)]] = 1.0  # Σ_{t≤y} N_at = Σ ρe − D_ay (telescoping)
            q = {col[("Q", a, y)]: 1.0}
            rows.add({**q, **net}, 0.0)
            rows.add({**q, **net, col[("ks", a, y)]: big}, 0.0, ">=")
            rows.add({**q, col[("ks", a, y)]: -big}, ceiling - big, ">=")


def incentive_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """The award families, incentive_budget, annual_disbursement_limit."""
    claim_rows(d, col, rows)
    allocation_rows(d, col, rows)
    penalty_rows(d, col, rows)
    ceiling_rows(d, col, rows)
    ay = earning(d)

    if ay:
        rows.add(total(d, col, ay), d.budget_musd)
    for y, limit in d.annual_budget_musd.items():
        keys = [(a, t) for a, t in ay if t == y]
        if keys:
            rows.add(total(d, col, keys), limit)


def viability_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """viability and operating_gap_cover, written from FORMULATION.md with S_py = Σ_{a∈σ(p,y)} P_ay
    and ω_py = 1 (+ n_p in the last year). The viability row is written for every plant with
    P_p > 0 or h_p > 0, also where the model leaves it out as the sum of the cover rows: the
    optima must agree all the same."""
    last = d.years[-1]
    for p in d.plants:
        premium = d.capital_premium_musd_per_gwh.get(p, 0.0)
        gap = d.operating_gap_musd_per_gwh.get(p, 0.0)
        if premium <= 0 and gap <= 0:
            continue
        weight = {
            y: 1.0 + (d.support_years_after_horizon.get(p, 0) if y == last else 0) for y in d.years
        }
        terms = {col[("x", p, t)]: premium for t in d.years}
        for y in d.years:
            terms[col[("out", p, y)]] = gap * weight[y]
            for j, v in total(d, col, [(a, y) for a in stack(d, p, y)]).items():
                terms[j] = terms.get(j, 0.0) - v * weight[y]
        needs = pledged(d, p)
        before = sum(g for (q, _), g in d.existing_capacity_gwh.items() if q == p)
        forced = max(0.0, max(needs.values(), default=0.0) - before)
        if forced > 0 and d.min_block_gwh.get(p, 0.0) > 0:  # K_p: the least blocks can meet
            forced = least_in_blocks(d, p, needs, before) or forced
        rows.add(terms, premium * forced)
        for y in d.years if gap > 0 else ():
            cover = {col[("out", p, y)]: gap}
            for j, v in total(d, col, [(a, y) for a in stack(d, p, y)]).items():
                cover[j] = cover.get(j, 0.0) - v
            rows.add(cover, 0.0)


def pledged(d: ModelData, p: str) -> dict[int, float]:
    """y -> the largest running total p's commitments and award milestones ask by y."""
    needs = {y: c for (q, y), c in d.committed_capacity_gwh.items() if q == p}
    for a in d.awards:  # an awardee's milestone is its pledge too (K_p)
        if d.award_plant[a] == p:
            for y in penalised(d, a)[0]:
                need = min(d.permitted_capacity_gwh.get((p, y), 0.0), d.award_milestone_gwh[a])
                needs[y] = max(needs.get(y, 0.0), need)
    return needs


def least_in_blocks(d: ModelData, p: str, needs: dict, before: float) -> float | None:
    """min Σ_t x_t over blocks x_t ∈ {0} ∪ [m_p, U_pt] meeting every running total asked and
    within the path (a small MILP of its own); None if none can."""
    n = len(d.years)
    least = d.min_block_gwh[p]
    cum = np.tril(np.ones((n, n)))
    lower = np.array([needs.get(y, 0.0) - before for y in d.years])
    upper = np.array([d.permitted_capacity_gwh.get((p, y), 0.0) - before for y in d.years])
    rooms = np.array([room(d, p, y) for y in d.years])
    a = np.block(
        [[cum, np.zeros((n, n))], [np.eye(n), -least * np.eye(n)], [np.eye(n), -np.diag(rooms)]]
    )
    lo = np.concatenate([lower, np.zeros(n), np.full(n, -np.inf)])
    hi = np.concatenate([upper, np.full(n, np.inf), np.zeros(n)])
    found = milp(
        np.concatenate([np.ones(n), np.zeros(n)]),
        integrality=np.concatenate([np.zeros(n), np.ones(n)]),
        bounds=Bounds(np.zeros(2 * n), np.concatenate([np.full(n, np.inf), np.ones(n)])),
        constraints=[LinearConstraint(a, lo, hi)],
    )
    return float(found.fun) if found.status == 0 else None


def assemble(d: ModelData, dense_share: bool = False) -> tuple[dict, Rows, Rows, list]:
    col = columns(d, dense_share)
    rows, equal = Rows(), Rows()
    plant_rows(d, col, rows)
    mineral_rows(d, col, rows, equal, dense_share)
    chain_rows(d, col, rows, equal, delivered)
    incentive_rows(d, col, rows)
    viability_rows(d, col, rows)
    bounds = [column_bounds(d, c) for c in col]
    return col, rows, equal, bounds


def column_bounds(d: ModelData, c: tuple) -> tuple[float, float | None]:
    """ae ≤ w_a (awarded), g ≤ h_a if ℓ_a = 0, switches ≤ 1, Q ≤ K_a, a ≤ take-or-pay tonnes;
    everything ≥ 0."""
    if (c[0] == "ae" and c[1] not in d.candidate_gwh) or (
        c[0] == "g" and d.candidate_gwh[c[1]][0] == 0
    ):
        return 0.0, size(d, c[1])
    if c[0] in SWITCHES:
        return 0.0, 1.0
    if c[0] == "x" and block_fits(d, c[1], c[2]) is False:  # no block fits: nothing added
        return 0.0, 0.0
    if c[0] == "Q":
        return 0.0, d.award_ceiling_musd[c[1]]
    return 0.0, (d.offtake_t[c[1:]] if c[0] == "a" else None)


def costs(d: ModelData, col: dict) -> tuple[np.ndarray, np.ndarray]:
    """Stage 1: maximise Σ out (as min −Σ out). Stage 2: incentive + minerals × 1e-6 + capex."""
    n = len(col)
    output, cost = np.zeros(n), np.zeros(n)
    for c, j in col.items():
        if c[0] == "out":
            output[j] = -1.0
        elif c[0] == "x":
            cost[j] = d.capex_musd_per_gwh.get(c[1], 0.0)
        elif c[0] == "m":
            cost[j] = d.price_usd_per_t.get((c[1], c[2]), 0.0) * 1e-6  # routes, recyclers: 0
        elif c[0] in ("z", "w", "a", "mg"):
            cost[j] = chain_cost(d, c)
    for a, y in earning(d):
        for j, v in paid(d, col, a, y).items():
            cost[j] += v
    return output, cost


def reference(d: ModelData, dense_share: bool = False) -> tuple[int, float | None, float | None]:
    """(linprog status of stage 1, stage-1 optimum Z*, stage-2 optimum cost)."""
    col, rows, equal, bounds = assemble(d, dense_share)
    a, b = rows.matrix(len(col)), np.array(rows.rhs)
    c_out, c_cost = costs(d, col)
    integer = np.array([1 if c[0] in SWITCHES else 0 for c in col])
    lower = np.array([lo for lo, _ in bounds])
    upper = np.array([np.inf if hi is None else hi for _, hi in bounds])

    def run(cost, extra_row=None, extra_rhs=None):
        parts = [LinearConstraint(a, -np.inf, b)] if rows.rhs else []
        if equal.rhs:
            rhs = np.array(equal.rhs)
            parts.append(LinearConstraint(equal.matrix(len(col)), rhs, rhs))
        if extra_row is not None:
            parts.append(LinearConstraint(extra_row.reshape(1, -1), -np.inf, extra_rhs))
        return milp(
            cost,
            integrality=integer,
            bounds=Bounds(lower, upper),
            constraints=parts,
            options={"mip_rel_gap": 1e-9},
        )

    first = run(c_out)
    if first.status != 0:
        return first.status, None, None
    best = -first.fun
    # FORMULATION.md: stage 2 at Z*, then Z* less the model's fallback; the last floor allows for
    # branch and bound's own tolerances (a MIP's Z* may sit 1e-8 above what stage 2 can reach)
    for floor in (best, best - max(1e-7, 1e-9 * abs(best)), best - 1e-7 * max(1.0, abs(best))):
        second = run(c_cost, c_out, -floor)
        if second.status != 2:
            break
    assert second.status == 0, second.message
    return 0, best, second.fun + fixed_payment(d)


def random_data(seed: int) -> ModelData:
    rng = random.Random(1000 + seed)
    d = synthetic_data(
        seed, n_plants=rng.randint(2, 6), n_years=rng.randint(2, 5), n_sources=rng.randint(2, 6)
    )
    if seed % 10 == 3:  # some offtake minimums; a few make the instance infeasible
        p = d.plants[0]
        y = d.years[-1]
        d = replace(d, min_output_gwh={(p, y): rng.choice([0.5, 2.0, 1e4])})
    if seed % 5 == 1:  # share limits that bind, yet leave every mineral usable
        d = with_recycler_and_share_limits(d)
    if seed % 4 == 0:  # a tight budget: what awardees are owed limits output
        d = replace(d, budget_musd=round(d.budget_musd * 0.3, 1))
    if seed % 3 == 2:  # candidates that need support: the allocation decides their output
        gaps = {d.award_plant[c]: 3.0 for c in d.candidate_gwh}
        d = replace(d, operating_gap_musd_per_gwh={**d.operating_gap_musd_per_gwh, **gaps})
    return d


def with_recycler_and_share_limits(d: ModelData) -> ModelData:
    """Add a small domestic recycler R00 offering every mineral (300 t/yr per plant, at the
    mean price of the mineral's other sources) and limit every mineral to a 0.4 share per
    imported source: imports can then cover only what the recycler and the 0.4 shares allow."""
    prices: dict[str, list[float]] = {}
    for (_s, k), usd in d.price_usd_per_t.items():
        prices.setdefault(k, []).append(usd)
    mean = {k: sum(v) / len(v) for k, v in prices.items()}
    return replace(
        d,
        sources=("R00", *d.sources),
        price_usd_per_t={**d.price_usd_per_t, **{("R00", k): mean[k] for k in sorted(mean)}},
        supply_t={
            **d.supply_t,
            **{("R00", k, y): 300.0 * len(d.plants) for k in mean for y in d.years},
        },
        source_imported={**d.source_imported, "R00": False},
        source_origin={**d.source_origin, "R00": "India"},
        max_source_share={k: 0.4 for k in sorted(mean)},
    )


def assert_same_optima(data: ModelData) -> None:
    """The Pyomo model and the independent LP agree: same status (infeasible or optimal), and
    stage-1 output and stage-2 cost to 1e-6 relative."""
    status, best, cost = reference(data)
    result = solve(data)
    if status == 2:
        assert result.status is SolveStatus.INFEASIBLE
        return
    assert status == 0
    assert result.status is SolveStatus.OPTIMAL, result.solver_message
    assert result.output_gwh == pytest.approx(best, rel=REL, abs=1e-9)
    assert result.cost_musd == pytest.approx(cost, rel=REL, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_objectives_match_independent_lp(seed: int) -> None:
    """Same status; stage-1 output and stage-2 cost agree to 1e-6 relative."""
    assert_same_optima(random_data(seed))


@pytest.mark.parametrize("seed", [seed for seed in SEEDS if seed % 5 == 1])
def test_share_rows_over_every_flow_give_the_same_optima(seed: int) -> None:
    """mineral_use_t only rewrites the share row: the LP with Σ_{s',p} m_s'kpy written out in
    every share row (no u, no balance row) has the same stage-1 and stage-2 optima."""
    data = random_data(seed)
    status, best, cost = reference(data, dense_share=True)
    result = solve(data)
    assert status == 0 and result.is_optimal, result.solver_message
    assert result.output_gwh == pytest.approx(best, rel=REL, abs=1e-9)
    assert result.cost_musd == pytest.approx(cost, rel=REL, abs=1e-9)


def test_cross_check_is_not_trivial() -> None:
    """Most random instances are optimal with positive output, some infeasible, and in several
    the source-share limits cost output (so source_share_limit and mineral_use_balance are
    really checked): the check bites."""
    data = [random_data(seed) for seed in SEEDS]
    outcomes = [reference(d) for d in data]
    optimal = [o for o in outcomes if o[0] == 0]
    assert len(optimal) >= 50
    assert sum(1 for o in optimal if o[1] > 1.0) >= 45
    assert any(o[0] == 2 for o in outcomes)
    unlimited = [reference(replace(d, max_source_share={})) for d in data]
    share_binds = [
        seed
        for seed, o, u in zip(SEEDS, outcomes, unlimited, strict=True)
        if o[0] == 0 and u[1] > o[1] + 1e-6
    ]
    assert len(share_binds) >= 8, share_binds


CHAIN_SEEDS = range(60)


def chain_data(seed: int) -> ModelData:
    """A random instance with every supply-chain family (origin groups, licences, offtake,
    processing routes, recycling, magnets), every fifth one with share limits too."""
    rng = random.Random(5000 + seed)
    d = synthetic_data(
        seed + 300,
        n_plants=rng.randint(2, 5),
        n_years=rng.randint(2, 4),
        n_sources=rng.randint(2, 5),
    )
    if seed % 5 == 2:
        d = with_recycler_and_share_limits(d)
    return with_magnets(with_supply_chain(d, rng), rng)


@pytest.mark.parametrize("seed", CHAIN_SEEDS)
def test_supply_chain_objectives_match_independent_lp(seed: int) -> None:
    """With every supply-chain family present: same status, output and cost to 1e-6."""
    assert_same_optima(chain_data(seed))


def test_supply_chain_cross_check_is_not_trivial() -> None:
    """Most chain instances are optimal with output, and in several each kind of family costs
    output (removing it raises the optimum): the check bites on groups, licences, processing
    and recycling; take-or-pay changes the cost."""
    data = [chain_data(seed) for seed in CHAIN_SEEDS]
    outcomes = [reference(d) for d in data]
    assert sum(1 for o in outcomes if o[0] == 0 and o[1] > 1.0) >= 50
    without = {
        "groups": lambda d: {"group_max_share": {}, "group_min_share": {}},
        "licences": lambda d: {"licence_t": {}},
        "processing": lambda d: {
            "route_capacity_t": {(r, y): 1e9 for r in ("RGr", "RLi") for y in d.years}
        },
        "recycling": lambda d: {"recycling_capacity_t": {("Y", y): 1e9 for y in d.years}},
        "magnets": lambda d: {"magnet_t": {k: t for k, t in d.magnet_t.items() if k[0] != "Li"}},
    }
    for name, change in without.items():
        binds = [
            seed
            for seed, d, o in zip(CHAIN_SEEDS, data, outcomes, strict=True)
            if o[0] == 0 and (reference(replace(d, **change(d)))[1] or 0) > o[1] + 1e-6
        ]
        assert len(binds) >= 5, (name, binds)
    paid = [
        o[2] != pytest.approx(reference(replace(d, offtake_t={}, offtake_price_usd_per_t={}))[2])
        for d, o in zip(data, outcomes, strict=True)
        if o[0] == 0
    ]
    assert sum(paid) >= 30


def test_plant_families_are_really_checked() -> None:
    """In several random instances capacity stands before the horizon, a window runs past it, an
    operating gap is charged, and the viability rows cost output (dropping the premiums and
    gaps raises the reference optimum): the cross-check of those families bites."""
    data = [random_data(seed) for seed in SEEDS]
    assert sum(1 for d in data if d.existing_capacity_gwh) >= 10
    assert sum(1 for d in data if d.support_years_after_horizon) >= 10
    assert sum(1 for d in data if d.operating_gap_musd_per_gwh) >= 10
    binds = 0
    for d in data:
        with_rows = reference(d)
        free = reference(replace(d, capital_premium_musd_per_gwh={}, operating_gap_musd_per_gwh={}))
        if with_rows[0] == 0 and free[1] > with_rows[1] + 1e-6:
            binds += 1
    assert binds >= 10, binds


def without_candidates(d: ModelData) -> ModelData:
    """``d`` with every candidate award removed."""
    keep = tuple(a for a in d.awards if a not in d.candidate_gwh)
    rates = {k: v for k, v in d.award_rate_musd_per_gwh.items() if k[0] in keep}
    return replace(d, awards=keep, candidate_gwh={}, award_rate_musd_per_gwh=rates)


def test_scheme_families_change_optima() -> None:
    """The award families bite: in several instances the optima (output or cost) change when the
    candidates, the penalties, the ceilings are removed or the budget is multiplied by 10, so the
    cross-check above really compares those families, not rows that never matter."""
    counts = {"candidates": 0, "penalties": 0, "ceilings": 0, "budget": 0}
    for seed in SEEDS:
        d = random_data(seed)
        status, best, cost = reference(d)
        if status != 0:
            continue
        variants = {
            "candidates": without_candidates(d),
            "penalties": replace(d, award_penalty_musd={}, award_penalty_carried_musd={}),
            "ceilings": replace(d, award_ceiling_musd={}),
            "budget": replace(d, budget_musd=d.budget_musd * 10),
        }
        for name, variant in variants.items():
            s2, b2, c2 = reference(variant)
            counts[name] += s2 == 0 and (abs(b2 - best) > 1e-6 or abs(c2 - cost) > 1e-6)
    assert counts["candidates"] >= 3 and counts["penalties"] >= 10, counts
    assert counts["ceilings"] >= 2 and counts["budget"] >= 5, counts
