"""Mineral flows and mineral rules: mineral_need, mineral_supply_limit, mineral_use_balance,
source_share_limit.

Suppliers v are sources (Supply sheet), processing routes (their product) and recyclers; flows
run from a supplier to a plant. Sources may also feed processing routes (``processing_feed_t``);
a source's deliveries of form k are its flows plus its feeds of routes taking k.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import members, plain_sum, weighted_sum
from models.indexing import ModelIndex, scrap_share


def need_t_per_gwh(data: ModelData, idx: ModelIndex) -> dict[tuple[str, str, int], float]:
    """(p, k, y) -> intensity(c(p), k) × (1 + scrap share at plant age), t per GWh."""
    return {
        (p, k, y): data.intensity_t_per_gwh[(data.plant_chemistry[p], k)]
        * (1.0 + scrap_share(data, p, y))
        for (p, k, y) in idx.need_rows
    }


def _add_params(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    m.FLOWS = pyo.Set(
        initialize=idx.flows,
        dimen=4,
        ordered=True,
        doc="(v, k, p, y): supplier v offers form k and the chemistry of plant p uses k",
    )
    m.FEEDS = pyo.Set(
        initialize=idx.feeds,
        dimen=3,
        ordered=True,
        doc="(s, r, y): source s offers the feed form of processing route r",
    )
    m.NEED_ROWS = pyo.Set(
        initialize=idx.need_rows, dimen=3, ordered=True, doc="(p, k, y) with intensity > 0"
    )
    m.SUPPLY_ROWS = pyo.Set(
        initialize=idx.supply_rows, dimen=3, ordered=True, doc="(s, k, y), s offers k"
    )
    m.SHARE_ROWS = pyo.Set(
        initialize=idx.share_rows,
        dimen=3,
        ordered=True,
        doc="(s, k, y), s imported and max_source_share[k] < 1",
    )
    m.USE_ROWS = pyo.Set(
        initialize=idx.use_rows,
        dimen=2,
        ordered=True,
        doc="(k, y) with a source_share_limit or group share row: where mineral_use_t exists",
    )
    m.need_t_per_gwh = pyo.Param(
        m.NEED_ROWS,
        initialize=need_t_per_gwh(data, idx),
        doc="intensity(c(p), k) × (1 + scrap share at plant age), t per GWh",
    )
    m.supply_t = pyo.Param(
        m.SUPPLY_ROWS,
        initialize={key: data.supply_t.get(key, 0.0) for key in idx.supply_rows},
        doc="Tonnes source s can deliver of mineral k in year y",
    )
    m.max_source_share = pyo.Param(
        m.MINERALS,
        initialize=dict(data.max_source_share),
        default=1.0,
        doc="Max share of mineral k's yearly use from one imported source (1 = no limit)",
    )


def _add_constraints(m: pyo.ConcreteModel, idx: ModelIndex) -> None:
    flow, output, use = members(m.mineral_flow_t), members(m.output_gwh), members(m.mineral_use_t)
    need = members(m.need_t_per_gwh)

    def mineral_need(m, p, k, y):
        """Σ_v mineral_flow_t[v,k,p,y] − need_t_per_gwh[p,k,y] × output_gwh[p,y] ≥ 0   (t);
        = 0 where (k, y) ∈ EXACT_NEED.

        need = intensity(c(p), k) × (1 + scrap share at plant age y − online_year + 1): every GWh
        of cells needs its minerals, plus what a young plant scraps. Where take-or-pay tonnes
        can reach k in y (EXACT_NEED) a plant receives exactly its need, so that prepaid tonnes
        nobody needs show as unused, not as deliveries; elsewhere every tonne has a price and the
        two forms give the same plans. If no supplier offers k the sum is empty and the row
        forces output_gwh[p,y] = 0. Dual ≤ 0 where it limits output (GWh per t of need).
        """
        flows = idx.flows_by_pky.get((p, k, y), ())
        terms = [(1.0, flow[f]) for f in flows]
        terms.append((-need[p, k, y], output[p, y]))
        if (k, y) in idx.exact_need:
            return weighted_sum(terms) == 0
        return weighted_sum(terms) >= 0

    def mineral_supply_limit(m, s, k, y):
        """Σ_p mineral_flow_t[s,k,p,y] + Σ_r processing_feed_t[s,r,y] ≤ supply_t[s,k,y]   (t).

        A source delivers at most its tonnes per year, to plants and to processing routes that
        take k. Skipped when neither uses k. Dual: GWh per extra tonne from s (≥ 0).
        """
        terms = delivered_terms(m, idx, s, k, y)
        if not terms:
            return pyo.Constraint.Skip
        return plain_sum(terms) <= m.supply_t[s, k, y]

    def mineral_use_balance(m, k, y):
        """mineral_use_t[k,y] − Σ_{v,p} mineral_flow_t[v,k,p,y] − Σ_{s,r} processing_feed_t
        − Σ_s magnet_flow_t[s,k,y] = 0 (t).

        Total use of form k in year y, from every supplier (domestic and recycled included;
        feeds of processing routes taking k and tonnes to magnet makers included), written
        once so that each share row needs one term for it instead of every flow of the
        form-year. Only where a share or group share row exists. Dual: GWh per t; when k is used
        in y it equals max_source_share[k] × Σ_s source_share_limit duals of (k, y), so ≥ 0.
        """
        terms = [(1.0, use[k, y])]
        terms += [(-1.0, flow[f]) for f in idx.flows_by_ky.get((k, y), ())]
        terms += [(-1.0, m.processing_feed_t[z]) for z in idx.feeds_by_ky.get((k, y), ())]
        terms += [(-1.0, m.magnet_flow_t[g]) for g in idx.magnets_by_ky.get((k, y), ())]
        return weighted_sum(terms) == 0

    def source_share_limit(m, s, k, y):
        """Σ_p mineral_flow_t[s,k,p,y] (+ its feeds of routes) − max_source_share[k] ×
        mineral_use_t[k,y] ≤ 0   (t).

        Resilience: no single imported source may supply more than the share of mineral k used
        in year y (domestic and recycled sources are exempt but count in the total, see
        mineral_use_balance). Dual: GWh per t of allowed excess over the share (≥ 0).
        """
        own = delivered_terms(m, idx, s, k, y)
        if not own:
            return pyo.Constraint.Skip
        terms = [(1.0, var) for var in own]
        terms.append((-m.max_source_share[k], m.mineral_use_t[k, y]))
        return weighted_sum(terms) <= 0

    m.mineral_need = pyo.Constraint(m.NEED_ROWS, rule=mineral_need, doc=mineral_need.__doc__)
    m.mineral_supply_limit = pyo.Constraint(
        m.SUPPLY_ROWS, rule=mineral_supply_limit, doc=mineral_supply_limit.__doc__
    )
    m.mineral_use_balance = pyo.Constraint(
        m.USE_ROWS, rule=mineral_use_balance, doc=mineral_use_balance.__doc__
    )
    m.source_share_limit = pyo.Constraint(
        m.SHARE_ROWS, rule=source_share_limit, doc=source_share_limit.__doc__
    )


def delivered_terms(m: pyo.ConcreteModel, idx: ModelIndex, v: str, k: str, y: int) -> list:
    """The variables summing to what supplier v delivers of form k in year y: its flows to
    plants and, for a source, its feeds of processing routes taking k and its tonnes to magnet
    makers."""
    flow = members(m.mineral_flow_t)
    terms = [flow[f] for f in idx.flows_by_sky.get((v, k, y), ())]
    terms += [m.processing_feed_t[z] for z in idx.feeds_by_sky.get((v, k, y), ())]
    if (v, k, y) in m.magnet_flow_t:  # rare earths to magnet makers (models/magnets.py)
        terms.append(m.magnet_flow_t[v, k, y])
    return terms


def add_minerals(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add mineral parameters, the sparse flow variable and the mineral constraints to ``m``."""
    _add_params(m, data, idx)
    m.mineral_flow_t = pyo.Var(
        m.FLOWS,
        domain=pyo.NonNegativeReals,
        doc="Tonnes of form k from supplier v to plant p in year y",
    )
    m.processing_feed_t = pyo.Var(
        m.FEEDS,
        domain=pyo.NonNegativeReals,
        doc="Tonnes of route r's feed form from source s processed by r in year y",
    )
    m.mineral_use_t = pyo.Var(
        m.USE_ROWS,
        domain=pyo.NonNegativeReals,
        doc="Tonnes of mineral k used in year y, all sources (only where a share limit applies)",
    )
    _add_constraints(m, idx)
