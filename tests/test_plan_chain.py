"""The plan's supply-chain tables on the hand-solved instances of tests/test_model_hand_chain.py
(the arithmetic is in those tests' docstrings; the plan only restates it)."""

from __future__ import annotations

import pytest

from planner.plan import schema as ps
from planner.plan.tables import build_tables
from tests.test_model_hand import optimal
from tests.test_model_hand_chain import china_canada, offtake_case, recycling_case, route_case

Y = 2026


def _tables(data):
    return build_tables(data, optimal(data), 87.0)


def test_offtake_table_shows_used_unused_and_what_it_costs() -> None:
    """2 GWh need 4 t: 4 of the 6 prepaid t used, 2 unused. Paid 6 × 1,400 = USD 8,400
    (0.0084 m) whatever the plan; unused 2 × 1,400 = 0.0028 m; beyond buying the 4 used t at
    the market price 1,500 the commitment costs 8,400 − 6,000 = 0.0024 m."""
    (row,) = _tables(offtake_case(2.0)).rows(ps.OFFTAKE)
    assert (row["source_id"], row["origin"], row["mineral"], row["year"]) == (
        "K",
        "Canada",
        "li",
        Y,
    )
    assert (row["committed"], row["used"], row["unused"]) == pytest.approx((6.0, 4.0, 2.0))
    assert row["paid"] == pytest.approx(0.0084)
    assert row["unused_cost"] == pytest.approx(0.0028)
    assert row["premium"] == pytest.approx(0.0024)


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
