"""Minimum build blocks (models/FORMULATION.md, "Minimum build blocks") as arrays: the least
block m_p, the room U_py each year leaves and where a block fits (the build_block columns); K_p,
rounded up to what blocks can reach, is :func:`models.pledges.committed_new_capacity`. Their
rows are in :mod:`models.assembly.capacity`."""

from __future__ import annotations

import numpy as np

from models.block_sizes import TOLERANCE_GWH
from models.data import ModelData


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
