"""`accplan solve`: read → validate → build → solve → write the plan, reporting each step.

Pyomo, HiGHS, pandas and openpyxl are imported inside the command so that ``accplan --help``
answers at once. Exit statuses (turned into process exit codes by :func:`planner.cli.main`):
0 optimal plan written; 2 invalid input; 3 infeasible or unbounded; 4 time limit or deadline;
1 anything else.
"""

from __future__ import annotations

import _thread
import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from planner.commands.overriding import override_options, parse_overrides
from planner.errors import PlannerError

LP_SUFFIXES = (".lp", ".mps")
DEFAULT_FOLDER = Path("outputs")


class Steps:
    """Reports each step on stderr with the run's elapsed time, and keeps each step's seconds."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity
        self.start = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.current = "starting"

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def say(self, text: str, level: int = 1) -> None:
        if self.verbosity >= level:
            click.echo(f"[{self.elapsed():7.2f} s] {text}", err=True)

    @contextmanager
    def step(self, name: str, detail: str = "") -> Iterator[None]:
        self.current = name
        self.say(f"{name}{' ' + detail if detail else ''} ...")
        began = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - began
        self.say(f"{name}: done in {self.timings[name]:.2f} s")


class Deadline:
    """Interrupts the main thread when the whole run has taken ``seconds`` (None = no deadline)."""

    def __init__(self, seconds: float | None, steps: Steps) -> None:
        self.seconds = seconds
        self.steps = steps
        self.passed = threading.Event()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._active = False

    def remaining(self) -> float | None:
        return None if self.seconds is None else self.seconds - self.steps.elapsed()

    def __enter__(self) -> Deadline:
        if self.seconds is not None:
            self._active = True
            self._timer = threading.Timer(max(self.seconds - self.steps.elapsed(), 0), self._fire)
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


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="PLAN.xlsx",
    help="Where to write the plan [default: outputs/<input name>_plan.xlsx].",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    help="Solver time limit in seconds (overrides time_limit_s on the Settings sheet).",
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    help="Stop the whole run (reading, building, solving, writing) after S seconds.",
)
@click.option(
    "--write-lp",
    type=click.Path(path_type=Path),
    metavar="FILE.lp|FILE.mps",
    help="Also write the LP (stage 1, output-maximising) for inspection.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a machine-readable JSON summary on stdout instead of the table.",
)
@click.option("-q", "--quiet", "verbosity", flag_value=0, help="Show only errors.")
@click.option(
    "-v", "--verbose", "verbosity", flag_value=2, help="Also show model size and the HiGHS log."
)
@click.option(
    "--reproducible",
    is_flag=True,
    help="Fix the run time and file timestamps: same input, byte-identical plan.",
)
@override_options
def solve(
    workbook: Path,
    sets: tuple[str, ...],
    scales: tuple[str, ...],
    output: Path | None,
    time_limit: float | None,
    deadline: float | None,
    write_lp: Path | None,
    as_json: bool,
    verbosity: int | None,
    reproducible: bool,
) -> None:
    """Solve WORKBOOK and write the plan workbook.

    Exit status: 0 optimal plan written; 2 invalid input; 3 infeasible or unbounded; 4 time limit
    or deadline reached; 1 anything else.
    """
    level = 1 if verbosity is None else verbosity
    steps = Steps(0 if as_json and level == 1 else level)
    options = {
        "output": output,
        "time_limit": time_limit,
        "write_lp": write_lp,
        "reproducible": reproducible,
        "as_json": as_json,
        "overrides": (sets, scales),
    }
    clock = Deadline(deadline, steps)
    try:
        # The deadline's interrupt can arrive at any bytecode, even while the timer is being
        # started or stopped, so it is caught outside the ``with`` block.
        try:
            with clock:
                _interruptible(run, workbook, options, steps, clock)
        except KeyboardInterrupt:
            if not clock.passed.is_set():
                raise
            from planner.diagnose import TimeLimitError, time_limit_message

            raise TimeLimitError(time_limit_message(deadline, True, steps.current)) from None
    except PlannerError as exc:
        if as_json:
            from planner.plan.terminal import error_json

            click.echo(error_json(exc, _status_word(exc)))
        raise


def _interruptible(func: Any, *args: Any) -> None:
    """Call ``func``; an import broken by Ctrl-C (an ImportError caused by KeyboardInterrupt, as
    extension modules raise it) is reported as the interrupt it is, not as an internal error."""
    try:
        func(*args)
    except ImportError as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        raise


def _status_word(exc: PlannerError) -> str:
    return {2: "invalid input", 3: "no plan", 4: "time limit"}.get(exc.exit_code, "error")


def run(workbook: Path, options: dict[str, Any], steps: Steps, clock: Deadline) -> None:
    """The pipeline; raises a :class:`PlannerError` for every outcome but an optimal plan."""
    from planner.workbook.load import load_input
    from planner.xlsx.atomic import check_output_path

    run_time = None if options["reproducible"] else dt.datetime.now(dt.UTC)
    output = _output_path(workbook, options["output"])
    if workbook.is_file():  # otherwise reading says what is wrong with it (exit 2)
        check_output_path(output, (workbook,), (".xlsx",))
        if options["write_lp"] is not None:
            check_output_path(options["write_lp"], (workbook, output), LP_SUFFIXES)
    with steps.step("reading and validating", str(workbook)):
        loaded = load_input(workbook, parse_overrides(*options["overrides"]))
    _report_loaded(loaded, steps)
    if options["write_lp"] is not None:
        with steps.step("writing the LP", str(options["write_lp"])):
            _write_lp(loaded.data, options["write_lp"])
    result = _solve(loaded, options, steps, clock)
    _finish(loaded, result, output, run_time, steps, options)


def _output_path(workbook: Path, output: Path | None) -> Path:
    """``output``, or ``outputs/<input name>_plan.xlsx`` (the folder is made only for an input
    that exists, so a mistyped name leaves nothing behind)."""
    if output is not None:
        return output
    if workbook.is_file():
        DEFAULT_FOLDER.mkdir(exist_ok=True)
    return DEFAULT_FOLDER / f"{workbook.stem}_plan.xlsx"


def _report_loaded(loaded: Any, steps: Steps) -> None:
    data = loaded.data
    steps.say(
        f"  {len(data.plants)} plants, {len(data.minerals)} minerals, "
        f"{len(data.sources)} sources, years {data.years[0]}-{data.years[-1]}; "
        f"scenario {loaded.scenario!r}"
    )
    for issue in loaded.warnings:
        steps.say(f"  warning: {issue}")


def _write_lp(data: Any, path: Path) -> None:
    from models.build import build_model
    from planner.errors import OutputError
    from planner.xlsx.atomic import atomic_target

    model = build_model(data)
    with atomic_target(path) as tmp:
        try:
            model.write(str(tmp), io_options={"symbolic_solver_labels": True})
        except (OSError, ValueError, RuntimeError) as exc:
            raise OutputError(f"cannot write the LP to {path}: {exc}") from exc


def _solve(loaded: Any, options: dict[str, Any], steps: Steps, clock: Deadline) -> Any:
    with steps.step("loading Pyomo and HiGHS"):  # about a second, shown rather than a pause
        from models.solve import solve as solve_model

    limit = options["time_limit"] if options["time_limit"] is not None else loaded.time_limit_s
    remaining = clock.remaining()
    if remaining is not None:
        limit = remaining if limit is None else min(limit, remaining)
    with steps.step("building and solving", f"(time limit {limit:.3g} s)" if limit else ""):
        result = solve_model(loaded.data, time_limit_s=limit)
    steps.timings["building"] = result.build_seconds
    steps.timings["solving"] = result.solve_seconds
    steps.say(
        f"  built in {result.build_seconds:.2f} s ({result.size.variables} variables, "
        f"{result.size.constraints} constraints, {result.size.nonzeros} nonzeros); solved "
        f"in {result.solve_seconds:.2f} s: {result.status.value}"
    )
    steps.say(f"  HiGHS log:\n{result.log}", level=2)
    by_deadline = remaining is not None and limit == remaining
    _check_status(loaded, result, limit, by_deadline, clock.remaining())
    return result


def _check_status(
    loaded: Any, result: Any, limit: float | None, by_deadline: bool, remaining: float | None
) -> None:
    """Raise the error that matches a non-optimal termination (checked on every solve)."""
    from models.result import SolveStatus
    from models.solve import solve as solve_model
    from planner.diagnose import (
        NoPlanError,
        TimeLimitError,
        diagnose,
        infeasible_message,
        time_limit_message,
        unbounded_message,
    )
    from planner.errors import SolveError

    status = result.status
    if status is SolveStatus.OPTIMAL:
        return
    if status is SolveStatus.INFEASIBLE:
        budget = 10.0 if remaining is None else min(10.0, remaining / 2)
        findings = diagnose(loaded.data, solve_model, budget_s=budget)
        raise NoPlanError(infeasible_message(loaded.data, findings))
    if status is SolveStatus.UNBOUNDED:
        raise NoPlanError(unbounded_message())
    if status is SolveStatus.TIME_LIMIT:
        raise TimeLimitError(time_limit_message(limit, by_deadline))
    raise SolveError(
        f"the solver failed ({result.solver_message}); no plan was written. "
        "Rerun with --verbose to see the HiGHS log."
    )


def _finish(
    loaded: Any,
    result: Any,
    output: Path,
    run_time: dt.datetime | None,
    steps: Steps,
    options: dict[str, Any],
) -> None:
    from planner.plan.terminal import summary_json, summary_text
    from planner.plan.write import RunInfo, run_block, write_plan

    timings = {k: steps.timings[k] for k in ("reading and validating", "building", "solving")}
    info = RunInfo(run_time=run_time, timings=timings)
    with steps.step("writing", str(output)):
        tables = write_plan(output, loaded, result, info)
    if options["as_json"]:
        block = {**run_block(loaded, result, info), "solve_seconds": result.solve_seconds}
        click.echo(summary_json(tables, output, block, loaded.warnings, steps.timings))
    elif steps.verbosity >= 1:
        click.echo(summary_text(tables, output))
