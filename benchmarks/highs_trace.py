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
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

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

    def __init__(self, h: highspy.Highs, trace: Trace | Stream) -> None:
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


class Stream:
    """Where a :class:`Recorder` notes calls for :func:`follow`: each call, pickled, goes to an
    open file as it is made (nothing is kept in memory), so that the floor can replay it while
    accplan is still solving (``benchmarks/run.py --side-by-side``)."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file

    def append(self, entry: tuple[str, tuple]) -> None:
        pickle.dump(entry, self._file)
        self._file.flush()  # the follower reads it now, not when a buffer fills

    def close(self) -> None:
        """Mark the end of the trace."""
        pickle.dump(END, self._file)
        self._file.flush()


END = ("end", ())


def follow(
    path: Path, poll_s: float = 0.05, writing: Callable[[], bool] = lambda: True
) -> Iterator[tuple[str, tuple]]:
    """The calls of a :class:`Stream` being written to ``path``, each as soon as it is there;
    waits for the file and for more calls until the end mark, or until ``writing()`` says the
    writer has stopped without one (then raises)."""
    while not path.exists():
        _wait(poll_s, writing)
    with path.open("rb") as f:
        while True:
            at = f.tell()
            try:
                entry = pickle.load(f)
            except (EOFError, pickle.UnpicklingError):  # not (all) written yet
                f.seek(at)
                _wait(poll_s, writing)
                continue
            if entry == END:
                return
            yield entry


def _wait(seconds: float, writing: Callable[[], bool]) -> None:
    if not writing():
        raise RuntimeError("the trace's writer stopped before its end mark")
    time.sleep(seconds)


def record_solve(data: Any, path: Path) -> Trace:
    """Solve ``data`` with accplan, recording its HiGHS calls; save them to ``path``."""
    trace: Trace = []
    _record(data, trace)
    path.write_bytes(pickle.dumps(trace))
    return trace


def stream_solve(data: Any, path: Path) -> None:
    """Solve ``data`` with accplan, writing its HiGHS calls to ``path`` as they are made
    (:class:`Stream`, for :func:`follow`)."""
    with path.open("wb") as f:
        stream = Stream(f)
        _record(data, stream)
        stream.close()


def _record(data: Any, trace: Trace | Stream) -> None:
    from models import highs_lp, solve

    made = highs_lp.new_highs

    def recording(*args, **kwargs):
        h, banner = made(*args, **kwargs)
        return Recorder(h, trace), banner

    solve.highs_lp.new_highs = recording
    try:
        solve.solve(data)
    finally:
        solve.highs_lp.new_highs = made


KEPT_RUNS = 4
"""Runs whose solutions a replay that cannot look ahead (:func:`follow`) keeps as possible
starts, besides the latest run's: accplan hands stage 2 stage 1's solution (run 2: the MIP,
then its fixed LP) and then the solution of the run just made (stage 2's LP with the 0/1
decisions held, ``models.solve``); a start from any other run stops the replay with an error."""


def replay(h: highspy.Highs, trace: Iterable[tuple[str, tuple]]) -> int:
    """Make the recorded calls on ``h`` (loaded with the floor LP); return the number of runs.

    A recorded start is the solution this replay read after the same run. From a list, the
    solutions of the runs it starts from are kept; from a :func:`follow` (no look-ahead), those
    of the first :data:`KEPT_RUNS` runs and of the latest.
    """
    ahead = isinstance(trace, list)
    if ahead:
        starts = {args[1] for name, args in trace if name == "setSolution"}
    else:  # no look-ahead: the first runs, and the latest below
        starts = set(range(1, KEPT_RUNS + 1))
    solutions: dict[int, highspy.HighsSolution] = {}
    latest: dict[int, highspy.HighsSolution] = {}
    runs = 0
    for name, args in trace:
        if name == "run":
            h.run()
            runs += 1
            if runs in starts:
                solutions[runs] = h.getSolution()
            elif not ahead:
                latest = {runs: h.getSolution()}
        elif name == "setSolution":
            kept = solutions.get(args[1], latest.get(args[1]))
            if kept is None:
                raise RuntimeError(f"a start from run {args[1]}, whose solution was not kept")
            h.setSolution(kept)
        else:
            getattr(h, name)(*(_restore(a) for a in args))
    return runs
