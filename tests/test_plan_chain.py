"""The plan's supply-chain tables on the hand-solved instances of tests/test_model_hand_chain.py
(the arithmetic is in those tests' docstrings; the plan only restates it)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.plan import schema as ps
from planner.plan.tables import build_tables
from tests.test_model_hand import optimal
from tests.test_model_hand_chain import (
    china_canada,
    magnet_case,
    offtake_case,
    recycling_case,
    route_case,
)

Y = 2026


def _tables(data):
    return build_tables(data, optimal(data), 87.0)


def test_offtake_table_shows_used_unused_and_what_it_costs() -> None:
    """2 GWh need 4 t: 4 of the 6 prepaid t used, 2 unused. Paid 6 × 1,400 = USD 8,400
    (0.0084 m) whatever the plan, i.e. 8,400 / 4 = 2,100 per tonne used; unused 2 × 1,400 =
    0.0028 m. Bought at market instead, the 4 t would come from D, the cheapest supply left
    unbought (100 t at 1,000): 0.004 m, so the commitment costs 0.0084 − 0.004 = 0.0044 m,
    which is the plan's cost with it (120.0084) less without it (60 × 2 + 4 × 1,000e-6)."""
    (row,) = _tables(offtake_case(2.0)).rows(ps.OFFTAKE)
    assert (row["source_id"], row["origin"], row["mineral"], row["year"]) == (
        "K",
        "Canada",
        "li",
        Y,
    )
    assert (row["committed"], row["used"], row["unused"]) == pytest.approx((6.0, 4.0, 2.0))
    assert (row["agreed_price"], row["paid"]) == pytest.approx((1400.0, 0.0084))
    assert row["price_per_used_t"] == pytest.approx(2100.0)
    assert (row["market_price"], row["replacement_price"]) == pytest.approx((1500.0, 1000.0))
    assert row["market_value"] == pytest.approx(0.004)
    assert row["unused_cost"] == pytest.approx(0.0028)
    assert row["commitment_cost"] == pytest.approx(0.0044)
    without = replace(offtake_case(2.0), offtake_t={}, offtake_price_usd_per_t={})
    added = optimal(offtake_case(2.0)).cost_musd - optimal(without).cost_musd
    assert added == pytest.approx(0.0044)


def test_commitment_cost_buys_replacements_within_export_licences() -> None:
    """As the 2 GWh offtake case (4 of K's 6 prepaid t used), with Chinese li C at 900, the
    cheapest, under a licence of 2 t. Bought at market instead, the 4 t would be 2 t from C
    (the licence's room) and 2 t from D at 1,000: 3,800 USD, 950 per t; the commitment costs
    8,400 − 3,800 = 0.0046 m: the plan's cost with it (120.0084) less without it (60 × 2 +
    (2 × 900 + 2 × 1,000) × 1e-6 = 120.0038)."""
    data = replace(
        offtake_case(2.0),
        sources=("C", "D", "K"),
        supply_t={**offtake_case(2.0).supply_t, ("C", "li", Y): 100.0},
        price_usd_per_t={**offtake_case(2.0).price_usd_per_t, ("C", "li"): 900.0},
        source_imported={**offtake_case(2.0).source_imported, "C": True},
        source_origin={**offtake_case(2.0).source_origin, "C": "China"},
        licence_t={("China", "li", Y): 2.0},
    )
    (row,) = _tables(data).rows(ps.OFFTAKE)
    assert (row["used"], row["replacement_price"]) == pytest.approx((4.0, 950.0))
    assert row["commitment_cost"] == pytest.approx(0.0046)
    without = replace(data, offtake_t={}, offtake_price_usd_per_t={})
    assert optimal(data).cost_musd - optimal(without).cost_musd == pytest.approx(0.0046)


def test_purchases_count_prepaid_tonnes_once_at_the_agreed_price() -> None:
    """5 GWh need 10 t: the 6 prepaid t of K (paid 0.0084 m ahead) and 4 t bought from D at
    1,000 (0.004 m). The Minerals sheet prices only D's tonnes (K's 6 t are prepaid, cost 0,
    not 6 × 1,500 = 0.009); the year's purchases are 0.004 + 0.0084 = 0.0124 m, of which
    the import bill (K is imported, D domestic) is the payment, 0.0084. Mineral totals: Canada
    6 t costing 0.0084, India 4 t costing 0.004. The used tonnes bought at market instead: 6 t
    from D at 1,000, so the commitment costs 0.0084 − 0.006 = 0.0024 m (300.0124 − 300.010)."""
    tables = _tables(offtake_case(5.0))
    flows = {r["source_id"]: r for r in tables.rows(ps.FLOWS)}
    assert (flows["K"]["flow"], flows["K"]["prepaid"], flows["K"]["cost"]) == pytest.approx(
        (6.0, 6.0, 0.0)
    )
    assert (flows["D"]["flow"], flows["D"]["prepaid"], flows["D"]["cost"]) == pytest.approx(
        (4.0, 0.0, 0.004)
    )
    (year,) = tables.rows(ps.YEARS)
    assert (year["mineral_cost"], year["import_bill"]) == pytest.approx((0.0124, 0.0084))
    assert tables.headline["mineral_cost"] == pytest.approx(0.0124)
    totals = {r["origin"]: r for r in tables.rows(ps.MINERAL_TOTALS)}
    assert (totals["Canada"]["flow"], totals["Canada"]["cost"]) == pytest.approx((6.0, 0.0084))
    assert (totals["India"]["flow"], totals["India"]["cost"]) == pytest.approx((4.0, 0.004))
    (row,) = tables.rows(ps.OFFTAKE)
    assert (row["used"], row["unused"], row["price_per_used_t"]) == pytest.approx((6, 0, 1400))
    assert row["commitment_cost"] == pytest.approx(0.0024)


def test_group_table_and_mineral_values() -> None:
    """China capped at 40 %: China 4 t of 10 (share 0.4, cap 0.4); partners (Canada) 6 t.
    One more t of Canadian li buys 5/6 GWh: 833.3 GWh per 1,000 t."""
    tables = _tables(china_canada(100.0, 6.0, group_max_share={("China", "li", Y): 0.4}))
    groups = {r["group"]: r for r in tables.rows(ps.GROUP_SHARES)}
    assert groups["China"]["share"] == pytest.approx(0.4)
    assert groups["China"]["max_share"] == pytest.approx(0.4)
    assert groups["partners"]["flow"] == pytest.approx(6.0)
    values = {r["origin"]: r for r in tables.rows(ps.MINERAL_VALUES)}
    assert values["Canada"]["supply_value"] == pytest.approx(1000 * 5 / 6)


def test_processing_table_states_throughput_and_capacity_value() -> None:
    """Capacity 50 t of spodumene: feed 50, lithium 5 t, utilisation 1; 0.05 GWh per t/yr of
    capacity is 50 GWh per 1,000 t/yr. Feed cost 50 × (100 + 200) = USD 15,000 is a mineral
    purchase of the year (0.015 m), 50 × 100 of it imported (Australia)."""
    tables = _tables(route_case(1000.0, 50.0))
    (row,) = tables.rows(ps.PROCESSING)
    assert (row["feed_t"], row["product_t"], row["utilisation"]) == pytest.approx((50, 5, 1))
    assert row["capacity_value"] == pytest.approx(50.0)
    (year,) = tables.rows(ps.YEARS)
    assert year["mineral_cost"] == pytest.approx(0.015)
    assert year["import_bill"] == pytest.approx(0.005)


def test_recycling_table_states_returns() -> None:
    """Capacity 100: 2.4 t of scrap taken, 1.2 t of li returned (see the hand test)."""
    (row,) = _tables(recycling_case(100.0)).rows(ps.RECYCLING)
    assert (row["feed_t"], row["recovered_t"]) == pytest.approx((2.4, 1.2))


def test_magnets_sheet_reports_rare_earths_apart_from_cells() -> None:
    """Partners ≥ 20 % of nd (see the hand test): magnets take 8 t from China (0.0008 m) and
    2 t from Canada (2 × 130 = 0.00026 m), shares 0.8 and 0.2 of the 10 t required; the
    group table counts them (partners 2 of 10 t). Cells: 10 GWh, 20 t of li only; nd is in
    no cell table, and the year's purchases are the cells' li, 20 × 1,000 = 0.02 m."""
    tables = _tables(magnet_case(group_min_share={("partners", "nd", Y): 0.2}))
    magnets = {r["origin"]: r for r in tables.rows(ps.MAGNETS)}
    assert (magnets["China"]["flow"], magnets["China"]["cost"]) == pytest.approx((8, 0.0008))
    assert (magnets["Canada"]["flow"], magnets["Canada"]["cost"]) == pytest.approx((2, 0.00026))
    assert (magnets["Canada"]["share"], magnets["Canada"]["required"]) == pytest.approx((0.2, 10))
    assert magnets["Canada"]["supply"] == pytest.approx(3.0)
    (group,) = [r for r in tables.rows(ps.GROUP_SHARES) if r["group"] == "partners"]
    assert (group["flow"], group["use"], group["share"]) == pytest.approx((2, 10, 0.2))
    assert {r["mineral"] for r in tables.rows(ps.FLOWS)} == {"li"}
    assert {r["mineral"] for r in tables.rows(ps.MINERAL_TOTALS)} == {"li"}
    (year,) = tables.rows(ps.YEARS)
    assert (year["output"], year["mineral_cost"]) == pytest.approx((10.0, 0.02))
