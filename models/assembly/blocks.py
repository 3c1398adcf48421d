"""Minimum build blocks (models/FORMULATION.md, "Minimum build blocks") as arrays: the room
U_py each year leaves, the build_block columns, min_block_lower and min_block_upper (right
after the capacity rows, as the model adds them), and K_p rounded up to what blocks can
reach."""

from __future__ import annotations

import math

import numpy as np

from models.assembly.builder import plant_year_keys
from models.data import ModelData

INF = math.inf
TOLERANCE_GWH = 1e-9


def least(d: ModelData) -> np.ndarray:
    """(P,): m_p, 0 where the plant has no minimum."""
    return np.array([d.min_block_gwh.get(p, 0.0) for p in d.plants])


def room(permitted: np.ndarray, installed: np.ndarray) -> np.ndarray:
    """(P, Y): U_py = max(0, min_{t≥y} M_pt − Ē_p)."""
    later = np.minimum.accumulate(permitted[:, ::-1], axis=1)[:, ::-1]
    return np.maximum(0.0, later - installed[:, None])


def fits(d: ModelData, permitted: np.ndarray, installed: np.ndarray) -> np.ndarray:
    """(P, Y): True where a block fits ((p, y) ∈ BLOCK_YEARS)."""
    m = least(d)[:, None]
    return (m > 0) & (room(permitted, installed) >= m - TOLERANCE_GWH)


def closed(d: ModelData, permitted: np.ndarray, installed: np.ndarray) -> np.ndarray:
    """(P, Y): True where the plant has a minimum and no block fits (x's upper bound is 0)."""
    return (least(d)[:, None] > 0) & ~fits(d, permitted, installed)


def block_rows(sh, x: np.ndarray, bb: np.ndarray, b) -> None:
    """min_block_lower (x − m β ≥ 0) and min_block_upper (x − U β ≤ 0), rows in (p, y) order."""
    mask = bb >= 0
    n = int(mask.sum())
    if n == 0:
        return
    m = np.broadcast_to(least(sh.d)[:, None], mask.shape)[mask]
    u = room(sh.permitted, sh.installed)[mask]
    cols = np.stack([x[mask], bb[mask]], axis=1)
    live = sh.live[mask]
    ones = np.ones(n)
    keys = plant_year_keys(sh.d, mask)
    vals = np.stack([ones, -m], axis=1)
    b.add("min_block_lower", cols, vals, np.full(n, 2), 0.0, INF, live, keys=keys)
    vals = np.stack([ones, -u], axis=1)
    b.add("min_block_upper", cols, vals, np.full(n, 2), -INF, 0.0, live, keys=keys)


def forced_in_blocks(sh, i: int, needs: dict[int, float], forced: float) -> float:
    """K_p of plant ``i`` built in blocks: min R_Y of the reachable running totals (``forced``
    without a minimum, with nothing forced, or if no blocks meet the pledges). ``needs``: year
    position -> running total asked (existing capacity included)."""
    m = least(sh.d)[i]
    if forced <= 0 or m <= 0:
        return forced
    u = room(sh.permitted, sh.installed)[i]
    reach = [(0.0, 0.0)]
    for j in range(sh.Y):
        low, high = needs.get(j, 0.0) - sh.installed[i], u[j]
        grown = [*reach, (min(a for a, _ in reach) + m, INF)]
        reach = [
            (max(a, low), min(z, high))
            for a, z in grown
            if max(a, low) <= min(z, high) + TOLERANCE_GWH
        ]
        if not reach:
            return forced
    return max(forced, min(a for a, _ in reach))
