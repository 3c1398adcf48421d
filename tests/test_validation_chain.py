"""The supply-chain sheets: a valid example reads into the model, and each rule names its cell.

:func:`chain_tables` adds to the small workbook (tests/workbooks.py) a flake source in China
(S5), origin groups, share limits, an offtake on S1's lithium, a flake-to-anode route in India,
a licence on Chinese flake and a lithium recycler.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.workbook.load import load_input, validate_file
from tests.workbooks import cell_ref, small_tables, write_workbook

YEARS = (2026, 2027, 2028)


def _years(value: float) -> dict[int, float]:
    return dict.fromkeys(YEARS, value)


def chain_tables() -> dict[str, Any]:
    tables = small_tables()
    tables["Minerals"].append({"mineral": "Flake", "unit": "t", "max_source_share": 1.0})
    tables["Supply"].append(
        {
            "source_id": "S5",
            "origin": "China",
            "kind": "imported",
            "mineral": "Flake",
            "price_usd_per_t": 500.0,
            **_years(20000.0),
        }
    )
    tables["Groups"] = [
        {"group": "partners", "country": "Australia"},
        {"group": "partners", "country": "Canada"},
        {"group": "China", "country": "China"},
    ]
    tables["GroupShares"] = [
        {"group": "China", "mineral": "Graphite", "limit": "max", **_years(0.5)},
        {"group": "partners", "mineral": "Lithium", "limit": "min", **_years(0.2)},
    ]
    tables["Offtake"] = [
        {
            "source_id": "S1",
            "mineral": "Lithium",
            "agreed_price_usd_per_t": 15500.0,
            **_years(1000.0),
        }
    ]
    tables["Processing"] = [
        {
            "route_id": "R1",
            "feed": "Flake",
            "product": "Graphite",
            "location": "India",
            "yield_t_per_t": 0.7,
            "cost_usd_per_t": 800.0,
            **_years(5000.0),
        }
    ]
    tables["Licences"] = [{"origin": "China", "mineral": "Flake", **_years(10000.0)}]
    tables["Recycling"] = [{"recycler_id": "Y1", "cost_usd_per_t": 1500.0, **_years(300.0)}]
    tables["Recovery"] = [{"recycler_id": "Y1", "mineral": "Lithium", "recovery_share": 0.9}]
    tables["EndOfLife"] = [{"mineral": "Lithium", **_years(100.0)}]
    tables["Minerals"].append({"mineral": "NdPr", "unit": "t", "max_source_share": 1.0})
    for source, origin, price, tonnes in (
        ("S5", "China", 103e3, 5000.0),
        ("S6", "Canada", 128e3, 400.0),
    ):
        tables["Supply"].append(
            {
                "source_id": source,
                "origin": origin,
                "kind": "imported",
                "mineral": "NdPr",
                "price_usd_per_t": price,
                **_years(tonnes),
            }
        )
    tables["Magnets"] = [{"mineral": "NdPr", **_years(1000.0)}]
    return tables


def _issues(tmp_path: Path, tables: dict[str, Any]) -> list:
    return validate_file(write_workbook(tmp_path / "chain.xlsx", tables))


def test_the_chain_workbook_is_valid_and_reaches_the_model(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "chain.xlsx", chain_tables())
    assert [i for i in validate_file(path) if i.is_error] == []
    data = load_input(path).data
    assert data.group_countries == {"China": ("China",), "partners": ("Australia", "Canada")}
    assert data.group_max_share[("China", "Graphite", 2027)] == 0.5
    assert data.group_min_share[("partners", "Lithium", 2028)] == 0.2
    assert data.offtake_t[("S1", "Lithium", 2026)] == 1000.0
    assert data.offtake_price_usd_per_t == {("S1", "Lithium"): 15500.0}
    assert (data.route_feed, data.route_product) == ({"R1": "Flake"}, {"R1": "Graphite"})
    assert data.route_yield == {"R1": 0.7} and data.route_capacity_t[("R1", 2026)] == 5000.0
    assert data.licence_t[("China", "Flake", 2026)] == 10000.0
    assert data.recycling_yield == {("Y1", "Lithium"): 0.9}
    assert data.end_of_life_t[("Lithium", 2027)] == 100.0
    assert data.magnet_t[("NdPr", 2027)] == 1000.0


def _edit(tables: dict, sheet: str, row: int, column: Any, value: Any) -> str:
    tables[sheet][row][column] = value
    return cell_ref(tables, sheet, row, column)


CASES = {
    "group-no-source": ("Groups", 2, "country", "Atlantis", "names no country"),
    "country-not-found": ("Groups", 1, "country", "Canda", "Did you mean"),
    "group-floor-above-cap": ("GroupShares", 0, 2026, 0.1, "above its cap"),
    "offtake-no-supply": ("Offtake", 0, "mineral", "Graphite", "no Supply row"),
    "offtake-above-supply": ("Offtake", 0, 2027, 7000.0, "above its supply"),
    "route-no-feed": ("Processing", 0, "feed", "Spodumene", "no Supply row offers"),
    "route-same-form": ("Processing", 0, "product", "Flake", "the same form"),
    "route-product-unused": ("Processing", 0, "product", "Nickel", "no chemistry"),
    "supplier-id-clash": ("Recycling", 0, "recycler_id", "S4", "already"),
    "licence-origin-unknown": ("Licences", 0, "origin", "Chna", "limits nothing"),
    "share-out-of-range": ("Processing", 0, "yield_t_per_t", 1.2, "0 to 1"),
    "magnet-no-supply": ("Magnets", 0, "mineral", "Dysprosium", "no Supply row offers"),
    "magnet-above-supply": ("Magnets", 0, 2027, 6000.0, "offer 5400 t"),
    "magnet-form-in-cells": ("Magnets", 0, "mineral", "Lithium", "also a cell input"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_chain_rule_names_its_cell(tmp_path: Path, code: str) -> None:
    sheet, row, column, value, words = CASES[code]
    tables = chain_tables()
    if code == "group-no-source":  # a group of its own whose only country supplies nothing
        tables["Groups"].append({"group": "ghost", "country": "Atlantis"})
        row, column = 3, "group"
        where = cell_ref(tables, sheet, row, column)
    elif code == "group-floor-above-cap":  # floor 0.6 above the cap 0.5 of the same year
        tables["GroupShares"].append(
            {"group": "China", "mineral": "Graphite", "limit": "min", 2026: 0.6}
        )
        where = cell_ref(tables, sheet, 2, 2026)
    elif code == "route-product-unused":  # no chemistry uses nickel any more
        tables["Intensity"] = [r for r in tables["Intensity"] if r["mineral"] != "Nickel"]
        where = _edit(tables, sheet, row, column, value)
    elif code == "route-no-feed":  # a form on Minerals that no source offers
        tables["Minerals"].append({"mineral": "Spodumene", "unit": "t", "max_source_share": 1})
        where = _edit(tables, sheet, row, column, value)
    elif code == "magnet-no-supply":  # a form on Minerals that no source offers
        tables["Minerals"].append({"mineral": "Dysprosium", "unit": "t", "max_source_share": 1})
        where = _edit(tables, sheet, row, column, value)
    elif code == "supplier-id-clash":
        where = _edit(tables, sheet, row, column, value)
        tables["Recovery"][0]["recycler_id"] = value
    else:
        where = _edit(tables, sheet, row, column, value)
    found = [i for i in _issues(tmp_path, tables) if i.code == code]
    assert found, [(i.code, i.where) for i in _issues(tmp_path, tables)]
    assert found[0].where == where
    assert words in found[0].message
