"""The rows and objectives of a Pyomo model as one stream of terms, and every variable numbered.

:mod:`models.matrix` turns the stream into the LP's arrays. A row or objective whose body is a sum
logged while the model was built (:class:`models.expr.SumLog`) is a run of that log, read without
touching its terms; any other body is walked here (a flat ``LinearExpression`` term by term,
anything else through Pyomo's own ``generate_standard_repn``) and its terms appended. Variables are
then matched to their columns all at once, by their ids, with numpy (:class:`ColumnMap`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

import numpy as np
import pyomo.environ as pyo
from pyomo.common.numeric_types import native_types, value
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.repn.standard_repn import generate_standard_repn
from pyomo.repn.util import FileDeterminism, FileDeterminism_to_SortComponents

from models.compiled import key_tuple
from models.expr import SumLog

SORT = FileDeterminism_to_SortComponents(FileDeterminism.ORDERED)
"""The order Pyomo's compiler uses by default: declaration order, ordered indices."""

INF = float("inf")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


class ColumnMap:
    """Every variable of the given components in one provisional order (components in
    declaration order, indices in order), with its component and its place among the
    component's free (not fixed) variables, -1 if fixed. Held as arrays: at 5,000 plants there
    are half a million variables."""

    def __init__(self, model: pyo.ConcreteModel) -> None:
        self.components: list = []
        self.variables: list[list[VarData]] = []
        self.fixed: list[np.ndarray | None] = []
        """Per component: which of its variables are fixed (None: none)."""
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for component in model.component_objects(pyo.Var, sort=SORT):
            self.add(component)
        self._lookup()

    def add(self, component) -> None:
        """Number the variables of one more component (a variable from outside the model)."""
        variables = list(component.values(SORT)) if component.is_indexed() else [component]
        n = len(variables)
        fixed = np.fromiter((v.fixed for v in variables), dtype=bool, count=n)
        position = np.arange(n, dtype=np.int32)
        if fixed.any():
            position = np.where(fixed, -1, np.cumsum(~fixed) - 1).astype(np.int32)
        self._parts.append(
            (
                np.fromiter(map(id, variables), dtype=np.int64, count=n),
                np.full(n, len(self.components), dtype=np.int32),
                position,
            )
        )
        self.components.append(component)
        self.variables.append(variables)
        self.fixed.append(fixed if fixed.any() else None)

    def free(self, number: int) -> list[VarData]:
        """The free variables of component ``number``, in order."""
        fixed = self.fixed[number]
        variables = self.variables[number]
        return (
            variables
            if fixed is None
            else [v for v, f in zip(variables, fixed, strict=True) if not f]
        )

    def free_keys(self, number: int) -> list[tuple]:
        """The index tuples of the free variables of component ``number``, in order."""
        component = self.components[number]
        keys = list(component.keys(SORT)) if component.is_indexed() else [None]
        fixed = self.fixed[number]
        if fixed is not None:
            keys = [k for k, f in zip(keys, fixed, strict=True) if not f]
        return [k if k.__class__ is tuple else key_tuple(k) for k in keys]

    def __len__(self) -> int:
        return len(self.component)

    def _lookup(self) -> None:
        empty = np.zeros(0, dtype=np.int32)
        parts = (
            zip(*self._parts, strict=True)
            if self._parts
            else ([empty.astype(np.int64)], [empty], [empty])
        )
        ids, component, position = (np.concatenate(p) for p in parts)
        self._order = np.argsort(ids, kind="stable").astype(np.int32)
        self._sorted = ids[self._order]
        self.component = component
        """Component of each provisional number."""
        self.position = position
        """Place among its component's free variables of each provisional number (-1: fixed)."""

    def find(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(provisional number, found and free) of each variable id."""
        if not len(self._sorted):
            return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, ids), len(self._sorted) - 1)
        number = self._order[at]
        return number, (self._sorted[at] == ids) & (self.position[number] >= 0)

    def extend(self, variables: list[VarData]) -> None:
        """Number the components of ``variables`` not numbered yet, in the order met."""
        known = {id(c) for c in self.components}
        for var in variables:
            component = var.parent_component()
            if id(component) not in known:
                known.add(id(component))
                self.add(component)
        self._lookup()


@dataclass
class Stream:
    """The terms of each objective (first) and row, as lists: logged ones as they were built."""

    runs: list[tuple[list, bool]] = field(default_factory=list)
    """(terms, plain) of each objective and row: variables if plain, else (c, v) pairs."""
    logged: list[bool] = field(default_factory=list)
    bodies: list = field(default_factory=list)
    """The expression of each run (to walk it instead, if its log entry cannot be used)."""
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list = field(default_factory=list)
    """ConstraintData of each row (a ranged constraint twice)."""
    keys: list[tuple] = field(default_factory=list)
    blocks: list[tuple[str, int]] = field(default_factory=list)
    """(constraint component name, its first row), in order."""

    def terms(self, log: SumLog, body, walk: bool) -> tuple[tuple[list, bool], float, bool]:
        """((terms, plain), constant, logged) of ``body``."""
        run = None if walk else log.run(body)
        if run is not None:
            return run, 0.0, True
        variables, values, constant = expression_terms(body)
        return (list(zip(values, variables, strict=True)), False), constant, False

    def add_run(self, run: tuple[list, bool], logged: bool, body) -> None:
        """One more objective or row, ``body``, made of ``run``'s terms."""
        self.runs.append(run)
        self.logged.append(logged)
        self.bodies.append(body)

    def lengths(self) -> np.ndarray:
        """Number of terms of each run."""
        return np.fromiter((len(t) for t, _ in self.runs), dtype=np.int64, count=len(self.runs))

    def gather(self) -> tuple[np.ndarray, np.ndarray]:
        """(variable id, coefficient) of every term, run after run: read from the lists in two
        sweeps, plain sums' and the rest's, each in C, and interleaved with numpy."""
        lengths = self.lengths()
        plain = np.fromiter((p for _, p in self.runs), dtype=bool, count=len(self.runs))
        of_plain = np.repeat(plain, lengths)
        ids = np.empty(len(of_plain), dtype=np.int64)
        values = np.ones(len(of_plain))
        n_plain = int(of_plain.sum())
        variables = chain.from_iterable(t for t, p in self.runs if p)
        ids[of_plain] = np.fromiter(map(id, variables), dtype=np.int64, count=n_plain)
        n_pairs = len(of_plain) - n_plain
        pairs = [t for t, p in self.runs if not p]  # read twice, so that no list of n is made
        variables = map(_SECOND, chain.from_iterable(pairs))
        ids[~of_plain] = np.fromiter(map(id, variables), dtype=np.int64, count=n_pairs)
        values[~of_plain] = np.fromiter(
            map(_FIRST, chain.from_iterable(pairs)), dtype=float, count=n_pairs
        )
        return ids, values

    def variable(self, run: int, place: int) -> VarData:
        """The variable of the ``place``-th term of ``run``."""
        terms, plain = self.runs[run]
        return terms[place] if plain else terms[place][1]


def expression_terms(expr) -> tuple[list, list[float], float]:
    """(variables, coefficients, constant) of a linear expression; repeated variables merged.

    A flat sum of variables and ``coefficient × variable`` monomials is read term by term (zero
    coefficients skipped); anything else, or a sum holding a fixed variable, goes through Pyomo's
    own standard representation (fixed variables are constants there, zeros dropped).
    """
    cls = expr.__class__
    if cls is LinearExpression:
        args = expr.args
    elif cls is VarData or cls is MonomialTermExpression:
        args = (expr,)
    else:
        return _generic_terms(expr)
    variables: list = []
    values: list[float] = []
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
            return _generic_terms(expr)
        if var.fixed:
            return _generic_terms(expr)
        variables.append(var)
        values.append(coef)
    return _merged(variables, values, 0.0)


def _generic_terms(expr) -> tuple[list, list[float], float]:
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    if not repn.is_linear():
        raise ValueError(f"nonlinear expression in a linear model: {expr}")
    kept = [(v, float(c)) for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True) if c]
    return _merged([v for v, _ in kept], [c for _, c in kept], float(value(repn.constant)))


def _merged(variables: list, values: list, constant: float) -> tuple[list, list, float]:
    if len({id(v) for v in variables}) == len(variables):
        return variables, values, constant
    total: dict[int, float] = {}
    first: dict[int, VarData] = {}
    for var, coef in zip(variables, values, strict=True):
        total[id(var)] = total.get(id(var), 0.0) + coef
        first.setdefault(id(var), var)
    return list(first.values()), list(total.values()), constant


def _bound(b) -> float | None:
    return b if b is None or b.__class__ in native_types else value(b)


def collect(model: pyo.ConcreteModel, log: SumLog, walked: set[int]) -> tuple[Stream, list]:
    """The terms of the active objectives, then of the active constraints' rows; the objectives.
    Bodies whose id is in ``walked`` are walked even if logged (they hold a fixed variable)."""
    stream = Stream()
    objectives = list(model.component_data_objects(pyo.Objective, active=True, sort=SORT))
    for o in objectives:
        run, _, logged = stream.terms(log, o.expr, id(o.expr) in walked)
        stream.add_run(run, logged, o.expr)
    for component in model.component_objects(pyo.Constraint, active=True, sort=SORT):
        stream.blocks.append((component.name, len(stream.rows)))
        items = component.items(SORT) if component.is_indexed() else [(None, component)]
        _add_rows(stream, log, items, walked)
    return stream, objectives


def _add_rows(stream: Stream, log: SumLog, items, walked: set[int]) -> None:
    """The rows of one constraint component. The common row (a logged sum ≤, ≥ or = a
    number) is added here in a few steps; any other goes through :func:`_add_row`."""
    add_run = stream.add_run
    lower, upper, rows, keys = stream.lower, stream.upper, stream.rows, stream.keys
    for key, con in items:
        if not con.active:
            continue
        key = key if key.__class__ is tuple else key_tuple(key)
        lb, body, ub = con.to_bounded_expression()
        found = log.run(body)
        if (
            found is None
            or not found[0]
            or (lb is not None and lb.__class__ not in native_types)
            or (ub is not None and ub.__class__ not in native_types)
            or (lb is None and ub is None)
            or (lb is not None and ub is not None and lb != ub)
            or id(body) in walked
        ):
            _add_row(stream, log, con, key, walked)
            continue
        add_run(found, True, body)
        lower.append(-INF if lb is None else lb)
        upper.append(INF if ub is None else ub)
        rows.append(con)
        keys.append(key)


def _add_row(stream: Stream, log: SumLog, con, key: tuple, walked: set[int]) -> None:
    lb, body, ub = con.to_bounded_expression()
    lb, ub = _bound(lb), _bound(ub)
    if lb is None and ub is None:
        return
    run, offset, logged = stream.terms(log, body, id(body) in walked)
    if not run[0]:
        if (lb is None or lb <= offset) and (ub is None or ub >= offset):
            return
        raise ValueError(f"constraint {con.name} is infeasible: it holds no variable")
    if lb == ub:
        sides = [(lb, ub)]
    else:  # a ranged row becomes two rows, ≤ then ≥, as in Pyomo's mixed standard form
        sides = ([(-INF, ub)] if ub is not None else []) + ([(lb, INF)] if lb is not None else [])
    for lower, upper in sides:
        stream.add_run(run, logged, body)
        stream.lower.append(lower - offset)
        stream.upper.append(upper - offset)
        stream.rows.append(con)
        stream.keys.append(key)
