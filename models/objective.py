"""The two objectives and the stage-2 link: total_output_gwh, total_cost_musd, output_floor."""

from __future__ import annotations

import pyomo.environ as pyo

from models.costs import offtake_fixed_musd  # noqa: F401  (its home until 26 Nov)
from models.data import ModelData
from models.expr import logged_combination, members, plain_sum, weighted_sum
from models.goal_rows import add_goals, max_form
from models.indexing import ModelIndex
from models.units import USD_TO_MUSD


def _chain_terms(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> list:
    """Cost terms of processing feed, recycling feed, the take-or-pay refund and rare earths
    for magnet makers."""
    m.route_cost_usd_per_t = pyo.Param(
        m.ROUTES,
        initialize=dict(data.route_cost_usd_per_t),
        default=0.0,
        doc="Processing cost of route r, USD per tonne of feed",
    )
    m.recycling_cost_usd_per_t = pyo.Param(
        m.RECYCLERS,
        initialize=dict(data.recycling_cost_usd_per_t),
        default=0.0,
        doc="Recycling cost of c, USD per tonne of contained mineral fed",
    )
    feed = data.route_feed
    terms = [
        (
            (m.price_usd_per_t[s, feed[r]] + m.route_cost_usd_per_t[r]) * USD_TO_MUSD,
            m.processing_feed_t[s, r, y],
        )
        for (s, r, y) in idx.feeds
    ]
    terms += [
        (m.recycling_cost_usd_per_t[c] * USD_TO_MUSD, m.recycling_feed_t[c, k, y])
        for (c, k, y) in m.RECYCLE_FEEDS
    ]
    terms += [
        (-m.price_usd_per_t[s, k] * USD_TO_MUSD, m.offtake_used_t[s, k, y])
        for (s, k, y) in m.OFFTAKE
    ]
    terms += [  # rare earths bought for magnet makers (models/magnets.py)
        (m.price_usd_per_t[s, k] * USD_TO_MUSD, m.magnet_flow_t[s, k, y])
        for (s, k, y) in m.MAGNET_FLOWS
    ]
    return terms


def add_objectives(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add ``total_output_gwh`` (active), ``total_cost_musd`` (inactive) and ``output_floor``.

    Stage 1 maximises total output. Stage 2 (run by :func:`models.solve.solve`) sets
    the floor row to the stage-1 optimum (see ``models/FORMULATION.md``), swaps the objectives and
    minimises cost, so that among equally productive plans the cheapest is returned.
    """
    m.price_usd_per_t = pyo.Param(
        m.SOURCES,
        m.MINERALS,
        initialize=dict(data.price_usd_per_t),
        default=0.0,
        doc="Delivered price of mineral k from source s, USD per tonne",
    )
    m.capex_musd_per_gwh = pyo.Param(
        m.PLANTS,
        initialize=dict(data.capex_musd_per_gwh),
        default=0.0,
        doc="Capital cost of capacity at p, USD million per GWh/yr",
    )
    m.output_floor_gwh = pyo.Param(
        mutable=True,
        initialize=0.0,
        doc="Stage 2: the total output to hold (the stage-1 optimum), GWh; 0 in stage 1",
    )
    m.total_output_gwh = pyo.Objective(
        expr=plain_sum(members(m.output_gwh).values()),
        sense=pyo.maximize,
        doc="Stage 1: total cell output over the horizon, GWh (maximise)",
    )
    price, flow, added = (
        data.price_usd_per_t,
        members(m.mineral_flow_t),
        members(m.capacity_added_gwh),
    )
    terms = [
        (price[f[:2]] * USD_TO_MUSD, flow[f])
        for f in idx.flows
        if f[:2] in price  # routes and recyclers: paid for at their feed
    ]
    capex = data.capex_musd_per_gwh
    terms += [(capex.get(p, 0.0), added[p, y]) for p in data.plants for y in data.years]
    terms += _chain_terms(m, data, idx)
    paid = [m.award_paid_musd[ay] for ay in m.AWARD_YEARS]
    bought = weighted_sum(terms)
    parts = [(1.0, e) for e in paid] + [(1.0, bought)]  # Pyomo puts `bought` after the sum
    m.total_cost_musd = pyo.Objective(
        expr=logged_combination(bought + sum(paid), parts),
        sense=pyo.minimize,
        doc="Stage 2: incentive owed + mineral purchases + capex + processing and recycling "
        "− market value of take-or-pay tonnes used, USD million (minimise; the fixed "
        "take-or-pay payment is added to the reported cost, see offtake_fixed_musd)",
    )
    m.total_cost_musd.deactivate()

    def output_floor(m):
        """J(x) ≥ output_floor_gwh   (unit of J; GWh for the default objective).

        J is the stage-1 objective in maximise form (:func:`models.goal_rows.max_form`: Σ output by
        default, the incentive negated for least_incentive). Stage 2 keeps the stage-1 optimum
        while it minimises cost. In stage 1 the floor is −∞ in effect (see solve) and the row
        never binds.
        """
        return max_form(m, data, idx) >= m.output_floor_gwh

    add_goals(m, data, idx)
    m.output_floor = pyo.Constraint(rule=output_floor, doc=output_floor.__doc__)
