"""The floor: accplan's LP assembled from models/FORMULATION.md with numpy, passed to highspy once.

What any Python tool must at least spend to hand this model to HiGHS: every family of the
constraint table is built as whole arrays (vectorised over plants and awards, loops only over
sources, minerals, years and stack depths), in accplan's row and column order, and passed as one
row-wise matrix. Nothing here imports ``models`` beyond the :class:`~models.data.ModelData`
record, so ``tests/test_benchmark_floor.py`` can check accplan's compiled matrix against it
element for element. :func:`benchmarks.floor_solve.solve_floor` runs the same two stages (each a
MIP, then the LP with the 0/1 columns held) and one-more-unit re-solves as
``models.solve.solve`` on the same HiGHS settings, so the two can be timed side by side.

It covers the core families of the constraint table (capacity, minerals from sources, the
scheme's awards: ``benchmarks/floor_awards.py`` and ``floor_scheme.py``); :func:`assemble`
refuses data that uses the optional supply-chain families (origin groups, offtake, licences,
processing routes, recycling, magnets): the benchmark instances have none.

Columns are numbered as accplan's compiler numbers them: every index of a variable at once, the
variables in the order the objectives and then the rows first meet them, and columns that
appear nowhere dropped. The rows are built on provisional column numbers (one block per
variable, :data:`BLOCKS`) and renumbered at the end. Rows: the constraint table, top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np

from models.assembly import blocks as floor_blocks
from models.assembly import scheme as floor_scheme
from models.assembly.awards import Awards, award_shape
from models.data import ModelData

INF = highspy.kHighsInf
USD_TO_MUSD = 1e-6
SUPPLY_CHAIN = (
    "group_max_share",
    "group_min_share",
    "offtake_t",
    "route_feed",
    "licence_t",
    "recycling_yield",
    "end_of_life_t",
    "magnet_t",
)
"""ModelData fields of the optional families the floor does not assemble."""


@dataclass
class FloorLP:
    """Row-wise LP arrays, the two cost vectors and the first row of each family."""

    n_cols: int
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    """True for a 0/1 column."""
    output: np.ndarray
    cost: np.ndarray
    families: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Family name -> (first row, number of rows)."""
    actionable: np.ndarray | None = None
    """False for a row of a plant in a year before it comes online (never re-solved)."""


class Builder:
    """Collects the rows of the constraint table, family after family, in row order."""

    def __init__(self) -> None:
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.actionable: list[np.ndarray] = []
        self.families: dict[str, tuple[int, int]] = {}
        self.n_rows = 0

    def add(self, name: str, cols, vals, lengths, lower, upper, actionable=True) -> None:
        """Rows of one family: entries row after row, ``lengths`` entries per row;
        ``actionable`` False for rows no input can move (see :func:`before_online`)."""
        lengths = np.asarray(lengths, dtype=np.int64)
        n = len(lengths)
        if n == 0:
            return
        self.cols.append(np.asarray(cols, dtype=np.int64).ravel())
        self.vals.append(np.asarray(vals, dtype=float).ravel())
        self.lengths.append(lengths)
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (n,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (n,)))
        self.actionable.append(np.broadcast_to(np.asarray(actionable, dtype=bool), (n,)))
        self.families[name] = (self.n_rows, n)
        self.n_rows += n

    def triplets(self, name: str, n: int, parts, lower=-INF, upper=0.0, actionable=True) -> None:
        """Rows of one family given as parts (rows, cols, values), each in row order within;
        a row's entries keep the order of the parts."""
        if n == 0:
            return
        rows = np.concatenate([np.asarray(p[0], dtype=np.int64) for p in parts])
        order = np.argsort(rows, kind="stable")
        cols = np.concatenate([np.asarray(p[1], dtype=np.int64) for p in parts])[order]
        vals = np.concatenate([np.asarray(p[2], dtype=float) for p in parts])[order]
        self.add(name, cols, vals, np.bincount(rows, minlength=n), lower, upper, actionable)


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
    """(s, k) with a price, sorted: the flow blocks."""
    users: dict[str, np.ndarray]
    """Mineral -> plants whose chemistry uses it (ascending)."""
    permitted: np.ndarray
    """(P, Y): M_py, 0 where missing."""
    installed: np.ndarray
    """(P,): Ē_p, capacity installed before the horizon."""

    @property
    def live(self) -> np.ndarray:
        """(P, Y): True from the plant's online year on (rows before it are not actionable)."""
        return self.years[None, :] >= self.online[:, None]


def _shape(d: ModelData) -> Shape:
    P, Y = len(d.plants), len(d.years)
    chem = [d.plant_chemistry[p] for p in d.plants]
    chem_need = {
        k: np.array([d.intensity_t_per_gwh.get((c, k), 0.0) for c in chem]) for k in d.minerals
    }
    users = {k: np.flatnonzero(v > 0) for k, v in chem_need.items()}
    return Shape(
        d,
        P,
        Y,
        np.array(d.years),
        np.array([d.online_year[p] for p in d.plants]),
        chem_need,
        sorted(d.price_usd_per_t),
        users,
        _plant_year_values(d, d.permitted_capacity_gwh, P, Y),
        _installed_before(d),
    )


def _plant_year_values(d: ModelData, mapping, P: int, Y: int, default: float = 0.0) -> np.ndarray:
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


def _numbered(mask: np.ndarray, start: int) -> np.ndarray:
    out = np.full(mask.shape, -1, dtype=np.int64)
    out[mask] = start + np.arange(int(mask.sum()))
    return out


def _columns(sh: Shape, aw: Awards) -> Cols:
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
        "build_block": floor_blocks.fits(sh.d, sh.permitted, sh.installed),
    }
    sizes = {"output_gwh": P * Y, "mineral_flow_t": n_flows, "capacity_added_gwh": P * Y}
    sizes["mineral_use_t"] = len(_use_rows(sh))
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
        u={key: first_u + i for i, key in enumerate(_use_rows(sh))},
        g=cols["candidate_award_gwh"],
        b=cols["candidate_awarded"],
        z=cols["claim_switch"],
        v=cols["deduction_switch"],
        cc=cols["ceiling_switch"],
        bb=cols["build_block"],
        n=n,
        blocks=blocks,
    )


def _share_limited(sh: Shape) -> list[tuple[str, str]]:
    d = sh.d
    return [
        (s, k)
        for s, k in sh.offers
        if d.source_imported.get(s, False)
        and d.max_source_share.get(k, 1.0) < 1.0
        and len(sh.users.get(k, ()))
    ]


def _use_rows(sh: Shape) -> list[tuple[str, int]]:
    limited = {k for _, k in _share_limited(sh)}
    return [(k, j) for k in sh.d.minerals if k in limited for j in range(sh.Y)]


def _cumulative(sh: Shape, c: Cols, b: Builder, name: str, plants, years, rhs, ge: bool) -> None:
    """Σ_{t≤y} x_pt for each (plant, year position) pair given."""
    lengths = years + 1
    t = np.concatenate([np.arange(j + 1) for j in years]) if len(years) else np.array([], int)
    cols = c.x[np.repeat(plants, lengths), t]
    lower, upper = (rhs, INF) if ge else (-INF, rhs)
    b.add(name, cols, np.ones(len(cols)), lengths, lower, upper, sh.live[plants, years])


def _capacity_rows(sh: Shape, c: Cols, b: Builder) -> None:
    d, P, Y = sh.d, sh.P, sh.Y
    permitted = _plant_year_values(d, d.permitted_capacity_gwh, P, Y)
    plants, years = np.divmod(np.arange(P * Y), Y)
    installed = _installed_before(d)
    limit = (permitted - installed[:, None]).ravel()
    _cumulative(sh, c, b, "capacity_limit", plants, years, limit, ge=False)
    committed = sorted(d.committed_capacity_gwh.items())
    pos = {p: i for i, p in enumerate(d.plants)}
    cp = np.array([pos[p] for (p, _), _ in committed], dtype=int)
    cy = np.array([y - d.years[0] for (_, y), _ in committed], dtype=int)
    rhs = np.array([v for _, v in committed]) - installed[cp]
    _cumulative(sh, c, b, "capacity_commitment", cp, cy, rhs, ge=True)
    # ramp_up: out_py − Σ_{t≤y} r_{y−t+1} x_pt ≤ 0 (the last ramp factor repeats); one plant's
    # entries as a template over its rows, then every plant at once
    r = np.asarray(d.ramp_factor)
    j = np.concatenate([np.full(y + 2, y) for y in range(Y)])
    t = np.concatenate([np.arange(-1, y + 1) for y in range(Y)])  # -1: the out_py entry
    is_out = t < 0
    vals = np.where(is_out, 1.0, -r[np.minimum(j - t, len(r) - 1)])
    plant = np.arange(P)[:, None]
    cols = np.where(is_out, c.out[plant, j], c.x[plant, np.maximum(t, 0)])
    b.add(
        "ramp_up",
        cols,
        np.broadcast_to(vals, cols.shape),
        np.tile(np.arange(2, Y + 2), P),
        -INF,
        _existing_producible(sh).ravel(),
        sh.live.ravel(),
    )
    mins = sorted(d.min_output_gwh.items())
    b.add(
        "min_output",
        [c.out[pos[p], y - d.years[0]] for (p, y), _ in mins],
        np.ones(len(mins)),
        np.ones(len(mins)),
        [v for _, v in mins],
        INF,
        [bool(sh.live[pos[p], y - d.years[0]]) for (p, y), _ in mins],
    )
    demand = sorted(d.demand_gwh.items())
    b.add(
        "demand_limit",
        np.concatenate([c.out[:, y - d.years[0]] for y, _ in demand] or [[]]),
        np.ones(P * len(demand)),
        np.full(len(demand), P),
        -INF,
        [v for _, v in demand],
    )


def _scrap(sh: Shape) -> np.ndarray:
    """q at plant age a = y − o_p + 1, clamped to 1 … len(q): (P, Y)."""
    q = np.asarray(sh.d.scrap_share)
    age = sh.years[None, :] - sh.online[:, None] + 1
    return q[np.clip(age, 1, len(q)) - 1]


def _mineral_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """mineral_need, mineral_supply_limit, mineral_use_balance, source_share_limit."""
    _need_rows(sh, c, b)
    _supply_rows(sh, c, b)
    _share_rows(sh, c, b)


def _need_rows(sh: Shape, c: Cols, b: Builder) -> None:
    d, Y = sh.d, sh.Y
    scrap = _scrap(sh)
    sources_of = {k: [s for s, kk in sh.offers if kk == k] for k in d.minerals}
    # mineral_need (p, k, y): Σ_s m_skpy − i_{c(p),k} (1 + q) out_py ≥ 0; rows ordered p, k, y.
    # Plants of one chemistry share the row pattern: build it per chemistry, then scatter the
    # plants' entries to their place in plant order.
    chem = np.array([d.plant_chemistry[p] for p in d.plants])
    rank = {k: np.full(sh.P, -1) for k in d.minerals}
    for k in d.minerals:
        rank[k][sh.users[k]] = np.arange(len(sh.users[k]))
    widths = {c_: [] for c_ in set(chem)}
    for c_ in widths:
        for k in d.minerals:
            if d.intensity_t_per_gwh.get((c_, k), 0.0) > 0:
                widths[c_] += [len(sources_of[k]) + 1] * Y
    per_plant = np.array([sum(widths[c_]) for c_ in chem], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(per_plant)])
    rows_per_plant = np.array([len(widths[c_]) for c_ in chem], dtype=np.int64)
    row_offset = np.concatenate([[0], np.cumsum(rows_per_plant)])
    cols = np.empty(offset[-1], dtype=np.int64)
    vals = np.empty(offset[-1])
    lengths = np.empty(row_offset[-1], dtype=np.int64)
    for c_ in sorted(widths):
        pc = np.flatnonzero(chem == c_)
        if not widths[c_]:
            continue
        block_c, block_v = _need_block(sh, c, c_, pc, (scrap, sources_of, rank))
        at = offset[pc][:, None] + np.arange(len(block_c))[None, :]
        cols[at] = np.column_stack(block_c)
        vals[at] = np.column_stack(block_v)
        lengths[row_offset[pc][:, None] + np.arange(len(widths[c_]))[None, :]] = widths[c_]
    row_plant = np.repeat(np.arange(sh.P), rows_per_plant)
    row_year = (np.arange(row_offset[-1]) - row_offset[row_plant]) % Y
    b.add("mineral_need", cols, vals, lengths, 0.0, INF, sh.live[row_plant, row_year])


def _need_block(sh: Shape, c: Cols, chem: str, pc: np.ndarray, shared: tuple) -> tuple:
    """Entries of the plants ``pc`` of one chemistry, row after row (k, y): flows, then out."""
    scrap, sources_of, rank = shared
    block_c, block_v = [], []
    for k in sh.d.minerals:
        i = sh.d.intensity_t_per_gwh.get((chem, k), 0.0)
        if i <= 0:
            continue
        need = i * (1.0 + scrap[pc])  # (n, Y)
        for jj in range(sh.Y):
            for s in sources_of[k]:
                block_c.append(c.flow_start[(s, k)] + rank[k][pc] * sh.Y + jj)
                block_v.append(np.ones(len(pc)))
            block_c.append(c.out[pc, jj])
            block_v.append(-need[:, jj])
    return block_c, block_v


def _flow_cols(sh: Shape, c: Cols, s: str, k: str) -> np.ndarray:
    """Columns of the flows (s, k, ·, ·), shape (users, Y)."""
    n = len(sh.users.get(k, ()))
    return c.flow_start[(s, k)] + np.arange(n * sh.Y).reshape(n, sh.Y)


def _supply_rows(sh: Shape, c: Cols, b: Builder) -> None:
    d, Y = sh.d, sh.Y
    cols, lengths, upper = [], [], []
    for s, k in sh.offers:
        f = _flow_cols(sh, c, s, k)
        if not f.shape[0]:
            continue
        cols.append(f.T.ravel())
        lengths += [f.shape[0]] * Y
        upper += [d.supply_t.get((s, k, y), 0.0) for y in d.years]
    b.add(
        "mineral_supply_limit",
        np.concatenate(cols or [[]]),
        np.ones(sum(lengths)),
        lengths,
        -INF,
        upper,
    )


def _share_rows(sh: Shape, c: Cols, b: Builder) -> None:
    d, Y = sh.d, sh.Y
    cols, vals, lengths = [], [], []
    for k, j in _use_rows(sh):
        flows = np.concatenate([_flow_cols(sh, c, s, kk)[:, j] for s, kk in sh.offers if kk == k])
        cols += [[c.u[(k, j)]], flows]
        vals += [[1.0], -np.ones(len(flows))]
        lengths.append(len(flows) + 1)
    b.add(
        "mineral_use_balance",
        np.concatenate(cols or [[]]),
        np.concatenate(vals or [[]]),
        lengths,
        0.0,
        0.0,
    )
    cols, vals, lengths = [], [], []
    for s, k in _share_limited(sh):
        f = _flow_cols(sh, c, s, k)
        sigma = d.max_source_share[k]
        for j in range(Y):
            cols += [f[:, j], [c.u[(k, j)]]]
            vals += [np.ones(f.shape[0]), [-sigma]]
            lengths.append(f.shape[0] + 1)
    b.add(
        "source_share_limit",
        np.concatenate(cols or [[]]),
        np.concatenate(vals or [[]]),
        lengths,
        -INF,
        0.0,
    )


def _installed_before(d: ModelData) -> np.ndarray:
    """Ē_p: capacity installed before the horizon, GWh/yr."""
    pos = {p: i for i, p in enumerate(d.plants)}
    out = np.zeros(len(d.plants))
    for (p, _v), gwh in d.existing_capacity_gwh.items():
        out[pos[p]] += gwh
    return out


def _existing_producible(sh: Shape) -> np.ndarray:
    """(P, Y): Σ_v r_{y−v+1} X_pv, what the vintages before the horizon can make."""
    d = sh.d
    r = np.asarray(d.ramp_factor)
    pos = {p: i for i, p in enumerate(d.plants)}
    out = np.zeros((sh.P, sh.Y))
    for (p, v), gwh in d.existing_capacity_gwh.items():
        out[pos[p]] += r[np.minimum(sh.years - v, len(r) - 1)] * gwh
    return out


def _award_rows(sh: Shape, aw: Awards, c: Cols, b: Builder) -> None:
    """The scheme's families, FORMULATION.md's order: candidates, claims, milestones,
    deductions, ceilings, payments, viability."""
    d = sh.d
    floor_scheme.candidate_rows(d, aw, c, b)
    floor_scheme.claim_rows(aw, c, b, sh.live)
    awards, years, needs = aw.milestones
    plants = aw.plant[awards]
    rhs = needs - sh.installed[plants]
    kept = rhs > 1e-12  # the model skips a row whose need is already installed
    _cumulative(sh, c, b, "milestone_build", plants[kept], years[kept], rhs[kept], ge=True)
    floor_scheme.deduction_rows(aw, c, b)
    floor_scheme.ceiling_rows(d, aw, c, b)
    floor_scheme.payment_rows(d, aw, c, b, c.n)
    floor_scheme.support_rows(d, aw, c, b, sh)
    b.add("output_floor", c.out.ravel(), np.ones(sh.P * sh.Y), [sh.P * sh.Y], 0.0, INF)


def _costs(sh: Shape, aw: Awards, c: Cols) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both objectives on provisional columns, and the columns of the cost in the order Pyomo
    meets them (the incentive paid first, then flows and capacity)."""
    d = sh.d
    output = np.zeros(c.n)
    output[c.out.ravel()] = 1.0
    paid_cols, paid_vals = floor_scheme.paid_cost(aw, c, c.n)
    cost = np.zeros(c.n)
    cost[paid_cols] = paid_vals
    flows = []
    for s, k in sh.offers:
        f = _flow_cols(sh, c, s, k).ravel()
        cost[f] = d.price_usd_per_t[(s, k)] * USD_TO_MUSD
        flows.append(f)
    capex = np.array([d.capex_musd_per_gwh.get(p, 0.0) for p in d.plants])
    cost[c.x] = capex[:, None]
    met = np.concatenate([paid_cols, *flows, c.x.ravel()])
    return output, cost, met[cost[met] != 0]


def _renumbered(c: Cols, streams: list[np.ndarray]) -> np.ndarray:
    """Provisional -> final column (−1: appears nowhere): variables in the order ``streams``
    (objectives, then rows) first meet them, every used index of a variable at once."""
    stream = np.concatenate(streams)
    used = np.zeros(c.n, dtype=bool)
    used[stream] = True
    starts = np.array([c.blocks[name][0] for name in BLOCKS])
    block_of = np.searchsorted(starts, stream, side="right") - 1
    # blocks with no columns share a start with the next: searchsorted picks the last, non-empty
    met, first = np.unique(block_of, return_index=True)
    order = met[np.argsort(first, kind="stable")]
    spans = [np.arange(*_span(c, BLOCKS[i])) for i in order]
    kept = np.concatenate([s[used[s]] for s in spans]) if spans else np.zeros(0, int)
    final = np.full(c.n, -1, dtype=np.int64)
    final[kept] = np.arange(len(kept))
    return final


def _span(c: Cols, name: str) -> tuple[int, int]:
    start, count = c.blocks[name]
    return start, start + count


def _column_bounds(d: ModelData, aw: Awards, c: Cols) -> tuple[np.ndarray, np.ndarray]:
    upper = np.full(c.n, INF)
    awarded = ~aw.candidate[aw.ay_a]
    upper[c.e[awarded]] = aw.size[aw.ay_a[awarded]]
    unsized = aw.candidate & (c.b < 0)
    upper[c.g[unsized]] = aw.size[unsized]
    upper[c.Q[c.Q >= 0]] = [d.award_ceiling_musd[d.awards[a]] for a in aw.ay_a[c.Q >= 0]]
    integer = np.zeros(c.n, dtype=bool)
    for name in BINARY:
        integer[slice(*_span(c, name))] = True
    upper[integer] = 1.0
    return upper, integer


def assemble(d: ModelData) -> FloorLP:
    """accplan's LP for ``d`` as row-wise arrays (FORMULATION.md, top to bottom)."""
    extra = [name for name in SUPPLY_CHAIN if getattr(d, name, None)]
    if extra:
        raise ValueError(f"the floor has no supply-chain families; the data sets {extra}")
    sh = _shape(d)
    aw = award_shape(d, sh.permitted)
    c = _columns(sh, aw)
    b = Builder()
    _capacity_rows(sh, c, b)
    floor_blocks.block_rows(sh, c.x, c.bb, b)
    _mineral_rows(sh, c, b)
    _award_rows(sh, aw, c, b)
    output, cost, met = _costs(sh, aw, c)
    cols = np.concatenate(b.cols)
    final = _renumbered(c, [c.out.ravel(), met, cols])
    keep = np.flatnonzero(final >= 0)
    lengths = np.concatenate(b.lengths)
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    upper, integer = _column_bounds(d, aw, c)
    upper[c.x[floor_blocks.closed(d, sh.permitted, sh.installed)]] = 0.0  # no block fits
    inverse = np.empty(len(keep), dtype=np.int64)
    inverse[final[keep]] = keep
    return FloorLP(
        n_cols=len(keep),
        starts=starts,
        index=final[cols],
        value=np.concatenate(b.vals),
        row_lower=np.concatenate(b.lower),
        row_upper=np.concatenate(b.upper),
        col_upper=upper[inverse],
        integer=integer[inverse],
        output=output[inverse],
        cost=cost[inverse],
        families=b.families,
        actionable=np.concatenate(b.actionable),
    )
