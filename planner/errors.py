"""One exception family for everything a user can cause; the CLI catches it in one place.

An :class:`Issue` is one problem found in an input, located as ``Sheet!Cell`` (or a file name or
option), with what was found and how to fix it. Validation collects every issue, then raises one
:class:`InputError` holding them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.words import visible


@dataclass(frozen=True)
class Issue:
    """One problem in an input, e.g. ``Plants!D7: online_year is "2027a"; expected ...``."""

    code: str
    """Stable identifier of the rule, e.g. ``"not-a-number"``."""
    where: str
    """``Sheet!Cell``, ``Sheet``, or the file name."""
    message: str
    """What is wrong and what is expected, one sentence or two, including the fix."""
    severity: str = "error"
    """``"error"`` stops the run; ``"warning"`` is shown and the run goes on."""

    def __post_init__(self) -> None:
        # Every message shows invisible characters as escapes: "P01\u200b" is not "P01".
        object.__setattr__(self, "where", visible(self.where))
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class PlannerError(Exception):
    """Base of every error accplan reports to the user without a traceback."""

    exit_code = 1


class InputError(PlannerError, ValueError):
    """The input (workbook, option) is wrong; holds every issue found."""

    exit_code = 2

    def __init__(self, issues: Iterable[Issue] | str, where: str = "") -> None:
        if isinstance(issues, str):
            issues = [Issue("input", where or "input", issues)]
        self.issues: list[Issue] = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class SolveError(PlannerError, RuntimeError):
    """The model could not be solved to a usable plan (infeasible, unbounded, failed)."""

    exit_code = 1


class OutputError(PlannerError, OSError):
    """A plan or report could not be written; any previous file is left as it was."""

    exit_code = 1
