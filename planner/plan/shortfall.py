"""Why a plant makes less than its capacity could, when a mineral is short: words per plant-year.

Where a mineral limits output, the plants that need it are rationed. Plants that need the same
tonnes per GWh of every short mineral are equally good for total output, and the solver's split
among them is one vertex of many equally productive plans (base case 2032: graphite; P03 makes
0.112 of the 4.5 GWh it could, and a plan making all 4.5 there has the same output and cost).
The plan says so rather than let the split read as a ranking (models/FORMULATION.md, "Ties").

A mineral holds a plant-year when the stage-1 dual of its ``mineral_need`` row is not 0: one
more tonne for that plant would add output.
"""

from __future__ import annotations

from models.data import ModelData
from models.existing import existing_producible, vintages_by_plant
from models.indexing import ramp_factor_at, scrap_share
from models.result import SolveResult
from models.units import ZERO
from planner.words import number_text

DUAL_TOL = 1e-9
"""Stage-1 duals (GWh per t) smaller than this are 0."""
GWH_TOL = 5e-4
"""GWh below which output counts as what the capacity could make (the sheet shows 0.000)."""


def producible_gwh(data: ModelData, result: SolveResult) -> dict[tuple[str, int], float]:
    """(p, y) -> GWh p's installed capacity can make in y: its blocks by the ramp of their age
    (the right-hand side of ``ramp_up`` with the plan's capacity moved to it)."""
    added = result.values.get("capacity_added_gwh", {})
    vintages = vintages_by_plant(data)
    return {
        (p, y): existing_producible(data, p, y, vintages)
        + sum(ramp_factor_at(data, y, t) * added.get((p, t), 0.0) for t in data.years if t <= y)
        for p in data.plants
        for y in data.years
    }


def _need(data: ModelData, p: str, k: str, y: int) -> float:
    """t of k per GWh p makes in y (intensity × (1 + scrap share at its age))."""
    intensity = data.intensity_t_per_gwh.get((data.plant_chemistry[p], k), 0.0)
    return intensity * (1.0 + scrap_share(data, p, y))


def shortfall_words(data: ModelData, result: SolveResult) -> dict[tuple[str, int], str]:
    """(p, y) -> why p makes less than its capacity could in y, for plant-years held by a
    short mineral (others are left out: no entry). The plants named with it make cells in y
    with the same tonnes per GWh of every mineral that holds p: moving output between them
    and p changes no total."""
    duals = result.duals.get("mineral_need", {})
    output = result.values.get("output_gwh", {})
    could = producible_gwh(data, result)
    binds: dict[tuple[str, int], set[str]] = {}
    for (p, k, y), value in duals.items():
        if abs(value) > DUAL_TOL:
            binds.setdefault((p, y), set()).add(k)
    words = {}
    for (p, y), minerals in sorted(binds.items()):
        made = output.get((p, y), 0.0)
        if could[(p, y)] - made <= GWH_TOL:
            continue  # it makes all its capacity could
        short = sorted(minerals, key=data.minerals.index)
        alike = [
            q
            for (q, t), theirs in sorted(binds.items())
            if t == y
            and q != p
            and output.get((q, t), 0.0) > GWH_TOL
            and minerals <= theirs
            and all(abs(_need(data, q, k, y) - _need(data, p, k, y)) < 1e-9 for k in short)
        ]
        words[(p, y)] = _sentence(p, y, short, 0.0 if made < ZERO else made, could[(p, y)], alike)
    return words


def _sentence(p: str, y: int, short: list[str], made: float, could: float, alike: list) -> str:
    names = " and ".join(short)
    verb = "is" if len(short) == 1 else "are"
    text = (
        f"Output cut: {names} {verb} short in {y}, so {p} makes {number_text(made)} of the "
        f"{number_text(could)} GWh its capacity could."
    )
    if alike:
        who = alike[0] if len(alike) == 1 else f"{', '.join(alike[:-1])} and {alike[-1]}"
        text += (
            f" {who} {'uses' if len(alike) == 1 else 'use'} the same {names} per GWh: which "
            "of them makes the cells does not change total output, so this split is the "
            "solver's choice among equally productive plans, not a ranking."
        )
    return text
