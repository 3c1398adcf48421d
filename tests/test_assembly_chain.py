"""The numpy assembly covers the supply chain (processing routes, recyclers, origin groups,
export licences, take-or-pay offtake, magnet makers' rare earths): it accepts such data, and its
CompiledLP is the compiled Pyomo model's, every field exactly
(:func:`tests.test_assembly.assert_assembles`). Checked on every shipped input workbook, the 60
random instances of the supply-chain cross-check, and edge cases the random data never makes
(zero shares and scrap, prepaid feed, idle routes and recyclers, magnets on a route's feed)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from models.assembly.arrays import assembled
from models.assembly.coverage import refusal
from models.data import ModelData
from tests.test_assembly import assert_assembles
from tests.test_model_crosscheck import CHAIN_SEEDS, chain_data

INPUTS = sorted((Path(__file__).resolve().parents[1] / "inputs").glob("*.xlsx"))
CHAIN_FAMILIES = {
    "magnet_demand",
    "processing_capacity",
    "processing_yield",
    "recycling_feed_limit",
    "recycling_capacity",
    "recycling_return",
    "group_share_cap",
    "group_share_floor",
    "export_licence_limit",
    "offtake_within_delivery",
    "mineral_use_balance",
    "source_share_limit",
}


def _load(path: Path) -> ModelData:
    load = pytest.importorskip("planner.workbook.load")
    return load.load_input(path).data


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_input_workbooks_are_assembled_as_compiled(path: Path) -> None:
    data = _load(path)
    assert refusal(data) is None
    assert_assembles(data)


@pytest.mark.parametrize("seed", CHAIN_SEEDS)
def test_chain_cross_check_instances_are_assembled_as_compiled(seed: int) -> None:
    data = chain_data(seed)
    assert refusal(data) is None
    assert_assembles(data)


def prepaid_feed(d: ModelData) -> ModelData:
    """Take-or-pay spodumene (a route's feed): lithium's need rows become equalities through
    the route (ModelIndex.exact_need), and the refund is on feed tonnes."""
    offtake = {("F1", "Spod", y): 1e3 for y in d.years}
    return replace(
        d,
        offtake_t={**d.offtake_t, **offtake},
        offtake_price_usd_per_t={**d.offtake_price_usd_per_t, ("F1", "Spod"): 90.0},
    )


def zero_shares(d: ModelData) -> ModelData:
    """Shares of 0 (their term is no term), a group with no supplier (its floor of 0 is no row,
    of 0.2 a row on the use alone), and scrap shares of 0 in some years (no scrap term in
    recycling_feed_limit)."""
    y0, y1 = d.years[0], d.years[-1]
    groups = {**d.group_countries, "nobody": ("Peru",)}
    return replace(
        d,
        scrap_share=(0.0, 0.1, 0.0),
        max_source_share={"Li": 0.0, "Gr": 0.5},
        group_countries=groups,
        group_max_share={**d.group_max_share, ("China", "Gr", y0): 0.0},
        group_min_share={
            **d.group_min_share,
            ("nobody", "Gr", y0): 0.0,
            ("nobody", "Gr", y1): 0.2,
            ("partners", "Flake", y1): 0.1,
        },
    )


def idle_chain(d: ModelData) -> ModelData:
    """A route whose product no plant uses, a route whose feed no source offers, a recycler
    of a form no plant uses, magnets needing a route's feed (flake), and a licence on India
    (recyclers' and domestic suppliers' flows)."""
    minerals = tuple(sorted({*d.minerals, "Xf"}))
    routes = {"RNd": ("Flake", "Nd", "China"), "RXf": ("Xf", "Li", "India")}
    return replace(
        d,
        minerals=minerals,
        route_feed={**d.route_feed, **{r: v[0] for r, v in routes.items()}},
        route_product={**d.route_product, **{r: v[1] for r, v in routes.items()}},
        route_location={**d.route_location, **{r: v[2] for r, v in routes.items()}},
        route_yield={**d.route_yield, "RNd": 0.5, "RXf": 0.7},
        recycling_yield={**d.recycling_yield, ("Z", "Nd"): 0.8, ("Z", "Li"): 0.6},
        recycling_cost_usd_per_t={**d.recycling_cost_usd_per_t, "Z": 0.0},
        magnet_t={**d.magnet_t, ("Flake", d.years[0]): 50.0, ("Flake", d.years[-1]): 0.0},
        licence_t={**d.licence_t, **{("India", "Li", y): 500.0 for y in d.years}},
    )


EDGES = {"prepaid_feed": prepaid_feed, "zero_shares": zero_shares, "idle_chain": idle_chain}


@pytest.mark.parametrize("edge", sorted(EDGES))
@pytest.mark.parametrize("seed", [0, 2, 7])
def test_edge_cases_are_assembled_as_compiled(edge: str, seed: int) -> None:
    data = EDGES[edge](chain_data(seed))
    assert refusal(data) is None
    assert_assembles(data)


def test_the_instances_reach_every_chain_family() -> None:
    """The checks above bite on every supply-chain family, and the edge cases on equality need
    rows, zero terms left out and rows with no term left out."""
    seen: set[str] = set()
    for seed in CHAIN_SEEDS:
        seen |= set(assembled(chain_data(seed)).rows.families)
    assert seen >= CHAIN_FAMILIES
    shipped = set()
    for path in INPUTS:
        shipped |= set(assembled(_load(path)).rows.families)
    assert {"processing_yield", "offtake_within_delivery", "magnet_demand"} <= shipped
