"""The instance as integer codes (plants, years, minerals, sources, awards) and the provisional
column numbers of every variable: one block per variable component, in the order of
:data:`BLOCKS`, each block holding every index of the variable in Pyomo's order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import product

import numpy as np

from models import existing
from models.assembly import blocks as build_blocks
from models.assembly.awards import Awards, award_year_keys
from models.assembly.builder import Keys
from models.assembly.chain_index import CHAIN_BLOCKS, ChainIndex, chain_keys, chain_sizes, index_of
from models.data import ModelData


@dataclass
class Shape:
    """Integer codes of the instance: plant p, year j (position in Y), mineral k, source s."""

    d: ModelData
    P: int
    Y: int
    years: np.ndarray
    online: np.ndarray
    chem_need: dict[str, np.ndarray]
    """Mineral -> intensity i_{c(p),k} of every plant (0 where not used)."""
    offers: list[tuple[str, str]]
    """(v, k): every supplier (source, route, recycler) and form it delivers, sorted: the flow
    blocks."""
    users: dict[str, np.ndarray]
    """Mineral -> plants whose chemistry uses it (ascending)."""
    permitted: np.ndarray
    """(P, Y): M_py, 0 where missing."""
    installed: np.ndarray
    """(P,): Ē_p, capacity installed before the horizon."""
    chain: ChainIndex
    """The supply chain's index lists (:mod:`models.assembly.chain_index`)."""

    @cached_property
    def grid(self) -> list[tuple]:
        """(p, y) of every plant-year, in (plant, year) order, made once: every family and
        variable over plant-years shares these tuples."""
        return list(product(self.d.plants, self.d.years))

    def pick(self, mask: np.ndarray) -> Keys:
        """Keys (p, y) where the (P, Y) ``mask`` holds, in (plant, year) order."""
        return lambda: [self.grid[i] for i in np.flatnonzero(mask).tolist()]

    @property
    def live(self) -> np.ndarray:
        """(P, Y): True from the plant's online year on (rows before it are not actionable)."""
        return self.years[None, :] >= self.online[:, None]


def shape_of(d: ModelData) -> Shape:
    """The instance's codes and the arrays most families read."""
    P, Y = len(d.plants), len(d.years)
    chem = [d.plant_chemistry[p] for p in d.plants]
    chem_need = {
        k: np.array([d.intensity_t_per_gwh.get((c, k), 0.0) for c in chem]) for k in d.minerals
    }
    users = {k: np.flatnonzero(v > 0) for k, v in chem_need.items()}
    chain = index_of(d, users)
    return Shape(
        d,
        P,
        Y,
        np.array(d.years),
        np.array([d.online_year[p] for p in d.plants]),
        chem_need,
        chain.offers,
        users,
        plant_year_values(d, d.permitted_capacity_gwh, P, Y),
        installed_before(d),
        chain,
    )


def plant_year_values(
    d: ModelData, mapping: Mapping[tuple[str, int], float], P: int, Y: int, default: float = 0.0
) -> np.ndarray:
    """(P, Y) array of a (p, y)-keyed map, ``default`` where a key is missing."""
    out = np.full((P, Y), default)
    pos = {p: i for i, p in enumerate(d.plants)}
    first = d.years[0]
    for (p, y), v in mapping.items():
        out[pos[p], y - first] = v
    return out


BLOCKS = (
    "output_gwh",
    "award_eligible_gwh",
    "penalty_deducted_musd",
    "ceiling_paid_musd",
    "mineral_flow_t",
    "capacity_added_gwh",
    "mineral_use_t",
    "candidate_award_gwh",
    "candidate_awarded",
    "claim_switch",
    "deduction_switch",
    "ceiling_switch",
    "build_block",
    *CHAIN_BLOCKS,
)
"""Variables, in the order provisional column numbers are handed out."""
BINARY = ("candidate_awarded", "claim_switch", "deduction_switch", "ceiling_switch", "build_block")


@dataclass
class Cols:
    """Provisional column numbers of each variable block (−1 where an index does not exist)."""

    out: np.ndarray
    """(P, Y)."""
    e: np.ndarray
    """Per award-year."""
    D: np.ndarray
    Q: np.ndarray
    flow_start: dict[tuple[str, str], int]
    """(s, k) -> first column of its flows, ordered (user plant, year)."""
    x: np.ndarray
    u: dict[tuple[str, int], int]
    g: np.ndarray
    """Per award (candidates only)."""
    b: np.ndarray
    z: np.ndarray
    v: np.ndarray
    cc: np.ndarray
    """Per award-year: claim, deduction and ceiling switches."""
    bb: np.ndarray
    """(P, Y): build_block switches (minimum build blocks)."""
    n: int
    blocks: dict[str, tuple[int, int]]
    """Variable -> (first provisional column, count)."""
    keys: dict[str, Keys]
    """Variable -> the maker of its index tuples, one per provisional column of its block."""


def _numbered(mask: np.ndarray, start: int) -> np.ndarray:
    out = np.full(mask.shape, -1, dtype=np.int64)
    out[mask] = start + np.arange(int(mask.sum()))
    return out


def columns_of(sh: Shape, aw: Awards) -> Cols:
    """Provisional columns: every index of every variable, block after block (:data:`BLOCKS`)."""
    P, Y = sh.P, sh.Y
    n_flows = sum(len(sh.users.get(k, ())) * Y for _, k in sh.offers)
    sized = aw.candidate & np.array(
        [sh.d.candidate_gwh.get(a, (0.0, 0.0))[0] > 0 for a in aw.names], dtype=bool
    )
    masks = {
        "award_eligible_gwh": np.ones(len(aw.ay_a), bool),
        "penalty_deducted_musd": aw.deducted,
        "ceiling_paid_musd": aw.ceiling,
        "candidate_award_gwh": aw.candidate,
        "candidate_awarded": sized,
        "claim_switch": aw.switch,
        "deduction_switch": aw.deducted,
        "ceiling_switch": aw.ceiling,
        "build_block": build_blocks.fits(sh.d, sh.permitted, sh.installed),
    }
    sizes = {"output_gwh": P * Y, "mineral_flow_t": n_flows, "capacity_added_gwh": P * Y}
    sizes["mineral_use_t"] = len(use_rows(sh))
    sizes.update(chain_sizes(sh.chain, Y))
    blocks, n, cols = {}, 0, {}
    for name in BLOCKS:
        count = int(masks[name].sum()) if name in masks else sizes[name]
        blocks[name] = (n, count)
        if name in masks:
            cols[name] = _numbered(masks[name], n)
        n += count
    flow_start, at = {}, blocks["mineral_flow_t"][0]
    for s, k in sh.offers:
        flow_start[(s, k)] = at
        at += len(sh.users.get(k, ())) * Y
    first_u = blocks["mineral_use_t"][0]
    return Cols(
        out=np.arange(P * Y).reshape(P, Y),
        e=cols["award_eligible_gwh"],
        D=cols["penalty_deducted_musd"],
        Q=cols["ceiling_paid_musd"],
        flow_start=flow_start,
        x=blocks["capacity_added_gwh"][0] + np.arange(P * Y).reshape(P, Y),
        u={key: first_u + i for i, key in enumerate(use_rows(sh))},
        g=cols["candidate_award_gwh"],
        b=cols["candidate_awarded"],
        z=cols["claim_switch"],
        v=cols["deduction_switch"],
        cc=cols["ceiling_switch"],
        bb=cols["build_block"],
        n=n,
        blocks=blocks,
        keys=_column_keys(sh, aw, masks),
    )


def _column_keys(sh: Shape, aw: Awards, masks: dict[str, np.ndarray]) -> dict[str, Keys]:
    d = sh.d
    keys = {"output_gwh": lambda: list(sh.grid), "capacity_added_gwh": lambda: list(sh.grid)}
    for name in ("award_eligible_gwh", "penalty_deducted_musd", "ceiling_paid_musd"):
        keys[name] = award_year_keys(d, aw, masks[name])
    for name in ("claim_switch", "deduction_switch", "ceiling_switch"):
        keys[name] = award_year_keys(d, aw, masks[name])
    for name in ("candidate_award_gwh", "candidate_awarded"):
        keys[name] = _award_keys(aw, masks[name])
    keys["build_block"] = sh.pick(masks["build_block"])
    keys["mineral_use_t"] = lambda: [(k, d.years[j]) for k, j in use_rows(sh)]
    keys.update(chain_keys(sh.chain, d.years))
    keys["mineral_flow_t"] = lambda: [
        (s, k, p, y)
        for s, k in sh.offers
        for p in [d.plants[i] for i in sh.users.get(k, ())]
        for y in d.years
    ]
    return keys


def _award_keys(aw: Awards, mask: np.ndarray) -> Keys:
    return lambda: [(aw.names[i],) for i in np.flatnonzero(mask).tolist()]


def use_rows(sh: Shape) -> list[tuple[str, int]]:
    """(k, year position) of every mineral_use_t column (USE_ROWS)."""
    return sh.chain.use


def flow_cols(sh: Shape, c: Cols, s: str, k: str) -> np.ndarray:
    """Columns of the flows (s, k, ·, ·), shape (users, Y)."""
    n = len(sh.users.get(k, ()))
    return c.flow_start[(s, k)] + np.arange(n * sh.Y).reshape(n, sh.Y)


def installed_before(d: ModelData) -> np.ndarray:
    """(P,): Ē_p, capacity installed before the horizon, GWh/yr (the model's own sum,
    :func:`models.existing.installed_before`, in plant order)."""
    before = existing.installed_before(d)
    return np.array([before.get(p, 0.0) for p in d.plants])


def existing_producible(sh: Shape) -> np.ndarray:
    """(P, Y): Σ_v r_{y−v+1} X_pv, what the vintages before the horizon can make."""
    d = sh.d
    r = np.asarray(d.ramp_factor)
    pos = {p: i for i, p in enumerate(d.plants)}
    out = np.zeros((sh.P, sh.Y))
    for (p, v), gwh in d.existing_capacity_gwh.items():
        out[pos[p]] += r[np.minimum(sh.years - v, len(r) - 1)] * gwh
    return out


def span(c: Cols, name: str) -> tuple[int, int]:
    """First and one-past-last provisional column of variable ``name``."""
    start, count = c.blocks[name]
    return start, start + count
