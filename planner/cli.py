"""The ``accplan`` command line: one group, and one place where errors become messages and exits.

Each subcommand lives in ``planner/commands/<name>.py`` and imports Pyomo/HiGHS only inside its
function body, so ``accplan --help``, ``validate`` and ``template`` answer at once.

Exit statuses: 0 success; 1 anything else; 2 invalid input; 3 infeasible or unbounded model;
4 stopped at the time limit. The commands in :data:`DIFF_STYLE` (``compare``) follow ``diff``
instead: 0 same, 1 different, 2 any error. :func:`main` is the one place where errors become
exit statuses (:func:`planner.errors.exit_status`). Ctrl-C exits 130 and SIGTERM 143, each with
one line, after the same clean-up.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn

import click

from planner import __version__
from planner.commands.batch import batch
from planner.commands.compare import compare
from planner.commands.solve import solve
from planner.commands.sweep import sweep
from planner.commands.template import template
from planner.commands.validate import validate
from planner.errors import (
    DIFF_TROUBLE,
    InputError,
    PlannerError,
    Stopped,
    Terminated,
    exit_status,
    in_workbook,
)
from planner.workbook.issue_text import report_lines

DIFF_STYLE = frozenset({"compare"})
"""Commands whose exit status follows ``diff``: 0 same, 1 different, 2 any error."""


class Group(click.Group):
    """The command group; an interrupt inside a command leaves it as :class:`Stopped`."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a Ctrl-C inside it becomes :class:`Stopped`."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise Stopped(exc) from exc


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def _stopped(interrupt: BaseException | None, process_exit: bool) -> NoReturn:
    """One line and the shell's status for the signal: 143 for SIGTERM, 130 for Ctrl-C.

    With ``process_exit`` (accplan run as a program), the process ends at once: every temporary
    file is already gone, and tearing down a large model object by object would keep the user
    waiting another second or more after the message.
    """
    terminated = isinstance(interrupt, Terminated)
    code = 143 if terminated else 130
    what = "Terminated (SIGTERM)" if terminated else "Interrupted"
    click.echo(f"{what}; no partial output was left behind.", err=True)
    if process_exit:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="accplan")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for developers).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Plan India's ACC cell incentive and critical-mineral supply across cell plants."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["command"] = ctx.invoked_subcommand  # main's exit convention depends on it


cli.add_command(validate)
cli.add_command(template)
cli.add_command(solve)
cli.add_command(compare)
cli.add_command(sweep)
cli.add_command(batch)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``accplan`` script: no traceback reaches a user without --debug.

    While it runs, SIGTERM raises :class:`Terminated` in the main thread (and the previous
    handler is put back afterwards, for callers that run accplan in-process).
    """
    # accplan does no dense linear algebra; OpenBLAS would start a spinning thread per core at
    # numpy's import (≈ 0.1 s CPU of every run on 2 cores, more in a batch's workers). The
    # solver stack is imported after this line, so the setting holds; a user's own value wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if threading.current_thread() is not threading.main_thread():
        _main(argv)
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> None:
    process_exit = argv is None  # the accplan program itself, not a caller in the same process
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    state: dict[str, object] = {}
    try:
        # Without standalone mode click returns (not raises) the code of ctx.exit(n): pass it on.
        code = cli.main(args=args, prog_name="accplan", standalone_mode=False, obj=state)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort as exc:
        _stopped(exc.__cause__ or exc.__context__, process_exit)
    except click.ClickException as exc:
        _usage_error(exc, args)
    except PlannerError as exc:
        _planner_error(exc, debug, diff_style=state.get("command") in DIFF_STYLE)
    except (Stopped, KeyboardInterrupt) as exc:
        _stopped(exc.interrupt if isinstance(exc, Stopped) else exc, process_exit)
    except MemoryError:
        click.echo(f"Error: {_out_of_memory(args)}", err=True)
        sys.exit(DIFF_TROUBLE if state.get("command") in DIFF_STYLE else 1)
    except Exception as exc:  # the last line of defence against tracebacks
        if debug:
            raise
        _internal_error(exc, diff_style=state.get("command") in DIFF_STYLE)
    sys.exit(code if isinstance(code, int) else 0)


def _out_of_memory(args: list[str]) -> str:
    """What to say when the computer's memory ran out: the size of each file given."""
    sizes = []
    for arg in args:
        path = Path(arg)
        if path.suffix.lower() == ".xlsx" and path.is_file():
            sizes.append(f"{path.name} is {path.stat().st_size / 2**20:,.1f} MB")
    given = f" ({'; '.join(sizes)})" if sizes else ""
    return (
        f"this computer's memory ran out{given}; nothing was written. Close other programs, "
        "delete unused rows and sheets, or run accplan where more memory is free."
    )


def _planner_error(exc: PlannerError, debug: bool, diff_style: bool) -> None:
    """One ``Error:`` line per problem and the error's exit status (re-raised with --debug)."""
    if debug:
        raise exc
    for line in _error_lines(exc):
        click.echo(line, err=True)
    sys.exit(exit_status(exc, diff_style=diff_style))


def _usage_error(exc: click.ClickException, args: list[str]) -> None:
    """Show click's usage message and exit with its status (2)."""
    exc.show()
    if "--json" in args and "solve" in args:  # a program reading stdout still gets JSON
        doc = {"status": "usage error", "exit_code": exc.exit_code, "message": exc.format_message()}
        click.echo(json.dumps(doc, indent=2))
    sys.exit(exc.exit_code)


def _internal_error(exc: Exception, diff_style: bool) -> None:
    """A bug: say so in one line, without a traceback, and exit 1 (2 for diff-style)."""
    evidence = "the two plans" if diff_style else "the input workbook"
    click.echo(
        f"Internal error: {type(exc).__name__}: {exc}. Rerun with --debug and "
        f"report it with {evidence}.",
        err=True,
    )
    sys.exit(DIFF_TROUBLE if diff_style else 1)


def _error_lines(exc: PlannerError) -> list[str]:
    """``Error: <where>: <what>`` once per problem (as ``accplan validate`` prints them)."""
    if isinstance(exc, InputError) and exc.issues:
        issues = [in_workbook(i, exc.workbook) for i in exc.issues]
        return report_lines([i for i in issues if i.is_error] or issues, "Error")
    if exc.workbook and exc.workbook not in str(exc):
        return [f"Error: {exc.workbook}: {exc}"]
    return [f"Error: {exc}"]
