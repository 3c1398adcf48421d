# ruff: noqa: E501  (the Sources table keeps each source on one line, URLs included)
"""Build ``inputs/acc_base.xlsx``, the ILLUSTRATIVE base case, from the domain brief §7.

Run from the repository root::

    python inputs/build_base.py

Every number below is either copied from ``../shared/domain-brief.md`` (sections cited in the
``SOURCES`` list, which becomes the workbook's Sources sheet) or derived here by a rule stated next
to it. Nothing in this file is a real commitment of any firm.

Assumptions made here (the brief gives no figure):

* Capacity paths are step functions: a phase's GWh hold until the next year the brief names.
* Supply for years between the brief's 2026, 2029 and 2032 columns is linearly interpolated and
  rounded to whole tonnes.
* Cell prices: LFP USD 60/kWh (S&P 2024); NMC USD 75/kWh (LFP + 25 %, brief §7.5); LMFP USD 63/kWh
  (LFP + 5 %: manganese-doped LFP, assumption); Na-ion USD 60/kWh (parity with LFP, assumption).
* Capital premium: 0 for plants that build without the incentive (brief §4.1 lists their own
  investment plans). For incentive beneficiaries, IEA's 20-30 % India build-cost premium over China
  (brief §4.1), mid-point 25 % of capex: a beneficiary builds a block only if its incentive over
  the window covers 25 % of the block's capex. No operating gap (running a plant once built is
  assumed to cost no more than importing cells), so plants keep producing after their window.
* Existing capacity: Ola's (P01) 1 GWh line, installed before 2026 (PIB Dec-2025, Mar-2026);
  the year installed, 2025, is an assumption (the sources say only "installed" by then), so in
  2026 it runs at the age-2 ramp factor (and P01's age for scrap counts from 2025).
* Awards (late-2026 status, scheme-and-minerals §1): four programme agreements, 40 of 50 GWh:
  Ola 20, Reliance 5 (round 1) + 10 (round 2, its own window 2027-2031 and DVA path), ACC Energy
  Storage 5; penalties from 2025 (2025's accrued, not yet deducted); two hypothetical candidate
  bids for the unawarded 10 GWh. Reliance's P02 and ACC's P03 had nothing installed by Mar-2026.
* Mineral side updated to late 2026 (scheme-and-minerals §3-§4): lithium USD 25,000/t LCE, cobalt
  USD 62,000/t; S07 (Mozambique + Madagascar) sells flake graphite, which reaches cells only
  through the Indian anode route R01 (Epsilon's 32 kt/yr of anode at NMG's 70 % yield); S08 is
  China's licensed anode graphite. Groups: partners (pact countries and Canada) and China,
  reported without share limits. The 2026 India-Canada agreements give no tonnes or prices, so
  Canada's offer appears only in scenarios (offtake, partner floor).
* Max single-source share 1 (no limit) for every mineral: no Indian rule caps it; lower it in a
  resilience scenario.
* No Demand sheet: the brief suggests demand only as an optional cap (IESA: 54 GWh FY27, 127 GWh
  FY30); add it in a scenario.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.workbook.template import build_workbook, save_atomically  # noqa: E402

YEARS = tuple(range(2026, 2033))
OUT = ROOT / "inputs" / "acc_base.xlsx"
BUILD_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
INDIA_BUILD_PREMIUM = 0.25
R1_WINDOW, R2_WINDOW = (2025, 2029), (2027, 2031)
NEW_WINDOW = (2029, 2033)
DAILY_PENALTY = 0.001
"""0.1 % of the performance security per day of delay (domain brief §1.1)."""
"""The unawarded 10 GWh: award assumed in 2027, two years of gestation, five of performance."""

# plant_id, year installed, GWh/yr: capacity installed before the horizon
EXISTING = (("P01", 2025, 1.0),)

SETTINGS = {
    "scenario": "base (illustrative)",
    "first_year": 2026,
    "last_year": 2032,
    "budget_rs_crore": 18100.0,
    "fx_rs_per_usd": 87.0,
    "revenue_cap_share": 0.20,
    "firm_cap_gwh": 20.0,
    "scheme_capacity_gwh": 50.0,
    "annual_limit_rs_crore": None,
    "objective": "cumulative_gwh",
    "time_limit_s": 300.0,
}

DVA_PATH = (0.25, 0.25, 0.25, 0.60, 0.60)
"""Reading (a) of the milestones for round 1 (appointed 1-Jan-2023, window 2025-2029): 25 % from
2025, 60 % from 1-Jan-2028 (scheme-and-minerals §1). Awards without AwardDVA rows follow it."""

# plant_id, firm, state, chemistry, online, capex, phases (cumulative GWh/yr permitted from year)
PLANTS = (
    ("P01", "Ola Cell Technologies", "Tamil Nadu", "NMC811", 2026, 60, {2026: 5, 2029: 20}),
    (
        "P02",
        "Reliance New Energy Battery Storage",
        "Gujarat",
        "LFP",
        2027,
        60,
        {2027: 5, 2028: 15, 2030: 30},
    ),
    ("P03", "ACC Energy Storage (Rajesh Exports)", "Karnataka", "LFP", 2027, 70, {2027: 5}),
    ("P04", "Exide Energy Solutions", "Karnataka", "LFP", 2026, 60, {2026: 6, 2029: 12}),
    (
        "P05",
        "Amara Raja ACT",
        "Telangana",
        "NMC622",
        2027,
        70,
        {2027: 1, 2028: 4, 2030: 10, 2032: 16},
    ),
    ("P06", "Agratas (Tata)", "Gujarat", "LFP", 2026, 75, {2026: 5, 2027: 12, 2028: 20}),
    ("P07", "JSW Energy", "Odisha", "LFP", 2027, 58, {2027: 10, 2029: 30, 2031: 50}),
    ("P08", "GODI India", "Telangana", "Na-ion", 2028, 74, {2028: 2.5, 2031: 12.5}),
    ("P09", "ACME Cleantech (hypothetical site)", "Rajasthan", "LFP", 2028, 60, {2028: 10}),
    (
        "P10",
        "Hypothetical LMFP entrant",
        "Tamil Nadu",
        "LMFP",
        2029,
        65,
        {2029: 5, 2031: 10},
    ),
)

AWARD_COLUMNS = (
    "award_id",
    "entity",
    "firm",
    "plant_id",
    "status",
    "award_gwh",
    "min_award_gwh",
    "bid_rs_per_kwh",
    "window_first_year",
    "window_last_year",
    "claim_order",
    "outlay_ceiling_rs_crore",
    "performance_security_rs_crore",
    "penalty_from_year",
    "milestone_gwh",
    "penalty_accrued_rs_crore",
)
# Four programme agreements (40 of 50 GWh) and two hypothetical bids for the unawarded 10 GWh.
# Penalties: 0.1 % of the security a day from 1-Jan-2025 (the scheme's rate, the column's
# default); accrued = the whole of 2025 (365 days), none deducted yet (nothing claimed).
# fmt: off
AWARDS = (
    ("R1-OLA", "Ola Cell Technologies", "Ola Electric", "P01", "awarded", 20, None, 1700, R1_WINDOW[0], R1_WINDOW[1], 1, 7240, 125, 2025, 5, 45.625),
    ("R1-RIL", "Reliance New Energy Battery Storage", "Reliance Industries", "P02", "awarded", 5, None, 1600, R1_WINDOW[0], R1_WINDOW[1], 1, 1810, 50, 2025, 1.25, 18.25),
    ("R1-ACC", "ACC Energy Storage", "Rajesh Exports", "P03", "awarded", 5, None, 1550, R1_WINDOW[0], R1_WINDOW[1], 1, 1810, 50, 2025, 1.25, 18.25),
    ("R2-RIL", "Reliance New Energy Battery", "Reliance Industries", "P02", "awarded", 10, None, 1600, R2_WINDOW[0], R2_WINDOW[1], 2, 3620, None, None, None, None),
    ("C-ACME", "ACME Cleantech", "ACME Cleantech", "P09", "candidate", 10, 5, 1200, NEW_WINDOW[0], NEW_WINDOW[1], None, 3620, None, None, None, None),
    ("C-LMFP", "Hypothetical LMFP entrant", "Hypothetical LMFP entrant", "P10", "candidate", 10, 5, 1500, NEW_WINDOW[0], NEW_WINDOW[1], None, 3620, None, None, None, None),
)
# fmt: on

# Round 2 commits 25 % DVA from 1-Jul-2027 and 60 % from 1-Jul-2030 (reading (a)); its window is
# taken as calendar 2027-2031, so performance year 4 (2030) is half at 25 % and half at 60 %.
AWARD_DVA = {"R2-RIL": (0.25, 0.25, 0.25, 0.425, 0.60)}

RAMP = ((1, 0.30, 0.15), (2, 0.60, 0.15), (3, 0.80, 0.04), (4, 0.90, 0.04))

CELL_PRICE = {"LFP": 60.0, "NMC811": 75.0, "NMC622": 75.0, "LMFP": 63.0, "Na-ion": 60.0}

MINERALS = (
    ("Lithium", "t LCE"),
    ("Nickel", "t Ni"),
    ("Cobalt", "t Co"),
    ("Manganese", "t Mn"),
    ("Graphite", "t"),
    ("Phosphorus", "t P"),
    ("Copper", "t Cu"),
)

INTENSITY = {  # t/GWh: Li (LCE), Ni, Co, Mn, Graphite, P, Cu (brief §7.2)
    "NMC811": (531, 658, 83, 77, 924, 0, 370),
    "NMC622": (587, 546, 183, 170, 910, 0, 388),
    "LFP": (487, 0, 0, 0, 985, 392, 551),
    "LMFP": (410, 0, 0, 360, 950, 340, 551),
    "Na-ion": (0, 0, 0, 322, 0, 123, 534),
}

# Late-2026 mineral prices (see the Sources rows "Supply ... 2026 prices"): lithium chemical at the
# Jan-2026 futures level, cobalt at its early-2026 level; nickel unchanged (LME Feb-2026 17,835).
LITHIUM_USD_PER_T = 25000
COBALT_USD_PER_T = 62000
BASE_PRICE = {"Lithium": LITHIUM_USD_PER_T, "Nickel": 17750, "Cobalt": COBALT_USD_PER_T}
RECYCLED_PRICE_SHARE = 0.95

FORMS = (("Flake graphite", "t flake"),)
"""Forms no chemistry uses directly: they reach cells only through a Processing route."""

ANODE_YIELD = 0.70
"""t of anode graphite per t of flake: NMG's phase-2 design, 60 kt flake -> ~42 kt anode."""
SPHERONISATION_USD_PER_T_FLAKE = 945
"""Spherical 99.95 % (USD 2,050/t, mid of 2,000-2,100) × 0.70 − flake (USD 490/t) ≈ 945 per t of
flake: the processing margin China's spherical price implies (derived)."""
INDIA_ANODE_T = {2026: 2000 + 30000 * 10 / 12, 2027: 32000, 2031: 50000}
"""Epsilon: 2 kt/yr now plus 30 kt/yr phase 1 starting Mar-2026 (10 of 12 months in 2026); from
2031 50 kt/yr (assumption: [eps25] calls 30 kt a first phase; a later phase is assumed)."""

# source_id, origin, kind, mineral, price USD/t, tonnes in 2026, 2029, 2032 (brief §7.4; prices
# and forms updated to late 2026, see SOURCES)
SUPPLY = (
    ("S01", "Australia", "imported", "Lithium", LITHIUM_USD_PER_T, (12000, 20000, 25000)),
    ("S01", "Australia", "imported", "Nickel", 18500, (2000, 3000, 3000)),
    ("S01", "Australia", "imported", "Manganese", 2500, (3000, 4000, 5000)),
    ("S02", "Chile", "imported", "Lithium", LITHIUM_USD_PER_T, (10000, 12000, 15000)),
    ("S03", "Argentina", "imported", "Lithium", LITHIUM_USD_PER_T - 500, (5000, 10000, 15000)),
    ("S04", "Canada", "imported", "Lithium", LITHIUM_USD_PER_T + 1000, (3000, 8000, 12000)),
    ("S04", "Canada", "imported", "Nickel", 19000, (2000, 4000, 5000)),
    ("S04", "Canada", "imported", "Cobalt", COBALT_USD_PER_T + 3000, (200, 400, 500)),
    ("S04", "Canada", "imported", "Graphite", 2300, (5000, 10000, 15000)),
    ("S05", "DR Congo", "imported", "Cobalt", COBALT_USD_PER_T, (2000, 2500, 3000)),
    ("S06", "Indonesia", "imported", "Nickel", 17500, (8000, 15000, 20000)),
    ("S06", "Indonesia", "imported", "Cobalt", COBALT_USD_PER_T - 3000, (600, 1000, 1500)),
    # Flake, not anode: the old anode tonnes / 0.70, so the same anode graphite if all processed.
    ("S07", "Mozambique + Madagascar", "imported", "Flake graphite", 490, (28571, 57143, 71429)),
    ("S08", "China", "imported", "Graphite", 2000, (80000, 70000, 60000)),
    ("S09", "South Africa", "imported", "Manganese", 2300, (5000, 6000, 8000)),
    ("S10", "India", "recycled", "Lithium", None, (500, 2000, 4000)),
    ("S10", "India", "recycled", "Nickel", None, (500, 1500, 3000)),
    ("S10", "India", "recycled", "Cobalt", None, (200, 500, 900)),
    ("S11", "India", "domestic", "Phosphorus", 1500, (60000, 60000, 80000)),
    ("S11", "India", "domestic", "Manganese", 2700, (2000, 4000, 6000)),
    ("S11", "India", "domestic", "Copper", 13000, (100000, 100000, 120000)),
)

GROUPS = (
    ("partners", "Argentina"),
    ("partners", "Australia"),
    ("partners", "Canada"),
    ("China", "China"),
)
"""Government critical-mineral pacts (Argentina, Australia; Japan and Germany have no source in the
base case) and the Canada MoU of 2-Mar-2026; China as its own group. No share limits in the base
case: the groups are reported."""


def processing_rows() -> list[dict[str, object]]:
    """R01: flake to anode graphite in India (Epsilon's capacity), the only route for S07 flake."""
    anode = {y: INDIA_ANODE_T[max(t for t in INDIA_ANODE_T if t <= y)] for y in YEARS}
    capacity = {y: round(t / ANODE_YIELD) for y, t in anode.items()}
    return [
        {
            "route_id": "R01",
            "feed": "Flake graphite",
            "product": "Graphite",
            "location": "India",
            "yield_t_per_t": ANODE_YIELD,
            "cost_usd_per_t": float(SPHERONISATION_USD_PER_T_FLAKE),
            **{y: float(t) for y, t in capacity.items()},
        }
    ]


BRIEF = "domain brief (../shared/domain-brief.md)"
SOURCES = (
    (
        "All",
        "whole workbook",
        "ILLUSTRATIVE, NOT REAL COMMITMENTS",
        "assumption",
        f"{BRIEF} §7 'Proposed example dataset'",
    ),
    ("Settings", "first_year, last_year", "2026, 2032", "sourced", f"{BRIEF} §7"),
    (
        "Settings",
        "budget_rs_crore",
        "18,100",
        "sourced",
        "§1.1 Outlay; IESA gazette summary; Mercom https://mercomindia.com/dhi-issues-details-pli-program/",
    ),
    (
        "Settings",
        "fx_rs_per_usd",
        "87",
        "sourced",
        "brief conventions (IEEFA: Rs 181 bn = USD 2.08 bn)",
    ),
    (
        "Settings",
        "revenue_cap_share",
        "0.20",
        "sourced",
        "§1.1 Payment & cap; India RE Navigator https://india-re-navigator.com/utility/policy/756",
    ),
    (
        "Settings",
        "firm_cap_gwh",
        "20",
        "sourced",
        "§1.1 Min / max per beneficiary (IESA; India Infoline)",
    ),
    (
        "Settings",
        "annual_limit_rs_crore",
        "blank (none)",
        "assumption",
        "no annual cap found in the brief",
    ),
    ("Settings", "time_limit_s", "300", "assumption", "solver setting, not data"),
    (
        "DVA",
        "performance years 1-5",
        "0.25, 0.25, 0.25, 0.60, 0.60",
        "derived",
        "reading (a) of the milestones for round 1: 25 % within 2 and 60 % within 5 years of the appointed date 1-Jan-2023 (§1.1 DVA; scheme-and-minerals-2026 §1, conflict noted there)",
    ),
    (
        "Plants",
        "firm, state, chemistry of P01-P08",
        "see Plants",
        "sourced / assumed",
        "§1.2 and §7.1 (chemistry of P03-P06, P08 assumed there)",
    ),
    (
        "Plants",
        "P09, P10",
        "hypothetical",
        "assumption",
        "§7.1 (ACME site and LMFP entrant hypothetical)",
    ),
    ("Plants", "online_year", "see Plants", "assumption", "§7.1 phase paths"),
    (
        "Existing",
        "P01 installed_gwh",
        "1 GWh/yr, installed 2025",
        "sourced / assumed",
        "1 GWh of 40 installed (PIB 12-Dec-2025 https://pib.gov.in/PressReleasePage.aspx?PRID=2202973; PIB 27-Mar-2026 https://pibtracker.com/release/2026/mar/27/heavy-industries/acc-battery-production-linked-incentive-pli-scheme-2246037); year 2025 assumed",
    ),
    (
        "Plants",
        "capex_musd_per_gwh",
        "58-75",
        "derived",
        "§4.1 capex table (Rs crore/GWh at Rs 87); §7.1",
    ),
    (
        "Awards",
        "R1-OLA, R1-RIL, R1-ACC: entity, GWh, bid",
        "20 / 5 / 5 GWh; Rs 1,700 / 1,600 / 1,550 per kWh",
        "sourced",
        "§1.2; Mint 18-Mar-2022 https://www.livemint.com/industry/manufacturing/ril-arm-ola-win-sops-under-acc-pli-scheme/amp-11647544815013.html; PIB 27-Mar-2026 (40 of 50 GWh awarded) https://pibtracker.com/release/2026/mar/27/heavy-industries/acc-battery-production-linked-incentive-pli-scheme-2246037",
    ),
    (
        "Awards",
        "R2-RIL: 10 GWh, window 2027-2031, outlay ceiling",
        "10 GWh; Rs 3,620 crore",
        "sourced / derived",
        "scheme-and-minerals-2026 §1 (signed 17-Feb-2025; appointed 1-Jul-2025, 7 years incl. 2 of gestation [knn26]; RfP maximum Rs 3,620 crore [hindu24]); performance Jul-2027 to Jun-2032 taken as calendar 2027-2031",
    ),
    (
        "Awards",
        "R2-RIL bid",
        "Rs 1,600 per kWh",
        "assumption",
        "not public (brief §6 item 6); taken equal to Reliance's round-1 bid",
    ),
    (
        "Awards",
        "windows R1",
        "2025-2029",
        "sourced",
        "§1.1 Round-1 calendar (BusinessLine 4-Sep-2024)",
    ),
    (
        "Awards",
        "outlay_ceiling_rs_crore R1",
        "7,240 / 1,810 / 1,810",
        "derived",
        "scheme-and-minerals-2026 §1: pro rata at Rs 362 crore/GWh (18,100 / 50)",
    ),
    (
        "Awards",
        "performance security, penalty",
        "Rs 125 / 50 / 50 crore; 0.1 % a day from 1-Jan-2025",
        "sourced / derived",
        "§1.1 Penalty for delay (Business Standard 14-May-2025; ET); security derived from Rs 12.5 / 5 lakh a day",
    ),
    (
        "Awards",
        "penalty_accrued_rs_crore",
        "45.625 / 18.25 / 18.25",
        "derived",
        "365 days of 2025 at the daily penalty; waivers refused, nothing deducted (no incentive claimed by 12-Dec-2025, PIB). The Nov-2025 notices demanded the amounts accrued to 30-Sep-2025 (Rs 34.1 / 13.65 / 13.65 crore); no payment is reported, so all of 2025 is counted as still owed and deducted from the first incentives; were those amounts paid, enter Oct-Dec 2025 only (11.5 / 4.6 / 4.6) — scheme-and-minerals-2026 §1",
    ),
    (
        "Awards",
        "milestone_gwh R1",
        "25 % of the award (5 / 1.25 / 1.25 GWh)",
        "assumption",
        "the notices do not state the shortfall; the two-year milestone read as 25 % of committed capacity, like the 25 % DVA milestone (§1.1); IEEFA counts Ola on time (conflict)",
    ),
    (
        "Awards",
        "C-ACME, C-LMFP (candidates)",
        "5-10 GWh; Rs 1,200 / 1,500 per kWh; window 2029-2033",
        "assumption",
        "hypothetical bids for the unawarded 10 GWh (PIB 27-Mar-2026); ACME first on the round-2 waitlist [hindu24]; award 2027 + 2 years of gestation assumed",
    ),
    (
        "Settings",
        "scheme_capacity_gwh",
        "50",
        "sourced",
        "§1.1 Target capacity (50 GWh ACC)",
    ),
    (
        "AwardDVA",
        "R2-RIL",
        "0.25, 0.25, 0.25, 0.425, 0.60",
        "derived",
        "25 % from 1-Jul-2027, 60 % from 1-Jul-2030 under reading (a) (scheme-and-minerals-2026 §1); 2030 half at each",
    ),
    (
        "Plants",
        "capital_premium_share",
        "0.25 for plants with an award or a candidate bid, else 0",
        "assumption",
        "§4.1 IEA: India 20-30 % dearer to build than China, mid-point (build_base.py)",
    ),
    (
        "Plants",
        "operating_gap_usd_per_kwh",
        "0",
        "assumption",
        "no operating-cost gap sourced; plants run after their window (build_base.py)",
    ),
    (
        "Capacity",
        "permitted_gwh by year",
        "phase paths",
        "assumption",
        "§7.1 phase path column; held constant between the years named",
    ),
    ("Ramp", "ramp_factor", "0.30, 0.60, 0.80, 0.90", "assumption", "§7.1 ramp-up, shaped by §4.2"),
    (
        "Ramp",
        "scrap_share",
        "0.15, 0.15, 0.04, 0.04",
        "assumption",
        "§7.1 yield loss (+15 % years 1-2, +4 % mature)",
    ),
    (
        "Chemistries",
        "LFP 60, NMC 75",
        "USD/kWh",
        "sourced / assumed",
        "§3.4 Cells (S&P Global Mobility 2024); §7.5 (NMC = LFP + 25 %)",
    ),
    (
        "Chemistries",
        "LMFP 63, Na-ion 60",
        "USD/kWh",
        "assumption",
        "no price in the brief (build_base.py)",
    ),
    (
        "Intensity",
        "t per GWh",
        "see Intensity",
        "sourced / derived",
        "§7.2 (BatPaC 5.1 via §2; LMFP derived)",
    ),
    ("Minerals", "max_source_share", "1 (no limit)", "assumption", "no rule in the brief"),
    (
        "Supply",
        "tonnes 2026, 2029, 2032",
        "see Supply",
        "assumption",
        "§7.4 (illustrative shares of sourced national outputs, §3)",
    ),
    (
        "Supply",
        "tonnes 2027-28, 2030-31",
        "interpolated",
        "assumption",
        "linear between §7.4 columns, whole tonnes",
    ),
    ("Supply", "price_usd_per_t", "see Supply", "sourced / assumed", "§7.4; §3.4 prices; §7.3"),
    (
        "Supply",
        "Lithium 2026 price (S01-S04)",
        "25,000 USD/t LCE (Argentina -500, Canada +1,000 as before)",
        "sourced / derived",
        "brief §3.4: Li2CO3 futures > 181,000 CNY/t on 26-Jan-2026 ≈ USD 25k; Benchmark index 220 (24-Dec-2025) → 450 (27-May-2026), +77 % YTD [bmk] https://source.benchmarkminerals.com/article/lithium-carbonate-prices-break-through-40-kg-barrier/_payload.json",
    ),
    (
        "Supply",
        "Cobalt 2026 price (S04-S06)",
        "62,000 USD/t (Canada +3,000, Indonesia -3,000 as before)",
        "sourced",
        "brief §3.4: ~USD 28/lb ≈ 62,000/t early 2026 after the DRC export ban and quotas (carboncredits.com)",
    ),
    (
        "Supply",
        "S07 Mozambique + Madagascar: Flake graphite",
        "old anode tonnes / 0.70; USD 490/t",
        "sourced / derived",
        "flake 94 % C fob China USD 470-510/t (Fastmarkets, brief §3.4); African mines sell flake, which China's Dec-2023 licences and India's refining gap make the bottleneck (scheme-and-minerals §3, §4: 'S07/S08 graphite: flake = anode' stale)",
    ),
    (
        "Supply",
        "S08 origin",
        "China",
        "sourced",
        "licensed since 1-Dec-2023 (natural flake, spherical, high-purity artificial) [xin23] https://english.news.cn/20231020/b218269f9f9e4c708aae37c0ad3d4fe1/c.html; No. 58 (artificial anode, 9-Oct-2025) suspended until 10-Nov-2026 by No. 70 [hsf70] https://www.mondaq.com/china/mining/1708154/china-suspends-export-controls-on-lithium-batteries-and-artificial-graphite-anode-materials",
    ),
    (
        "Minerals",
        "Flake graphite",
        "t flake",
        "sourced",
        "scheme-and-minerals §3: graphite chain flake → micronised, spheronised, purified, coated anode",
    ),
    (
        "Processing",
        "R01 yield 0.70",
        "t anode per t flake",
        "sourced",
        "NMG phase-2 design: 60 kt flake → ≈ 42 kt anode [nmg] https://miningmagazine.com/environment/news/1406489/nouveau-monde-enters-phase-anode-facility",
    ),
    (
        "Processing",
        "R01 capacity (t flake/yr)",
        "2026: 38,571; 2027-30: 45,714; 2031+: 71,429",
        "sourced / derived / assumption",
        "Epsilon 2 kt/yr now, 30 kt/yr phase 1 from Mar-2026 [eps25] https://www.business-standard.com/amp/industry/news/epsilon-to-set-up-30k-tonne-per-annum-graphite-anode-plant-in-1st-phase-125101600008_1.html; anode / 0.70; 50 kt/yr of anode from 2031 assumed (a later phase)",
    ),
    (
        "Processing",
        "R01 cost",
        "945 USD/t flake",
        "derived",
        "spherical USD 2,000-2,100/t × 0.70 − flake USD 490/t (brief §3.4 Fastmarkets)",
    ),
    (
        "Groups",
        "partners",
        "Argentina, Australia, Canada (Japan, Germany: no source here)",
        "sourced",
        "pacts with Argentina, Australia, Japan, Germany [pacts] https://madhyamamonline.com/amp/india/india-in-talks-with-canada-and-france-to-secure-critical-minerals-supply-beyond-china-1493714; India-Canada MoU 2-Mar-2026 [ht26] https://www.hindustantimes.com/india-news/india-canada-ink-pacts-on-critical-minerals-uranium-ore-eye-free-trade-deal-101772444631949.html",
    ),
    (
        "Offtake, GroupShares",
        "S04 Lithium offtake; partners Lithium floor",
        "0 t every year; blank every year",
        "placeholder",
        "no commitment and no limit in the base case; rows there for the Scenarios sheet's "
        "canada_offtake and partner_lithium_floor, whose overrides set them",
    ),
    (
        "Supply",
        "S10 recycled prices",
        "95 % of base price",
        "assumption",
        "§7.4 (base prices from §7.3: Li 15,000, Ni 17,750, Co 55,000)",
    ),
)


def supply_by_year(points: tuple[float, float, float]) -> dict[int, float]:
    """Linear interpolation between 2026, 2029 and 2032, rounded to whole tonnes."""
    anchors = dict(zip((2026, 2029, 2032), points, strict=True))
    out = {}
    for year in YEARS:
        lo = max(a for a in anchors if a <= year)
        hi = min(a for a in anchors if a >= year)
        share = 0.0 if hi == lo else (year - lo) / (hi - lo)
        out[year] = float(round(anchors[lo] + share * (anchors[hi] - anchors[lo])))
    return out


def capacity_path(phases: dict[int, float]) -> dict[int, float]:
    """Cumulative permitted GWh by year: each phase holds until the next one."""
    return {y: float(max([v for p, v in phases.items() if p <= y], default=0.0)) for y in YEARS}


EXTRA_SPHERONISATION_T = 5000.0
"""t of flake a year more at R01 (India) in the spheronisation scenario: a second phase of Indian
spheronisation (assumption)."""
CANADA_OFFTAKE_T = 3000.0
"""t LCE a year from 2027 in the Canada offtake scenario: S04's 2026 volume, committed.
Assumption: no public text of the 2026 India-Canada agreements gives tonnes, prices or dates."""
PARTNER_LITHIUM_FLOOR = 0.8
"""Least share of lithium from partner countries each year in the partner-floor scenario (a
policy test, not a rule)."""


def offtake_placeholder() -> list[dict[str, object]]:
    """S04's lithium offtake at S04's price with 0 t: no commitment in the base case (0 t is no
    data to the model), there so that the batch scenario canada_offtake can set its tonnes."""
    price = next(row[4] for row in SUPPLY if row[0] == "S04" and row[3] == "Lithium")
    return [
        {"source_id": "S04", "mineral": "Lithium", "agreed_price_usd_per_t": float(price)}
        | dict.fromkeys(YEARS, 0.0)
    ]


def group_share_placeholder() -> list[dict[str, object]]:
    """A partners floor on lithium with every year blank (no limit), for partner_lithium_floor."""
    return [{"group": "partners", "mineral": "Lithium", "limit": "min"} | dict.fromkeys(YEARS)]


def _spheronisation_overrides() -> str:
    """--set R01's capacity to the base case's + EXTRA_SPHERONISATION_T, one run of equal years
    at a time (overrides set values; they cannot add to each year's own)."""
    (row,) = processing_rows()
    runs: list[list[int]] = []
    for y in YEARS:
        if runs and row[y] == row[runs[-1][0]]:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "; ".join(
        f"--set Processing[route_id=R01, {run[0]}:{run[-1]}]="
        f"{row[run[0]] + EXTRA_SPHERONISATION_T:g}"
        for run in runs
    )


SCENARIO_ROWS = [
    {
        "scenario": "lithium_squeeze",
        "inherits": None,
        "overrides": "--set Supply[source_id=S01, mineral=Lithium]=0",
        "description": "No Australian lithium (S01) for Indian cell makers, as "
        "inputs/acc_lithium_squeeze.xlsx.",
    },
    {
        "scenario": "canada_plus50",
        "inherits": "lithium_squeeze",
        "overrides": "--scale Supply[source_id=S04, mineral=Lithium]=1.5",
        "description": "The lithium squeeze, with Canada (S04) supplying 50 % more lithium, as "
        "inputs/acc_lithium_squeeze_canada_plus50.xlsx (there rounded to whole tonnes).",
    },
    {
        "scenario": "graphite_licence_cut",
        "inherits": None,
        "overrides": "--scale Supply[source_id=S08, mineral=Graphite]=0.5",
        "description": "China's export-licensed graphite (S08) halved, as "
        "inputs/acc_graphite_licence_cut.xlsx.",
    },
    {
        "scenario": "graphite_spheronisation",
        "inherits": "graphite_licence_cut",
        "overrides": _spheronisation_overrides(),
        "description": "The graphite licence cut, with 5,000 t a year more flake capacity at "
        "the Indian anode route R01, as inputs/acc_graphite_licence_cut_india_spheronisation.xlsx.",
    },
    {
        "scenario": "canada_offtake",
        "inherits": None,
        "overrides": f"--set Offtake[source_id=S04, mineral=Lithium, 2027:]={CANADA_OFFTAKE_T:g}",
        "description": "3,000 t LCE a year of Canadian lithium (S04) take-or-pay from 2027 at "
        "S04's price (the Offtake sheet's 0 t row), as inputs/acc_canada_lithium_offtake.xlsx.",
    },
    {
        "scenario": "partner_lithium_floor",
        "inherits": None,
        "overrides": "--set GroupShares[group=partners, mineral=Lithium, limit=min]="
        f"{PARTNER_LITHIUM_FLOOR:g}",
        "description": "At least 80 % of each year's lithium from partner countries (the "
        "GroupShares sheet's blank row), as inputs/acc_partner_lithium_floor.xlsx.",
    },
    {
        "scenario": "budget_half",
        "inherits": None,
        "overrides": "--scale Settings.budget_rs_crore=0.5",
        "description": "Half the incentive budget.",
    },
]
"""Named scenarios for ``accplan batch``: the shipped scenario workbooks as overrides. Not here:
inputs/acc_rare_earth_magnets.xlsx, which adds rows (a form on Minerals, Supply rows, a Magnets
sheet); overrides change cells that exist and cannot add rows."""


def tables() -> dict[str, object]:
    supported = {a[3] for a in AWARDS}
    plants, capacity = [], []
    for pid, firm, state, chem, online, capex, phases in PLANTS:
        plants.append(
            {
                "plant_id": pid,
                "firm": firm,
                "state": state,
                "chemistry": chem,
                "online_year": online,
                "capex_musd_per_gwh": float(capex),
                "capital_premium_share": INDIA_BUILD_PREMIUM if pid in supported else 0.0,
                "operating_gap_usd_per_kwh": 0.0,
            }
        )
        capacity.append({"plant_id": pid, **capacity_path(phases)})
    names = [m for m, _ in MINERALS]
    return {
        "Settings": SETTINGS,
        "DVA": [{"performance_year": i, "dva_share": s} for i, s in enumerate(DVA_PATH, 1)],
        "Plants": plants,
        "Awards": [
            {**dict(zip(AWARD_COLUMNS, row, strict=True)), "penalty_share_per_day": DAILY_PENALTY}
            for row in AWARDS
        ],
        "AwardDVA": [
            {"award_id": a, "performance_year": n, "dva_share": share}
            for a, path in AWARD_DVA.items()
            for n, share in enumerate(path, 1)
        ],
        "Existing": [
            {"plant_id": p, "installed_year": y, "installed_gwh": g} for p, y, g in EXISTING
        ],
        "Capacity": capacity,
        "Ramp": [{"age": a, "ramp_factor": r, "scrap_share": s} for a, r, s in RAMP],
        "Chemistries": [
            {"chemistry": c, "cell_price_usd_per_kwh": p} for c, p in CELL_PRICE.items()
        ],
        "Intensity": [
            {"chemistry": c, "mineral": m, "t_per_gwh": float(t)}
            for c, row in INTENSITY.items()
            for m, t in zip(names, row, strict=True)
            if t > 0
        ],
        "Minerals": [
            {"mineral": m, "unit": u, "max_source_share": 1.0} for m, u in (*MINERALS, *FORMS)
        ],
        "Supply": [
            {
                "source_id": s,
                "origin": o,
                "kind": k,
                "mineral": m,
                "price_usd_per_t": float(
                    p if p is not None else RECYCLED_PRICE_SHARE * BASE_PRICE[m]
                ),
                **supply_by_year(points),
            }
            for s, o, k, m, p, points in SUPPLY
        ],
        "Scenarios": SCENARIO_ROWS,
        "Groups": [{"group": g, "country": c} for g, c in GROUPS],
        "GroupShares": group_share_placeholder(),
        "Offtake": offtake_placeholder(),
        "Processing": processing_rows(),
    }


def build(
    path: Path = OUT,
    data: dict[str, object] | None = None,
    title: str = "ILLUSTRATIVE base case — NOT REAL COMMITMENTS",
    lines: tuple[str, ...] = (
        "accplan base case built by inputs/build_base.py from the domain brief §7 "
        "(years 2026-2032).",
        "Capacities, capex, supply volumes and prices are assumptions shaped by public "
        "ranges; see the Sources sheet for every figure.",
    ),
    more_sources: tuple[tuple[str, ...], ...] = (),
) -> Path:
    """Write ``data`` (default: :func:`tables`) with an About and a Sources sheet to ``path``
    (the base case's sources, then ``more_sources``)."""
    from openpyxl.styles import Alignment, Font

    wb = build_workbook(
        tables() if data is None else data, YEARS, about_title=title, about_lines=lines
    )
    ws = wb.create_sheet("Sources")
    ws.append(("sheet", "figure", "value", "basis", "source"))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in (*SOURCES, *more_sources):
        ws.append(row)
    widths = (12, 36, 30, 18, 120)
    for letter, width in zip("ABCDE", widths, strict=True):
        ws.column_dimensions[letter].width = width
    # Long notes wrap within their column, on screen and on paper (a page wide, landscape).
    # Row heights are set, as spreadsheet programs do not grow rows of a file they open.
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrapped
        lines = max(-(-len(str(c.value or "")) // w) for c, w in zip(row, widths, strict=True))
        ws.row_dimensions[row[0].row].height = 15 * max(1, lines)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    # A fixed document time: rebuilding the same data gives the same bytes (and no git churn).
    return save_atomically(wb, path, core_time=BUILD_TIME)


if __name__ == "__main__":
    print(f"wrote {build()}")
