"""Build the scenario workbooks in ``inputs/``: the base case with one documented change each.

Run from the repository root (after ``inputs/build_base.py``)::

    python inputs/build_scenarios.py

Each scenario is ILLUSTRATIVE, like the base case it starts from, and states its change on its
About sheet and in its scenario name, so a reviewer comparing plans (``accplan compare``) sees
why the inputs differ. In the base case mineral limits bind only late (Canadian graphite in
2032); the lithium scenarios make lithium scarce so that the marginal value of Canadian lithium
shows.

* ``acc_lithium_squeeze.xlsx``: no Australian lithium (S01) reaches Indian cell makers. Basis:
  94 % of Australia's spodumene exports went to China in H1-2025 (brief §3.2, Argus), so the
  base case's S01 lithium volumes are an optimistic assumption.
* ``acc_lithium_squeeze_canada_plus50.xlsx``: the squeeze, with Canada (S04) supplying 50 % more
  lithium every year (the India-Canada critical-minerals MoU of 2-Mar-2026, brief §3.2).
* ``acc_graphite_licence_cut.xlsx``: China's export-licensed graphite (S08) halved every year
  (licensing since 1-Dec-2023; December 2023 exports fell more than 90 %, brief §3.2).
* ``acc_graphite_licence_cut_india_spheronisation.xlsx``: the cut, with 5,000 t/yr more flake
  capacity at the Indian anode route R01: African flake then reaches cells through India.
* ``acc_canada_lithium_offtake.xlsx``: 3,000 t LCE a year of Canadian lithium (S04) take-or-pay
  from 2027 at S04's price; the plan's Offtake sheet shows tonnes used and what they cost.
* ``acc_partner_lithium_floor.xlsx``: at least 80 % of each year's lithium from partner
  countries (Groups sheet of the base case).
* ``acc_min_block_5gwh.xlsx``: plants without a scheme award add capacity only in blocks of at
  least 5 GWh/yr (Plants ``min_block_gwh``; a gigafactory line, assumption). Not the base case:
  the scheme's 5 GWh minimum is per award (≥ 5 GWh per bidder, 0.5 GWh in the niche pool), not
  per build step, and the awardees' sourced phases are smaller (Ola's 1 GWh line needs 4 GWh
  more for its 5 GWh milestone in 2026, which validation rejects under a 5 GWh block).
* ``acc_budget_remaining_6000.xlsx``: only Rs 6,000 crore left to pay over the horizon; the
  budget binds, and the plan says what Rs 100 crore more buys and which candidate it funds.
* ``acc_energy_storage_delayed.xlsx``: ACC Energy Storage (P03) builds nothing before 2029;
  penalties accrue while it is delayed.
* ``acc_rare_earth_magnets.xlsx``: NdPr for the 2025 rare-earth permanent-magnet scheme
  (Magnets sheet), from China or Canada (SRC Saskatoon), at least 20 % from partners; the
  plan's Magnets sheet shows it, cell output is unchanged.
"""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _base_module():
    spec = importlib.util.spec_from_file_location("build_base", HERE / "build_base.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BASE = _base_module()


def scale_supply(data: dict, source: str, mineral: str, factor: float) -> None:
    """Multiply every year's tonnes of ``mineral`` from ``source`` by ``factor`` (whole tonnes)."""
    for row in data["Supply"]:
        if row["source_id"] == source and row["mineral"] == mineral:
            for year in BASE.YEARS:
                row[year] = float(round(row[year] * factor))


def lithium_squeeze(data: dict) -> None:
    scale_supply(data, "S01", "Lithium", 0.0)


def lithium_squeeze_canada_plus50(data: dict) -> None:
    lithium_squeeze(data)
    scale_supply(data, "S04", "Lithium", 1.5)


def graphite_licence_cut(data: dict) -> None:
    scale_supply(data, "S08", "Graphite", 0.5)


CANADA_OFFTAKE_T = BASE.CANADA_OFFTAKE_T
EXTRA_SPHERONISATION_T = BASE.EXTRA_SPHERONISATION_T
PARTNER_LITHIUM_FLOOR = BASE.PARTNER_LITHIUM_FLOOR
"""The scenarios' figures, kept in build_base.py beside the base's Scenarios rows that repeat
them as overrides (their sources are there)."""


NDPR = "NdPr"
"""Neodymium-praseodymium, t of contained metal: the rare earths of sintered NdFeB magnets."""
MAGNET_SCHEME_T = 6000.0
"""t/yr of integrated sintered NdFeB magnets under the rare-earth permanent-magnet scheme
(Cabinet 26-Nov-2025, Rs 7,280 crore; 2 years to build, 5 of sales-linked support)."""
NDPR_PER_T_MAGNET = 0.31
"""t of NdPr per t of sintered NdFeB: Nd 29-32.5 % of the alloy by mass, mid-point (Pr
substitutes for part of the Nd; Dy 0.6-1.2 % left out)."""
MAGNET_RAMP = {2026: 0.0, 2027: 0.0, 2028: 1 / 3, 2029: 2 / 3}
"""Share of the scheme's 6,000 t/yr made by year (assumption: nothing before 2028, two years
after approval; full from 2030)."""
OXIDE_TO_METAL = 0.857
"""t of Nd per t of Nd2O3 (2 × 144.24 / 336.48): oxide prices restated per t of metal."""
CHINA_NDPR_USD_PER_T = round(88_000 / OXIDE_TO_METAL, -3)
"""Chinese NdPr oxide USD 88/kg (Aug-2025, after MP Materials stopped shipping to China)."""
CANADA_NDPR_USD_PER_T = round(110_000 / OXIDE_TO_METAL, -3)
"""Ex-China NdPr: the USD 110/kg oxide reference price the US government set for MP Materials
(Jul-2025), taken as what a non-Chinese supplier asks."""
CANADA_NDPR_T = 400.0
"""t/yr of NdPr metal: SRC's Saskatoon rare-earth processing facility at full operation (early
2025); assumption: all of it could be offered to India."""
CHINA_NDPR_T = 5000.0
"""t/yr of Chinese NdPr open to Indian magnet makers (assumption: China refines > 90 % of NdPr
and publishes no quota for India; large enough not to bind)."""
PARTNER_NDPR_FLOOR = 0.2
"""Least share of NdPr from partner countries from 2028 (a policy test, like the lithium
floor): 0.2 × 1,860 = 372 t, within Canada's 400 t."""


def magnet_ndpr_t(year: int) -> float:
    """t of NdPr the magnet scheme needs in ``year`` (6,000 t × 0.31 × the ramp)."""
    return round(MAGNET_SCHEME_T * NDPR_PER_T_MAGNET * MAGNET_RAMP.get(year, 1.0))


def rare_earth_magnets(data: dict) -> None:
    """NdPr from China (S08) and Canada (S04) for the magnet scheme, partners ≥ 20 % of it."""
    data["Minerals"].append({"mineral": NDPR, "unit": "t NdPr", "max_source_share": 1.0})
    for source, origin, price, tonnes in (
        ("S04", "Canada", CANADA_NDPR_USD_PER_T, CANADA_NDPR_T),
        ("S08", "China", CHINA_NDPR_USD_PER_T, CHINA_NDPR_T),
    ):
        data["Supply"].append(
            {
                "source_id": source,
                "origin": origin,
                "kind": "imported",
                "mineral": NDPR,
                "price_usd_per_t": float(price),
                **dict.fromkeys(BASE.YEARS, tonnes),
            }
        )
    data["Magnets"] = [{"mineral": NDPR, **{y: float(magnet_ndpr_t(y)) for y in BASE.YEARS}}]
    data["GroupShares"] = [
        {"group": "partners", "mineral": NDPR, "limit": "min"}
        | {y: (PARTNER_NDPR_FLOOR if magnet_ndpr_t(y) > 0 else None) for y in BASE.YEARS}
    ]


MAGNET_SOURCES = (
    (
        "Magnets",
        "NdPr t by year",
        "0, 0, 620, 1,240, 1,860, 1,860, 1,860",
        "sourced / derived / assumption",
        "6,000 t/yr sintered NdFeB, Cabinet 26-Nov-2025 [rep] https://www.republicworld.com/"
        "business/union-cabinet-approves-rs-7280-crore-scheme-to-boost-domestic-manufacturing-of-"
        "rare-earth-permanent-magnets; × 0.31 t NdPr per t (Nd 29-32.5 % by mass, "
        "http://m.sensmagnetics.com/news/chemical-composition-of-ndfeb-3686.html); ramp from "
        "2028 (2 years to build) assumed",
    ),
    (
        "Supply",
        "S04 Canada NdPr",
        "400 t/yr; USD 128,000/t",
        "sourced / derived",
        "SRC Saskatoon facility: ~400 t/yr NdPr metal once fully operational in early 2025 "
        "https://mining.com/saskatchewan-processing-facility-first-to-produce-rare-earth-metals-"
        "in-north-america; price: US reference USD 110/kg NdPr oxide for MP Materials "
        "(Jul-2025) https://secure.northernminer.com/news/rare-earth-prices-spike-as-us-firm-"
        "halts-china-trade/1003881930, / 0.857 t metal per t oxide (derived); all offered to "
        "India (assumption)",
    ),
    (
        "Supply",
        "S08 China NdPr",
        "5,000 t/yr; USD 103,000/t",
        "sourced / assumption",
        "Chinese NdPr oxide USD 88/kg, Aug-2025 (same Northern Miner report), / 0.857 "
        "(derived); tonnes open to India assumed (China refines > 90 % of NdPr; no quota for "
        "India published)",
    ),
    (
        "GroupShares",
        "partners NdPr min",
        "0.2 from 2028",
        "assumption",
        "policy test: at least a fifth of the magnet scheme's NdPr from partners (Canada here)",
    ),
)
"""Sources rows of the rare-earth magnets scenario (appended to the base case's)."""


def canada_lithium_offtake(data: dict) -> None:
    """A take-or-pay offtake of Canadian (S04) lithium at S04's own price, 2027-2032."""
    (row,) = [r for r in data["Supply"] if r["source_id"] == "S04" and r["mineral"] == "Lithium"]
    data["Offtake"] = [
        {
            "source_id": "S04",
            "mineral": "Lithium",
            "agreed_price_usd_per_t": row["price_usd_per_t"],
            **{y: (CANADA_OFFTAKE_T if y >= 2027 else 0.0) for y in BASE.YEARS},
        }
    ]


def graphite_licence_cut_india_spheronisation(data: dict) -> None:
    """The licence cut, with 5,000 t/yr more flake capacity at the Indian route R01."""
    graphite_licence_cut(data)
    for row in data["Processing"]:
        if row["route_id"] == "R01":
            for year in BASE.YEARS:
                row[year] = row[year] + EXTRA_SPHERONISATION_T


def partner_lithium_floor(data: dict) -> None:
    data["GroupShares"] = [
        {"group": "partners", "mineral": "Lithium", "limit": "min"}
        | dict.fromkeys(BASE.YEARS, PARTNER_LITHIUM_FLOOR)
    ]


MIN_BLOCK_GWH = 5.0
"""GWh/yr: the smallest block a plant without an award adds in acc_min_block_5gwh."""


def min_block_5gwh(data: dict) -> None:
    awarded = {row["plant_id"] for row in data["Awards"]}
    for row in data["Plants"]:
        if row["plant_id"] not in awarded:
            row["min_block_gwh"] = MIN_BLOCK_GWH


REMAINING_BUDGET_RS_CRORE = 6000.0
"""A third of the outlay: a policy test of a smaller remaining budget (what is owed to the four
agreements on the base plan is about Rs 6,500 crore, so the budget binds)."""


def budget_remaining(data: dict) -> None:
    data["Settings"]["budget_rs_crore"] = REMAINING_BUDGET_RS_CRORE


def acc_energy_delayed(data: dict) -> None:
    """ACC Energy Storage's Dharwad plant (P03) may build nothing before 2029 (its land
    possession was delayed ~19 months by farmer protests, brief §1.2)."""
    for row in data["Capacity"]:
        if row["plant_id"] == "P03":
            row.update({y: (5.0 if y >= 2029 else 0.0) for y in BASE.YEARS})
    for row in data["Plants"]:
        if row["plant_id"] == "P03":
            row["online_year"] = 2029


SCENARIOS: dict[str, tuple[str, str, Callable[[dict], None]]] = {
    "acc_lithium_squeeze": (
        "lithium squeeze (illustrative)",
        "No Australian lithium (S01) for Indian cell makers: 94 % of Australia's spodumene "
        "exports went to China in H1-2025 (brief §3.2).",
        lithium_squeeze,
    ),
    "acc_lithium_squeeze_canada_plus50": (
        "lithium squeeze, Canada +50 % (illustrative)",
        "As the lithium squeeze, with Canada (S04) supplying 50 % more lithium every year "
        "(India-Canada critical-minerals MoU, 2-Mar-2026; brief §3.2).",
        lithium_squeeze_canada_plus50,
    ),
    "acc_graphite_licence_cut": (
        "China graphite licences halved (illustrative)",
        "China's export-licensed graphite (S08) halved every year: licensing since 1-Dec-2023 "
        "cut December 2023 exports by more than 90 % (brief §3.2).",
        graphite_licence_cut,
    ),
    "acc_canada_lithium_offtake": (
        "Canada lithium offtake (illustrative)",
        "A take-or-pay offtake of 3,000 t LCE a year of Canadian lithium (S04) from 2027 at "
        "S04's price, paid whether used or not (the India-Canada Energy Dialogue action plan of "
        "Jan-2026 names supply agreements and offtake; no tonnes are public).",
        canada_lithium_offtake,
    ),
    "acc_graphite_licence_cut_india_spheronisation": (
        "China graphite licences halved, more Indian spheronisation (illustrative)",
        "As the graphite licence cut, with 5,000 t a year more flake processing capacity at the "
        "Indian anode route R01 (a second phase, assumption).",
        graphite_licence_cut_india_spheronisation,
    ),
    "acc_partner_lithium_floor": (
        "partner lithium floor (illustrative)",
        "At least 80 % of each year's lithium from partner countries (Argentina, Australia, "
        "Canada).",
        partner_lithium_floor,
    ),
    "acc_min_block_5gwh": (
        "5 GWh/yr build blocks at plants without awards (illustrative)",
        "Plants without a scheme award (P04-P08) add capacity each year either not at all or in "
        "a block of at least 5 GWh/yr, a gigafactory line (assumption). The scheme's own 5 GWh "
        "minimum is per award, not per build step, so the base case has none.",
        min_block_5gwh,
    ),
    "acc_budget_remaining_6000": (
        "remaining budget Rs 6,000 crore (illustrative)",
        "Only Rs 6,000 crore of the Rs 18,100 crore outlay left to pay over the horizon (a policy "
        "test: yearly budget lines have been Rs 86-250 crore, scheme-and-minerals-2026 §1). The "
        "budget binds: the plan shows what each Rs 100 crore buys and which candidate bid for "
        "the unawarded 10 GWh it funds.",
        budget_remaining,
    ),
    "acc_energy_storage_delayed": (
        "ACC Energy Storage delayed to 2029 (illustrative)",
        "ACC Energy Storage's plant (P03) builds nothing before 2029 (land possession delayed by "
        "farmer protests, brief §1.2): its delay penalty accrues until the performance security "
        "is spent, and its round-1 window (2025-2029) pays for one year at most.",
        acc_energy_delayed,
    ),
    "acc_rare_earth_magnets": (
        "rare earths for the magnet scheme (illustrative)",
        "The 2025 rare-earth permanent-magnet scheme's 6,000 t/yr of sintered NdFeB needs "
        "about 1,860 t/yr of NdPr from 2030 (Magnets sheet), bought from China (S08) or "
        "Canada (S04, SRC Saskatoon, 400 t/yr), with at least 20 % from partners; rare earths "
        "are no cell input, so cell output is the base case's.",
        rare_earth_magnets,
    ),
}

MORE_SOURCES = {"acc_rare_earth_magnets": MAGNET_SOURCES}
"""Sources rows a scenario adds to the base case's."""


def scenario_tables(name: str) -> dict:
    """The base case's tables with scenario ``name``'s change applied (the base is not touched)."""
    title, _, change = SCENARIOS[name]
    data = copy.deepcopy(BASE.tables())
    data["Settings"]["scenario"] = title
    data.pop("Scenarios", None)  # the base's named scenarios are overrides of the base itself
    change(data)
    return data


def build_all(folder: Path = HERE) -> list[Path]:
    written = []
    for name, (title, why, _) in SCENARIOS.items():
        lines = (
            f"Scenario built by inputs/build_scenarios.py from the base case: {why}",
            "Everything else is the illustrative base case (inputs/build_base.py); see the "
            "Sources sheet.",
        )
        written.append(
            BASE.build(
                folder / f"{name}.xlsx",
                scenario_tables(name),
                title=f"ILLUSTRATIVE scenario: {title} — NOT REAL COMMITMENTS",
                lines=lines,
                more_sources=MORE_SOURCES.get(name, ()),
            )
        )
    return written


if __name__ == "__main__":
    for path in build_all():
        print(f"wrote {path}")
