"""The supply chain's index sets as lists, in the order :mod:`models.indexing` makes them, and
the provisional columns of its variables (processing_feed_t, magnet_flow_t, recycling_feed_t,
offtake_used_t): routes' feeds, magnet makers' flows, recyclers' feeds, take-or-pay tonnes.

Years are positions j in Y. A supplier v is a source, a processing route or a recycler
(models/FORMULATION.md, "Index letters and sets").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.data import ModelData
from models.indexing import offers

CHAIN_BLOCKS = ("magnet_flow_t", "processing_feed_t", "recycling_feed_t", "offtake_used_t")
"""The supply chain's variables (models/magnets.py, minerals.py, processing.py, origins.py)."""


@dataclass
class ChainIndex:
    """Index lists of the supply chain of one instance (all in the model's order)."""

    offers: list[tuple[str, str]]
    """(v, k): every supplier and form it delivers to plants, sorted (the flow blocks)."""
    priced: list[tuple[str, str]]
    """(s, k) with a price, sorted: SUPPLY_ROWS without the years."""
    suppliers_of: dict[str, list[str]]
    """k -> suppliers of form k, sorted."""
    route_feeds: dict[str, list[str]]
    """k -> routes taking form k as feed, sorted."""
    feeds: list[tuple[str, str]]
    """(s, r) of FEEDS, each with every year, in FEEDS order."""
    feed_pos: dict[tuple[str, str], int]
    magnets: list[tuple[str, str, int]]
    """(s, k, j) of MAGNET_FLOWS, in order."""
    magnet_pos: dict[tuple[str, str, int], int]
    magnet_rows: list[tuple[str, int]]
    """(k, j) of MAGNET_ROWS: a magnet need and a source offering k."""
    recycle: list[tuple[str, str]]
    """(c, k) of RECYCLE_OFFERS, each with every year (RECYCLE_FEEDS)."""
    recycle_pos: dict[tuple[str, str], int]
    offtake: list[tuple[str, str, int]]
    """(s, k, y) of OFFTAKE: take-or-pay tonnes > 0, sorted."""
    exact: set[tuple[str, int]]
    """(k, j) of ModelIndex.exact_need: take-or-pay tonnes can reach k in j."""
    use: list[tuple[str, int]]
    """(k, j) of USE_ROWS: where mineral_use_t exists."""
    share: list[tuple[str, str]]
    """(s, k) of SHARE_ROWS without the years: imported s, a share limit on k < 1."""


def index_of(d: ModelData, users: dict[str, np.ndarray]) -> ChainIndex:
    """The supply chain's index lists of ``d`` (``users``: mineral -> plants using it)."""
    Y = len(d.years)
    every = offers(d)
    priced = sorted(d.price_usd_per_t)
    suppliers_of: dict[str, list[str]] = {}
    for v, k in every:
        suppliers_of.setdefault(k, []).append(v)
    route_feeds: dict[str, list[str]] = {}
    for r in d.routes:
        route_feeds.setdefault(d.route_feed[r], []).append(r)
    feeds = [(s, r) for s, k in priced for r in route_feeds.get(k, ())]
    need = {(k, y - d.years[0]) for (k, y), t in d.magnet_t.items() if t > 0}
    magnets = [(s, k, j) for s, k in priced for j in range(Y) if (k, j) in need]
    recycle = sorted(d.recycling_yield)
    share = [
        (s, k)
        for s, k in priced
        if d.source_imported.get(s, False) and d.max_source_share.get(k, 1.0) < 1.0
    ]
    return ChainIndex(
        offers=every,
        priced=priced,
        suppliers_of=suppliers_of,
        route_feeds=route_feeds,
        feeds=feeds,
        feed_pos={key: i for i, key in enumerate(feeds)},
        magnets=magnets,
        magnet_pos={key: i for i, key in enumerate(magnets)},
        magnet_rows=sorted({(k, j) for _, k, j in magnets}),
        recycle=recycle,
        recycle_pos={key: i for i, key in enumerate(recycle)},
        offtake=sorted(key for key, t in d.offtake_t.items() if t > 0),
        exact=_exact_need(d),
        use=_use_rows(d, users, share, route_feeds, need, suppliers_of),
        share=share,
    )


def _exact_need(d: ModelData) -> set[tuple[str, int]]:
    """(k, j) with take-or-pay tonnes of k, or of the feed of a route making k, in year j."""
    first = d.years[0]
    prepaid = {(k, y - first) for (_s, k, y), t in d.offtake_t.items() if t > 0}
    routed = {(d.route_product[r], j) for r in d.routes for k, j in prepaid if k == d.route_feed[r]}
    return prepaid | routed


def sources_deliver(users: dict, route_feeds: dict, need: set, k: str, j: int) -> bool:
    """A source pricing k delivers k in year j: flows to plants, feeds of routes, or magnet
    makers' tonnes exist."""
    return len(users.get(k, ())) > 0 or k in route_feeds or (k, j) in need


def _use_rows(d: ModelData, users, share, route_feeds, need, suppliers_of) -> list:
    """USE_ROWS: (k, j) with a share row that delivers, or a group row on a form delivered."""
    priced = {k for _, k in d.price_usd_per_t}
    Y = len(d.years)
    needed = {
        (k, j)
        for _, k in share
        for j in range(Y)
        if sources_deliver(users, route_feeds, need, k, j)
    }
    first = d.years[0]
    for _g, k, y in {*d.group_max_share, *d.group_min_share}:
        j = y - first
        flows = len(users.get(k, ())) > 0 and k in suppliers_of
        if flows or (k in priced and (k in route_feeds or (k, j) in need)):
            needed.add((k, j))
    return [(k, j) for k in d.minerals for j in range(Y) if (k, j) in needed]


def chain_sizes(ch: ChainIndex, Y: int) -> dict[str, int]:
    """Number of provisional columns of each supply-chain variable."""
    return {
        "magnet_flow_t": len(ch.magnets),
        "processing_feed_t": len(ch.feeds) * Y,
        "recycling_feed_t": len(ch.recycle) * Y,
        "offtake_used_t": len(ch.offtake),
    }


def chain_keys(ch: ChainIndex, years: tuple[int, ...]) -> dict:
    """Makers of the index tuples of each supply-chain variable, one per provisional column."""
    return {
        "magnet_flow_t": lambda: [(s, k, years[j]) for s, k, j in ch.magnets],
        "processing_feed_t": lambda: [(s, r, y) for s, r in ch.feeds for y in years],
        "recycling_feed_t": lambda: [(c, k, y) for c, k in ch.recycle for y in years],
        "offtake_used_t": lambda: list(ch.offtake),
    }
