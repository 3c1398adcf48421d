"""The shipped input workbooks, through the application's loader, solve cleanly: optimal, same
optima as the independent LP of FORMULATION.md, and no scaling warning in the HiGHS log."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.result import SolveStatus
from models.solve import solve
from tests.test_model_basecase import WARNING
from tests.test_model_crosscheck import reference

INPUTS = sorted((Path(__file__).resolve().parents[1] / "inputs").glob("*.xlsx"))


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_input_workbook_solves_without_scaling_warning(path: Path) -> None:
    load = pytest.importorskip("planner.workbook.load")
    data = load.load_input(path).data
    r = solve(data)
    assert r.status is SolveStatus.OPTIMAL, r.solver_message
    assert [line for line in r.log.splitlines() if WARNING.search(line)] == []
    status, best, cost = reference(data)
    assert status == 0
    assert r.output_gwh == pytest.approx(best, rel=1e-6)
    assert r.cost_musd == pytest.approx(cost, rel=1e-6)
