"""Named scenarios from the optional Scenarios sheet: each a list of overrides, inherited in turn.

A scenario's overrides are those of the scenario it inherits from (and so on up the chain),
then its own, after any overrides given on the command line for the whole batch. The planning
sheets themselves are the scenario ``base``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planner.workbook.overrides import Override, OverrideSyntaxError, parse
from planner.workbook.read import RawBook
from planner.workbook.schema import SCENARIOS
from planner.workbook.validate import validate_book

BASE = "base"
_ITEM = re.compile(r"^(?:--)?(set|scale)\s+(.+)$", re.S)


@dataclass(frozen=True)
class Scenario:
    """One scenario: its name, what it means, its overrides, or why it cannot be run."""

    name: str
    description: str = ""
    inherits: str = ""
    overrides: tuple[Override, ...] = ()
    problem: str = ""
    """Set when the scenario's row cannot be used (bad override text, inheritance circle)."""


def parse_items(text: str, where: str) -> tuple[Override, ...]:
    """``--set A=1; --scale B=2`` (semicolons or new lines between them) → overrides."""
    found = []
    for item in filter(None, (p.strip() for p in re.split(r"[;\n]", text or ""))):
        match = _ITEM.match(item)
        if match is None:
            raise OverrideSyntaxError(
                f"{where}: cannot read {item!r}; write --set TARGET=VALUE or --scale "
                "TARGET=FACTOR, separated by semicolons."
            )
        found.append(parse(match[2], match[1]))
    return tuple(found)


def read_scenarios(book: RawBook, overrides: Sequence[Override] = ()) -> list[Scenario]:
    """The base, then every row of the Scenarios sheet in sheet order, inheritance resolved."""
    checked = validate_book(book, overrides)
    table = checked.tables.get(SCENARIOS.name)
    if table is None:
        return [Scenario(BASE, "The workbook as it is.")]
    cells = checked.cells[SCENARIOS.name]
    rows = {}
    own: dict[str, tuple[Override, ...] | str] = {}
    for i, row in enumerate(table.rows):
        name = str(row["scenario"] or "")
        if not name or name in rows:
            continue  # blank or duplicate names are validation errors of their own
        rows[name] = row
        where = str(cells.rows[i]["overrides"])
        try:
            own[name] = parse_items(str(row["overrides"] or ""), where)
        except OverrideSyntaxError as exc:
            own[name] = str(exc)
    return [Scenario(BASE, "The workbook as it is.")] + [_resolve(name, rows, own) for name in rows]


def _resolve(name: str, rows: dict, own: dict) -> Scenario:
    row = rows[name]
    chain, current = [], name
    while current:
        if current in chain:
            circle = " → ".join([*chain, current])
            return Scenario(
                name,
                row["description"] or "",
                row["inherits"] or "",
                problem=f"scenarios inherit in a circle: {circle}.",
            )
        if current not in rows:
            return Scenario(
                name,
                row["description"] or "",
                row["inherits"] or "",
                problem=f"inherits from {current!r}, which is not on the Scenarios sheet.",
            )
        chain.append(current)
        current = str(rows[current]["inherits"] or "")
    overrides: list[Override] = []
    for step in reversed(chain):
        if isinstance(own[step], str):
            return Scenario(
                name, row["description"] or "", row["inherits"] or "", problem=str(own[step])
            )
        overrides.extend(own[step])
    return Scenario(name, row["description"] or "", row["inherits"] or "", tuple(overrides))


def pick(scenarios: list[Scenario], names: Sequence[str]) -> list[Scenario]:
    """The named scenarios in the order given (all when none is named); an unknown name is an
    input error with a suggestion."""
    from planner.errors import InputError
    from planner.words import did_you_mean

    if not names:
        return scenarios
    by_name = {s.name: s for s in scenarios}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = list(by_name)
        raise InputError(
            f"no scenario {unknown[0]!r}.{did_you_mean(unknown[0], known)} The workbook has: "
            f"{', '.join(known)}.",
            "--scenario",
        )
    return [by_name[n] for n in dict.fromkeys(names)]
