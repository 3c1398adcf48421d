"""`accplan validate WORKBOOK`: list every problem of an input workbook, with its cell and fix."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=True))
@click.pass_context
def validate(ctx: click.Context, workbook: Path) -> None:
    """Check the input WORKBOOK and report every problem at once.

    Exit status 0 when it is valid (warnings are shown), 2 when it has errors.
    """
    from planner.load import validate_file

    issues = validate_file(workbook)
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    for issue in errors:
        click.echo(f"Error: {issue} [{issue.code}]", err=True)
    for issue in warnings:
        click.echo(f"Warning: {issue} [{issue.code}]", err=bool(errors))
    if errors:
        click.echo(f"{workbook.name}: {_count(errors, 'error')} and "
                   f"{_count(warnings, 'warning')}; nothing was planned. Fix the errors above "
                   "(warnings do not stop a run) and run accplan validate again.", err=True)
        ctx.exit(2)
    click.echo(f"{workbook.name}: valid ({_count(warnings, 'warning')}).")


def _count(items: list[object], word: str) -> str:
    return f"{len(items)} {word}" + ("" if len(items) == 1 else "s")
