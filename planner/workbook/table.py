"""One sheet's rows as plain dicts over fixed column names: the small part of a DataFrame the
workbook wing uses, without importing pandas (≈ 0.3 s of every `accplan solve` and `validate`,
and slower per operation on tables of a few dozen rows).

>>> t = Table(("plant_id", "firm"), [{"plant_id": "P1", "firm": "F"}])
>>> t["firm"], len(t), "firm" in t
(['F'], 1, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class Table:
    """Rows (dicts holding every name of :attr:`columns`, in that order) of one sheet.

    Values are kept exactly as given (None for a blank), so equality and types are Python's.
    """

    __slots__ = ("columns", "rows")

    def __init__(self, columns: Sequence[str], rows: Iterable[dict[str, Any]] = ()) -> None:
        self.columns: tuple[str, ...] = tuple(columns)
        self.rows: list[dict[str, Any]] = [{n: r.get(n) for n in self.columns} for r in rows]

    @classmethod
    def adopt(cls, columns: Sequence[str], rows: list[dict[str, Any]]) -> Table:
        """A table of ``rows`` that already hold every column, taken as they are (not copied)."""
        table = cls(columns)
        table.rows = rows
        return table

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def __getitem__(self, name: str) -> list[Any]:
        """The values of column ``name``, top to bottom."""
        if name not in self.columns:
            raise KeyError(name)
        return [r[name] for r in self.rows]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.columns == other.columns and self.rows == other.rows

    def __repr__(self) -> str:
        return f"Table({len(self.columns)} columns, {len(self.rows)} rows)"

    @property
    def empty(self) -> bool:
        """Whether the table has no rows."""
        return not self.rows

    def first(self) -> dict[str, Any]:
        """The first row (the one row of the Settings table), as a copy."""
        return dict(self.rows[0])

    def take(self, indexes: Iterable[int]) -> Table:
        """A table of the rows at ``indexes`` (the row dicts are shared, not copied)."""
        return Table.adopt(self.columns, [self.rows[i] for i in indexes])

    def sorted_by(self, *names: str) -> list[dict[str, Any]]:
        """The rows sorted by the columns ``names`` (stable: ties keep sheet order)."""
        return sorted(self.rows, key=lambda r: tuple(r[n] for n in names))

    def frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame (object columns), for analysts; imports pandas."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=list(self.columns), dtype=object)
