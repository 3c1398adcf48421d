"""The capacity families: capacity_limit, capacity_commitment, ramp_up, min_output,
demand_limit, the minimum blocks' min_block_lower and min_block_upper, and the
cumulative-capacity rows milestone_build shares with them."""

from __future__ import annotations

import numpy as np

from models.assembly.blocks import least, room
from models.assembly.builder import INF, Builder, Keys
from models.assembly.shape import (
    Cols,
    Shape,
    existing_producible,
)


def cumulative(
    sh: Shape,
    c: Cols,
    b: Builder,
    name: str,
    plants: np.ndarray,
    years: np.ndarray,
    rhs: np.ndarray,
    ge: bool,
    keys: Keys,
) -> None:
    """Rows Σ_{t≤y} x_pt ≤ rhs (≥ if ``ge``) for each (plant, year position) pair given."""
    lengths = years + 1
    t = np.concatenate([np.arange(j + 1) for j in years]) if len(years) else np.array([], int)
    cols = c.x[np.repeat(plants, lengths), t]
    lower, upper = (rhs, INF) if ge else (-INF, rhs)
    live = sh.live[plants, years]
    b.add(name, cols, np.ones(len(cols)), lengths, lower, upper, live, keys=keys)


def capacity_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """capacity_limit, capacity_commitment, ramp_up, min_output, demand_limit."""
    d, P, Y = sh.d, sh.P, sh.Y
    grid = lambda: list(sh.grid)  # noqa: E731
    plants, years = np.divmod(np.arange(P * Y), Y)
    installed = sh.installed
    limit = (sh.permitted - installed[:, None]).ravel()
    cumulative(sh, c, b, "capacity_limit", plants, years, limit, False, grid)
    committed = sorted(d.committed_capacity_gwh.items())
    pos = {p: i for i, p in enumerate(d.plants)}
    cp = np.array([pos[p] for (p, _), _ in committed], dtype=int)
    cy = np.array([y - d.years[0] for (_, y), _ in committed], dtype=int)
    rhs = np.array([v for _, v in committed]) - installed[cp]
    keys = [key for key, _ in committed]
    cumulative(sh, c, b, "capacity_commitment", cp, cy, rhs, True, lambda: keys)
    # ramp_up: out_py − Σ_{t≤y} r_{y−t+1} x_pt ≤ 0 (the last ramp factor repeats); one plant's
    # entries as a template over its rows, then every plant at once
    r = np.asarray(d.ramp_factor)
    j = np.concatenate([np.full(y + 2, y) for y in range(Y)])
    t = np.concatenate([np.arange(-1, y + 1) for y in range(Y)])  # -1: the out_py entry
    is_out = t < 0
    vals = np.where(is_out, 1.0, -r[np.minimum(j - t, len(r) - 1)])
    plant = np.arange(P)[:, None]
    cols = np.where(is_out, c.out[plant, j], c.x[plant, np.maximum(t, 0)])
    b.add(
        "ramp_up",
        cols,
        np.broadcast_to(vals, cols.shape),
        np.tile(np.arange(2, Y + 2), P),
        -INF,
        existing_producible(sh).ravel(),
        sh.live.ravel(),
        keys=grid,
    )
    mins = sorted(d.min_output_gwh.items())
    b.add(
        "min_output",
        [c.out[pos[p], y - d.years[0]] for (p, y), _ in mins],
        np.ones(len(mins)),
        np.ones(len(mins)),
        [v for _, v in mins],
        INF,
        [bool(sh.live[pos[p], y - d.years[0]]) for (p, y), _ in mins],
        keys=lambda: [key for key, _ in mins],
    )
    demand = sorted(d.demand_gwh.items())
    b.add(
        "demand_limit",
        np.concatenate([c.out[:, y - d.years[0]] for y, _ in demand] or [[]]),
        np.ones(P * len(demand)),
        np.full(len(demand), P),
        -INF,
        [v for _, v in demand],
        keys=lambda: [(y,) for y, _ in demand],
    )


def block_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """min_block_lower (x − m β ≥ 0) and min_block_upper (x − U β ≤ 0) over BLOCK_YEARS, rows
    in (p, y) order, right after the capacity rows as the model adds them."""
    mask = c.bb >= 0
    n = int(mask.sum())
    if n == 0:
        return
    m = np.broadcast_to(least(sh.d)[:, None], mask.shape)[mask]
    u = room(sh.permitted, sh.installed)[mask]
    cols = np.stack([c.x[mask], c.bb[mask]], axis=1)
    live = sh.live[mask]
    ones = np.ones(n)
    keys = sh.pick(mask)
    vals = np.stack([ones, -m], axis=1)
    b.add("min_block_lower", cols, vals, np.full(n, 2), 0.0, INF, live, keys=keys)
    vals = np.stack([ones, -u], axis=1)
    b.add("min_block_upper", cols, vals, np.full(n, 2), -INF, 0.0, live, keys=keys)
