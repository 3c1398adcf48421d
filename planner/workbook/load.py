"""The one entry point from an input workbook to the model's data: read → validate → convert.

>>> loaded = load_input(Path("inputs/acc_base.xlsx"))      # doctest: +SKIP
>>> loaded.data.budget_musd, loaded.warnings                 # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from models.data import ModelData
from planner.errors import InputError, Issue
from planner.workbook.overrides import Override
from planner.workbook.read import RawBook, SheetCopy, read_workbook
from planner.workbook.schema import SHEET_NAMES
from planner.workbook.table import Table
from planner.workbook.to_model import settings_of, to_model_data
from planner.workbook.validate import validate_book


@dataclass(frozen=True)
class LoadedInput:
    """A validated input workbook and the model data built from it."""

    path: Path
    sha256: str
    """SHA-256 of the file's bytes, exactly as read."""
    data: ModelData
    warnings: list[Issue]
    fx_rs_per_usd: float
    scenario: str
    time_limit_s: float | None
    tables: Mapping[str, Table] = field(repr=False)
    """Validated tables in long form (year-by-year sheets melted, column ``year``);
    ``Table.frame()`` gives one as a pandas DataFrame."""
    cells: Mapping[str, Table] = field(default_factory=dict, repr=False)
    """The ``Sheet!Cell`` of every value of :attr:`tables`, same shape (for messages)."""
    sheet_names: tuple[str, ...] = ()
    """The input sheets present, in schema order (for copying into the plan)."""
    overrides: tuple[str, ...] = ()
    """The overrides applied, as typed (``--set Settings.budget_rs_crore=12000``), in order."""
    overridden: Mapping[str, object] = field(default_factory=dict, repr=False)
    """``Sheet!Cell`` → the value the overrides put there."""
    copies: Mapping[str, SheetCopy] = field(default_factory=dict, repr=False)
    """The input sheets' saved values and widths, as read (the plan copies them)."""


def validate_file(path: Path, overrides: Sequence[Override] = ()) -> list[Issue]:
    """Every issue (errors and warnings) of the workbook at ``path`` with ``overrides`` applied;
    never raises InputError."""
    try:
        checked = validate_book(read_workbook(Path(path)), overrides)
    except InputError as exc:
        return list(exc.issues)
    return checked.issues


def load_input(path: Path, overrides: Sequence[Override] = ()) -> LoadedInput:
    """Read, validate and convert the workbook at ``path``, with ``overrides`` applied.

    Raises
    ------
    InputError
        Holding every error found (warnings are left out; :func:`validate_file` gives both).
    """
    return load_book(read_workbook(Path(path)), overrides)


def load_book(book: RawBook, overrides: Sequence[Override] = ()) -> LoadedInput:
    """Validate and convert a workbook already read (sweeps and batches read the file once).

    Raises
    ------
    InputError
        Holding every error found.
    """
    checked = validate_book(book, overrides)
    if checked.errors:
        raise InputError(checked.errors)
    settings = settings_of(checked.tables)
    limit = settings.get("time_limit_s")
    return LoadedInput(
        path=book.path,
        sha256=book.sha256,
        data=to_model_data(checked.tables),
        warnings=[i for i in checked.issues if not i.is_error],
        fx_rs_per_usd=float(settings["fx_rs_per_usd"]),
        scenario=str(settings.get("scenario") or "base"),
        time_limit_s=None if limit is None else float(limit),
        tables=MappingProxyType(dict(checked.tables)),
        cells=MappingProxyType(dict(checked.cells)),
        sheet_names=tuple(n for n in SHEET_NAMES if n in book.grids),
        overrides=tuple(o.text for o in overrides),
        overridden=MappingProxyType(dict(checked.overridden)),
        copies=MappingProxyType(dict(book.copies)),
    )
