"""Hand-solved tiny instances for the supply-chain families: origin groups, export licences,
take-or-pay offtake, processing routes and recycling. One test per family where it binds.

Base instance (:func:`tests.test_model_hand.tiny`): plant A (chemistry X, 2 t of li per GWh),
year 2026, ramp 1, no scrap, capex 60 USD m per GWh/yr, no incentive; tests replace the sources.
Golden numbers are worked out in each docstring. Dual convention as in test_model_hand: ∂(stage-1
total output)/∂(right-hand side).
"""

from __future__ import annotations

import pytest

from models.data import ModelData
from models.solve import solve
from tests.test_model_hand import optimal, tiny

TOL = 1e-6
Y = 2026


def approx(x: float) -> object:
    return pytest.approx(x, abs=TOL, rel=TOL)


def sources(**offers: tuple[str, bool, str, float, float]) -> dict:
    """ModelData fields for sources given as id=(origin, imported, form, tonnes, USD/t)."""
    return {
        "sources": tuple(sorted(offers)),
        "supply_t": {(s, o[2], Y): o[3] for s, o in offers.items()},
        "price_usd_per_t": {(s, o[2]): o[4] for s, o in offers.items()},
        "source_imported": {s: o[1] for s, o in offers.items()},
        "source_origin": {s: o[0] for s, o in offers.items()},
    }


def china_canada(china_t: float, canada_t: float, **changes) -> ModelData:
    """Chinese li (source C, USD 900/t) and Canadian li (P, USD 1,000/t); 100 GWh/yr permitted."""
    return tiny(
        permitted_capacity_gwh={("A", Y): 100.0},
        group_countries={"China": ("China",), "partners": ("Australia", "Canada")},
        **sources(
            C=("China", True, "li", china_t, 900.0), P=("Canada", True, "li", canada_t, 1000.0)
        ),
        **changes,
    )


def test_group_share_cap_binds() -> None:
    """At most 40 % of li from China; China 100 t, Canada 6 t.

    c ≤ 0.4 u with u = c + p and p ≤ 6 ⇒ c ≤ (0.4/0.6) × 6 = 4 ⇒ u = 10 t ⇒ out = 5 GWh.
    Dual: c − 0.4 u ≤ b ⇒ 0.6 c ≤ 0.4 p + b ⇒ u = p/0.6 + b/0.6 ⇒ out = u/2 ⇒ ∂out/∂b
    = 1/1.2 = 5/6 GWh per t (≥ 0). Canada's supply dual: ∂out/∂p = 1/(0.6 × 2) = 5/6 too.
    Stage 2: 60 × 5 + (4 × 900 + 6 × 1,000) × 1e-6 = 300.0096 USD m.
    """
    r = optimal(china_canada(100.0, 6.0, group_max_share={("China", "li", Y): 0.4}))
    assert r.output_gwh == approx(5.0)
    assert r.values["mineral_flow_t"][("C", "li", "A", Y)] == approx(4.0)
    assert r.values["mineral_flow_t"][("P", "li", "A", Y)] == approx(6.0)
    assert r.duals["group_share_cap"][("China", "li", Y)] == approx(5 / 6)
    assert r.duals["mineral_supply_limit"][("P", "li", Y)] == approx(5 / 6)
    assert r.ranges["group_share_cap"][("China", "li", Y)].per_unit == approx(5 / 6)
    assert r.cost_musd == approx(300.0096)


def test_group_share_floor_binds() -> None:
    """At least 50 % of li from partners (Canada, Australia); China 100 t, Canada 3 t.

    p − 0.5 (c + p) ≥ b ⇒ c ≤ p − 2b ⇒ u = 2p − 2b = 6 t at b = 0 ⇒ out = 3 GWh.
    ∂out/∂b = −1 GWh per t (≤ 0: a binding minimum); ∂out/∂p = 1 GWh per t of Canadian li.
    Stage 2: 60 × 3 + (3 × 900 + 3 × 1,000) × 1e-6 = 180.0057.
    """
    r = optimal(china_canada(100.0, 3.0, group_min_share={("partners", "li", Y): 0.5}))
    assert r.output_gwh == approx(3.0)
    assert r.values["mineral_flow_t"][("C", "li", "A", Y)] == approx(3.0)
    assert r.duals["group_share_floor"][("partners", "li", Y)] == approx(-1.0)
    assert r.duals["mineral_supply_limit"][("P", "li", Y)] == approx(1.0)
    assert r.cost_musd == approx(180.0057)


def test_export_licence_limit_binds() -> None:
    """Licence: 8 t of li from China in 2026, over two Chinese sources (100 t each) and a
    domestic one (D, 2 t at USD 1,000/t).

    c1 + c2 ≤ 8, d ≤ 2 ⇒ u = 10 t ⇒ out = 5 GWh. Dual: one more t of licence ⇒ 0.5 GWh.
    Stage 2 buys the 8 Chinese t at 900 from either source: 60 × 5 + (8 × 900 + 2 × 1,000)
    × 1e-6 = 300.0092.
    """
    data = tiny(
        permitted_capacity_gwh={("A", Y): 100.0},
        licence_t={("China", "li", Y): 8.0},
        **sources(
            C1=("China", True, "li", 100.0, 900.0),
            C2=("China", True, "li", 100.0, 900.0),
            D=("India", False, "li", 2.0, 1000.0),
        ),
    )
    r = optimal(data)
    assert r.output_gwh == approx(5.0)
    flows = r.values["mineral_flow_t"]
    assert flows[("C1", "li", "A", Y)] + flows[("C2", "li", "A", Y)] == approx(8.0)
    assert r.duals["export_licence_limit"][("China", "li", Y)] == approx(0.5)
    assert r.cost_musd == approx(300.0092)


def offtake_case(permitted_gwh: float) -> ModelData:
    """Domestic li D (100 t at USD 1,000/t) and Canadian li K (100 t at USD 1,500/t) with a
    take-or-pay offtake of 6 t of K's li in 2026 at an agreed USD 1,400/t."""
    return tiny(
        permitted_capacity_gwh={("A", Y): permitted_gwh},
        offtake_t={("K", "li", Y): 6.0},
        offtake_price_usd_per_t={("K", "li"): 1400.0},
        **sources(D=("India", False, "li", 100.0, 1000.0), K=("Canada", True, "li", 100.0, 1500.0)),
    )


def test_offtake_within_delivery_uses_prepaid_tonnes_first() -> None:
    """5 GWh permitted ⇒ out = 5, need 10 t. The 6 prepaid Canadian t cost nothing more, so
    stage 2 takes them and buys 4 t from D: cost 60 × 5 + 4 × 1,000e-6 + 6 × 1,400e-6
    (paid whether used or not) = 300.0124. Offtake never limits output: dual 0.

    At 2 GWh permitted (need 4 t) only 4 of the 6 prepaid t are used, 2 are paid for and
    unused: cost 60 × 2 + 0 + 0.0084 = 120.0084, and no tonne from D.
    """
    r = optimal(offtake_case(5.0))
    assert r.output_gwh == approx(5.0)
    assert r.values["mineral_flow_t"][("K", "li", "A", Y)] == approx(6.0)
    assert r.values["mineral_flow_t"][("D", "li", "A", Y)] == approx(4.0)
    assert r.values["offtake_used_t"][("K", "li", Y)] == approx(6.0)
    assert r.duals["offtake_within_delivery"][("K", "li", Y)] == approx(0.0)
    assert r.cost_musd == approx(300.0124)
    small = optimal(offtake_case(2.0))
    assert small.values["mineral_flow_t"][("K", "li", "A", Y)] == approx(4.0)
    assert small.values["mineral_flow_t"][("D", "li", "A", Y)] == approx(0.0)
    assert small.values["offtake_used_t"][("K", "li", Y)] == approx(4.0)
    assert small.cost_musd == approx(120.0084)


def route_case(spod_t: float, capacity_t: float, route_yield: float = 0.1) -> ModelData:
    """No li source: spodumene ("spod") from Australian source M at USD 100/t, converted in
    India by route R (yield t li per t spod, capacity t spod/yr, USD 200/t of feed)."""
    return tiny(
        minerals=("li", "spod"),
        permitted_capacity_gwh={("A", Y): 100.0},
        route_feed={"R": "spod"},
        route_product={"R": "li"},
        route_location={"R": "India"},
        route_yield={"R": route_yield},
        route_capacity_t={("R", Y): capacity_t},
        route_cost_usd_per_t={"R": 200.0},
        **sources(M=("Australia", True, "spod", spod_t, 100.0)),
    )


def test_processing_capacity_binds() -> None:
    """Spodumene 1,000 t, capacity 50 t of feed: li = 0.1 × 50 = 5 t ⇒ out = 2.5 GWh.

    Dual: one more t/yr of capacity ⇒ 0.1 t li ⇒ 0.05 GWh (50 GWh per 1,000 t/yr).
    Stage 2: 60 × 2.5 + 50 × (100 + 200) × 1e-6 = 150.015.
    """
    r = optimal(route_case(1000.0, 50.0))
    assert r.output_gwh == approx(2.5)
    assert r.values["processing_feed_t"][("M", "R", Y)] == approx(50.0)
    assert r.values["mineral_flow_t"][("R", "li", "A", Y)] == approx(5.0)
    assert r.duals["processing_capacity"][("R", Y)] == approx(0.05)
    assert r.ranges["processing_capacity"][("R", Y)].per_unit == approx(0.05)
    assert r.cost_musd == approx(150.015)


def test_processing_yield_converts_feed() -> None:
    """Spodumene 30 t, capacity 1,000: li = 0.1 × 30 = 3 t ⇒ out = 1.5 GWh; at yield 0.2,
    6 t ⇒ 3 GWh (output proportional to the yield).

    processing_yield: li − 0.1 × spod = b ⇒ li = 3 + b ⇒ ∂out/∂b = 0.5 GWh per t of li.
    Spodumene supply dual: 0.1 t li per t ⇒ 0.05 GWh per t.
    """
    r = optimal(route_case(30.0, 1000.0))
    assert r.output_gwh == approx(1.5)
    assert r.duals["processing_yield"][("R", Y)] == approx(0.5)
    assert r.duals["mineral_supply_limit"][("M", "spod", Y)] == approx(0.05)
    assert optimal(route_case(30.0, 1000.0, route_yield=0.2)).output_gwh == approx(3.0)


def recycling_case(capacity_t: float, end_of_life_t: float = 0.0) -> ModelData:
    """Scrap share 0.5 (need 2 × 1.5 = 3 t li/GWh, of which 1 t/GWh is scrap); domestic li D
    6 t at USD 1,000/t; recycler Y recovers 50 % of the li it takes, up to capacity_t."""
    return tiny(
        permitted_capacity_gwh={("A", Y): 100.0},
        scrap_share=(0.5,),
        recycling_capacity_t={("Y", Y): capacity_t},
        recycling_yield={("Y", "li"): 0.5},
        end_of_life_t={("li", Y): end_of_life_t} if end_of_life_t else {},
        **sources(D=("India", False, "li", 6.0, 1000.0)),
    )


def test_recycling_return_feeds_scrap_back() -> None:
    """3 out = d + r, d ≤ 6, r = 0.5 f, f ≤ 1 × out (the scrap) ⇒ 2.5 out = 6 ⇒ out = 2.4
    GWh (2 without recycling); f = 2.4, r = 1.2 t.

    recycling_return: r − 0.5 f = b ⇒ 2.5 out = 6 + b ⇒ 0.4 GWh per t recovered.
    recycling_feed_limit: f ≤ out + b ⇒ 2.5 out = 6 + 0.5 b ⇒ 0.2 GWh per t of end-of-life li.
    Stage 2: 60 × 2.4 + 6 × 1,000e-6 = 144.006.
    """
    r = optimal(recycling_case(100.0))
    assert r.output_gwh == approx(2.4)
    assert r.values["recycling_feed_t"][("Y", "li", Y)] == approx(2.4)
    assert r.values["mineral_flow_t"][("Y", "li", "A", Y)] == approx(1.2)
    assert r.duals["recycling_return"][("Y", "li", Y)] == approx(0.4)
    assert r.duals["recycling_feed_limit"][("li", Y)] == approx(0.2)
    assert r.cost_musd == approx(144.006)


def test_recycling_capacity_binds() -> None:
    """Capacity 1 t: f ≤ 1 ⇒ r ≤ 0.5 ⇒ 3 out = 6.5 ⇒ out = 13/6 GWh.

    f ≤ 1 + b ⇒ out = (6 + 0.5 (1 + b)) / 3 ⇒ 1/6 GWh per t/yr of recycling capacity.
    With 2 t of end-of-life li the capacity still binds: the same output.
    """
    r = optimal(recycling_case(1.0))
    assert r.output_gwh == approx(13 / 6)
    assert r.duals["recycling_capacity"][("Y", Y)] == approx(1 / 6)
    assert optimal(recycling_case(1.0, end_of_life_t=2.0)).output_gwh == approx(13 / 6)


def test_magnet_demand_competes_for_a_shared_form() -> None:
    """Magnet makers need 4 t of li (as SmCo magnets need cobalt) from S's 12 t.

    Cells get 12 − 4 = 8 t ⇒ out = 8 / 2 = 4 GWh (10 permitted). magnet_demand: g = M ⇒
    out = (12 − M) / 2 ⇒ ∂out/∂M = −0.5 GWh per t. Stage 2: 60 × 4 + (8 + 4) × 1,000e-6 =
    240.012 (the magnet tonnes are bought too, but are no output).
    """
    data = tiny(supply_t={("S", "li", Y): 12.0}, magnet_t={("li", Y): 4.0})
    r = optimal(data)
    assert r.output_gwh == approx(4.0)
    assert r.values["magnet_flow_t"][("S", "li", Y)] == approx(4.0)
    assert r.values["mineral_flow_t"][("S", "li", "A", Y)] == approx(8.0)
    assert r.duals["magnet_demand"][("li", Y)] == approx(-0.5)
    assert r.duals["mineral_supply_limit"][("S", "li", Y)] == approx(0.5)
    assert r.cost_musd == approx(240.012)


def magnet_case(**changes) -> ModelData:
    """Cells as in :func:`tiny` (10 GWh, 20 t of li from S); magnet makers need 10 t of "nd"
    (no cell uses it) from C (China, 100 t at USD 100/t) or K (Canada, 3 t at USD 130/t)."""
    offers = sources(
        S=("India", False, "li", 100.0, 1000.0),
        C=("China", True, "nd", 100.0, 100.0),
        K=("Canada", True, "nd", 3.0, 130.0),
    )
    return tiny(
        minerals=("li", "nd"),
        group_countries={"China": ("China",), "partners": ("Canada",)},
        magnet_t={("nd", Y): 10.0},
        **offers | changes,
    )


def test_magnet_demand_met_from_the_same_sources_and_groups() -> None:
    """Rare earths for magnets: no cell uses nd, so output stays 10 GWh (dual 0) and the
    magnets take the cheapest nd: 10 t from China, 0.001 m. Stage 2: 600 + 20 × 1,000e-6 +
    10 × 100e-6 = 600.021.

    With partners ≥ 20 % of nd: K ≥ 0.2 × 10 = 2 t, China 8 t: 600.02 + (8 × 100 + 2 × 130)
    × 1e-6 = 600.02106; the floor counts the magnet tonnes. A China licence of 8 t of nd does
    the same (K 2 t); at 6 t K would need 4 > 3 t: no plan.
    """
    r = optimal(magnet_case())
    assert r.output_gwh == approx(10.0)
    assert r.values["magnet_flow_t"][("C", "nd", Y)] == approx(10.0)
    assert r.duals["magnet_demand"][("nd", Y)] == approx(0.0)
    assert r.cost_musd == approx(600.021)
    floor = optimal(magnet_case(group_min_share={("partners", "nd", Y): 0.2}))
    assert floor.values["magnet_flow_t"][("K", "nd", Y)] == approx(2.0)
    assert floor.values["magnet_flow_t"][("C", "nd", Y)] == approx(8.0)
    assert floor.cost_musd == approx(600.02106)
    licence = optimal(magnet_case(licence_t={("China", "nd", Y): 8.0}))
    assert licence.values["magnet_flow_t"][("K", "nd", Y)] == approx(2.0)
    assert licence.output_gwh == approx(10.0)
    assert solve(magnet_case(licence_t={("China", "nd", Y): 6.0})).status.value == "infeasible"


CHAIN_CONSTRAINT_TESTS = {
    "group_share_cap": test_group_share_cap_binds,
    "group_share_floor": test_group_share_floor_binds,
    "export_licence_limit": test_export_licence_limit_binds,
    "offtake_within_delivery": test_offtake_within_delivery_uses_prepaid_tonnes_first,
    "processing_capacity": test_processing_capacity_binds,
    "processing_yield": test_processing_yield_converts_feed,
    "recycling_feed_limit": test_recycling_return_feeds_scrap_back,
    "recycling_capacity": test_recycling_capacity_binds,
    "recycling_return": test_recycling_return_feeds_scrap_back,
    "magnet_demand": test_magnet_demand_competes_for_a_shared_form,
}
"""Constraint component name -> its hand-solved test (merged into the registry)."""
