"""accplan's LP assembled with numpy from :class:`~models.data.ModelData`, row for row and
column for column as compiling the Pyomo model gives it (:mod:`models.matrix`), without
importing Pyomo.

:func:`assemble` gives the :class:`~models.compiled.CompiledLP` (names and index tuples
included), or None for data the assembly does not cover (:mod:`models.assembly.coverage`);
:func:`models.assembly.arrays.lp_arrays` gives the bare arrays (the benchmark's floor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.compiled import CompiledLP
    from models.data import ModelData


def assemble(data: ModelData) -> CompiledLP | None:
    """See :func:`models.assembly.compiled.assemble`."""
    # imported here: the bare arrays (the benchmark's floor) need none of the naming
    from models.assembly.compiled import assemble as compiled_lp

    return compiled_lp(data)
