"""The assembled LP as the :class:`~models.compiled.CompiledLP` that compiling the Pyomo model
gives: the same arrays, the same row and column blocks with the index tuples Pyomo gives, and
the same numbering of columns, without building the model or importing Pyomo
(``tests/test_assembly.py`` checks every field). The Pyomo objects of each row and column
(``rows``, ``columns``) are None.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from models import goals
from models.assembly.arrays import Assembly, assembled
from models.assembly.awards import award_year_keys, ragged
from models.assembly.coverage import refusal
from models.assembly.scheme import eligible_keys, paid_parts
from models.assembly.shape import BLOCKS, span
from models.checks import check_model_data
from models.compiled import Block, CompiledLP, CscMatrix, LinearMap
from models.data import ModelData

CONSTRAINTS = (
    "capacity_limit",
    "capacity_commitment",
    "ramp_up",
    "min_output",
    "demand_limit",
    "min_block_lower",
    "min_block_upper",
    "magnet_demand",
    "mineral_need",
    "mineral_supply_limit",
    "mineral_use_balance",
    "source_share_limit",
    "processing_capacity",
    "processing_yield",
    "recycling_feed_limit",
    "recycling_capacity",
    "recycling_return",
    "group_share_cap",
    "group_share_floor",
    "export_licence_limit",
    "offtake_within_delivery",
    "candidate_size_min",
    "candidate_size_max",
    "firm_award_cap",
    "unawarded_capacity",
    "eligible_within_output",
    "eligible_within_award",
    "claim_all_output",
    "claim_full_award",
    "milestone_build",
    "deduction_within_incentive",
    "deduction_within_penalty",
    "deduction_as_due_incentive",
    "deduction_as_due_penalty",
    "ceiling_within_net",
    "ceiling_as_due_net",
    "ceiling_as_due_limit",
    "incentive_budget",
    "annual_disbursement_limit",
    "viability",
    "operating_gap_cover",
    "output_target",
    "objective_hold",
    "output_floor",
)
"""The model's constraint components in the order ``build_model`` declares them, for the data
the assembly covers (the min_block rows only when a plant has a minimum block, the goal rows
only when the goal declares them: :func:`_declared`)."""

VARIABLES = (
    "capacity_added_gwh",
    "output_gwh",
    "build_block",
    "magnet_flow_t",
    "mineral_flow_t",
    "processing_feed_t",
    "mineral_use_t",
    "recycling_feed_t",
    "offtake_used_t",
    "award_eligible_gwh",
    "claim_switch",
    "candidate_award_gwh",
    "candidate_awarded",
    "penalty_deducted_musd",
    "deduction_switch",
    "ceiling_paid_musd",
    "ceiling_switch",
)
"""The model's variable components in declaration order (build_block only with blocks)."""

BLOCK_COMPONENTS = ("min_block_lower", "min_block_upper", "build_block")


def assemble(data: ModelData) -> CompiledLP | None:
    """``data``'s LP as ``models.highs_lp.compile_lp(build_model(data),
    goals.compiled_objectives(data))`` gives it, every field equal, or None if the assembly
    does not cover ``data`` (:func:`models.assembly.coverage.refusal` says why).

    Raises
    ------
    ValueError
        If ``data`` breaks the ModelData contract (:mod:`models.checks`), as ``build_model``
        does: one message listing every problem, not a KeyError or NaN deep in the arrays.
    """
    check_model_data(data)
    if refusal(data) is not None:
        return None
    with _collector_paused():  # half a million key tuples: no collector passes meanwhile
        return _compiled(assembled(data))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off (if it was on) for the block (Pyomo's PauseGC, without
    importing Pyomo)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _compiled(asm: Assembly) -> CompiledLP:
    lp = asm.lp
    column_blocks, column_number = _column_blocks(asm)
    return CompiledLP(
        costs=lp.objectives,
        a_matrix=_csc(asm),
        row_lower=lp.row_lower,
        row_upper=lp.row_upper,
        col_lower=np.zeros(lp.n_cols),
        col_upper=lp.col_upper,
        row_blocks=_row_blocks(asm),
        column_blocks=column_blocks,
        column_number=column_number,
        integer=lp.integer,
        variables=variables(asm, column_blocks),
        expressions=expressions(asm),
    )


def _has_blocks(data: ModelData) -> bool:
    """True when ``build_model`` declares the minimum-block components."""
    return any(data.min_block_gwh.get(p, 0.0) > 0 for p in data.plants)


def _declared(data: ModelData, name: str) -> bool:
    """False for a goal row ``build_model`` does not declare for ``data`` (models/goal_rows.py)."""
    if name == "output_target":
        return data.output_target_gwh is not None or goals.output_next(data)
    if name == "objective_hold":
        return data.hold_objective is not None
    return True


def _csc(asm: Assembly) -> CscMatrix:
    """The row-wise arrays in compressed columns, rows ascending within each column, with the
    compiler's integer types."""
    lp = asm.lp
    n_rows = len(lp.row_lower)
    row_of = np.repeat(np.arange(n_rows, dtype=np.int32), np.diff(lp.starts))
    order = np.argsort(lp.index, kind="stable")  # stable: rows stay ascending in a column
    indptr = np.zeros(lp.n_cols + 1, dtype=np.int64)
    np.cumsum(np.bincount(lp.index, minlength=lp.n_cols), out=indptr[1:])
    return CscMatrix(
        (n_rows, lp.n_cols),
        indptr.astype(np.int32) if indptr[-1] < 2**31 else indptr,
        row_of[order],
        lp.value[order],
    )


def _row_blocks(asm: Assembly) -> list[Block]:
    """One block per constraint component, empty ones included, keys made per family."""
    b, blocks, at = asm.rows, [], 0
    with_blocks = _has_blocks(asm.shape.d)
    for name in CONSTRAINTS:
        if (name in BLOCK_COMPONENTS and not with_blocks) or not _declared(asm.shape.d, name):
            continue
        keys = b.keys[name]() if name in b.families else []
        blocks.append(Block(name, at, keys))
        at += len(keys)
    return blocks


def met_order(asm: Assembly) -> list[str]:
    """The variables with a column, in the order the objectives and rows first meet them."""
    first = {}
    for name in BLOCKS:
        final = asm.final[slice(*span(asm.cols, name))]
        used = final[final >= 0]
        if len(used):
            first[name] = int(used.min())
    return sorted(first, key=first.__getitem__)


def _column_blocks(asm: Assembly) -> tuple[list[Block], np.ndarray]:
    """Every index of each variable met, and each index's column (−1: in no row or objective)."""
    blocks, numbers, at = [], [], 0
    for name in met_order(asm):
        keys = asm.cols.keys[name]()
        blocks.append(Block(name, at, keys))
        numbers.append(asm.final[slice(*span(asm.cols, name))])
        at += len(keys)
    return blocks, np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)


def variables(asm: Assembly, met: list[Block]) -> dict[str, list[tuple]]:
    """Every variable component of the model in declaration order -> all its index tuples (the
    keys of the blocks ``met`` where it has one: the same lists, as the compiler gives them)."""
    known = {b.name: b.keys for b in met}
    with_blocks = _has_blocks(asm.shape.d)
    return {
        name: known[name] if name in known else _keys_of(asm, name)
        for name in VARIABLES
        if with_blocks or name not in BLOCK_COMPONENTS
    }


def _keys_of(asm: Assembly, name: str) -> list[tuple]:
    return asm.cols.keys[name]() if name in asm.cols.keys else []


def expressions(asm: Assembly) -> dict[str, LinearMap]:
    """award_paid_musd over AWARD_YEARS and plant_support_musd over ELIGIBLE as linear maps over
    the columns, terms in the order the model writes them (no constants)."""
    d, aw = asm.shape.d, asm.awards
    [(rows, cols, vals)] = paid_parts(aw, asm.cols)
    count = np.bincount(rows, minlength=len(aw.ay_a))
    paid = _linear_map(award_year_keys(d, aw)(), count, asm.final[cols], vals)
    # a plant-year's support: its stack's payments, award after award in counting order
    first = np.cumsum(count) - count
    _, at = ragged(first[aw.stacked], count[aw.stacked])
    per_group = np.bincount(aw.group, weights=count[aw.stacked], minlength=len(aw.eligible_p))
    keys = eligible_keys(asm.shape, aw)()
    support = _linear_map(keys, per_group.astype(np.int64), asm.final[cols[at]], vals[at])
    return {"award_paid_musd": paid, "plant_support_musd": support}


def _linear_map(keys: list[tuple], count: np.ndarray, indices, data) -> LinearMap:
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(count, out=indptr[1:])
    return LinearMap(
        keys,
        indptr,
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=float),
        np.zeros(len(keys)),
    )
