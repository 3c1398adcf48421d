"""Sparse index sets and adjacency lists, computed once from :class:`ModelData`.

Every constraint rule looks its terms up here instead of scanning the flow set, so building is
linear in the number of nonzeros. All lists are in sorted order, so the same data always gives
the same rows and columns (and, with HiGHS, the same plan).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from models.data import ModelData
from models.scheme_index import size_max

PlantYear = tuple[str, int]
Flow = tuple[str, str, str, int]
"""(v, k, p, y): supplier (source, processing route or recycler), form, plant, year."""
Feed = tuple[str, str, int]
"""(s, r, y): source, processing route, year."""
MagnetFlow = tuple[str, str, int]
"""(s, k, y): source, rare-earth form, year (to India's magnet makers)."""


@dataclass(frozen=True)
class ModelIndex:
    """Sparse index tuples and adjacency lists of one instance (all sorted)."""

    flows: tuple[Flow, ...]
    """(v, k, p, y) where supplier v offers k and the chemistry of p uses k."""
    feeds: tuple[Feed, ...]
    """(s, r, y) where source s offers the feed form of processing route r."""
    need_rows: tuple[tuple[str, str, int], ...]
    """(p, k, y) where intensity(c(p), k) > 0."""
    supply_rows: tuple[tuple[str, str, int], ...]
    """(s, k, y) for every (s, k) with a price and every year."""
    share_rows: tuple[tuple[str, str, int], ...]
    """(s, k, y) for imported s where max_source_share[k] < 1."""
    use_rows: tuple[tuple[str, int], ...]
    """(k, y) with a non-empty share row or a group-share row: where ``mineral_use_t`` exists."""
    eligible: tuple[PlantYear, ...]
    """(p, y) where some award of p earns (rate > 0, size or candidate maximum > 0)."""
    flows_by_pky: dict[tuple[str, str, int], list[Flow]]
    flows_by_sky: dict[tuple[str, str, int], list[Flow]]
    flows_by_ky: dict[tuple[str, int], list[Flow]]
    exact_need: frozenset[tuple[str, int]]
    """(k, y) that take-or-pay tonnes can reach, directly or as a route's feed."""
    feeds_by_sky: dict[tuple[str, str, int], list[Feed]]
    feeds_by_ky: dict[tuple[str, int], list[Feed]]
    feeds_by_ry: dict[tuple[str, int], list[Feed]]
    plants_by_firm: dict[str, list[str]]
    earlier_years: dict[int, tuple[int, ...]]
    """y -> years t ≤ y (ascending)."""
    magnet_flows: tuple[MagnetFlow, ...] = ()
    """(s, k, y) where source s offers k and magnet makers need k in y."""
    magnets_by_ky: dict[tuple[str, int], list[MagnetFlow]] = field(default_factory=dict)


def offers(data: ModelData) -> list[tuple[str, str]]:
    """(v, k): every supplier and form it delivers to plants, sorted. Sources offer what they
    have a price for; a processing route offers its product; a recycler the minerals it recovers.
    """
    found = set(data.price_usd_per_t)
    found |= {(r, data.route_product[r]) for r in data.route_feed}
    found |= set(data.recycling_yield)
    return sorted(found)


def _flows(data: ModelData) -> list[Flow]:
    """Flow index tuples, sorted, without a dense V×K×P×Y scan."""
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
        for (s, k) in offers(data)
        for p in plants_of_mineral.get(k, ())
        for y in data.years
    ]


def _feeds(data: ModelData) -> list[Feed]:
    """(s, r, y) for every source offering route r's feed form, sorted."""
    return [
        (s, r, y)
        for (s, k) in sorted(data.price_usd_per_t)
        for r in data.routes
        if data.route_feed[r] == k
        for y in data.years
    ]


def _magnet_flows(data: ModelData) -> list[MagnetFlow]:
    """(s, k, y) for every source offering a form magnet makers need in y, sorted."""
    needed = {key for key, t in data.magnet_t.items() if t > 0}
    return [
        (s, k, y) for (s, k) in sorted(data.price_usd_per_t) for y in data.years if (k, y) in needed
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


def _exact_need(data: ModelData) -> frozenset[tuple[str, int]]:
    """(k, y) where some source has take-or-pay tonnes of k, or of the feed of a route making k."""
    prepaid = {(k, y) for (_s, k, y), t in data.offtake_t.items() if t > 0}
    made = {(data.route_product[r], y) for r in data.routes for y in data.years}
    via_route = {
        (data.route_product[r], y)
        for r in data.routes
        for y in data.years
        if (data.route_feed[r], y) in prepaid
    }
    return frozenset(prepaid | (via_route & made))


def _use_rows(
    data: ModelData, share_rows: list[tuple[str, str, int]], by_sky: set, delivered: set
) -> list[tuple[str, int]]:
    """(k, y) with a non-empty share row, or with a group share limit on a form delivered."""
    needed = {(k, y) for (s, k, y) in share_rows if (s, k, y) in by_sky}
    groups = set(data.group_max_share) | set(data.group_min_share)
    needed |= {(k, y) for (_g, k, y) in groups if (k, y) in delivered}
    return [(k, y) for k in data.minerals for y in data.years if (k, y) in needed]


def _eligible(data: ModelData) -> list[PlantYear]:
    earning = {
        (data.award_plant[a], y)
        for (a, y), rate in data.award_rate_musd_per_gwh.items()
        if rate > 0 and size_max(data, a) > 0
    }
    return sorted(earning)


def _group(items, key) -> dict:
    out: dict = {}
    for k, item in zip(map(key, items), items, strict=True):  # key in C where it is an itemgetter
        group = out.get(k)
        if group is None:
            out[k] = [item]
        else:
            group.append(item)
    return out


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
    feeds = _feeds(data)
    magnets = _magnet_flows(data)
    eligible = _eligible(data)
    firm = data.plant_firm
    share_rows = _share_rows(data)
    flows_by_sky = _group(flows, itemgetter(0, 1, 3))
    flows_by_ky = _group(flows, itemgetter(1, 3))
    feeds_by_ky = _group(feeds, lambda z: (data.route_feed[z[1]], z[2]))
    magnets_by_ky = _group(magnets, lambda g: (g[1], g[2]))
    delivered = set(flows_by_ky) | set(feeds_by_ky) | set(magnets_by_ky)
    feeds_by_sky = _group(feeds, lambda z: (z[0], data.route_feed[z[1]], z[2]))
    return ModelIndex(
        flows=tuple(flows),
        feeds=tuple(feeds),
        need_rows=tuple(_need_rows(data)),
        supply_rows=tuple((s, k, y) for (s, k) in sorted(data.price_usd_per_t) for y in data.years),
        share_rows=tuple(share_rows),
        use_rows=tuple(
            _use_rows(
                data, share_rows, set(flows_by_sky) | set(feeds_by_sky) | set(magnets), delivered
            )
        ),
        eligible=tuple(eligible),
        flows_by_pky=_group(flows, itemgetter(2, 1, 3)),
        flows_by_sky=flows_by_sky,
        flows_by_ky=flows_by_ky,
        exact_need=_exact_need(data),
        feeds_by_sky=feeds_by_sky,
        feeds_by_ky=feeds_by_ky,
        feeds_by_ry=_group(feeds, lambda z: (z[1], z[2])),
        plants_by_firm=_group(data.plants, lambda p: firm[p]),
        earlier_years={y: tuple(t for t in data.years if t <= y) for y in data.years},
        magnet_flows=tuple(magnets),
        magnets_by_ky=magnets_by_ky,
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
