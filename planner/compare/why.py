"""Why two plans differ: the limits that started or stopped binding, and how their values moved.

Read off the plans' ``Marginal values`` tables (one row per binding limit, keyed by limit and
index): a row found in the other plan only is a limit that *started* binding, one in the base
only *stopped*, one in both whose value changed *moved*. Shown beside the input changes, they say
what an input change did: in the lithium squeeze, lithium supply started binding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from planner.compare.diff import ADDED, CHANGED, REMOVED, RowDiff, is_number
from planner.plan import schema as ps

STARTED, STOPPED, MOVED = "started binding", "stopped binding", "value moved"


@dataclass(frozen=True)
class LimitChange:
    """One limit whose binding changed between the plans."""

    status: str
    constraint: str
    index: str
    base: float | None
    """GWh per ``per`` in the base plan (None: not binding there)."""
    other: float | None
    per: str
    meaning: str
    """The plan's sentence for it (the other plan's, or the base's for a limit that stopped)."""

    @property
    def size(self) -> float:
        """How far the marginal value moved (a missing one counts as 0)."""
        a, b = self.base or 0.0, self.other or 0.0
        return abs(b - a)


def limit_changes(cmp: Any) -> list[LimitChange]:
    """Every limit that started or stopped binding or whose value moved, largest first within
    each kind (started, stopped, moved)."""
    table = cmp.table(ps.MARGINAL.sheet)
    if table is None:
        return []
    found = [_change(row) for row in table.rows]
    kept = [c for c in found if c is not None]
    order = {STARTED: 0, STOPPED: 1, MOVED: 2}
    return sorted(kept, key=lambda c: (order[c.status], -c.size, c.constraint, c.index))


def _change(row: RowDiff) -> LimitChange | None:
    base = row.base.values if row.base else {}
    other = row.other.values if row.other else {}
    status = {ADDED: STARTED, REMOVED: STOPPED, CHANGED: MOVED}[row.status]
    if status == MOVED and not any(c.column == "value" for c in row.changes):
        return None  # only its range or sentence changed
    key = dict(zip(("constraint", "index"), row.key, strict=False))
    return LimitChange(
        status,
        str(key.get("constraint", "")),
        str(key.get("index", "")),
        _number(base.get("value")),
        _number(other.get("value")),
        str((other or base).get("per") or ""),
        str((other or base).get("meaning") or ""),
    )


def _number(value: Any) -> float | None:
    return float(value) if is_number(value) else None


def by_family(changes: list[LimitChange]) -> list[tuple[str, str, int]]:
    """(status, constraint, how many) for started and stopped limits, most first."""
    counts = Counter((c.status, c.constraint) for c in changes if c.status != MOVED)
    return [(s, k, n) for (s, k), n in sorted(counts.items(), key=lambda t: (t[0][0], -t[1]))]


def minerals_of(changes: list[LimitChange], constraint: str, status: str) -> list[str]:
    """Minerals named in the index of the changed supply-type limits (``S04, Lithium, 2030``)."""
    found = set()
    for c in changes:
        if c.constraint == constraint and c.status == status:
            parts = [p.strip() for p in c.index.split(",")]
            if len(parts) >= 3:
                found.add(parts[1])
    return sorted(found)


def why_lines(changes: list[LimitChange], top: int = 5) -> list[str]:
    """The terminal's lines: a count per kind of limit, then the largest of each status."""
    if not changes:
        return ["  No limit started or stopped binding, and no marginal value moved."]
    lines = []
    for status, constraint, n in by_family(changes):
        minerals = minerals_of(changes, constraint, status)
        of = f" ({', '.join(minerals)})" if minerals else ""
        lines.append(f"  {constraint}{of}: {n} {status}")
    for status in (STARTED, STOPPED, MOVED):
        shown = [c for c in changes if c.status == status][:top]
        for c in shown:
            lines.append(f"  {status}: {c.constraint} [{c.index}] {_values(c)}")
    return lines


def _values(c: LimitChange) -> str:
    def text(v: float | None) -> str:
        return "not binding" if v is None else f"{v:,.4g}"

    return f"{text(c.base)} → {text(c.other)} GWh per {c.per}"
