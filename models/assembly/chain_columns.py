"""Provisional columns of the supply chain's variables, and what a supplier delivers (d_vky of
models/FORMULATION.md: its flows to plants, its feeds of routes, its tonnes to magnet makers)
as columns in the order the model writes them (``models.minerals.delivered_terms``)."""

from __future__ import annotations

import numpy as np

from models.assembly.shape import Cols, Shape


def _start(c: Cols, name: str) -> int:
    return c.blocks[name][0]


def feed_col(sh: Shape, c: Cols, s: str, r: str, j: int) -> int:
    """processing_feed_t[s, r, y_j]."""
    return _start(c, "processing_feed_t") + sh.chain.feed_pos[(s, r)] * sh.Y + j


def recycle_col(sh: Shape, c: Cols, ck: tuple[str, str], j: int) -> int:
    """recycling_feed_t[c, k, y_j]."""
    return _start(c, "recycling_feed_t") + sh.chain.recycle_pos[ck] * sh.Y + j


def magnet_col(sh: Shape, c: Cols, s: str, k: str, j: int) -> int | None:
    """magnet_flow_t[s, k, y_j], None where magnet makers take no k from s in y_j."""
    i = sh.chain.magnet_pos.get((s, k, j))
    return None if i is None else _start(c, "magnet_flow_t") + i


def offtake_col(c: Cols, i: int) -> int:
    """offtake_used_t of the ``i``-th OFFTAKE key."""
    return _start(c, "offtake_used_t") + i


def plant_flows(sh: Shape, c: Cols, v: str, k: str, j: int) -> np.ndarray:
    """mineral_flow_t[v, k, ·, y_j] over the plants using k (none if v does not offer k)."""
    start = c.flow_start.get((v, k))
    if start is None:
        return np.zeros(0, dtype=np.int64)
    return start + np.arange(len(sh.users.get(k, ()))) * sh.Y + j  # flow_cols(...)[:, j]


def delivered(sh: Shape, c: Cols, v: str, k: str, j: int, leaving: str | None = None) -> np.ndarray:
    """Columns of d_vky: v's flows of k to plants, its feeds of routes taking k (routes located
    in ``leaving`` left out, if given: feed processed in its own country never leaves it), and
    its tonnes of k to magnet makers."""
    d, ch = sh.d, sh.chain
    parts = [plant_flows(sh, c, v, k, j)]
    if (v, k) in d.price_usd_per_t:
        routes = ch.route_feeds.get(k, [])
        if leaving is not None:
            routes = [r for r in routes if d.route_location[r] != leaving]
        parts.append(np.array([feed_col(sh, c, v, r, j) for r in routes], dtype=np.int64))
        mg = magnet_col(sh, c, v, k, j)
        if mg is not None:
            parts.append(np.array([mg], dtype=np.int64))
    return np.concatenate(parts)
