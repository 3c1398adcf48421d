"""Tidy tables of a study: one row per case × measure × index, the unit in its own column.

Columns: the case's identifying columns (``scenario``, or one per varied input), ``status``,
``measure``, ``index`` (empty for a total; ``Lithium, Canada`` for use by origin; the limit for a
marginal value), ``value`` and ``unit``. A case that did not solve has one row with measure
``status`` and no value. Written as CSV (UTF-8) or Parquet (pyarrow), atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import InputError, OutputError
from planner.study.measures import Measured
from planner.xlsx.atomic import atomic_target

SUFFIXES = (".csv", ".parquet")


def tidy_frame(
    id_headers: Sequence[str], cases: Sequence[tuple[Sequence[Any], Measured]]
) -> pd.DataFrame:
    """The tidy table of ``cases`` (``(identifying values, measured)`` each)."""
    records = []
    for ids, m in cases:
        head = dict(zip(id_headers, ids, strict=True)) | {"status": m.status}
        rows = m.rows or ({"measure": "status", "index": m.message, "value": None, "unit": ""},)
        records.extend(head | row for row in rows)
    columns = [*id_headers, "status", "measure", "index", "value", "unit"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    return frame


def write_tidy(path: Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` to ``path`` (.csv or .parquet) atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"a tidy table ends in .csv or .parquet; got {path.name!r}.", "--table")
    with atomic_target(path) as tmp:
        try:
            if suffix == ".csv":
                frame.to_csv(tmp, index=False, encoding="utf-8")
            else:
                frame.to_parquet(tmp, index=False, engine="pyarrow")
        except (OSError, ImportError, ValueError) as exc:
            raise OutputError(f"cannot write {path}: {exc}") from exc
