"""Acceptance: `accplan compare` on plans made by `accplan solve` from tiny input workbooks.

The tiny case (hand-solvable): one year (2026), plant P1 (LFP, 10 GWh/yr permitted, ramp 1.0,
operating gap USD 5/kWh, no capital premium), incentive rate
min(1,740 Rs/kWh × DVA 0.5, 0.2 × USD 60 × 87) / 87 = 870 / 87 = USD 10 million per GWh,
lithium 100 t/GWh from Canada (S1) at USD 10,000/t.

The scheme owes 10 × min(out, 20) USD million (award 20 GWh); the budget limits that.

* Budget 174 Rs crore = 174 × 10 / 87 = USD 20 million → out ≤ 20 / 10 = 2 GWh (operating gap
  5 × 2 ≤ 10 × 2 holds); lithium 200 t; import bill 200 × 0.01 = USD 2 million.
* Budget 261 Rs crore = USD 30 million → out 3 GWh, 300 t, USD 3 million.
  Deltas: output +1 GWh, incentive +10 USD million, import bill +1, Canada lithium +100 t.
* Budget 174.87 Rs crore = USD 20.1 million → out 2.01 GWh, 201 t: the largest difference
  anywhere is 1 t of lithium (and 0.87 in the Settings cell).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from planner.cli import main
from planner.plan import schema as ps
from tests.cli_run import run_accplan
from tests.workbooks import cell_ref, small_tables, write_workbook


def tiny(
    *,
    budget: float = 174.0,
    plants: list[dict[str, Any]] | None = None,
    capacity: list[dict[Any, Any]] | None = None,
) -> dict[str, Any]:
    p1 = {
        "plant_id": "P1",
        "firm": "Firm A",
        "state": "Gujarat",
        "chemistry": "LFP",
        "online_year": 2026,
        "capex_musd_per_gwh": 60.0,
        "bid_rs_per_kwh": 1740.0,
        "window_first_year": 2026,
        "window_last_year": 2026,
        "award_gwh": 20.0,
        "capital_premium_share": 0.0,
        "operating_gap_usd_per_kwh": 5.0,
        "min_block_gwh": None,
    }
    return small_tables(
        Settings={
            "first_year": 2026,
            "last_year": 2026,
            "budget_rs_crore": budget,
            "fx_rs_per_usd": 87.0,
            "revenue_cap_share": 0.2,
            "firm_cap_gwh": 20.0,
        },
        DVA=[{"performance_year": 1, "dva_share": 0.5}],
        Plants=plants or [p1],
        Awards=None,  # the older layout: P1's award on its Plants row
        Capacity=capacity or [{"plant_id": "P1", 2026: 10.0}],
        Ramp=[{"age": 1, "ramp_factor": 1.0, "scrap_share": 0.0}],
        Chemistries=[{"chemistry": "LFP", "cell_price_usd_per_kwh": 60.0}],
        Intensity=[{"chemistry": "LFP", "mineral": "Lithium", "t_per_gwh": 100.0}],
        Minerals=[{"mineral": "Lithium", "unit": "t LCE", "max_source_share": 1.0}],
        Supply=[
            {
                "source_id": "S1",
                "origin": "Canada",
                "kind": "imported",
                "mineral": "Lithium",
                "price_usd_per_t": 10000.0,
                2026: 10000.0,
            }
        ],
    )


P2 = {
    "plant_id": "P2",
    "firm": "Firm B",
    "state": "Odisha",
    "chemistry": "LFP",
    "online_year": 2026,
    "capex_musd_per_gwh": 50.0,
    "bid_rs_per_kwh": None,
    "window_first_year": None,
    "window_last_year": None,
    "award_gwh": 0.0,
    "capital_premium_share": 0.0,
    "operating_gap_usd_per_kwh": 0.0,
    "min_block_gwh": None,
}
"""Competitive without support: makes its whole 1 GWh/yr (100 t of lithium)."""


def _cli(*args: Any) -> int:
    try:
        main([str(a) for a in args])
        return 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def solve(folder: Path, name: str, tables: dict[str, Any]) -> Path:
    workbook = write_workbook(folder / f"{name}.xlsx", tables)
    plan = folder / f"{name}_plan.xlsx"
    code = _cli("solve", workbook, "-o", plan, "-q")
    assert code == 0, f"solve {name} failed with {code}"
    return plan


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("plans")
    two = {
        "plants": [tiny()["Plants"][0], P2],
        "capacity": [{"plant_id": "P1", 2026: 10.0}, {"plant_id": "P2", 2026: 1.0}],
    }
    return {
        "base": solve(folder, "base", tiny()),
        "again": solve(folder, "again", tiny()),
        "budget": solve(folder, "budget", tiny(budget=261.0)),
        "nudge": solve(folder, "nudge", tiny(budget=174.87)),
        "two": solve(folder, "two", tiny(**two)),
        "two_reordered": solve(
            folder,
            "two_reordered",
            tiny(plants=two["plants"][::-1], capacity=two["capacity"][::-1]),
        ),
    }


def compare(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``accplan compare ARGS``."""
    return run_accplan(capsys, "compare", *args)


def _json(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, dict[str, Any]]:
    code, out, _ = compare(capsys, *args, "--json")
    return code, json.loads(out)


def _total(data: dict[str, Any], measure: str) -> tuple[Any, Any, Any]:
    d = next(h for h in data["headline"] if h["measure"] == measure and h["year"] is None)
    return d["base"], d["other"], d["change"]


def test_identical_inputs_exit_0_no_changes(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    """Two separate solves of the same input (different run times) are the same plan."""
    code, data = _json(capsys, plans["base"], plans["again"])
    assert code == 0 and data["same"] is True and data["inputs"] == []
    assert all(t["rows"] == [] for t in data["tables"])
    assert compare(capsys, plans["base"], plans["again"])[0] == 0


def test_budget_change_hand_expected_deltas(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    code, data = _json(capsys, plans["base"], plans["budget"])
    assert code == 1 and data["same"] is False
    assert _total(data, "output") == pytest.approx((2.0, 3.0, 1.0))
    assert _total(data, "incentive") == pytest.approx((20.0, 30.0, 10.0))
    assert _total(data, "import_bill") == pytest.approx((2.0, 3.0, 1.0))
    (plant,) = data["plants"]
    assert plant["name"] == "P1"
    assert [d["change"] for d in plant["deltas"]] == pytest.approx([1.0, 10.0])
    (origin,) = data["origins"]
    assert (origin["name"], origin["sources"]) == ("Lithium from Canada", ["S1"])
    assert origin["deltas"][0]["change"] == pytest.approx(100.0)
    budget_cell = cell_ref(tiny(), "Settings", "budget_rs_crore", None)  # Settings!B5
    (change,) = data["inputs"]
    assert change["text"].startswith(f"{budget_cell} 174 → 261")


def test_budget_change_terminal_text(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    code, out, err = compare(capsys, plans["base"], plans["budget"])
    assert code == 1 and err == ""
    budget_cell = cell_ref(tiny(), "Settings", "budget_rs_crore", None)
    assert f"{budget_cell} 174 → 261  (budget_rs_crore)" in out
    total = next(line for line in out.splitlines() if "Total output (GWh)" in line)
    assert total.split()[-4:] == ["2.000", "3.000", "+1.000", "+50.0%"]


def test_added_plant_is_listed_as_added(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    code, data = _json(capsys, plans["base"], plans["two"])
    assert code == 1
    plants = next(t for t in data["tables"] if t["sheet"] == ps.PLANTS.sheet)
    assert [(r["key"], r["status"]) for r in plants["rows"]] == [
        ({"plant_id": "P2", "year": 2026}, "added")
    ]
    assert [(p["name"], p["status"]) for p in data["plants"]] == [("P2", "added")]
    assert _total(data, "output") == pytest.approx((2.0, 3.0, 1.0))
    added = {(c["sheet"], c["kind"], tuple(c["key"] or ())) for c in data["inputs"]}
    assert {("Plants", "added", ("P2",)), ("Capacity", "added", ("P2",))} <= added


def two_years() -> dict[str, Any]:
    """The tiny case run to 2027, with a second lithium source (S2, Chile, 500 t in 2027 only)."""
    tables = tiny()
    tables["Settings"]["last_year"] = 2027
    tables["Capacity"] = [{"plant_id": "P1", 2026: 10.0, 2027: 10.0}]
    tables["DVA"] = [
        {"performance_year": 1, "dva_share": 0.5},
        {"performance_year": 2, "dva_share": 0.5},
    ]
    tables["Supply"] = [
        {**tables["Supply"][0], 2027: 10000.0},
        {
            "source_id": "S2",
            "origin": "Chile",
            "kind": "imported",
            "mineral": "Lithium",
            "price_usd_per_t": 12000.0,
            2026: 0.0,
            2027: 500.0,
        },
    ]
    return tables


def test_longer_horizon_and_extra_source(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    """2027 lies outside P1's incentive window (2026 only); without the incentive its operating
    gap (USD 5/kWh) keeps it idle, so 2027 adds a year of zero output and the totals stay
    2 GWh, USD 20 million, USD 2 million. The added year, plant-year and source are still
    listed as added: a year found in one plan only is a change even when its numbers are 0."""
    other = solve(plans["base"].parent, "two_years", two_years())
    code, out, _ = compare(capsys, plans["base"], other)
    assert code == 1
    total = next(line for line in out.splitlines() if "Total output (GWh)" in line)
    assert total.split()[-4:] == ["2.000", "2.000", "0", "0"]
    assert "  2027 (other only)" in out
    assert "Lithium from Chile (added)" in out
    assert "Supply!A3:G3 row added  (S2, Lithium)" in out
    assert "Plants P1, 2027: added (row Plants!A3 of the other plan)" in out


def test_tolerance_hides_below_and_not_above(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    """Largest difference: 1 t of lithium (201 vs 200); so abs-tol 3 hides all, 0.001 none."""
    assert compare(capsys, plans["base"], plans["nudge"], "--abs-tol", "3")[0] == 0
    code, data = _json(capsys, plans["base"], plans["nudge"], "--abs-tol", "0.001")
    assert code == 1
    assert _total(data, "output") == pytest.approx((2.0, 2.01, 0.01))


def test_reordered_input_rows_give_no_change(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    code, data = _json(capsys, plans["two"], plans["two_reordered"])
    assert code == 0, data["inputs"]


def test_reordered_plan_rows_give_no_change(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path], tmp_path: Path
) -> None:
    """Rows of every plan table written in reverse order: matched on keys, nothing changes."""
    wb = load_workbook(plans["two"])
    for spec in ps.TABLES:
        ws = wb[spec.sheet]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        for r, values in enumerate(reversed(rows), start=2):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c).value = value
    shuffled = tmp_path / "shuffled.xlsx"
    wb.save(shuffled)
    assert compare(capsys, plans["two"], shuffled)[0] == 0


def test_input_workbook_is_not_a_plan(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path]
) -> None:
    workbook = plans["base"].with_name("base.xlsx")
    code, out, err = compare(capsys, workbook, plans["base"])
    assert code == 2 and out == ""
    assert "base.xlsx" in err and "not an accplan plan" in err
    assert "looks like an input workbook; solve it first" in err


def test_difference_workbook_from_solved_plans(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "diff.xlsx"
    assert compare(capsys, plans["base"], plans["budget"], "-o", target)[0] == 1
    ws = load_workbook(target)[ps.PLANTS.sheet]
    head = {c.value: c.column for c in ws[1]}
    assert ws.cell(2, head["output change (GWh)"]).value == pytest.approx(1.0)
    assert ws.cell(2, head["Base cells"]).value.startswith("Plants!A2:")


def test_readme_example_is_the_real_output(
    capsys: pytest.CaptureFixture[str], plans: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's example of the terminal output is what compare prints for the tiny case."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- compare:start -->")[1].split("<!-- compare:end -->")[0]
    example = section.split("```text\n")[1].split("```")[0]
    monkeypatch.chdir(plans["base"].parent)
    code, out, _ = compare(capsys, "base_plan.xlsx", "budget_plan.xlsx")
    assert code == 1
    assert out == example
