"""Overrides: change input cells from the command line, in the input schema's own names.

Two forms, each ``TARGET=VALUE``::

    --set   Settings.budget_rs_crore=12000               put the value in every selected cell
    --scale "Supply[origin=Canada, mineral=Lithium]=1.5"  multiply every selected number

``TARGET`` is ``Sheet[.column][selectors]`` (the column may also follow the selectors). The column
may be left out on a year-by-year sheet (it then means the yearly value, e.g. ``supply_t``) and on
a sheet with a single value column. Selectors, in square brackets and separated by commas, keep
the rows whose ``column=value`` (``value|other`` for either), and for sheets with years the
years ``2028``, ``2028:2030``, ``2028:`` or ``:2030``. Settings are named as columns of the one
Settings row: ``Settings.fx_rs_per_usd=90``.

Overrides change the raw cells after the workbook is read and before validation, so an overridden
value passes exactly the checks a typed one does; a problem with it names the cell and the
override (``Settings!B5 [--set Settings.budget_rs_crore=-1]``). The file is never written to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from planner.errors import Issue, OverrideSyntaxError
from planner.words import did_you_mean
from planner.workbook.layout import RawTable
from planner.workbook.schema import SHEET_BY_NAME, SHEET_NAMES, YEAR_COLUMN, SheetSpec

SET, SCALE = "set", "scale"

_TARGET = re.compile(
    r"^\s*(?P<sheet>[A-Za-z_]\w*)\s*(?:\.\s*(?P<column>\w+))?\s*"
    r"(?P<selectors>(?:\[[^\]]*\]\s*)*)(?:\.\s*(?P<after>\w+))?\s*$"
)
_YEARS = re.compile(r"^(?P<first>\d{4})?\s*(?P<colon>:)?\s*(?P<last>\d{4})?$")


@dataclass(frozen=True)
class Override:
    """One parsed override: which cells of which sheet and column, and what to do to them."""

    text: str
    """As the user wrote it, with its option, e.g. ``--set Settings.budget_rs_crore=12000``."""
    kind: str
    """:data:`SET` or :data:`SCALE`."""
    sheet: str
    column: str | None
    selectors: tuple[tuple[str, tuple[str, ...]], ...]
    """(column, accepted values) pairs; all must hold."""
    years: tuple[int | None, int | None] | None
    """Inclusive year range, either end open; None = every year."""
    value: str


@dataclass
class Applied:
    """What a list of overrides did: the cell each override changed, and their problems."""

    cells: dict[str, str] = field(default_factory=dict)
    """``Sheet!Cell`` → the override that last changed it."""
    values: dict[str, object] = field(default_factory=dict)
    """``Sheet!Cell`` → the value the override put there."""
    issues: list[Issue] = field(default_factory=list)


def parse(text: str, kind: str) -> Override:
    """Parse ``TARGET=VALUE`` (without the option name) into an :class:`Override`."""
    shown = f"--{kind} {text}"
    target, value = _split_value(text, shown)
    match = _TARGET.match(target)
    if match is None:
        raise OverrideSyntaxError(
            f"{shown}: cannot read the target {target.strip()!r}; write Sheet.column=VALUE, "
            'e.g. --set Settings.budget_rs_crore=12000 or --scale "Supply[origin=Canada]=1.5".'
        )
    if match["column"] and match["after"]:
        raise OverrideSyntaxError(f"{shown}: name the column once, before or after the brackets.")
    selectors, years = _selectors(match["selectors"] or "", shown)
    return Override(
        shown, kind, match["sheet"], match["column"] or match["after"], selectors, years, value
    )


def _split_value(text: str, shown: str) -> tuple[str, str]:
    depth = 0
    for i, ch in enumerate(text):
        depth += {"[": 1, "]": -1}.get(ch, 0)
        if ch == "=" and depth == 0:
            return text[:i], text[i + 1 :].strip()
    raise OverrideSyntaxError(f"{shown}: no value; write TARGET=VALUE.")


def _selectors(
    text: str, shown: str
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[int | None, int | None] | None]:
    pairs: list[tuple[str, tuple[str, ...]]] = []
    years = None
    parts = [p.strip() for group in re.findall(r"\[([^\]]*)\]", text) for p in group.split(",")]
    for part in filter(None, parts):
        if "=" in part:
            name, _, wanted = part.partition("=")
            values = tuple(_unquote(v) for v in wanted.split("|"))
            pairs.append((name.strip(), values))
            continue
        found = _YEARS.match(part)
        if found is None or not (found["first"] or found["last"]):
            raise OverrideSyntaxError(
                f"{shown}: cannot read the selector {part!r}; write column=value, a year "
                "(2028) or a range of years (2028:2030)."
            )
        first = int(found["first"]) if found["first"] else None
        last = int(found["last"]) if found["last"] else None
        years = (first, first) if not found["colon"] else (first, last)
    return tuple(pairs), years


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def parse_all(sets: Iterable[str] = (), scales: Iterable[str] = ()) -> tuple[Override, ...]:
    """Parse ``--set`` then ``--scale`` texts, in that order (the order they are applied)."""
    return tuple(parse(t, SET) for t in sets) + tuple(parse(t, SCALE) for t in scales)


def apply(raw: dict[str, RawTable], overrides: Sequence[Override]) -> Applied:
    """Apply ``overrides`` in turn to the raw tables (changed in place); report what they did."""
    applied = Applied()
    for override in overrides:
        problem = _apply_one(raw, override, applied)
        if problem is not None:
            applied.issues.append(Issue("bad-override", override.text, problem))
    return applied


def _apply_one(raw: dict[str, RawTable], o: Override, applied: Applied) -> str | None:
    spec = SHEET_BY_NAME.get(o.sheet)
    if spec is None:
        return f"there is no sheet {o.sheet}.{did_you_mean(o.sheet, SHEET_NAMES)}"
    table = raw.get(o.sheet)
    if table is None:
        return f"the workbook has no sheet {o.sheet} (overrides change existing cells only)."
    column, problem = _column(spec, o)
    if problem is not None:
        return problem
    rows, problem = _rows(table, o)
    if problem is not None:
        return problem
    return _change(table, o, column, rows, applied)


def _column(spec: SheetSpec, o: Override) -> tuple[str, str | None]:
    names = [c.name for c in spec.long_columns if c.name not in spec.long_keys]
    if o.column is None:
        values = spec.year_value.name if spec.year_value else None
        numeric = [c.name for c in spec.columns if c.is_numeric and c.name not in spec.keys]
        if values is None and len(numeric) == 1:
            values = numeric[0]
        if values is None:
            return "", f"name the column to change: {o.sheet}.COLUMN, one of {', '.join(names)}."
        return values, None
    if o.column not in names:
        what = "setting" if spec.layout == "settings" else "column"
        return "", f"{o.sheet} has no {what} {o.column}.{did_you_mean(o.column, names)}"
    return o.column, None


def _rows(table: RawTable, o: Override) -> tuple[list[int], str | None]:
    values = table.values
    keep = list(range(len(values)))
    names = list(values.columns)
    for name, wanted in o.selectors:
        if name not in names:
            return [], f"{o.sheet} has no column {name} to select by.{did_you_mean(name, names)}"
        column = values[name]
        present = sorted({str(v).strip() for v in column if v is not None})
        for w in wanted:
            if not any(_same(v, w) for v in column):
                return [], f'no row of {o.sheet} has {name} "{w}".{did_you_mean(w, present)}'
        keep = [i for i in keep if any(_same(column[i], w) for w in wanted)]
    if o.years is not None:
        if YEAR_COLUMN not in names:
            return [], f"{o.sheet} has no years to select; leave out the year range."
        first, last = o.years
        years = values[YEAR_COLUMN]
        keep = [i for i in keep if _in_range(years[i], first, last)]
    if not keep:
        return [], f"no row of {o.sheet} matches all of the selectors."
    return keep, None


def _same(raw: object, wanted: str) -> bool:
    if raw is None:
        return False
    if str(raw).strip() == wanted:
        return True
    number = _number(wanted)
    return isinstance(raw, int | float) and number is not None and float(raw) == number


def _in_range(year: object, first: int | None, last: int | None) -> bool:
    if not isinstance(year, int | float):
        return False
    return (first is None or year >= first) and (last is None or year <= last)


def _number(text: str) -> float | None:
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _change(
    table: RawTable, o: Override, column: str, rows: list[int], applied: Applied
) -> str | None:
    spec = table.spec.column(column)
    if o.kind == SCALE:
        factor = _number(o.value)
        if factor is None:
            return f'the factor "{o.value}" is not a number; write e.g. 1.5 for 50 % more.'
    new: object = o.value
    if o.kind == SET and spec.is_numeric:
        number = _number(o.value)
        new = None if o.value == "" else (number if number is not None else o.value)
        if isinstance(new, float) and new.is_integer():
            new = int(new)
    changed = 0
    for i in rows:
        old = table.values.rows[i][column]
        if o.kind == SCALE:
            if not isinstance(old, int | float) or isinstance(old, bool):
                continue  # blank or text: left for validation to report as typed
            new = old * factor
        _put(table, column, i, new, o, applied)
        changed += 1
    if not changed:
        return f"the selected {column} cells hold no numbers to scale."
    return None


def _put(table: RawTable, column: str, i: int, new: object, o: Override, applied: Applied) -> None:
    table.values.rows[i][column] = new
    ref = table.cells.rows[i][column]
    if "!" in str(ref):
        applied.values[ref] = new
    # A setting or optional column missing from the sheet now has a value to type.
    table.header_refs.setdefault(column, o.text)
    applied.cells[str(ref)] = o.text


def name_overrides(issues: list[Issue], applied: Applied) -> list[Issue]:
    """Issues on an overridden cell, with the override named after the cell."""
    out = []
    for issue in issues:
        text = applied.cells.get(issue.where)
        if text is not None:
            issue = Issue(issue.code, f"{issue.where} [{text}]", issue.message, issue.severity)
        out.append(issue)
    return out
