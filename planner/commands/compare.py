"""`accplan compare`: exit 0 when the plans are the same within tolerance, 1 when they differ,
2 on error (the ``diff`` convention)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.commands.render import echo_text

SAME, DIFFERENT = 0, 1
"""diff's exit statuses; any error exits 2 (:data:`planner.errors.DIFF_TROUBLE`)."""


@click.command()
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
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
def compare(
    base: Path,
    others: tuple[Path, ...],
    output: Path | None,
    abs_tol: float,
    rel_tol: float,
    as_json: bool,
) -> None:
    """Compare plan workbooks: which inputs differ, what that did to the plan, and which limits
    started or stopped binding. With several OTHER plans, each is compared with BASE and a
    side-by-side headline comes first.

    Rows are matched on their key columns (plant, year, source, mineral, …), never on their
    position. Exit status: 0 same within tolerance, 1 different, 2 error.
    """
    from planner.compare.compare import Tolerance, compare_plans
    from planner.compare.report import comparison_text, write_comparisons

    # Errors exit 2 (diff's "trouble"): planner.cli.DIFF_STYLE names this command.
    comparisons = [compare_plans(base, o, Tolerance(abs_tol, rel_tol)) for o in others]
    if output is not None:
        write_comparisons(comparisons, output)
    echo_text(comparison_text(comparisons, as_json, output))
    # sys.exit, not ctx.exit: without click's standalone mode ctx.exit's code would be lost.
    sys.exit(SAME if all(c.same for c in comparisons) else DIFFERENT)
