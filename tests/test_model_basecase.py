"""The domain brief's §7 example as a ModelData (illustrative data, not commitments): it solves,
its HiGHS log shows no scaling warning, and the log never reaches the terminal.

The figures are transcribed from ``../shared/domain-brief.md`` §7.1–7.5. Supplies between the
brief's 2026, 2029 and 2032 columns are interpolated linearly; capital premiums (25 % of capex),
an operating gap for P03, a window year after the horizon for P09 and P01's 1 GWh installed in
2025 (not in the brief) are assumed so that the viability and existing-capacity rows are active.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from models.data import ModelData, incentive_rate_musd_per_gwh, one_award_per_plant
from models.result import SolveStatus
from models.solve import solve
from tests.test_model_crosscheck import reference

YEARS = tuple(range(2026, 2033))
FX = 87.0
WARNING = re.compile(r"warning|consider scaling|excessiv|badly scaled", re.IGNORECASE)

# plant: firm, chemistry, online, {year: cumulative GWh from that year}, capex, award, bid Rs/kWh
PLANTS = {
    "P01": ("Ola", "NMC811", 2026, {2026: 5, 2029: 20}, 60, 20, 1700),
    "P02": ("RNEBSL", "LFP", 2026, {2026: 10, 2027: 20, 2029: 30}, 60, 15, 1600),
    "P03": ("ACCES", "LFP", 2027, {2027: 5}, 70, 5, 1550),
    "P04": ("Exide", "LFP", 2026, {2026: 6, 2029: 12}, 60, 0, 0),
    "P05": ("AmaraRaja", "NMC622", 2027, {2027: 1, 2028: 4, 2030: 10, 2032: 16}, 70, 0, 0),
    "P06": ("Agratas", "LFP", 2026, {2026: 5, 2027: 12, 2028: 20}, 75, 0, 0),
    "P07": ("JSW", "LFP", 2027, {2027: 10, 2029: 30, 2031: 50}, 58, 0, 0),
    "P08": ("GODI", "NaIon", 2028, {2028: 2.5, 2031: 12.5}, 74, 0, 0),
    "P09": ("ACME", "LFP", 2028, {2028: 10}, 60, 10, 1200),
    "P10": ("LMFPco", "LMFP", 2029, {2029: 5}, 65, 0, 0),
}
INTENSITY = {
    "NMC811": {"Li": 531, "Ni": 658, "Co": 83, "Mn": 77, "Gr": 924, "Cu": 370},
    "NMC622": {"Li": 587, "Ni": 546, "Co": 183, "Mn": 170, "Gr": 910, "Cu": 388},
    "LFP": {"Li": 487, "Gr": 985, "P": 392, "Cu": 551},
    "LMFP": {"Li": 410, "Mn": 360, "Gr": 950, "P": 340, "Cu": 551},
    "NaIon": {"Mn": 322, "P": 123, "Cu": 534},
}
# (source, mineral): (2026, 2029, 2032 t/yr, USD/t)
SUPPLY = {
    ("S01", "Li"): (12000, 20000, 25000, 15000),
    ("S01", "Ni"): (2000, 3000, 3000, 18500),
    ("S01", "Mn"): (3000, 4000, 5000, 2500),
    ("S02", "Li"): (10000, 12000, 15000, 15000),
    ("S03", "Li"): (5000, 10000, 15000, 14500),
    ("S04", "Li"): (3000, 8000, 12000, 16000),
    ("S04", "Ni"): (2000, 4000, 5000, 19000),
    ("S04", "Co"): (200, 400, 500, 58000),
    ("S04", "Gr"): (5000, 10000, 15000, 2300),
    ("S05", "Co"): (2000, 2500, 3000, 55000),
    ("S06", "Ni"): (8000, 15000, 20000, 17500),
    ("S06", "Co"): (600, 1000, 1500, 52000),
    ("S07", "Gr"): (20000, 40000, 50000, 2100),
    ("S08", "Gr"): (80000, 70000, 60000, 2000),
    ("S09", "Mn"): (5000, 6000, 8000, 2300),
    ("S10", "Li"): (500, 2000, 4000, 0.95 * 15000),
    ("S10", "Ni"): (500, 1500, 3000, 0.95 * 17750),
    ("S10", "Co"): (200, 500, 900, 0.95 * 55000),
    ("S11", "P"): (60000, 60000, 80000, 1500),
    ("S11", "Mn"): (2000, 4000, 6000, 2700),
    ("S11", "Cu"): (100000, 100000, 120000, 13000),
}
DVA = (0.25, 0.34, 0.43, 0.51, 0.60)
CELL_PRICE = {"LFP": 60.0, "NMC811": 75.0}
WINDOW = {"P01": 2025, "P02": 2025, "P03": 2025, "P09": 2027}  # first performance year


def _interpolate(points: dict[int, float]) -> dict[int, float]:
    known = sorted(points.items())
    out = {}
    for y in YEARS:
        before = [(t, v) for t, v in known if t <= y]
        after = [(t, v) for t, v in known if t >= y]
        (t0, v0), (t1, v1) = before[-1], after[0]
        out[y] = v0 if t1 == t0 else v0 + (v1 - v0) * (y - t0) / (t1 - t0)
    return out


def _phase(online: int, steps: dict[int, float]) -> dict[int, float]:
    return {y: max(v for t, v in steps.items() if t <= y) for y in YEARS if y >= online}


def _rates() -> dict[tuple[str, int], float]:
    rates = {}
    for p, start in WINDOW.items():
        _, chem, *_, bid = PLANTS[p]
        for y in YEARS:
            if 0 <= y - start < len(DVA):
                rates[(p, y)] = incentive_rate_musd_per_gwh(
                    bid, DVA[y - start], CELL_PRICE[chem], 0.20, FX
                )
    return rates


def base_case() -> ModelData:
    """Brief §7: 10 plants, 7 minerals, 11 sources, 2026–2032, PLI budget Rs 18,100 crore."""
    supply = {}
    for (s, k), (a, b, c, _price) in SUPPLY.items():
        for y, t in _interpolate({2026: a, 2029: b, 2032: c}).items():
            supply[(s, k, y)] = t
    sources = tuple(sorted({s for s, _ in SUPPLY}))
    return ModelData(
        plants=tuple(sorted(PLANTS)),
        years=YEARS,
        minerals=tuple(sorted({k for _, k in SUPPLY})),
        sources=sources,
        plant_firm={p: v[0] for p, v in PLANTS.items()},
        plant_chemistry={p: v[1] for p, v in PLANTS.items()},
        online_year={p: v[2] for p, v in PLANTS.items()},
        permitted_capacity_gwh={
            (p, y): float(g) for p, v in PLANTS.items() for y, g in _phase(v[2], v[3]).items()
        },
        ramp_factor=(0.30, 0.60, 0.80, 0.90),
        scrap_share=(0.15, 0.15, 0.04),
        intensity_t_per_gwh={
            (c, k): float(t) for c, ks in INTENSITY.items() for k, t in ks.items()
        },
        supply_t=supply,
        price_usd_per_t={sk: float(v[3]) for sk, v in SUPPLY.items()},
        source_imported={s: s not in ("S10", "S11") for s in sources},
        source_origin={s: ("India" if s in ("S10", "S11") else "abroad") for s in sources},
        capex_musd_per_gwh={p: float(v[4]) for p, v in PLANTS.items()},
        firm_cap_gwh=20.0,
        **one_award_per_plant(
            {p: v[0] for p, v in PLANTS.items()},
            _rates(),
            {p: float(v[5]) for p, v in PLANTS.items() if v[5] > 0},
        ),
        budget_musd=18100e7 / FX / 1e6,
        max_source_share={"Gr": 0.6},
        capital_premium_musd_per_gwh={"P01": 15.0, "P03": 17.5, "P09": 15.0},
        operating_gap_musd_per_gwh={"P03": 1.0},
        existing_capacity_gwh={("P01", 2025): 1.0},
        support_years_after_horizon={"P09": 1},
    )


def test_base_case_matches_independent_lp() -> None:
    """Optimal, and both optima equal those of the LP assembled from FORMULATION.md by hand."""
    status, best, cost = reference(base_case())
    r = solve(base_case())
    assert status == 0 and r.status is SolveStatus.OPTIMAL, r.solver_message
    assert r.output_gwh > 100.0
    assert r.output_gwh == pytest.approx(best, rel=1e-6)
    assert r.cost_musd == pytest.approx(cost, rel=1e-6)
    assert r.size.nonzeros > r.size.constraints > 0


def test_base_case_log_has_no_scaling_warning() -> None:
    """USD million, GWh and t keep the coefficients within HiGHS's comfortable ranges."""
    r = solve(base_case())
    assert "Coefficient ranges" in r.log
    assert [line for line in r.log.splitlines() if WARNING.search(line)] == []


def test_scaling_check_detects_a_badly_scaled_instance() -> None:
    """Negative control: supplies in grams (×10^6) make HiGHS warn, so the check above can fail."""
    data = base_case()
    grams = replace(data, supply_t={key: t * 1e6 for key, t in data.supply_t.items()})
    r = solve(grams)
    assert any(WARNING.search(line) for line in r.log.splitlines())
    assert any(ratio > RATIO_LIMIT[block] for block, ratio in coefficient_ratios(r.log))


def test_log_goes_to_result_and_file_not_terminal(capfd, tmp_path) -> None:
    """Nothing on stdout/stderr; the same log in the result and in ``log_path``."""
    path = tmp_path / "highs.log"
    r = solve(base_case(), log_path=path)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert "Model status" in r.log
    assert path.read_text(encoding="utf-8") == r.log


def test_fresh_process_prints_nothing() -> None:
    """HiGHS prints a banner when the first Highs object of a process is made: it must land in
    the log, not on the terminal (a fresh interpreter, so the banner really is printed)."""
    code = (
        "from tests.test_model_basecase import base_case; from models.solve import solve; "
        "r = solve(base_case()); assert 'Running HiGHS' in r.log, r.log[:200]"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert done.stdout == "" and done.stderr == ""


RANGE = re.compile(r"^\s+(Matrix|Cost|Bound|RHS)\s+\[([0-9.e+-]+),\s*([0-9.e+-]+)\]")
RATIO_LIMIT = {"Matrix": 1e4, "Cost": 1e5, "Bound": 1e4, "RHS": 1e6}
"""Largest max/min ratio accepted per block (HiGHS itself only warns near 1e10 and beyond)."""


def coefficient_ratios(log: str) -> list[tuple[str, float]]:
    """(block, max/min) for every line of every 'Coefficient ranges' section of a HiGHS log."""
    return [
        (m.group(1), float(m.group(3)) / float(m.group(2)))
        for line in log.splitlines()
        if (m := RANGE.match(line))
    ]


def test_base_case_coefficient_ranges_are_narrow() -> None:
    """Stronger than 'no warning': in every run the base case's matrix spans ≤ 10^4 (0.3 ramp
    … ~1,000 t/GWh), costs ≤ 10^5 (2e-3 USD m/t … 80 USD m per GWh/yr), right-hand sides ≤ 10^6."""
    result = solve(base_case())
    ratios = coefficient_ratios(result.log)
    # four blocks per HiGHS run: stage 1, one re-solve per degenerate limit (models.ranging),
    # one back to the stage-1 optimum after them, stage 2
    # (and one re-solve per existing-capacity block valued, models/existing_lever.py)
    resolved = sum(
        r.checked and (r.kink or name == "existing_gwh")
        for name, g in result.ranges.items()
        for r in g.values()
    )
    runs = 2 + resolved + (1 if resolved else 0)
    # with 0/1 decisions each stage also runs once more as the LP with them fixed (models/mip.py),
    # and stage 2's MIP starts from its LP with stage 1's decisions held (models/solve.py)
    runs += 3 if result.integer_decisions else 0
    assert result.log.count("Coefficient ranges") == runs
    assert len(ratios) >= 4 * runs
    assert [(b, r) for b, r in ratios if r > RATIO_LIMIT[b]] == []
