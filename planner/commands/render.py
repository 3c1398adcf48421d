"""What the CLI shows: a run's progress on stderr (one line per step, with elapsed seconds), and
text on stdout that survives a reader who stops early."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from planner.run import RunOutcome


class StderrProgress:
    """A :class:`planner.run.Progress` that prints ``[  1.42 s] building and solving ...``.

    Parameters
    ----------
    verbosity : int
        0 prints nothing, 1 the steps and notes, 2 also detail (model size, the HiGHS log).
    """

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity
        self.start = time.perf_counter()

    def say(self, text: str, level: int = 1) -> None:
        """Print ``text`` on stderr, stamped with the seconds since the command started."""
        if self.verbosity >= level:
            click.echo(f"[{time.perf_counter() - self.start:7.2f} s] {text}", err=True)

    def started(self, step: str, detail: str) -> None:
        """``name detail ...``."""
        self.say(f"{step}{' ' + detail if detail else ''} ...")

    def finished(self, step: str, seconds: float) -> None:
        """``name: done in 0.29 s``."""
        self.say(f"{step}: done in {seconds:.2f} s")

    def note(self, text: str, level: int = 1) -> None:
        """A fact about the run, at its level."""
        self.say(text, level)


def echo_text(text: str) -> None:
    """Print ``text`` as is; a reader that stops early (``accplan compare A B | head``) is fine."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's advice: no second error at exit


def render_plan(outcome: RunOutcome, as_json: bool, verbosity: int) -> None:
    """The JSON summary on stdout, or the aligned table unless quiet."""
    from planner.plan.terminal import summary_json, summary_text
    from planner.plan.write import run_block

    if as_json:
        block = run_block(outcome.loaded, outcome.result, outcome.info)
        block["solve_seconds"] = outcome.result.solve_seconds
        timings = dict(outcome.timings)
        click.echo(summary_json(outcome.tables, outcome.output, block, outcome.warnings, timings))
    elif verbosity >= 1:
        click.echo(summary_text(outcome.tables, outcome.output))
