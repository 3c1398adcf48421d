"""Plants that need the incentive to be viable: viability, operating_gap_cover.

A plant that costs more than imports builds a block only if its incentive covers the block's
capital premium (sunk once, when it is built), and makes a GWh only if, in that year, its
incentive covers the operating cost above import parity. Output is never charged the capital
premium again, so a plant keeps producing after its window closes when it has no operating gap,
and a block is never built for one year of output. The support read here is
``plant_support_musd`` (:mod:`models.incentive`), so what a plant-year is paid is defined once.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.block_sizes import required_by_plant
from models.data import ModelData
from models.existing import installed_before
from models.expr import logged_combination, weighted_sum
from models.indexing import ModelIndex
from models.pledges import committed_new_capacity, support_weight, viable_plants


def _add_params(m: pyo.ConcreteModel, data: ModelData) -> None:
    m.VIABLE_PLANTS = pyo.Set(
        initialize=viable_plants(data), ordered=True, doc="Plants with a premium or operating gap"
    )
    m.OPERATING_GAP_ROWS = pyo.Set(
        initialize=[
            (p, y)
            for p in data.plants
            if data.operating_gap_musd_per_gwh.get(p, 0.0) > 0
            for y in data.years
        ],
        dimen=2,
        ordered=True,
        doc="(p, y) for plants with an operating gap > 0, every year",
    )
    m.capital_premium_musd_per_gwh = pyo.Param(
        m.PLANTS,
        initialize=dict(data.capital_premium_musd_per_gwh),
        default=0.0,
        doc="Capital cost of new capacity at p above import parity, USD million per GWh/yr",
    )
    m.operating_gap_musd_per_gwh = pyo.Param(
        m.PLANTS,
        initialize=dict(data.operating_gap_musd_per_gwh),
        default=0.0,
        doc="Operating cost of p above import parity, USD million per GWh (= USD/kWh)",
    )


def _add_constraints(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    eligible = set(idx.eligible)
    required, installed = required_by_plant(data), installed_before(data)

    def viability(m, p):
        """Σ_t P[p] x[p,t] + Σ_y h[p] ω[p,y] out[p,y] − Σ_{y:(p,y)∈E} ω[p,y] S[p,y]
        ≤ P[p] K[p]   (USD million).

        P = capital_premium_musd_per_gwh, x = capacity_added_gwh, h = operating_gap_musd_per_gwh,
        out = output_gwh, S = plant_support_musd, ω = :func:`support_weight`, K =
        :func:`committed_new_capacity`. Support over the window covers the premium of every block
        it induces plus the operating gap on what is made. Existing and committed capacity is
        not induced by the support and not charged. Dual: GWh per USD million (≥ 0).
        """
        premium = m.capital_premium_musd_per_gwh[p]
        gap = m.operating_gap_musd_per_gwh[p]
        cost = [(premium, m.capacity_added_gwh[p, t]) for t in data.years]
        cost += [(gap * support_weight(data, p, y), m.output_gwh[p, y]) for y in data.years]
        weights = [(support_weight(data, p, y), y) for y in data.years if (p, y) in eligible]
        paid = [w * m.plant_support_musd[p, y] for w, y in weights]
        spent = weighted_sum(cost)
        parts = [(1.0, spent)] + [(-w, m.plant_support_musd[p, y]) for w, y in weights]
        body = logged_combination(spent - sum(paid), parts)
        return body <= premium * committed_new_capacity(data, p, required, installed)

    def operating_gap_cover(m, p, y):
        """h[p] × output_gwh[p,y] − S[p,y] ≤ 0   (USD million; S only if (p,y) ∈ E).

        No plant makes cells at a cash loss: each year's operating cost above import parity is
        covered by that year's support, so with h > 0 a plant stops when its support does.
        Dual: GWh per USD million of support in (p, y) (≥ 0).
        """
        made = m.operating_gap_musd_per_gwh[p] * m.output_gwh[p, y]
        if (p, y) in eligible:
            gap, support = m.operating_gap_musd_per_gwh[p], m.plant_support_musd[p, y]
            parts = [(gap, m.output_gwh[p, y]), (-1.0, support)]
            return logged_combination(made - support, parts) <= 0
        return made <= 0

    m.viability = pyo.Constraint(m.VIABLE_PLANTS, rule=viability, doc=viability.__doc__)
    m.operating_gap_cover = pyo.Constraint(
        m.OPERATING_GAP_ROWS, rule=operating_gap_cover, doc=operating_gap_cover.__doc__
    )


def add_viability(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add the viability parameters and rows; needs ``plant_support_musd`` already on ``m``."""
    _add_params(m, data)
    _add_constraints(m, data, idx)
