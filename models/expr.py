"""Build linear expressions in one step instead of by repeated ``+`` (about 2–20× faster), and
keep their terms for the compiler.

Pyomo's ``sum(c * x for ...)`` creates and extends an expression object term by term; a
``LinearExpression`` made from a list of terms is built once. The result is the same linear
expression; the build-scaling benchmark measures the gain.

While a model is built inside :func:`recording`, every sum made here is also logged in a
:class:`SumLog` with the list of terms it was made from (at no cost per term), so that
:mod:`models.matrix` reads all rows' terms from those lists at once instead of walking each
expression term by term (the walk cost ≈ 0.6 µs a term). The expression is the model's truth:
a log entry is used only while the row's body is still that very expression object.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from pyomo.core.base.expression import ExpressionData
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression


class SumLog:
    """Every sum built while recording, with the list of its terms as it was built.

    Kept in flat dicts of existing objects (no tuple per sum): every object added here is one
    more for Python's garbage collector to walk, for as long as the model lives.
    """

    def __init__(self) -> None:
        self.exprs: dict[int, object] = {}
        """id(expression) -> the expression (its id alone could be an expression since freed)."""
        self.terms: dict[int, list] = {}
        """id(expression) -> its terms: the variables of a plain sum (its own argument list), else
        (coefficient, variable) pairs with no zero coefficient (told apart by the first term)."""

    def add(self, expr, terms: list) -> None:
        """Log ``expr`` as Σ ``terms`` (variables, or (c, v) pairs)."""
        key = id(expr)
        self.exprs[key] = expr
        self.terms[key] = terms

    def run(self, expr) -> tuple[list, bool] | None:
        """(terms, plain) of ``expr``, or None if ``expr`` was not logged here."""
        key = id(expr)
        found = self.exprs.get(key)
        if found is None or found is not expr:
            return None
        terms = self.terms[key]
        if not terms or terms[0].__class__ is tuple:
            return terms, False
        # Pyomo may append to a sum's own argument list when the sum is extended (`expr + x`)
        n = expr.nargs()
        return (terms if len(terms) == n else terms[:n]), True


_LOG: ContextVar[SumLog | None] = ContextVar("accplan_sum_log", default=None)


@contextlib.contextmanager
def recording() -> Iterator[SumLog]:
    """Log the terms of every :func:`plain_sum` and :func:`weighted_sum` made inside."""
    log = SumLog()
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


def members(component) -> dict:
    """index -> member (VarData, or a Param's value) of an indexed component, as Pyomo holds them.

    For rules that fetch many members: ``component[index]`` normalises the index and validates
    it on every call (≈ 1 µs, the largest single cost of building); the rules' indices are the
    component's own index tuples, so a plain look-up finds the same member.
    """
    return component._data


def plain_sum(variables: Iterable[VarData]) -> LinearExpression:
    """Σ v over ``variables`` (all coefficients 1)."""
    args = list(variables)
    expr = LinearExpression(args)
    log = _LOG.get()
    if log is not None:
        log.add(expr, args)
    return expr


def weighted_sum(terms: Iterable[tuple[float, VarData]]) -> LinearExpression:
    """Σ c × v over ``(c, v)`` pairs; terms with c = 0 are dropped."""
    kept = [(float(c), v) for c, v in terms if c != 0]
    # a unit term is the variable itself: two objects fewer to make and for the collector to walk
    expr = LinearExpression([t[1] if t[0] == 1.0 else MonomialTermExpression(t) for t in kept])
    log = _LOG.get()
    if log is not None:
        log.add(expr, kept)
    return expr


def logged_combination(body, parts: Iterable[tuple[float, object]]):
    """Log ``body``, which the caller built as Σ w × e over ``parts``, and return it.

    Each e is a variable, a sum made here, or a named expression (``pyo.Expression``) holding one
    (or another logged combination). The log holds ``body``'s terms flattened (w × coefficient,
    zeros left out), so the compiler need not walk the named expressions. If a part was not
    logged, neither is ``body``: the compiler then walks it.
    """
    log = _LOG.get()
    if log is None:
        return body
    pairs: list = []
    for w, e in parts:
        w = float(w)
        if e.__class__ is VarData:
            if w != 0:
                pairs.append((w, e))
            continue
        run = log.run(e.expr if isinstance(e, ExpressionData) else e)
        if run is None:
            return body
        terms, plain = run
        if plain:
            pairs.extend((w, v) for v in terms if w != 0)
        elif w == 1.0:
            pairs.extend(terms)
        else:
            pairs.extend((w * c, v) for c, v in terms if w * c != 0)
    log.add(body, pairs)
    return body
