"""The one entry point from an input workbook to the model's data: read → validate → convert.

>>> loaded = load_input(Path("inputs/acc_base.xlsx"))      # doctest: +SKIP
>>> loaded.data.budget_musd, loaded.warnings                 # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from models.data import ModelData
from planner.errors import InputError, Issue
from planner.workbook.book import ValidatedBook
from planner.workbook.read import read_workbook
from planner.workbook.schema import SHEET_NAMES
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
    tables: Mapping[str, pd.DataFrame] = field(repr=False)
    """Validated tables in long form (year-by-year sheets melted, column ``year``)."""
    sheet_names: tuple[str, ...] = ()
    """The input sheets present, in schema order (for copying into the plan)."""


def _validate(path: Path) -> tuple[str, ValidatedBook, tuple[str, ...]]:
    book = read_workbook(Path(path))
    checked = validate_book(book)
    present = tuple(n for n in SHEET_NAMES if n in book.grids)
    return book.sha256, checked, present


def validate_file(path: Path) -> list[Issue]:
    """Every issue (errors and warnings) of the workbook at ``path``; never raises InputError."""
    try:
        _, checked, _ = _validate(path)
    except InputError as exc:
        return list(exc.issues)
    return checked.issues


def load_input(path: Path) -> LoadedInput:
    """Read, validate and convert the workbook at ``path``.

    Raises
    ------
    InputError
        Holding every error found (warnings are left out; :func:`validate_file` gives both).
    """
    path = Path(path)
    sha256, checked, present = _validate(path)
    if checked.errors:
        raise InputError(checked.errors)
    settings = settings_of(checked.tables)
    limit = settings.get("time_limit_s")
    return LoadedInput(
        path=path,
        sha256=sha256,
        data=to_model_data(checked.tables),
        warnings=[i for i in checked.issues if not i.is_error],
        fx_rs_per_usd=float(settings["fx_rs_per_usd"]),
        scenario=str(settings.get("scenario") or "base"),
        time_limit_s=None if limit is None else float(limit),
        tables=MappingProxyType(dict(checked.tables)),
        sheet_names=present,
    )
