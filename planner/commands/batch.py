"""`accplan batch WORKBOOK [--scenario NAME ...]`: the base and named scenarios, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.commands.overriding import override_options, parse_overrides
from planner.commands.studying import study_options


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    "names",
    multiple=True,
    metavar="NAME",
    help="Solve this scenario of the Scenarios sheet (repeatable; base is the "
    "workbook itself) [default: base and every scenario].",
)
@override_options
@study_options("batch")
@click.option(
    "--plans",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="FOLDER",
    help="Also write each scenario's full plan into FOLDER.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Solve in this many local processes (or Dask workers with --scheduler local).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Solve on the Dask cluster at ADDRESS (tcp://host:8786); 'local' starts one.",
)
@click.pass_context
def batch(
    ctx: click.Context,
    workbook: Path,
    names: tuple[str, ...],
    sets: tuple[str, ...],
    scales: tuple[str, ...],
    **opts: Any,
) -> None:
    """Solve the base and the scenarios of WORKBOOK into one results workbook.

    A scenario that is invalid, has no plan or fails is reported in its row, and the batch goes
    on. Exit status: 0 every scenario optimal; 2 invalid workbook or option; otherwise the
    largest exit class among the scenarios (2 invalid, 3 no plan, 4 time limit, 1 failed).
    """
    from planner.study.api import batch_workbook, default_output
    from planner.study.progress import progress_bar
    from planner.study.report import batch_report

    result, written = batch_workbook(
        workbook,
        names,
        parse_overrides(sets, scales),
        output=opts["output"] or default_output(workbook, "batch"),
        tables=opts["tables"],
        plans=opts["plans"],
        jobs=opts["jobs"],
        scheduler=opts["scheduler"],
        time_limit_s=opts["time_limit"],
        reproducible=opts["reproducible"],
        progress=progress_bar(opts["quiet"] or opts["as_json"], "batch"),
    )
    if opts["as_json"] or not opts["quiet"]:
        click.echo(batch_report(result, written, opts["as_json"]))
    ctx.exit(result.exit_code)
