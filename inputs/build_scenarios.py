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
}


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
            )
        )
    return written


if __name__ == "__main__":
    for path in build_all():
        print(f"wrote {path}")
