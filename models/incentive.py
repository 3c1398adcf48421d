"""Incentive-eligible output and the scheme's rules: eligible_within_output, firm_incentive_cap,
incentive_budget, annual_disbursement_limit; the expression plant_support_musd (read by
:mod:`models.viability`)."""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import plain_sum, weighted_sum
from models.indexing import ModelIndex


def _add_params(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    m.ELIGIBLE = pyo.Set(
        initialize=idx.eligible,
        dimen=2,
        ordered=True,
        doc="(p, y) with incentive rate > 0 and award > 0",
    )
    m.DISBURSEMENT_YEARS = pyo.Set(
        initialize=sorted(data.annual_budget_musd), ordered=True, doc="Years with a payment limit"
    )
    m.incentive_rate_musd_per_gwh = pyo.Param(
        m.PLANT_YEARS,
        initialize=dict(data.incentive_rate_musd_per_gwh),
        default=0.0,
        doc="Incentive per GWh of eligible output, USD million/GWh (= USD/kWh)",
    )
    m.award_gwh = pyo.Param(
        m.PLANTS,
        initialize=dict(data.award_gwh),
        default=0.0,
        doc="Awarded incentive capacity of p, GWh of eligible output per year",
    )
    m.firm_cap_gwh = pyo.Param(
        m.FIRMS,
        initialize={
            f: min(data.firm_cap_gwh, sum(data.award_gwh.get(p, 0.0) for p in plants))
            for f, plants in idx.plants_by_firm.items()
        },
        doc="min(scheme cap per firm-year, Σ awards of the firm's plants), GWh",
    )
    m.budget_musd = pyo.Param(initialize=data.budget_musd, doc="Total incentive budget, USD m")
    m.annual_budget_musd = pyo.Param(
        m.DISBURSEMENT_YEARS,
        initialize=dict(data.annual_budget_musd),
        doc="Limit on incentive paid in year y, USD million",
    )


def _eligible_bounds(m, p, y):
    return (0.0, m.award_gwh[p])


def _add_support(m: pyo.ConcreteModel) -> None:
    """``plant_support_musd[p, y]``: incentive to plant p for year y, USD million.

    rate[p,y] × eligible_output_gwh[p,y] over ELIGIBLE. A name for what plant p is paid for year
    y, for families that sum a plant's support (e.g. over its window) without restating the rule.
    """

    def support(m, p, y):
        return m.incentive_rate_musd_per_gwh[p, y] * m.eligible_output_gwh[p, y]

    m.plant_support_musd = pyo.Expression(
        m.ELIGIBLE, rule=support, doc="Incentive to p for year y, USD million (rate × eligible)"
    )


def _add_constraints(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    rate = m.incentive_rate_musd_per_gwh

    def eligible_within_output(m, p, y):
        """eligible_output_gwh[p,y] − output_gwh[p,y] ≤ 0   (GWh).

        Only cells actually made and sold earn the incentive. Dual ≥ 0.
        """
        return m.eligible_output_gwh[p, y] - m.output_gwh[p, y] <= 0

    def firm_incentive_cap(m, f, y):
        """Σ_{p∈f} eligible_output_gwh[p,y] ≤ firm_cap_gwh[f]   (GWh).

        The scheme pays on at most 20 GWh per beneficiary-year, and never above the firm's
        awards. Skipped when the firm has no eligible plant-year in y. Dual ≥ 0.
        """
        terms = idx.eligible_by_fy.get((f, y))
        if not terms:
            return pyo.Constraint.Skip
        return plain_sum(m.eligible_output_gwh[e] for e in terms) <= m.firm_cap_gwh[f]

    def incentive_budget(m):
        """Σ_{p,y} rate[p,y] × eligible_output_gwh[p,y] ≤ budget_musd   (USD million).

        The scheme's total outlay. Dual: GWh of output per extra USD million (≥ 0).
        """
        if not idx.eligible:
            return pyo.Constraint.Skip
        paid = weighted_sum((rate[e], m.eligible_output_gwh[e]) for e in idx.eligible)
        return paid <= m.budget_musd

    def annual_disbursement_limit(m, y):
        """Σ_p rate[p,y] × eligible_output_gwh[p,y] ≤ annual_budget_musd[y]   (USD million).

        Optional limit on what the budget line can pay in one year. Dual: GWh per USD m (≥ 0).
        """
        terms = idx.eligible_by_y.get(y)
        if not terms:
            return pyo.Constraint.Skip
        paid = weighted_sum((rate[e], m.eligible_output_gwh[e]) for e in terms)
        return paid <= m.annual_budget_musd[y]

    m.eligible_within_output = pyo.Constraint(
        m.ELIGIBLE, rule=eligible_within_output, doc=eligible_within_output.__doc__
    )
    m.firm_incentive_cap = pyo.Constraint(
        m.FIRMS, m.YEARS, rule=firm_incentive_cap, doc=firm_incentive_cap.__doc__
    )
    m.incentive_budget = pyo.Constraint(rule=incentive_budget, doc=incentive_budget.__doc__)
    m.annual_disbursement_limit = pyo.Constraint(
        m.DISBURSEMENT_YEARS, rule=annual_disbursement_limit, doc=annual_disbursement_limit.__doc__
    )


def add_incentive(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add incentive parameters, the eligible-output variable and the scheme's constraints."""
    _add_params(m, data, idx)
    m.eligible_output_gwh = pyo.Var(
        m.ELIGIBLE,
        domain=pyo.NonNegativeReals,
        bounds=_eligible_bounds,
        doc="Output of p in y that earns the incentive, GWh (≤ award_gwh[p])",
    )
    _add_support(m)
    _add_constraints(m, data, idx)
