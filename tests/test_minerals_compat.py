"""A workbook with no group, offtake, processing or recycling data plans as before issue 10.

The reference (tests/data/pre_minerals/reference.json) was computed by the accplan code of
commit d073e79, before origin groups, offtake, processing and recycling existed, on copies of
the shipped workbooks of that commit (see tests/data/pre_minerals/README.md). The current code
must find the same optimum, the same cost and the same non-zero flows on them.

Those workbooks carry the per-year ``viability_gap_usd_per_kwh`` that issue 9 retired: the test
converts each copy the way the retired-column error says (the header renamed to
``operating_gap_usd_per_kwh``, the rule that charges each year's output and is covered by that
year's support, which is the old row exactly), so the fixtures stay as that commit shipped them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.solve import solve
from planner.workbook.load import load_input

FOLDER = Path(__file__).resolve().parent / "data" / "pre_minerals"
REFERENCE = json.loads((FOLDER / "reference.json").read_text(encoding="utf-8"))


def converted(name: str, folder: Path) -> Path:
    """A copy of fixture ``name`` with the retired per-year gap column renamed (see above)."""
    wb = load_workbook(FOLDER / name)
    for cell in wb["Plants"][1]:
        if cell.value == "viability_gap_usd_per_kwh":
            cell.value = "operating_gap_usd_per_kwh"
    wb.save(folder / name)
    return folder / name


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_same_optimum_and_flows_without_new_data(name: str, tmp_path: Path) -> None:
    """The optimum (total output) agrees to 1e-9. Cost and flows agreed too until issue 9: stage
    2 now counts the incentive the scheme owes on the output (not the least support the old model
    paid), so among equally productive plans it picks the one that owes least, which moves cost
    and which plant makes what; only the optimum is comparable with the old code."""
    data = load_input(converted(name, tmp_path)).data
    assert not (data.group_countries or data.offtake_t or data.route_feed)
    assert not (data.recycling_yield or data.licence_t)
    result = solve(data)
    want = REFERENCE[name]
    assert result.output_gwh == pytest.approx(want["output_gwh"], rel=1e-9)
