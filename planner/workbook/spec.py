"""The building blocks of the input schema: column and sheet specifications and their types.

:mod:`planner.workbook.schema` declares the sheets with them; the supply-chain sheets live in
:mod:`planner.workbook.chain_sheets`. Both import from here, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
NUMBER = "number"
INTEGER = "integer"
YEAR = "year"
"""A whole year; unless ``any_year`` it must lie within the horizon set on the Settings sheet."""

HORIZON = "horizon"
"""Marker for a year bound taken from the Settings sheet."""

YEAR_COLUMN = "year"
"""Name of the column that holds the year after a ``years`` sheet is melted to rows."""

# Every number that reaches the LP has an upper bound: an absurd value (1e302 typed for "no
# limit") passes as a finite number but breaks the solve. The bounds are far above any real plan.
MAX_RS_CRORE = 10_000_000
"""Rs crore (10^14 Rs, about USD 1 trillion): the most a budget or annual limit may be."""
MAX_GWH = 100_000
"""GWh (a year): about 50 times world cell output in 2024; the most any capacity or output."""
MAX_TONNES = 1_000_000_000
"""Tonnes a year from one source: far above world output of any battery mineral."""
MAX_TIME_LIMIT_S = 604_800
"""Seconds: a week; the longest solver time limit."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table (or one setting of the Settings sheet)."""

    name: str
    dtype: str = NUMBER
    unit: str = ""
    required: bool = True
    default: object = None
    """Value used when an optional cell is blank (reported as a warning when it is not None)."""
    low: float | None = None
    """Smallest allowed value (inclusive)."""
    high: float | None = None
    """Largest allowed value (inclusive)."""
    low_open: bool = False
    """True when the value must be strictly above ``low``."""
    share: bool = False
    """A share from 0 to 1 (25 % is written 0.25)."""
    allowed: tuple[str, ...] = ()
    references: str | None = None
    """``"Sheet.column"`` whose values this column must be one of."""
    any_year: bool = False
    """For YEAR columns: any whole year 2000-2100 rather than a year of the horizon."""
    description: str = ""
    example: object = None
    """A typical value, used in the README and by tests."""

    @property
    def number_format(self) -> str:
        """Excel number format for the column's cells."""
        if self.dtype in (INTEGER, YEAR):
            return "0"
        if self.share:
            return "0.00"
        if self.dtype == NUMBER:
            return "#,##0.00"
        return "@"

    @property
    def is_numeric(self) -> bool:
        """True for number, integer and year columns."""
        return self.dtype in (NUMBER, INTEGER, YEAR)

    def bounds_text(self) -> str:
        """The allowed range in words, e.g. ``"a number of 0 or more"``."""
        if self.share:
            return "a share from 0 to 1 (write 25 % as 0.25)"
        kind = "a whole number" if self.dtype == INTEGER else "a number"
        if self.low is not None and self.high is not None and self.low_open:
            return f"{kind} above {_fmt(self.low)} and at most {_fmt(self.high)}"
        if self.low is not None and self.high is not None:
            return f"{kind} from {_fmt(self.low)} to {_fmt(self.high)}"
        if self.low is not None:
            return (
                f"{kind} above {_fmt(self.low)}"
                if self.low_open
                else (f"{kind} of {_fmt(self.low)} or more")
            )
        if self.high is not None:
            return f"{kind} of {_fmt(self.high)} or less"
        return kind


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value) != int(value) else f"{int(value)}"


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the input workbook."""

    name: str
    columns: tuple[ColumnSpec, ...]
    keys: tuple[str, ...] = ()
    layout: str = "table"
    required: bool = True
    description: str = ""
    year_value: ColumnSpec | None = None
    """For the ``years`` layout: the value every year column holds."""
    consecutive_from_one: str | None = None
    """Key column whose values must run 1, 2, 3, ... without gaps (ages, performance years)."""
    retired: tuple[tuple[str, str], ...] = ()
    """(column, how to convert): headers of older workbooks whose meaning changed; an error."""

    def column(self, name: str) -> ColumnSpec:
        """The spec of column (or setting) ``name``; the melted year and value columns included."""
        for col in self.long_columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def names(self) -> tuple[str, ...]:
        """Column names, in sheet order."""
        return tuple(c.name for c in self.columns)

    @property
    def long_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns of the table after melting (``years`` sheets gain ``year`` and the value)."""
        if self.layout != "years" or self.year_value is None:
            return self.columns
        year = ColumnSpec(YEAR_COLUMN, YEAR, description="Planning year (a column header).")
        return (*self.columns, year, self.year_value)

    @property
    def long_keys(self) -> tuple[str, ...]:
        """Key columns of the long table (``year`` added for a by-year sheet)."""
        return (*self.keys, YEAR_COLUMN) if self.layout == "years" else self.keys


def ref(col: str, sheet_col: str, description: str, **kw: object) -> ColumnSpec:
    """A text column whose values must appear in ``sheet_col`` (``Sheet.column``)."""
    return ColumnSpec(col, TEXT, references=sheet_col, description=description, **kw)
