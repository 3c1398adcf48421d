"""models.assembly.assemble writes, with numpy and without Pyomo, the CompiledLP that compiling the
Pyomo model gives: every field equal, floats exactly (the two sum the same terms in the same
order), index tuples exactly as Pyomo gives them. Data it does not cover is refused (None), and
the refusal says why."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import fields, replace
from functools import cache
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest

from benchmarks.synthetic import synthetic_data
from models import goals
from models.assembly import assemble
from models.assembly.coverage import GOAL_FIELDS, NOT_IN_LP, SUPPLY_CHAIN, refusal, unclassified
from models.build import build_model
from models.data import ModelData
from models.highs_lp import compile_lp
from models.matrix import Block, CompiledLP, CscMatrix, key_tuple
from tests.test_benchmark_floor import instances as floor_instances
from tests.test_benchmark_floor import with_blocks
from tests.test_model_hand import tiny

INPUTS = sorted((Path(__file__).resolve().parents[1] / "inputs").glob("*.xlsx"))
PYOMO_ONLY = ("rows", "columns")
"""CompiledLP fields that hold Pyomo objects: None when assembled."""


def compiled(data: ModelData) -> CompiledLP:
    """What the solve path compiles today: the Pyomo model with its objectives."""
    return compile_lp(build_model(data), goals.compiled_objectives(data))


def _same_array(a, b, what: str) -> None:
    assert isinstance(a, np.ndarray) and isinstance(b, np.ndarray), what
    assert a.dtype == b.dtype, f"{what}: dtype {a.dtype} != {b.dtype}"
    assert a.shape == b.shape, f"{what}: shape {a.shape} != {b.shape}"
    assert np.array_equal(a, b), f"{what}: first difference at {np.flatnonzero(a != b)[:5]}"


def _same_keys(a: list[tuple], b: list[tuple], what: str) -> None:
    assert len(a) == len(b), f"{what}: {len(a)} keys != {len(b)}"
    differ = next((x for x in zip(a, b, strict=True) if x[0] != x[1]), None)
    assert differ is None, f"{what}: first difference {differ}"
    types_a = {tuple(map(type, k)) for k in a}
    types_b = {tuple(map(type, k)) for k in b}
    assert types_a == types_b, f"{what}: key element types {types_a} != {types_b}"


def _same_blocks(a: list[Block], b: list[Block], what: str) -> None:
    assert [(x.name, x.start) for x in a] == [(x.name, x.start) for x in b], what
    for x, y in zip(a, b, strict=True):
        _same_keys(x.keys, y.keys, f"{what} {x.name}")


def _same_field(name: str, a, b) -> None:
    if isinstance(a, CscMatrix):
        assert a.shape == b.shape, f"{name}: shape {a.shape} != {b.shape}"
        for part in ("indptr", "indices", "data"):
            _same_array(getattr(a, part), getattr(b, part), f"{name}.{part}")
    elif name.endswith("_blocks"):
        _same_blocks(a, b, name)
    elif isinstance(a, np.ndarray):
        _same_array(a, b, name)
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{name}: {list(a)} != {list(b)}"
        for key in a:
            _same_field(f"{name}[{key}]", a[key], b[key])
    elif isinstance(a, list) and a and isinstance(a[0], tuple):
        _same_keys(a, b, name)
    elif hasattr(a, "__dataclass_fields__"):
        for f in fields(a):
            _same_field(f"{name}.{f.name}", getattr(a, f.name), getattr(b, f.name))
    else:
        assert a == b, f"{name}: {a!r} != {b!r}"


def assert_same_lp(assembled: CompiledLP, pyomo: CompiledLP) -> None:
    """Every field of the two equal, exactly; the Pyomo objects only in the compiled one."""
    for f in fields(CompiledLP):
        if f.name in PYOMO_ONLY:
            assert getattr(assembled, f.name) is None, f"{f.name} is not None when assembled"
            continue
        _same_field(f.name, getattr(assembled, f.name), getattr(pyomo, f.name))


def assert_assembles(data: ModelData) -> None:
    """assemble(data) is the compiled LP, and names every variable of the model."""
    assembled = assemble(data)
    assert assembled is not None, refusal(data)
    assert_same_lp(assembled, compiled(data))


def stripped(data: ModelData) -> ModelData:
    """``data`` without its supply-chain families (routes, recyclers, groups, licences,
    offtake, magnets): a real instance the assembly covers."""
    empty = {name: {} for name in SUPPLY_CHAIN}
    empty |= {"route_product": {}, "route_location": {}, "route_yield": {}}
    empty |= {"route_capacity_t": {}, "route_cost_usd_per_t": {}, "recycling_capacity_t": {}}
    empty |= {"recycling_cost_usd_per_t": {}, "offtake_price_usd_per_t": {}}
    empty |= {"group_countries": {}}
    return replace(data, **empty)


@cache
def shipped(path: Path) -> ModelData:
    from planner.workbook.load import load_input

    return load_input(path).data


@pytest.mark.parametrize("which", range(4), ids=["plain", "limits", "bare", "blocks"])
def test_floor_instances(which) -> None:
    assert_assembles(list(floor_instances())[which])


@pytest.mark.parametrize("seed", [1, 2, 3, 7, 11])
def test_synthetic(seed) -> None:
    assert_assembles(synthetic_data(seed, n_plants=8 + 5 * seed))


@pytest.mark.parametrize("seed", [2, 5])
def test_synthetic_without_options(seed) -> None:
    assert_assembles(synthetic_data(seed, n_plants=15, optional_limits=False, scheme=False))


@pytest.mark.parametrize("path", INPUTS, ids=[p.stem for p in INPUTS])
def test_shipped_inputs(path) -> None:
    """Every shipped input is assembled or refused with a reason; with its supply-chain
    families stripped, each is assembled (existing capacity, awards, penalties, ceilings,
    candidates and minimum blocks of real data)."""
    data = shipped(path)
    why = refusal(data)
    if why is None:
        assert_assembles(data)
    else:
        assert assemble(data) is None
        used = [what for name, what in SUPPLY_CHAIN.items() if getattr(data, name)]
        assert used and all(what in why for what in used), why
    assert_assembles(stripped(data))


@pytest.mark.parametrize(
    "change",
    [
        {"objective": "capacity_by_year"},
        {"objective": "least_incentive", "output_target_gwh": 10.0},
        {"output_target_gwh": 10.0},
        {"hold_objective": "cumulative_gwh", "hold_level": 1.0},
    ],
    ids=["capacity_by_year", "least_incentive", "output_target", "objective_hold"],
)
def test_goals(change) -> None:
    """Once refused, now assembled (more in tests/test_assembly_goals.py)."""
    assert_assembles(replace(synthetic_data(3, n_plants=6), **change))


def test_the_comparison_can_fail() -> None:
    """assert_same_lp notices one bound, one coefficient, one key's type and one block start."""
    data = next(iter(floor_instances()))
    good = compiled(data)
    assert_same_lp(assemble(data), good)
    changes = []
    bad = assemble(data)
    bad.col_upper[0] = 12.5  # output_gwh has none
    changes.append(bad)
    bad = assemble(data)
    bad.a_matrix.data[3] = np.nextafter(bad.a_matrix.data[3], np.inf)
    changes.append(bad)
    bad = assemble(data)
    block = bad.row_blocks[0]
    block.keys[0] = (block.keys[0][0], str(block.keys[0][1]))
    changes.append(bad)
    bad = assemble(data)
    bad.column_blocks[1] = Block(bad.column_blocks[1].name, 0, bad.column_blocks[1].keys)
    changes.append(bad)
    for bad in changes:
        with pytest.raises(AssertionError):
            assert_same_lp(bad, good)


def test_keys_are_pyomos() -> None:
    """The assembly's row keys are the index tuples Pyomo gives each row (checked directly
    against the model's constraints, not through the compiler)."""
    data = list(floor_instances())[3]
    model = build_model(data)
    lp = assemble(data)
    for block in lp.row_blocks:
        component = model.component(block.name)
        assert isinstance(component, pyo.Constraint)
        keys = [key_tuple(k) for k in component] if component.is_indexed() else [()]
        assert set(block.keys) <= set(keys)


def test_assembling_imports_no_pyomo() -> None:
    """The solve path can skip Pyomo altogether: assembling (names included) imports none of it."""
    code = (
        "import sys; from benchmarks.synthetic import synthetic_data; "
        "from models.assembly import assemble; "
        "assert assemble(synthetic_data(1, n_plants=5)) is not None; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pyomo'))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"


def test_every_model_data_field_is_classified() -> None:
    """A ModelData field the assembly neither reads nor knows to be outside the LP fails here,
    so that a new input cannot silently be left out of the assembled LP."""
    names = {f.name for f in fields(ModelData)}
    assert unclassified(names) == set()
    assert not set(NOT_IN_LP) & GOAL_FIELDS
    assert set(NOT_IN_LP) | GOAL_FIELDS <= names
    assert unclassified(names | {"new_limit_t"}) == {"new_limit_t"}


def edge_cases() -> dict[str, ModelData]:
    """Shapes the synthetic draws rarely make: components declared with no rows, empty
    plants, costs and limits that are zero or everywhere."""
    d = synthetic_data(3, n_plants=8)
    chem = {**d.plant_chemistry, d.plants[2]: "NOCHEM"}
    no_awards = {name: {} for name in ("award_plant", "award_firm", "award_gwh", "candidate_gwh")}
    no_awards |= {"award_rate_musd_per_gwh": {}, "award_order": {}, "award_ceiling_musd": {}}
    no_awards |= {"award_penalty_musd": {}, "award_penalty_carried_musd": {}}
    no_awards |= {"award_milestone_gwh": {}, "capital_premium_musd_per_gwh": {}}
    return {
        "no block fits": replace(d, min_block_gwh={p: 1e4 for p in d.plants}),
        "a plant making cells of no minerals": replace(d, plant_chemistry=chem),
        "no awards": replace(d, awards=(), operating_gap_musd_per_gwh={}, **no_awards),
        "free minerals and capacity": replace(
            d, price_usd_per_t=dict.fromkeys(d.price_usd_per_t, 0.0), capex_musd_per_gwh={}
        ),
        "limits every year": replace(
            d,
            annual_budget_musd=dict.fromkeys(d.years, 50.0),
            demand_gwh=dict.fromkeys(d.years, 5.0),
            min_output_gwh={(p, y): 0.1 for p in d.plants for y in d.years},
        ),
        "no tonnes and no scheme capacity": replace(d, supply_t={}, scheme_capacity_gwh=None),
    }


@pytest.mark.parametrize("name", list(edge_cases()))
def test_edge_cases(name) -> None:
    assert_assembles(edge_cases()[name])


@pytest.mark.parametrize("seed", range(12))
def test_random_shapes(seed) -> None:
    """Small instances of random shape: 1 to 13 plants, 1 to 7 years, 1 to 11 sources, with or
    without optional limits, the scheme's options and minimum blocks."""
    rng = random.Random(seed)
    d = synthetic_data(
        seed,
        n_plants=rng.choice([1, 2, 3, 5, 8, 13]),
        n_years=rng.choice([1, 2, 4, 7]),
        n_sources=rng.choice([1, 3, 11]),
        optional_limits=rng.random() < 0.6,
        scheme=rng.random() < 0.7,
    )
    assert_assembles(with_blocks(d) if rng.random() < 0.4 else d)


def test_inconsistent_data_is_the_models_value_error() -> None:
    """Keys naming unknown plants and years, and a NaN, give the ValueError build_model gives
    (every problem listed), not a KeyError or a NaN in the matrix."""
    data = tiny(
        permitted_capacity_gwh={("A", 2026): 10.0, ("Z", 2026): 1.0, ("A", 2040): 1.0},
        capex_musd_per_gwh={"A": float("nan")},
    )
    with pytest.raises(ValueError) as built:
        build_model(data)
    with pytest.raises(ValueError) as assembled:
        assemble(data)
    assert str(assembled.value) == str(built.value)
    assert "('Z', 2026)" in str(built.value) and "capex_musd_per_gwh" in str(built.value)
    with pytest.raises(ValueError, match="capex_musd_per_gwh"):
        assemble(tiny(capex_musd_per_gwh={"A": float("nan")}))
