"""Sparse index sets and adjacency lists, computed once from :class:`ModelData`.

Every constraint rule looks its terms up here instead of scanning the flow set, so building is
linear in the number of nonzeros. All lists are in sorted order, so the same data always gives
the same rows and columns (and, with HiGHS, the same plan).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.data import ModelData

PlantYear = tuple[str, int]
Flow = tuple[str, str, str, int]
"""(s, k, p, y): source, mineral, plant, year."""


@dataclass(frozen=True)
class ModelIndex:
    """Sparse index tuples and adjacency lists of one instance (all sorted)."""

    flows: tuple[Flow, ...]
    """(s, k, p, y) where s offers k (has a price) and the chemistry of p uses k."""
    need_rows: tuple[tuple[str, str, int], ...]
    """(p, k, y) where intensity(c(p), k) > 0."""
    supply_rows: tuple[tuple[str, str, int], ...]
    """(s, k, y) for every (s, k) with a price and every year."""
    share_rows: tuple[tuple[str, str, int], ...]
    """(s, k, y) for imported s where max_source_share[k] < 1."""
    use_rows: tuple[tuple[str, int], ...]
    """(k, y) with at least one non-empty share row: where ``mineral_use_t`` is defined."""
    eligible: tuple[PlantYear, ...]
    """(p, y) where the incentive rate is > 0 and the award is > 0."""
    viability_rows: tuple[PlantYear, ...]
    """(p, y) for every plant with a viability gap > 0 and every year."""
    flows_by_pky: dict[tuple[str, str, int], list[Flow]]
    flows_by_sky: dict[tuple[str, str, int], list[Flow]]
    flows_by_ky: dict[tuple[str, int], list[Flow]]
    eligible_by_fy: dict[tuple[str, int], list[PlantYear]]
    eligible_by_y: dict[int, list[PlantYear]]
    plants_by_firm: dict[str, list[str]]
    earlier_years: dict[int, tuple[int, ...]]
    """y -> years t ≤ y (ascending)."""


def _flows(data: ModelData) -> list[Flow]:
    """Flow index tuples, sorted, without a dense S×K×P×Y scan."""
    minerals_of_chem: dict[str, list[str]] = defaultdict(list)
    for (c, k), t_per_gwh in sorted(data.intensity_t_per_gwh.items()):
        if t_per_gwh > 0:
            minerals_of_chem[c].append(k)
    plants_of_mineral: dict[str, list[str]] = defaultdict(list)
    for p in data.plants:
        for k in minerals_of_chem.get(data.plant_chemistry[p], ()):
            plants_of_mineral[k].append(p)
    return [
        (s, k, p, y)
        for (s, k) in sorted(data.price_usd_per_t)
        for p in plants_of_mineral.get(k, ())
        for y in data.years
    ]


def _need_rows(data: ModelData) -> list[tuple[str, str, int]]:
    rows = []
    for p in data.plants:
        c = data.plant_chemistry[p]
        for k in data.minerals:
            if data.intensity_t_per_gwh.get((c, k), 0.0) > 0:
                rows.extend((p, k, y) for y in data.years)
    return rows


def _share_rows(data: ModelData) -> list[tuple[str, str, int]]:
    return [
        (s, k, y)
        for (s, k) in sorted(data.price_usd_per_t)
        if data.source_imported.get(s, False) and data.max_source_share.get(k, 1.0) < 1.0
        for y in data.years
    ]


def _use_rows(
    data: ModelData, share_rows: list[tuple[str, str, int]], flows_by_sky: dict
) -> list[tuple[str, int]]:
    needed = {(k, y) for (s, k, y) in share_rows if flows_by_sky.get((s, k, y))}
    return [(k, y) for k in data.minerals for y in data.years if (k, y) in needed]


def _eligible(data: ModelData) -> list[PlantYear]:
    return [
        (p, y)
        for p in data.plants
        for y in data.years
        if data.incentive_rate_musd_per_gwh.get((p, y), 0.0) > 0 and data.award_gwh.get(p, 0.0) > 0
    ]


def _group(items, key) -> dict:
    out: dict = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return dict(out)


def make_index(data: ModelData) -> ModelIndex:
    """Compute the sparse index sets and adjacency lists of ``data``.

    Parameters
    ----------
    data : ModelData
        The instance.

    Returns
    -------
    ModelIndex
        Sorted index tuples and look-up tables used by the constraint rules.
    """
    flows = _flows(data)
    eligible = _eligible(data)
    firm = data.plant_firm
    share_rows = _share_rows(data)
    flows_by_sky = _group(flows, lambda f: (f[0], f[1], f[3]))
    return ModelIndex(
        flows=tuple(flows),
        need_rows=tuple(_need_rows(data)),
        supply_rows=tuple((s, k, y) for (s, k) in sorted(data.price_usd_per_t) for y in data.years),
        share_rows=tuple(share_rows),
        use_rows=tuple(_use_rows(data, share_rows, flows_by_sky)),
        eligible=tuple(eligible),
        viability_rows=tuple(
            (p, y)
            for p in data.plants
            if data.viability_gap_musd_per_gwh.get(p, 0.0) > 0
            for y in data.years
        ),
        flows_by_pky=_group(flows, lambda f: (f[2], f[1], f[3])),
        flows_by_sky=flows_by_sky,
        flows_by_ky=_group(flows, lambda f: (f[1], f[3])),
        eligible_by_fy=_group(eligible, lambda e: (firm[e[0]], e[1])),
        eligible_by_y=_group(eligible, lambda e: e[1]),
        plants_by_firm=_group(data.plants, lambda p: firm[p]),
        earlier_years={y: tuple(t for t in data.years if t <= y) for y in data.years},
    )


def ramp_factor_at(data: ModelData, year: int, block_year: int) -> float:
    """Ramp factor of a block added in ``block_year``, in ``year`` (age y − t + 1; last repeats)."""
    age_index = year - block_year
    return data.ramp_factor[min(age_index, len(data.ramp_factor) - 1)]


def scrap_share(data: ModelData, plant: str, year: int) -> float:
    """Scrap share at plant age y − online_year + 1, clamped to 1 … len(scrap_share)."""
    age = year - data.online_year[plant] + 1
    position = min(max(age, 1), len(data.scrap_share)) - 1
    return data.scrap_share[position]
