"""Processing routes and recycling: processing_capacity, processing_yield,
recycling_feed_limit, recycling_capacity, recycling_return.

A processing route r turns a feed form bought from sources (spodumene concentrate, flake
graphite, nickel matte) into a product form (lithium chemical, anode graphite, nickel sulphate)
at a location, with a yield and a yearly capacity; its product reaches plants as flows from
supplier r. A recycler c takes plant scrap and end-of-life material and returns the minerals it
recovers as a domestic supplier of each.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import plain_sum, weighted_sum
from models.indexing import ModelIndex, scrap_share


def _add_sets(m: pyo.ConcreteModel, data: ModelData) -> None:
    m.ROUTE_YEARS = pyo.Set(
        initialize=[(r, y) for r in data.routes for y in data.years],
        dimen=2,
        ordered=True,
        doc="(r, y): processing route r in year y",
    )
    m.ROUTES = pyo.Set(initialize=data.routes, ordered=True, doc="R: processing routes")
    m.route_yield = pyo.Param(
        m.ROUTES,
        initialize=dict(data.route_yield),
        doc="Tonnes of product per tonne of feed of route r",
    )
    m.route_capacity_t = pyo.Param(
        m.ROUTE_YEARS,
        initialize=dict(data.route_capacity_t),
        default=0.0,
        doc="Tonnes of feed route r may process in year y",
    )
    m.RECYCLE_FEEDS = pyo.Set(
        initialize=[(c, k, y) for (c, k) in sorted(data.recycling_yield) for y in data.years],
        dimen=3,
        ordered=True,
        doc="(c, k, y): recycler c recovering mineral k in year y",
    )
    m.RECYCLERS = pyo.Set(initialize=data.recyclers, ordered=True, doc="C: recyclers")
    m.RECYCLER_YEARS = pyo.Set(
        initialize=[(c, y) for c in data.recyclers for y in data.years],
        dimen=2,
        ordered=True,
        doc="(c, y): recycler c in year y",
    )
    m.RECYCLED_MINERAL_YEARS = pyo.Set(
        initialize=sorted({(k, y) for (_c, k, y) in m.RECYCLE_FEEDS}),
        dimen=2,
        ordered=True,
        doc="(k, y): a mineral some recycler recovers",
    )
    m.recycling_capacity_t = pyo.Param(
        m.RECYCLER_YEARS,
        initialize=dict(data.recycling_capacity_t),
        default=0.0,
        doc="Tonnes of contained mineral recycler c may take in, year y",
    )
    m.RECYCLE_OFFERS = pyo.Set(
        initialize=sorted(data.recycling_yield),
        dimen=2,
        ordered=True,
        doc="(c, k): recycler c recovers mineral k",
    )
    m.recycling_yield = pyo.Param(
        m.RECYCLE_OFFERS,
        initialize=dict(data.recycling_yield),
        doc="Share of mineral k in its feed that recycler c recovers",
    )
    m.end_of_life_t = pyo.Param(
        m.RECYCLED_MINERAL_YEARS,
        initialize={key: data.end_of_life_t.get(key, 0.0) for key in m.RECYCLED_MINERAL_YEARS},
        doc="Tonnes of mineral k in end-of-life batteries collected in India in y",
    )


def _processing_rules(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    def processing_capacity(m, r, y):
        """Σ_s processing_feed_t[s,r,y] ≤ route_capacity_t[r,y]   (t of feed).

        What a refinery, converter or spheronisation plant can take in a year. Skipped when
        no source offers the feed. Dual: GWh per t/yr of capacity (≥ 0).
        """
        feeds = idx.feeds_by_ry.get((r, y))
        if not feeds:
            return pyo.Constraint.Skip
        return plain_sum(m.processing_feed_t[z] for z in feeds) <= m.route_capacity_t[r, y]

    def processing_yield(m, r, y):
        """Σ_p mineral_flow_t[r,k,p,y] − route_yield[r] × Σ_s processing_feed_t[s,r,y] = 0 (t).

        Product delivered = yield × feed (k the product form): a tonne of product needs
        1/yield tonnes of feed. Skipped when no plant uses the product. Dual: GWh per t of
        product made without feed.
        """
        k = data.route_product[r]
        flows = idx.flows_by_sky.get((r, k, y))
        if not flows:
            return pyo.Constraint.Skip
        terms = [(1.0, m.mineral_flow_t[f]) for f in flows]
        terms += [
            (-m.route_yield[r], m.processing_feed_t[z]) for z in idx.feeds_by_ry.get((r, y), ())
        ]
        return weighted_sum(terms) == 0

    m.processing_capacity = pyo.Constraint(
        m.ROUTE_YEARS, rule=processing_capacity, doc=processing_capacity.__doc__
    )
    m.processing_yield = pyo.Constraint(
        m.ROUTE_YEARS, rule=processing_yield, doc=processing_yield.__doc__
    )


def _scrap_terms(m: pyo.ConcreteModel, data: ModelData, k: str, y: int) -> list:
    """(−intensity × scrap share, output) of every plant whose chemistry uses k."""
    terms = []
    for p in data.plants:
        i = data.intensity_t_per_gwh.get((data.plant_chemistry[p], k), 0.0)
        if i > 0:
            terms.append((-i * scrap_share(data, p, y), m.output_gwh[p, y]))
    return terms


def _recycling_rules(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    def recycling_feed_limit(m, k, y):
        """Σ_c recycling_feed_t[c,k,y] − Σ_p i[c(p),k] q[a(p,y)] output_gwh[p,y]
        ≤ end_of_life_t[k,y]   (t).

        Recyclers take at most the plants' scrap of k that year (the scrap share of need) plus
        the end-of-life tonnes collected. Dual: GWh per t of end-of-life material (≥ 0).
        """
        terms = [
            (1.0, m.recycling_feed_t[c, k, y])
            for c in data.recyclers
            if (c, k) in data.recycling_yield
        ]
        return weighted_sum(terms + _scrap_terms(m, data, k, y)) <= m.end_of_life_t[k, y]

    def recycling_capacity(m, c, y):
        """Σ_k recycling_feed_t[c,k,y] ≤ recycling_capacity_t[c,y]   (t of contained mineral).

        Dual: GWh per t/yr of recycling capacity (≥ 0).
        """
        feeds = [m.recycling_feed_t[c, k, y] for (cc, k) in sorted(data.recycling_yield) if cc == c]
        return plain_sum(feeds) <= m.recycling_capacity_t[c, y]

    def recycling_return(m, c, k, y):
        """Σ_p mineral_flow_t[c,k,p,y] − recycling_yield[c,k] × recycling_feed_t[c,k,y] = 0 (t).

        What a recycler delivers is what it recovers. Skipped when no plant uses k. Dual: GWh
        per t recovered without feed.
        """
        flows = idx.flows_by_sky.get((c, k, y))
        if not flows:
            return pyo.Constraint.Skip
        terms = [(1.0, m.mineral_flow_t[f]) for f in flows]
        terms.append((-m.recycling_yield[c, k], m.recycling_feed_t[c, k, y]))
        return weighted_sum(terms) == 0

    m.recycling_feed_limit = pyo.Constraint(
        m.RECYCLED_MINERAL_YEARS, rule=recycling_feed_limit, doc=recycling_feed_limit.__doc__
    )
    m.recycling_capacity = pyo.Constraint(
        m.RECYCLER_YEARS, rule=recycling_capacity, doc=recycling_capacity.__doc__
    )
    m.recycling_return = pyo.Constraint(
        m.RECYCLE_FEEDS, rule=recycling_return, doc=recycling_return.__doc__
    )


def add_processing(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add processing routes and recyclers (parameters, recycling feed, rules) to ``m``."""
    _add_sets(m, data)
    m.recycling_feed_t = pyo.Var(
        m.RECYCLE_FEEDS,
        domain=pyo.NonNegativeReals,
        doc="Tonnes of mineral k (plant scrap and end of life) fed to recycler c in year y",
    )
    _processing_rules(m, data, idx)
    _recycling_rules(m, data, idx)
