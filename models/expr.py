"""Build linear expressions in one step instead of by repeated ``+`` (about 2–20× faster), and
keep their terms for the compiler.

Pyomo's ``sum(c * x for ...)`` creates and extends an expression object term by term; a
``LinearExpression`` made from a list of terms is built once. The result is the same linear
expression; the build-scaling benchmark measures the gain.

While a model is built inside :func:`recording`, every sum made here is also written to a
:class:`SumLog` as flat lists of its variables and coefficients, so that :mod:`models.matrix` takes
a row's terms from those lists instead of walking its expression term by term (the walk cost
≈ 0.6 µs a term). The expression is the model's truth: a log entry is used only while the row's
body is still that very expression object.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from pyomo.core.base.expression import ExpressionData
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression


class SumLog:
    """The terms of every sum built while recording, in flat lists, and each sum's run in them."""

    def __init__(self) -> None:
        self.variables: list[VarData] = []
        self.coefficients: list[float] = []
        self.runs: dict[int, tuple[LinearExpression, int, int]] = {}
        """id(expression) -> (the expression, first, end) of its terms in the flat lists."""

    def add(self, expr: LinearExpression, variables, coefficients) -> None:
        """Log ``expr`` as Σ coefficients × variables (both sequences of equal length)."""
        start = len(self.variables)
        self.variables.extend(variables)
        self.coefficients.extend(coefficients)
        self.runs[id(expr)] = (expr, start, len(self.variables))

    def run(self, expr) -> tuple[int, int] | None:
        """(first, end) of ``expr``'s terms, or None if ``expr`` was not logged here."""
        found = self.runs.get(id(expr))
        if found is None or found[0] is not expr:  # the id of an expression since freed
            return None
        return found[1], found[2]


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


def plain_sum(variables: Iterable[VarData]) -> LinearExpression:
    """Σ v over ``variables`` (all coefficients 1)."""
    args = list(variables)
    expr = LinearExpression(args)
    log = _LOG.get()
    if log is not None:
        log.add(expr, args, [1.0] * len(args))
    return expr


def weighted_sum(terms: Iterable[tuple[float, VarData]]) -> LinearExpression:
    """Σ c × v over ``(c, v)`` pairs; terms with c = 0 are dropped."""
    kept = [(float(c), v) for c, v in terms if c != 0]
    expr = LinearExpression(list(map(MonomialTermExpression, kept)))
    log = _LOG.get()
    if log is not None and kept:
        coefficients, variables = zip(*kept, strict=True)
        log.add(expr, variables, coefficients)
    elif log is not None:
        log.add(expr, (), ())
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
    variables: list = []
    coefficients: list[float] = []
    for w, e in parts:
        w = float(w)
        if e.__class__ is VarData:
            if w != 0:
                variables.append(e)
                coefficients.append(w)
            continue
        run = log.run(e.expr if isinstance(e, ExpressionData) else e)
        if run is None:
            return body
        for var, c in zip(
            log.variables[run[0] : run[1]], log.coefficients[run[0] : run[1]], strict=True
        ):
            if w * c != 0:
                variables.append(var)
                coefficients.append(w * c)
    log.add(body, variables, coefficients)
    return body
