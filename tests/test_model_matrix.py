"""models.matrix compiles the same LP as Pyomo's own standard-form compiler (mixed form), row for
row and column for column: the matrix, the row bounds, the costs and the column bounds.

Pyomo's ``LinearStandardFormCompiler`` is the independent method here; accplan no longer calls it
(it imports scipy), but the LP HiGHS receives must be the one it would make, so that the same
data gives the same plan as before.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from benchmarks.synthetic import synthetic_data
from models.build import build_model
from models.highs_lp import compile_lp

OBJECTIVES = ("total_output_gwh", "total_cost_musd")


def pyomo_reference(model: pyo.ConcreteModel):
    """Pyomo's compile of the model with both objectives active; bounds in (lower, upper) form."""
    for o in model.component_objects(pyo.Objective):
        o.activate()
    info = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
    rhs = np.asarray(info.rhs, dtype=float)
    kinds = np.array([kind for _, kind in info.rows])
    lower = np.where(kinds <= 0, rhs, -np.inf)
    upper = np.where(kinds >= 0, rhs, np.inf)
    return info, lower, upper


@pytest.mark.parametrize("seed,plants", [(1, 6), (2, 15), (3, 40)])
def test_same_lp_as_pyomo_standard_form(seed: int, plants: int) -> None:
    data = synthetic_data(seed, n_plants=plants)
    data = replace(data, min_output_gwh={(data.plants[0], data.years[-1]): 1.0})
    model = build_model(data)
    ours = compile_lp(model, OBJECTIVES)
    info, lower, upper = pyomo_reference(model)
    assert [v.name for v in ours.columns] == [v.name for v in info.columns]
    assert [r.name for r in ours.rows] == [r.name for r, _ in info.rows]
    a = info.A.tocsc()
    a.sort_indices()
    assert np.array_equal(ours.a_matrix.indptr, a.indptr)
    assert np.array_equal(ours.a_matrix.indices, a.indices)
    assert np.array_equal(ours.a_matrix.data, a.data)
    assert np.array_equal(ours.row_lower, lower) and np.array_equal(ours.row_upper, upper)
    c = info.c.toarray()
    for i, name in enumerate(OBJECTIVES):
        assert np.array_equal(ours.costs[name], c[i])


def test_ranged_fixed_and_repeated_terms() -> None:
    """Shapes accplan's families do not use today go through Pyomo's own representation: a
    ranged row (two rows, ≤ then ≥), a fixed variable (moved to the bounds), a repeated variable
    (merged), a constant in the body, an unused variable (no column, no values).

    Row ``r``: 1 ≤ 2x + 3y + x + z_fixed(=2) + 4 ≤ 10 → 3x + 3y in [1 − 6, 10 − 6] = [−5, 4].
    """
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 5))
    m.y = pyo.Var()
    m.z = pyo.Var()
    m.unused = pyo.Var([1, 2])
    m.z.fix(2)
    m.r = pyo.Constraint(expr=pyo.inequality(1, 2 * m.x + 3 * m.y + m.x + m.z + 4, 10))
    m.obj = pyo.Objective(expr=m.x + m.y)
    lp = compile_lp(m, ("obj",))
    assert [v.name for v in lp.columns] == ["x", "y"]
    assert lp.a_matrix.toarray().tolist() == [[3.0, 3.0], [3.0, 3.0]]
    assert lp.row_lower.tolist() == [-np.inf, -5.0]
    assert lp.row_upper.tolist() == [4.0, np.inf]
    assert lp.col_upper.tolist() == [5.0, np.inf]
    values = lp.values_by_name([1.5, 2.5])
    assert values == {"x": {(): 1.5}, "y": {(): 2.5}}  # a component met nowhere is not listed


def test_solving_does_not_import_scipy() -> None:
    """Importing scipy at all makes Pyomo import scipy.stats, spatial and integrate (≈ 0.5 s, more
    than building and solving the base case): neither the solve path nor compiling the Pyomo
    model (data the assembly refuses, --write-lp) may touch it."""
    code = (
        "import sys; from models.solve import solve; from models.lp import model_lp; "
        "from benchmarks.synthetic import synthetic_data; d = synthetic_data(1, n_plants=5); "
        "assert solve(d).is_optimal; assert model_lp(d, pyomo=True).rows; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'); assert not bad, bad"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def _arrays(lp) -> tuple:
    a = lp.a_matrix
    return (
        [v.name for v in lp.columns],
        [r.name for r in lp.rows],
        a.indptr.tolist(),
        a.indices.tolist(),
        a.data.tolist(),
        lp.row_lower.tolist(),
        lp.row_upper.tolist(),
        lp.col_lower.tolist(),
        lp.col_upper.tolist(),
        {name: c.tolist() for name, c in lp.costs.items()},
        [(b.name, b.start, b.keys) for b in lp.row_blocks],
        [(b.name, b.start, b.keys) for b in lp.column_blocks],
    )


@pytest.mark.parametrize("seed,plants", [(1, 6), (3, 40)])
def test_logged_sums_give_the_walked_lp(seed: int, plants: int) -> None:
    """The terms the build logs (models.expr.SumLog) are the terms of the expressions: the LP
    compiled from the log equals the one compiled by walking every expression (no log)."""
    data = synthetic_data(seed, n_plants=plants)
    model = build_model(data)
    logged = _arrays(compile_lp(model, OBJECTIVES))
    assert len(model.sum_log.exprs) > 0
    del model.sum_log
    assert logged == _arrays(compile_lp(model, OBJECTIVES))


def test_a_logged_row_with_a_fixed_variable_is_walked() -> None:
    """A variable fixed after the build is a constant of its logged rows: they are walked (the
    constant moves to the bounds) and the variable has no column, as in Pyomo's compiler.

    capacity_limit[p, y] = Σ_{t≤y} x[p,t] ≤ M[p,y]; with x[p, t0] fixed at v the rows of
    y ≥ t0 read Σ_{t≤y, t≠t0} x[p,t] ≤ M[p,y] − v (t0 the first year M[p,t0] ≥ 1, v = 0.75)."""
    data = synthetic_data(2, n_plants=4)
    model = build_model(data)
    p, t0 = next(
        key for key in sorted(data.permitted_capacity_gwh) if data.permitted_capacity_gwh[key] >= 1
    )
    model.capacity_added_gwh[p, t0].fix(0.75)
    ours = compile_lp(model, OBJECTIVES)
    info, lower, upper = pyomo_reference(model)
    assert [v.name for v in ours.columns] == [v.name for v in info.columns]
    a = info.A.tocsc()
    a.sort_indices()
    assert np.array_equal(ours.a_matrix.indices, a.indices)
    assert np.array_equal(ours.a_matrix.data, a.data)
    assert np.array_equal(ours.row_lower, lower) and np.array_equal(ours.row_upper, upper)
    row = ours.row_position()[("capacity_limit", (p, t0))]
    assert ours.row_upper[row] == data.permitted_capacity_gwh[(p, t0)] - 0.75


def test_names_integers_variables_and_expressions_are_pyomos() -> None:
    """What the solve path reads from the compiled LP instead of the Pyomo model agrees with the
    model's own objects: row and column names, which columns are 0/1, every variable's indices,
    and the reported expressions' values (Pyomo evaluating them at arbitrary column values)."""
    data = synthetic_data(2, n_plants=8)
    model = build_model(data)
    lp = compile_lp(model, OBJECTIVES)
    n_rows, n_cols = lp.a_matrix.shape
    assert [lp.row_name(i) for i in range(n_rows)] == [r.name for r in lp.rows]
    assert [lp.column_name(j) for j in range(n_cols)] == [v.name for v in lp.columns]
    assert lp.integer.tolist() == [v.is_integer() for v in lp.columns]
    assert lp.integer.any()  # the instance has award switches, so the check can fail
    for var in model.component_objects(pyo.Var):
        names = [v.name for v in var.values()]
        assert [var.name + (pyo_index(k) if k else "") for k in lp.variables[var.name]] == names
    x = np.random.default_rng(0).uniform(0, 3, n_cols)
    for v, value in zip(lp.columns, x, strict=True):
        v.set_value(float(value), skip_validation=True)
    assert set(lp.expressions) == {"award_paid_musd", "plant_support_musd"}
    for name, found in lp.expressions.items():
        values = found.values(x)
        expected = {k: pyo.value(e) for k, e in getattr(model, name).items()}
        assert len(values) == len(expected) > 0
        for k, e in expected.items():
            key = k if isinstance(k, tuple) else (k,)
            assert values[key] == pytest.approx(e, rel=1e-12, abs=1e-9)


def pyo_index(key: tuple) -> str:
    """Pyomo's printed index of ``key`` (a 1-tuple printed as its member)."""
    from pyomo.core.base.component_namer import index_repr

    return index_repr(key if len(key) != 1 else key[0])


@pytest.mark.parametrize(
    "key",
    [
        (),
        ("P01", 2027),
        ("Canada lithium", "Li,x", 2027),
        ("a", "b'c", 1),
        ("1.5",),
        ("x:y", "|a", "back\\slash", "dot.ted"),
        (3.5, "Lithium"),
        ("1e5", "nan", "-inf"),
    ],
)
def test_names_are_printed_as_pyomo_prints_them(key: tuple) -> None:
    """models.compiled names rows and columns without importing Pyomo; Pyomo's own namer is the
    reference (quoting of special characters and of strings that read as numbers)."""
    from pyomo.core.base.component_namer import index_repr

    from models.compiled import index_name

    expected = "n" + (index_repr(key if len(key) != 1 else key[0]) if key else "")
    assert index_name("n", key) == expected
