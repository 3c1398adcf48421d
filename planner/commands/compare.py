"""`accplan compare`: exit 0 when the plans are the same within tolerance, 1 when they differ,
2 on error (the ``diff`` convention)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from planner.errors import PlannerError

SAME, DIFFERENT, TROUBLE = 0, 1, 2


@click.command()
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("other", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the difference workbook (.xlsx) here.",
)
@click.option(
    "--abs-tol",
    type=click.FloatRange(min=0),
    default=1e-6,
    show_default=True,
    help="Numbers closer than this are the same.",
)
@click.option(
    "--rel-tol",
    type=click.FloatRange(min=0),
    default=1e-6,
    show_default=True,
    help="Numbers closer than this share of the larger one are the same (the "
    "default is above the solver's rounding noise).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON instead.")
@click.pass_context
def compare(
    ctx: click.Context,
    base: Path,
    other: Path,
    output: Path | None,
    abs_tol: float,
    rel_tol: float,
    as_json: bool,
) -> None:
    """Compare two plan workbooks: which inputs differ, and what that did to the plan.

    Rows are matched on their key columns (plant, year, source, mineral, …), never on their
    position. Exit status: 0 same within tolerance, 1 different, 2 error.
    """
    debug = bool((ctx.obj or {}).get("debug"))
    try:
        same = _run(base, other, output, abs_tol, rel_tol, as_json)
    except PlannerError as exc:
        exc.exit_code = TROUBLE  # diff convention: 1 means "different", so every error is 2
        raise
    except Exception as exc:
        if debug:
            raise
        from planner.compare.compare import CompareError

        raise CompareError(
            f"internal error: {type(exc).__name__}: {exc}. Rerun with --debug "
            "and report it with the two plans."
        ) from exc
    # sys.exit rather than ctx.exit: cli.main runs click with standalone_mode=False, where
    # ctx.exit's code is returned, not raised, and would be lost.
    sys.exit(SAME if same else DIFFERENT)


def _run(
    base: Path, other: Path, output: Path | None, abs_tol: float, rel_tol: float, as_json: bool
) -> bool:
    import json

    from planner.compare.compare import Tolerance, compare_plans
    from planner.compare.text import format_text, to_json
    from planner.compare.workbook import write_diff_workbook

    cmp = compare_plans(base, other, Tolerance(abs_tol, rel_tol))
    if output is not None:
        write_diff_workbook(cmp, output)
    if as_json:
        text = json.dumps(to_json(cmp), indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_text(cmp)
        if output is not None:
            text += f"\nDifference workbook written to {output}\n"
    _echo(text)
    return cmp.same


def _echo(text: str) -> None:
    """Print; a reader that stops early (``accplan compare A B | head``) is not an error."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's advice: no second error at exit
