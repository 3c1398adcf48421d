"""Record the HiGHS work of one accplan solve and replay it on the floor's arrays.

The solve floor must do the same HiGHS work as accplan (the same runs, re-solves, ranging and
starts), or a ratio against it measures a difference in work, not accplan's overhead: the
floor used to skip the budget step and all but three re-solves per family. The floor LP is
accplan's LP element for element and in the same order (``tests/test_benchmark_floor.py``), so
accplan's calls, recorded once untimed, apply to it unchanged: :func:`record` wraps the Highs
object accplan creates and keeps every call that changes the model or does work;
:func:`replay` makes the same calls on the floor's Highs with nothing around them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import highspy
import numpy as np

WORK = frozenset(
    {
        "changeCoeff",
        "changeColBounds",
        "changeColsBounds",
        "changeColsCost",
        "changeColsIntegrality",
        "changeObjectiveSense",
        "changeRowBounds",
        "changeRowsBounds",
        "clearSolver",
        "getRanging",
        "setOptionValue",
    }
)
"""Calls replayed as made (model and option changes, plus ``getRanging``, which is HiGHS work);
``setOptionValue("log_file", ...)`` is left out (a temporary file of accplan's)."""

Trace = list[tuple[str, tuple]]


class Recorder:
    """A Highs object that notes the calls of :data:`WORK`, its runs and whose solution a
    ``setSolution`` hands back (``("start", k)``: the solution read after run k)."""

    def __init__(self, h: highspy.Highs, trace: Trace) -> None:
        self._h, self._trace = h, trace
        self._runs = 0
        self._solutions: dict[int, int] = {}

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._h, name)
        if name in ("run", "startSolve"):
            return self._wrap(attr, self._note_run)
        if name == "getSolution":
            return self._wrap(attr, None, self._note_solution)
        if name == "setSolution":
            return self._wrap(attr, self._note_start)
        if name in WORK:
            return self._wrap(attr, lambda *args: self._note(name, args))
        return attr

    def _wrap(self, call: Callable, before=None, after=None) -> Callable:
        def wrapped(*args):
            if before is not None:
                before(*args)
            result = call(*args)
            return after(result) if after is not None else result

        return wrapped

    def _note(self, name: str, args: tuple) -> None:
        if not (name == "setOptionValue" and args[0] == "log_file"):
            self._trace.append((name, _plain(args)))

    def _note_run(self, *_: Any) -> None:
        self._runs += 1
        self._trace.append(("run", ()))

    def _note_solution(self, solution: Any) -> Any:
        self._solutions[id(solution)] = self._runs
        return solution

    def _note_start(self, solution: Any) -> None:
        self._trace.append(("setSolution", ("start", self._solutions[id(solution)])))


def _plain(args: tuple) -> tuple:
    """Arguments that pickle: highspy enums as (type name, value), arrays as arrays."""
    out = []
    for a in args:
        if isinstance(a, highspy.ObjSense | highspy.HighsVarType):
            out.append(("enum", type(a).__name__, int(a)))
        elif isinstance(a, list | tuple):
            out.append(np.asarray(a))
        else:
            out.append(a)
    return tuple(out)


def _restore(arg: Any) -> Any:
    if isinstance(arg, tuple) and len(arg) == 3 and arg[0] == "enum":
        kind = getattr(highspy, arg[1])
        return kind(arg[2])
    return arg


def record_solve(data: Any, path: Path) -> Trace:
    """Solve ``data`` with accplan, recording its HiGHS calls; save them to ``path``."""
    from models import highs_lp, solve

    trace: Trace = []
    made = highs_lp.new_highs

    def recording(*args, **kwargs):
        h, banner = made(*args, **kwargs)
        return Recorder(h, trace), banner

    solve.highs_lp.new_highs = recording
    try:
        solve.solve(data)
    finally:
        solve.highs_lp.new_highs = made
    path.write_bytes(pickle.dumps(trace))
    return trace


def replay(h: highspy.Highs, trace: Trace) -> int:
    """Make the recorded calls on ``h`` (loaded with the floor LP); return the number of runs.

    A recorded start is the solution this replay read after the same run.
    """
    starts = {args[1] for name, args in trace if name == "setSolution"}
    solutions: dict[int, highspy.HighsSolution] = {}
    runs = 0
    for name, args in trace:
        if name == "run":
            h.run()
            runs += 1
            if runs in starts:
                solutions[runs] = h.getSolution()
        elif name == "setSolution":
            h.setSolution(solutions[args[1]])
        else:
            getattr(h, name)(*(_restore(a) for a in args))
    return runs
