"""One cell at a time: check a raw value against its ColumnSpec and give it its type.

Every problem becomes one sentence that says what was found, what was expected, and the fix, in
the words of the schema (name, unit, bounds). Nothing is coerced silently: a number stored as text
is an error (with how to fix it in Excel), a blank optional cell takes the schema's default.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from planner.words import did_you_mean, has_hidden, quoted
from planner.workbook.read import ErrorValue, MergedCell, UncachedFormula
from planner.workbook.schema import INTEGER, NUMBER, TEXT, YEAR, ColumnSpec

ANY_YEAR = (2000, 2100)
MAX_TEXT = 32_767
"""Longest text an Excel cell holds; longer text cannot come from Excel and would be cut in the
plan, so that two different values could become one."""


@dataclass(frozen=True)
class CellProblem:
    """Why a cell was rejected (or defaulted, when ``severity`` is warning)."""

    code: str
    message: str
    severity: str = "error"


def show(value: Any) -> str:
    """A value as it should appear in a message: text in quotes (invisible characters escaped,
    long text cut), numbers plainly."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[:6]}… (a number of {len(digits):,} digits)"
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:,.10g}".replace(",", "")
    return str(value)


def expected(col: ColumnSpec, horizon: tuple[int, int] | None) -> str:
    """What a cell of ``col`` must hold, e.g. ``a whole year from 2026 to 2032``."""
    if col.dtype == YEAR:
        first, last = _year_range(col, horizon)
        return f"a whole year from {first} to {last}"
    if col.dtype == TEXT:
        return "one of " + ", ".join(col.allowed) if col.allowed else "a text value"
    unit = f" ({col.unit})" if col.unit and not col.share else ""
    return col.bounds_text() + unit


def _year_range(col: ColumnSpec, horizon: tuple[int, int] | None) -> tuple[int, int]:
    return ANY_YEAR if col.any_year or horizon is None else horizon


def convert(
    value: Any, col: ColumnSpec, horizon: tuple[int, int] | None
) -> tuple[Any, CellProblem | None]:
    """Return ``(typed value, problem)``; the value is None when there is an error."""
    if isinstance(value, UncachedFormula):
        return None, CellProblem(
            "formula-no-cache",
            f"{col.name} is a formula "
            f"({value.formula}) whose result was never saved, and accplan "
            "reads saved results; open the workbook in Excel, let it "
            "calculate and save it, or type the value instead.",
        )
    if isinstance(value, MergedCell):
        return None, None  # the merged range is reported once, by the reader
    if isinstance(value, ErrorValue):
        return None, CellProblem(
            "error-cell",
            f"{col.name} shows the Excel error "
            f"{value.text}; fix the formula or type {expected(col, horizon)}"
            ".",
        )
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return None, CellProblem(
            "text-too-long",
            f"{col.name} holds {len(value):,} characters; a cell holds at most {MAX_TEXT:,}. "
            "Shorten it.",
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        return _blank(col, horizon)
    if col.dtype == TEXT:
        return _text(value, col)
    return _number(value, col, horizon)


def _blank(col: ColumnSpec, horizon: tuple[int, int] | None) -> tuple[Any, CellProblem | None]:
    if col.required:
        return None, CellProblem(
            "empty-required", f"{col.name} is empty; enter {expected(col, horizon)}."
        )
    if col.default is None or col.default == "":
        return col.default, None
    return col.default, CellProblem(
        "defaulted", f"{col.name} is blank; using the default {show(col.default)}.", "warning"
    )


def _text(value: Any, col: ColumnSpec) -> tuple[Any, CellProblem | None]:
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        return None, CellProblem(
            "not-text",
            f"{col.name} is the date {show_date(value)}; "
            f"expected {expected(col, None)}. Format the cell as Text "
            "(Home > Number Format > Text) and type it again.",
        )
    else:
        # One spelling per text: "é" typed or pasted as e + combining accent is the same id.
        text = unicodedata.normalize("NFC", str(value).strip())
    if col.allowed and text not in col.allowed:
        return None, CellProblem(
            "not-allowed",
            f"{col.name} is {show(text)}; expected one of "
            f"{', '.join(col.allowed)}.{did_you_mean(text, col.allowed)}",
        )
    if has_hidden(text):
        return text, CellProblem(
            "hidden-character",
            f"{col.name} is {show(text)}, which holds characters that cannot be seen "
            "(shown as \\u escapes; often pasted from a web page); it does not match the same "
            "text without them. Retype the value.",
            "warning",
        )
    return text, None


def _number(
    value: Any, col: ColumnSpec, horizon: tuple[int, int] | None
) -> tuple[Any, CellProblem | None]:
    want = expected(col, horizon)
    if isinstance(value, str):
        return None, _text_in_number(value.strip(), col, want)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return None, _date_in_number(value, col, want)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, CellProblem(
            "not-a-number", f"{col.name} is not a number ({value}); expected {want}."
        )
    try:
        number = float(value)
    except OverflowError:  # a whole number of hundreds of digits
        number = math.inf if value > 0 else -math.inf
    if not math.isfinite(number):
        return None, CellProblem(
            "non-finite", f"{col.name} is {show(value)}, not a finite number; expected {want}."
        )
    if col.dtype in (INTEGER, YEAR) and not number.is_integer():
        return None, CellProblem("not-whole", f"{col.name} is {show(number)}; expected {want}.")
    problem = _range(number, col, horizon, want)
    if problem is not None:
        return None, problem
    return (int(number) if col.dtype in (INTEGER, YEAR) else number), None


def show_date(value: dt.datetime | dt.date | dt.time) -> str:
    """A date as a planner reads it, e.g. ``19 Jul 1905`` (a time as ``12:00``)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return value.strftime("%d %b %Y %H:%M")
    return value.strftime("%d %b %Y")


def excel_serial(value: dt.datetime | dt.date | dt.time) -> float | None:
    """The number Excel stores behind a date-formatted cell (what the planner typed, often)."""
    from openpyxl.utils.datetime import to_excel

    try:
        return float(to_excel(value))
    except (TypeError, ValueError, OverflowError):
        return None


def _date_in_number(
    value: dt.datetime | dt.date | dt.time, col: ColumnSpec, want: str
) -> CellProblem:
    """A date where a number or year belongs: usually a number typed into a date-formatted cell."""
    serial = excel_serial(value)
    typed = int(serial) if serial is not None and serial.is_integer() else None
    is_year = col.dtype == YEAR or col.unit == "year"
    # A number typed into a date-formatted cell shows as a date early in the 1900s.
    held = typed is not None and (
        ANY_YEAR[0] <= typed <= ANY_YEAR[1] if is_year else getattr(value, "year", 2000) < 1950
    )
    if is_year:
        retype = f"the year alone, e.g. {typed if held else getattr(value, 'year', 2027)}"
    else:
        retype = "the number again"
    if not held:
        note = ""
    elif is_year:
        note = f" (the cell holds {typed} but is formatted as a date)"
    else:
        note = " (a number typed into a cell formatted as a date shows like this)"
    return CellProblem(
        "not-a-number",
        f"{col.name} is the date {show_date(value)}{note}; "
        f"expected {want}. Set the cell's format to General (Home > Number "
        f"Format > General) and type {retype}.",
    )


def _text_in_number(text: str, col: ColumnSpec, want: str) -> CellProblem:
    try:
        parsed = float(text.replace(",", ""))
    except ValueError:
        parsed = None
    if parsed is not None and math.isfinite(parsed):
        return CellProblem(
            "number-as-text",
            f"{col.name} is the text {show(text)} (a number "
            f"stored as text); expected {want}. Re-enter it as a number (in "
            "Excel: select the cell, click the warning sign, Convert to Number).",
        )
    return CellProblem("not-a-number", f"{col.name} is {show(text)}; expected {want}.")


def _range(
    number: float, col: ColumnSpec, horizon: tuple[int, int] | None, want: str
) -> CellProblem | None:
    if col.dtype == YEAR:
        first, last = _year_range(col, horizon)
        if not first <= number <= last:
            code = "year-outside-horizon" if not col.any_year else "out-of-range"
            return CellProblem(code, f"{col.name} is {show(int(number))}; expected {want}.")
        return None
    low_bad = col.low is not None and (number <= col.low if col.low_open else number < col.low)
    high_bad = col.high is not None and number > col.high
    if not (low_bad or high_bad):
        return None
    code = "share-out-of-range" if col.share else "out-of-range"
    return CellProblem(code, f"{col.name} is {show(number)}; expected {want}.")


__all__ = ["NUMBER", "CellProblem", "convert", "excel_serial", "expected", "show", "show_date"]
