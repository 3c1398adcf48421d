"""The building blocks of the input schema: column and sheet specifications and their types.

:mod:`planner.workbook.schema` declares the sheets with them; the supply-chain sheets live in
:mod:`planner.workbook.chain_sheets`. Both import from here, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    """Value used when an optional cell is blank; the template documents it in the header note."""
    default_changes_plan: bool = False
    """True when the default is an assumption the plan depends on (a blank cost read as 0 makes a
    route free), so a blank cell is reported as a warning. False (most columns) when the default
    means none: no limit, no commitment, no award, a label; the reader applies it silently."""
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
    legacy: bool = False
    """A column of an older layout, still read but left out of the template (its data now
    belongs elsewhere, e.g. awards on the Awards sheet)."""

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
    def header(self) -> str:
        """Header text with the unit, e.g. ``capex_musd_per_gwh (USD M/GWh)`` (the name alone for
        a column without a unit); the reader also accepts the bare name (:func:`split_header`)."""
        return unit_header(self.name, self.unit)

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


def unit_header(name: object, unit: str) -> str:
    """``name (unit)``, or ``name`` alone when there is no unit: the plan's header form too."""
    return f"{name} ({unit})" if unit else str(name)


def split_header(text: object) -> tuple[str, str | None]:
    """(name, unit) of a header cell: ``"capex_musd_per_gwh (USD M/GWh)"`` gives
    ``("capex_musd_per_gwh", "USD M/GWh")``, a bare name gives ``(name, None)``.

    Only a bracketed part at the end counts as the unit, so the name is what was typed before it.
    """
    stripped = str(text).strip()
    if not stripped.endswith(")") or " (" not in stripped:
        return stripped, None
    name, _, unit = stripped[:-1].partition(" (")
    return name.strip(), unit.strip()


def same_unit(a: str, b: str) -> bool:
    """Units equal up to case and spaces (``USD M/GWh`` = ``usd m / gwh``)."""
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


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


def sheet_order(sheets: Sequence[SheetSpec]) -> tuple[SheetSpec, ...]:
    """``sheets`` with every sheet a column references (``Plants.plant_id``) moved before the
    first sheet that references it, so a dropdown's list is filled in before it is used.

    Otherwise the schema's order is kept: each sheet is placed as late as its schema position,
    with the sheets it draws on placed just before it (depth first, in column order). A sheet's
    reference to itself is ignored; a cycle, which no order satisfies, is cut where it closes.
    """
    by_name = {s.name: s for s in sheets}
    placed: dict[str, SheetSpec] = {}
    visiting: set[str] = set()

    def place(spec: SheetSpec) -> None:
        if spec.name in placed or spec.name in visiting:
            return
        visiting.add(spec.name)
        for col in (*spec.columns, *((spec.year_value,) if spec.year_value else ())):
            target = col.references.split(".")[0] if col.references else None
            if target in by_name and target != spec.name:
                place(by_name[target])
        visiting.discard(spec.name)
        placed[spec.name] = spec

    for spec in sheets:
        place(spec)
    return tuple(placed.values())


def ref(col: str, sheet_col: str, description: str, **kw: object) -> ColumnSpec:
    """A text column whose values must appear in ``sheet_col`` (``Sheet.column``)."""
    return ColumnSpec(col, TEXT, references=sheet_col, description=description, **kw)
