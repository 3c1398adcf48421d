"""The mineral families from sources: mineral_need, mineral_supply_limit, mineral_use_balance
and source_share_limit."""

from __future__ import annotations

import numpy as np

from models.assembly.builder import INF, Builder
from models.assembly.chain_columns import delivered, feed_col, magnet_col, plant_flows
from models.assembly.rowlist import RowList
from models.assembly.shape import Cols, Shape


def scrap_by_age(sh: Shape) -> np.ndarray:
    """q at plant age a = y − o_p + 1, clamped to 1 … len(q): (P, Y)."""
    q = np.asarray(sh.d.scrap_share)
    age = sh.years[None, :] - sh.online[:, None] + 1
    return q[np.clip(age, 1, len(q)) - 1]


def mineral_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """mineral_need, mineral_supply_limit, mineral_use_balance, source_share_limit."""
    _need_rows(sh, c, b)
    _supply_rows(sh, c, b)
    _share_rows(sh, c, b)


def _need_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """mineral_need over NEED_ROWS (p, k, y)."""
    d, Y = sh.d, sh.Y
    scrap = scrap_by_age(sh)
    sources_of = {k: [s for s, kk in sh.offers if kk == k] for k in d.minerals}
    # mineral_need (p, k, y): Σ_s m_skpy − i_{c(p),k} (1 + q) out_py ≥ 0; rows ordered p, k, y.
    # Plants of one chemistry share the row pattern: build it per chemistry, then scatter the
    # plants' entries to their place in plant order.
    chem = np.array([d.plant_chemistry[p] for p in d.plants])
    rank = {k: np.full(sh.P, -1) for k in d.minerals}
    for k in d.minerals:
        rank[k][sh.users[k]] = np.arange(len(sh.users[k]))
    widths = {c_: [] for c_ in set(chem)}
    exact = {c_: [] for c_ in widths}  # = 0 where take-or-pay tonnes reach (k, y), else ≥ 0
    for c_ in widths:
        for k in d.minerals:
            if d.intensity_t_per_gwh.get((c_, k), 0.0) > 0:
                widths[c_] += [len(sources_of[k]) + 1] * Y
                exact[c_] += [(k, j) in sh.chain.exact for j in range(Y)]
    per_plant = np.array([sum(widths[c_]) for c_ in chem], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(per_plant)])
    rows_per_plant = np.array([len(widths[c_]) for c_ in chem], dtype=np.int64)
    row_offset = np.concatenate([[0], np.cumsum(rows_per_plant)])
    cols = np.empty(offset[-1], dtype=np.int64)
    vals = np.empty(offset[-1])
    lengths = np.empty(row_offset[-1], dtype=np.int64)
    upper = np.empty(row_offset[-1])
    for c_ in sorted(widths):
        pc = np.flatnonzero(chem == c_)
        if not widths[c_]:
            continue
        block_c, block_v = _need_block(sh, c, c_, pc, (scrap, sources_of, rank))
        at = offset[pc][:, None] + np.arange(len(block_c))[None, :]
        cols[at] = np.column_stack(block_c)
        vals[at] = np.column_stack(block_v)
        rows = row_offset[pc][:, None] + np.arange(len(widths[c_]))[None, :]
        lengths[rows] = widths[c_]
        upper[rows] = np.where(exact[c_], 0.0, INF)
    row_plant = np.repeat(np.arange(sh.P), rows_per_plant)
    row_year = (np.arange(row_offset[-1]) - row_offset[row_plant]) % Y
    live = sh.live[row_plant, row_year]
    b.add("mineral_need", cols, vals, lengths, 0.0, upper, live, keys=lambda: _need_keys(sh))


def _need_keys(sh: Shape) -> list[tuple]:
    """(p, k, y) of every plant, each mineral its chemistry uses, every year."""
    d = sh.d
    used = {
        c_: [k for k in d.minerals if d.intensity_t_per_gwh.get((c_, k), 0.0) > 0]
        for c_ in set(d.plant_chemistry.values())
    }
    chem = d.plant_chemistry
    return [(p, k, y) for p in d.plants for k in used[chem[p]] for y in d.years]


def _need_block(sh: Shape, c: Cols, chem: str, pc: np.ndarray, shared: tuple) -> tuple:
    """Entries of the plants ``pc`` of one chemistry, row after row (k, y): flows, then out."""
    scrap, sources_of, rank = shared
    block_c, block_v = [], []
    for k in sh.d.minerals:
        i = sh.d.intensity_t_per_gwh.get((chem, k), 0.0)
        if i <= 0:
            continue
        need = i * (1.0 + scrap[pc])  # (n, Y)
        for jj in range(sh.Y):
            for s in sources_of[k]:
                block_c.append(c.flow_start[(s, k)] + rank[k][pc] * sh.Y + jj)
                block_v.append(np.ones(len(pc)))
            block_c.append(c.out[pc, jj])
            block_v.append(-need[:, jj])
    return block_c, block_v


def _supply_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """mineral_supply_limit over SUPPLY_ROWS (s, k, y): d_sky ≤ B_sky, rows with no delivery
    term skipped."""
    d = sh.d
    rows = RowList("mineral_supply_limit")
    for s, k in sh.chain.priced:
        for j, y in enumerate(d.years):
            own = delivered(sh, c, s, k, j)
            if len(own):
                rows.add((s, k, y), [(own, 1.0)], upper=d.supply_t.get((s, k, y), 0.0))
    rows.emit(b)


def _share_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """mineral_use_balance over USE_ROWS, source_share_limit over SHARE_ROWS (rows with no
    delivery term skipped)."""
    d, ch = sh.d, sh.chain
    rows = RowList("mineral_use_balance")
    for k, j in ch.use:
        flows = [plant_flows(sh, c, v, k, j) for v in ch.suppliers_of.get(k, ())]
        feeds = [feed_col(sh, c, s, r, j) for s, r in ch.feeds if d.route_feed[r] == k]
        magnets = [magnet_col(sh, c, s, k, j) for s, kk in ch.priced if kk == k]
        parts = [([c.u[(k, j)]], 1.0), *((f, -1.0) for f in flows), (feeds, -1.0)]
        parts.append(([m for m in magnets if m is not None], -1.0))
        rows.add((k, d.years[j]), parts, 0.0, 0.0)
    rows.emit(b)
    rows = RowList("source_share_limit")
    for s, k in ch.share:
        for j, y in enumerate(d.years):
            own = delivered(sh, c, s, k, j)
            if len(own):
                parts = [(own, 1.0), ([c.u[(k, j)]], -d.max_source_share[k])]
                rows.add((s, k, y), parts)
    rows.emit(b)
