"""Rows of a family collected one at a time (families with few rows, each over plant arrays),
with the model's rules for weighted sums: zero coefficients are left out, and a row left with
no term is no row (Pyomo's compiler drops a constraint without variables whose bounds hold)."""

from __future__ import annotations

import numpy as np

from models.assembly.builder import INF, Builder


class RowList:
    """The rows of one family, in order, each as (columns, values, lower, upper, key)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.keys: list[tuple] = []

    def add(self, key: tuple, parts: list, lower: float = -INF, upper: float = 0.0) -> None:
        """One row: ``parts`` are (columns, coefficient or coefficients) in the model's order."""
        cols = [np.asarray(p, dtype=np.int64).ravel() for p, _ in parts]
        vals = [
            np.broadcast_to(np.asarray(v, dtype=float), col.shape)
            for col, (_, v) in zip(cols, parts, strict=True)
        ]
        col, val = np.concatenate(cols), np.concatenate(vals)
        kept = val != 0
        if not kept.any():
            if lower <= 0.0 <= upper:
                return
            raise ValueError(f"{self.name}{list(key)} is infeasible: it holds no variable")
        self.cols.append(col[kept])
        self.vals.append(val[kept])
        self.lower.append(lower)
        self.upper.append(upper)
        self.keys.append(key)

    def emit(self, b: Builder) -> None:
        """Hand the rows to ``b`` as one family."""
        if not self.keys:
            return
        keys = self.keys
        b.add(
            self.name,
            np.concatenate(self.cols),
            np.concatenate(self.vals),
            [len(col) for col in self.cols],
            self.lower,
            self.upper,
            keys=lambda: list(keys),
        )
