"""Independent cross-check: the LP assembled straight from models/FORMULATION.md as scipy sparse
matrices and solved with ``scipy.optimize.linprog(method="highs")`` must give the same optimal
objectives as the Pyomo model, on seeded random small instances.

Nothing here imports the Pyomo model code: only the data record, the generator of random data and
the public ``solve``. Rows follow the constraint table of FORMULATION.md, ``≥`` rows negated into
``A_ub x ≤ b_ub``.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_array

from models.data import ModelData
from models.result import SolveStatus
from models.solve import solve
from models.synthetic import synthetic_data

SEEDS = range(60)
REL = 1e-6


class Rows:
    """Accumulates ``A_ub`` rows as (column -> coefficient) maps and right-hand sides."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, float]] = []
        self.rhs: list[float] = []

    def add(self, terms: dict[int, float], rhs: float, sense: str = "<=") -> None:
        sign = 1.0 if sense == "<=" else -1.0
        row = len(self.rhs)
        self.entries.extend((row, col, sign * v) for col, v in terms.items() if v != 0)
        self.rhs.append(sign * rhs)


def columns(d: ModelData) -> dict[tuple, int]:
    """Column numbers for x, out, m (sparse) and e (sparse), as FORMULATION.md's Variables."""
    cols: list[tuple] = []
    cols += [("x", p, y) for p in d.plants for y in d.years]
    cols += [("out", p, y) for p in d.plants for y in d.years]
    for s, k in d.price_usd_per_t:
        for p in d.plants:
            if d.intensity_t_per_gwh.get((d.plant_chemistry[p], k), 0) > 0:
                cols += [("m", s, k, p, y) for y in d.years]
    for p in d.plants:
        for y in d.years:
            if d.incentive_rate_musd_per_gwh.get((p, y), 0) > 0 and d.award_gwh.get(p, 0) > 0:
                cols.append(("e", p, y))
    return {c: j for j, c in enumerate(cols)}


def ramp(d: ModelData, age: int) -> float:
    return d.ramp_factor[min(age, len(d.ramp_factor)) - 1]


def scrap(d: ModelData, p: str, y: int) -> float:
    age = min(max(y - d.online_year[p] + 1, 1), len(d.scrap_share))
    return d.scrap_share[age - 1]


def plant_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """capacity_limit, capacity_commitment, ramp_up, min_output, demand_limit."""
    for p in d.plants:
        for y in d.years:
            earlier = [t for t in d.years if t <= y]
            cum = {col[("x", p, t)]: 1.0 for t in earlier}
            rows.add(cum, d.permitted_capacity_gwh.get((p, y), 0.0))
            if (p, y) in d.committed_capacity_gwh:
                rows.add(cum, d.committed_capacity_gwh[(p, y)], ">=")
            ramp_terms = {col[("x", p, t)]: -ramp(d, y - t + 1) for t in earlier}
            rows.add({col[("out", p, y)]: 1.0, **ramp_terms}, 0.0)
            if (p, y) in d.min_output_gwh:
                rows.add({col[("out", p, y)]: 1.0}, d.min_output_gwh[(p, y)], ">=")
    for y, cap in d.demand_gwh.items():
        rows.add({col[("out", p, y)]: 1.0 for p in d.plants}, cap)


def mineral_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """mineral_need, mineral_supply_limit, source_share_limit."""
    flows = [c for c in col if c[0] == "m"]
    for p in d.plants:
        for k in d.minerals:
            i = d.intensity_t_per_gwh.get((d.plant_chemistry[p], k), 0.0)
            if i <= 0:
                continue
            for y in d.years:
                terms = {col[f]: 1.0 for f in flows if f[2] == k and f[3] == p and f[4] == y}
                terms[col[("out", p, y)]] = -i * (1 + scrap(d, p, y))
                rows.add(terms, 0.0, ">=")
    for s, k in d.price_usd_per_t:
        for y in d.years:
            own = [f for f in flows if f[1] == s and f[2] == k and f[4] == y]
            if not own:
                continue
            rows.add({col[f]: 1.0 for f in own}, d.supply_t.get((s, k, y), 0.0))
            share = d.max_source_share.get(k, 1.0)
            if d.source_imported.get(s, False) and share < 1.0:
                terms = {col[f]: -share for f in flows if f[2] == k and f[4] == y}
                for f in own:
                    terms[col[f]] += 1.0
                rows.add(terms, 0.0)


def incentive_rows(d: ModelData, col: dict, rows: Rows) -> None:
    """eligible_within_output, firm_incentive_cap, incentive_budget, annual limit, viability."""
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
    for p, gap in d.viability_gap_musd_per_gwh.items():
        if gap <= 0:
            continue
        for y in d.years:
            terms = {col[("out", p, y)]: gap}
            if ("e", p, y) in col:
                terms[col[("e", p, y)]] = -rate[(p, y)]
            rows.add(terms, 0.0)


def assemble(d: ModelData) -> tuple[dict, Rows, list]:
    col = columns(d)
    rows = Rows()
    plant_rows(d, col, rows)
    mineral_rows(d, col, rows)
    incentive_rows(d, col, rows)
    bounds = [(0, d.award_gwh[c[1]] if c[0] == "e" else None) for c in col]
    return col, rows, bounds


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
            cost[j] = d.price_usd_per_t[(c[1], c[2])] * 1e-6
        else:
            cost[j] = d.incentive_rate_musd_per_gwh[(c[1], c[2])]
    return output, cost


def reference(d: ModelData) -> tuple[int, float | None, float | None]:
    """(linprog status of stage 1, stage-1 optimum Z*, stage-2 optimum cost)."""
    col, rows, bounds = assemble(d)
    r, c, v = zip(*rows.entries, strict=True) if rows.entries else ((), (), ())
    a = coo_array((v, (r, c)), shape=(len(rows.rhs), len(col))).tocsr()
    b = np.array(rows.rhs)
    c_out, c_cost = costs(d, col)
    first = linprog(c_out, A_ub=a, b_ub=b, bounds=bounds, method="highs")
    if first.status != 0:
        return first.status, None, None
    best = -first.fun
    floor = best - max(1e-6, 1e-7 * abs(best))  # FORMULATION.md: stage-2 tolerance
    a2 = coo_array(np.vstack([a.toarray(), c_out]))
    second = linprog(c_cost, A_ub=a2, b_ub=np.append(b, -floor), bounds=bounds, method="highs")
    assert second.status == 0, second.message
    return 0, best, second.fun


def random_data(seed: int) -> ModelData:
    rng = random.Random(1000 + seed)
    d = synthetic_data(
        seed, n_plants=rng.randint(2, 6), n_years=rng.randint(2, 5), n_sources=rng.randint(2, 6)
    )
    if seed % 10 == 3:  # some offtake minimums; a few make the instance infeasible
        p = d.plants[0]
        y = d.years[-1]
        d = replace(d, min_output_gwh={(p, y): rng.choice([0.5, 2.0, 1e4])})
    return d


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


def test_cross_check_is_not_trivial() -> None:
    """Most random instances are optimal with positive output, some infeasible: the check bites."""
    outcomes = [reference(random_data(seed)) for seed in SEEDS]
    optimal = [o for o in outcomes if o[0] == 0]
    assert len(optimal) >= 50
    assert sum(1 for o in optimal if o[1] > 1.0) >= 45
    assert any(o[0] == 2 for o in outcomes)
