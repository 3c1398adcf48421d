"""Compile a linear Pyomo model to column-wise arrays, without scipy and without Pyomo's walker.

Pyomo's ``LinearStandardFormCompiler`` walks every expression with its generic visitor and
assembles scipy matrices; importing scipy at all makes Pyomo's dependency hook import
scipy.stats, spatial and integrate too (≈ 0.5 s, more than the whole base-case model). accplan's
rows are built as flat ``LinearExpression`` sums whose term lists the build logs
(:mod:`models.expr`), so this module takes every row's terms from those lists at once
(:mod:`models.rows`), matches variables to columns by id with numpy and assembles the matrix;
a row the log does not describe (another shape of expression, one holding a fixed variable) is
walked term by term or through Pyomo's own ``generate_standard_repn``.

The result is the LP the standard-form compiler makes in mixed form, row for row and column for
column (``tests/test_model_matrix.py`` checks it element for element): rows in the order of the
active constraints; columns in the order their variable component is first met (objectives,
then rows), all indices of a component at once; columns that appear nowhere removed; a ranged
row split into ``≤`` then ``≥``. Same LP, same HiGHS path, same plan.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from models.compiled import Block, CompiledLP, CscMatrix, LinearMap, key_tuple
from models.expr import SumLog
from models.rows import INF, SORT, ColumnMap, Stream, collect, expression_terms

__all__ = [
    "Block",
    "CompiledLP",
    "CscMatrix",
    "LinearMap",
    "compile_lp",
    "compile_model",
    "key_tuple",
]


def compile_model(model: pyo.ConcreteModel, expressions: tuple[str, ...] = ()) -> CompiledLP:
    """The model's active objectives and constraints as arrays (see the module docstring), and
    its named expressions ``expressions`` as linear maps over the columns."""
    log = getattr(model, LOG_ATTRIBUTE, None) or SumLog()
    columns = ColumnMap(model)
    stream, objectives, number, values = _matched(model, log, columns)
    run = np.repeat(np.arange(len(stream.runs), dtype=np.int32), stream.lengths())
    run, number, values = _merge_repeats(run, number, values, len(columns))
    component = columns.component[number]
    met, start_of, n_cols = _column_order(columns, component)
    col = start_of[component] + columns.position[number]
    del component, number  # arrays of every nonzero: at 5,000 plants 13 MB each
    n_obj = len(objectives)
    in_row = run >= n_obj
    a = _csc(run[in_row] - n_obj, col[in_row], values[in_row], len(stream.rows), n_cols)
    used = np.diff(a.indptr) > 0
    used[col[~in_row]] = True
    number = np.where(used, np.cumsum(used) - 1, -1)
    keep = np.flatnonzero(used)
    indptr = np.append(a.indptr[:-1][keep], a.indptr[-1]).astype(a.indptr.dtype)
    costs = {}
    for i, o in enumerate(objectives):
        mine = run == i
        dense = np.zeros(len(keep))
        dense[number[col[mine]]] = values[mine]
        costs[o.parent_component().name] = dense
    every = [var for c in met for var in columns.free(c)]
    kept_vars = [every[i] for i in keep]
    col_lower, col_upper = column_bounds(kept_vars)
    column_blocks = _column_blocks(columns, met, start_of)
    return CompiledLP(
        costs=costs,
        a_matrix=CscMatrix((a.shape[0], len(keep)), indptr, a.indices, a.data),
        row_lower=np.asarray(stream.lower, dtype=float),
        row_upper=np.asarray(stream.upper, dtype=float),
        col_lower=col_lower,
        col_upper=col_upper,
        row_blocks=_row_blocks(stream),
        column_blocks=column_blocks,
        column_number=number,
        integer=np.fromiter((v.is_integer() for v in kept_vars), dtype=bool, count=len(keep)),
        variables=_variables(model, column_blocks),
        expressions=_expressions(model, expressions, kept_vars),
        rows=stream.rows,
        columns=kept_vars,
    )


def _variables(model: pyo.ConcreteModel, met: list[Block]) -> dict[str, list[tuple]]:
    """Every variable component's index tuples; a component met with none fixed has them all."""
    known = {b.name: b.keys for b in met}
    out = {}
    for var in model.component_objects(pyo.Var, sort=SORT):
        keys = known.get(var.name)
        if keys is None or len(keys) != len(var):
            keys = [key_tuple(k) for k in var.keys(SORT)] if var.is_indexed() else [()]
        out[var.name] = keys
    return out


def _expressions(model: pyo.ConcreteModel, names: tuple[str, ...], kept: list) -> dict:
    """The named expressions ``names`` of the model as linear maps over the columns ``kept``; a
    variable in no row or objective counts as 0."""
    column = {id(v): j for j, v in enumerate(kept)}
    out = {}
    for name in names:
        component = getattr(model, name, None)
        if component is None:
            continue
        keys, indptr, indices, data, constant = [], [0], [], [], []
        for key, expr in component.items(SORT):
            variables, values, offset = expression_terms(expr.expr)
            for var, coef in zip(variables, values, strict=True):
                j = column.get(id(var))
                if j is not None:
                    indices.append(j)
                    data.append(coef)
            keys.append(key_tuple(key))
            indptr.append(len(indices))
            constant.append(offset)
        out[name] = LinearMap(
            keys,
            np.array(indptr, dtype=np.int64),
            np.array(indices, dtype=np.int64),
            np.array(data, dtype=float),
            np.array(constant, dtype=float),
        )
    return out


def column_bounds(variables: list) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bound of each variable (−inf, inf for none), as ``VarData.bounds`` gives
    them: a variable's own numeric bounds within its domain's. Most variables share a domain and
    have numbers or None as bounds; those are read here in one step (``bounds`` costs ≈ 1 µs a
    variable), any other asks ``bounds``."""
    domain_bounds: dict[int, tuple] = {}
    lower, upper = [], []
    for v in variables:
        lb, ub, domain = v._lb, v._ub, v._domain
        found = domain_bounds.get(id(domain))
        if found is None:
            found = domain_bounds[id(domain)] = (domain, domain.bounds())
        dlb, dub = found[1]
        if (lb is None or (lb.__class__ in _NUMBERS and -INF < lb < INF)) and (
            ub is None or (ub.__class__ in _NUMBERS and -INF < ub < INF)
        ):
            lb = dlb if lb is None else (lb if dlb is None else max(lb, dlb))
            ub = dub if ub is None else (ub if dub is None else min(ub, dub))
        else:
            lb, ub = v.bounds
        lower.append(-INF if lb is None else lb)
        upper.append(INF if ub is None else ub)
    return np.array(lower, dtype=float), np.array(upper, dtype=float)


_NUMBERS = (int, float)


LOG_ATTRIBUTE = "sum_log"
"""The model attribute holding the :class:`models.expr.SumLog` of its build, if any."""


def _matched(model: pyo.ConcreteModel, log: SumLog, columns: ColumnMap):
    """(the stream, its objectives, the provisional number of the variable of every term, the
    coefficients). A logged row holding a fixed variable (a constant now) is walked instead; a
    variable of a component outside the model gets that component numbered after the rest."""
    walked: set[int] = set()
    for _ in range(3):
        stream, objectives = collect(model, log, walked)
        ids, values = stream.gather()
        number, ok = columns.find(ids)
        if ok.all():
            return stream, objectives, number, values
        lengths = stream.lengths()
        run = np.repeat(np.arange(len(lengths)), lengths)
        bad = np.flatnonzero(~ok)
        logged = {id(stream.bodies[r]) for r in set(run[bad].tolist()) if stream.logged[r]}
        if logged - walked:
            walked |= logged
        else:
            starts = np.cumsum(lengths) - lengths
            columns.extend([stream.variable(run[i], i - starts[run[i]]) for i in bad])
    raise ValueError("a row holds a variable that is neither free nor fixed")


def _column_order(columns: ColumnMap, component: np.ndarray):
    """(components in the order first met, first column of each component, number of columns)."""
    present = np.flatnonzero(np.bincount(component, minlength=len(columns.components)))
    # first term of each component met (a handful of components: no sort of every term)
    first_at = [int(np.argmax(component == c)) for c in present]
    met = [int(present[i]) for i in np.argsort(first_at, kind="stable")]
    sizes = np.array([len(columns.free(c)) for c in met], dtype=np.int64)
    start_of = np.zeros(len(columns.components), dtype=np.int32)
    start_of[met] = np.cumsum(sizes) - sizes
    return met, start_of, int(sizes.sum())


def _merge_repeats(run: np.ndarray, number: np.ndarray, values: np.ndarray, n: int):
    """A variable met twice in one run becomes one term where first met, its coefficients summed
    in order (as Pyomo's standard representation does); terms summing to 0 are dropped."""
    key = run.astype(np.int64) * max(n, 1) + number
    ordered = np.sort(key)
    if not (ordered[1:] == ordered[:-1]).any():
        return run, number, values
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    summed = np.bincount(inverse, weights=values)  # in the terms' order, as one Python loop
    order = np.argsort(first, kind="stable")
    order = order[summed[order] != 0]
    run, number = np.divmod(unique[order], max(n, 1))
    return run.astype(np.int32), number.astype(np.int32), summed[order]


def _csc(row_of: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, n_cols: int):
    """Terms in row order to compressed columns, row numbers ascending within each column."""
    order = np.argsort(cols, kind="stable")  # stable: rows stay ascending within a column
    indptr = np.zeros(n_cols + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols, minlength=n_cols), out=indptr[1:])
    return CscMatrix(
        (n_rows, n_cols),
        indptr.astype(np.int32) if indptr[-1] < 2**31 else indptr,
        row_of[order].astype(np.int32),
        vals[order],
    )


def _row_blocks(stream: Stream) -> list[Block]:
    ends = [start for _, start in stream.blocks[1:]] + [len(stream.rows)]
    return [
        Block(name, start, stream.keys[start:end])
        for (name, start), end in zip(stream.blocks, ends, strict=True)
    ]


def _column_blocks(columns: ColumnMap, met: list[int], start_of: np.ndarray) -> list[Block]:
    return [
        Block(
            columns.components[c].name,
            int(start_of[c]),
            columns.free_keys(c),
        )
        for c in met
    ]


def _set_active_objectives(model: pyo.ConcreteModel, names: set[str]) -> None:
    for obj in model.component_objects(pyo.Objective):
        if obj.name in names:
            obj.activate()
        else:
            obj.deactivate()


REPORTED_EXPRESSIONS = ("award_paid_musd", "plant_support_musd")
"""Named expressions whose values are returned with the variables' (what each award and plant is
paid)."""


def compile_lp(model: pyo.ConcreteModel, objectives: tuple[str, ...]) -> CompiledLP:
    """Compile ``model`` with the named objectives active to arrays (see the module docstring), with
    the :data:`REPORTED_EXPRESSIONS` it has."""
    saved = {o.name: o.active for o in model.component_objects(pyo.Objective)}
    try:
        _set_active_objectives(model, set(objectives))
        with PauseGC():
            return compile_model(model, REPORTED_EXPRESSIONS)
    finally:
        _set_active_objectives(model, {name for name, active in saved.items() if active})
