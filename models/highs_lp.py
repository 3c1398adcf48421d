"""Hand the LP to highspy as one matrix, and read the answer back.

The LP (:class:`models.compiled.CompiledLP`: c, A, bounds) comes from compiling the Pyomo model
(:mod:`models.matrix`) or from the numpy assembly (:mod:`models.assembly`); this module passes it
to a ``highspy.Highs`` object in one call and runs it with the log going to a file (never to the
terminal).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import highspy

from models.compiled import CompiledLP, key_tuple
from models.result import SolveStatus

LOG = logging.getLogger(__name__)

HIGHS_THREADS = 1
"""HiGHS fixes its thread count process-wide at the first run: every Highs object made here uses
this one value, and other code in the same process that runs HiGHS should use it too. If HiGHS
was first run with another count, :func:`run` resets the global scheduler once and retries (that
in turn breaks the other code's next run if it insists on its own count)."""

_STATUS = {
    highspy.HighsModelStatus.kOptimal: SolveStatus.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: SolveStatus.UNBOUNDED,
    highspy.HighsModelStatus.kTimeLimit: SolveStatus.TIME_LIMIT,
}


def compile_lp(model, objectives: tuple[str, ...]) -> CompiledLP:
    """Compile a Pyomo ``model`` with the named objectives active (:mod:`models.matrix`).

    Imported here on demand: a solve of an assembled LP never imports Pyomo.
    """
    from models.matrix import compile_lp as compile_pyomo

    return compile_pyomo(model, objectives)


def new_highs(log_file: Path, time_limit_s: float | None) -> tuple[highspy.Highs, str]:
    """A Highs object logging to ``log_file`` only; returns it and any banner it printed."""
    with captured_stdout() as banner:
        h = highspy.Highs()
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("output_flag", True)
    h.setOptionValue("log_file", str(log_file))
    h.setOptionValue("threads", HIGHS_THREADS)
    h.setOptionValue("random_seed", 0)
    if time_limit_s is not None:
        h.setOptionValue("time_limit", float(time_limit_s))
    return h, banner.getvalue()


@contextlib.contextmanager
def captured_stdout() -> Iterator[io.StringIO]:
    """Catch what C code prints on file descriptor 1 (HiGHS's banner) into the yielded buffer.

    A plain ``dup2`` onto a temporary file, with no reader threads: Pyomo's ``capture_output``
    joins threads on exit and swallows a KeyboardInterrupt that lands there, which lost a Ctrl-C.
    """
    text = io.StringIO()
    sys.stdout.flush()
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(1)
        try:
            os.dup2(sink.fileno(), 1)
            yield text
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            text.write(sink.read().decode("utf-8", "replace"))


def pass_lp(h: highspy.Highs, lp: CompiledLP, objective: str, maximise: bool) -> None:
    """Load ``lp`` with the named objective into ``h`` in one call."""
    model = highspy.HighsLp()
    a = lp.a_matrix
    model.num_col_ = a.shape[1]
    model.num_row_ = a.shape[0]
    model.col_cost_ = lp.costs[objective]
    model.col_lower_ = lp.col_lower
    model.col_upper_ = lp.col_upper
    model.row_lower_ = lp.row_lower
    model.row_upper_ = lp.row_upper
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = a.indptr
    model.a_matrix_.index_ = a.indices
    model.a_matrix_.value_ = a.data
    model.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    h.passModel(model)


POLL_S = 0.05
"""How often the waiting thread wakes, so that a signal's handler runs within this time."""
STOP_WAIT_S = 5.0
"""How long an interrupted run waits for HiGHS to stop at its next iteration before leaving it."""


def run(h: highspy.Highs) -> tuple[SolveStatus, str]:
    """Run HiGHS and translate its model status; never raises on a failed solve.

    Ctrl-C, SIGTERM (when the caller maps it to an exception) or a deadline's interrupt cancel
    HiGHS at its next iteration and propagate here, rather than waiting for HiGHS to return.
    """
    run_status = interruptible_run(h)
    if run_status == highspy.HighsStatus.kError:
        LOG.warning("HiGHS run returned an error; resetting the global scheduler and retrying")
        highspy.Highs.resetGlobalScheduler(True)
        interruptible_run(h)
    model_status = h.getModelStatus()
    if model_status == highspy.HighsModelStatus.kUnboundedOrInfeasible:
        h.setOptionValue("presolve", "off")
        interruptible_run(h)
        h.setOptionValue("presolve", "choose")
        model_status = h.getModelStatus()
    status = _STATUS.get(model_status, SolveStatus.ERROR)
    return status, h.modelStatusToString(model_status)


def interruptible_run(h: highspy.Highs) -> highspy.HighsStatus:
    """``h.run()`` on highspy's solver thread while this thread waits in short, interruptible
    sleeps. An exception raised here by a signal handler (KeyboardInterrupt) asks HiGHS to stop
    through its interrupt callbacks, waits for it to stop, and is raised again. Without this a
    Ctrl-C is seen only when HiGHS returns (49 s at 2,000 plants; up to the whole time limit).
    """
    h.HandleUserInterrupt = True  # highspy's simplex/IPM/MIP callbacks, checked every iteration
    h.startSolve()
    try:
        while True:
            done, status = h.wait(POLL_S)
            if done:
                return status
    except BaseException:
        h.cancelSolve()
        _wait_for_stop(h)
        raise


def _wait_for_stop(h: highspy.Highs) -> None:
    """Wait (at most :data:`STOP_WAIT_S`) for a cancelled HiGHS run to stop; a second Ctrl-C
    while waiting is ignored: the first one is already being handled."""
    deadline = time.monotonic() + STOP_WAIT_S
    while time.monotonic() < deadline:
        try:
            if h.wait(POLL_S)[0]:
                return
        except KeyboardInterrupt:
            continue
    LOG.warning("HiGHS did not stop within %.0f s of being cancelled", STOP_WAIT_S)


def index_key(obj) -> tuple:
    """The index of a Pyomo VarData/ConstraintData as a tuple: () for a scalar, (k,) for 1-D."""
    return key_tuple(obj.index())
