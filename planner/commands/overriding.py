"""The ``--set`` and ``--scale`` options every command that reads an input workbook takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from planner.workbook.overrides import Override

SET_HELP = (
    "Change input cells for this run, in the schema's names: Sheet.column[selectors]=VALUE, "
    "e.g. Settings.budget_rs_crore=12000 or 'Supply[source_id=S03][2028:2030]=0'. Repeatable; "
    "the workbook file is not changed."
)
SCALE_HELP = (
    "Multiply input numbers for this run: Sheet[.column][selectors]=FACTOR, e.g. "
    "'Supply[origin=Canada, mineral=Lithium]=1.5'. Repeatable; applied after every --set."
)


def override_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--set`` and ``--scale`` (both repeatable) to a click command."""
    command = click.option("--scale", "scales", multiple=True, metavar="TARGET=F", help=SCALE_HELP)(
        command
    )
    return click.option("--set", "sets", multiple=True, metavar="TARGET=V", help=SET_HELP)(command)


def parse_overrides(sets: tuple[str, ...], scales: tuple[str, ...]) -> tuple[Override, ...]:
    """The parsed overrides; a malformed one is an input error (exit 2) naming it."""
    from planner.errors import InputError, Issue
    from planner.workbook.overrides import OverrideSyntaxError, parse_all

    try:
        return parse_all(sets, scales)
    except OverrideSyntaxError as exc:
        where, _, message = str(exc).partition(": ")
        raise InputError([Issue("bad-override", where, message)]) from None
