"""Rules across rows and sheets: keys, references, years, sequences, incentive consistency.

Each rule reads the typed tables of a :class:`~planner.workbook.book.ValidatedBook` (cells that
failed their own check are None and are skipped here, so one mistake is reported once) and
returns issues.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from models.units import ZERO
from planner.errors import Issue
from planner.words import did_you_mean
from planner.workbook.award_rules import award_checks
from planner.workbook.cells import show
from planner.workbook.chain_rules import chain_checks
from planner.workbook.goal_rules import goal_checks
from planner.workbook.plant_rules import plant_timeline_checks
from planner.workbook.schema import (
    CAPACITY,
    COMMITTED,
    INTENSITY,
    MIN_OUTPUT,
    PLANTS,
    SHEETS,
    SUPPLY,
    YEAR_COLUMN,
    SheetSpec,
)

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook


def cross_checks(book: ValidatedBook) -> list[Issue]:
    """Every rule that needs more than one cell, in a stable order."""
    issues: list[Issue] = []
    rules: list[Callable[[ValidatedBook], Iterator[Issue]]] = [
        _year_columns,
        _duplicate_keys,
        _references,
        _sequences,
        _plants_have_capacity,
        _capacity_from_online_year,
        _cumulative_paths_rise,
        _incentive_fields,
        _commitments_fit,
        _sources_consistent,
        _chemistries_have_intensity,
    ]
    for rule in rules:
        issues.extend(rule(book))
    return (
        issues
        + award_checks(book)
        + plant_timeline_checks(book)
        + chain_checks(book)
        + goal_checks(book)
    )


def _year_columns(book: ValidatedBook) -> Iterator[Issue]:
    """Year-by-year sheets need exactly one column per horizon year."""
    if book.horizon is None:
        return
    first, last = book.horizon
    wanted = set(range(first, last + 1))
    for spec in SHEETS:
        raw = book.raw.get(spec.name)
        if spec.layout != "years" or raw is None:
            continue
        for year in sorted(set(raw.year_refs) - wanted):
            yield Issue(
                "year-outside-horizon",
                raw.year_refs[year],
                f"year {year} is outside "
                f"the planning horizon {first}–{last} set on the Settings sheet; delete "
                "the column or change first_year/last_year.",
            )
        missing = sorted(wanted - set(raw.year_refs))
        if missing:
            yield Issue(
                "year-missing",
                f"{spec.name}!1",
                "no column for year"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(map(str, missing))
                + "; add "
                f"one column per year from {first} to {last}, headed by the year.",
            )


def _duplicate_keys(book: ValidatedBook) -> Iterator[Issue]:
    for spec in SHEETS:
        if not spec.keys or spec.name not in book.tables:
            continue
        seen: dict[tuple[Any, ...], str] = {}
        for values, cells in book.rows(spec.name):
            key = tuple(values[k] for k in spec.keys)
            ref = cells[spec.keys[0]]
            if any(v is None for v in key) or seen.get(key, ref) == ref:
                seen.setdefault(key, ref)
                continue
            shown = ", ".join(f"{k} {show(v)}" for k, v in zip(spec.keys, key, strict=True))
            yield Issue(
                "duplicate-key",
                ref,
                f"{shown} is already used in row "
                f"{_row_of(seen[key])}; each must appear once — delete one of the "
                "rows or correct it.",
            )
            seen[key] = ref


def _row_of(ref: str) -> str:
    return "".join(ch for ch in ref.split("!")[-1] if ch.isdigit())


def _keys_of(book: ValidatedBook, target: str) -> list[str] | None:
    sheet, column = target.split(".")
    if sheet not in book.tables:
        return None
    # An empty list (no data rows, or every key failed its own check) is reported on that sheet.
    return sorted({v for v in book.tables[sheet][column] if v is not None}) or None


def _references(book: ValidatedBook) -> Iterator[Issue]:
    for spec in SHEETS:
        for col in spec.columns:
            if col.references is None or spec.name not in book.tables:
                continue
            known = _keys_of(book, col.references)
            if known is None:
                continue
            sheet = col.references.split(".")[0]
            reported: set[str] = set()
            # a misspelt key most likely means an id that has no row here yet
            used = set(book.tables[spec.name][col.name]) if col.name in spec.keys else set()
            rowless = [k for k in known if k not in used]
            for values, cells in book.rows(spec.name):
                value, ref = values[col.name], cells[col.name]
                if value is None or value in known or ref in reported:
                    continue
                reported.add(ref)
                guess = did_you_mean(value, rowless) or did_you_mean(value, known)
                yield Issue(
                    "unknown-reference",
                    ref,
                    f"{col.name} {show(value)} is not on the "
                    f"{sheet} sheet.{guess} Use one of: "
                    f"{', '.join(known[:12])}, or add it to {sheet}.",
                )


def _sequences(book: ValidatedBook) -> Iterator[Issue]:
    """Ages and performance years run 1, 2, 3, … without gaps (per award on AwardDVA)."""
    for spec in SHEETS:
        key = spec.consecutive_from_one
        if key is None or spec.name not in book.tables:
            continue
        groups: dict[tuple, set] = {}
        for values, _cells in book.rows(spec.name):
            group = tuple(values[k] for k in spec.keys if k != key)
            if values[key] is not None and None not in group:
                groups.setdefault(group, set()).add(values[key])
        for group, present in sorted(groups.items(), key=lambda item: str(item[0])):
            gaps = [n for n in range(1, max(present) + 1) if n not in present]
            if gaps:
                whose = f" for {', '.join(map(str, group))}" if group else ""
                yield Issue(
                    "sequence-gap",
                    f"{spec.name}!A1",
                    f"{key} must run 1, 2, 3, … without "
                    f"gaps{whose}; add rows for {key} {', '.join(map(str, gaps))}.",
                )


def _plants_have_capacity(book: ValidatedBook) -> Iterator[Issue]:
    if PLANTS.name not in book.tables or CAPACITY.name not in book.tables:
        return
    listed = set(book.tables[CAPACITY.name]["plant_id"])
    free = max((int(_row_of(ref)) for ref in book.cells[CAPACITY.name]["plant_id"]), default=1) + 1
    for values, cells in book.rows(PLANTS.name):
        plant = values["plant_id"]
        if plant is not None and plant not in listed:
            yield Issue(
                "missing-row",
                f"{CAPACITY.name}!A{free}",
                f"plant {plant} (Plants "
                f"{cells['plant_id'].split('!')[1]}) has no row on the Capacity sheet; "
                f"add a row for {plant} with its permitted capacity in every year (0 "
                "where it may not build).",
            )
            free += 1


def _capacity_from_online_year(book: ValidatedBook) -> Iterator[Issue]:
    """A plant makes nothing before its online_year, so it may not have capacity before then
    (the model reads online_year only for plant age; permitted capacity is what stops output)."""
    online = {
        values["plant_id"]: (values["online_year"], cells["online_year"])
        for values, cells in book.rows(PLANTS.name)
        if values["online_year"] is not None
    }
    for values, cells in book.rows(CAPACITY.name):
        plant, year, amount = values["plant_id"], values[YEAR_COLUMN], values["permitted_gwh"]
        if plant not in online or year is None or not amount or year >= online[plant][0]:
            continue
        first, ref = online[plant]
        yield Issue(
            "capacity-before-online",
            cells["permitted_gwh"],
            f"permitted_gwh is {show(amount)} for {plant} in {year}, before its "
            f"online_year {first} ({ref}); a plant makes nothing before it comes online. "
            f"Enter 0 for the years before {first}, or make online_year earlier.",
        )


def _cumulative_paths_rise(book: ValidatedBook) -> Iterator[Issue]:
    """Permitted and committed capacity are cumulative (installed by that year), so never fall.

    A planner who types each year's addition (5, 5, 0) instead of running totals (5, 10, 10)
    would otherwise cap every earlier year at the lower figure without a word. Each cell below the
    highest earlier value of its row is reported, naming the (latest) earlier cell that holds it.
    Blank Committed cells mean no commitment and are skipped.
    """
    for spec, what in ((CAPACITY, "installed"), (COMMITTED, "committed")):
        name = spec.year_value.name if spec.year_value is not None else ""
        blank = _blank_refs(book, spec, name)
        paths: dict[tuple[Any, str], list[tuple[int, float, str]]] = {}
        for values, cells in book.rows(spec.name):
            plant, year, amount = values["plant_id"], values[YEAR_COLUMN], values[name]
            if plant is None or year is None or amount is None or cells[name] in blank:
                continue
            # By sheet row, so a duplicated plant row (reported once) is not read as one path.
            paths.setdefault((plant, _row_of(cells[name])), []).append((year, amount, cells[name]))
        for (plant, _), path in paths.items():
            top: tuple[int, float, str] | None = None
            for year, amount, ref in sorted(path):
                if top is not None and amount < top[1] - ZERO:
                    blank_ok = (
                        " (or leave it blank: no further commitment)" if (spec is COMMITTED) else ""
                    )
                    yield Issue(
                        "capacity-decreasing",
                        ref,
                        f"{name} is {show(amount)} for "
                        f"{plant} in {year}, below {show(top[1])} in {top[0]} "
                        f"({top[2]}); {name} is cumulative (the capacity {what} by "
                        "that year, not the year's addition) and must not fall. Enter "
                        f"running totals: at least {show(top[1])} in {year}"
                        f"{blank_ok}.",
                    )
                    continue
                if top is None or amount >= top[1]:
                    top = (year, amount, ref)


def _blank_refs(book: ValidatedBook, spec: SheetSpec, name: str) -> set[str]:
    """Cells of column ``name`` left blank (their typed value is the schema's default)."""
    raw = book.raw.get(spec.name)
    if raw is None or name not in raw.values or name not in raw.cells:
        return set()
    return {
        ref
        for value, ref in zip(raw.values[name], raw.cells[name], strict=True)
        if value is None or (isinstance(value, str) and not value.strip())
    }


def _incentive_fields(book: ValidatedBook) -> Iterator[Issue]:
    """A beneficiary has a bid, a window and an award above 0; others have none of them (older
    layout; with an Awards sheet, award_legacy objects to any of them instead)."""
    for values, cells in book.rows(PLANTS.name):
        if "Awards" in book.raw:
            yield from _gap_without_incentive(book, values, cells, _supported(book, values))
            continue
        plant = values["plant_id"]
        parts = {n: values[n] for n in ("bid_rs_per_kwh", "window_first_year", "window_last_year")}
        award = values["award_gwh"] or 0.0
        given = [n for n, v in parts.items() if v is not None]
        if given and award <= 0 and not _cell_failed(book, cells["award_gwh"]):
            ref = cells["award_gwh"]
            blank = ref is None or ref in _blank_refs(book, PLANTS, "award_gwh")
            yield Issue(
                "incentive-no-award",
                _cell_or_header(ref, PLANTS),
                f"award_gwh is "
                f"{'blank' if blank else show(award)} but plant {plant} has an "
                f"incentive ({', '.join(given)} given), and without an award it earns "
                "nothing. Enter its awarded capacity (GWh a year, above 0), or clear "
                "the bid and both window years if it is not a beneficiary.",
            )
        supported = bool(given) or award > 0 or _supported(book, values)
        yield from _gap_without_incentive(book, values, cells, supported)
        if award > 0 or given:
            for name in (n for n, v in parts.items() if v is None):
                if _cell_failed(book, cells[name]):
                    continue
                yield Issue(
                    "incentive-incomplete",
                    _cell_or_header(cells[name], PLANTS),
                    f"{name} is empty but plant "
                    f"{plant} has an incentive ({', '.join(given) or 'award_gwh'} "
                    "given); fill in the bid, both window years and award_gwh, or "
                    "clear all four if it is not a beneficiary.",
                )
        first, last = parts["window_first_year"], parts["window_last_year"]
        if first is not None and last is not None and last < first:
            yield Issue(
                "window-order",
                cells["window_last_year"],
                f"window_last_year is {last}"
                f", before window_first_year {first}; the window must end in or after "
                "the year it starts.",
            )


def _supported(book: ValidatedBook, values: dict) -> bool:
    """True if the plant holds an award or a candidate bid on the Awards sheet."""
    if "Awards" not in book.tables:
        return False
    return values["plant_id"] in set(book.tables["Awards"]["plant_id"])


def _gap_without_incentive(
    book: ValidatedBook, values: dict, cells: dict, supported: bool
) -> Iterator[Issue]:
    """Warn: a premium or operating gap without an incentive means the plant never builds or
    never produces (beyond committed and existing capacity)."""
    if supported or _cell_failed(book, cells["bid_rs_per_kwh"]):
        return
    for name, what in (
        ("capital_premium_share", "builds only what its incentive covers"),
        ("operating_gap_usd_per_kwh", "makes only what its incentive covers"),
    ):
        gap = values.get(name) or 0.0
        if gap > 0:
            yield Issue(
                "gap-without-incentive",
                cells[name],
                f"{name} is {show(gap)} but plant {values['plant_id']} has no award or "
                f"candidate bid (Awards sheet), and a plant with it {what}. Enter 0 if it is "
                "competitive without support, or give it a row on the Awards sheet.",
                "warning",
            )


def _cell_failed(book: ValidatedBook, ref: str | None) -> bool:
    """True when the cell already has an error (a defaulted blank is only a warning)."""
    return ref is not None and any(i.where == ref and i.is_error for i in book.issues)


def _cell_or_header(ref: str | None, spec: SheetSpec) -> str:
    """The cell, or the header row when its optional column is missing (no cell to name)."""
    return ref if ref is not None else f"{spec.name}!1"


def _commitments_fit(book: ValidatedBook) -> Iterator[Issue]:
    """Committed capacity and minimum output cannot exceed the permitted capacity."""
    if CAPACITY.name not in book.tables:
        return
    permitted: dict[tuple[Any, Any], tuple[float, str]] = {}
    for values, cells in book.rows(CAPACITY.name):
        if values["permitted_gwh"] is not None:
            key = (values["plant_id"], values[YEAR_COLUMN])
            permitted[key] = (values["permitted_gwh"], cells["permitted_gwh"])
    for spec, name, code in (
        (COMMITTED, "committed_gwh", "committed-above-permitted"),
        (MIN_OUTPUT, "min_output_gwh", "min-output-above-permitted"),
    ):
        for values, cells in book.rows(spec.name):
            key = (values["plant_id"], values[YEAR_COLUMN])
            amount = values[name]
            if amount is None or key not in permitted or amount <= permitted[key][0] + ZERO:
                continue
            limit, ref = permitted[key]
            yield Issue(
                code,
                cells[name],
                f"{name} is {show(amount)} for {key[0]} in {key[1]}"
                f", above the permitted capacity {show(limit)} ({ref}); lower it or "
                "raise the permitted capacity.",
            )


def _sources_consistent(book: ValidatedBook) -> Iterator[Issue]:
    first_seen: dict[str, tuple[Any, Any, str]] = {}
    reported: set[str] = set()
    for values, cells in book.rows(SUPPLY.name):
        source, ref = values["source_id"], cells["origin"]
        if source is None or ref in reported:
            continue
        reported.add(ref)
        mine = (values["origin"], values["kind"], ref)
        known = first_seen.setdefault(source, mine)
        if known[:2] != mine[:2] and None not in mine[:2] + known[:2]:
            yield Issue(
                "source-inconsistent",
                ref,
                f"source {source} has origin/kind "
                f"{mine[0]}/{mine[1]} here but {known[0]}/{known[1]} in row "
                f"{_row_of(known[2])}; one source has one origin and kind — correct one "
                "of them, or give the sources different ids.",
            )


def _chemistries_have_intensity(book: ValidatedBook) -> Iterator[Issue]:
    if INTENSITY.name not in book.tables or PLANTS.name not in book.tables:
        return
    covered = set(book.tables[INTENSITY.name]["chemistry"])
    known = set(_keys_of(book, "Chemistries.chemistry") or ())
    for values, cells in book.rows(PLANTS.name):
        chem = values["chemistry"]
        if chem in known and chem not in covered:
            yield Issue(
                "no-intensity",
                cells["chemistry"],
                f"chemistry {chem} has no rows on "
                "the Intensity sheet, so its cells need no minerals; add its "
                "intensities if that is not intended.",
                "warning",
            )
