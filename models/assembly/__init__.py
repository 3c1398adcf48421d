"""accplan's LP assembled with numpy from :class:`~models.data.ModelData`, row for row and
column for column as compiling the Pyomo model gives it (:mod:`models.matrix`).

:func:`assemble` gives the :class:`~models.matrix.CompiledLP` (names and index tuples
included), or None for data the assembly does not cover (:mod:`models.assembly.coverage`);
:func:`models.assembly.arrays.lp_arrays` gives the bare arrays (the benchmark's floor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.data import ModelData
    from models.matrix import CompiledLP


def assemble(data: ModelData) -> CompiledLP | None:
    """See :func:`models.assembly.compiled.assemble`."""
    # imported here: CompiledLP's module imports Pyomo, which the bare arrays do not need
    from models.assembly.compiled import assemble as compiled_lp

    return compiled_lp(data)
