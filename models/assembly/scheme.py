"""The scheme's rows (candidates, claims, deductions, ceilings, payments, viability) as
triplets; the awards' arrays come from :mod:`models.assembly.awards`.

``c`` holds provisional column numbers (:class:`models.assembly.shape.Cols`) and ``b`` collects
the rows (:class:`models.assembly.builder.Builder`); each family is handed over as parts (rows,
columns, values) in
the order the model writes its terms.
"""

from __future__ import annotations

import numpy as np

from models.assembly.awards import (
    INF,
    Awards,
    award_year_keys,
    j_rank,
    ragged,
    sequential_cumsum,
)
from models.assembly.builder import Builder, Keys
from models.assembly.shape import Cols, Shape
from models.block_sizes import required_by_plant
from models.data import ModelData
from models.pledges import committed_new_capacity


def _part(rows, cols, vals) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = np.asarray(rows, dtype=np.int64)
    return (
        rows,
        np.asarray(cols, dtype=np.int64),
        np.broadcast_to(np.asarray(vals, float), rows.shape),
    )


def _named(names, at) -> Keys:
    """Keys (names[i],) for the positions ``at``."""
    return lambda: [(names[i],) for i in np.asarray(at, dtype=np.int64).tolist()]


def merged(parts: list, n_cols: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parts summed per (row, column), zeros dropped (as Pyomo's standard representation does);
    returns rows, columns, values (sorted by row, then column) and each entry's first position
    row by row, terms in the order of the parts (the order the model meets the columns)."""
    if not parts:
        parts = [_part([], [], 0.0)]
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    vals = np.concatenate([p[2] for p in parts])
    order = np.argsort(rows, kind="stable")  # row by row, each row's terms in the model's order
    rows, cols, vals = rows[order], cols[order], vals[order]
    key = rows * n_cols + cols
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    total = np.zeros(len(unique))
    np.add.at(total, inverse, vals)
    keep = total != 0
    return unique[keep] // n_cols, unique[keep] % n_cols, total[keep], first[keep]


def candidate_rows(d: ModelData, aw: Awards, c: Cols, b: Builder) -> None:
    """candidate_size_min, candidate_size_max, firm_award_cap, unawarded_capacity."""
    cands = np.flatnonzero(aw.candidate)
    lo = np.array([d.candidate_gwh[d.awards[a]][0] for a in cands])
    sized = cands[lo > 0]
    hi = aw.size[sized]
    r = np.arange(len(sized))
    b.triplets(
        "candidate_size_min",
        len(sized),
        [_part(r, c.g[sized], 1.0), _part(r, c.b[sized], -lo[lo > 0])],
        0.0,
        INF,
        keys=_named(d.awards, sized),
    )
    parts = [_part(r, c.g[sized], 1.0), _part(r, c.b[sized], -hi)]
    b.triplets("candidate_size_max", len(sized), parts, keys=_named(d.awards, sized))
    held: dict[str, float] = {}
    for i, a in enumerate(d.awards):
        if not aw.candidate[i]:
            held[d.award_firm[a]] = held.get(d.award_firm[a], 0) + d.award_gwh.get(a, 0.0)
    firms = sorted({d.award_firm[d.awards[a]] for a in cands})
    rank = {f: i for i, f in enumerate(firms)}
    rows = [rank[d.award_firm[d.awards[a]]] for a in cands]
    upper = [d.firm_cap_gwh - held.get(f, 0) for f in firms]
    parts = [_part(rows, c.g[cands], 1.0)]
    b.triplets(
        "firm_award_cap", len(firms), parts, -INF, upper, keys=_named(firms, range(len(firms)))
    )
    if len(cands) and d.scheme_capacity_gwh is not None:
        free = d.scheme_capacity_gwh - sum(
            d.award_gwh.get(a, 0.0) for i, a in enumerate(d.awards) if not aw.candidate[i]
        )
        b.triplets(
            "unawarded_capacity",
            1,
            [_part(np.zeros(len(cands)), c.g[cands], 1.0)],
            -INF,
            free,
            keys=lambda: [()],
        )


def claim_rows(d: ModelData, aw: Awards, c: Cols, b: Builder, sh: Shape) -> None:
    """eligible_within_output, eligible_within_award, claim_all_output, claim_full_award."""
    n, groups = len(aw.ay_a), len(aw.eligible_p)
    out = c.out[aw.plant[aw.ay_a], aw.ay_j]
    b.triplets(
        "eligible_within_output",
        groups,
        [
            _part(aw.group, c.e[aw.stacked], 1.0),
            _part(np.arange(groups), c.out[aw.eligible_p, aw.eligible_j], -1.0),
        ],
        actionable=sh.live[aw.eligible_p, aw.eligible_j],
        keys=eligible_keys(sh, aw),
    )
    cand = np.flatnonzero(aw.candidate[aw.ay_a])
    r = np.arange(len(cand))
    parts = [_part(r, c.e[cand], 1.0), _part(r, c.g[aw.ay_a[cand]], -1.0)]
    b.triplets("eligible_within_award", len(cand), parts, keys=award_year_keys(d, aw, cand))
    run, pos = ragged(aw.start, aw.rank + 1)
    sw = np.flatnonzero(aw.switch)
    parts = [
        _part(run, c.e[aw.stacked[pos]], 1.0),
        _part(np.arange(n), out, -1.0),
        _part(sw, c.z[sw], aw.big_m[sw]),
    ]
    b.triplets("claim_all_output", n, parts, 0.0, INF, keys=award_year_keys(d, aw))
    run, pos = ragged(aw.start[sw], aw.rank[sw] + 1)
    members = aw.stacked[pos]
    is_cand = aw.candidate[aw.ay_a[members]]
    parts = [
        _part(run, c.e[members], 1.0),
        _part(run[is_cand], c.g[aw.ay_a[members[is_cand]]], -1.0),
        _part(np.arange(len(sw)), c.z[sw], -aw.big_m[sw]),
    ]
    lower = aw.fixed[sw] - aw.big_m[sw]
    b.triplets("claim_full_award", len(sw), parts, lower, INF, keys=award_year_keys(d, aw, sw))


def eligible_keys(sh: Shape, aw: Awards) -> Keys:
    """Keys (p, y) of ELIGIBLE, the plant-years some award earns in (the grid's tuples)."""
    at = (aw.eligible_p * sh.Y + aw.eligible_j).tolist()
    return lambda: [sh.grid[i] for i in at]


def _rate(aw: Awards, at: np.ndarray) -> np.ndarray:
    return aw.rate[aw.ay_a[at], aw.ay_j[at]]


def deduction_rows(d: ModelData, aw: Awards, c: Cols, b: Builder) -> None:
    """The four deduction_* families over DEDUCTION_YEARS."""
    dy = np.flatnonzero(aw.deducted)
    r = np.arange(len(dy))
    back = aw.prev[dy] >= 0
    step = [
        _part(r, c.D[dy], 1.0),
        _part(r[back], c.D[aw.prev[dy][back]], -1.0),
        _part(r, c.e[dy], -_rate(aw, dy)),
    ]
    big = aw.deduction_m[dy]
    keys = award_year_keys(d, aw, dy)
    b.triplets("deduction_within_incentive", len(dy), step, keys=keys)
    parts = [_part(r, c.D[dy], 1.0)]
    b.triplets("deduction_within_penalty", len(dy), parts, -INF, aw.due[dy], keys=keys)
    parts = [*step, _part(r, c.v[dy], big)]
    b.triplets("deduction_as_due_incentive", len(dy), parts, 0.0, INF, keys=keys)
    parts = [_part(r, c.D[dy], 1.0), _part(r, c.v[dy], -big)]
    b.triplets("deduction_as_due_penalty", len(dy), parts, aw.due[dy] - big, INF, keys=keys)


def ceiling_rows(d: ModelData, aw: Awards, c: Cols, b: Builder) -> None:
    """The three ceiling_* families over CEILING_YEARS."""
    ky = np.flatnonzero(aw.ceiling)
    r = np.arange(len(ky))
    run, pos = ragged(aw.first[ky], ky - aw.first[ky] + 1)
    ded = aw.deducted[ky]
    net = [_part(run, c.e[pos], -_rate(aw, pos)), _part(r[ded], c.D[ky[ded]], 1.0)]
    earnable = _sequential_total(aw)
    limit = np.array([d.award_ceiling_musd[d.awards[a]] for a in aw.ay_a[ky]])
    big = limit + earnable[ky] * aw.size[aw.ay_a[ky]]
    keys = award_year_keys(d, aw, ky)
    b.triplets("ceiling_within_net", len(ky), [_part(r, c.Q[ky], 1.0), *net], keys=keys)
    parts = [_part(r, c.Q[ky], 1.0), *net, _part(r, c.cc[ky], big)]
    b.triplets("ceiling_as_due_net", len(ky), parts, 0.0, INF, keys=keys)
    parts = [_part(r, c.Q[ky], 1.0), _part(r, c.cc[ky], -big)]
    b.triplets("ceiling_as_due_limit", len(ky), parts, limit - big, INF, keys=keys)


def _sequential_total(aw: Awards) -> np.ndarray:
    """Per award-year: Σ of its award's rates over all its earning years, summed in order."""
    running = sequential_cumsum(_rate(aw, np.arange(len(aw.ay_a))), j_rank(aw.ay_a))
    last_of = np.flatnonzero(aw.last)
    award_last = np.empty(len(aw.rate), dtype=np.int64)
    award_last[aw.ay_a[last_of]] = last_of
    return running[award_last[aw.ay_a]]


def paid_parts(aw: Awards, c: Cols) -> list:
    """award_paid_musd[a, y] of every award-year (row = AY position), term by term."""
    n = np.arange(len(aw.ay_a))
    plain = ~aw.ceiling
    ded = plain & aw.deducted
    dback = ded & (aw.prev >= 0)
    cap = aw.ceiling
    cback = cap & (aw.prev >= 0)
    parts = [
        _part(n[plain], c.e[plain], _rate(aw, n[plain])),
        _part(n[ded], c.D[ded], -1.0),
        _part(n[dback], c.D[aw.prev[dback]], 1.0),
        _part(n[cap], c.Q[cap], 1.0),
        _part(n[cback], c.Q[aw.prev[cback]], -1.0),
    ]
    rows, cols, vals = (np.concatenate([p[i] for p in parts]) for i in range(3))
    order = np.argsort(rows, kind="stable")  # award-year by award-year, as Pyomo meets them
    return [(rows[order], cols[order], vals[order])]


def _regrouped(parts: list, row_of: np.ndarray, weight=None) -> list:
    """Paid parts moved to the rows ``row_of[award-year]`` (−1: left out), values × weight."""
    out = []
    for rows, cols, vals in parts:
        keep = row_of[rows] >= 0
        v = vals[keep] if weight is None else weight[rows[keep]] * vals[keep]
        out.append((row_of[rows[keep]], cols[keep], v))
    return out


def payment_rows(d: ModelData, aw: Awards, c: Cols, b: Builder, n_cols: int) -> None:
    """incentive_budget and annual_disbursement_limit: Σ award_paid_musd."""
    parts = paid_parts(aw, c)
    if len(aw.ay_a):
        rows, cols, vals, _ = merged(_regrouped(parts, np.zeros(len(aw.ay_a), int)), n_cols)
        total = [(rows, cols, vals)]
        b.triplets("incentive_budget", 1, total, -INF, d.budget_musd, keys=lambda: [()])
    years = [y for y in sorted(d.annual_budget_musd) if (aw.ay_j == y - d.years[0]).any()]
    row_of_year = np.full(len(d.years), -1)
    row_of_year[[y - d.years[0] for y in years]] = np.arange(len(years))
    rows, cols, vals, _ = merged(_regrouped(parts, row_of_year[aw.ay_j]), n_cols)
    upper = [d.annual_budget_musd[y] for y in years]
    keys = lambda: [(y,) for y in years]  # noqa: E731
    total = [(rows, cols, vals)]
    b.triplets("annual_disbursement_limit", len(years), total, -INF, upper, keys=keys)


def paid_cost(aw: Awards, c: Cols, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Σ award_paid_musd as the stage-2 cost: columns in the order Pyomo meets them, values."""
    if not len(aw.ay_a):
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    _, cols, vals, first = merged(
        _regrouped(paid_parts(aw, c), np.zeros(len(aw.ay_a), int)), n_cols
    )
    order = np.argsort(first, kind="stable")
    return cols[order], vals[order]


def support_rows(d: ModelData, aw: Awards, c: Cols, b: Builder, sh: Shape) -> None:
    """viability (premium and gap, less ω × support over the window) and operating_gap_cover."""
    P, Y = sh.P, sh.Y
    premium = np.array([d.capital_premium_musd_per_gwh.get(p, 0.0) for p in d.plants])
    gap = np.array([d.operating_gap_musd_per_gwh.get(p, 0.0) for p in d.plants])
    after = np.array([d.support_years_after_horizon.get(p, 0) for p in d.plants])
    weight = np.ones((P, Y))
    weight[:, -1] = 1.0 + after  # ω: the last year stands for the window years after the horizon
    viable = np.flatnonzero((premium > 0) | ((gap > 0) & (after > 0)))
    row_of = np.full(P, -1)
    row_of[viable] = np.arange(len(viable))
    vp = np.repeat(viable, Y)
    vj = np.tile(np.arange(Y), len(viable))
    parts = []
    if len(viable):
        has_p, has_g = premium[vp] != 0, gap[vp] != 0
        parts += [_part(row_of[vp[has_p]], c.x[vp, vj][has_p], premium[vp][has_p])]
        parts += [_part(row_of[vp[has_g]], c.out[vp, vj][has_g], (gap[vp] * weight[vp, vj])[has_g])]
    omega = -weight[aw.plant[aw.ay_a], aw.ay_j]
    parts += _regrouped(paid_parts(aw, c), row_of[aw.plant[aw.ay_a]], omega)
    rows, cols, vals, _ = merged(parts, c.n)
    rhs = premium[viable] * _built_anyway(d, aw, sh, viable)
    parts = [(rows, cols, vals)]
    b.triplets("viability", len(viable), parts, -INF, rhs, keys=_named(d.plants, viable))
    operating = np.flatnonzero(gap > 0)
    row_of = np.full((P, Y), -1)
    row_of[operating] = np.arange(len(operating) * Y).reshape(-1, Y)
    op = np.repeat(operating, Y)
    oj = np.tile(np.arange(Y), len(operating))
    parts = [_part(row_of[op, oj], c.out[op, oj], gap[op])]
    parts += _regrouped(
        paid_parts(aw, c), row_of[aw.plant[aw.ay_a], aw.ay_j], -np.ones(len(aw.ay_a))
    )
    rows, cols, vals, _ = merged(parts, c.n)
    live = sh.live[operating].ravel()
    mask = np.zeros((P, Y), dtype=bool)
    mask[operating] = True
    parts = [(rows, cols, vals)]
    b.triplets("operating_gap_cover", len(op), parts, actionable=live, keys=sh.pick(mask))


def _built_anyway(d: ModelData, aw: Awards, sh: Shape, plants: np.ndarray) -> np.ndarray:
    """K_p of ``plants`` (positions): new capacity built anyway
    (:func:`models.pledges.committed_new_capacity`)."""
    awards, years, needs = aw.milestones
    known = {
        (d.awards[a], d.years[j]): g
        for a, j, g in zip(awards.tolist(), years.tolist(), needs.tolist(), strict=True)
    }
    required = required_by_plant(d, known)
    installed = dict(zip(d.plants, sh.installed.tolist(), strict=True))
    names = [d.plants[i] for i in plants]
    return np.array([committed_new_capacity(d, p, required, installed) for p in names], float)
