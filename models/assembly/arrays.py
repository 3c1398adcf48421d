"""accplan's LP for a :class:`~models.data.ModelData` as row-wise numpy arrays, assembled family
by family from models/FORMULATION.md (vectorised over plants and awards; loops only over
sources, minerals, years and stack depths), in the row and column order compiling the Pyomo
model gives (:mod:`models.matrix`).

Columns are numbered as the compiler numbers them: every index of a variable at once, the
variables in the order the objectives and then the rows first meet them, and columns that
appear nowhere dropped. The rows are built on provisional column numbers (one block per
variable, :data:`models.assembly.shape.BLOCKS`) and renumbered at the end. Rows: the
constraint table, top to bottom.

:func:`lp_arrays` is what any tool must at least compute to hand this LP to HiGHS (the
benchmark's floor); :func:`assembled` keeps what naming the rows and columns needs
(:mod:`models.assembly.compiled`). Only data that :func:`models.assembly.coverage.refusal`
accepts is assembled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.assembly import blocks as build_blocks
from models.assembly import scheme
from models.assembly.awards import Awards, award_shape
from models.assembly.builder import INF, Builder, Keys
from models.assembly.capacity import block_rows, capacity_rows, cumulative
from models.assembly.chain import chain_bounds, chain_costs, chain_rows
from models.assembly.chain_magnets import magnet_rows
from models.assembly.coverage import refusal
from models.assembly.goals import goal_rows, objectives
from models.assembly.minerals import mineral_rows
from models.assembly.shape import BINARY, BLOCKS, Cols, Shape, columns_of, flow_cols, shape_of, span
from models.data import ModelData
from models.units import USD_TO_MUSD


@dataclass
class LPArrays:
    """Row-wise LP arrays, the two cost vectors and the first row of each family."""

    n_cols: int
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_upper: np.ndarray
    """Column upper bounds (every lower bound is 0)."""
    integer: np.ndarray
    """True for a 0/1 column."""
    output: np.ndarray
    """Costs of ``total_output_gwh``."""
    cost: np.ndarray
    """Costs of ``total_cost_musd``."""
    families: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Family name -> (first row, number of rows), for families with rows."""
    actionable: np.ndarray | None = None
    """False for a row of a plant in a year before it comes online (never re-solved)."""
    objectives: dict[str, np.ndarray] = field(default_factory=dict)
    """The objectives a solve compiles (:func:`models.goals.compiled_objectives`), in the
    order the model declares them: name -> costs."""


@dataclass
class Assembly:
    """The arrays and what they were made from: the instance's codes, the awards, the
    provisional columns, the collected rows and each provisional column's final number."""

    lp: LPArrays
    shape: Shape
    awards: Awards
    cols: Cols
    rows: Builder
    final: np.ndarray
    """Provisional column -> final column, −1 where it appears in no row or objective."""


def _award_rows(sh: Shape, aw: Awards, c: Cols, b: Builder) -> None:
    """The scheme's families, FORMULATION.md's order: candidates, claims, milestones,
    deductions, ceilings, payments, viability."""
    d = sh.d
    scheme.candidate_rows(d, aw, c, b)
    scheme.claim_rows(d, aw, c, b, sh)
    awards, years, needs = aw.milestones
    plants = aw.plant[awards]
    rhs = needs - sh.installed[plants]
    kept = rhs > 1e-12  # the model skips a row whose need is already installed
    keys = _milestone_keys(d, awards[kept], years[kept])
    cumulative(sh, c, b, "milestone_build", plants[kept], years[kept], rhs[kept], True, keys)
    scheme.deduction_rows(d, aw, c, b)
    scheme.ceiling_rows(d, aw, c, b)
    scheme.payment_rows(d, aw, c, b, c.n)
    scheme.support_rows(d, aw, c, b, sh)
    goal_rows(sh, aw, c, b)


def _milestone_keys(d: ModelData, awards: np.ndarray, years: np.ndarray) -> Keys:
    a, j = awards.tolist(), years.tolist()
    return lambda: [(d.awards[i], d.years[t]) for i, t in zip(a, j, strict=True)]


def _costs(sh: Shape, aw: Awards, c: Cols) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both objectives on provisional columns, and the columns of the cost in the order Pyomo
    meets them (the incentive paid first, then flows and capacity)."""
    d = sh.d
    output = np.zeros(c.n)
    output[c.out.ravel()] = 1.0
    paid_cols, paid_vals = scheme.paid_cost(aw, c, c.n)
    cost = np.zeros(c.n)
    cost[paid_cols] = paid_vals
    flows = []
    for s, k in sh.chain.priced:  # routes and recyclers: paid for at their feed
        f = flow_cols(sh, c, s, k).ravel()
        cost[f] = d.price_usd_per_t[(s, k)] * USD_TO_MUSD
        flows.append(f)
    capex = np.array([d.capex_musd_per_gwh.get(p, 0.0) for p in d.plants])
    cost[c.x] = capex[:, None]
    chain_cols, chain_vals = chain_costs(sh, c)
    cost[chain_cols] = chain_vals
    met = np.concatenate([paid_cols, *flows, c.x.ravel(), chain_cols])
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
    spans = [np.arange(*span(c, BLOCKS[i])) for i in order]
    kept = np.concatenate([s[used[s]] for s in spans]) if spans else np.zeros(0, int)
    final = np.full(c.n, -1, dtype=np.int64)
    final[kept] = np.arange(len(kept))
    return final


def _column_bounds(d: ModelData, aw: Awards, c: Cols) -> tuple[np.ndarray, np.ndarray]:
    upper = np.full(c.n, INF)
    awarded = ~aw.candidate[aw.ay_a]
    upper[c.e[awarded]] = aw.size[aw.ay_a[awarded]]
    unsized = aw.candidate & (c.b < 0)
    upper[c.g[unsized]] = aw.size[unsized]
    upper[c.Q[c.Q >= 0]] = [d.award_ceiling_musd[d.awards[a]] for a in aw.ay_a[c.Q >= 0]]
    integer = np.zeros(c.n, dtype=bool)
    for name in BINARY:
        integer[slice(*span(c, name))] = True
    upper[integer] = 1.0
    return upper, integer


def assembled(d: ModelData) -> Assembly:
    """accplan's LP for ``d`` (FORMULATION.md, top to bottom) and what it was made from.

    Raises
    ------
    ValueError
        If ``d`` uses what the assembly does not cover (:func:`refusal` says what).
    """
    why = refusal(d)
    if why is not None:
        raise ValueError(f"the assembly does not cover this data: {why}")
    sh = shape_of(d)
    aw = award_shape(d, sh.permitted)
    c = columns_of(sh, aw)
    b = Builder()
    capacity_rows(sh, c, b)
    block_rows(sh, c, b)
    magnet_rows(sh, c, b)
    mineral_rows(sh, c, b)
    chain_rows(sh, c, b)
    _award_rows(sh, aw, c, b)
    output, cost, met = _costs(sh, aw, c)
    vectors, streams = objectives(sh, aw, c, output, (cost, met))
    cols = np.concatenate(b.cols)
    final = _renumbered(c, [*streams, cols])
    keep = np.flatnonzero(final >= 0)
    lengths = np.concatenate(b.lengths)
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    upper, integer = _column_bounds(d, aw, c)
    chain_bounds(sh, c, upper)
    upper[c.x[build_blocks.closed(d, sh.permitted, sh.installed)]] = 0.0  # no block fits
    inverse = np.empty(len(keep), dtype=np.int64)
    inverse[final[keep]] = keep
    lp = LPArrays(
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
        objectives={name: v[inverse] for name, v in vectors.items()},
    )
    return Assembly(lp, sh, aw, c, b, final)


def lp_arrays(d: ModelData) -> LPArrays:
    """accplan's LP for ``d`` as row-wise arrays, without names (see :func:`assembled`)."""
    return assembled(d).lp
