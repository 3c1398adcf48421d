"""models.lp.model_lp: the solve path's LP is assembled with numpy when the assembly covers the
data, and the answer is the one the compiled Pyomo model gives.

tests/test_assembly*.py check the two LPs equal field for field; here the whole two-stage solve
(stage 1, ranging's re-solves, the budget step, stage 2) runs on each and must agree exactly,
and a solve of assembled data must not import Pyomo.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models import goals, highs_lp
from models.lp import model_lp
from models.solve import solve_stages
from planner.workbook.load import load_input

REPO = Path(__file__).resolve().parents[1]


def _answer(lp, data, tmp_path: Path) -> dict:
    h, _ = highs_lp.new_highs(tmp_path / "highs.log", None)
    highs_lp.pass_lp(h, lp, goals.objective_name(data), maximise=goals.maximises(data))
    return solve_stages(lp, h, data)


@pytest.mark.parametrize("name", ["acc_base", "acc_energy_storage_delayed", "acc_min_block_5gwh"])
def test_assembled_and_compiled_give_the_same_answer(name: str, tmp_path: Path) -> None:
    data = load_input(REPO / "inputs" / f"{name}.xlsx").data
    assembled, compiled = model_lp(data), model_lp(data, pyomo=True)
    assert assembled.rows is None and compiled.rows is not None  # the two ways, really
    ours, theirs = _answer(assembled, data, tmp_path), _answer(compiled, data, tmp_path)
    assert ours["status"] == theirs["status"]
    for field in ("objective_value", "cost_musd", "values", "duals", "ranges"):
        assert ours[field] == theirs[field], field


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
