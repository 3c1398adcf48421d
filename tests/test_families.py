"""models/families.py agrees with the model and the plan: one record per constraint family.

Nothing is added here: the model is built from three instances (every family present, a seeded
synthetic one, the shipped base case) and each registry is checked against the records.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyomo.environ as pyo
import pytest

from benchmarks.synthetic import synthetic_data
from models import families
from models.build import build_model
from models.data import ModelData
from models.families import FAMILIES, Move
from models.ranging import BOUND_LEVERS
from planner.plan.duals import PHRASES
from tests.test_model_registry import every_constraint_data

ROOT = Path(__file__).resolve().parents[1]


def _base_case() -> ModelData:
    from planner.workbook.load import load_input

    return load_input(ROOT / "inputs" / "acc_base.xlsx").data


INSTANCES = {
    "every family": every_constraint_data,
    "synthetic": lambda: synthetic_data(3),
    "base case": _base_case,
}


@pytest.fixture(scope="module", params=sorted(INSTANCES))
def built(request) -> tuple[ModelData, pyo.ConcreteModel]:
    data = INSTANCES[request.param]()
    return data, build_model(data)


def _constraints(model: pyo.ConcreteModel) -> list[pyo.Constraint]:
    return list(model.component_objects(pyo.Constraint, descend_into=True))


def test_every_constraint_component_has_a_record(built) -> None:
    _, model = built
    missing = [c.name for c in _constraints(model) if c.name not in families.BY_NAME]
    assert missing == []


def test_every_record_names_a_constraint_of_the_model() -> None:
    """No stale records: the instance with every family has a component for each."""
    names = {c.name for c in _constraints(build_model(every_constraint_data()))}
    assert [f.name for f in FAMILIES if f.name not in names] == []


def test_rows_agree_with_their_record(built) -> None:
    """Index length, plant and year positions, and the bounds the +1 re-solve moves."""
    data, model = built
    expected_bounds = {
        Move.UPPER: (False, True),
        Move.LOWER: (True, False),
        Move.BOTH: (True, True),
    }
    for component in _constraints(model):
        record = families.family(component.name)
        width = len(record.letters)
        for index, row in component.items():
            key = index if isinstance(index, tuple) else (() if index is None else (index,))
            assert len(key) == width, (component.name, key)
            if record.plant_at is not None:
                assert key[record.plant_at] in data.plants, (component.name, key)
            if record.year_at is not None:
                assert key[record.year_at] in data.years, (component.name, key)
            bounds = (row.has_lb(), row.has_ub())
            if record.move is Move.BOTH:  # = rows, or ≥ rows where the data make them so
                assert row.has_lb(), (component.name, key, bounds)
                continue
            assert bounds == expected_bounds[record.move], (component.name, key, bounds)
            assert row.equality is (record.move is Move.BOTH), (component.name, key)


def test_every_reported_family_has_a_phrase_and_a_unit() -> None:
    reported = {f.name for f in FAMILIES if not f.bookkeeping} | set(BOUND_LEVERS)  # no rows
    assert sorted(reported - set(PHRASES)) == [], "add the phrase in planner/plan/duals.py"
    assert sorted(set(PHRASES) - reported) == [], "a phrase for a family that is not reported"
    assert all(re.fullmatch(r"GWh per \S.*", f.unit) for f in FAMILIES)


def test_phrases_read_a_real_row_of_their_family() -> None:
    """Each phrase formats the first row of its family without an index error."""
    data = every_constraint_data()
    for component in _constraints(build_model(data)):
        if component.name in PHRASES:
            index = next(iter(component.keys()))
            key = index if isinstance(index, tuple) else (() if index is None else (index,))
            assert PHRASES[component.name](data, key, "unit").startswith("One more")


def test_ranks_names_and_index_letters() -> None:
    """Unique names and ranks; index letters from the glossary of models/build.py, each once."""
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)
    assert len({f.rank for f in FAMILIES}) == len(FAMILIES)
    for f in FAMILIES:
        assert set(f.letters) <= set("pykfscatrgo"), f
        assert len(set(f.letters)) == len(f.letters), f


def test_plant_and_year_positions_come_from_the_letters() -> None:
    need = families.family("mineral_need")
    assert (need.plant_at, need.year_at) == (0, 2)
    claim = families.family("claim_all_output")
    assert (claim.plant_at, claim.year_at) == (None, 1)


def test_adding_a_family_touches_at_most_five_files() -> None:
    """The module docstring lists the files a new family touches; each exists."""
    listed = re.findall(r"^\d\. ``([^`]+)``", families.__doc__ or "", flags=re.MULTILINE)
    assert 0 < len(listed) <= 5, listed
    for name in listed:
        path = name.replace("<concern>", "capacity")
        assert (ROOT / path).exists(), name
