"""Validated supply-chain sheets → the :class:`models.data.ModelData` fields they fill.

Every sheet is optional: a missing sheet gives empty maps, and the model then has no rows of
that kind. Blank year cells mean no limit (GroupShares, Licences) or zero (the others).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from planner.workbook.schema import YEAR_COLUMN
from planner.workbook.table import Table


def _rows(tables: Mapping[str, Table], sheet: str) -> list[dict]:
    return tables[sheet].rows if sheet in tables else []


def _by_year(rows: list[dict], key: tuple[str, ...], value: str, years: tuple[int, ...]) -> dict:
    """(key columns…, year) → value, for horizon years with a value (blank cells left out)."""
    return {
        (*(r[k] for k in key), int(r[YEAR_COLUMN])): float(r[value])
        for r in rows
        if r[YEAR_COLUMN] in years and r[value] is not None
    }


def _groups(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    members: dict[str, set[str]] = defaultdict(set)
    for r in _rows(tables, "Groups"):
        members[r["group"]].add(r["country"])
    shares = _rows(tables, "GroupShares")
    limit = {
        bound: _by_year(
            [r for r in shares if r["limit"] == bound], ("group", "mineral"), "share", years
        )
        for bound in ("max", "min")
    }
    return {
        "group_countries": {g: tuple(sorted(c)) for g, c in sorted(members.items())},
        "group_max_share": limit["max"],
        "group_min_share": {k: v for k, v in limit["min"].items() if v > 0},
    }


def _offtake(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    rows = _rows(tables, "Offtake")
    tonnes = _by_year(rows, ("source_id", "mineral"), "offtake_t", years)
    return {
        "offtake_t": {k: v for k, v in tonnes.items() if v > 0},
        "offtake_price_usd_per_t": {
            (r["source_id"], r["mineral"]): float(r["agreed_price_usd_per_t"]) for r in rows
        },
    }


def _processing(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    rows = _rows(tables, "Processing")
    first = {r["route_id"]: r for r in rows}
    capacity = _by_year(rows, ("route_id",), "capacity_t", years)
    return {
        "route_feed": {r: row["feed"] for r, row in first.items()},
        "route_product": {r: row["product"] for r, row in first.items()},
        "route_location": {r: row["location"] for r, row in first.items()},
        "route_yield": {r: float(row["yield_t_per_t"]) for r, row in first.items()},
        "route_capacity_t": {k: v for k, v in capacity.items() if v > 0},
        "route_cost_usd_per_t": {
            r: float(row["cost_usd_per_t"] or 0.0)
            for r, row in first.items()
            if row["cost_usd_per_t"]
        },
    }


def _recycling(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    rows = _rows(tables, "Recycling")
    capacity = _by_year(rows, ("recycler_id",), "capacity_t", years)
    eol = _by_year(_rows(tables, "EndOfLife"), ("mineral",), "end_of_life_t", years)
    return {
        "recycling_capacity_t": {k: v for k, v in capacity.items() if v > 0},
        "recycling_yield": {
            (r["recycler_id"], r["mineral"]): float(r["recovery_share"])
            for r in _rows(tables, "Recovery")
        },
        "recycling_cost_usd_per_t": {
            r["recycler_id"]: float(r["cost_usd_per_t"]) for r in rows if r["cost_usd_per_t"]
        },
        "end_of_life_t": {k: v for k, v in eol.items() if v > 0},
    }


def chain_fields(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    """The ModelData keyword arguments of the supply-chain sheets (empty maps when absent)."""
    licences = _by_year(_rows(tables, "Licences"), ("origin", "mineral"), "licence_t", years)
    magnets = _by_year(_rows(tables, "Magnets"), ("mineral",), "magnet_t", years)
    return {
        **_groups(tables, years),
        **_offtake(tables, years),
        **_processing(tables, years),
        **_recycling(tables, years),
        "licence_t": licences,
        "magnet_t": {k: v for k, v in magnets.items() if v > 0},
    }
