"""Rules on the Awards and AwardDVA sheets: windows, DVA commitments, candidate sizes, caps and
penalties. Rows converted from the older Plants columns are checked the same way, and their
messages name the Plants cells they came from (:mod:`planner.workbook.award_legacy`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from models.units import ZERO
from planner.errors import Issue
from planner.workbook.award_sheets import AWARD_DVA, AWARDS, CANDIDATE
from planner.workbook.cells import show
from planner.workbook.schema import DVA, SETTINGS

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook


def award_checks(book: ValidatedBook) -> list[Issue]:
    """Every award rule, in a stable order."""
    if AWARDS.name not in book.tables:
        return []
    issues: list[Issue] = []
    for rule in (
        _window_order,
        _window_in_horizon,
        _window_fits_dva,
        _dva_rising,
        _candidate_sizes,
        _penalty_complete,
        _penalty_within_security,
        _firm_cap,
        _scheme_capacity,
    ):
        issues.extend(rule(book))
    return issues


def _cell(cells: dict, name: str) -> str:
    return cells.get(name) or f"{AWARDS.name}!1"


def _setting(book: ValidatedBook, name: str) -> tuple[Any, str]:
    if SETTINGS.name not in book.tables:
        return None, SETTINGS.name
    value = book.tables[SETTINGS.name].rows[0].get(name)
    ref = book.cells[SETTINGS.name].rows[0].get(name)
    return value, ref or SETTINGS.name


def _window_order(book: ValidatedBook) -> Iterator[Issue]:
    for values, cells in book.rows(AWARDS.name):
        first, last = values["window_first_year"], values["window_last_year"]
        if first is not None and last is not None and last < first:
            yield Issue(
                "window-order",
                _cell(cells, "window_last_year"),
                f"window_last_year is {last}, before window_first_year {first}; the window "
                "must end in or after the year it starts.",
            )


def _window_in_horizon(book: ValidatedBook) -> Iterator[Issue]:
    """A window wholly outside the horizon earns nothing in the plan: most likely a typo."""
    if book.horizon is None:
        return
    start, end = book.horizon
    for values, cells in book.rows(AWARDS.name):
        first, last = values["window_first_year"], values["window_last_year"]
        if first is None or last is None or last < first or (first <= end and last >= start):
            continue
        side = "before" if last < start else "after"
        yield Issue(
            "award-window-outside",
            _cell(cells, "window_first_year" if side == "after" else "window_last_year"),
            f"award {values['award_id']}'s window {first}–{last} lies wholly {side} the "
            f"horizon {start}–{end}, so the plan would never pay it. Correct the window years, "
            "or delete the row if the award is over.",
        )


def _dva_paths(book: ValidatedBook) -> dict[str, list[tuple[int, float, str]]]:
    """award → its committed (performance year, DVA, cell), sorted; awards without rows absent."""
    paths: dict[str, list[tuple[int, float, str]]] = {}
    if AWARD_DVA.name not in book.tables:
        return paths
    for values, cells in book.records(AWARD_DVA.name):
        award, year, share = values["award_id"], values["performance_year"], values["dva_share"]
        if award is not None and year is not None and share is not None:
            paths.setdefault(award, []).append((year, share, cells["dva_share"]))
    return {a: sorted(path) for a, path in paths.items()}


def _window_fits_dva(book: ValidatedBook) -> Iterator[Issue]:
    """The award's DVA path (its own, or the DVA sheet's) covers every year of its window
    (a gap in a path is reported by the sequence rule, not here too)."""
    default = (
        max((v for v in book.tables[DVA.name]["performance_year"] if v is not None), default=0)
        if DVA.name in book.tables
        else None
    )
    own = _dva_paths(book)
    for values, cells in book.rows(AWARDS.name):
        first, last = values["window_first_year"], values["window_last_year"]
        given = own[values["award_id"]][-1][0] if values["award_id"] in own else default
        if first is None or last is None or last < first or given is None:
            continue
        if last - first + 1 <= given:
            continue
        where = "its AwardDVA rows give" if values["award_id"] in own else "the DVA sheet gives"
        years = "performance year" if given == 1 else "performance years"
        yield Issue(
            "dva-path-short",
            _cell(cells, "window_last_year"),
            f"the incentive window {first}–{last} has {last - first + 1} years but {where} "
            f"{given} {years}; add DVA rows up to performance year {last - first + 1} or "
            "shorten the window.",
        )


def _dva_rising(book: ValidatedBook) -> Iterator[Issue]:
    """A DVA commitment never falls: domestic value added is built up, not given back."""
    for award, path in sorted(_dva_paths(book).items()):
        for (year, share, _ref), (later, lower, ref) in itertools.pairwise(path):
            if lower < share - ZERO:
                yield Issue(
                    "award-dva-falling",
                    ref,
                    f"dva_share is {show(lower)} for award {award} in performance year {later}, "
                    f"below {show(share)} in year {year}; a DVA commitment only rises. Enter "
                    f"{show(share)} or more.",
                )


def _candidate_sizes(book: ValidatedBook) -> Iterator[Issue]:
    for values, cells in book.rows(AWARDS.name):
        low, high = values["min_award_gwh"], values["award_gwh"]
        if low is None:
            continue
        if values["status"] != CANDIDATE:
            yield Issue(
                "min-award-not-candidate",
                _cell(cells, "min_award_gwh"),
                f"min_award_gwh is {show(low)} but award {values['award_id']} is awarded, and "
                "only a candidate's sizes are chosen by the plan; clear the cell or set status "
                "to candidate.",
                "warning",
            )
        elif high is not None and low > high + ZERO:
            yield Issue(
                "candidate-sizes-reversed",
                _cell(cells, "min_award_gwh"),
                f"min_award_gwh is {show(low)}, above award_gwh {show(high)} (the largest award "
                f"candidate {values['award_id']} would accept); enter at most {show(high)}.",
            )


def _penalty_complete(book: ValidatedBook) -> Iterator[Issue]:
    """A penalty is a share of the security per day from a year: both are needed."""
    for values, cells in book.rows(AWARDS.name):
        security = values["performance_security_rs_crore"]
        start = values["penalty_from_year"]
        accrued = values["penalty_accrued_rs_crore"]
        if (security is None) == (start is None) and (accrued is None or security is not None):
            continue
        missing = "performance_security_rs_crore" if security is None else "penalty_from_year"
        given = next(
            n
            for n, v in (
                ("penalty_from_year", start),
                ("penalty_accrued_rs_crore", accrued),
                ("performance_security_rs_crore", security),
            )
            if v is not None
        )
        yield Issue(
            "penalty-incomplete",
            _cell(cells, missing),
            f"{missing} is blank but {given} is given for award {values['award_id']}; a delay "
            "penalty is a share of the performance security per day from the milestone year. "
            "Fill in both, or clear the penalty cells.",
        )


def _penalty_within_security(book: ValidatedBook) -> Iterator[Issue]:
    """Penalties never exceed the security: one accrued above it is reported, not cut."""
    for values, cells in book.rows(AWARDS.name):
        security = values["performance_security_rs_crore"]
        accrued = values["penalty_accrued_rs_crore"]
        if security is None or accrued is None or accrued <= security + ZERO:
            continue
        yield Issue(
            "penalty-above-security",
            _cell(cells, "penalty_accrued_rs_crore"),
            f"penalty_accrued_rs_crore is {show(accrued)}, above the performance security "
            f"{show(security)} ({_cell(cells, 'performance_security_rs_crore')}) of award "
            f"{values['award_id']}, though penalties never exceed the security: the plan "
            f"deducts all {show(accrued)} from its incentives and reports what they cannot "
            "bear beyond the security as not recovered from it. Enter at most "
            f"{show(security)} if the penalty stops at the security.",
            "warning",
        )


def _firm_cap(book: ValidatedBook) -> Iterator[Issue]:
    """A firm's awarded GWh stay within the per-firm cap (the scheme would not sign more)."""
    cap, cap_ref = _setting(book, "firm_cap_gwh")
    if cap is None:
        return
    held: dict[str, float] = {}
    for values, cells in book.rows(AWARDS.name):
        firm, gwh = values["firm"], values["award_gwh"]
        if firm is None or gwh is None or values["status"] == CANDIDATE:
            continue
        before = held.get(firm, 0.0)
        held[firm] = before + gwh
        if held[firm] > cap + ZERO >= before:
            yield Issue(
                "award-above-cap",
                _cell(cells, "award_gwh"),
                f"award_gwh is {show(gwh)}, which takes firm {firm}'s awards to "
                f"{show(held[firm])} GWh a year, above the per-firm cap {show(cap)} "
                f"({cap_ref}). Lower the award(s) to {show(cap)} GWh a year in all, or raise "
                "firm_cap_gwh.",
            )


def _scheme_capacity(book: ValidatedBook) -> Iterator[Issue]:
    """What is already awarded fits in the scheme's capacity."""
    capacity, ref = _setting(book, "scheme_capacity_gwh")
    if capacity is None:
        return
    awarded = sum(
        values["award_gwh"] or 0.0
        for values, _cells in book.rows(AWARDS.name)
        if values["status"] != CANDIDATE
    )
    if awarded > capacity + ZERO:
        yield Issue(
            "awarded-above-scheme",
            ref,
            f"scheme_capacity_gwh is {show(capacity)} but the Awards sheet already awards "
            f"{show(awarded)} GWh a year; raise scheme_capacity_gwh to at least "
            f"{show(awarded)} or correct the awards.",
        )
