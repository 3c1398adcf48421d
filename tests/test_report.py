"""The plan workbook written from a hand-built result (no solver), read back with openpyxl.

Golden numbers come from the hand-built case in :mod:`tests.plan_fixtures`; the arithmetic is in
each test's docstring.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.plan import schema as ps
from planner.plan.write import RunInfo, write_plan
from tests.plan_fixtures import hand_input, hand_result

RUN = RunInfo(run_time=dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC), timings={"reading": 0.1})


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    out = tmp_path / "plan.xlsx"
    write_plan(out, hand_input(tmp_path), hand_result(), RUN)
    return out


def rows_of(path: Path, sheet: str) -> list[dict[str, object]]:
    """Table rows by column name, mapping headers back through the plan schema."""
    spec = next(t for t in ps.TABLES if t.sheet == sheet)
    ws = load_workbook(path)[sheet]
    values = list(ws.iter_rows(values_only=True))
    names = [spec.header_to_name()[h] for h in values[0]]
    return [dict(zip(names, row, strict=True)) for row in values[1:]]


def labelled(path: Path) -> dict[str, object]:
    ws = load_workbook(path)[ps.SUMMARY_SHEET]
    return {r[0]: r[1] for r in ws.iter_rows(max_col=2, values_only=True) if isinstance(r[0], str)}


def test_every_sheet_in_order(plan: Path) -> None:
    assert load_workbook(plan).sheetnames == [
        "Summary",
        "Years",
        "Plants",
        "Awards",
        "Candidates",
        "Minerals",
        "Mineral totals",
        "Origin groups",
        "Offtake",
        "Processing",
        "Recycling",
        "Magnets",
        "Mineral values",
        "Marginal values",
        "Charts",
        "In Settings",
        "In Plants",
    ]


def test_plants_table(plan: Path) -> None:
    """P1 2028: capacity 5 + 0 = 5; output 3; incentive 10 × 3 = 30 USD m = 30 × 87 / 10 = 261
    Rs crore; utilisation 3 / 5 = 0.6. =P2 2027 has no capacity, so utilisation is empty."""
    rows = {(r["plant_id"], r["year"]): r for r in rows_of(plan, "Plants")}
    p1 = rows[("P1", 2028)]
    assert (p1["capacity"], p1["output"], p1["incentive"]) == (5, 3, 30)
    assert p1["incentive_rs"] == pytest.approx(261)
    assert p1["utilisation"] == pytest.approx(0.6)
    assert rows[("=P2", 2027)]["utilisation"] is None
    assert rows[("=P2", 2028)]["incentive"] == pytest.approx(6)  # 5 × 1.2


def test_years_table(plan: Path) -> None:
    """2028 import bill: S1 lithium (1000 + 720) t × 15,000 = 25.8 plus S1 nickel 840 × 18,000 =
    15.12 → 40.92 USD m; all purchases add S2's 500 × 12,000 = 6 → 46.92. Incentive 30 + 6 = 36."""
    y = {r["year"]: r for r in rows_of(plan, "Years")}
    assert y[2028]["import_bill"] == pytest.approx(40.92)
    assert y[2028]["mineral_cost"] == pytest.approx(46.92)
    assert y[2028]["incentive"] == pytest.approx(36)
    assert y[2027]["output"] == pytest.approx(1.5)


def test_flows_and_mineral_totals(plan: Path) -> None:
    """A 1e-12 t flow is noise and is left out; S1 lithium 2028 uses all 1,720 t it offers."""
    flows = rows_of(plan, "Minerals")
    assert len(flows) == 5
    assert all(r["flow"] > 0 for r in flows)
    totals = {(r["mineral"], r["origin"], r["year"]): r for r in rows_of(plan, "Mineral totals")}
    aus = totals[("Lithium", "Australia", 2028)]
    assert (aus["flow"], aus["supply"], aus["imported"]) == (1720, 1720, "yes")
    assert totals[("Lithium", "India", 2028)]["imported"] == "no"


def test_summary_headline_and_run_block(plan: Path) -> None:
    """Incentive 15 + 30 + 6 = 51 USD m of 100 → 443.7 Rs crore of 870; imports 11.25 + 40.92."""
    s = labelled(plan)
    assert s[ps.SUMMARY_LABELS["incentive_musd"]] == pytest.approx(51)
    assert s[ps.SUMMARY_LABELS["budget_musd"]] == pytest.approx(100)
    assert s[ps.SUMMARY_LABELS["incentive_rs"]] == pytest.approx(443.7)
    assert s[ps.SUMMARY_LABELS["budget_rs"]] == pytest.approx(870)
    assert s[ps.SUMMARY_LABELS["import_bill"]] == pytest.approx(52.17)
    assert s[ps.SUMMARY_LABELS["total_output"]] == pytest.approx(5.7)
    assert s[ps.RUN_LABELS["format"]] == ps.PLAN_FORMAT
    assert s[ps.RUN_LABELS["input_file"]] == "hand_input.xlsx"
    assert re.fullmatch(r"[0-9a-f]{64}", s[ps.RUN_LABELS["input_sha256"]])
    assert s[ps.RUN_LABELS["status"]] == "optimal"
    assert s[ps.RUN_LABELS["run_time"]].startswith("2026-11-25 12:00:00 UTC")


def test_marginal_values_in_words(plan: Path) -> None:
    """Zero and NaN duals are left out; the two non-zero ones are explained."""
    rows = rows_of(plan, "Marginal values")
    assert [(r["constraint"], r["index"]) for r in rows] == [
        ("mineral_supply_limit", "S1, Lithium, 2028"),
        ("capacity_limit", "P1, 2027"),
    ]
    # 0.0019 GWh per t is 1.9 GWh per 1,000 t, in the input's blocks of the mineral's unit
    assert rows[0]["meaning"] == (
        "One more 1,000 t of Lithium from Australia (S1) in 2028 would "
        "add 1.9 GWh of cells to total output."
    )
    assert rows[0]["per"] == "1,000 t"
    assert rows[0]["value"] == pytest.approx(1.9)


def test_formula_like_text_is_text_and_no_formulas_anywhere(plan: Path) -> None:
    wb = load_workbook(plan)
    cell = wb["Plants"]["A2"]
    assert cell.value == "=P2" and cell.data_type == "s"
    assert wb["In Plants"]["B3"].value == "+B"
    with zipfile.ZipFile(plan) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(re.search(rb"<f[ >]", xml) for xml in sheets)
    assert not any(re.search(rb">(nan|inf|-inf|NaN)<", xml) for xml in sheets)


def test_input_copied_cell_for_cell(plan: Path) -> None:
    ws = load_workbook(plan)["In Plants"]
    assert (ws["A1"].value, ws["C3"].value, ws["D7"].value) == ("plant_id", "Gujarāt", 1.25)
    assert (ws["C9"].value, ws["A10"].value) == ("@note", "=P2")
    assert load_workbook(plan)["In Settings"]["B2"].value == 87


def test_tables_have_bold_frozen_filtered_headers_and_formats(plan: Path) -> None:
    ws = load_workbook(plan)["Plants"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M5"  # 13 columns: A … M
    assert ws["A1"].font.bold
    assert ws["G1"].value == "output (GWh)" and ws["G3"].number_format == ps.GWH
    assert ws.column_dimensions["A"].width >= 8


def test_native_charts(plan: Path) -> None:
    """The Summary's incentive-by-plant chart; one output chart and one per mineral used
    (Lithium, Nickel) on the Charts sheet."""
    with zipfile.ZipFile(plan) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 4


def test_nan_value_becomes_an_empty_cell(tmp_path: Path) -> None:
    result = hand_result()
    result.values["output_gwh"][("P1", 2027)] = float("nan")  # type: ignore[index]
    out = tmp_path / "nan.xlsx"
    write_plan(out, hand_input(tmp_path), result, RUN)
    rows = {(r["plant_id"], r["year"]): r for r in rows_of(out, "Plants")}
    assert rows[("P1", 2027)]["output"] is None


def test_chart_pivot_lumps_small_series_together() -> None:
    """30 plants making 1..30 GWh: the 24 largest (7..30) get columns, 1..6 sum to 21."""
    from planner.plan.charts import MAX_SERIES, _pivot

    rows = [{"year": 2030, "plant_id": f"P{n:02d}", "output": float(n)} for n in range(1, 31)]
    names, grid = _pivot(rows, [2030], "plant_id", "output")
    assert len(names) == MAX_SERIES + 1 == 25
    assert names[-1] == "all others (6)" and grid[0][-1] == 21
    assert names[0] == "P07" and sum(grid[0]) == 465


def test_input_warnings_are_listed_on_the_summary(tmp_path: Path) -> None:
    from planner.errors import Issue

    source = hand_input(tmp_path)
    source.warnings = [
        Issue(
            "extra-column", "Plants!L1", "unknown column 'notes' was ignored.", severity="warning"
        )
    ]
    out = tmp_path / "warned.xlsx"
    write_plan(out, source, hand_result(), RUN)
    assert labelled(out)["Plants!L1"] == "unknown column 'notes' was ignored."


def test_float_noise_is_not_written(tmp_path: Path) -> None:
    """0.1 + 0.2 is 0.30000000000000004 in floating point; the plan holds 0.3, which Excel shows
    as such in the formula bar. The Years total for 2027 is 0.3 + 0 (=P2 makes nothing) = 0.3."""
    result = hand_result()
    result.values["output_gwh"][("P1", 2027)] = 0.1 + 0.2  # type: ignore[index]
    out = tmp_path / "noise.xlsx"
    write_plan(out, hand_input(tmp_path), result, RUN)
    rows = {(r["plant_id"], r["year"]): r for r in rows_of(out, "Plants")}
    assert rows[("P1", 2027)]["output"] == 0.3
    assert {r["year"]: r for r in rows_of(out, "Years")}[2027]["output"] == 0.3


def test_every_sheet_prints_one_page_wide(plan: Path) -> None:
    wb = load_workbook(plan)
    for ws in wb:
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        tall = 2 if ws.title == ps.SUMMARY_SHEET else 0  # the Summary: two pages at most
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, tall), ws.title
    assert wb["Plants"].print_title_rows == "$1:$1"


def test_long_headers_wrap_instead_of_widening_columns(plan: Path) -> None:
    """'incentive (USD million)' is 23 characters; it wraps after 'incentive' and its column is
    sized for '(USD million)' (13) plus 2, not for the whole header."""
    ws = load_workbook(plan)["Plants"]
    assert ws["I1"].value == "incentive (USD million)" and ws["I1"].alignment.wrap_text
    assert ws.column_dimensions["I"].width == 15
    assert ws.row_dimensions[1].height == 30


def test_chart_axes_are_shown(plan: Path) -> None:
    """Without an explicit <c:delete val="0"/> Excel hides the axes of openpyxl 3.1 charts."""
    with zipfile.ZipFile(plan) as z:
        xml = [z.read(f"xl/charts/chart{n}.xml").decode() for n in (1, 2)]
    assert all(x.count('<delete val="0"') == 2 for x in xml)
    assert "Output by plant and year (GWh)" in "".join(xml)


def test_chart_pivot_sums_carry_no_float_noise() -> None:
    """Two rows of P1 in 2030 (0.1 and 0.2 GWh) sum to 0.30000000000000004 in floating point;
    the chart's table holds 0.3."""
    from planner.plan.charts import _pivot

    rows = [
        {"year": 2030, "plant_id": "P1", "output": 0.1},
        {"year": 2030, "plant_id": "P1", "output": 0.2},
    ]
    assert _pivot(rows, [2030], "plant_id", "output") == (["P1"], [[0.3]])


def test_negative_dual_reads_as_a_loss_and_bookkeeping_rows_are_left_out() -> None:
    """A binding minimum costs output; a helper row's dual restates others and is not shown; a
    row before the plant comes online (P1: 2027) is a limit no input can move, and not shown."""
    from models.result import SolveResult, SolveStatus
    from planner.plan.duals import marginal_rows
    from tests.plan_fixtures import hand_data

    result = SolveResult(
        SolveStatus.OPTIMAL,
        "ok",
        output_gwh=1.0,
        duals={
            "min_output": {("P1", 2027): -0.5, ("P1", 2026): -0.25},
            "mineral_use_balance": {("Lithium", 2026): 0.25},
        },
    )
    rows = marginal_rows(hand_data(), result)
    assert [r.constraint for r in rows] == ["min_output"]
    assert rows[0].meaning == (
        "One more GWh of minimum output required at P1 in 2027 would "
        "reduce total output by 0.5 GWh of cells."
    )
    assert rows[0].valid_from is None  # not ranged: no range is claimed


def test_summary_says_what_incentive_owed_means(plan: Path) -> None:
    """The figure is what the scheme owes on the plan's output, and the budget limits it."""
    from planner.plan.sheets import INCENTIVE_NOTE

    wb = load_workbook(plan)
    texts = [c.value for row in wb[ps.SUMMARY_SHEET].iter_rows() for c in row]
    assert INCENTIVE_NOTE in texts and "owes" in INCENTIVE_NOTE and "budget" in INCENTIVE_NOTE


def test_range_sentences_say_where_a_value_holds() -> None:
    """A ranged limit states its range in the input's units; a degenerate one (the solver's
    dual held for a cut only) says in one sentence that the value holds for rises only; a
    requirement that cannot rise says so instead of giving a number."""
    from models.ranging import LimitRange
    from planner.plan.limits import range_sentence, scale_for
    from tests.plan_fixtures import hand_data

    budget = scale_for("GWh per USD million", (), hand_data(), 87.0)
    assert budget.per == "Rs 100 crore"
    # USD 48.28 million = Rs 420 crore at 87 Rs/USD (× 87 / 10); USD 112.64 million = Rs 980 crore
    r = LimitRange(
        at=80.0, per_unit=0.2, low=48.275862, high=112.643678, output_low=9.7, output_high=22.5
    )
    assert range_sentence(budget, r) == (
        "Holds while the limit is between Rs 420 crore and Rs 980 crore (now Rs 696 crore); "
        "total output there: 9.7 and 22.5 GWh."
    )
    kink = LimitRange(
        at=10.0,
        per_unit=0.0,
        low=10.0,
        high=float("inf"),
        output_low=5.0,
        output_high=5.0,
        kink=True,
    )
    capacity = scale_for("GWh per GWh/yr", ("P1", 2027), hand_data(), 87.0)
    assert range_sentence(capacity, kink) == (
        "Holds for any rise from 10 GWh/yr. It holds for rises only: at the current value another "
        "limit starts to bind, so a cut would cost more per unit."
    )
    stuck = LimitRange(at=3.0, per_unit=None, low=3.0, high=3.0, output_low=5.0, output_high=0.0)
    assert range_sentence(capacity, stuck) == (
        "Raising this limit from 3 GWh/yr would leave no feasible plan."
    )


def test_range_below_zero_is_stated_from_zero_and_a_narrow_range_is_a_rate() -> None:
    """A supply limit at 0 t whose LP range runs from -3,435 t to 1,069 t at 0.9762 GWh per
    1,000 t: no one can type a negative limit, so the range is stated from 0 t, with output
    there 497.4 + 3.435 × 0.9762 = 500.753 GWh (the current output). It holds for 1,069 t, more
    than one 1,000 t block: no rate sentence. A budget whose value holds for only Rs 3.763 crore
    more is less than one Rs 100 crore block, so the sentence says it is a rate."""
    from models.ranging import LimitRange
    from planner.plan.limits import range_sentence, scale_for
    from tests.plan_fixtures import hand_data

    tonnes = scale_for("GWh per t", (), hand_data(), 87.0)
    r = LimitRange(
        at=0.0, per_unit=0.0009762, low=-3435.0, high=1069.0, output_low=497.4, output_high=501.8
    )
    assert range_sentence(tonnes, r) == (
        "Holds from 0 t up to 1,069 t, where total output would be 501.8 GWh."
    )
    from planner.plan.duals import _binding

    row = _binding(hand_data(), "mineral_supply_limit", ("S", "Li", 2026), 0.0009762, tonnes, r)
    assert row.valid_from == 0.0  # the Marginal values sheet agrees with the sentence
    assert row.output_from == pytest.approx(497.4 + 3435 * 0.0009762)
    budget = scale_for("GWh per USD million", (), hand_data(), 87.0)
    # Rs 3.763 crore = USD 0.4325 million at 87 Rs/USD
    narrow = LimitRange(
        at=0.0, per_unit=3.857, low=0.0, high=0.4325, output_low=500.3, output_high=502.0
    )
    sentence = range_sentence(budget, narrow)
    assert sentence.startswith("Holds from Rs 0 crore up to Rs 3.763 crore")
    assert sentence.endswith(
        "That is a rate: it holds for less than Rs 100 crore more, so a whole Rs 100 crore "
        "buys less."
    )
    capacity = scale_for("GWh per GWh/yr", ("P1", 2027), hand_data(), 87.0)
    short = LimitRange(
        at=4.0, per_unit=1.895, low=4.0, high=4.389, output_low=500.8, output_high=501.5
    )
    assert range_sentence(capacity, short).endswith(
        "That is a rate: it holds for less than one GWh/yr more, so a whole GWh/yr buys less."
    )


def test_one_more_tonne_lists_only_minerals_that_buy_something() -> None:
    """Lithium's supply binds at 0.9762 GWh per 1,000 t, Graphite's at 0 (no plant needs more):
    the Summary says what one more 1,000 t of Lithium buys and nothing about Graphite; with only
    the zero row left it says that no mineral supply binds."""
    from planner.plan.answers import one_more_lines
    from planner.plan.duals import Binding
    from tests.plan_fixtures import hand_data

    data = hand_data()
    mineral = data.minerals[0]
    source = next(s for s, k in data.price_usd_per_t if k == mineral)
    year = data.years[-1]
    worth = Binding("mineral_supply_limit", (source, mineral, year), 0.9762, "t", "a")
    nothing = Binding("mineral_supply_limit", (source, "Graphite", year), 0.0, "t", "b")
    lines = one_more_lines(data, [worth, nothing], 87.0)
    assert len(lines) == 2 and "0.9762" in lines[1] and "Graphite" not in " ".join(lines)
    lines = one_more_lines(data, [nothing], 87.0)
    assert lines[1] == "No mineral supply binds: one more 1,000 t of any mineral would add nothing."


def test_plants_sheet_has_claimable_incentive(plan: Path) -> None:
    """In the hand plan eligible = output ≤ award 20, so claimable = incentive paid:
    P1 2028: 10 USD m/GWh × min(3, 20) = 30 USD m."""
    rows = {(r["plant_id"], r["year"]): r for r in rows_of(plan, "Plants")}
    assert rows[("P1", 2028)]["claimable"] == pytest.approx(30)
    assert labelled(plan)[ps.SUMMARY_LABELS["claimable_musd"]] == pytest.approx(
        sum(r["claimable"] for r in rows.values())
    )


def test_headlines_lead_with_what_one_more_block_buys() -> None:
    """Rows of a family are led by the largest gain for a rise; a rise that leaves no plan
    (NaN) comes last."""
    from planner.plan.duals import Binding, top_by_family

    rows = [
        Binding("capacity_limit", ("P1", 2027), 0.0, "GWh/yr", "a"),
        Binding("capacity_limit", ("P2", 2027), 0.6, "GWh/yr", "b"),
        Binding("capacity_limit", ("P3", 2027), float("nan"), "GWh/yr", "c"),
    ]
    assert [b.meaning for b in top_by_family(rows, 3)] == ["b", "a", "c"]


def test_mineral_rows_carry_the_minerals_own_unit() -> None:
    """Tonnes of lithium are t LCE (Minerals sheet), not plain t: each flow and total says so;
    a mineral with no unit given reads 't'."""
    from dataclasses import replace

    from planner.plan.tables import flow_rows, mineral_total_rows
    from tests.plan_fixtures import hand_data

    data = replace(hand_data(), mineral_unit={"Lithium": "t LCE"})
    flows = flow_rows(data, hand_result())
    assert {(r["mineral"], r["unit"]) for r in flows} == {("Lithium", "t LCE"), ("Nickel", "t")}
    totals = mineral_total_rows(data, flows)
    assert {(r["mineral"], r["unit"]) for r in totals} == {("Lithium", "t LCE"), ("Nickel", "t")}
