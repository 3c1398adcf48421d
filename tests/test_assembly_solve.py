"""A solve through the assembled LP is the solve through the compiled Pyomo model: the same
SolveResult (values, duals, ranges, integer decisions, budget step, numerics), field for field
and exactly, once and in a warm sweep. The LP each solve starts from is chosen explicitly here
(``models.solve.model_lp`` / ``models.warm.model_lp``), whichever the solve path uses by
default."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import models.solve
import models.warm
from models.assembly import assemble
from models.data import ModelData
from models.lp import model_lp

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
TIMES = {"build_seconds", "solve_seconds", "log"}
"""SolveResult fields that are clocks or HiGHS's log, not results."""


def pyomo_lp(data: ModelData):
    lp = model_lp(data, pyomo=True)
    assert lp.rows is not None  # compiled from the Pyomo model, really
    return lp


def assembled_lp(data: ModelData):
    lp = assemble(data)
    assert lp is not None
    return lp


def assert_same(a, b, at: str = "result") -> None:
    """Equal, exactly, all the way down (NaN equal to NaN)."""
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            if f.name not in TIMES:
                assert_same(getattr(a, f.name), getattr(b, f.name), f"{at}.{f.name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), at
        for key in a:
            assert_same(a[key], b[key], f"{at}[{key}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), at
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{at}[{i}]")
    elif isinstance(a, np.ndarray):
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), at
    elif isinstance(a, float) and a != a:
        assert b != b, at
    else:
        assert a == b, (at, a, b)


def load(name: str) -> ModelData:
    from planner.workbook.load import load_input

    return load_input(INPUTS / name).data


@pytest.mark.parametrize(
    "name",
    [
        "acc_base.xlsx",
        "acc_min_block_5gwh.xlsx",
        "acc_canada_lithium_offtake.xlsx",
        "acc_energy_storage_delayed.xlsx",
    ],
)
def test_one_solve(name, monkeypatch) -> None:
    data = load(name)
    monkeypatch.setattr(models.solve, "model_lp", pyomo_lp)
    ours = models.solve.solve(data)
    monkeypatch.setattr(models.solve, "model_lp", assembled_lp)
    assert_same(models.solve.solve(data), ours)


def test_warm_sweep(monkeypatch) -> None:
    data = load("acc_base.xlsx")
    points = [replace(data, budget_musd=data.budget_musd * f) for f in (1.0, 0.8, 1.3)]
    points.append(replace(data, supply_t={k: 0.9 * t for k, t in data.supply_t.items()}))

    def sweep() -> list:
        solver = models.warm.WarmSolver()
        return [solver.solve(p) for p in points]

    monkeypatch.setattr(models.warm, "model_lp", pyomo_lp)
    ours = sweep()
    monkeypatch.setattr(models.warm, "model_lp", assembled_lp)
    assert_same(sweep(), ours)


def test_the_comparison_can_fail(monkeypatch) -> None:
    """Supplies 1 % apart (graphite binds in the base case) give results assert_same tells
    apart."""
    data = load("acc_base.xlsx")
    monkeypatch.setattr(models.solve, "model_lp", assembled_lp)
    base = models.solve.solve(data)
    with pytest.raises(AssertionError):
        less = {k: 0.99 * t for k, t in data.supply_t.items()}
        assert_same(models.solve.solve(replace(data, supply_t=less)), base)
