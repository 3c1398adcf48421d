"""The LP of a :class:`~models.data.ModelData`, as the arrays every solve starts from.

One entry for the solve path (:func:`models.solve.solve`, sweeps' :class:`models.warm.WarmSolver`):
the LP written straight from the data with numpy (:mod:`models.assembly`) when the assembly
covers the data, else the Pyomo model of :func:`models.build.build_model` compiled by
:mod:`models.matrix`. Both give the same :class:`~models.compiled.CompiledLP`, field for field
(``tests/test_assembly.py``, ``tests/test_assembly_chain.py``); the assembly is 5–10× faster at
scale and needs no Pyomo import, and the Pyomo model stays the one to read, inspect and export
(``accplan solve --write-lp``).
"""

from __future__ import annotations

from models import goals
from models.assembly import assemble
from models.compiled import CompiledLP
from models.data import ModelData


def model_lp(data: ModelData, *, pyomo: bool = False) -> CompiledLP:
    """The LP of ``data`` with the objectives its goal needs (:mod:`models.goals`): assembled
    if the assembly covers ``data`` (:func:`models.assembly.coverage.refusal`) and ``pyomo`` is
    False, else compiled from the Pyomo model."""
    if not pyomo:
        lp = assemble(data)
        if lp is not None:
            return lp
    from models.build import build_model  # Pyomo, imported only when the model is built
    from models.matrix import compile_lp

    return compile_lp(build_model(data), goals.compiled_objectives(data))
