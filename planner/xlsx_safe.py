"""Writing cells a reviewer can trust: no live formulas, no NaN or infinity, tidy tables.

Every value that goes into a plan passes through :func:`put`: text that Excel could mistake for
a formula (``=``, ``+``, ``-``, ``@``) is stored as text with Excel's quote prefix, characters that
are illegal in the file format are dropped, and non-finite numbers become an empty cell. Tables get
a bold, frozen header row with units, number formats from :mod:`planner.plan_schema`, an
autofilter and column widths fitted to their contents.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
"""Leading characters that make spreadsheet programs read text as a formula."""

MAX_TEXT = 32_767
"""Longest text an Excel cell holds."""

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
SECTION = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")

MIN_WIDTH = 8
MAX_WIDTH = 60


def clean_number(value: float) -> float | None:
    """A finite float with ``-0.0`` made ``0.0``; None (an empty cell) for NaN or infinity."""
    if not math.isfinite(value):
        return None
    return value + 0.0 if value != 0 else 0.0


def clean_text(value: str) -> str:
    """Text without characters the xlsx format forbids, cut to what a cell can hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Cell:
    """Write one value safely at (row, col) and return its cell.

    Text is always stored as text (never a formula); formula-like text also gets Excel's quote
    prefix so that editing the cell keeps it text. Numbers that are NaN or infinite leave the cell
    empty. Booleans, integers, floats, dates and None are written as they are.
    """
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif value is None or isinstance(value, bool | dt.datetime | dt.date | dt.time):
        cell.value = value
    elif isinstance(value, numbers.Integral):
        cell.value = int(value)
    elif isinstance(value, numbers.Real):
        cell.value = clean_number(float(value))
    else:
        cell.value = clean_text(str(value))
        cell.data_type = "s"
    if number_format and cell.value is not None and not isinstance(cell.value, str):
        cell.number_format = number_format
    return cell


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: Sequence[str | None] | None = None,
    *,
    first_row: int = 1,
    filter_and_freeze: bool = True,
) -> int:
    """Write a header row and data rows from ``first_row``; return the last row written.

    With ``filter_and_freeze`` (tables that fill a sheet), the header is frozen and filtered.
    """
    for c, header in enumerate(headers, start=1):
        put(ws, first_row, c, header).font = BOLD
    r = first_row
    for r, values in enumerate(rows, start=first_row + 1):
        for c, value in enumerate(values, start=1):
            fmt = formats[c - 1] if formats else None
            put(ws, r, c, value, fmt)
    if filter_and_freeze:
        ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
        last_col = get_column_letter(max(len(headers), 1))
        ws.auto_filter.ref = f"A{first_row}:{last_col}{max(r, first_row)}"
    return r


def fit_widths(ws: Worksheet, *, minimum: int = MIN_WIDTH, maximum: int = MAX_WIDTH) -> None:
    """Set each column's width from the longest text or number shown in it (within bounds)."""
    widest: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            width = _shown_width(cell.value)
            widest[cell.column] = max(widest.get(cell.column, 0), width)
    for col, width in sorted(widest.items()):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(minimum, min(maximum, width + 2))


def _shown_width(value: Any) -> int:
    if isinstance(value, float):
        return len(f"{value:,.3f}")
    if isinstance(value, dt.datetime | dt.date):
        return 19
    return max((len(line) for line in str(value).splitlines()), default=0)
