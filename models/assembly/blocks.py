"""Minimum build blocks (models/FORMULATION.md, "Minimum build blocks") as arrays: the least
block m_p, the room U_py each year leaves, where a block fits (the build_block columns), and
K_p rounded up to what blocks can reach. Their rows are in :mod:`models.assembly.capacity`."""

from __future__ import annotations

import math

import numpy as np

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


def forced_in_blocks(
    m: float, u: np.ndarray, installed: float, needs: dict[int, float], forced: float
) -> float:
    """K_p of a plant built in blocks of at least ``m`` with room ``u`` (Y,) each year and
    ``installed`` before the horizon: min R_Y of the reachable running totals (``forced``
    without a minimum, with nothing forced, or if no blocks meet the pledges). ``needs``: year
    position -> running total asked (existing capacity included)."""
    if forced <= 0 or m <= 0:
        return forced
    reach = [(0.0, 0.0)]
    for j in range(len(u)):
        low, high = needs.get(j, 0.0) - installed, u[j]
        grown = [*reach, (min(a for a, _ in reach) + m, INF)]
        reach = [
            (max(a, low), min(z, high))
            for a, z in grown
            if max(a, low) <= min(z, high) + TOLERANCE_GWH
        ]
        if not reach:
            return forced
    return max(forced, min(a for a, _ in reach))
