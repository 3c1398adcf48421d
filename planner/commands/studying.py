"""Options shared by the study commands (``sweep``, ``batch``): outputs, tables, limits, output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def study_options(kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add -o, --table, --time-limit, --json, -q and --reproducible to a study command."""
    options = [
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            metavar=f"{kind.upper()}.xlsx",
            help=f"Where to write the {kind} workbook [default: outputs/<input name>_{kind}.xlsx].",
        ),
        click.option(
            "--table",
            "tables",
            multiple=True,
            type=click.Path(path_type=Path),
            metavar="FILE.csv|FILE.parquet",
            help="Also write the tidy table: one row per case, measure and index (repeatable).",
        ),
        click.option(
            "--time-limit",
            type=click.FloatRange(min=0, min_open=True),
            metavar="S",
            help="Solver time limit per solve, in seconds.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print the results as JSON."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no table."),
        click.option("--reproducible", is_flag=True, help="Fix the workbook's timestamps."),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate
