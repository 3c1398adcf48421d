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
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from models.data import ModelData
from models.result import ModelSize, SolveResult, SolveStatus
from planner.errors import Issue

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
        intensity_t_per_gwh={("LFP", "Lithium"): 500, ("NMC", "Lithium"): 600,
                             ("NMC", "Nickel"): 700},
        supply_t={("S1", "Lithium", 2027): 1000, ("S1", "Lithium", 2028): 1720,
                  ("S2", "Lithium", 2028): 500, ("S1", "Nickel", 2028): 900},
        price_usd_per_t={("S1", "Lithium"): 15000, ("S1", "Nickel"): 18000,
                         ("S2", "Lithium"): 12000},
        source_imported={"S1": True, "S2": False},
        source_origin={"S1": "Australia", "S2": "India"},
        capex_musd_per_gwh={"P1": 60, P2: 70},
        incentive_rate_musd_per_gwh={("P1", 2027): 10, ("P1", 2028): 10, (P2, 2028): 5},
        award_gwh={"P1": 20, P2: 20},
        firm_cap_gwh=20,
        budget_musd=100,
    )


def hand_result() -> SolveResult:
    values = {
        "capacity_added_gwh": {("P1", 2027): 5.0, ("P1", 2028): 0.0, (P2, 2027): 0.0,
                               (P2, 2028): 4.0},
        "output_gwh": {("P1", 2027): 1.5, ("P1", 2028): 3.0, (P2, 2027): 0.0, (P2, 2028): 1.2},
        "eligible_output_gwh": {("P1", 2027): 1.5, ("P1", 2028): 3.0, (P2, 2027): 0.0,
                                (P2, 2028): 1.2},
        "mineral_flow_t": {
            ("S1", "Lithium", "P1", 2027): 750.0, ("S1", "Lithium", "P1", 2028): 1000.0,
            ("S2", "Lithium", "P1", 2028): 500.0, ("S1", "Lithium", P2, 2028): 720.0,
            ("S1", "Nickel", P2, 2028): 840.0, ("S2", "Lithium", "P1", 2027): 1e-12,
        },
    }
    duals = {
        "incentive_budget": {(): 0.0},
        "mineral_supply_limit": {("S1", "Lithium", 2028): 0.0019, ("S1", "Lithium", 2027): 0.0},
        "capacity_limit": {("P1", 2027): 0.3, ("P1", 2028): float("nan")},
    }
    units = {"mineral_supply_limit": "GWh per t", "capacity_limit": "GWh per GWh/yr",
             "incentive_budget": "GWh per USD million"}
    return SolveResult(
        status=SolveStatus.OPTIMAL, solver_message="Optimal", output_gwh=5.7, cost_musd=500.0,
        values=values, duals=duals, dual_units=units, size=ModelSize(10, 8, 20),
        build_seconds=0.01, solve_seconds=0.02, highs_version="1.16.0", pyomo_version="6.10.1",
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
    """Stands in for ``planner.load.LoadedInput`` in report tests."""

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
