"""The LP as arrays, with the names and index tuples behind its rows and columns.

What every solve reads (:mod:`models.solve`, :mod:`models.ranging`, sweeps), however the LP was
made: compiled from the Pyomo model (:mod:`models.matrix`) or assembled with numpy
(:mod:`models.assembly`). Nothing here imports Pyomo, so a solve of an assembled LP never does
(importing ``pyomo.environ`` costs about 0.2 s, a fifth of the base case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


def key_tuple(index) -> tuple:
    """An index as a tuple: () for a scalar component, (k,) for a one-dimensional one."""
    return index if isinstance(index, tuple) else (() if index is None else (index,))


_SPECIAL = re.compile(r"[()\[\],.'\":\\]")
_NUMBER = re.compile(r"(?:[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|-?inf|nan)")


def _member_repr(x) -> str:
    """One index member as Pyomo prints it in a name (``pyomo.core.base.component_namer``):
    numbers by repr, strings bare unless they hold a special character, start with ``|`` or read
    as a number."""
    if not isinstance(x, str):
        return repr(x) if x.__class__ in (int, float) else str(x)
    quoted = repr(x)
    bare = quoted[1:-1]
    if bare.startswith("|") or _SPECIAL.search(bare) or _NUMBER.fullmatch(bare):
        return quoted
    return bare


def index_name(name: str, key: tuple) -> str:
    """Pyomo's name of the member ``key`` of component ``name``, e.g. ``capacity_limit[P01,2027]``
    (``name`` alone for a scalar)."""
    if not key:
        return name
    return name + "[" + ",".join(_member_repr(k) for k in key) + "]"


@dataclass(frozen=True)
class CscMatrix:
    """A sparse matrix in compressed sparse column form (the arrays HiGHS takes)."""

    shape: tuple[int, int]
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @property
    def nnz(self) -> int:
        """Number of stored nonzeros."""
        return int(self.indptr[-1])

    def toarray(self) -> np.ndarray:
        """Dense copy (for small matrices in tests)."""
        dense = np.zeros(self.shape)
        cols = np.repeat(np.arange(self.shape[1]), np.diff(self.indptr))
        dense[self.indices, cols] = self.data
        return dense


@dataclass(frozen=True)
class Block:
    """A run of rows or columns that belong to one Pyomo component, with their index tuples."""

    name: str
    start: int
    keys: list[tuple]


@dataclass(frozen=True)
class LinearMap:
    """Named quantities that are linear in the columns: value[k] = constant[k] + Σ data × x[indices]
    over row k of a compressed sparse row matrix."""

    keys: list[tuple]
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    constant: np.ndarray

    def values(self, x) -> dict[tuple, float]:
        """Index tuple -> value at the column values ``x``."""
        x = np.asarray(x, dtype=float)
        rows = np.repeat(np.arange(len(self.keys)), np.diff(self.indptr))
        total = self.constant + np.bincount(
            rows, weights=self.data * x[self.indices], minlength=len(self.keys)
        )
        return dict(zip(self.keys, total.tolist(), strict=True))


def _name(blocks: list[Block], at: int) -> str:
    """Pyomo's name of the ``at``-th entry over ``blocks`` (rows, or indices of column_blocks)."""
    block = blocks[0]
    for b in blocks:
        if b.start > at:
            break
        block = b
    key = block.keys[at - block.start]
    return index_name(block.name, key)


@dataclass
class CompiledLP:
    """The LP as arrays, plus the Pyomo objects and index tuples behind each column and row."""

    costs: dict[str, np.ndarray]
    """Objective name -> dense cost vector over columns."""
    a_matrix: CscMatrix
    """Rows × columns."""
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_blocks: list[Block]
    """Rows of each constraint component: name, first row, index tuple of each row."""
    column_blocks: list[Block]
    """Every index of each variable component met, before empty columns were removed."""
    column_number: np.ndarray
    """Column of each index of :attr:`column_blocks`, in their order; -1 if it appears nowhere."""
    integer: np.ndarray
    """True for each column of an integer (0/1) variable."""
    variables: dict[str, list[tuple]]
    """Every variable component of the model, in declaration order -> all its index tuples in
    order (fixed ones and those in no row included): the plan reports each, 0 if not a column."""
    expressions: dict[str, LinearMap] = field(default_factory=dict)
    """The named expressions the plan reports (what each award and plant is paid), as linear
    maps over the columns."""
    rows: list | None = None
    """Pyomo ConstraintData of each row, when compiled from a Pyomo model (None if assembled)."""
    columns: list | None = None
    """Pyomo VarData of each column, when compiled from a Pyomo model (None if assembled)."""

    def values_by_name(self, x) -> dict[str, dict[tuple, float]]:
        """Per-column numbers (values, reduced costs) by component name and index tuple; 0 for
        an index that appears in no row or objective."""
        padded = np.append(np.asarray(x, dtype=float), 0.0)[self.column_number].tolist()
        return {
            b.name: dict(zip(b.keys, padded[b.start : b.start + len(b.keys)], strict=True))
            for b in self.column_blocks
        }

    def rows_by_name(self, numbers) -> dict[str, dict[tuple, float]]:
        """Per-row numbers (duals, activities) by component name and index tuple."""
        numbers = np.asarray(numbers, dtype=float).tolist()
        return {
            b.name: dict(zip(b.keys, numbers[b.start : b.start + len(b.keys)], strict=True))
            for b in self.row_blocks
            if b.keys
        }

    @cached_property
    def integer_columns(self) -> np.ndarray:
        """Columns of integer (0/1) variables, ascending."""
        return np.flatnonzero(self.integer).astype(np.int32)

    def row_name(self, i: int) -> str:
        """Pyomo's name of row ``i``, e.g. ``capacity_limit[P01,2027]``."""
        return _name(self.row_blocks, i)

    def column_name(self, j: int) -> str:
        """Pyomo's name of column ``j``, e.g. ``output_gwh[P01,2027]``."""
        at = np.flatnonzero(self.column_number == j)
        return _name(self.column_blocks, int(at[0])) if at.size else f"column {j}"

    def column_of(self, name: str, key: tuple) -> int | None:
        """Column of variable ``name[key]``; None if it is in no row or objective."""
        for b in self.column_blocks:
            if b.name == name and key in b.keys:
                j = int(self.column_number[b.start + b.keys.index(key)])
                return j if j >= 0 else None
        return None

    def row_position(self) -> dict[tuple[str, tuple], int]:
        """(component name, index tuple) -> row number (the last row of a ranged constraint)."""
        return {(b.name, key): b.start + i for b in self.row_blocks for i, key in enumerate(b.keys)}
