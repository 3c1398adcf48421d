"""Capacity, output and the plant-level rules: capacity_limit, capacity_commitment, ramp_up,
min_output, demand_limit.

Capacity installed before the horizon (``existing_capacity_gwh``, by vintage) is data, not a
variable: it counts in the permitted and committed running totals and ramps by its real age, so its
terms are constants moved to the right-hand sides (the rows' duals keep their meaning).
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.existing import existing_producible, installed_before, vintages_by_plant
from models.expr import members, plain_sum, weighted_sum
from models.indexing import ModelIndex, ramp_factor_at


def _add_params(m: pyo.ConcreteModel, data: ModelData) -> None:
    m.EXISTING = pyo.Set(
        initialize=sorted(data.existing_capacity_gwh),
        dimen=2,
        ordered=True,
        doc="(p, v): capacity installed at p in vintage year v before the first planning year",
    )
    m.existing_capacity_gwh = pyo.Param(
        m.EXISTING,
        initialize=dict(data.existing_capacity_gwh),
        doc="Capacity installed at p in year v < first year, GWh/yr",
    )
    m.permitted_capacity_gwh = pyo.Param(
        m.PLANT_YEARS,
        initialize=dict(data.permitted_capacity_gwh),
        default=0.0,
        doc="Cumulative capacity plant p may have installed by year y (phase path), GWh/yr",
    )
    m.COMMITTED = pyo.Set(
        initialize=sorted(data.committed_capacity_gwh),
        dimen=2,
        ordered=True,
        doc="(p, y) with a committed minimum cumulative capacity",
    )
    m.committed_capacity_gwh = pyo.Param(
        m.COMMITTED,
        initialize=dict(data.committed_capacity_gwh),
        doc="Committed minimum cumulative capacity of p by year y, GWh/yr",
    )
    m.MIN_OUTPUT = pyo.Set(
        initialize=sorted(data.min_output_gwh),
        dimen=2,
        ordered=True,
        doc="(p, y) with a minimum output (offtake contract)",
    )
    m.min_output_gwh = pyo.Param(
        m.MIN_OUTPUT, initialize=dict(data.min_output_gwh), doc="Minimum output of p in y, GWh"
    )
    m.DEMAND_YEARS = pyo.Set(
        initialize=sorted(data.demand_gwh), ordered=True, doc="Years with a demand cap"
    )
    m.demand_gwh = pyo.Param(
        m.DEMAND_YEARS, initialize=dict(data.demand_gwh), doc="Cap on total output in y, GWh"
    )


def _add_vars(m: pyo.ConcreteModel) -> None:
    m.capacity_added_gwh = pyo.Var(
        m.PLANT_YEARS,
        domain=pyo.NonNegativeReals,
        doc="Capacity block plant p brings online in year y, GWh/yr",
    )
    m.output_gwh = pyo.Var(
        m.PLANT_YEARS, domain=pyo.NonNegativeReals, doc="Cells made by plant p in year y, GWh"
    )


def _add_constraints(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    before = installed_before(data)
    vintages = vintages_by_plant(data)
    added, output = members(m.capacity_added_gwh), members(m.output_gwh)
    permitted = data.permitted_capacity_gwh

    def capacity_limit(m, p, y):
        """Σ_{t≤y} capacity_added_gwh[p,t] ≤ permitted_capacity_gwh[p,y] − Ē[p]   (GWh/yr).

        A plant can only install what its phase path allows by each year (0 before it comes
        online); the path is a running total that includes Ē[p] = Σ_v existing_capacity_gwh[p,v].
        Dual: GWh of output per GWh/yr of extra permitted capacity in year y (≥ 0).
        """
        total = plain_sum([added[p, t] for t in idx.earlier_years[y]])
        return total <= permitted.get((p, y), 0.0) - before.get(p, 0.0)

    def capacity_commitment(m, p, y):
        """Σ_{t≤y} capacity_added_gwh[p,t] ≥ committed_capacity_gwh[p,y] − Ē[p]   (GWh/yr).

        A firm's commitment to have at least this much installed by year y, existing capacity
        included. Dual ≤ 0 when it binds: GWh of output lost per GWh/yr more committed.
        """
        added = plain_sum(m.capacity_added_gwh[p, t] for t in idx.earlier_years[y])
        return added >= m.committed_capacity_gwh[p, y] - before.get(p, 0.0)

    def ramp_up(m, p, y):
        """output_gwh[p,y] − Σ_{t≤y} r[y−t+1] × capacity_added_gwh[p,t]
        ≤ Σ_v r[y−v+1] × existing_capacity_gwh[p,v]   (GWh).

        A block added in year t produces the share r[1] = ramp_factor[0] of its size in year t,
        r[2] in t+1, … (the last factor repeats): new plants run below nameplate for years. A
        block installed before the horizon ramps by its real age y − v + 1 the same way.
        Dual: GWh of output per GWh of extra producible output in (p, y).
        """
        terms = [(1.0, output[p, y])]
        terms += [(-ramp_factor_at(data, y, t), added[p, t]) for t in idx.earlier_years[y]]
        return weighted_sum(terms) <= existing_producible(data, p, y, vintages)

    def min_output(m, p, y):
        """output_gwh[p,y] ≥ min_output_gwh[p,y]   (GWh).

        An offtake contract; the one rule that can make the model infeasible. Dual ≤ 0.
        """
        return m.output_gwh[p, y] >= m.min_output_gwh[p, y]

    def demand_limit(m, y):
        """Σ_p output_gwh[p,y] ≤ demand_gwh[y]   (GWh).

        Optional cap on what the market takes in year y. Dual: GWh per GWh of demand (≥ 0).
        """
        return plain_sum(m.output_gwh[p, y] for p in data.plants) <= m.demand_gwh[y]

    m.capacity_limit = pyo.Constraint(
        m.PLANT_YEARS, rule=capacity_limit, doc=capacity_limit.__doc__
    )
    m.capacity_commitment = pyo.Constraint(
        m.COMMITTED, rule=capacity_commitment, doc=capacity_commitment.__doc__
    )
    m.ramp_up = pyo.Constraint(m.PLANT_YEARS, rule=ramp_up, doc=ramp_up.__doc__)
    m.min_output = pyo.Constraint(m.MIN_OUTPUT, rule=min_output, doc=min_output.__doc__)
    m.demand_limit = pyo.Constraint(m.DEMAND_YEARS, rule=demand_limit, doc=demand_limit.__doc__)


def add_capacity(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add capacity/output parameters, variables and plant-level constraints to ``m``."""
    _add_params(m, data)
    _add_vars(m)
    _add_constraints(m, data, idx)
