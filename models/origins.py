"""Origin groups, export licences and take-or-pay offtake: group_share_cap, group_share_floor,
export_licence_limit, offtake_within_delivery.

A supplier's country is a source's origin, a processing route's location (its product is made
there) or India for a recycler. A supplier delivers a form k as flows to plants and, for a
source, as feed of processing routes taking k (``models.minerals.delivered_terms``).
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import plain_sum, weighted_sum
from models.indexing import ModelIndex, offers
from models.minerals import delivered_terms


def suppliers_by_form(data: ModelData) -> dict[str, list[str]]:
    """k -> suppliers offering form k (sources, routes, recyclers), sorted."""
    out: dict[str, list[str]] = defaultdict(list)
    for v, k in offers(data):
        out[k].append(v)
    return dict(out)


def group_members(data: ModelData, g: str, k: str) -> list[str]:
    """Suppliers of form k whose country belongs to group g."""
    countries = set(data.group_countries.get(g, ()))
    return [v for v in suppliers_by_form(data).get(k, ()) if data.country(v) in countries]


def _group_terms(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex, g, k, y) -> list:
    return [var for v in group_members(data, g, k) for var in delivered_terms(m, idx, v, k, y)]


def _licence_terms(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex, o, k, y) -> list:
    """Deliveries of form k leaving country o: flows to plants and magnet makers from
    suppliers in o, and feeds of routes located elsewhere (feed processed inside o never
    leaves it)."""
    terms = []
    for v in suppliers_by_form(data).get(k, ()):
        if data.country(v) != o:
            continue
        terms += [m.mineral_flow_t[f] for f in idx.flows_by_sky.get((v, k, y), ())]
        terms += [
            m.processing_feed_t[z]
            for z in idx.feeds_by_sky.get((v, k, y), ())
            if data.route_location[z[1]] != o
        ]
        if (v, k, y) in m.magnet_flow_t:
            terms.append(m.magnet_flow_t[v, k, y])
    return terms


def _add_sets(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    used = set(idx.use_rows)
    m.GROUP_CAP_ROWS = pyo.Set(
        initialize=sorted(key for key in data.group_max_share if key[1:] in used),
        dimen=3,
        ordered=True,
        doc="(g, k, y) with a group share cap on a form delivered in y",
    )
    m.GROUP_FLOOR_ROWS = pyo.Set(
        initialize=sorted(key for key in data.group_min_share if key[1:] in used),
        dimen=3,
        ordered=True,
        doc="(g, k, y) with a group share floor on a form delivered in y",
    )
    m.group_max_share = pyo.Param(
        m.GROUP_CAP_ROWS,
        initialize={k: data.group_max_share[k] for k in m.GROUP_CAP_ROWS},
        doc="Most of the use of k in y from group g's suppliers, share",
    )
    m.group_min_share = pyo.Param(
        m.GROUP_FLOOR_ROWS,
        initialize={k: data.group_min_share[k] for k in m.GROUP_FLOOR_ROWS},
        doc="Least of the use of k in y from group g's suppliers, share",
    )
    m.LICENCE_ROWS = pyo.Set(
        initialize=sorted(data.licence_t), dimen=3, ordered=True, doc="(o, k, y) with a licence"
    )
    m.licence_t = pyo.Param(
        m.LICENCE_ROWS,
        initialize=dict(data.licence_t),
        doc="Most tonnes of form k leaving origin o for India in y (export licences)",
    )
    m.OFFTAKE = pyo.Set(
        initialize=sorted(key for key, t in data.offtake_t.items() if t > 0),
        dimen=3,
        ordered=True,
        doc="(s, k, y) with take-or-pay tonnes",
    )
    m.offtake_t = pyo.Param(
        m.OFFTAKE,
        initialize={key: data.offtake_t[key] for key in m.OFFTAKE},
        doc="Take-or-pay tonnes of k from s in y, paid whether delivered or not",
    )


def _add_constraints(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    def group_share_cap(m, g, k, y):
        """Σ_{v∈g} delivered[v,k,y] − group_max_share[g,k,y] × mineral_use_t[k,y] ≤ 0   (t).

        At most that share of the year's use of form k from suppliers whose country is in
        group g ("at most 40 % of anode graphite from China"). Skipped when no supplier of
        the group offers k. Dual: GWh per t of allowed excess over the share (≥ 0).
        """
        own = _group_terms(m, data, idx, g, k, y)
        if not own:
            return pyo.Constraint.Skip
        terms = [(1.0, var) for var in own]
        terms.append((-m.group_max_share[g, k, y], m.mineral_use_t[k, y]))
        return weighted_sum(terms) <= 0

    def group_share_floor(m, g, k, y):
        """Σ_{v∈g} delivered[v,k,y] − group_min_share[g,k,y] × mineral_use_t[k,y] ≥ 0   (t).

        At least that share of the year's use of form k from group g ("at least 20 % of
        lithium from partners"). With no supplier of the group offering k the row forces the
        use of k to 0. Dual ≤ 0 where it costs output (GWh per t of required group tonnes).
        """
        terms = [(1.0, var) for var in _group_terms(m, data, idx, g, k, y)]
        terms.append((-m.group_min_share[g, k, y], m.mineral_use_t[k, y]))
        return weighted_sum(terms) >= 0

    def export_licence_limit(m, o, k, y):
        """Σ deliveries of k leaving country o in y ≤ licence_t[o,k,y]   (t).

        Export licences (China's on graphite forms, for instance) cap a form from an origin,
        whichever of its suppliers ships it. Skipped when no supplier in o offers k.
        Dual: GWh per t of licence (≥ 0).
        """
        terms = _licence_terms(m, data, idx, o, k, y)
        if not terms:
            return pyo.Constraint.Skip
        return plain_sum(terms) <= m.licence_t[o, k, y]

    def offtake_within_delivery(m, s, k, y):
        """offtake_used_t[s,k,y] − delivered[s,k,y] ≤ 0   (t).

        Prepaid (take-or-pay) tonnes count as used only when delivered; the variable's upper
        bound is offtake_t. Cost only (stage 2 refunds the market price of used tonnes, see
        total_cost_musd); never limits output, so its stage-1 dual is 0.
        """
        terms = [(1.0, m.offtake_used_t[s, k, y])]
        terms += [(-1.0, var) for var in delivered_terms(m, idx, s, k, y)]
        return weighted_sum(terms) <= 0

    m.group_share_cap = pyo.Constraint(
        m.GROUP_CAP_ROWS, rule=group_share_cap, doc=group_share_cap.__doc__
    )
    m.group_share_floor = pyo.Constraint(
        m.GROUP_FLOOR_ROWS, rule=group_share_floor, doc=group_share_floor.__doc__
    )
    m.export_licence_limit = pyo.Constraint(
        m.LICENCE_ROWS, rule=export_licence_limit, doc=export_licence_limit.__doc__
    )
    m.offtake_within_delivery = pyo.Constraint(
        m.OFFTAKE, rule=offtake_within_delivery, doc=offtake_within_delivery.__doc__
    )


def add_origins(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add origin-group shares, export licences and take-or-pay offtake to ``m``."""
    _add_sets(m, data, idx)
    m.offtake_used_t = pyo.Var(
        m.OFFTAKE,
        domain=pyo.NonNegativeReals,
        bounds=lambda m, s, k, y: (0.0, m.offtake_t[s, k, y]),
        doc="Take-or-pay tonnes of k from s delivered in y (≤ offtake_t)",
    )
    _add_constraints(m, data, idx)
