"""The supply chain in the assembly (models/FORMULATION.md, "Supply chain"): the rows the model
adds after the mineral rows, the cost terms of total_cost_musd it adds after capital, and the
bounds of the take-or-pay columns. magnet_demand comes before the mineral rows
(:mod:`models.assembly.chain_magnets`); the chain's terms in the mineral rows are written by
:mod:`models.assembly.minerals`."""

from __future__ import annotations

import numpy as np

from models.assembly.builder import Builder
from models.assembly.chain_columns import feed_col, magnet_col, offtake_col, recycle_col
from models.assembly.chain_origins import origin_rows
from models.assembly.chain_recycling import recycling_rows
from models.assembly.chain_routes import route_rows
from models.assembly.shape import Cols, Shape
from models.units import USD_TO_MUSD


def chain_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """processing_capacity … offtake_within_delivery, in the model's order."""
    route_rows(sh, c, b)
    recycling_rows(sh, c, b)
    origin_rows(sh, c, b)


def chain_costs(sh: Shape, c: Cols) -> tuple[np.ndarray, np.ndarray]:
    """Columns and costs (USD million per t) of processing feed (price of the feed + route
    cost), recycling feed, the take-or-pay refund (− price) and magnet makers' tonnes, in the
    order total_cost_musd writes them (``models.objective._chain_terms``)."""
    d, ch = sh.d, sh.chain
    price = d.price_usd_per_t
    cols, vals = [], []
    for s, r in ch.feeds:
        unit = (price[(s, d.route_feed[r])] + d.route_cost_usd_per_t.get(r, 0.0)) * USD_TO_MUSD
        cols += [feed_col(sh, c, s, r, j) for j in range(sh.Y)]
        vals += [unit] * sh.Y
    for ck in ch.recycle:
        cols += [recycle_col(sh, c, ck, j) for j in range(sh.Y)]
        vals += [d.recycling_cost_usd_per_t.get(ck[0], 0.0) * USD_TO_MUSD] * sh.Y
    for i, (s, k, _y) in enumerate(ch.offtake):
        cols.append(offtake_col(c, i))
        vals.append(-price.get((s, k), 0.0) * USD_TO_MUSD)
    for s, k, j in ch.magnets:
        cols.append(magnet_col(sh, c, s, k, j))
        vals.append(price[(s, k)] * USD_TO_MUSD)
    return np.array(cols, dtype=np.int64), np.array(vals, dtype=float)


def chain_bounds(sh: Shape, c: Cols, upper: np.ndarray) -> None:
    """offtake_used_t ≤ offtake_t (the other chain columns have no upper bound)."""
    for i, key in enumerate(sh.chain.offtake):
        upper[offtake_col(c, i)] = sh.d.offtake_t[key]
