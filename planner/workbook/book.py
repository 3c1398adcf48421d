"""The validated workbook: typed tables with the cell of every value, and every issue found."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from planner.errors import Issue
from planner.workbook.layout import RawTable
from planner.workbook.table import Table


@dataclass
class ValidatedBook:
    """Typed tables in long form (one per sheet present) with the cell of every value."""

    tables: dict[str, Table] = field(default_factory=dict)
    cells: dict[str, Table] = field(default_factory=dict)
    raw: dict[str, RawTable] = field(default_factory=dict)
    horizon: tuple[int, int] | None = None
    issues: list[Issue] = field(default_factory=list)
    overridden: dict[str, object] = field(default_factory=dict)
    """``Sheet!Cell`` → the value an override put there (the file itself is never changed)."""

    _records: dict[str, list[tuple[dict, dict]]] = field(default_factory=dict, repr=False)

    def records(self, sheet: str) -> list[tuple[dict, dict]]:
        """(values, cells) of each row of a typed table: the tables' own row dicts, paired once
        per sheet (the cross-sheet rules walk the same tables many times); not to be changed."""
        if sheet not in self._records:
            values, cells = self.tables[sheet].rows, self.cells[sheet].rows
            self._records[sheet] = list(zip(values, cells, strict=True))
        return self._records[sheet]

    def rows(self, sheet: str) -> Iterator[tuple[dict, dict]]:
        """(values, cells) of each row of ``sheet`` as fresh dicts (none if the sheet is absent):
        copies, so that a rule may not change what the next one reads."""
        if sheet not in self.tables:
            return
        for values, cells in self.records(sheet):
            yield dict(values), dict(cells)

    @property
    def errors(self) -> list[Issue]:
        """The issues that are errors (warnings left out)."""
        return [i for i in self.issues if i.is_error]
