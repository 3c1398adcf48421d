"""The mineral families from sources: mineral_need, mineral_supply_limit, mineral_use_balance
and source_share_limit."""

from __future__ import annotations

import numpy as np

from models.assembly.builder import INF, Builder
from models.assembly.shape import Cols, Shape, flow_cols, share_limited, use_rows


def _scrap(sh: Shape) -> np.ndarray:
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
    scrap = _scrap(sh)
    sources_of = {k: [s for s, kk in sh.offers if kk == k] for k in d.minerals}
    # mineral_need (p, k, y): Σ_s m_skpy − i_{c(p),k} (1 + q) out_py ≥ 0; rows ordered p, k, y.
    # Plants of one chemistry share the row pattern: build it per chemistry, then scatter the
    # plants' entries to their place in plant order.
    chem = np.array([d.plant_chemistry[p] for p in d.plants])
    rank = {k: np.full(sh.P, -1) for k in d.minerals}
    for k in d.minerals:
        rank[k][sh.users[k]] = np.arange(len(sh.users[k]))
    widths = {c_: [] for c_ in set(chem)}
    for c_ in widths:
        for k in d.minerals:
            if d.intensity_t_per_gwh.get((c_, k), 0.0) > 0:
                widths[c_] += [len(sources_of[k]) + 1] * Y
    per_plant = np.array([sum(widths[c_]) for c_ in chem], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(per_plant)])
    rows_per_plant = np.array([len(widths[c_]) for c_ in chem], dtype=np.int64)
    row_offset = np.concatenate([[0], np.cumsum(rows_per_plant)])
    cols = np.empty(offset[-1], dtype=np.int64)
    vals = np.empty(offset[-1])
    lengths = np.empty(row_offset[-1], dtype=np.int64)
    for c_ in sorted(widths):
        pc = np.flatnonzero(chem == c_)
        if not widths[c_]:
            continue
        block_c, block_v = _need_block(sh, c, c_, pc, (scrap, sources_of, rank))
        at = offset[pc][:, None] + np.arange(len(block_c))[None, :]
        cols[at] = np.column_stack(block_c)
        vals[at] = np.column_stack(block_v)
        lengths[row_offset[pc][:, None] + np.arange(len(widths[c_]))[None, :]] = widths[c_]
    row_plant = np.repeat(np.arange(sh.P), rows_per_plant)
    row_year = (np.arange(row_offset[-1]) - row_offset[row_plant]) % Y
    live = sh.live[row_plant, row_year]
    b.add("mineral_need", cols, vals, lengths, 0.0, INF, live, keys=lambda: _need_keys(sh))


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
    """mineral_supply_limit over the (s, k, y) of offers some plant uses."""
    d, Y = sh.d, sh.Y
    cols, lengths, upper, offers = [], [], [], []
    for s, k in sh.offers:
        f = flow_cols(sh, c, s, k)
        if not f.shape[0]:
            continue
        cols.append(f.T.ravel())
        lengths += [f.shape[0]] * Y
        upper += [d.supply_t.get((s, k, y), 0.0) for y in d.years]
        offers.append((s, k))
    b.add(
        "mineral_supply_limit",
        np.concatenate(cols or [[]]),
        np.ones(sum(lengths)),
        lengths,
        -INF,
        upper,
        keys=lambda: [(s, k, y) for s, k in offers for y in d.years],
    )


def _share_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """mineral_use_balance over USE_ROWS, source_share_limit over SHARE_ROWS."""
    d, Y = sh.d, sh.Y
    cols, vals, lengths = [], [], []
    for k, j in use_rows(sh):
        flows = np.concatenate([flow_cols(sh, c, s, kk)[:, j] for s, kk in sh.offers if kk == k])
        cols += [[c.u[(k, j)]], flows]
        vals += [[1.0], -np.ones(len(flows))]
        lengths.append(len(flows) + 1)
    b.add(
        "mineral_use_balance",
        np.concatenate(cols or [[]]),
        np.concatenate(vals or [[]]),
        lengths,
        0.0,
        0.0,
        keys=lambda: [(k, d.years[j]) for k, j in use_rows(sh)],
    )
    cols, vals, lengths = [], [], []
    for s, k in share_limited(sh):
        f = flow_cols(sh, c, s, k)
        sigma = d.max_source_share[k]
        for j in range(Y):
            cols += [f[:, j], [c.u[(k, j)]]]
            vals += [np.ones(f.shape[0]), [-sigma]]
            lengths.append(f.shape[0] + 1)
    b.add(
        "source_share_limit",
        np.concatenate(cols or [[]]),
        np.concatenate(vals or [[]]),
        lengths,
        -INF,
        0.0,
        keys=lambda: [(s, k, y) for s, k in share_limited(sh) for y in d.years],
    )
