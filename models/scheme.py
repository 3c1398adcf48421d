"""The scheme's allocation, penalties and ceilings.

- Candidates compete for the capacity the scheme has not awarded: each gets 0 or a size in its
  range (``candidate_size_min``/``candidate_size_max``), within ``unawarded_capacity`` and the
  per-firm cap (``firm_award_cap``).
- An awardee builds towards its milestone as fast as its permitted path allows
  (``milestone_build``); penalties accrue in the years that path is short of the milestone and
  are deducted from its incentives as soon as they are due (``penalty_deducted_musd``, exact
  through the ``deduction_*`` rows).
- An outlay ceiling caps what an award is ever paid (``ceiling_paid_musd``, exact through the
  ``ceiling_*`` rows).
Equations and why each 0/1 switch makes the amount exact: models/FORMULATION.md.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import logged_combination, plain_sum, weighted_sum
from models.indexing import ModelIndex
from models.scheme_index import AwardIndex, milestone_need_gwh, size_max


def add_candidates(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex) -> None:
    """Candidate award sizes and the rows that share out the unawarded capacity."""
    m.CANDIDATES = pyo.Set(initialize=data.candidates, ordered=True, doc="C ⊆ A: candidates")
    m.SIZED_CANDIDATES = pyo.Set(
        initialize=ax.sized_candidates, ordered=True, doc="Candidates with a smallest size > 0"
    )
    sized = set(ax.sized_candidates)  # their largest size is a row, so that it has a dual
    m.CAP_FIRMS = pyo.Set(initialize=ax.cap_firms, ordered=True, doc="Firms with candidates")
    m.candidate_award_gwh = pyo.Var(
        m.CANDIDATES,
        domain=pyo.NonNegativeReals,
        bounds=lambda m, c: (0.0, None if c in sized else data.candidate_gwh[c][1]),
        doc="Award the plan gives candidate c, GWh of eligible output a year",
    )
    m.candidate_awarded = pyo.Var(
        m.SIZED_CANDIDATES, domain=pyo.Binary, doc="1 if candidate c gets an award"
    )
    awarded = {a: data.award_gwh.get(a, 0.0) for a in data.awards if a not in data.candidate_gwh}
    candidates_of: dict[str, list[str]] = {f: [] for f in ax.cap_firms}  # one pass, not per firm
    for c in data.candidates:
        candidates_of[data.award_firm[c]].append(c)
    held: dict[str, float] = dict.fromkeys(ax.cap_firms, 0)
    for a, w in awarded.items():  # summed in award order, as sum() over the awards would
        if data.award_firm[a] in held:
            held[data.award_firm[a]] += w

    def candidate_size_min(m, c):
        """candidate_award_gwh[c] − lo_c × candidate_awarded[c] ≥ 0   (GWh/yr). Dual ≤ 0."""
        g, z, lo = m.candidate_award_gwh[c], m.candidate_awarded[c], data.candidate_gwh[c][0]
        return logged_combination(g - lo * z, [(1.0, g), (-lo, z)]) >= 0

    def candidate_size_max(m, c):
        """candidate_award_gwh[c] − hi_c × candidate_awarded[c] ≤ 0   (GWh/yr). Dual ≥ 0."""
        g, z, hi = m.candidate_award_gwh[c], m.candidate_awarded[c], data.candidate_gwh[c][1]
        return logged_combination(g - hi * z, [(1.0, g), (-hi, z)]) <= 0

    def unawarded_capacity(m):
        """Σ_c candidate_award_gwh[c] ≤ scheme_capacity − Σ_awarded award_gwh   (GWh/yr).

        Candidates share what the scheme has not yet awarded. Dual: GWh per GWh/yr (≥ 0).
        """
        if not data.candidates or data.scheme_capacity_gwh is None:
            return pyo.Constraint.Skip
        free = data.scheme_capacity_gwh - sum(awarded.values())
        return plain_sum(m.candidate_award_gwh[c] for c in data.candidates) <= free

    def firm_award_cap(m, f):
        """Σ_{c∈f} candidate_award_gwh[c] ≤ firm_cap_gwh − Σ_{awarded a∈f} award_gwh[a] (GWh/yr).

        A firm's awards together stay within the per-firm cap, so the cap never binds on
        eligible output (no pro-rata cut is needed). Dual ≥ 0.
        """
        mine = candidates_of[f]
        return plain_sum(m.candidate_award_gwh[c] for c in mine) <= data.firm_cap_gwh - held[f]

    for rule, index in (
        (candidate_size_min, m.SIZED_CANDIDATES),
        (candidate_size_max, m.SIZED_CANDIDATES),
        (firm_award_cap, m.CAP_FIRMS),
    ):
        setattr(m, rule.__name__, pyo.Constraint(index, rule=rule, doc=rule.__doc__))
    m.unawarded_capacity = pyo.Constraint(rule=unawarded_capacity, doc=unawarded_capacity.__doc__)


def _previous(ax: AwardIndex, a: str, y: int) -> int | None:
    years = ax.years_of[a]
    i = years.index(y)
    return years[i - 1] if i > 0 else None


def earned_terms(m: pyo.ConcreteModel, a: str, y: int) -> list:
    """rate[a,y] × award_eligible_gwh[a,y] as one (coefficient, variable) term."""
    return [(m.award_rate_musd_per_gwh[a, y], m.award_eligible_gwh[a, y])]


def net_terms(m: pyo.ConcreteModel, ax: AwardIndex, a: str, y: int) -> list:
    """Earned less what is deducted in y: rate × eligible − (D[a,y] − D[a,y−])."""
    terms = earned_terms(m, a, y)
    if (a, y) in m.DEDUCTION_YEARS:
        terms.append((-1.0, m.penalty_deducted_musd[a, y]))
        before = _previous(ax, a, y)
        if before is not None:
            terms.append((1.0, m.penalty_deducted_musd[a, before]))
    return terms


def paid_musd(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex, a: str, y: int):
    """award_paid_musd[a, y] as a linear expression (see FORMULATION.md)."""
    if (a, y) in m.CEILING_YEARS:
        terms = [(1.0, m.ceiling_paid_musd[a, y])]
        before = _previous(ax, a, y)
        if before is not None:
            terms.append((-1.0, m.ceiling_paid_musd[a, before]))
        return weighted_sum(terms)
    return weighted_sum(net_terms(m, ax, a, y))


def _deduction_big_m(data: ModelData, ax: AwardIndex, a: str, y: int) -> float:
    earnable = sum(
        data.award_rate_musd_per_gwh[(a, t)] * size_max(data, a) for t in ax.years_of[a] if t <= y
    )
    penalties = sum(data.award_penalty_musd.get((a, t), 0.0) for t in data.years)
    return data.award_penalty_carried_musd.get(a, 0.0) + penalties + earnable


def _add_milestone_build(
    m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex, idx: ModelIndex
) -> None:
    m.MILESTONE_YEARS = pyo.Set(
        initialize=ax.milestone_years, dimen=2, ordered=True, doc="(a, y) with a penalty rate"
    )
    needs = milestone_need_gwh(data, ax)
    existing: dict[str, float] = {}
    for (p, _v), gwh in data.existing_capacity_gwh.items():
        existing[p] = existing.get(p, 0.0) + gwh

    def milestone_build(m, a, y):
        """Σ_{t≤y} capacity_added_gwh[p,t] ≥ min(permitted[p,y], milestone[a]) − existing[p]
        (GWh/yr).

        An awardee does not choose to stay delayed: it builds towards its milestone as fast as
        its permitted path allows (so the years it is delayed, and the penalties, are data).
        Capacity installed before the horizon counts. Like a commitment, this capacity is the
        awardee's obligation, so ``viability`` does not charge its premium to the support.
        Dual ≤ 0: GWh of output lost per GWh/yr more required.
        """
        p = data.award_plant[a]
        need = needs[(a, y)] - existing.get(p, 0.0)
        if need <= 1e-12:
            return pyo.Constraint.Skip
        return plain_sum(m.capacity_added_gwh[p, t] for t in idx.earlier_years[y]) >= need

    m.milestone_build = pyo.Constraint(
        m.MILESTONE_YEARS, rule=milestone_build, doc=milestone_build.__doc__
    )


def add_penalties(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex, idx: ModelIndex) -> None:
    """Milestone builds, and the deduction of penalties from incentives."""
    _add_milestone_build(m, data, ax, idx)
    m.DEDUCTION_YEARS = pyo.Set(
        initialize=ax.deduction_years, dimen=2, ordered=True, doc="(a, y) earning, penalised"
    )
    m.penalty_deducted_musd = pyo.Var(
        m.DEDUCTION_YEARS,
        domain=pyo.NonNegativeReals,
        doc="Penalties deducted from award a's incentives up to year y, USD million",
    )
    m.deduction_switch = pyo.Var(
        m.DEDUCTION_YEARS, domain=pyo.Binary, doc="1 if all penalties due by y are deducted"
    )
    delayed = set(ax.penalty_years)

    def due(a, y):
        """Π_a + Σ_{t≤y, delayed} penalty[a,t]: penalties due by y, USD million (data)."""
        carried = data.award_penalty_carried_musd.get(a, 0.0)
        return carried + sum(
            data.award_penalty_musd[(a, t)] for t in data.years if t <= y and (a, t) in delayed
        )

    def step(a, y):
        """D[a,y] − D[a,y−] − rate × eligible: what is deducted in y beyond what y earns."""
        terms = [(1.0, m.penalty_deducted_musd[a, y])]
        before = _previous(ax, a, y)
        if before is not None:
            terms.append((-1.0, m.penalty_deducted_musd[a, before]))
        return terms + [(-c, v) for c, v in earned_terms(m, a, y)]

    def deduction_within_incentive(m, a, y):
        """D[a,y] − D[a,y−] − rate[a,y] × award_eligible_gwh[a,y] ≤ 0   (USD million)."""
        return weighted_sum(step(a, y)) <= 0

    def deduction_within_penalty(m, a, y):
        """penalty_deducted_musd[a,y] ≤ penalties due by y   (USD million)."""
        return m.penalty_deducted_musd[a, y] <= due(a, y)

    def deduction_as_due_incentive(m, a, y):
        """D[a,y] − D[a,y−] − rate × eligible + M × deduction_switch[a,y] ≥ 0   (USD million)."""
        big = _deduction_big_m(data, ax, a, y)
        return weighted_sum([*step(a, y), (big, m.deduction_switch[a, y])]) >= 0

    def deduction_as_due_penalty(m, a, y):
        """D[a,y] − M × deduction_switch[a,y] ≥ penalties due by y − M   (USD million)."""
        big = _deduction_big_m(data, ax, a, y)
        terms = [(1.0, m.penalty_deducted_musd[a, y]), (-big, m.deduction_switch[a, y])]
        return weighted_sum(terms) >= due(a, y) - big

    for rule in (
        deduction_within_incentive,
        deduction_within_penalty,
        deduction_as_due_incentive,
        deduction_as_due_penalty,
    ):
        setattr(m, rule.__name__, pyo.Constraint(m.DEDUCTION_YEARS, rule=rule, doc=rule.__doc__))


def add_ceilings(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex) -> None:
    """Cumulative payments within each award's outlay ceiling, paid in full until it is reached."""
    m.CEILING_YEARS = pyo.Set(
        initialize=ax.ceiling_years, dimen=2, ordered=True, doc="(a, y) earning, with a ceiling"
    )
    m.ceiling_paid_musd = pyo.Var(
        m.CEILING_YEARS,
        domain=pyo.NonNegativeReals,
        bounds=lambda m, a, y: (0.0, data.award_ceiling_musd[a]),
        doc="Paid to award a up to year y, USD million (≤ its ceiling)",
    )
    m.ceiling_switch = pyo.Var(
        m.CEILING_YEARS, domain=pyo.Binary, doc="1 if award a has reached its ceiling by y"
    )

    def cumulative_net(a, y):
        """Σ_{t≤y} rate × eligible − D[a,y] (the deductions telescope)."""
        terms = [term for t in ax.years_of[a] if t <= y for term in earned_terms(m, a, t)]
        if (a, y) in m.DEDUCTION_YEARS:
            terms.append((-1.0, m.penalty_deducted_musd[a, y]))
        return terms

    def big_m(a):
        earnable = sum(data.award_rate_musd_per_gwh[(a, t)] for t in ax.years_of[a])
        return data.award_ceiling_musd[a] + earnable * size_max(data, a)

    def ceiling_within_net(m, a, y):
        """Q[a,y] − Σ_{t≤y} net[a,t] ≤ 0   (USD million): never more than is due."""
        terms = [(1.0, m.ceiling_paid_musd[a, y])] + [(-c, v) for c, v in cumulative_net(a, y)]
        return weighted_sum(terms) <= 0

    def ceiling_as_due_net(m, a, y):
        """Q[a,y] − Σ_{t≤y} net[a,t] + M × ceiling_switch[a,y] ≥ 0   (USD million)."""
        terms = [(1.0, m.ceiling_paid_musd[a, y])] + [(-c, v) for c, v in cumulative_net(a, y)]
        return weighted_sum([*terms, (big_m(a), m.ceiling_switch[a, y])]) >= 0

    def ceiling_as_due_limit(m, a, y):
        """Q[a,y] − M × ceiling_switch[a,y] ≥ ceiling[a] − M   (USD million)."""
        big = big_m(a)
        terms = [(1.0, m.ceiling_paid_musd[a, y]), (-big, m.ceiling_switch[a, y])]
        return weighted_sum(terms) >= data.award_ceiling_musd[a] - big

    for rule in (ceiling_within_net, ceiling_as_due_net, ceiling_as_due_limit):
        setattr(m, rule.__name__, pyo.Constraint(m.CEILING_YEARS, rule=rule, doc=rule.__doc__))
