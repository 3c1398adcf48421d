"""Rows of the LP collected family after family, in row order, as row-wise arrays, each family
with a way to name its rows (made only when names are asked for)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

INF = float("inf")
"""HiGHS's infinity (``highspy.kHighsInf``) is IEEE infinity."""

Keys = Callable[[], list[tuple]]
"""Makes the index tuples of a family's rows (or of a variable's columns), in their order, as
Pyomo gives them: () for a scalar component, (k,) for a one-dimensional one."""


class Builder:
    """Collects the rows of the constraint table, family after family, in row order."""

    def __init__(self) -> None:
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.actionable: list[np.ndarray] = []
        self.families: dict[str, tuple[int, int]] = {}
        """Family -> (first row, number of rows), for families with rows."""
        self.keys: dict[str, Keys] = {}
        """Family -> the maker of its rows' index tuples."""
        self.n_rows = 0

    def add(
        self, name: str, cols, vals, lengths, lower, upper, actionable=True, *, keys: Keys
    ) -> None:
        """Rows of one family: entries row after row, ``lengths`` entries per row;
        ``actionable`` False for rows no input can move (a plant's rows before it is online);
        ``keys`` names the rows."""
        lengths = np.asarray(lengths, dtype=np.int64)
        n = len(lengths)
        if n == 0:
            return
        self.cols.append(np.asarray(cols, dtype=np.int64).ravel())
        self.vals.append(np.asarray(vals, dtype=float).ravel())
        self.lengths.append(lengths)
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (n,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (n,)))
        self.actionable.append(np.broadcast_to(np.asarray(actionable, dtype=bool), (n,)))
        self.families[name] = (self.n_rows, n)
        self.keys[name] = keys
        self.n_rows += n

    def triplets(
        self, name: str, n: int, parts, lower=-INF, upper=0.0, actionable=True, *, keys: Keys
    ) -> None:
        """Rows of one family given as parts (rows, cols, values), each in row order within;
        a row's entries keep the order of the parts."""
        if n == 0:
            return
        rows = np.concatenate([np.asarray(p[0], dtype=np.int64) for p in parts])
        order = np.argsort(rows, kind="stable")
        cols = np.concatenate([np.asarray(p[1], dtype=np.int64) for p in parts])[order]
        vals = np.concatenate([np.asarray(p[2], dtype=float) for p in parts])[order]
        lengths = np.bincount(rows, minlength=n)
        self.add(name, cols, vals, lengths, lower, upper, actionable, keys=keys)


def pairs(first: list, second: list) -> Keys:
    """Keys (first[i], second[i]) of parallel lists (Python objects, not numpy scalars)."""
    return lambda: list(zip(first, second, strict=True))


def singles(names: list) -> Keys:
    """Keys (name,) of a one-dimensional index."""
    return lambda: [(n,) for n in names]
