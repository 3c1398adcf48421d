"""`accplan sweep WORKBOOK --vary TARGET=FIRST:LAST:COUNT`: many solves of one workbook, warm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.commands.overriding import override_options, parse_overrides
from planner.commands.studying import study_options


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "--vary",
    "varies",
    multiple=True,
    required=True,
    metavar="TARGET=A:B:N",
    help="An input to vary: an override target and FIRST:LAST:COUNT or V1,V2,...; TARGET*=... "
    "scales. Give it twice for a grid.",
)
@override_options
@study_options("sweep")
@click.pass_context
def sweep(
    ctx: click.Context,
    workbook: Path,
    varies: tuple[str, ...],
    sets: tuple[str, ...],
    scales: tuple[str, ...],
    **opts: Any,
) -> None:
    """Solve WORKBOOK at every value of one or two inputs, read once and re-solved warm.

    Exit status: 0 every point optimal; 2 invalid input or option; 3 a point has no plan;
    4 a point reached the time limit.
    """
    from planner.study.api import default_output, sweep_workbook
    from planner.study.progress import progress_bar
    from planner.study.report import sweep_report

    if len(varies) > 2:
        raise click.UsageError("give --vary once, or twice for a grid.")
    result, written = sweep_workbook(
        workbook,
        varies,
        parse_overrides(sets, scales),
        output=opts["output"] or default_output(workbook, "sweep"),
        tables=opts["tables"],
        time_limit_s=opts["time_limit"],
        reproducible=opts["reproducible"],
        progress=progress_bar(opts["quiet"] or opts["as_json"], "sweep"),
    )
    if opts["as_json"] or not opts["quiet"]:
        click.echo(sweep_report(result, written, opts["as_json"]))
    ctx.exit(0 if result.all_optimal else max(m.exit_code for _, m in result.points))
