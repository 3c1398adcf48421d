"""Seeded synthetic instances of accplan's shape, for benchmarks and the random cross-check.

Magnitudes follow the domain brief §7 (intensities ~100–1,000 t/GWh, prices ~2,000–55,000 USD/t,
supplies ~10^3–10^5 t/yr, incentive ~5–12 USD/kWh, capex ~60 USD m per GWh/yr), so the scaling
of a synthetic LP resembles the base case's. Not real data.
"""

from __future__ import annotations

import random
from dataclasses import replace

from models.data import ModelData, one_award_per_plant

CHEMISTRY_INTENSITY_T_PER_GWH = {
    "LFP": {"Li": 487, "Gr": 985, "P": 392, "Cu": 551},
    "NMC811": {"Li": 531, "Ni": 658, "Co": 83, "Mn": 77, "Gr": 924, "Cu": 370},
    "NMC622": {"Li": 587, "Ni": 546, "Co": 183, "Mn": 170, "Gr": 910, "Cu": 388},
    "NaIon": {"Mn": 322, "P": 123, "Cu": 534},
}
"""Brief §7.2, rounded."""
PRICE_USD_PER_T = {
    "Li": 15000,
    "Ni": 17750,
    "Co": 55000,
    "Mn": 2500,
    "Gr": 2100,
    "P": 1500,
    "Cu": 13000,
}


def _phase_path(rng: random.Random, years: list[int], online: int) -> dict[int, float]:
    size = rng.choice([5.0, 10.0, 12.0, 20.0, 30.0])
    first = size * rng.choice([0.25, 0.5, 1.0])
    path, level = {}, first
    for y in years:
        if y >= online:
            path[y] = level
            level = min(size, level + rng.choice([0.0, first, size / 2]))
    return path


def _plants(rng: random.Random, n: int, years: list[int], firms: int) -> dict:
    names = [f"P{i:04d}" for i in range(1, n + 1)]
    chem = {p: rng.choice(sorted(CHEMISTRY_INTENSITY_T_PER_GWH)) for p in names}
    online = {p: rng.choice(years[: max(1, len(years) - 2)]) for p in names}
    permitted = {}
    for p in names:
        for y, gwh in _phase_path(rng, years, online[p]).items():
            permitted[(p, y)] = gwh
    firm = {p: f"F{rng.randrange(firms):03d}" for p in names}
    return {"plants": names, "chem": chem, "online": online, "permitted": permitted, "firm": firm}


def _supply(rng: random.Random, n_plants: int, years: list[int], sources: int) -> dict:
    names = [f"S{i:02d}" for i in range(1, sources + 1)]
    price, supply = {}, {}
    scale = max(1.0, n_plants / 10)
    offers = {s: set(rng.sample(sorted(PRICE_USD_PER_T), rng.randint(1, 3))) for s in names}
    for k in sorted(PRICE_USD_PER_T):  # every mineral has at least one source
        if not any(k in ks for ks in offers.values()):
            offers[rng.choice(names)].add(k)
    for s in names:
        for k in sorted(offers[s]):
            price[(s, k)] = PRICE_USD_PER_T[k] * rng.uniform(0.9, 1.1)
            base = rng.uniform(2e3, 3e4) * scale
            for i, y in enumerate(years):
                if rng.random() > 0.1:
                    supply[(s, k, y)] = round(base * (1 + 0.1 * i), 1)
    imported = {s: i > 0 for i, s in enumerate(names)}
    return {"sources": names, "price": price, "supply": supply, "imported": imported}


def _incentive(rng: random.Random, plants: list[str], years: list[int]) -> dict:
    award, rate, gap = {}, {}, {}
    for p in plants:
        if rng.random() < 0.4:
            award[p] = rng.choice([5.0, 10.0, 20.0])
            start = rng.choice(years)
            for y in years:
                if start <= y < start + 5:
                    rate[(p, y)] = round(rng.uniform(5.0, 12.0), 3)
        if rng.random() < 0.3:
            gap[p] = round(rng.uniform(1.0, 15.0), 3)
    return {"award": award, "rate": rate, "gap": gap}


def _plant_economics(seed: int, pl: dict, inc: dict, years: list[int]) -> dict:
    """Capital premium (from the drawn gap × 2), operating gaps, window years after the horizon
    and capacity installed before it, from a stream of their own (the other draws stay put)."""
    rng = random.Random(f"plant-economics-{seed}")
    premium = {p: round(2.0 * gap, 3) for p, gap in inc["gap"].items()}
    operating = {p: round(rng.uniform(0.5, 4.0), 3) for p in pl["plants"] if rng.random() < 0.15}
    after = {p: rng.randint(1, 3) for p in inc["award"] if rng.random() < 0.3}
    existing, online = {}, dict(pl["online"])
    for p in pl["plants"]:
        first = pl["permitted"].get((p, years[0]), 0.0)
        if online[p] == years[0] and first > 0 and rng.random() < 0.3:
            vintage = years[0] - rng.randint(1, 3)
            existing[(p, vintage)] = round(first * rng.uniform(0.2, 1.0), 2)
            online[p] = vintage
    return {
        "capital_premium_musd_per_gwh": premium,
        "operating_gap_musd_per_gwh": operating,
        "support_years_after_horizon": after,
        "existing_capacity_gwh": existing,
        "online_year": online,
    }


def _within_firm_cap(award: dict, firm: dict, cap: float) -> dict:
    """Drop awards (in plant order) that would take a firm's awards above the cap."""
    held: dict[str, float] = {}
    kept = {}
    for p in sorted(award):
        if held.get(firm[p], 0.0) + award[p] <= cap:
            held[firm[p]] = held.get(firm[p], 0.0) + award[p]
            kept[p] = award[p]
    return kept


def _scheme(seed: int, fields: dict, pl: dict, years: list[int], cap: float) -> dict:
    """Second awards, penalties, ceilings and candidates, from their own random stream (so the
    plants, supplies and first awards do not depend on them)."""
    rng = random.Random(7919 * seed + 1)
    awards, plant, firm = list(fields["awards"]), dict(fields["award_plant"]), {}
    firm.update(fields["award_firm"])
    gwh, rate = dict(fields["award_gwh"]), dict(fields["award_rate_musd_per_gwh"])
    held = {f: sum(w for a, w in gwh.items() if firm[a] == f) for f in set(firm.values())}
    out: dict = {"award_penalty_musd": {}, "award_penalty_carried_musd": {}}
    out |= {"award_milestone_gwh": {}, "award_ceiling_musd": {}, "candidate_gwh": {}}
    order: dict[str, int] = {}
    for p in pl["plants"]:
        f = pl["firm"][p]
        roll = rng.random()
        if roll < 0.3 and held.get(f, 0.0) + 5.0 <= cap:  # another agreement, later window
            a = f"{p}-2"
            awards.append(a)
            plant[a], firm[a], gwh[a], order[a] = p, f, 5.0, 1
            held[f] = held.get(f, 0.0) + 5.0
            start = rng.choice(years)
            rate |= {(a, y): round(rng.uniform(4.0, 12.0), 3) for y in years if y >= start}
        elif roll < 0.55:  # a candidate for the unawarded capacity
            a = f"{p}-C"
            awards.append(a)
            plant[a], firm[a], order[a] = p, f, 2
            out["candidate_gwh"][a] = (rng.choice([0.0, 2.0, 5.0]), rng.choice([5.0, 10.0]))
            start = rng.choice(years)
            rate |= {(a, y): round(rng.uniform(4.0, 12.0), 3) for y in years if y >= start}
    for a in sorted(gwh):
        if rng.random() < 0.3:
            out["award_milestone_gwh"][a] = gwh[a]
            out["award_penalty_carried_musd"][a] = round(rng.uniform(0.0, 5.0), 2)
            out["award_penalty_musd"] |= {(a, y): round(rng.uniform(1.0, 5.0), 2) for y in years}
        if rng.random() < 0.3:
            out["award_ceiling_musd"][a] = round(gwh[a] * rng.uniform(5.0, 30.0), 1)
    return out | {
        "awards": tuple(sorted(awards)),
        "award_plant": plant,
        "award_firm": firm,
        "award_gwh": gwh,
        "award_rate_musd_per_gwh": rate,
        "award_order": order,
        "scheme_capacity_gwh": sum(gwh.values()) + rng.choice([5.0, 10.0, 15.0]),
    }


def synthetic_data(
    seed: int,
    n_plants: int = 10,
    n_years: int = 7,
    n_sources: int = 11,
    *,
    optional_limits: bool = True,
    scheme: bool = True,
) -> ModelData:
    """A seeded random instance: same arguments, same data.

    Parameters
    ----------
    seed : int
        Random seed.
    n_plants, n_years, n_sources : int
        Size. Firms are about ``n_plants / 2``.
    optional_limits : bool
        Also draw commitments, source-share limits, annual budgets and demand caps.
    scheme : bool
        Also draw second awards, penalties, ceilings and candidates (0/1 decisions).
    """
    rng = random.Random(seed)
    years = list(range(2026, 2026 + n_years))
    pl = _plants(rng, n_plants, years, max(1, n_plants // 2))
    sup = _supply(rng, n_plants, years, n_sources)
    inc = _incentive(rng, pl["plants"], years)
    minerals = sorted({k for (_s, k) in sup["price"]} | {"Li"})
    intensity = {
        (c, k): float(t) for c, ks in CHEMISTRY_INTENSITY_T_PER_GWH.items() for k, t in ks.items()
    }
    extra = _optional(rng, pl, years, _well_supplied(sup["price"])) if optional_limits else {}
    awards = one_award_per_plant(
        pl["firm"], inc["rate"], _within_firm_cap(inc["award"], pl["firm"], 20.0)
    )
    if scheme:
        awards = _scheme(seed, awards, pl, years, 20.0)
    return ModelData(
        plants=tuple(pl["plants"]),
        years=tuple(years),
        minerals=tuple(minerals),
        sources=tuple(sup["sources"]),
        plant_firm=pl["firm"],
        plant_chemistry=pl["chem"],
        permitted_capacity_gwh=pl["permitted"],
        ramp_factor=(0.3, 0.6, 0.8, 0.9),
        scrap_share=(0.15, 0.15, 0.04),
        intensity_t_per_gwh=intensity,
        supply_t=sup["supply"],
        price_usd_per_t=sup["price"],
        source_imported=sup["imported"],
        source_origin={s: ("India" if not imp else "Abroad") for s, imp in sup["imported"].items()},
        capex_musd_per_gwh={p: rng.choice([58.0, 60.0, 70.0, 75.0]) for p in pl["plants"]},
        firm_cap_gwh=20.0,
        budget_musd=round(rng.uniform(0.05, 0.3) * 2080 * max(1.0, n_plants / 10), 1),
        **_plant_economics(seed, pl, inc, years),
        **extra,
        **awards,
    )


def _well_supplied(price: dict) -> list[str]:
    """Minerals offered by three or more sources: a share limit on them rarely stops output."""
    count: dict[str, int] = {}
    for _s, k in price:
        count[k] = count.get(k, 0) + 1
    return sorted(k for k, n in count.items() if n >= 3)


def _optional(rng: random.Random, pl: dict, years: list[int], minerals: list[str]) -> dict:
    committed = {
        key: round(gwh * rng.uniform(0.2, 0.8), 2)
        for key, gwh in sorted(pl["permitted"].items())
        if rng.random() < 0.1
    }
    share = {k: rng.choice([0.5, 0.6, 0.8]) for k in minerals if rng.random() < 0.5}
    annual = {y: round(rng.uniform(20, 200), 1) for y in years if rng.random() < 0.3}
    n = len(pl["plants"])
    demand = {y: round(rng.uniform(5, 30) * n, 1) for y in years if rng.random() < 0.3}
    return {
        "committed_capacity_gwh": committed,
        "max_source_share": share,
        "annual_budget_musd": annual,
        "demand_gwh": demand,
    }


def replicate(data: ModelData, copies: int) -> ModelData:
    """``copies`` clones of every plant (and firm), with supplies, budgets and demand scaled.

    The result has exactly ``copies`` × the plants and, row for row, about ``copies`` × the
    nonzeros of ``data``: the fair input for a build-scaling benchmark.
    """

    def tag(name: str, r: int) -> str:
        return f"{name}.{r:03d}"

    def plant_map(mapping: dict) -> dict:
        return {tag(p, r): v for p, v in mapping.items() for r in range(copies)}

    def plant_year_map(mapping: dict) -> dict:
        return {(tag(p, r), y): v for (p, y), v in mapping.items() for r in range(copies)}

    return replace(
        data,
        plants=tuple(sorted(tag(p, r) for p in data.plants for r in range(copies))),
        plant_firm={
            tag(p, r): tag(f, r) for p, f in data.plant_firm.items() for r in range(copies)
        },
        plant_chemistry=plant_map(dict(data.plant_chemistry)),
        online_year=plant_map(dict(data.online_year)),
        permitted_capacity_gwh=plant_year_map(dict(data.permitted_capacity_gwh)),
        supply_t={key: t * copies for key, t in data.supply_t.items()},
        capex_musd_per_gwh=plant_map(dict(data.capex_musd_per_gwh)),
        awards=tuple(sorted(tag(a, r) for a in data.awards for r in range(copies))),
        award_plant={
            tag(a, r): tag(p, r) for a, p in data.award_plant.items() for r in range(copies)
        },
        award_firm={
            tag(a, r): tag(f, r) for a, f in data.award_firm.items() for r in range(copies)
        },
        award_gwh=plant_map(dict(data.award_gwh)),
        candidate_gwh=plant_map(dict(data.candidate_gwh)),
        award_rate_musd_per_gwh=plant_year_map(dict(data.award_rate_musd_per_gwh)),
        award_order=plant_map(dict(data.award_order)),
        award_ceiling_musd=plant_map(dict(data.award_ceiling_musd)),
        award_penalty_musd=plant_year_map(dict(data.award_penalty_musd)),
        award_penalty_carried_musd=plant_map(dict(data.award_penalty_carried_musd)),
        award_milestone_gwh=plant_map(dict(data.award_milestone_gwh)),
        scheme_capacity_gwh=None
        if data.scheme_capacity_gwh is None
        else data.scheme_capacity_gwh * copies,
        budget_musd=data.budget_musd * copies,
        capital_premium_musd_per_gwh=plant_map(dict(data.capital_premium_musd_per_gwh)),
        operating_gap_musd_per_gwh=plant_map(dict(data.operating_gap_musd_per_gwh)),
        support_years_after_horizon=plant_map(dict(data.support_years_after_horizon)),
        existing_capacity_gwh={
            (tag(p, r), v): g
            for (p, v), g in data.existing_capacity_gwh.items()
            for r in range(copies)
        },
        committed_capacity_gwh=plant_year_map(dict(data.committed_capacity_gwh)),
        min_output_gwh=plant_year_map(dict(data.min_output_gwh)),
        annual_budget_musd={y: v * copies for y, v in data.annual_budget_musd.items()},
        demand_gwh={y: v * copies for y, v in data.demand_gwh.items()},
    )
