"""Headline deltas (total output, incentive paid, import bill, by year) and group totals.

Headlines come from each plan's Years table; the largest changes per plant come from the Plants
table summed over years, and per origin from the Mineral totals table summed over years (one
group per origin and mineral, since tonnes of different minerals do not add up). Each mineral's
tonnes carry the unit of the plan's input Minerals sheet (``t LCE``, ``t Ni``, …), and each origin
names its sources (``S04``) so a reviewer can find them among the input changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from planner.compare.diff import ADDED, CHANGED, REMOVED, Tolerance, is_number
from planner.compare.read import Plan
from planner.plan import schema as ps

HEADLINE_MEASURES = ("output", "incentive", "import_bill")
HEADLINE_LABELS = {
    "output": "Total output",
    "incentive": "Incentive owed",
    "import_bill": "Import bill",
}
PLANT_MEASURES = ("output", "incentive")
ORIGIN_MEASURES = ("flow", "cost")


@dataclass(frozen=True)
class Delta:
    """One measure in both plans; ``None`` where a plan does not have it."""

    measure: str
    unit: str
    base: float | None
    other: float | None
    year: int | None = None
    number_format: str = ""
    """The plan's number format for the measure (``"#,##0.0"`` for tonnes); '' if unknown."""

    @property
    def label(self) -> str:
        """The measure's label as the Summary shows it."""
        return HEADLINE_LABELS.get(self.measure, self.measure)

    @property
    def change(self) -> float:
        """Other minus base (a missing value counts as 0)."""
        return (self.other or 0.0) - (self.base or 0.0)

    @property
    def pct(self) -> float | None:
        """The change as a share of the base, or None when the base is 0."""
        return self.change / abs(self.base) if self.base else None

    def differs(self, tol: Tolerance) -> bool:
        """True when base and other differ beyond ``tol``."""
        return not tol.same(self.base or 0.0, self.other or 0.0)


@dataclass(frozen=True)
class GroupChange:
    """A plant, or an origin and mineral, with its totals over all years in both plans."""

    name: str
    status: str
    deltas: tuple[Delta, ...]
    sources: tuple[str, ...] = ()
    """For an origin: its source ids with a flow in either plan."""
    key: tuple[Any, ...] = field(default=(), compare=False)
    """The group's key values, e.g. ``("Canada", "Lithium")``."""


def headline(base: Plan, other: Plan) -> list[Delta]:
    """Totals over all years first (year None), then each year of either plan, ascending."""
    a = _sums(base, ps.YEARS, ("year",), HEADLINE_MEASURES)
    b = _sums(other, ps.YEARS, ("year",), HEADLINE_MEASURES)
    years = sorted({k[0] for k in a} | {k[0] for k in b}, key=str)
    out = [_delta(m, ps.YEARS, _total(a, m), _total(b, m)) for m in HEADLINE_MEASURES]
    for year in years:
        out += [
            _delta(m, ps.YEARS, _get(a, (year,), m), _get(b, (year,), m), year)
            for m in HEADLINE_MEASURES
        ]
    return out


def by_plant(base: Plan, other: Plan, tol: Tolerance) -> list[GroupChange]:
    """Plants whose output or incentive over the horizon changed, largest output change first."""
    return _groups(base, other, ps.PLANTS, ("plant_id",), PLANT_MEASURES, tol, "output")


def by_origin(base: Plan, other: Plan, tol: Tolerance) -> list[GroupChange]:
    """Origins (per mineral) whose tonnes or cost changed, largest cost change first (tonnes of
    different minerals are not comparable, dollars are); named ``Lithium from Canada``."""
    groups = _groups(
        base, other, ps.MINERAL_TOTALS, ("origin", "mineral"), ORIGIN_MEASURES, tol, "cost"
    )
    units = {**mineral_units(base), **mineral_units(other)}
    sources = _sources(base, other)
    out = []
    for g in groups:
        origin, mineral = g.key
        deltas = tuple(
            replace(d, unit=units.get(mineral, d.unit)) if d.measure == "flow" else d
            for d in g.deltas
        )
        out.append(
            GroupChange(
                f"{mineral} from {origin}",
                g.status,
                deltas,
                tuple(sorted(sources.get((origin, mineral), ()))),
            )
        )
    return out


def mineral_units(plan: Plan) -> dict[Any, str]:
    """Mineral -> unit of its tonnes (``"t LCE"``) from the plan's copy of the input Minerals
    sheet (columns ``mineral`` and ``unit``); empty when the plan has no such copy."""
    sheet = plan.inputs.get("Minerals")
    if sheet is None:
        return {}
    head = {}
    for (r, c), v in sorted(sheet.cells.items()):
        if isinstance(v, str) and v.strip().lower() in ("mineral", "unit"):
            head.setdefault(r, {})[v.strip().lower()] = c
    row, cols = next(((r, h) for r, h in sorted(head.items()) if len(h) == 2), (0, {}))
    if not cols:
        return {}
    rows = {r for r, _ in sheet.cells if r > row}
    return {
        sheet.cells[(r, cols["mineral"])]: str(sheet.cells[(r, cols["unit"])])
        for r in sorted(rows)
        if (r, cols["mineral"]) in sheet.cells and (r, cols["unit"]) in sheet.cells
    }


def _sources(*plans: Plan) -> dict[tuple[Any, Any], set[str]]:
    """(origin, mineral) -> source ids found in the plans' Minerals (flows) tables."""
    out: dict[tuple[Any, Any], set[str]] = {}
    for plan in plans:
        table = plan.tables.get(ps.FLOWS.sheet)
        for row in table.rows.values() if table else ():
            key = (row.values.get("origin"), row.values.get("mineral"))
            out.setdefault(key, set()).add(str(row.values.get("source_id")))
    return out


def _groups(
    base: Plan,
    other: Plan,
    spec: ps.OutTable,
    by: tuple[str, ...],
    measures: tuple[str, ...],
    tol: Tolerance,
    sort_by: str,
) -> list[GroupChange]:
    a, b = _sums(base, spec, by, measures), _sums(other, spec, by, measures)
    out = []
    for key in list(a) + [k for k in b if k not in a]:
        status = ADDED if key not in a else REMOVED if key not in b else CHANGED
        deltas = tuple(_delta(m, spec, _get(a, key, m), _get(b, key, m)) for m in measures)
        if status != CHANGED or any(d.differs(tol) for d in deltas):
            out.append(GroupChange(" ".join(str(k) for k in key), status, deltas, key=key))
    first = measures.index(sort_by)
    out.sort(key=lambda g: (-abs(g.deltas[first].change), *(-abs(d.change) for d in g.deltas)))
    return out


def _sums(
    plan: Plan, spec: ps.OutTable, by: tuple[str, ...], measures: Iterable[str]
) -> dict[tuple[Any, ...], dict[str, float | None]]:
    """Group key -> measure -> sum over the table's rows (None when no row has a number)."""
    table = plan.tables.get(spec.sheet)
    out: dict[tuple[Any, ...], dict[str, float | None]] = {}
    if table is None or any(c not in table.columns for c in by):
        return out
    for row in table.rows.values():
        group = out.setdefault(tuple(row.values.get(c) for c in by), {})
        for m in measures:
            value = row.values.get(m)
            if is_number(value):
                group[m] = (group.get(m) or 0.0) + value
            else:
                group.setdefault(m, None)
    return out


def _total(sums: dict[tuple[Any, ...], dict[str, float | None]], measure: str) -> float | None:
    values = [g[measure] for g in sums.values() if g.get(measure) is not None]
    return sum(values) if values else None  # type: ignore[arg-type]


def _get(
    sums: dict[tuple[Any, ...], dict[str, float | None]], key: tuple[Any, ...], measure: str
) -> float | None:
    return sums.get(key, {}).get(measure)


def _delta(
    measure: str,
    spec: ps.OutTable,
    base: float | None,
    other: float | None,
    year: int | None = None,
) -> Delta:
    column = spec.column(measure) if measure in spec.names else None
    unit, fmt = (column.unit, column.number_format) if column else ("", "")
    return Delta(measure, unit, base, other, year, fmt)
