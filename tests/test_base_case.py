"""The illustrative base case (inputs/acc_base.xlsx): valid, in step with its build script, and
converted to the model's data as computed by hand from the domain brief §7."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.workbook.load import load_input, validate_file
from tests.conftest import INPUTS, input_script

BASE = INPUTS / "acc_base.xlsx"
WORKBOOKS = sorted(INPUTS.glob("*.xlsx"))


@pytest.fixture(scope="module")
def base():
    return load_input(BASE)


def test_inputs_folder_has_workbooks() -> None:
    assert BASE in WORKBOOKS


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_input_workbook_validates(path: Path) -> None:
    assert [i for i in validate_file(path) if i.is_error] == []


def test_base_case_is_formula_free_and_marked_illustrative() -> None:
    with zipfile.ZipFile(BASE) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    wb = load_workbook(BASE)
    assert "ILLUSTRATIVE" in wb["About"]["A1"].value
    sources = {row[0] for row in wb["Sources"].iter_rows(min_row=2, values_only=True)}
    for sheet in (
        "Settings",
        "DVA",
        "Plants",
        "Capacity",
        "Ramp",
        "Chemistries",
        "Intensity",
        "Minerals",
        "Supply",
    ):
        assert sheet in sources, f"no Sources row for {sheet}"


def test_sets_and_scheme_rules(base) -> None:
    data = base.data
    assert data.years == tuple(range(2026, 2033))
    assert len(data.plants) == 10 and len(data.minerals) == 8 and len(data.sources) == 11
    assert data.firm_cap_gwh == 20.0
    assert base.fx_rs_per_usd == 87.0
    # Rs 18,100 crore × 10^7 / 87 Rs/USD / 10^6 = USD 2,080.46 million
    assert data.budget_musd == pytest.approx(18100 * 10 / 87)
    # Late-2026 status: four agreements, 40 of 50 GWh; Reliance's two on one plant (P02).
    assert data.award_gwh == {"R1-OLA": 20, "R1-RIL": 5, "R1-ACC": 5, "R2-RIL": 10}
    assert data.award_plant["R1-RIL"] == data.award_plant["R2-RIL"] == "P02"
    assert data.award_order["R1-RIL"] < data.award_order["R2-RIL"]
    assert data.candidate_gwh == {"C-ACME": (5, 10), "C-LMFP": (5, 10)}
    assert data.scheme_capacity_gwh == 50
    # Outlay ceilings: Rs 3,620 crore for round 2 → 3,620 × 10 / 87 USD million.
    assert data.award_ceiling_musd["R2-RIL"] == pytest.approx(36200 / 87)


def test_incentive_rates_by_hand(base) -> None:
    rate = base.data.award_rate_musd_per_gwh
    # R1-OLA (NMC811, bid 1,700, window 2025-29, DVA sheet 0.25, 0.25, 0.25, 0.60, 0.60):
    # 2029 is performance year 5: min(1,700 × 0.60, 0.20 × 75 × 87) = min(1,020, 1,305) Rs/kWh.
    assert rate[("R1-OLA", 2029)] == pytest.approx(1020 / 87)
    # 2026 is performance year 2, DVA 0.25: 1,700 × 0.25 = 425 Rs/kWh.
    assert rate[("R1-OLA", 2026)] == pytest.approx(425 / 87)
    assert ("R1-OLA", 2030) not in rate
    # Reliance keeps two windows: R1-RIL (bid 1,600) earns 2025-29, R2-RIL 2027-31.
    assert rate[("R1-RIL", 2027)] == pytest.approx(400 / 87)
    assert ("R1-RIL", 2030) not in rate and ("R2-RIL", 2026) not in rate
    # R2-RIL's own path: 2030 is performance year 4, DVA 0.425: 1,600 × 0.425 = 680 Rs/kWh
    # (cap 0.20 × 60 × 87 = 1,044); 2031, year 5: 1,600 × 0.60 = 960.
    assert rate[("R2-RIL", 2030)] == pytest.approx(680 / 87)
    assert rate[("R2-RIL", 2031)] == pytest.approx(960 / 87)
    # C-ACME (LFP, bid 1,200, window 2029-33): 2032 is year 4, DVA 0.60: 720 Rs/kWh.
    assert rate[("C-ACME", 2032)] == pytest.approx(720 / 87)


def test_penalties_by_hand(base) -> None:
    """0.1 % a day of the security: R1-RIL Rs 50 crore → Rs 0.05 crore a day, 18.25 a year;
    2025's 18.25 accrued before the horizon; of the security 50 − 18.25 = 31.75 is left:
    2026 takes 18.25, 2027 the last 13.5. Ola: Rs 125 crore → 45.625 a year, then 33.75."""
    data, crore = base.data, 10 / 87
    assert data.award_penalty_carried_musd["R1-RIL"] == pytest.approx(18.25 * crore)
    assert data.award_penalty_musd[("R1-RIL", 2026)] == pytest.approx(18.25 * crore)
    assert data.award_penalty_musd[("R1-RIL", 2027)] == pytest.approx(13.5 * crore)
    assert ("R1-RIL", 2028) not in data.award_penalty_musd
    assert data.award_penalty_musd[("R1-OLA", 2027)] == pytest.approx(33.75 * crore)
    assert data.award_milestone_gwh["R1-OLA"] == 5
    assert "R2-RIL" not in data.award_milestone_gwh


def test_supply_interpolation_and_totals(base) -> None:
    supply = base.data.supply_t
    # S01 lithium: 12,000 (2026) → 20,000 (2029): 2027 = 12,000 + 8,000 / 3 = 14,666.7 → 14,667.
    assert supply[("S01", "Lithium", 2027)] == 14667
    # S08 graphite: 70,000 (2029) → 60,000 (2032): 2031 = 70,000 − 2 × 10,000 / 3 → 63,333.
    assert supply[("S08", "Graphite", 2031)] == 63333
    # Brief §7.4 sanity check: 2032 lithium 71 kt, graphite 125 kt, of which S07's 50 kt now
    # comes as flake (50,000 / 0.70 = 71,429 t) through the Indian route R01.
    for mineral, total in (("Lithium", 71000), ("Graphite", 75000), ("Flake graphite", 71429)):
        assert sum(v for (s, k, y), v in supply.items() if k == mineral and y == 2032) == total
    # Late-2026 lithium price USD 25,000/t; recycled at 95 % of it.
    assert base.data.price_usd_per_t[("S10", "Lithium")] == pytest.approx(0.95 * 25000)
    # R01: Epsilon's 2 + 30 kt/yr of anode from 2027 at a 0.70 yield: 32,000 / 0.7 t of flake.
    assert base.data.route_capacity_t[("R01", 2027)] == round(32000 / 0.7)
    assert base.data.route_feed == {"R01": "Flake graphite"}
    assert base.data.source_imported["S01"] and not base.data.source_imported["S10"]


def test_capital_premium_and_existing_capacity(base) -> None:
    """Beneficiaries and candidates need 25 % of capex covered: P03 0.25 × 70 = 17.5 USD M per
    GWh/yr; no operating gap; Ola's (P01) 1 GWh line installed in 2025, so P01 comes online
    in 2025."""
    premium = base.data.capital_premium_musd_per_gwh
    assert premium["P03"] == pytest.approx(17.5)
    assert set(premium) == {"P01", "P02", "P03", "P09", "P10"}
    assert base.data.operating_gap_musd_per_gwh == {}
    assert base.data.existing_capacity_gwh == {("P01", 2025): 1.0}
    assert base.data.online_year["P01"] == 2025


def test_workbook_is_in_step_with_its_build_script(base) -> None:
    script = input_script("build_base").tables()
    for sheet in ("Plants", "Awards", "AwardDVA"):
        rows = base.tables[sheet].rows
        # Only the columns the script fills (Plants' older award columns read as blanks).
        assert [{k: r[k] for k in want} for r, want in zip(rows, script[sheet], strict=True)] == [
            {k: (None if v is None else v) for k, v in want.items()} for want in script[sheet]
        ], sheet
    capacity = {
        (r["plant_id"], y): v
        for r in script["Capacity"]
        for y, v in r.items()
        if isinstance(y, int)
    }
    assert capacity == dict(base.data.permitted_capacity_gwh)
    assert len(base.tables["Supply"]) == len(script["Supply"]) * 7


def test_mineral_units_reach_the_model_data(base) -> None:
    assert base.data.mineral_unit["Lithium"] == "t LCE"
    assert base.data.mineral_unit["Graphite"] == "t"
