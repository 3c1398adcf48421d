"""Writing cells a reviewer can trust: no live formulas, no NaN or infinity, tidy tables.

Every value that goes into a plan passes through :func:`put`: text that Excel could mistake for
a formula (``=``, ``+``, ``-``, ``@``) is stored as text with Excel's quote prefix, characters that
are illegal in the file format are dropped, and non-finite numbers become an empty cell. Tables get
a bold, frozen header row with units (wrapped onto two lines where long), number formats from
:mod:`planner.plan.schema`, an autofilter, column widths fitted to their contents, and a page set-up
that prints each sheet one page wide.
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
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
"""Leading characters that make spreadsheet programs read text as a formula."""

MAX_TEXT = 32_767
"""Longest text an Excel cell holds."""

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
SECTION = Font(bold=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER = Alignment(wrap_text=True, vertical="bottom")
NUMBER_HEADER = Alignment(wrap_text=True, vertical="bottom", horizontal="right")
CENTRED_HEADER = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
CENTRED = Alignment(horizontal="center")
YEAR_FORMAT = "0"
"""Number format of year columns, which are centred so that a year does not run into the text
of the next column."""

MIN_WIDTH = 8
MAX_WIDTH = 60
HEADER_WIDTH = 13
"""A wrapped header asks for at most this width (or its longest word): ``incentive (USD million)``
becomes ``incentive`` over ``(USD million)`` instead of widening its column of numbers."""
LINE_HEIGHT = 15
TEXT_PER_WIDTH = 1.15
"""Characters of ordinary text per unit of column width (a unit is one digit; letters are
narrower on average); kept low so that a wrapped row is never too short for its text."""
"""Points per line of 11-point text; wrapped rows are given this times their line count."""


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
        cell = put(ws, first_row, c, header)
        cell.font, cell.alignment = BOLD, _header_alignment(formats[c - 1] if formats else None)
    r = first_row
    for r, values in enumerate(rows, start=first_row + 1):
        for c, value in enumerate(values, start=1):
            fmt = formats[c - 1] if formats else None
            cell = put(ws, r, c, value, fmt)
            if fmt == YEAR_FORMAT:
                cell.alignment = CENTRED
    if filter_and_freeze:
        ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
        last_col = get_column_letter(max(len(headers), 1))
        ws.auto_filter.ref = f"A{first_row}:{last_col}{max(r, first_row)}"
    return r


def _header_alignment(number_format: str | None) -> Alignment:
    """Headers sit over their values: centred over years, right over other numbers."""
    if number_format == YEAR_FORMAT:
        return CENTRED_HEADER
    return HEADER if number_format in (None, "General") else NUMBER_HEADER


def fit_widths(ws: Worksheet, *, minimum: int = MIN_WIDTH, maximum: int = MAX_WIDTH) -> None:
    """Set each column's width from the longest text or number shown in it (within bounds),
    then the height of rows with wrapped text (:func:`fit_heights`).

    Titles (fonts above 11 points) are left out: they run on over the empty cells to their right.
    Wrapped cells ask only for :data:`HEADER_WIDTH` or their longest word.
    """
    is_title, wraps = _style_tests(ws)
    widest: dict[int, int] = {}
    for cell in ws._cells.values():  # the cells written; iter_rows() would add every blank one
        value = cell._value
        if value is None or is_title(cell):
            continue
        width = _shown_width(value)
        if wraps(cell):
            width = min(width, max(HEADER_WIDTH, _longest_word(value)))
        widest[cell.column] = max(widest.get(cell.column, 0), width)
    for col, width in sorted(widest.items()):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(minimum, min(maximum, width + 2))
    fit_heights(ws)


def fit_heights(ws: Worksheet) -> None:
    """Give each row holding wrapped text the height of its most wrapped cell (the default
    height when it fits on one line); a merged cell wraps across all its columns."""
    merged = {
        (m.min_row, m.min_col): sum(_width(ws, c) for c in range(m.min_col, m.max_col + 1))
        for m in ws.merged_cells.ranges
    }
    _, wraps = _style_tests(ws)
    lines: dict[int, int] = {}
    for cell in ws._cells.values():
        if cell._value is not None and wraps(cell):
            width = merged.get((cell.row, cell.column), _width(ws, cell.column))
            count = _line_count(str(cell._value), width)
            lines[cell.row] = max(lines.get(cell.row, 0), count)
    for row, most in sorted(lines.items()):
        ws.row_dimensions[row].height = LINE_HEIGHT * most if most > 1 else None


def _style_tests(ws: Worksheet) -> tuple[Any, Any]:
    """Is a cell's font a title's (above 11 points), is its text wrapped: looked up by the
    cell's style ids, once per id (``cell.font`` and ``cell.alignment`` build a proxy object on
    every read, which for a 100,000-cell sheet cost more than writing it)."""
    fonts, alignments = ws.parent._fonts, ws.parent._alignments
    big = {i: (f.sz or 11) > 11 for i, f in enumerate(fonts)}
    wrap = {i: bool(a.wrap_text) for i, a in enumerate(alignments)}

    def is_title(cell: Cell) -> bool:
        return big[cell._style.fontId] if cell._style else big[0]  # no style: the defaults

    def wraps(cell: Cell) -> bool:
        return wrap[cell._style.alignmentId] if cell._style else wrap[0]

    return is_title, wraps


def print_setup(ws: Worksheet, title_rows: str | None = None, pages_tall: int = 0) -> None:
    """Print the sheet landscape, one page wide (and at most ``pages_tall`` pages tall, 0 for
    as many as it takes), repeating ``title_rows`` (e.g. ``"1:1"``)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        ws.print_title_rows = title_rows


def _width(ws: Worksheet, column: int) -> float:
    return ws.column_dimensions[get_column_letter(column)].width or MIN_WIDTH


def _longest_word(value: Any) -> int:
    return max((len(word) for word in str(value).split()), default=0)


def _line_count(text: str, width: float) -> int:
    """Lines that ``text`` takes when wrapped at word boundaries in a column ``width`` wide."""
    room = max(int(width * TEXT_PER_WIDTH) - 1, 1)
    lines = 0
    for paragraph in text.splitlines() or [""]:
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                lines += 1
                used = len(word)
            else:
                used += len(word) + (1 if used else 0)
    return lines


def _shown_width(value: Any) -> int:
    if isinstance(value, float):
        return len(f"{value:,.3f}")
    if isinstance(value, dt.datetime | dt.date):
        return 19
    return max((len(line) for line in str(value).splitlines()), default=0)
