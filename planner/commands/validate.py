"""`accplan validate WORKBOOK`: list every problem of an input workbook, with its cell and fix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner.commands.overriding import override_options, parse_overrides
from planner.words import count_of

if TYPE_CHECKING:
    from planner.errors import Issue


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


SAME_KIND_SHOWN = 25
"""Lines shown per kind of problem and sheet; the rest are counted on one line."""


def report_lines(issues: list[Issue], label: str) -> list[str]:
    """One line per issue (``Error: Plants!E7: ... [code]``), in the order given, except that
    after :data:`SAME_KIND_SHOWN` lines of one kind on one sheet the rest are counted."""
    lines: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    first_hidden: dict[tuple[str, str], tuple[int, Issue]] = {}
    for issue in issues:
        key = (issue.code, issue.where.partition("!")[0])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= SAME_KIND_SHOWN:
            lines.append(f"{label}: {issue} [{issue.code}]")
        elif seen[key] == SAME_KIND_SHOWN + 1:
            first_hidden[key] = (len(lines), issue)
            lines.append("")
    for key, (index, issue) in first_hidden.items():
        others = seen[key] - SAME_KIND_SHOWN - 1
        also = f" and {others} more cell{'s' if others != 1 else ''}" if others else ""
        lines[index] = (
            f"{label}: {issue.where}{also} on {key[1]}: the same kind of "
            f"problem as the lines above marked [{key[0]}]"
        )
    return lines


def issues_json(workbook: Path, errors: list[Issue], warnings: list[Issue]) -> str:
    """``validate --json``: whether the workbook is valid, and every issue in reading order."""
    import json

    def one(issue: Issue) -> dict[str, str]:
        return {
            "code": issue.code,
            "where": issue.where,
            "message": issue.message,
            "severity": issue.severity,
        }

    doc = {
        "workbook": str(workbook),
        "valid": not errors,
        "errors": len(errors),
        "warnings": len(warnings),
        "issues": [one(i) for i in [*errors, *warnings]],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
