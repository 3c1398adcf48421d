"""The floor: accplan's LP as bare arrays, what any Python tool must at least spend to hand the
model to HiGHS.

The arrays are :func:`models.assembly.arrays.lp_arrays`: the model of models/FORMULATION.md
assembled with numpy, row for row and column for column as compiling accplan's Pyomo model
gives it (``tests/test_benchmark_floor.py`` checks it against the compiled matrix). The floor
is those arrays alone, without the names and index tuples that
:func:`models.assembly.assemble` adds for a solve; :mod:`benchmarks.floor_solve` passes them to
HiGHS. Data the assembly does not cover (:mod:`models.assembly.coverage`) is refused.
"""

from __future__ import annotations

from models.assembly.arrays import LPArrays as FloorLP
from models.assembly.arrays import lp_arrays
from models.data import ModelData

__all__ = ["FloorLP", "assemble"]


def assemble(d: ModelData) -> FloorLP:
    """The floor LP of ``d`` (row-wise arrays, both cost vectors, column upper bounds)."""
    return lp_arrays(d)
