"""Rules across the supply-chain sheets: groups, shares, offtake, routes, licences, recyclers.

Like :mod:`planner.workbook.rules`, each rule reads typed tables (cells that failed their own
check are None and skipped) and yields issues naming the cell, what is wrong and the fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from planner.errors import Issue
from planner.words import did_you_mean
from planner.workbook.cells import show
from planner.workbook.chain_sheets import (
    GROUP_SHARES,
    GROUPS,
    LICENCES,
    MAGNETS,
    OFFTAKE,
    PROCESSING,
    RECYCLING,
)
from planner.workbook.schema import INTENSITY, SUPPLY, YEAR_COLUMN

if TYPE_CHECKING:
    from planner.workbook.book import ValidatedBook

TOLERANCE = 1e-9


def chain_checks(book: ValidatedBook) -> list[Issue]:
    """Every supply-chain rule, in a stable order."""
    rules: list[Callable[[ValidatedBook], Iterator[Issue]]] = [
        _groups_name_sources,
        _floors_below_caps,
        _offtake_within_supply,
        _routes_fed_and_used,
        _supplier_ids_distinct,
        _licences_name_origins,
        _magnets_supplied,
    ]
    return [issue for rule in rules for issue in rule(book)]


def _countries(book: ValidatedBook) -> set[str]:
    """Origins of sources, locations of routes, and India (where recyclers are)."""
    found = {v["origin"] for v, _ in book.rows(SUPPLY.name) if v["origin"] is not None}
    found |= {v["location"] for v, _ in book.rows(PROCESSING.name) if v["location"] is not None}
    return found | {"India"}


def _groups_name_sources(book: ValidatedBook) -> Iterator[Issue]:
    """A group whose countries supply nothing is an error; a country no supplier has, a warning
    (often a typo: "Canda")."""
    known = _countries(book)
    first: dict[str, str] = {}
    matched: dict[str, bool] = {}
    for values, cells in book.rows(GROUPS.name):
        group, place = values["group"], values["country"]
        if group is None or place is None:
            continue
        first.setdefault(group, cells["group"])
        matched[group] = matched.get(group, False) or place in known
        if place not in known:
            yield Issue(
                "country-not-found",
                cells["country"],
                f"country {show(place)} of group {group} is not the origin of any Supply row "
                f"or the location of any Processing route, so it adds nothing to the group."
                f"{did_you_mean(place, sorted(known))} Write it as on the Supply sheet.",
                "warning",
            )
    for group, ok in matched.items():
        if not ok:
            yield Issue(
                "group-no-source",
                first[group],
                f"group {group} names no country that supplies anything (no Supply origin or "
                "Processing location matches), so its share limits would mean nothing or "
                "stop all use. Add the countries as written on the Supply sheet.",
            )


def _floors_below_caps(book: ValidatedBook) -> Iterator[Issue]:
    caps: dict[tuple, tuple[float, str]] = {}
    floors: list[tuple[tuple, float, str]] = []
    for values, cells in book.rows(GROUP_SHARES.name):
        key = (values["group"], values["mineral"], values[YEAR_COLUMN])
        if values["share"] is None or None in key:
            continue
        if values["limit"] == "max":
            caps[key] = (values["share"], cells["share"])
        elif values["limit"] == "min":
            floors.append((key, values["share"], cells["share"]))
    for key, floor, ref in floors:
        if key in caps and floor > caps[key][0] + TOLERANCE:
            cap, cap_ref = caps[key]
            yield Issue(
                "group-floor-above-cap",
                ref,
                f"the floor {show(floor)} of group {key[0]} on {key[1]} in {key[2]} is above "
                f"its cap {show(cap)} ({cap_ref}); no plan can meet both. Lower the floor or "
                "raise the cap.",
            )


def _offtake_within_supply(book: ValidatedBook) -> Iterator[Issue]:
    supply: dict[tuple, tuple[float, str]] = {}
    for values, cells in book.rows(SUPPLY.name):
        key = (values["source_id"], values["mineral"], values[YEAR_COLUMN])
        if values["supply_t"] is not None:
            supply[key] = (values["supply_t"], cells["supply_t"])
    offered = {key[:2] for key in supply}
    reported: set[str] = set()
    for values, cells in book.rows(OFFTAKE.name):
        pair = (values["source_id"], values["mineral"])
        if None in pair:
            continue
        if pair not in offered:
            if cells["mineral"] not in reported:
                reported.add(cells["mineral"])
                yield Issue(
                    "offtake-no-supply",
                    cells["mineral"],
                    f"source {pair[0]} has no Supply row for {pair[1]}; an offtake buys from "
                    "a source's supply. Add the Supply row or correct the source or mineral.",
                )
            continue
        amount = values["offtake_t"]
        have = supply.get((*pair, values[YEAR_COLUMN]))
        if amount is not None and have is not None and amount > have[0] + TOLERANCE:
            yield Issue(
                "offtake-above-supply",
                cells["offtake_t"],
                f"offtake_t is {show(amount)} for {pair[0]} {pair[1]} in "
                f"{values[YEAR_COLUMN]}, above its supply {show(have[0])} ({have[1]}); the "
                "source cannot deliver what is committed. Lower the offtake or raise the supply.",
            )


def _routes_fed_and_used(book: ValidatedBook) -> Iterator[Issue]:
    offered = {v["mineral"] for v, _ in book.rows(SUPPLY.name) if v["mineral"] is not None}
    used = {v["mineral"] for v, _ in book.rows(INTENSITY.name) if v["t_per_gwh"]}
    seen: set[Any] = set()
    for values, cells in book.rows(PROCESSING.name):
        route, feed, product = values["route_id"], values["feed"], values["product"]
        if route in seen or None in (route, feed, product):
            continue
        seen.add(route)
        if feed == product:
            yield Issue(
                "route-same-form",
                cells["product"],
                f"route {route} makes {product} from {feed}, the same form; a route turns "
                "one form into another. Correct the feed or the product.",
            )
        elif feed not in offered:
            yield Issue(
                "route-no-feed",
                cells["feed"],
                f"route {route} takes {feed}, but no Supply row offers {feed}, so the route "
                f"can never run. Add a Supply row for {feed} or change the feed.",
            )
        if product not in used and feed != product:
            yield Issue(
                "route-product-unused",
                cells["product"],
                f"route {route} makes {product}, which no chemistry uses (Intensity), so "
                "its output has nowhere to go.",
                "warning",
            )


def _supplier_ids_distinct(book: ValidatedBook) -> Iterator[Issue]:
    """Sources, routes and recyclers all deliver to plants under their id: ids must differ."""
    taken = {v["source_id"]: "a source" for v, _ in book.rows(SUPPLY.name) if v["source_id"]}
    for spec, column, kind in (
        (PROCESSING, "route_id", "a route"),
        (RECYCLING, "recycler_id", "a recycler"),
    ):
        mine: dict[Any, str] = {}
        for values, cells in book.rows(spec.name):
            name = values[column]
            if name is None or name in mine:
                continue
            mine[name] = kind
            if name in taken:
                yield Issue(
                    "supplier-id-clash",
                    cells[column],
                    f"{column} {name} is already {taken[name]}'s id; sources, routes and "
                    "recyclers deliver to plants under their ids, which must differ. Rename it.",
                )
        taken.update(mine)


def _licences_name_origins(book: ValidatedBook) -> Iterator[Issue]:
    known = _countries(book)
    reported: set[str] = set()
    for values, cells in book.rows(LICENCES.name):
        origin = values["origin"]
        if origin is None or origin in known or cells["origin"] in reported:
            continue
        reported.add(cells["origin"])
        yield Issue(
            "licence-origin-unknown",
            cells["origin"],
            f"origin {show(origin)} is not the origin of any Supply row or the location of "
            "any Processing route, so this licence limits nothing."
            + did_you_mean(origin, sorted(known)),
            "warning",
        )


def _supply_by_form(book: ValidatedBook) -> dict[tuple[Any, Any], float]:
    """(mineral, year) → tonnes all Supply rows offer."""
    total: dict[tuple[Any, Any], float] = {}
    for values, _ in book.rows(SUPPLY.name):
        key = (values["mineral"], values[YEAR_COLUMN])
        total[key] = total.get(key, 0.0) + (values["supply_t"] or 0.0)
    return total


def _magnets_supplied(book: ValidatedBook) -> Iterator[Issue]:
    """Magnet makers' tonnes come from Supply rows of the form, within what they offer."""
    total = _supply_by_form(book)
    offered = {k for k, _ in total}
    used = {v["mineral"] for v, _ in book.rows(INTENSITY.name) if v["t_per_gwh"]}
    reported: set[str] = set()
    for values, cells in book.rows(MAGNETS.name):
        form, year, need = values["mineral"], values[YEAR_COLUMN], values["magnet_t"]
        if form is None:
            continue
        if cells["mineral"] not in reported and (form not in offered or form in used):
            reported.add(cells["mineral"])
            yield from _magnet_form_issues(form, cells["mineral"], form in offered, form in used)
        if form not in offered:
            continue
        have = total.get((form, year), 0.0)
        if need is not None and need > have + TOLERANCE:
            yield Issue(
                "magnet-above-supply",
                cells["magnet_t"],
                f"magnet makers need {show(need)} t of {form} in {year}, but all Supply rows "
                f"together offer {show(have)} t of it that year; no plan can meet it. Lower "
                "the requirement or add supply.",
            )


def _magnet_form_issues(form: Any, ref: str, offered: bool, in_cells: bool) -> Iterator[Issue]:
    if not offered:
        yield Issue(
            "magnet-no-supply",
            ref,
            f"magnet makers need {form}, but no Supply row offers it, so no plan can meet the "
            f"requirement. Add a Supply row for {form} or correct the mineral.",
        )
    if in_cells:
        yield Issue(
            "magnet-form-in-cells",
            ref,
            f"{form} is also a cell input (Intensity): magnet makers' tonnes and cells' "
            "tonnes of it come from the same Supply rows, so magnets can cost cell output.",
            "warning",
        )
