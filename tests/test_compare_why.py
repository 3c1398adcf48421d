"""compare says why: limits that started or stopped binding, and N-way comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli_run import run_accplan

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("acc_base", "acc_lithium_squeeze", "acc_lithium_squeeze_canada_plus50")


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from planner.cli import main

    folder = tmp_path_factory.mktemp("why")
    out = {}
    for name in NAMES:
        out[name] = folder / f"{name}_plan.xlsx"
        try:
            main(["solve", str(ROOT / "inputs" / f"{name}.xlsx"), "-o", str(out[name]), "-q"])
        except SystemExit as exc:
            assert exc.code in (0, None)
    return out


def test_lithium_squeeze_names_lithium_supply_as_newly_binding(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path], tmp_path: Path
) -> None:
    """No lithium binds in the base case; with Australia's lithium cut, lithium supply limits
    start to bind: compare says so beside the Supply cells that changed."""
    diff = tmp_path / "diff.xlsx"
    code, out, _ = run_accplan(
        capsys, "compare", plans["acc_base"], plans["acc_lithium_squeeze"], "-o", diff
    )
    assert code == 1
    why = out.split("Why: binding limits that changed")[1].split("\n\n")[0]
    assert "mineral_supply_limit (Lithium):" in why and "started binding" in why
    assert "started binding: mineral_supply_limit [S0" in why
    assert out.index("Supply!F2") < out.index("Why: binding limits")
    ws = load_workbook(diff)["Summary"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    started = [r for r in rows if r[0] == "started binding" and r[1] == "mineral_supply_limit"]
    assert started and all("Lithium" in r[2] for r in started)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_n_way_compare_puts_every_plan_side_by_side(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path], tmp_path: Path
) -> None:
    """Base, squeeze and squeeze with Canada +50 %: one headline row per measure with a column
    per plan (output falls in the squeeze and part recovers with more Canadian lithium), then
    each pair's report; the workbook has the side-by-side sheet and one Summary per pair."""
    target = tmp_path / "three.xlsx"
    code, out, _ = run_accplan(
        capsys,
        "compare",
        plans["acc_base"],
        plans["acc_lithium_squeeze"],
        plans["acc_lithium_squeeze_canada_plus50"],
        "-o",
        target,
    )
    assert code == 1
    line = next(t for t in out.splitlines() if t.strip().startswith("Total output"))
    base, squeeze, plus50 = (float(v.replace(",", "")) for v in line.split()[-3:])
    assert squeeze < plus50 < base
    assert out.count("=== plan ") == 2
    wb = load_workbook(target)
    assert wb.sheetnames == ["Side by side", "Base vs plan 1", "Base vs plan 2"]
    values = [[c.value for c in row] for row in wb["Side by side"].iter_rows()]
    total = next(r for r in values if r[0] == "Total output")
    assert total[1:4] == pytest.approx([base, squeeze, plus50], abs=1e-3)
