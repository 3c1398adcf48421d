"""Independent cross-check of minimum build blocks (models/FORMULATION.md, "Minimum build
blocks"): the MIP of :mod:`tests.test_model_crosscheck`, whose rows include min_block_lower and
min_block_upper written from the document, against Pyomo's on 60 seeded random instances with
blocks at some plants; optima agree to 1e-6 and the blocks change the optimum in many."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from models.data import ModelData
from tests.test_model_crosscheck import assert_same_optima, random_data, reference

SEEDS = range(60)


def block_data(seed: int) -> ModelData:
    """:func:`random_data` with a minimum block at some plants (at plants with commitments or
    milestones only in every fifth instance), each 30-110 % of the most new capacity the plant's
    path ever permits (above 100 %: the plant cannot build)."""
    rng = random.Random(9000 + seed)
    d = random_data(seed)
    pledges = {p for p, _ in d.committed_capacity_gwh} | {
        d.award_plant[a] for a in d.award_milestone_gwh
    }
    # a block at a plant with pledges often cannot meet them (no plan): every fifth instance
    chosen = [p for p in d.plants if rng.random() < 0.7 and (p not in pledges or seed % 5 == 0)]
    chosen = chosen or [d.plants[-1]]
    blocks = {}
    for p in chosen:
        most = max(d.permitted_capacity_gwh.get((p, y), 0.0) for y in d.years)
        blocks[p] = round(rng.uniform(0.3, 1.1) * max(most, 1.0), 3)
    return replace(d, min_block_gwh=blocks)


@pytest.mark.parametrize("seed", SEEDS)
def test_block_objectives_match_independent_milp(seed: int) -> None:
    """Same status; stage-1 output and stage-2 cost agree to 1e-6 relative."""
    assert_same_optima(block_data(seed))


def test_blocks_change_the_optima() -> None:
    """The cross-check bites on the block rows: at least 50 instances are optimal; in many the
    blocks change the output or the cost against the same instance without them, and in a few
    blocks cannot meet a plant's pledges (no plan with them, a plan without)."""
    pairs = [
        (reference(d), reference(replace(d, min_block_gwh={}))) for d in map(block_data, SEEDS)
    ]
    optimal = [(b, f) for b, f in pairs if b[0] == 0 and f[0] == 0]
    assert len(optimal) >= 50
    output = sum(1 for b, f in optimal if abs(b[1] - f[1]) > 1e-6)
    cost = sum(1 for b, f in optimal if abs(b[2] - f[2]) > 1e-6)
    assert output >= 10 and cost >= 15, (output, cost)
    assert sum(1 for b, f in pairs if b[0] == 2 and f[0] == 0) >= 3
