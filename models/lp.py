"""The LP of a :class:`~models.data.ModelData`, as the arrays every solve starts from.

One entry for the solve path (:func:`models.solve.solve`, sweeps' :class:`models.warm.WarmSolver`):
today the Pyomo model of :func:`models.build.build_model` compiled by :mod:`models.matrix`.
"""

from __future__ import annotations

from models import goals
from models.compiled import CompiledLP
from models.data import ModelData


def model_lp(data: ModelData) -> CompiledLP:
    """The compiled LP of ``data`` with the objectives its goal needs (:mod:`models.goals`)."""
    from models.build import build_model  # Pyomo, imported only when the model is built
    from models.matrix import compile_lp

    return compile_lp(build_model(data), goals.compiled_objectives(data))
