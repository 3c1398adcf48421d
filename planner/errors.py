"""One exception family for everything a user can cause; the CLI catches it in one place.

Every exception class accplan raises to a user is here, each carrying its exit status:

=====================  ====  ==========================================================
class                  exit  meaning
=====================  ====  ==========================================================
PlannerError           1     anything else accplan reports without a traceback
InputError             2     the workbook or an option is wrong (holds every Issue)
SolveError             1     the solver failed
NoPlanError            3     infeasible or unbounded: no plan exists
TimeLimitError         4     the solver's time limit or the run's deadline was reached
OutputError            1     a plan or report could not be written
CompareError           2     compare could not finish
EnvironmentProblem     1     accplan is installed without a library it needs
=====================  ====  ==========================================================

:func:`exit_status` is the one place that turns an error into a process exit status
(:func:`planner.cli.main` calls it); ``compare`` asks for the ``diff`` convention (0 same,
1 different, 2 trouble) explicitly rather than changing an error's status.

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
    workbook: str | None = None
    """The input workbook's file name, set by a command that ran one, so that every error line
    names it (``[acc_base.xlsx]Plants!E7``) even when the progress lines are not shown."""


def in_workbook(issue: Issue, workbook: str | None) -> Issue:
    """``issue`` with its place prefixed by the workbook's name, unless it names it already."""
    if not workbook or workbook in issue.where:
        return issue
    where = f"[{workbook}]{issue.where}" if "!" in issue.where else f"{workbook}, {issue.where}"
    return Issue(issue.code, where, issue.message, issue.severity)


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


class NoPlanError(SolveError):
    """The model is infeasible or unbounded: exit status 3."""

    exit_code = 3


class TimeLimitError(SolveError):
    """The solver's time limit or the run's deadline was reached: exit status 4."""

    exit_code = 4


class OutputError(PlannerError, OSError):
    """A plan or report could not be written; any previous file is left as it was."""

    exit_code = 1


class CompareError(PlannerError):
    """compare could not finish (e.g. the difference workbook cannot be written): exit status 2,
    as ``diff`` reports trouble (1 means "the plans differ")."""

    exit_code = 2


class EnvironmentProblem(PlannerError):
    """accplan is installed without a library it needs to read untrusted workbooks safely."""

    exit_code = 1


DIFF_TROUBLE = 2
"""Exit status of any error under the ``diff`` convention (0 same, 1 different, 2 trouble)."""


def exit_status(exc: PlannerError, *, diff_style: bool = False) -> int:
    """The process exit status for ``exc``.

    Parameters
    ----------
    exc : PlannerError
        The error that ended the command.
    diff_style : bool
        The command follows ``diff``: every error exits :data:`DIFF_TROUBLE`, since 1 means
        "different" there.

    Returns
    -------
    int
        ``exc.exit_code``, or :data:`DIFF_TROUBLE` for a diff-style command.
    """
    return DIFF_TROUBLE if diff_style else exc.exit_code


def status_word(exc: PlannerError) -> str:
    """One word or two for ``--json``: ``invalid input``, ``no plan``, ``time limit``, ``error``."""
    return {2: "invalid input", 3: "no plan", 4: "time limit"}.get(exc.exit_code, "error")
