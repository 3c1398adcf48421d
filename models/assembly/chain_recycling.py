"""Recycling (models/processing.py): recycling_feed_limit, recycling_capacity and
recycling_return. A recycler takes plant scrap and end-of-life tonnes and returns what it
recovers as a domestic supplier of each mineral."""

from __future__ import annotations

import numpy as np

from models.assembly.builder import Builder
from models.assembly.chain_columns import plant_flows, recycle_col
from models.assembly.minerals import scrap_by_age
from models.assembly.rowlist import RowList
from models.assembly.shape import Cols, Shape


def recycling_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """recycling_feed_limit over RECYCLED_MINERAL_YEARS, recycling_capacity over
    RECYCLER_YEARS, recycling_return over RECYCLE_FEEDS (rows without flows skipped)."""
    _feed_limit(sh, c, b)
    d, ch = sh.d, sh.chain
    rows = RowList("recycling_capacity")
    for r in d.recyclers:
        mine = [ck for ck in ch.recycle if ck[0] == r]
        for j, y in enumerate(d.years):
            feeds = [recycle_col(sh, c, ck, j) for ck in mine]
            rows.add((r, y), [(feeds, 1.0)], upper=d.recycling_capacity_t.get((r, y), 0.0))
    rows.emit(b)
    rows = RowList("recycling_return")
    for ck in ch.recycle:
        for j, y in enumerate(d.years):
            flows = plant_flows(sh, c, *ck, j)
            if len(flows):
                parts = [(flows, 1.0), ([recycle_col(sh, c, ck, j)], -d.recycling_yield[ck])]
                rows.add((*ck, y), parts, 0.0, 0.0)
    rows.emit(b)


def _feed_limit(sh: Shape, c: Cols, b: Builder) -> None:
    """Σ_c w_cky − Σ_p i_{c(p),k} q_{n(p,y)} out_py ≤ E_ky, rows (k, y) sorted."""
    d, ch = sh.d, sh.chain
    scrap = scrap_by_age(sh)
    chem = [d.plant_chemistry[p] for p in d.plants]
    rows = RowList("recycling_feed_limit")
    for k in sorted({k for _, k in ch.recycle}):
        intensity = np.array([d.intensity_t_per_gwh.get((x, k), 0.0) for x in chem])
        users = np.flatnonzero(intensity > 0)
        mine = [ck for ck in ch.recycle if ck[1] == k]
        for j, y in enumerate(d.years):
            parts = [([recycle_col(sh, c, ck, j) for ck in mine], 1.0)]
            parts.append((c.out[users, j], -intensity[users] * scrap[users, j]))
            rows.add((k, y), parts, upper=d.end_of_life_t.get((k, y), 0.0))
    rows.emit(b)
