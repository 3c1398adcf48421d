"""One library entry for a run: input workbook → validated data → two-stage solve → plan.

The CLI, the tests and any sweep, batch or notebook call :func:`run` (or :func:`run_loaded`
with data already read and validated, as a batch sends to its workers)::

    outcome = run(Path("inputs/acc_base.xlsx"), RunOptions(reproducible=True))
    outcome.tables.headline["total_output"], outcome.output

Every outcome but an optimal plan is raised as a :class:`~planner.errors.PlannerError`
(invalid input, no plan, time limit, solver failure, unwritable output), whose ``exit_code`` the
CLI passes on. Progress is reported through the :class:`Progress` protocol; nothing is printed.

Pyomo and HiGHS are imported inside the steps that need them, and shown as a step of their own,
so that a front end answers at once and the second-long import is not mistaken for a hang.
"""

from __future__ import annotations

import _thread
import datetime as dt
import gc
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from planner.errors import (
    OutputError,
    TimeLimitError,
)

if TYPE_CHECKING:
    from models.result import SolveResult
    from planner.errors import Issue
    from planner.plan.tables import PlanTables
    from planner.plan.write import RunInfo
    from planner.workbook.load import LoadedInput
    from planner.workbook.overrides import Override

LP_SUFFIXES = (".lp", ".mps")
DEFAULT_FOLDER = Path("outputs")
"""Where a plan goes when no output path is given: ``outputs/<input name>_plan.xlsx``."""

T = TypeVar("T")


@dataclass(frozen=True)
class RunOptions:
    """How to run a workbook; every field has the CLI's default.

    Attributes
    ----------
    output : Path, optional
        Where to write the plan; default ``outputs/<input name>_plan.xlsx``.
    time_limit_s : float, optional
        Solver time limit in seconds; default the Settings sheet's ``time_limit_s``.
    deadline_s : float, optional
        Stop the whole run (reading, building, solving, writing) after this many seconds.
    write_lp : Path, optional
        Also write the stage-1 LP (``.lp`` or ``.mps``) for inspection.
    reproducible : bool
        Fix the run time and file timestamps: same input, byte-identical plan.
    write_plan : bool
        False: build the plan's tables without writing a workbook (``RunOutcome.output`` None).
    overrides : tuple of Override
        Changes to input cells for this run (``--set``/``--scale``), applied before validation;
        :func:`run_loaded` ignores them (its input was validated with its own).
    feasible_copy : Path, optional
        If no plan exists, write the input with the least change that makes one here
        (:mod:`planner.workbook.feasible`).
    freeze_imports : bool
        For a process that makes one plan and ends (the CLI): once Pyomo and HiGHS are imported,
        collect garbage and move every object then alive out of the collector's later walks
        (:func:`gc.freeze`). The hundreds of thousands of objects the imports leave would
        otherwise be walked by every full collection while the model is built and the plan
        written (≈ 0.1 s of a base-case run). Cyclic objects alive then are never collected
        afterwards, so a caller making many plans in one process keeps the default, False.
    """

    output: Path | None = None
    time_limit_s: float | None = None
    deadline_s: float | None = None
    write_lp: Path | None = None
    reproducible: bool = False
    overrides: tuple[Override, ...] = ()
    write_plan: bool = True
    feasible_copy: Path | None = None
    freeze_imports: bool = False


class Progress(Protocol):
    """What a front end hears while a run goes on (the CLI prints it on stderr)."""

    def started(self, step: str, detail: str) -> None:
        """A step began (``detail``: its file or time limit, may be empty)."""

    def finished(self, step: str, seconds: float) -> None:
        """The step ended after ``seconds``."""

    def note(self, text: str, level: int = 1) -> None:
        """A fact about the run; level 2 is detail (model size, the HiGHS log)."""


class Silent:
    """A :class:`Progress` that ignores everything (the default)."""

    def started(self, step: str, detail: str) -> None:
        """Ignore the step."""

    def finished(self, step: str, seconds: float) -> None:
        """Ignore the step."""

    def note(self, text: str, level: int = 1) -> None:
        """Ignore the note."""


@dataclass(frozen=True)
class RunOutcome:
    """An optimal plan and how it was reached."""

    loaded: LoadedInput
    """The validated input and its model data."""
    result: SolveResult
    tables: PlanTables
    """The plan's tables (what the workbook's sheets show)."""
    info: RunInfo
    """Run time (None if reproducible) and the timings written into the plan."""
    output: Path | None
    """The plan workbook written, or None with ``RunOptions(write_plan=False)``."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per step, by step name (plus ``building`` and ``solving``)."""

    @property
    def warnings(self) -> list[Issue]:
        """Warnings of the input (they did not stop the run), then the solve's numerical doubts."""
        from planner.plan.write import numerics_warnings

        return [*self.loaded.warnings, *numerics_warnings(self.result)]


class _Steps:
    """Times each step and tells ``progress``; remembers the step under way (for a deadline)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.start = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.current = "starting"
        self.started_at = dt.datetime.now(dt.UTC)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    @contextmanager
    def step(self, name: str, detail: str = "") -> Iterator[None]:
        self.current = name
        self.progress.started(name, detail)
        began = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - began
        self.progress.finished(name, self.timings[name])


class Deadline:
    """Interrupts the main thread when ``seconds`` have passed since ``start`` (None: never)."""

    def __init__(self, seconds: float | None, elapsed: Callable[[], float]) -> None:
        self.seconds = seconds
        self.elapsed = elapsed
        self.passed = threading.Event()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._active = False

    def remaining(self) -> float | None:
        """Seconds left, or None without a deadline."""
        return None if self.seconds is None else self.seconds - self.elapsed()

    def __enter__(self) -> Deadline:
        if self.seconds is not None:
            self._active = True
            self._timer = threading.Timer(max(self.seconds - self.elapsed(), 0), self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _fire(self) -> None:
        with self._lock:  # never interrupt a run that has already left the ``with`` block
            if self._active:
                self.passed.set()
                _thread.interrupt_main()

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._active = False
        if self._timer is not None:
            self._timer.cancel()


def run(workbook: Path, options: RunOptions, progress: Progress | None = None) -> RunOutcome:
    """Read, validate and solve ``workbook``; write its plan.

    Parameters
    ----------
    workbook : Path
        The input workbook (never modified).
    options : RunOptions
        Output path, limits, LP export, reproducibility.
    progress : Progress, optional
        Told of each step; default silent.

    Returns
    -------
    RunOutcome
        The optimal plan's tables, the solve result, the input's warnings and the timings.

    Raises
    ------
    PlannerError
        InputError (exit 2), NoPlanError (3), TimeLimitError (4; also when ``deadline_s``
        passes), SolveError or OutputError (1). Ctrl-C stays a KeyboardInterrupt.
    """
    from planner.workbook.load import load_input

    workbook = Path(workbook)
    steps = _Steps(progress or Silent())
    output = None if not options.write_plan else _output_path(workbook, options.output)
    if workbook.is_file():  # otherwise reading says what is wrong with it (exit 2)
        _check_outputs(workbook, output, options.write_lp)

    def pipeline(clock: Deadline) -> RunOutcome:
        with steps.step("reading and validating", str(workbook)):
            loaded = load_input(workbook, options.overrides)
        return _from_loaded(loaded, output, options, steps, clock)

    return _within_deadline(pipeline, options.deadline_s, steps)


def run_loaded(
    loaded: LoadedInput, options: RunOptions, progress: Progress | None = None
) -> RunOutcome:
    """:func:`run` for an input already read and validated (its file must still be unchanged).

    The plan copies the input's sheets from ``loaded.path``, checked against ``loaded.sha256``.
    """
    steps = _Steps(progress or Silent())
    steps.timings["reading and validating"] = 0.0
    workbook = Path(loaded.path)
    output = None if not options.write_plan else _output_path(workbook, options.output)
    _check_outputs(workbook, output, options.write_lp)
    return _within_deadline(
        lambda clock: _from_loaded(loaded, output, options, steps, clock), options.deadline_s, steps
    )


def _within_deadline(pipeline: Callable[[Deadline], T], seconds: float | None, steps: _Steps) -> T:
    """Run ``pipeline`` under the deadline; its interrupt becomes a :class:`TimeLimitError`."""
    from planner.diagnose import time_limit_message

    clock = Deadline(seconds, steps.elapsed)
    # The deadline's interrupt can arrive at any bytecode, even while the timer is being started
    # or stopped, so it is caught outside the ``with`` block.
    try:
        with clock:
            return _interruptible(pipeline, clock)
    except KeyboardInterrupt:
        if not clock.passed.is_set():
            raise
        raise TimeLimitError(time_limit_message(seconds, True, steps.current)) from None


def _interruptible(func: Callable[[Deadline], T], clock: Deadline) -> T:
    """Call ``func``; an import broken by Ctrl-C (an ImportError caused by KeyboardInterrupt, as
    extension modules raise it) is reported as the interrupt it is, not as an internal error."""
    try:
        return func(clock)
    except ImportError as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, KeyboardInterrupt):
            raise cause from None  # Ctrl-C or SIGTERM, whichever it was
        raise


def _output_path(workbook: Path, output: Path | None) -> Path:
    """``output``, or ``outputs/<input name>_plan.xlsx`` (the folder is made only for an input
    that exists, so a mistyped name leaves nothing behind)."""
    if output is not None:
        return Path(output)
    if workbook.is_file():
        DEFAULT_FOLDER.mkdir(exist_ok=True)
    return DEFAULT_FOLDER / f"{workbook.stem}_plan.xlsx"


def _check_outputs(workbook: Path, output: Path | None, write_lp: Path | None) -> None:
    """Refuse, before any work, outputs that would overwrite the input or each other."""
    from planner.xlsx.atomic import check_output_path

    if output is not None:
        check_output_path(output, (workbook,), (".xlsx",))
    if write_lp is not None:
        others = (workbook,) if output is None else (workbook, output)
        check_output_path(Path(write_lp), others, LP_SUFFIXES)


def _from_loaded(
    loaded: LoadedInput,
    output: Path | None,
    options: RunOptions,
    steps: _Steps,
    clock: Deadline,
) -> RunOutcome:
    """Solve the loaded input and write its plan (the pipeline after reading)."""
    _report_loaded(loaded, steps.progress)
    if options.write_lp is not None:
        with steps.step("writing the LP", str(options.write_lp)):
            _write_lp(loaded, Path(options.write_lp))
    result = _solve(loaded, options, steps, clock)
    return _finish(loaded, result, output, options, steps)


def _report_loaded(loaded: LoadedInput, progress: Progress) -> None:
    data = loaded.data
    progress.note(
        f"  {len(data.plants)} plants, {len(data.minerals)} minerals, "
        f"{len(data.sources)} sources, years {data.years[0]}-{data.years[-1]}; "
        f"scenario {loaded.scenario!r}"
    )
    for issue in loaded.warnings:
        progress.note(f"  warning: {issue}")


def _write_lp(loaded: LoadedInput, path: Path) -> None:
    from models.build import build_model
    from planner.xlsx.atomic import atomic_target

    model = build_model(loaded.data)
    with atomic_target(path) as tmp:
        try:
            model.write(str(tmp), io_options={"symbolic_solver_labels": True})
        except (OSError, ValueError, RuntimeError) as exc:
            raise OutputError(f"cannot write the LP to {path}: {exc}") from exc


def _solve(loaded: LoadedInput, options: RunOptions, steps: _Steps, clock: Deadline) -> SolveResult:
    with steps.step("loading the solver"):  # HiGHS and numpy: shown rather than a pause
        from models.solve import solve as solve_model
    if options.freeze_imports:
        gc.collect()
        gc.freeze()

    limit = options.time_limit_s if options.time_limit_s is not None else loaded.time_limit_s
    remaining = clock.remaining()
    if remaining is not None:
        limit = remaining if limit is None else min(limit, remaining)
    with steps.step("building and solving", f"(time limit {limit:.3g} s)" if limit else ""):
        result = solve_model(loaded.data, time_limit_s=limit)
    steps.timings["building"] = result.build_seconds
    steps.timings["solving"] = result.solve_seconds
    steps.progress.note(
        f"  built in {result.build_seconds:.2f} s ({result.size.variables} variables, "
        f"{result.size.constraints} constraints, {result.size.nonzeros} nonzeros); solved "
        f"in {result.solve_seconds:.2f} s: {result.status.value}"
    )
    steps.progress.note(f"  HiGHS log:\n{result.log}", level=2)
    for note in result.numerics:
        steps.progress.note(f"  warning: the plan may be numerically doubtful: {note}")
    by_deadline = remaining is not None and limit == remaining
    from planner.diagnose import check_status

    check_status(loaded, result, limit, by_deadline, clock.remaining(), options.feasible_copy)
    return result


def _finish(
    loaded: LoadedInput,
    result: SolveResult,
    output: Path | None,
    options: RunOptions,
    steps: _Steps,
) -> RunOutcome:
    from planner.plan.tables import build_tables
    from planner.plan.write import RunInfo, write_plan

    run_time = None if options.reproducible else steps.started_at
    timings = {k: steps.timings[k] for k in ("reading and validating", "building", "solving")}
    info = RunInfo(run_time=run_time, timings=timings)
    if output is None:
        tables = build_tables(loaded.data, result, loaded.fx_rs_per_usd)
    else:
        with steps.step("writing", str(output)):
            tables = write_plan(output, loaded, result, info)
    return RunOutcome(loaded, result, tables, info, output, dict(steps.timings))
