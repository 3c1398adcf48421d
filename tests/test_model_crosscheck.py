"""Independent cross-check: the LP assembled straight from models/FORMULATION.md as scipy sparse
matrices and solved with ``scipy.optimize.linprog(method="highs")`` must give the same optimal
objectives as the Pyomo model, on seeded random small instances.

Nothing here imports the Pyomo model code: only the data record, the generator of random data and
the public ``solve``. Rows follow the constraint table of FORMULATION.md, ``≥`` rows negated into
``A_ub x ≤ b_ub``, ``=`` rows (mineral_use_balance) in ``A_eq x = b_eq``.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_array

from benchmarks.synthetic import synthetic_data
from models.data import ModelData
from models.result import SolveStatus
from models.solve import solve
from tests.crosscheck_chain import chain_cost, chain_rows, fixed_payment, with_supply_chain

SEEDS = range(60)
REL = 1e-6


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
    limited = {
        k
        for (s, k) in d.price_usd_per_t
        if d.source_imported.get(s, False) and d.max_source_share.get(k, 1.0) < 1.0
    }
    return [(k, y) for k in sorted(used & limited) for y in d.years]


def use_columns(d: ModelData, flows: list[tuple], feeds: list[tuple]) -> list[tuple[str, int]]:
    """U: share-limited (k, y), plus (k, y) with a group row on a form delivered in y."""
    delivered = {(c[2], c[4]) for c in flows} | {(d.route_feed[c[2]], c[3]) for c in feeds}
    groups = set(d.group_max_share) | set(d.group_min_share)
    wanted = set(share_limited(d)) | {(k, y) for (_g, k, y) in groups if (k, y) in delivered}
    return sorted(wanted & delivered) if groups else sorted(wanted)


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
    for p in d.plants:
        for y in d.years:
            if d.incentive_rate_musd_per_gwh.get((p, y), 0) > 0 and d.award_gwh.get(p, 0) > 0:
                cols.append(("e", p, y))
    flows = [c for c in cols if c[0] == "m"]
    cols += [] if dense_share else [("u", k, y) for k, y in use_columns(d, flows, feeds)]
    return {c: j for j, c in enumerate(cols)}


def ramp(d: ModelData, age: int) -> float:
    return d.ramp_factor[min(age, len(d.ramp_factor)) - 1]


def scrap(d: ModelData, p: str, y: int) -> float:
    age = min(max(y - d.online_year[p] + 1, 1), len(d.scrap_share))
    return d.scrap_share[age - 1]


def plant_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """capacity_limit, capacity_commitment, ramp_up, min_output, demand_limit; existing
    capacity Ē_p in the running totals, its vintages ramping by real age."""
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
    for y, cap in d.demand_gwh.items():
        rows.add({col[("out", p, y)]: 1.0 for p in d.plants}, cap)


def delivered(d: ModelData, col: dict, v: str, k: str, y: int) -> list[tuple]:
    """d_vky's columns: flows of (v, k, y) to plants and feeds of v into routes taking k."""
    own = [c for c in col if c[0] == "m" and c[1:3] == (v, k) and c[4] == y]
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
        equal.add({**terms, col[("u", k, y)]: 1.0}, 0.0, "=")


def incentive_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """eligible_within_output, firm_incentive_cap, incentive_budget, annual limit."""
    rate = d.incentive_rate_musd_per_gwh
    elig = [c for c in col if c[0] == "e"]
    for _, p, y in elig:
        rows.add({col[("e", p, y)]: 1.0, col[("out", p, y)]: -1.0}, 0.0)
    for f in sorted(set(d.plant_firm.values())):
        mine = [p for p in d.plants if d.plant_firm[p] == f]
        cap = min(d.firm_cap_gwh, sum(d.award_gwh.get(p, 0.0) for p in mine))
        for y in d.years:
            terms = {col[e]: 1.0 for e in elig if e[1] in mine and e[2] == y}
            if terms:
                rows.add(terms, cap)
    if elig:
        rows.add({col[e]: rate[(e[1], e[2])] for e in elig}, d.budget_musd)
    for y, limit in d.annual_budget_musd.items():
        terms = {col[e]: rate[(e[1], e[2])] for e in elig if e[2] == y}
        if terms:
            rows.add(terms, limit)


def viability_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """viability and operating_gap_cover, written from FORMULATION.md with S_py = ρ_py e_py and
    ω_py = 1 (+ n_p in the last year). The viability row is written for every plant with
    P_p > 0 or h_p > 0, also where the model leaves it out as the sum of the cover rows: the
    optima must agree all the same."""
    rate = d.incentive_rate_musd_per_gwh
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
            if ("e", p, y) in col:
                terms[col[("e", p, y)]] = -rate[(p, y)] * weight[y]
        committed = max([c for (q, _), c in d.committed_capacity_gwh.items() if q == p] or [0])
        before = sum(g for (q, _), g in d.existing_capacity_gwh.items() if q == p)
        rows.add(terms, premium * max(0.0, committed - before))
        for y in d.years if gap > 0 else ():
            cover = {col[("out", p, y)]: gap}
            if ("e", p, y) in col:
                cover[col[("e", p, y)]] = -rate[(p, y)]
            rows.add(cover, 0.0)


def assemble(d: ModelData, dense_share: bool = False) -> tuple[dict, Rows, Rows, list]:
    col = columns(d, dense_share)
    rows, equal = Rows(), Rows()
    plant_rows(d, col, rows)
    mineral_rows(d, col, rows, equal, dense_share)
    chain_rows(d, col, rows, equal, delivered)
    incentive_rows(d, col, rows)
    viability_rows(d, col, rows)
    bounds = [(0, upper_bound(d, c)) for c in col]
    return col, rows, equal, bounds


def upper_bound(d: ModelData, c: tuple) -> float | None:
    """e ≤ award; a ≤ take-or-pay tonnes; others unbounded above."""
    if c[0] == "e":
        return d.award_gwh[c[1]]
    return d.offtake_t[c[1:]] if c[0] == "a" else None


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
        elif c[0] in ("z", "w", "a"):
            cost[j] = chain_cost(d, c)
        elif c[0] == "e":
            cost[j] = d.incentive_rate_musd_per_gwh[(c[1], c[2])]
    return output, cost


def reference(d: ModelData, dense_share: bool = False) -> tuple[int, float | None, float | None]:
    """(linprog status of stage 1, stage-1 optimum Z*, stage-2 optimum cost)."""
    col, rows, equal, bounds = assemble(d, dense_share)
    a, b = rows.matrix(len(col)), np.array(rows.rhs)
    eq = {"A_eq": equal.matrix(len(col)), "b_eq": np.array(equal.rhs)} if equal.rhs else {}
    c_out, c_cost = costs(d, col)
    first = linprog(c_out, A_ub=a, b_ub=b, bounds=bounds, method="highs", **eq)
    if first.status != 0:
        return first.status, None, None
    best = -first.fun
    a2 = coo_array(np.vstack([a.toarray(), c_out]))
    for floor in (best, best - max(1e-7, 1e-9 * abs(best))):  # FORMULATION.md: stage 2
        b2 = np.append(b, -floor)
        second = linprog(c_cost, A_ub=a2, b_ub=b2, bounds=bounds, method="highs", **eq)
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


@pytest.mark.parametrize("seed", SEEDS)
def test_objectives_match_independent_lp(seed: int) -> None:
    """Same status; stage-1 output and stage-2 cost agree to 1e-6 relative."""
    data = random_data(seed)
    status, best, cost = reference(data)
    result = solve(data)
    if status == 2:
        assert result.status is SolveStatus.INFEASIBLE
        return
    assert status == 0
    assert result.status is SolveStatus.OPTIMAL, result.solver_message
    assert result.output_gwh == pytest.approx(best, rel=REL, abs=1e-9)
    assert result.cost_musd == pytest.approx(cost, rel=REL, abs=1e-9)


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
    processing routes, recycling), every fifth one with share limits too."""
    rng = random.Random(5000 + seed)
    d = synthetic_data(
        seed + 300,
        n_plants=rng.randint(2, 5),
        n_years=rng.randint(2, 4),
        n_sources=rng.randint(2, 5),
    )
    if seed % 5 == 2:
        d = with_recycler_and_share_limits(d)
    return with_supply_chain(d, rng)


@pytest.mark.parametrize("seed", CHAIN_SEEDS)
def test_supply_chain_objectives_match_independent_lp(seed: int) -> None:
    """With every supply-chain family present: same status, output and cost to 1e-6."""
    data = chain_data(seed)
    status, best, cost = reference(data)
    result = solve(data)
    if status == 2:
        assert result.status is SolveStatus.INFEASIBLE
        return
    assert status == 0
    assert result.status is SolveStatus.OPTIMAL, result.solver_message
    assert result.output_gwh == pytest.approx(best, rel=REL, abs=1e-9)
    assert result.cost_musd == pytest.approx(cost, rel=REL, abs=1e-9)


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
