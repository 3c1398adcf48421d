"""`accplan solve`: parse the options, call :func:`planner.run.run`, render the outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.commands.overriding import override_options, parse_overrides
from planner.commands.render import StderrProgress, render_plan
from planner.errors import PlannerError, status_word
from planner.run import RunOptions, run

SECONDS = click.FloatRange(min=0, min_open=True)
_path = click.Path(path_type=Path)


@click.command()
@click.argument("workbook", type=_path)
@click.option(
    "-o", "--output", type=_path, metavar="PLAN.xlsx",
    help="Where to write the plan [default: outputs/<input name>_plan.xlsx].",
)  # fmt: skip
@click.option(
    "--time-limit", "time_limit_s", type=SECONDS, metavar="S",
    help="Solver time limit in seconds (overrides time_limit_s on the Settings sheet).",
)  # fmt: skip
@click.option(
    "--deadline", "deadline_s", type=SECONDS, metavar="S",
    help="Stop the whole run (reading, building, solving, writing) after S seconds.",
)  # fmt: skip
@click.option(
    "--write-lp", type=_path, metavar="FILE.lp|FILE.mps",
    help="Also write the LP (stage 1, output-maximising) for inspection.",
)  # fmt: skip
@click.option(
    "--feasible-copy", type=_path, metavar="COPY.xlsx",
    help="If no plan exists, write the input with the least change that makes one possible "
    "(changed cells shaded orange) to COPY.xlsx.",
)  # fmt: skip
@click.option(
    "--json", "as_json", is_flag=True,
    help="Print a machine-readable JSON summary on stdout instead of the table.",
)  # fmt: skip
@click.option("-q", "--quiet", "verbosity", flag_value=0, help="Show only errors.")
@click.option(
    "-v", "--verbose", "verbosity", flag_value=2, help="Also show model size and the HiGHS log."
)
@click.option(
    "--reproducible", is_flag=True,
    help="Fix the run time and file timestamps: same input, byte-identical plan.",
)  # fmt: skip
@override_options
def solve(workbook: Path, sets: tuple[str, ...], scales: tuple[str, ...], **opts: Any) -> None:
    """Solve WORKBOOK and write the plan workbook.

    Exit status: 0 optimal plan written; 2 invalid input; 3 infeasible or unbounded; 4 time limit
    or deadline reached; 130 Ctrl-C; 143 SIGTERM; 1 anything else.
    """
    as_json, verbosity = opts.pop("as_json"), opts.pop("verbosity")
    level = 1 if verbosity is None else verbosity
    progress = StderrProgress(0 if as_json and level == 1 else level)
    try:  # the remaining options are named as RunOptions's fields
        # One plan per process: the imports can be kept out of the garbage collector's walks.
        options = RunOptions(overrides=parse_overrides(sets, scales), freeze_imports=True, **opts)
        outcome = run(workbook, options, progress)
    except PlannerError as exc:
        exc.workbook = exc.workbook or workbook.name
        if as_json:  # a program reading stdout still gets JSON
            from planner.plan.terminal import error_json

            click.echo(error_json(exc, status_word(exc)))
        raise
    render_plan(outcome, as_json, progress.verbosity)
