"""Compile a linear Pyomo model to column-wise arrays, without scipy and without Pyomo's walker.

Pyomo's ``LinearStandardFormCompiler`` walks every expression with its generic visitor and
assembles scipy matrices; importing scipy at all makes Pyomo's dependency hook import
scipy.stats, spatial and integrate too (≈ 0.5 s, more than the whole base-case model). accplan's
rows are built as flat ``LinearExpression`` sums of ``coefficient × variable`` terms
(:mod:`models.expr`), so this module reads those terms directly and assembles the matrix with
numpy; any other shape of expression goes through Pyomo's own ``generate_standard_repn``.

The result is the LP the standard-form compiler makes in mixed form, row for row and column for
column (``tests/test_model_matrix.py`` checks it element for element): rows in the order of the
active constraints; columns in the order their variable component is first met (objectives,
then rows), all indices of a component at once; columns that appear nowhere removed; a ranged
row split into ``≤`` then ``≥``. Same LP, same HiGHS path, same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo
from pyomo.common.numeric_types import native_types, value
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.repn.standard_repn import generate_standard_repn
from pyomo.repn.util import FileDeterminism, FileDeterminism_to_SortComponents

_SORT = FileDeterminism_to_SortComponents(FileDeterminism.ORDERED)
"""The order Pyomo's compiler uses by default: declaration order, ordered indices."""

INF = float("inf")


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


@dataclass
class Terms:
    """Growing coordinate lists of the matrix and the rows' bounds."""

    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    row_ptr: list[int] = field(default_factory=lambda: [0])
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list = field(default_factory=list)
    keys: list[tuple] = field(default_factory=list)

    def add_row(self, con, key: tuple, lower: float, upper: float) -> None:
        """Append one row: its constraint, index key and bounds (its entries follow)."""
        self.row_ptr.append(len(self.cols))
        self.lower.append(lower)
        self.upper.append(upper)
        self.rows.append(con)
        self.keys.append(key)


class Columns:
    """Provisional column numbers: every index of a variable component, at its first use."""

    def __init__(self) -> None:
        self.number: dict[int, int] = {}
        self.vars: list[VarData] = []
        self.blocks: list[Block] = []
        self.recorded: set[int] = set()

    def of(self, var: VarData) -> int | None:
        """The column of ``var``; None for a fixed variable (it is a constant, not a column)."""
        col = self.number.get(id(var))
        if col is None:
            component = var.parent_component()
            if id(component) not in self.recorded:
                self._record(component)
            col = self.number.get(id(var))
        return col

    def _record(self, component) -> None:
        self.recorded.add(id(component))
        start = len(self.vars)
        items = component.items(_SORT) if component.is_indexed() else [(None, component)]
        free = [(key, var) for key, var in items if not var.fixed]
        self.number.update((id(var), start + i) for i, (_, var) in enumerate(free))
        self.vars.extend(var for _, var in free)
        keys = [key if key.__class__ is tuple else key_tuple(key) for key, _ in free]
        self.blocks.append(Block(component.name, start, keys))


def key_tuple(index) -> tuple:
    """An index as a tuple: () for a scalar component, (k,) for a one-dimensional one."""
    return index if isinstance(index, tuple) else (() if index is None else (index,))


def linear_terms(expr, columns: Columns) -> tuple[list[int], list[float], float]:
    """(columns, coefficients, constant) of a linear expression; duplicates merged, no zeros.

    The hot loop of compiling: one pass over a flat sum's terms, each a variable or a
    ``coefficient × variable`` monomial; anything else (or a fixed variable) is handed to
    :func:`_generic_terms`.
    """
    cls = expr.__class__
    if cls is LinearExpression:
        args = expr.args
    elif cls is VarData or cls is MonomialTermExpression:
        args = (expr,)
    else:
        return _generic_terms(expr, columns)
    number = columns.number
    cols: list[int] = []
    vals: list[float] = []
    for arg in args:
        if arg.__class__ is MonomialTermExpression:
            coef, var = arg._args_
            if coef.__class__ not in native_types:
                coef = value(coef)
            if not coef:
                continue
        elif arg.__class__ is VarData:
            coef, var = 1.0, arg
        else:
            return _generic_terms(expr, columns)
        col = number.get(id(var))
        if col is None:
            col = columns.of(var)
            if col is None:  # fixed: a constant
                return _generic_terms(expr, columns)
        cols.append(col)
        vals.append(coef)
    return _merged(cols, vals, 0.0)


def _generic_terms(expr, columns: Columns) -> tuple[list[int], list[float], float]:
    """Any other linear expression, through Pyomo's own standard representation."""
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    if not repn.is_linear():
        raise ValueError(f"nonlinear expression in a linear model: {expr}")
    cols = [columns.of(v) for v in repn.linear_vars]  # fixed variables are constants here
    vals = [float(c) for c in repn.linear_coefs]
    kept = [(c, v) for c, v in zip(cols, vals, strict=True) if v]
    return _merged([c for c, _ in kept], [v for _, v in kept], float(value(repn.constant)))


def _merged(cols: list[int], vals: list, constant: float) -> tuple[list[int], list, float]:
    if len(set(cols)) == len(cols):
        return cols, vals, constant
    total: dict[int, float] = {}
    for c, v in zip(cols, vals, strict=True):
        total[c] = total.get(c, 0.0) + v
    return list(total), list(total.values()), constant


def _bound(b) -> float | None:
    return b if b is None or b.__class__ in native_types else value(b)


def add_rows(model: pyo.ConcreteModel, columns: Columns, terms: Terms) -> list[Block]:
    """Every active constraint as one row (``=``, ``≤`` or ``≥``), ranged ones as two."""
    blocks = []
    for component in model.component_objects(pyo.Constraint, active=True, sort=_SORT):
        block = Block(component.name, len(terms.rows), [])
        items = component.items(_SORT) if component.is_indexed() else [(None, component)]
        for key, con in items:
            if con.active:
                _add_row(con, key_tuple(key), columns, terms)
        blocks.append(Block(block.name, block.start, terms.keys[block.start :]))
    return blocks


def _add_row(con, key: tuple, columns: Columns, terms: Terms) -> None:
    lb, body, ub = con.to_bounded_expression()
    lb, ub = _bound(lb), _bound(ub)
    if lb is None and ub is None:
        return
    cols, vals, offset = linear_terms(body, columns)
    if not cols:
        if (lb is None or lb <= offset) and (ub is None or ub >= offset):
            return
        raise ValueError(f"constraint {con.name} is infeasible: it holds no variable")
    if lb == ub:
        sides = [(lb, ub)]
    else:  # a ranged row becomes two rows, ≤ then ≥, as in Pyomo's mixed standard form
        sides = ([(-INF, ub)] if ub is not None else []) + ([(lb, INF)] if lb is not None else [])
    for lower, upper in sides:
        terms.cols.extend(cols)
        terms.vals.extend(vals)
        terms.add_row(con, key, lower - offset, upper - offset)


def to_csc(terms: Terms, n_cols: int) -> CscMatrix:
    """Rows (built one after another) to compressed columns, row numbers ascending per column."""
    ptr = np.asarray(terms.row_ptr, dtype=np.int64)
    n_rows = len(ptr) - 1
    row_of = np.repeat(np.arange(n_rows, dtype=np.int32), np.diff(ptr))
    cols = np.asarray(terms.cols, dtype=np.int64)
    order = np.argsort(cols, kind="stable")  # stable: rows stay ascending within a column
    indptr = np.zeros(n_cols + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols, minlength=n_cols), out=indptr[1:])
    return CscMatrix(
        (n_rows, n_cols),
        indptr.astype(np.int32) if indptr[-1] < 2**31 else indptr,
        row_of[order],
        np.asarray(terms.vals, dtype=float)[order],
    )


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
    rows: list
    """Pyomo ConstraintData of each row."""
    columns: list
    """Pyomo VarData of each column."""
    row_blocks: list[Block]
    """Rows of each constraint component: name, first row, index tuple of each row."""
    column_blocks: list[Block]
    """Every index of each variable component met, before empty columns were removed."""
    column_number: np.ndarray
    """Column of each index of :attr:`column_blocks`, in their order; -1 if it appears nowhere."""

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

    def row_position(self) -> dict[tuple[str, tuple], int]:
        """(component name, index tuple) -> row number (the last row of a ranged constraint)."""
        return {(b.name, key): b.start + i for b in self.row_blocks for i, key in enumerate(b.keys)}


def compile_model(model: pyo.ConcreteModel) -> CompiledLP:
    """The model's active objectives and constraints as arrays (see the module docstring)."""
    columns = Columns()
    objectives = list(model.component_data_objects(pyo.Objective, active=True, sort=_SORT))
    objective_terms = [linear_terms(o.expr, columns)[:2] for o in objectives]
    terms = Terms()
    row_blocks = add_rows(model, columns, terms)
    a = to_csc(terms, len(columns.vars))
    used = np.diff(a.indptr) > 0
    for cols, _ in objective_terms:
        used[cols] = True
    number = np.where(used, np.cumsum(used) - 1, -1)
    keep = np.flatnonzero(used)
    indptr = np.append(a.indptr[:-1][keep], a.indptr[-1]).astype(a.indptr.dtype)
    costs = {}
    for o, (cols, vals) in zip(objectives, objective_terms, strict=True):
        dense = np.zeros(len(keep))
        dense[number[cols]] = vals
        costs[o.parent_component().name] = dense
    kept_vars = [columns.vars[i] for i in keep]
    bounds = [v.bounds for v in kept_vars]
    return CompiledLP(
        costs=costs,
        a_matrix=CscMatrix((a.shape[0], len(keep)), indptr, a.indices, a.data),
        row_lower=np.asarray(terms.lower, dtype=float),
        row_upper=np.asarray(terms.upper, dtype=float),
        col_lower=np.array([-INF if b is None else b for b, _ in bounds], dtype=float),
        col_upper=np.array([INF if b is None else b for _, b in bounds], dtype=float),
        rows=terms.rows,
        columns=kept_vars,
        row_blocks=row_blocks,
        column_blocks=columns.blocks,
        column_number=number,
    )
