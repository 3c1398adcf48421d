"""The validated workbook: typed tables with the cell of every value, and every issue found."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from planner.errors import Issue
from planner.workbook.layout import RawTable


@dataclass
class ValidatedBook:
    """Typed tables in long form (one per sheet present) with the cell of every value."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    cells: dict[str, pd.DataFrame] = field(default_factory=dict)
    raw: dict[str, RawTable] = field(default_factory=dict)
    horizon: tuple[int, int] | None = None
    issues: list[Issue] = field(default_factory=list)
    overridden: dict[str, object] = field(default_factory=dict)
    """``Sheet!Cell`` → the value an override put there (the file itself is never changed)."""

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]
