"""What the scheme owes for the plan's output, and the limits on it.

Each award earns rate × eligible output, where eligible output is exactly what the scheme counts:
a plant's output is counted against its awards in order (its stack), each up to its size
(``claim_all_output``, ``claim_full_award`` with 0/1 switches make "exactly", not "at most").
What is paid (``award_paid_musd``) is that, less penalties deducted as the scheme deducts them,
within any outlay ceiling (:mod:`models.scheme`). The budget limits what is paid, so the plan
can never promise less than the scheme owes. ``plant_support_musd`` is what a plant is paid for
a year, read by :mod:`models.viability`. Equations: models/FORMULATION.md.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import logged_combination, plain_sum, weighted_sum
from models.indexing import ModelIndex
from models.scheme import add_candidates, add_ceilings, add_penalties, paid_musd
from models.scheme_index import AwardIndex, make_award_index, size_max


def _add_sets_params(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex) -> None:
    m.AWARDS = pyo.Set(initialize=data.awards, ordered=True, doc="A: awards and candidates")
    m.AWARD_YEARS = pyo.Set(
        initialize=ax.award_years, dimen=2, ordered=True, doc="(a, y) where award a earns"
    )
    m.ELIGIBLE = pyo.Set(
        initialize=ax.eligible, dimen=2, ordered=True, doc="(p, y) where some award of p earns"
    )
    m.CLAIM_SWITCHES = pyo.Set(
        initialize=ax.switches, dimen=2, ordered=True, doc="(a, y) whose claim needs a switch"
    )
    m.DISBURSEMENT_YEARS = pyo.Set(
        initialize=sorted(data.annual_budget_musd), ordered=True, doc="Years with a payment limit"
    )
    m.award_rate_musd_per_gwh = pyo.Param(
        m.AWARD_YEARS,
        initialize={ay: data.award_rate_musd_per_gwh[ay] for ay in ax.award_years},
        doc="Incentive per GWh of eligible output of award a in y, USD million/GWh",
    )
    m.award_gwh = pyo.Param(
        m.AWARDS,
        initialize={a: size_max(data, a) for a in data.awards},
        doc="Award size (candidates: the largest they accept), GWh of eligible output a year",
    )
    m.budget_musd = pyo.Param(
        initialize=data.budget_musd, mutable=True, doc="Total incentive budget, USD m"
    )
    m.annual_budget_musd = pyo.Param(
        m.DISBURSEMENT_YEARS,
        initialize=dict(data.annual_budget_musd),
        doc="Limit on incentive paid in year y, USD million",
    )


def _add_vars(m: pyo.ConcreteModel, data: ModelData) -> None:
    def bounds(m, a, y):
        # a candidate's e is limited by eligible_within_award (e ≤ g), which then gets the dual
        return (0.0, None if a in data.candidate_gwh else data.award_gwh[a])

    m.award_eligible_gwh = pyo.Var(
        m.AWARD_YEARS,
        domain=pyo.NonNegativeReals,
        bounds=bounds,
        doc="Output of the plant in y counted for award a, GWh (≤ its size)",
    )
    m.claim_switch = pyo.Var(
        m.CLAIM_SWITCHES,
        domain=pyo.Binary,
        doc="1 if the plant's output fills its stack of awards through a in y",
    )


def _size(m: pyo.ConcreteModel, data: ModelData, a: str) -> tuple[float, list]:
    """Award a's size as (constant, [(coefficient, variable)]): w_a, or 1 × g_a for a candidate."""
    if a in data.candidate_gwh:
        return 0.0, [(1.0, m.candidate_award_gwh[a])]
    return data.award_gwh[a], []


def _add_claims(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex) -> None:
    def through(a, y):
        """(awards of the stack up to and including a, their fixed size, their size terms)."""
        awards = ax.stack[(data.award_plant[a], y)]
        upto = awards[: awards.index(a) + 1]
        fixed, terms = 0.0, []
        for j in upto:
            const, var = _size(m, data, j)
            fixed, terms = fixed + const, terms + var
        return upto, fixed, terms

    def big_m(a, y):
        return ax.output_bound_gwh[data.award_plant[a]] + sum(
            size_max(data, j) for j in through(a, y)[0]
        )

    def eligible_within_output(m, p, y):
        """Σ_{a∈stack(p,y)} award_eligible_gwh[a,y] − output_gwh[p,y] ≤ 0   (GWh).

        Only cells made and sold earn the incentive. Dual ≥ 0.
        """
        terms = [m.award_eligible_gwh[a, y] for a in ax.stack[(p, y)]]
        parts = [(1.0, v) for v in terms] + [(-1.0, m.output_gwh[p, y])]
        return logged_combination(plain_sum(terms) - m.output_gwh[p, y], parts) <= 0

    def eligible_within_award(m, a, y):
        """award_eligible_gwh[a,y] − candidate_award_gwh[a] ≤ 0   (GWh), candidates only.

        A candidate earns on at most the size it is awarded (an award's own size is a bound).
        """
        if a not in data.candidate_gwh:
            return pyo.Constraint.Skip
        e, g = m.award_eligible_gwh[a, y], m.candidate_award_gwh[a]
        return logged_combination(e - g, [(1.0, e), (-1.0, g)]) <= 0

    def claim_all_output(m, a, y):
        """Σ_{j≤a} award_eligible_gwh[j,y] − output_gwh[p,y] + M × claim_switch[a,y] ≥ 0  (GWh).

        With the switch at 0, every GWh the plant makes counts against its awards through a
        (so the scheme is never owed for output the plan leaves unclaimed). Dual ≤ 0.
        """
        upto = through(a, y)[0]
        terms = [(1.0, m.award_eligible_gwh[j, y]) for j in upto]
        terms.append((-1.0, m.output_gwh[data.award_plant[a], y]))
        if (a, y) in m.CLAIM_SWITCHES:
            terms.append((big_m(a, y), m.claim_switch[a, y]))
        return weighted_sum(terms) >= 0

    def claim_full_award(m, a, y):
        """Σ_{j≤a} award_eligible_gwh[j,y] − Σ_{j≤a} size_j − M × claim_switch[a,y] ≥ −M  (GWh).

        With the switch at 1, the awards through a are claimed in full. Together with
        claim_all_output: Σ_{j≤a} eligible = min(output, Σ_{j≤a} size). Dual ≤ 0.
        """
        upto, fixed, size_terms = through(a, y)
        terms = [(1.0, m.award_eligible_gwh[j, y]) for j in upto]
        terms += [(-c, v) for c, v in size_terms]
        terms.append((-big_m(a, y), m.claim_switch[a, y]))
        return weighted_sum(terms) >= fixed - big_m(a, y)

    m.eligible_within_output = pyo.Constraint(
        m.ELIGIBLE, rule=eligible_within_output, doc=eligible_within_output.__doc__
    )
    m.eligible_within_award = pyo.Constraint(
        m.AWARD_YEARS, rule=eligible_within_award, doc=eligible_within_award.__doc__
    )
    m.claim_all_output = pyo.Constraint(
        m.AWARD_YEARS, rule=claim_all_output, doc=claim_all_output.__doc__
    )
    m.claim_full_award = pyo.Constraint(
        m.CLAIM_SWITCHES, rule=claim_full_award, doc=claim_full_award.__doc__
    )


def _add_payment_limits(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex) -> None:
    by_year: dict[int, list] = {}
    for a, y in ax.award_years:
        by_year.setdefault(y, []).append(a)

    def incentive_budget(m):
        """Σ_{a,y} award_paid_musd[a,y] ≤ budget_musd   (USD million).

        The scheme's outlay limits what the plan owes, not what it chooses to pay. Dual: GWh of
        output per extra USD million (≥ 0), with the 0/1 decisions held.
        """
        if not ax.award_years:
            return pyo.Constraint.Skip
        paid = [m.award_paid_musd[ay] for ay in ax.award_years]
        return logged_combination(sum(paid), [(1.0, e) for e in paid]) <= m.budget_musd

    def annual_disbursement_limit(m, y):
        """Σ_a award_paid_musd[a,y] ≤ annual_budget_musd[y]   (USD million).

        Optional limit on what the budget line can pay in one year. Dual: GWh per USD m (≥ 0).
        """
        if y not in by_year:
            return pyo.Constraint.Skip
        paid = [m.award_paid_musd[a, y] for a in by_year[y]]
        total = logged_combination(sum(paid), [(1.0, e) for e in paid])
        return total <= m.annual_budget_musd[y]

    m.incentive_budget = pyo.Constraint(rule=incentive_budget, doc=incentive_budget.__doc__)
    m.annual_disbursement_limit = pyo.Constraint(
        m.DISBURSEMENT_YEARS, rule=annual_disbursement_limit, doc=annual_disbursement_limit.__doc__
    )


def _add_support(m: pyo.ConcreteModel, data: ModelData, ax: AwardIndex) -> None:
    """``award_paid_musd[a, y]`` and ``plant_support_musd[p, y]`` (USD million, after penalties).

    ELIGIBLE here equals ``ModelIndex.eligible`` (the (p, y) the viability rows read).
    """
    paid = {ay: paid_musd(m, data, ax, *ay) for ay in ax.award_years}
    m.award_paid_musd = pyo.Expression(
        m.AWARD_YEARS,
        initialize=paid,
        doc="Paid to award a for year y: rate × eligible, less deductions, within its ceiling",
    )

    def support(m, p, y):
        paid = [m.award_paid_musd[a, y] for a in ax.stack[(p, y)]]
        return logged_combination(sum(paid), [(1.0, e) for e in paid])

    m.plant_support_musd = pyo.Expression(
        m.ELIGIBLE, rule=support, doc="Owed to plant p for year y, USD million, after penalties"
    )


def add_incentive(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add the awards, what each is owed and paid, and the scheme's limits to ``m``."""
    ax = make_award_index(data)
    m.award_index = ax  # read by the objective and the solver (not a Pyomo component)
    _add_sets_params(m, data, ax)
    _add_vars(m, data)
    add_candidates(m, data, ax)
    _add_claims(m, data, ax)
    add_penalties(m, data, ax, idx)
    add_ceilings(m, data, ax)
    _add_support(m, data, ax)
    _add_payment_limits(m, data, ax)
