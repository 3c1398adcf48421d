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

Internal exceptions never reach a user as such: :class:`DamagedPart` and
:class:`OverrideSyntaxError` are reported as an :class:`InputError`; :class:`Terminated`
(SIGTERM) and :class:`Stopped` (an interrupt carried past click) end the run with the shell's
status for the signal (143, 130).

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

CATALOGUE: dict[str, str] = {
    # --- the file (planner/xlsx/guard.py, census.py; planner/workbook/read.py)
    "file-missing": "cannot read the workbook: {why}; check the path and the file name.",
    "file-unreadable": "cannot read the file ({why}); close it in other programs.",
    "file-too-large": "the file is {size} MB; an input workbook must be under {limit} MB.",
    "lock-file": "this is Excel's lock file for {original}, not a workbook; give {original}.",
    "not-xlsx": "this is {kind}, not an Excel workbook; save it as .xlsx.",
    "legacy-xls": "this is an old-style Excel 97-2003 .xls file; save it as .xlsx.",
    "binary-xlsb": "this is a binary Excel workbook (.xlsb); save it as .xlsx.",
    "ods-file": "this is an OpenDocument spreadsheet (.ods); save it as .xlsx.",
    "strict-ooxml": "this workbook is saved as 'Strict Open XML'; save it as Excel Workbook.",
    "encrypted-file": "the workbook is password-protected; remove the password and save it.",
    "corrupt-file": "this sheet could not be read ({why}); save it again in Excel.",
    "zip-bomb": "the archive holds {count} parts or {size} unpacked (limit {limit}); not opened.",
    "too-large": "the workbook holds {count} {what}; accplan reads at most {limit}.",
    "out-of-memory": "the workbook ({size} MB unpacked) does not fit in this computer's memory.",
    "duplicate-part": "the archive holds two parts named {part}; save the file again in Excel.",
    "duplicate-cell": "{sheet} holds cell {cell} twice; check the cell and save again in Excel.",
    "cell-outside-grid": "the sheet's XML names {cell}, outside Excel's grid A1 to XFD1048576.",
    "damaged-cell": "{sheet} cannot be read at {cell}: {why}; retype the cell in Excel.",
    "xml-dtd": "the workbook's XML declares a DTD or entities, which Excel never writes.",
    "external-link": "the workbook links to other workbooks; break the links and save.",
    "stale-formula-results": "formula results ({cells}) may be out of date; recalculate, save.",
    # --- sheets and layout (planner/workbook/read.py, layout.py, validate.py)
    "missing-sheet": "sheet {sheet} is missing; add a sheet named {sheet}.",
    "chart-sheet": "'{sheet}' is a chart, not a table; add a sheet with the data.",
    "hidden-sheet": "the sheet is hidden but its data is used; unhide it to check.",
    "hidden-rows": "rows {rows} are hidden but their data is used; unhide them to check.",
    "hidden-columns": "columns {columns} are hidden but their data is used; unhide them.",
    "merged-cells": "merged cells inside the table; unmerge them and fill in every cell.",
    "no-data-rows": "the sheet has no data rows; add one row per record from row 2.",
    "header-not-in-row-1": "the column names are in row {row}; delete the rows above them.",
    "bad-header": "this header is {what}; type the column name (or the year) as plain text.",
    "header-unit": "the header gives the unit {found}, but accplan reads {column} in {unit}.",
    "duplicate-column": "column {column} appears twice (also column {letter}); keep one.",
    "missing-column": "column {column} is missing; add a column headed {column} in row 1.",
    "missing-optional-column": "optional column {column} is missing; every row takes {default}.",
    "misspelt-column": 'column "{found}" is not known; did you mean "{column}"?',
    "unknown-column": 'column "{found}" is not used by accplan and is ignored.',
    "retired-column": "column {column} is no longer read: {how}.",
    "unheaded-column": "column {letter} has values ({rows}) but no header in row 1.",
    "ignored-row": "{rows} hold values only in columns accplan does not use.",
    "settings-across": "the settings are laid out across row 1; put one setting per row.",
    "missing-setting": "setting {setting} is missing; add a row with it in column A.",
    "misspelt-setting": 'setting "{found}" is not known; did you mean "{setting}"?',
    "unknown-setting": 'setting "{found}" is not used by accplan and is ignored.',
    "unnamed-setting": "a value without a setting name in column A is ignored.",
    "duplicate-setting": "setting {setting} is also given in row {row}; keep one.",
    "year-missing": "no column for year(s) {years}; add them.",
    "year-outside-horizon": "year {year} is outside the planning horizon {first}–{last}.",
    "horizon-order": "last_year is {last} but first_year is {first}.",
    # --- one cell (planner/workbook/cells.py)
    "empty-required": "{column} is empty; enter {expected}.",
    "defaulted": "{column} is blank; using the default {default}.",
    "not-a-number": "{column} is not a number ({found}); expected {expected}.",
    "number-as-text": "{column} is the text {found} (a number stored as text); expected a number.",
    "non-finite": "{column} is {found}, not a finite number; expected {expected}.",
    "not-whole": "{column} is {found}; expected {expected}.",
    "out-of-range": "{column} is {found}; expected {expected}.",
    "share-out-of-range": "{column} is {found}; expected {expected} (a share, not a percent).",
    "not-allowed": "{column} is {found}; expected one of {allowed}.",
    "not-text": "{column} is the date {found}; expected {expected}.",
    "text-too-long": "{column} holds {count} characters; a cell holds at most {limit}.",
    "hidden-character": "{column} is {found}, which holds characters that cannot be seen.",
    "error-cell": "{column} shows the Excel error {found}; fix the formula or type {expected}.",
    "formula-no-cache": "{column} is a formula ({formula}) whose result was never saved.",
    # --- across cells and sheets (planner/workbook/rules.py, plant_rules.py)
    "duplicate-key": "{key} is already used in row {row}; each must appear once.",
    "unknown-reference": "{column} {found} is not on the {sheet} sheet.",
    "missing-row": "plant {plant} has no row on the {sheet} sheet; add one.",
    "sequence-gap": "{key} must run 1, 2, 3, … without gaps; add rows for {missing}.",
    "source-inconsistent": "source {source} has origin/kind {here} here but {there} in row {row}.",
    "window-order": "window_last_year is {last}, before window_first_year {first}.",
    "dva-path-short": "the incentive window has {years} years but the DVA path gives {given}.",
    "incentive-incomplete": "{column} is empty but plant {plant} has an incentive ({given}).",
    "incentive-no-award": "award_gwh is {found} but plant {plant} has an incentive ({given}).",
    "award-above-cap": "award_gwh {found} takes firm {firm}'s awards above the per-firm cap.",
    # --- awards (planner/workbook/award_rules.py, award_legacy.py)
    "awards-on-plants": "awards are read from the older Plants columns, one award per plant.",
    "awards-twice": "{column} gives plant {plant} an award, but the Awards sheet gives awards.",
    "award-window-outside": "award {award}'s window {window} lies wholly outside the horizon.",
    "award-dva-falling": "dva_share is {found} for award {award} in year {year}, below {earlier}.",
    "min-award-not-candidate": "min_award_gwh is {found} but award {award} is not a candidate.",
    "candidate-sizes-reversed": "min_award_gwh is {found}, above award_gwh {largest}.",
    "penalty-incomplete": "{missing} is blank but {given} is given for award {award}.",
    "penalty-above-security": "penalty_accrued_rs_crore is {found}, above the security {security}.",
    "awarded-above-scheme": "scheme_capacity_gwh is {found} but {awarded} GWh/yr are awarded.",
    "gap-without-incentive": "{column} is {found} but plant {plant} has no incentive.",
    "capacity-decreasing": "{column} is {found} for {plant} in {year}, below {earlier} in {then}.",
    "capacity-before-online": "permitted_gwh is {found} for {plant} in {year}, before {online}.",
    "capacity-below-existing": "permitted_gwh is {found} for {plant} in {year}, below {existing}.",
    "existing-in-horizon": "installed_year is {year} for {plant}, not before {first}.",
    "existing-online-later": "online_year is {year} for {plant}, but it has {existing} installed.",
    "min-block-pledge": "min_block_gwh is {found} for {plant}; no blocks meet {need} by {year}.",
    "min-block-above-path": "min_block_gwh is {found} for {plant}, above the {most} it may add.",
    "no-intensity": "chemistry {chemistry} has no rows on the Intensity sheet.",
    # --- magnitudes the solver cannot use (planner/workbook/magnitudes.py) and its notes
    "tiny-number": "this number is {found}, so small that the solver treats it as zero.",
    "wide-magnitudes": "this number ({found}) and {other} are more than {ratio} apart in a row.",
    "numerics": "{note}",
    # --- objectives (planner/workbook/goal_rules.py)
    "target-missing": "objective is least_incentive but output_target_gwh is blank.",
    "objective-year-outside-horizon": "objective_year is {year}, outside the horizon {horizon}.",
    "hold-incomplete": "{missing} is blank but {given} is given; fill in both, or clear both.",
    "hold-is-objective": "hold_objective is {objective}, the objective itself.",
    "hold-unreachable": "hold_level is {level} of domestic value added, but no plant adds any.",
    # --- supply chain (planner/workbook/chain_rules.py)
    "country-not-found": "country {country} of group {group} is not the origin of any supply.",
    "group-no-source": "group {group} names no country that supplies anything.",
    "group-floor-above-cap": "group {group} has floor {floor} above its cap ({mineral}, {year}).",
    "licence-origin-unknown": "origin {origin} is not the origin of any supply; it limits nothing.",
    "offtake-no-supply": "source {source} has no Supply row for {mineral}.",
    "offtake-above-supply": "offtake_t is {found} for {source} {mineral} in {year}, above supply.",
    "route-same-form": "route {route} makes {product} from {feed}, the same form.",
    "route-no-feed": "route {route} takes {feed}, but no Supply row offers {feed}.",
    "route-product-unused": "route {route} makes {product}, which no chemistry uses.",
    "supplier-id-clash": "{column} {name} is already {owner}'s id; supplier ids must differ.",
    "magnet-no-supply": "magnet makers need {mineral}, but no Supply row offers it.",
    "magnet-above-supply": "magnets need {found} t of {mineral} in {year}, above all its supply.",
    "magnet-form-in-cells": "{mineral} is a cell input too; magnets and cells share its supply.",
    # --- options and plans read back
    "input": "{message}",
    "bad-override": "{override}: {why}",
    "plan-damaged": "this part of the plan is damaged ({why}); solve the input again.",
    "plan-missing-key": "the key column(s) {columns} are missing from the header row.",
    "plan-duplicate-key": "the key {key} already appears in row {row}.",
}
"""Every issue code accplan reports, with the shape of its message (``{…}`` the variable parts).

A new rule adds its line here; ``tests/test_validation_registry.py`` then asks for a test that
asserts the code, and fails on a code raised in the source but missing here.
"""


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
        """True for an error (it stops the run); False for a warning."""
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


class DamagedPart(Exception):
    """A part of an archive could not be read: which sheet, which part, after which row.

    Internal: the reader of plans turns it into an :class:`InputError` (code ``plan-damaged``).
    """

    def __init__(self, sheet: str, part: str, after_row: int, cause: BaseException) -> None:
        self.sheet, self.part, self.after_row, self.cause = sheet, part, after_row, cause
        detail = str(cause).splitlines()[0][:120] if str(cause) else ""
        super().__init__(f"{type(cause).__name__}: {detail}" if detail else type(cause).__name__)


class OverrideSyntaxError(ValueError):
    """An override that cannot be parsed; the message says what the form is.

    Internal: commands turn it into an :class:`InputError` (code ``bad-override``).
    """


class Terminated(KeyboardInterrupt):
    """SIGTERM (from ``timeout``, CI cancellation, systemd, ``docker stop``), raised in the main
    thread like Ctrl-C so that the same clean-up runs: HiGHS is cancelled, temporary files go."""


class Stopped(Exception):
    """Carries an interrupt past click, which would turn it into ``Abort`` after a blank line."""

    def __init__(self, interrupt: KeyboardInterrupt) -> None:
        super().__init__(type(interrupt).__name__)
        self.interrupt = interrupt


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
