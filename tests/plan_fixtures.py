"""A tiny plan built by hand (no solver): data, result and an input workbook, for report tests.

Two plants, two years, two minerals, two sources. The numbers are chosen so every table can be
checked with mental arithmetic (see the tests' docstrings):

* plant ``P1`` (firm A, LFP) adds 5 GWh/yr in 2027, makes 1.5 GWh in 2027 and 3 GWh in 2028, all
  eligible at USD 10 million/GWh → incentive 15 and 30;
* plant ``=P2`` (firm B, NMC; a formula-like id on purpose) adds 4 GWh/yr in 2028 and makes 1.2 GWh,
  all eligible at USD 5 million/GWh → incentive 6;
* source ``S1`` (Australia, imported) sells Lithium at 15,000 USD/t and Nickel at 18,000 USD/t;
  ``S2`` (India, domestic) sells Lithium at 12,000 USD/t.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from models.data import ModelData, one_award_per_plant
from models.result import ModelSize, SolveResult, SolveStatus
from planner.errors import Issue
from planner.plan import schema as ps

P2 = "=P2"
FX = 87.0


def hand_data() -> ModelData:
    return ModelData(
        plants=(P2, "P1"),  # sorted: "=" sorts before "P"
        years=(2027, 2028),
        minerals=("Lithium", "Nickel"),
        sources=("S1", "S2"),
        plant_firm={"P1": "A", P2: "B"},
        plant_chemistry={"P1": "LFP", P2: "NMC"},
        online_year={"P1": 2027, P2: 2028},
        permitted_capacity_gwh={("P1", 2027): 5, ("P1", 2028): 5, (P2, 2028): 4},
        ramp_factor=(0.3, 0.6, 1.0),
        scrap_share=(0.0,),
        intensity_t_per_gwh={
            ("LFP", "Lithium"): 500,
            ("NMC", "Lithium"): 600,
            ("NMC", "Nickel"): 700,
        },
        supply_t={
            ("S1", "Lithium", 2027): 1000,
            ("S1", "Lithium", 2028): 1720,
            ("S2", "Lithium", 2028): 500,
            ("S1", "Nickel", 2028): 900,
        },
        price_usd_per_t={
            ("S1", "Lithium"): 15000,
            ("S1", "Nickel"): 18000,
            ("S2", "Lithium"): 12000,
        },
        source_imported={"S1": True, "S2": False},
        source_origin={"S1": "Australia", "S2": "India"},
        capex_musd_per_gwh={"P1": 60, P2: 70},
        firm_cap_gwh=20,
        **one_award_per_plant(
            {"P1": "A", P2: "B"},
            {("P1", 2027): 10, ("P1", 2028): 10, (P2, 2028): 5},
            {"P1": 20, P2: 20},
        ),
        budget_musd=100,
    )


def hand_result() -> SolveResult:
    values = {
        "capacity_added_gwh": {
            ("P1", 2027): 5.0,
            ("P1", 2028): 0.0,
            (P2, 2027): 0.0,
            (P2, 2028): 4.0,
        },
        "output_gwh": {("P1", 2027): 1.5, ("P1", 2028): 3.0, (P2, 2027): 0.0, (P2, 2028): 1.2},
        "award_eligible_gwh": {("P1", 2027): 1.5, ("P1", 2028): 3.0, (P2, 2028): 1.2},
        "award_paid_musd": {("P1", 2027): 15.0, ("P1", 2028): 30.0, (P2, 2028): 6.0},
        "mineral_flow_t": {
            ("S1", "Lithium", "P1", 2027): 750.0,
            ("S1", "Lithium", "P1", 2028): 1000.0,
            ("S2", "Lithium", "P1", 2028): 500.0,
            ("S1", "Lithium", P2, 2028): 720.0,
            ("S1", "Nickel", P2, 2028): 840.0,
            ("S2", "Lithium", "P1", 2027): 1e-12,
        },
    }
    duals = {
        "incentive_budget": {(): 0.0},
        "mineral_supply_limit": {("S1", "Lithium", 2028): 0.0019, ("S1", "Lithium", 2027): 0.0},
        "capacity_limit": {("P1", 2027): 0.3, ("P1", 2028): float("nan")},
    }
    units = {
        "mineral_supply_limit": "GWh per t",
        "capacity_limit": "GWh per GWh/yr",
        "incentive_budget": "GWh per USD million",
    }
    return SolveResult(
        status=SolveStatus.OPTIMAL,
        solver_message="Optimal",
        output_gwh=5.7,
        cost_musd=500.0,
        values=values,
        duals=duals,
        dual_units=units,
        size=ModelSize(10, 8, 20),
        build_seconds=0.01,
        solve_seconds=0.02,
        highs_version="1.16.0",
        pyomo_version="6.10.1",
    )


def write_input_workbook(path: Path) -> Path:
    """A small input-like workbook: values at odd places, formula-like text, a unicode name."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Settings"
    ws["A1"], ws["B1"] = "scenario", "hand"
    ws["A2"], ws["B2"] = "fx_rs_per_usd", 87
    plants = wb.create_sheet("Plants")
    plants.append(["plant_id", "firm", "state"])
    plants.append(["P1", "A", "Tamil Nadu"])
    plants.append(["P2", "+B", "Gujarāt"])
    plants["D7"] = 1.25
    plants["C9"] = "@note"
    plants["A10"] = "=P2"
    plants["A10"].data_type = "s"
    wb.save(path)
    return path


@dataclass
class HandInput:
    """Stands in for ``planner.workbook.load.LoadedInput`` in report tests."""

    path: Path
    sha256: str
    data: ModelData
    fx_rs_per_usd: float = FX
    scenario: str = "hand"
    warnings: list[Issue] = field(default_factory=list)


def hand_input(folder: Path) -> HandInput:
    path = write_input_workbook(folder / "hand_input.xlsx")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return HandInput(path, digest, hand_data())


# --------------------------------------------------------------------------- reading a plan back

TOL = 1e-6


def _close_or_below(value: float, limit: float) -> bool:
    return value <= limit + TOL * max(1.0, abs(limit))


def plan_table(wb: Any, sheet: str) -> list[dict[str, Any]]:
    """Rows of a plan table by column name (headers mapped back through the plan schema)."""
    spec = next(t for t in ps.TABLES if t.sheet == sheet)
    values = list(wb[sheet].iter_rows(values_only=True))
    names = [spec.header_to_name().get(h, h) for h in values[0]]
    return [dict(zip(names, row, strict=True)) for row in values[1:]]


def input_table(wb: Any, sheet: str) -> list[dict[Any, Any]]:
    """Rows of an input copy (``In <sheet>``) keyed by its row-1 headers without their units
    (``capex_musd_per_gwh (USD M/GWh)`` → ``capex_musd_per_gwh``; years as ints)."""
    from planner.workbook.layout import as_year
    from planner.workbook.spec import split_header

    values = list(wb[ps.INPUT_SHEET_PREFIX + sheet].iter_rows(values_only=True))
    names = [split_header(v)[0] if isinstance(v, str) else v for v in values[0]]
    head = [as_year(n) or n for n in names]
    return [
        dict(zip(head, row, strict=False)) for row in values[1:] if any(v is not None for v in row)
    ]


def input_setting(wb: Any, name: str) -> Any:
    rows = wb[ps.INPUT_SHEET_PREFIX + "Settings"].iter_rows(max_col=2, values_only=True)
    return next(value for label, value in rows if label == name)


def summary_value(wb: Any, key: str) -> Any:
    label = ps.SUMMARY_LABELS[key]
    rows = wb[ps.SUMMARY_SHEET].iter_rows(max_col=2, values_only=True)
    return next(value for text, value in rows if text == label)


def check_plan_consistent(path: Path) -> None:
    """Assert that a plan agrees with the input copied into it (read back with openpyxl only)."""
    _check_no_formulas_or_non_finite(path)
    wb = load_workbook(path)
    plants = plan_table(wb, ps.PLANTS.sheet)
    flows = plan_table(wb, ps.FLOWS.sheet)
    _check_incentive(wb, plants)
    _check_capacity(wb, plants)
    _check_supply(wb, flows)
    _check_mineral_balance(wb, plants, flows)
    _check_totals(wb, plants, flows)


def _check_no_formulas_or_non_finite(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets
    for xml in sheets:
        assert not re.search(rb"<f[ >]", xml), "a plan holds no formulas"
        assert not re.search(rb"<v>(nan|inf|-inf|NaN|INF)</v>", xml), "no NaN or infinity"


def _check_incentive(wb: Any, plants: list[dict[str, Any]]) -> None:
    paid = sum(r["incentive"] for r in plants)
    assert abs(paid - summary_value(wb, "incentive_musd")) <= TOL * max(1.0, paid)
    assert _close_or_below(paid, summary_value(wb, "budget_musd"))
    paid_rs = sum(r["incentive_rs"] for r in plants)
    assert _close_or_below(paid_rs, input_setting(wb, "budget_rs_crore"))
    for r in plants:
        assert _close_or_below(r["eligible_output"], r["output"]), r


def _check_capacity(wb: Any, plants: list[dict[str, Any]]) -> None:
    permitted = {
        (r["plant_id"], y): v
        for r in input_table(wb, "Capacity")
        for y, v in r.items()
        if isinstance(y, int)
    }
    for r in plants:
        assert _close_or_below(r["capacity"], permitted.get((r["plant_id"], r["year"]), 0.0)), r
        assert _close_or_below(r["output"], r["capacity"]), r


def _check_supply(wb: Any, flows: list[dict[str, Any]]) -> None:
    supply = {
        (r["source_id"], r["mineral"], y): v or 0.0
        for r in input_table(wb, "Supply")
        for y, v in r.items()
        if isinstance(y, int)
    }
    # A processing route delivers at most yield × capacity of its product.
    routes = (
        input_table(wb, "Processing")
        if ps.INPUT_SHEET_PREFIX + "Processing" in wb.sheetnames
        else []
    )
    for r in routes:
        for y, v in r.items():
            if isinstance(y, int):
                supply[(r["route_id"], r["product"], y)] = r["yield_t_per_t"] * (v or 0.0)
    used: dict[tuple, float] = defaultdict(float)
    for r in flows:
        used[(r["source_id"], r["mineral"], r["year"])] += r["flow"]
    assert used, "a plan with output uses some minerals"
    for key, tonnes in used.items():
        assert _close_or_below(tonnes, supply.get(key, 0.0)), (key, tonnes)


def _check_mineral_balance(
    wb: Any, plants: list[dict[str, Any]], flows: list[dict[str, Any]]
) -> None:
    """Σ flows to a plant ≥ t/GWh × (1 + scrap share at the plant's age) × output."""
    info = {r["plant_id"]: r for r in input_table(wb, "Plants")}
    intensity = {
        (r["chemistry"], r["mineral"]): r["t_per_gwh"] for r in input_table(wb, "Intensity")
    }
    scrap = [r["scrap_share"] for r in sorted(input_table(wb, "Ramp"), key=lambda r: r["age"])]
    got: dict[tuple, float] = defaultdict(float)
    for r in flows:
        got[(r["plant_id"], r["mineral"], r["year"])] += r["flow"]
    start = {p: v["online_year"] for p, v in info.items()}
    if ps.INPUT_SHEET_PREFIX + "Existing" in wb.sheetnames:  # age counts from the oldest block
        for e in input_table(wb, "Existing"):
            start[e["plant_id"]] = min(start[e["plant_id"]], e["installed_year"])
    for r in plants:
        plant = info[r["plant_id"]]
        age = r["year"] - start[r["plant_id"]] + 1
        if age < 1:
            assert r["output"] == 0, r
            continue
        share = scrap[min(age, len(scrap)) - 1]
        for (chem, mineral), t_per_gwh in intensity.items():
            if chem == plant["chemistry"]:
                need = t_per_gwh * (1 + share) * r["output"]
                assert _close_or_below(need, got[(r["plant_id"], mineral, r["year"])]), r


def _check_totals(wb: Any, plants: list[dict[str, Any]], flows: list[dict[str, Any]]) -> None:
    years = plan_table(wb, ps.YEARS.sheet)
    for y in years:
        made = sum(r["output"] for r in plants if r["year"] == y["year"])
        assert abs(made - y["output"]) <= TOL * max(1.0, made)
    by_origin: dict[tuple, float] = defaultdict(float)
    for r in flows:
        by_origin[(r["mineral"], r["origin"], r["year"])] += r["flow"]
    for t in plan_table(wb, ps.MINERAL_TOTALS.sheet):
        total = by_origin[(t["mineral"], t["origin"], t["year"])]
        assert abs(total - t["flow"]) <= TOL * max(1.0, total)
        assert _close_or_below(t["flow"], t["supply"])
