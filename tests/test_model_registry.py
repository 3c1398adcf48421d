"""Every Constraint component of the model has a hand-solved test where it binds."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pyomo.environ as pyo

from models.build import build_model
from models.data import ModelData
from tests.test_model_blocks import BLOCK_TESTS
from tests.test_model_hand import CONSTRAINT_TESTS as PLANT_TESTS
from tests.test_model_hand import tiny
from tests.test_model_hand_chain import CHAIN_CONSTRAINT_TESTS
from tests.test_model_scheme import SCHEME_TESTS

CONSTRAINT_TESTS = {**PLANT_TESTS, **CHAIN_CONSTRAINT_TESTS, **SCHEME_TESTS, **BLOCK_TESTS}


def every_constraint_data() -> ModelData:
    """A tiny instance in which every constraint family has at least one row."""
    return tiny(
        years=(2026, 2027),
        minerals=("li", "spod"),
        sources=("D", "I", "M"),
        permitted_capacity_gwh={("A", 2026): 10.0, ("A", 2027): 10.0},
        supply_t={("D", "li", 2026): 5.0, ("I", "li", 2027): 50.0, ("M", "spod", 2026): 9.0},
        price_usd_per_t={("D", "li"): 1000.0, ("I", "li"): 900.0, ("M", "spod"): 90.0},
        source_imported={"D": False, "I": True, "M": True},
        source_origin={"D": "India", "I": "Chile", "M": "Australia"},
        group_countries={"LatAm": ("Chile",), "partners": ("Australia",)},
        group_max_share={("LatAm", "li", 2027): 0.9},
        group_min_share={("partners", "li", 2026): 0.1},
        licence_t={("Chile", "li", 2027): 40.0},
        offtake_t={("I", "li", 2027): 3.0},
        offtake_price_usd_per_t={("I", "li"): 800.0},
        route_feed={"R": "spod"},
        route_product={"R": "li"},
        route_location={"R": "India"},
        route_yield={"R": 0.1},
        route_capacity_t={("R", 2026): 5.0},
        recycling_capacity_t={("Y", 2026): 1.0},
        recycling_yield={("Y", "li"): 0.9},
        max_source_share={"li": 0.6},
        capital_premium_musd_per_gwh={"A": 2.0},
        operating_gap_musd_per_gwh={"A": 1.0},
        plants=("A", "B"),
        plant_firm={"A": "F", "B": "G"},
        plant_chemistry={"A": "X", "B": "X"},
        online_year={"A": 2026, "B": 2026},
        capex_musd_per_gwh={"A": 60.0, "B": 60.0},
        awards=("A", "CB"),
        award_plant={"A": "A", "CB": "B"},
        award_firm={"A": "F", "CB": "G"},
        award_gwh={"A": 5.0},
        candidate_gwh={"CB": (1.0, 3.0)},
        award_rate_musd_per_gwh={("A", 2026): 10.0, ("A", 2027): 10.0, ("CB", 2026): 9.0},
        award_ceiling_musd={"A": 80.0},
        award_milestone_gwh={"A": 20.0},
        award_penalty_musd={("A", 2026): 1.0},
        scheme_capacity_gwh=10.0,
        budget_musd=100.0,
        annual_budget_musd={2026: 40.0},
        committed_capacity_gwh={("A", 2027): 2.0},
        min_block_gwh={"A": 4.0},
        min_output_gwh={("A", 2026): 0.5},
        demand_gwh={2027: 3.0},
        output_target_gwh=0.5,
        hold_objective="domestic_value_added",
        hold_level=0.0,
        dva_value_musd_per_gwh={("A", 2026): 10.0},
        magnet_t={("li", 2027): 1.0},
    )


def constraint_names(model: pyo.ConcreteModel) -> dict[str, int]:
    """Active Constraint components and their number of rows."""
    return {
        c.name: len(c)
        for c in model.component_objects(pyo.Constraint, active=True, descend_into=True)
    }


def test_every_constraint_has_a_binding_test() -> None:
    """The registry equals the model's constraint components, each of which has rows here."""
    names = constraint_names(build_model(every_constraint_data()))
    assert set(names) == set(CONSTRAINT_TESTS), set(names) ^ set(CONSTRAINT_TESTS)
    assert all(rows > 0 for rows in names.values()), names


def test_registry_points_at_collected_tests() -> None:
    """Each registered function is a module-level ``test_`` function of the hand-solved suite."""
    for name, func in CONSTRAINT_TESTS.items():
        assert func.__name__.startswith("test_"), name
        assert getattr(sys.modules[func.__module__], func.__name__) is func, name
        assert inspect.getdoc(func), f"{name}: the hand arithmetic belongs in the docstring"


def test_registered_tests_assert_their_constraints_dual() -> None:
    """Each registered test reads the dual of the very constraint it is registered for."""
    for name, func in CONSTRAINT_TESTS.items():
        assert f'duals["{name}"]' in inspect.getsource(func), name


def test_formulation_names_every_component() -> None:
    """FORMULATION.md uses the code's names: every Set, Param, Var, Constraint and Objective of
    the model appears in it as `name`."""
    text = (Path(__file__).resolve().parents[1] / "models" / "FORMULATION.md").read_text("utf-8")
    m = build_model(every_constraint_data())
    kinds = (pyo.Set, pyo.Param, pyo.Var, pyo.Constraint, pyo.Objective)
    names = [c.name for c in m.component_objects(kinds) if not c.name.endswith("_index")]
    assert [n for n in names if f"`{n}`" not in text] == []
