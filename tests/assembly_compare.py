"""Compare the numpy assembly (:mod:`models.assembly.arrays`) with the compiled Pyomo model, field
by field: the matrix (compressed columns), row and column bounds, both costs, integrality, the
row blocks with their index tuples and the column blocks with theirs and each index's column."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array

from models.assembly.arrays import assembled
from models.assembly.shape import BLOCKS
from models.build import build_model
from models.data import ModelData
from models.highs_lp import compile_lp

OBJECTIVES = ("total_output_gwh", "total_cost_musd")


def _column_blocks(a) -> list[tuple[str, list[tuple], list[int]]]:
    """(variable, index tuples, column of each) of the variables met, in the order met."""
    found = []
    for name in BLOCKS:
        start, count = a.cols.blocks[name]
        numbers = a.final[start : start + count]
        if count and (numbers >= 0).any():
            found.append((int(numbers[numbers >= 0].min()), name, numbers.tolist()))
    return [(name, a.cols.keys[name](), numbers) for _, name, numbers in sorted(found)]


def assert_same_lp(data: ModelData) -> None:
    """The assembly of ``data`` is the compiled Pyomo model, element for element."""
    lp = compile_lp(build_model(data), OBJECTIVES)
    a = assembled(data)
    ours = a.lp
    n_rows = len(ours.row_lower)
    rows = csr_array((ours.value, ours.index, ours.starts), shape=(n_rows, ours.n_cols))
    csc = rows.tocsc()
    csc.sort_indices()
    m = lp.a_matrix
    assert csc.shape == m.shape, (csc.shape, m.shape)
    assert np.array_equal(csc.indptr, m.indptr)
    assert np.array_equal(csc.indices, m.indices)
    np.testing.assert_array_equal(csc.data, m.data)
    np.testing.assert_array_equal(ours.row_lower, lp.row_lower)
    np.testing.assert_array_equal(ours.row_upper, lp.row_upper)
    np.testing.assert_array_equal(ours.output, lp.costs["total_output_gwh"])
    np.testing.assert_array_equal(ours.cost, lp.costs["total_cost_musd"])
    np.testing.assert_array_equal(ours.col_upper, lp.col_upper)
    assert not lp.col_lower.any()
    np.testing.assert_array_equal(ours.integer, lp.integer)
    theirs = [(b.name, b.start, b.keys) for b in lp.row_blocks if b.keys]
    mine = [(name, start, a.rows.keys[name]()) for name, (start, _) in a.rows.families.items()]
    assert [t[:2] for t in mine] == [t[:2] for t in theirs]
    assert mine == theirs
    blocks = _column_blocks(a)
    assert [b[0] for b in blocks] == [b.name for b in lp.column_blocks]
    for (name, keys, numbers), b in zip(blocks, lp.column_blocks, strict=True):
        assert keys == b.keys, name
        start = b.start
        assert numbers == lp.column_number[start : start + len(b.keys)].tolist(), name
