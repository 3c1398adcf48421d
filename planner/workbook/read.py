"""Workbook file → grids of raw cell values, each value remembering the cell it came from.

The file is read once, as bytes (so its SHA-256 is of exactly what was read), checked by
:mod:`planner.xlsx.guard`, then parsed by openpyxl from memory — openpyxl is the only engine,
never chosen by guessing, and its XML parsing goes through defusedxml (checked below). No value is
interpreted here: ids such as ``NA`` stay text, error cells and formulas without a saved result are
kept as markers for the validator to report with their cell.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import EnvironmentProblem, InputError, Issue
from planner.words import first_and_more
from planner.workbook.schema import SHEET_BY_NAME
from planner.xlsx.census import prepare
from planner.xlsx.guard import DAMAGE, read_checked_bytes
from planner.xlsx.locate import find_damaged_cell

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorValue:
    """An Excel error cell such as ``#DIV/0!`` or ``#REF!``."""

    text: str


@dataclass(frozen=True)
class UncachedFormula:
    """A formula cell whose result was never saved (openpyxl would read it as empty)."""

    formula: str


@dataclass(frozen=True)
class MergedCell:
    """A cell covered by a merged range (not its top-left cell): reported once, by the range."""


MERGED = MergedCell()


@dataclass
class Grid:
    """One sheet as read: row 1 (the header) and the non-blank rows below, by Excel row number."""

    name: str
    header: dict[int, Any]
    """Column number (1 = A) → header value."""
    rows: dict[int, dict[int, Any]]
    """Row number → column number → value (blank cells omitted)."""


@dataclass(frozen=True)
class SheetCopy:
    """A sheet's saved values as the plan's input copy needs them, so it need not parse again."""

    cells: list[tuple[int, int, Any]]
    """(row, column, value) of every cell with a value, in row-then-column order."""
    widths: dict[str, float]
    """Column letter → width, for the columns given one."""


@dataclass
class RawBook:
    """Everything read from one workbook file, before validation."""

    path: Path
    sha256: str
    sheet_names: tuple[str, ...]
    """All sheet names in workbook order (chart sheets included)."""
    grids: dict[str, Grid]
    """Grids of the sheets the schema declares, by their exact name."""
    issues: list[Issue] = field(default_factory=list)
    copies: dict[str, SheetCopy] = field(default_factory=dict)
    """Values and widths of the sheets read, in workbook order, for the plan's input copies."""


def require_defusedxml() -> None:
    """Refuse to parse workbooks unless openpyxl will use defusedxml."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise EnvironmentProblem(
            "accplan needs the 'defusedxml' package to read workbooks safely (it protects "
            "against malicious XML); install it with `pip install defusedxml`, and do not set "
            "OPENPYXL_DEFUSEDXML=False."
        )


def read_workbook(path: Path) -> RawBook:
    """Read ``path`` into a :class:`RawBook`; raise :class:`InputError` if it cannot be read."""
    path = Path(path)
    data = read_checked_bytes(path)
    require_defusedxml()
    sha256 = hashlib.sha256(data).hexdigest()
    prepared = prepare(data, path.name, SHEET_BY_NAME)
    data = prepared.data
    values_wb = _load(data, path.name, data_only=True)
    has_formulas = _has_formulas(data, path.name)
    formulas_wb = _load(data, path.name, data_only=False) if has_formulas else None
    book = RawBook(path, sha256, tuple(values_wb.sheetnames), {})
    for name in values_wb.sheetnames:
        if name not in SHEET_BY_NAME:
            continue
        ws = values_wb[name]
        if not hasattr(ws, "merged_cells"):
            book.issues.append(
                Issue(
                    "chart-sheet",
                    name,
                    f"'{name}' is a chart, not a table; rename it and add a sheet with the data.",
                )
            )
            continue
        fws = formulas_wb[name] if formulas_wb is not None else None
        try:
            book.grids[name] = _grid(ws, fws)
            book.copies[name] = sheet_copy(ws)
            book.issues.extend(_layout_issues(ws, book.grids[name]))
        except Exception as exc:  # a sheet openpyxl built but cannot walk: damaged, not a bug
            log.debug("reading sheet %s failed", name, exc_info=True)
            raise InputError(
                [
                    Issue(
                        "corrupt-file",
                        f"{path.name}, sheet {name}",
                        f"this sheet could not be read ({type(exc).__name__}); open the file "
                        "in Excel and save it again, or use a backup copy.",
                    )
                ]
            ) from None
    if prepared.recalc_on_load and formulas_wb is not None:
        book.issues.extend(_stale_results(formulas_wb, book.grids))
    return book


def _stale_results(formulas_wb: Any, grids: dict[str, Grid]) -> list[Issue]:
    """One warning per sheet listing the formula cells whose saved results are read although the
    workbook asks Excel to recalculate everything when it is opened (so they may be stale)."""
    from openpyxl.utils import get_column_letter

    issues = []
    for name in grids:
        refs = [
            f"{get_column_letter(c.column)}{c.row}"
            for c in sorted(formulas_wb[name]._cells.values(), key=lambda c: (c.row, c.column))
            if c.data_type == "f"
        ]
        if not refs:
            continue
        shown = ", ".join(refs[:10]) + (f" and {len(refs) - 10:,} more" if len(refs) > 10 else "")
        issues.append(
            Issue(
                "stale-formula-results",
                f"{name}!{refs[0]}",
                f"the workbook asks to be recalculated when opened, so the saved results of "
                f"its formulas ({shown}) may be out of date, and accplan reads those saved "
                "results. Open it in Excel, let it calculate, and save it; or type the values.",
                "warning",
            )
        )
    return issues


def _load(data: bytes, name: str, data_only: bool) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            return openpyxl.load_workbook(
                io.BytesIO(data),
                data_only=data_only,
                keep_links=False,
                keep_vba=False,
                rich_text=False,
            )
    except MemoryError:
        raise _too_big(name, len(data)) from None
    except Exception as exc:  # any parser failure on untrusted bytes becomes an input error
        log.debug("openpyxl failed", exc_info=True)
        raise _unreadable(data, name, exc) from None


def _unreadable(data: bytes, name: str, exc: BaseException) -> InputError:
    """The input error for a workbook openpyxl could not build, at the damaged cell if found."""
    try:
        found = find_damaged_cell(data, SHEET_BY_NAME)
    except Exception:  # the search is best effort; the file-level message still holds
        found = None
    if found is not None:
        at = "at this cell" if found.ref else "at this sheet"
        where = f"{found.sheet}!{found.ref}" if found.ref else f"{name}, sheet {found.sheet}"
        return InputError(
            [
                Issue(
                    "damaged-cell",
                    where,
                    f"{name} cannot be read {at}: {found.problem}. The file is "
                    "damaged or was not written by a spreadsheet program; retype the cell in "
                    "Excel and save the workbook again, or use a backup copy.",
                )
            ]
        )
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return InputError(
        [
            Issue(
                "corrupt-file",
                name,
                f"the workbook could not be read ({detail}); open it in Excel, save it "
                "again as .xlsx, and retry.",
            )
        ]
    )


def _too_big(name: str, size: int) -> InputError:
    return InputError(
        [
            Issue(
                "out-of-memory",
                name,
                f"the workbook ({size / 2**20:,.1f} MB unpacked) does not fit in this "
                "computer's memory; delete unused rows and sheets, or run accplan where more "
                "memory is free.",
            )
        ]
    )


FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
"""A cell's formula element ``<f>`` (or ``<x:f ...>``), not ``<formula1>`` of a dropdown list:
the template's own dropdowns must not cost a second parse of the whole workbook."""


def _has_formulas(data: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as part:
                        if FORMULA_TAG.search(part.read()):
                            return True
    except DAMAGE:
        raise InputError(
            [
                Issue(
                    "corrupt-file",
                    f"{name} (part {info.filename})",
                    "this part "
                    "of the workbook is damaged; open the file in Excel and save it "
                    "again.",
                )
            ]
        ) from None
    return False


def sheet_copy(ws: Any) -> SheetCopy:
    """The values and column widths of ``ws`` (only the cells stored in the file)."""
    cells = [(r, c, cell.value) for (r, c), cell in sorted(ws._cells.items())]
    widths = {letter: dim.width for letter, dim in sorted(ws.column_dimensions.items())}
    return SheetCopy(
        [cell for cell in cells if cell[2] is not None],
        {letter: width for letter, width in widths.items() if width},
    )


def _cells(ws: Any) -> Iterator[Any]:
    # ws._cells holds only the cells present in the file; iter_rows() would create every
    # blank cell up to max_row x max_column, which for a sheet formatted down to row 1,048,576
    # means millions of objects.
    return iter(list(ws._cells.values()))


def _grid(ws: Any, fws: Any | None) -> Grid:
    header: dict[int, Any] = {}
    rows: dict[int, dict[int, Any]] = {}
    for cell in _cells(ws):
        value = _value(cell, fws)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if cell.row == 1:
            header[cell.column] = value
        else:
            rows.setdefault(cell.row, {})[cell.column] = value
    grid = Grid(ws.title, header, rows)
    if fws is not None:
        _uncached_cells(ws, fws, grid)
    grid.header = dict(sorted(grid.header.items()))
    grid.rows = {r: dict(sorted(v.items())) for r, v in sorted(grid.rows.items())}
    return grid


def _value(cell: Any, fws: Any | None) -> Any:
    if cell.data_type == "e":
        return ErrorValue(str(cell.value))
    if cell.value is None and fws is not None:
        formula = fws.cell(row=cell.row, column=cell.column).value
        if formula is not None and (not isinstance(formula, str) or formula.startswith("=")):
            text = getattr(formula, "text", formula)
            return UncachedFormula(str(text))
    return cell.value


def _uncached_cells(ws: Any, fws: Any, grid: Grid) -> None:
    """Add formula cells that openpyxl did not list in the values sheet at all."""
    for cell in list(fws._cells.values()):
        if cell.data_type != "f" or ws.cell(row=cell.row, column=cell.column).value is not None:
            continue
        marker = UncachedFormula(str(getattr(cell.value, "text", cell.value)))
        if cell.row == 1:
            grid.header[cell.column] = marker
        else:
            grid.rows.setdefault(cell.row, {})[cell.column] = marker


def _layout_issues(ws: Any, grid: Grid) -> list[Issue]:
    """Merged cells inside the table (errors) and hidden rows or columns (warnings)."""
    from openpyxl.utils import get_column_letter

    last_col = max([*grid.header, *(c for r in grid.rows.values() for c in r), 1])
    last_row = max([*grid.rows, 1])
    issues = []
    for rng in sorted(ws.merged_cells.ranges, key=str):
        if rng.min_col <= last_col and rng.min_row <= last_row:
            issues.append(
                Issue(
                    "merged-cells",
                    f"{ws.title}!{rng.coord}",
                    "merged cells inside "
                    "the table; unmerge them (Home > Merge & Center) and fill in "
                    "every cell.",
                )
            )
            _mark_merged(grid, rng, last_row, last_col)
    if ws.sheet_state != "visible":
        issues.append(
            Issue(
                "hidden-sheet",
                ws.title,
                "the sheet is hidden but its data is used; "
                "unhide it to check (right-click any sheet tab > Unhide).",
                "warning",
            )
        )
    hidden_rows = [r for r in grid.rows if ws.row_dimensions[r].hidden]
    if hidden_rows:
        issues.append(
            Issue(
                "hidden-rows",
                f"{ws.title}!A{hidden_rows[0]}",
                _hidden_text(
                    "row",
                    [str(r) for r in hidden_rows],
                    "select the rows on either side, right-click > Unhide",
                ),
                "warning",
            )
        )
    hidden_cols = [
        get_column_letter(c)
        for c in range(1, last_col + 1)
        if ws.column_dimensions[get_column_letter(c)].hidden
    ]
    if hidden_cols:
        issues.append(
            Issue(
                "hidden-columns",
                f"{ws.title}!{hidden_cols[0]}1",
                _hidden_text(
                    "column", hidden_cols, "select the columns on either side, right-click > Unhide"
                ),
                "warning",
            )
        )
    return issues


def _mark_merged(grid: Grid, rng: Any, last_row: int, last_col: int) -> None:
    """Mark the data cells a merged range covers, so each is not also reported as empty."""
    for row in range(max(rng.min_row, 2), min(rng.max_row, last_row) + 1):
        for col in range(rng.min_col, min(rng.max_col, last_col) + 1):
            if (row, col) != (rng.min_row, rng.min_col) and row in grid.rows:
                grid.rows[row].setdefault(col, MERGED)


def _hidden_text(kind: str, names: list[str], how: str) -> str:
    shown = first_and_more(names, 10)
    if len(names) == 1:
        return f"{kind} {shown} is hidden but its data is used; unhide it to check ({how})."
    return f"{kind}s {shown} are hidden but their data is used; unhide them to check ({how})."
