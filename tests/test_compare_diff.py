"""compare on hand-written plans: key matching, tolerances, added/removed rows, hand-made deltas.

The base plan (tests/compare_fixtures.py): plants P01 and P02, years 2027-2028, incentive USD 5
million per GWh, 100 t of Canadian lithium per GWh at USD 8,000/t (0.008 USD million per t).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from planner.compare.compare import Comparison, Tolerance, compare_plans
from planner.plan import schema as ps
from tests.compare_fixtures import base_inputs, base_tables, write_plan

Tables = dict[str, list[dict[str, Any]]]


def _set(tables: Tables, sheet: str, key: dict[str, Any], **values: Any) -> None:
    row = next(r for r in tables[sheet] if all(r[k] == v for k, v in key.items()))
    row.update(values)


def bigger_budget() -> Tables:
    """Budget up by USD 30 million, all spent on P01 in 2028.

    P01 2028: output 12 → 18 GWh (+6), incentive 60 → 90 (+30 = 6 GWh × 5 USD M/GWh);
    lithium 1,200 → 1,800 t (+600 = 6 GWh × 100 t/GWh), cost 9.6 → 14.4 (+600 t × 0.008).
    Years 2028: output 20 → 26, incentive 100 → 130, import bill 16 → 20.8.
    """
    t = base_tables()
    _set(
        t,
        ps.PLANTS.sheet,
        {"plant_id": "P01", "year": 2028},
        output=18.0,
        eligible_output=18.0,
        incentive=90.0,
        incentive_rs=783.0,
        utilisation=0.9,
    )
    _set(t, ps.FLOWS.sheet, {"plant_id": "P01", "year": 2028}, flow=1800.0, cost=14.4)
    _set(t, ps.MINERAL_TOTALS.sheet, {"year": 2028}, flow=2600.0, cost=20.8)
    _set(
        t,
        ps.YEARS.sheet,
        {"year": 2028},
        output=26.0,
        incentive=130.0,
        incentive_rs=1131.0,
        import_bill=20.8,
        mineral_cost=20.8,
    )
    return t


def _compare(
    tmp_path: Path, other: Tables | None = None, inputs: Any = None, tol: Tolerance | None = None
) -> Comparison:
    a = write_plan(tmp_path / "base.xlsx")
    b = write_plan(tmp_path / "other.xlsx", other, inputs)
    return compare_plans(a, b, tol)


def _headline(cmp: Comparison, measure: str, year: int | None = None) -> tuple[Any, Any, Any]:
    d = next(d for d in cmp.headline if d.measure == measure and d.year == year)
    return d.base, d.other, d.change


def test_identical_plans_are_the_same(tmp_path: Path) -> None:
    cmp = _compare(tmp_path)
    assert cmp.same
    assert cmp.inputs == [] and cmp.n_row_changes == 0 and cmp.plants == [] and cmp.origins == []


def test_reordered_rows_and_input_rows_change_nothing(tmp_path: Path) -> None:
    other = {sheet: list(reversed(rows)) for sheet, rows in base_tables().items()}
    inputs = base_inputs()
    inputs["Supply"][1:] = reversed(inputs["Supply"][1:])
    inputs["Settings"][1:] = reversed(inputs["Settings"][1:])
    cmp = _compare(tmp_path, other, inputs)
    assert cmp.same, (cmp.inputs, [t.rows for t in cmp.tables])


def test_budget_change_gives_hand_computed_deltas(tmp_path: Path) -> None:
    cmp = _compare(tmp_path, bigger_budget())
    assert not cmp.same
    assert _headline(cmp, "output") == pytest.approx((30.0, 36.0, 6.0))
    assert _headline(cmp, "incentive") == pytest.approx((150.0, 180.0, 30.0))
    assert _headline(cmp, "import_bill") == pytest.approx((24.0, 28.8, 4.8))
    assert _headline(cmp, "output", 2028) == pytest.approx((20.0, 26.0, 6.0))
    assert _headline(cmp, "output", 2027)[2] == 0
    (plant,) = cmp.plants
    assert plant.name == "P01" and plant.status == "changed"
    assert [d.change for d in plant.deltas] == pytest.approx([6.0, 30.0])
    (origin,) = cmp.origins
    assert (origin.name, origin.sources) == ("lithium from Canada", ("CA01",))
    assert [d.change for d in origin.deltas] == pytest.approx([600.0, 4.8])


def test_changed_cells_carry_references_into_both_plans(tmp_path: Path) -> None:
    cmp = _compare(tmp_path, bigger_budget())
    plants = cmp.table(ps.PLANTS.sheet)
    assert plants is not None and plants.count("changed") == 1
    (row,) = plants.rows
    assert row.key == ("P01", 2028)
    output = next(c for c in row.changes if c.column == "output")
    assert (output.base, output.other, output.change) == (12, 18, 6)
    assert output.pct == pytest.approx(0.5)
    col = "ABCDEFGHIJK"[ps.PLANTS.names.index("output")]
    assert output.base_cell == output.other_cell == f"{col}3"


def test_rows_move_but_references_follow_them(tmp_path: Path) -> None:
    other = bigger_budget()
    other[ps.PLANTS.sheet].reverse()  # P01 2028 moves from row 3 to row 4
    (row,) = _compare(tmp_path, other).table(ps.PLANTS.sheet).rows  # type: ignore[union-attr]
    assert row.base.row_number == 3 and row.other.row_number == 4  # type: ignore[union-attr]


def test_added_plant_and_year_are_listed_as_added(tmp_path: Path) -> None:
    other = base_tables()
    other[ps.PLANTS.sheet].append({**other[ps.PLANTS.sheet][0], "plant_id": "P03", "output": 2.5})
    other[ps.YEARS.sheet].append({**other[ps.YEARS.sheet][0], "year": 2029})
    cmp = _compare(tmp_path, other)
    plants = cmp.table(ps.PLANTS.sheet)
    assert [(r.key, r.status) for r in plants.rows] == [(("P03", 2027), "added")]  # type: ignore[union-attr]
    assert [(g.name, g.status) for g in cmp.plants] == [("P03", "added")]
    assert cmp.plants[0].deltas[0].change == 2.5  # counted from nothing
    years = cmp.table(ps.YEARS.sheet)
    assert [(r.key, r.status) for r in years.rows] == [((2029,), "added")]  # type: ignore[union-attr]
    assert _headline(cmp, "output", 2029) == (None, 10, 10)


def test_removed_plant_is_listed_as_removed(tmp_path: Path) -> None:
    other = base_tables()
    other[ps.PLANTS.sheet] = [r for r in other[ps.PLANTS.sheet] if r["plant_id"] != "P02"]
    cmp = _compare(tmp_path, other)
    assert {r.status for r in cmp.table(ps.PLANTS.sheet).rows} == {"removed"}  # type: ignore[union-attr]
    assert [(g.name, g.status, g.deltas[0].change) for g in cmp.plants] == [("P02", "removed", -12)]


@pytest.mark.parametrize(
    ("tol", "same"),
    [
        (Tolerance(abs_tol=1e-3, rel_tol=0), True),  # |10.0005 - 10| = 5e-4 < 1e-3: hidden
        (Tolerance(abs_tol=1e-4, rel_tol=0), False),  # 5e-4 > 1e-4: shown
        (Tolerance(abs_tol=0, rel_tol=1e-4), True),  # 5e-4 < 1e-4 × 10.0005: hidden
        (Tolerance(abs_tol=0, rel_tol=1e-5), False),  # 5e-4 > 1e-5 × 10.0005: shown
    ],
)
def test_tolerance_hides_differences_below_it_only(
    tmp_path: Path, tol: Tolerance, same: bool
) -> None:
    other = base_tables()
    _set(other, ps.YEARS.sheet, {"year": 2027}, output=10.0005)
    cmp = _compare(tmp_path, other, tol=tol)
    assert cmp.same is same


def test_input_changes_are_matched_on_schema_keys(tmp_path: Path) -> None:
    """Supply has keys (source_id, mineral) and a column per year: a new row inserted on top moves
    CA01 from row 2 to row 3, yet only its changed 2028 cell (G2 → G3) and the new row show."""
    inputs = base_inputs()
    inputs["Supply"][1][6] = 12000
    inputs["Supply"].insert(1, ["AU01", "Australia", "imported", "lithium", 7000, 50, 50])
    inputs["Settings"][3][1] = 1566
    cmp = _compare(tmp_path, inputs=inputs)
    described = {
        (c.sheet, c.kind, c.base_cell, c.other_cell, c.column, c.base, c.other) for c in cmp.inputs
    }
    assert described == {
        ("Settings", "changed", "B4", "B4", None, 1305, 1566),
        ("Supply", "changed", "G2", "G3", "2028", 8000, 12000),
        ("Supply", "added", None, "A2:G2", None, None, None),
    }
    assert not cmp.same


def test_sheet_unknown_to_the_schema_is_descriptive(tmp_path: Path) -> None:
    """A sheet the input schema does not declare (About, Sources, notes) is never read by the
    solver: compared cell by cell, reported apart, and not enough to make the plans differ."""
    inputs = base_inputs()
    inputs["Notes"] = [["note"], ["=cheap lithium"]]
    base = write_plan(tmp_path / "base.xlsx", inputs={**base_inputs(), "Notes": [["note"], ["x"]]})
    cmp = compare_plans(base, write_plan(tmp_path / "other.xlsx", inputs=inputs))
    assert cmp.inputs == [] and cmp.same
    assert [(c.sheet, c.base_cell, c.base, c.other) for c in cmp.descriptive] == [
        ("Notes", "A2", "x", "=cheap lithium")
    ]


def test_different_sheets_and_missing_tables(tmp_path: Path) -> None:
    other = base_tables()
    del other[ps.MARGINAL.sheet]
    inputs = base_inputs()
    del inputs["Settings"]
    cmp = _compare(tmp_path, other, inputs)
    marginal = cmp.table(ps.MARGINAL.sheet)
    assert marginal is not None and marginal.missing_in == "other"
    assert [r.status for r in marginal.rows] == ["removed"]
    assert [(c.sheet, c.kind) for c in cmp.inputs] == [("Settings", "sheet removed")]


def test_text_changes_are_reported_without_a_number(tmp_path: Path) -> None:
    other = base_tables()
    _set(other, ps.PLANTS.sheet, {"plant_id": "P02", "year": 2027}, chemistry="NMC")
    (row,) = _compare(tmp_path, other).table(ps.PLANTS.sheet).rows  # type: ignore[union-attr]
    (change,) = row.changes
    assert (change.column, change.base, change.other, change.change) == (
        "chemistry",
        "LFP",
        "NMC",
        None,
    )


def test_rows_are_sorted_by_size_of_change(tmp_path: Path) -> None:
    other = copy.deepcopy(base_tables())
    _set(other, ps.PLANTS.sheet, {"plant_id": "P02", "year": 2027}, output=5.0)  # +1
    _set(other, ps.PLANTS.sheet, {"plant_id": "P01", "year": 2027}, output=9.0)  # +3
    _set(other, ps.PLANTS.sheet, {"plant_id": "P02", "year": 2028}, output=6.0)  # -2
    rows = _compare(tmp_path, other).table(ps.PLANTS.sheet).rows  # type: ignore[union-attr]
    assert [r.key for r in rows] == [("P01", 2027), ("P02", 2028), ("P02", 2027)]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (10.1999551, 10.1999567, True),  # solver noise: 1.6e-6 <= 1e-6 × 10.2 = 1.02e-5
        (10.2, 10.2001, False),  # 1e-4 > 1.02e-5: a real change
        (0.0, 9e-7, True),  # 9e-7 <= abs 1e-6
        (0.0, 2e-6, False),  # 2e-6 > abs 1e-6 (relative is 2e-12)
    ],
)
def test_default_tolerance_sits_above_solver_noise(a: float, b: float, same: bool) -> None:
    assert Tolerance().same(a, b) is same


def test_origin_tonnes_carry_the_minerals_unit(tmp_path: Path) -> None:
    """Units come from the plan's copy of the input Minerals sheet (lithium in t LCE, graphite
    in t); an origin and mineral that appears is listed as added, counted from zero."""
    other = bigger_budget()
    other[ps.MINERAL_TOTALS.sheet].append(
        {
            "mineral": "graphite",
            "origin": "China",
            "year": 2028,
            "imported": "yes",
            "flow": 500.0,
            "cost": 0.5,
        }
    )
    inputs = {
        **base_inputs(),
        "Minerals": [
            ["mineral", "unit", "max_source_share"],
            ["lithium", "t LCE", 1],
            ["graphite", "t", 1],
        ],
    }
    base = write_plan(tmp_path / "base.xlsx", inputs=inputs)
    cmp = compare_plans(base, write_plan(tmp_path / "other.xlsx", other, inputs))
    assert [(g.name, g.status, g.deltas[0].unit, g.deltas[0].change) for g in cmp.origins] == [
        ("lithium from Canada", "changed", "t LCE", 600.0),
        ("graphite from China", "added", "t", 500.0),
    ]
