"""`accplan validate WORKBOOK`: list every problem of an input workbook, with its cell and fix."""

from __future__ import annotations

from pathlib import Path

import click

from planner.commands.overriding import override_options, parse_overrides
from planner.words import count_of
from planner.workbook.issue_text import issues_json, report_lines


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=True))
@override_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the result as JSON (valid, counts, every issue with code, cell and message).",
)
@click.pass_context
def validate(
    ctx: click.Context,
    workbook: Path,
    sets: tuple[str, ...],
    scales: tuple[str, ...],
    as_json: bool,
) -> None:
    """Check the input WORKBOOK (with any --set/--scale overrides) and report every problem.

    Exit status 0 when it is valid (warnings are shown), 2 when it has errors.
    """
    from planner.workbook.load import validate_file

    issues = validate_file(workbook, parse_overrides(sets, scales))
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    if as_json:
        click.echo(issues_json(workbook, errors, warnings))
        ctx.exit(2 if errors else 0)
    for line in report_lines(errors, "Error"):
        click.echo(line, err=True)
    for line in report_lines(warnings, "Warning"):
        click.echo(line, err=bool(errors))
    if errors:
        click.echo(
            f"{workbook.name}: {count_of(len(errors), 'error')} and "
            f"{count_of(len(warnings), 'warning')}; nothing was planned. Fix the errors above "
            "(warnings do not stop a run) and run accplan validate again.",
            err=True,
        )
        ctx.exit(2)
    click.echo(f"{workbook.name}: valid ({count_of(len(warnings), 'warning')}).")
