"""Capacity installed before the horizon (``existing_capacity_gwh``, by vintage): what it adds up
to and what it can make each year. Data, not decisions; no Pyomo here (the plan, ranging and the
numpy assembly read it too)."""

from __future__ import annotations

from models.data import ModelData
from models.indexing import ramp_factor_at


def installed_before(data: ModelData) -> dict[str, float]:
    """p -> Σ_v existing_capacity_gwh[p, v]: capacity installed before the horizon, GWh/yr."""
    total: dict[str, float] = {}
    for (p, _v), gwh in data.existing_capacity_gwh.items():
        total[p] = total.get(p, 0.0) + gwh
    return total


def existing_producible(
    data: ModelData, p: str, y: int, vintages: dict[str, list] | None = None
) -> float:
    """Σ_v r[y−v+1] × existing_capacity_gwh[p, v]: what p's earlier vintages can make in y, GWh.

    ``vintages`` (:func:`vintages_by_plant` of ``data``) is for a caller asking for every
    plant-year: scanning all existing capacity each time made building quadratic in the plants.
    """
    mine = vintages_by_plant(data).get(p, []) if vintages is None else vintages.get(p, [])
    return sum(ramp_factor_at(data, y, v) * gwh for v, gwh in mine)


def vintages_by_plant(data: ModelData) -> dict[str, list[tuple[int, float]]]:
    """p -> [(v, existing_capacity_gwh[p, v]), …] in the data's order."""
    out: dict[str, list[tuple[int, float]]] = {}
    for (q, v), gwh in data.existing_capacity_gwh.items():
        out.setdefault(q, []).append((v, gwh))
    return out
