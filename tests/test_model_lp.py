"""models.lp.model_lp: the solve path's LP is assembled with numpy when the assembly covers the
data, the Pyomo model otherwise, and neither a solve of assembled data nor the least relaxation
of an infeasible one imports Pyomo.

tests/test_assembly*.py check the two LPs equal field for field, and tests/test_assembly_solve.py
the whole two-stage answers through each.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.lp import model_lp
from planner.workbook.load import load_input

REPO = Path(__file__).resolve().parents[1]


def test_refused_data_goes_to_the_pyomo_model() -> None:
    """Data the assembly refuses (a held objective with nothing to hold) reaches the Pyomo
    model, whose build says why it cannot be solved."""
    from dataclasses import replace

    from models.assembly.coverage import refusal

    data = load_input(REPO / "inputs" / "acc_base.xlsx").data
    data = replace(
        data, hold_objective="domestic_value_added", hold_level=1.0, dva_value_musd_per_gwh={}
    )
    assert refusal(data) is not None
    with pytest.raises(ValueError, match="objective_hold"):
        model_lp(data)


def test_solving_assembled_data_imports_no_pyomo() -> None:
    code = (
        "import sys; from models.solve import solve; from planner.workbook.load import "
        "load_input; assert solve(load_input('inputs/acc_base.xlsx').data).is_optimal; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'pyomo'); assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_least_relaxation_of_assembled_data_imports_no_pyomo() -> None:
    """The base case asked for 10,000 GWh from P01 in 2026 has no plan; its least relaxation
    cuts that minimum, reading its rows from the assembled LP."""
    code = (
        "import sys; from dataclasses import replace; from models.elastic import "
        "least_relaxation; from planner.workbook.load import load_input; "
        "d = load_input('inputs/acc_base.xlsx').data; "
        "r = least_relaxation(replace(d, min_output_gwh={('P01', 2026): 1e4})); "
        "assert [s.family for s in r.shortfalls] == ['min_output'], r; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'pyomo'); assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
