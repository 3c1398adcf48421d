"""Build the accplan LP as a Pyomo ``ConcreteModel``.

Glossary of index letters: p plant, y year (t an earlier year), k mineral (form), s source,
v supplier (a source, processing route or recycler), r processing route, c chemistry or (in
recycling) recycler, g origin group, o origin country, f firm, a award (n an age in years).
Units live in the names: GWh, t, USD million. The equations are written in
``models/FORMULATION.md`` and in each constraint rule's docstring, with the same names.
"""

from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from models.blocks import add_min_blocks
from models.capacity import add_capacity
from models.checks import check_model_data
from models.data import ModelData
from models.expr import recording
from models.incentive import add_incentive
from models.indexing import make_index
from models.magnets import add_magnets
from models.minerals import add_minerals
from models.objective import add_objectives
from models.origins import add_origins
from models.processing import add_processing
from models.viability import add_viability


def _add_sets(m: pyo.ConcreteModel, data: ModelData) -> None:
    """The base sets, in the sorted order given by ``ModelData``."""
    m.PLANTS = pyo.Set(initialize=data.plants, ordered=True, doc="P: candidate cell plants")
    m.YEARS = pyo.Set(initialize=data.years, ordered=True, doc="Y: planning years, ascending")
    m.MINERALS = pyo.Set(initialize=data.minerals, ordered=True, doc="K: minerals")
    m.SOURCES = pyo.Set(initialize=data.sources, ordered=True, doc="S: supply sources")
    m.FIRMS = pyo.Set(initialize=data.firms, ordered=True, doc="F: firms owning plants")
    m.PLANT_YEARS = pyo.Set(
        initialize=[(p, y) for p in data.plants for y in data.years],
        dimen=2,
        ordered=True,
        doc="P × Y",
    )


def build_model(data: ModelData) -> pyo.ConcreteModel:
    """Build the two-stage accplan LP for ``data``.

    Parameters
    ----------
    data : ModelData
        A checked instance (the application layer validates it first).

    Raises
    ------
    ValueError
        If ``data`` breaks the ModelData contract (see :mod:`models.checks`).

    Returns
    -------
    pyomo.environ.ConcreteModel
        The model with the stage-1 objective ``total_output_gwh`` active (maximise GWh), the
        stage-2 objective ``total_cost_musd`` deactivated, and the stage-2 constraint
        ``output_floor`` active with floor 0 (so it does not bind until :func:`models.solve.solve`
        raises it).
    """
    check_model_data(data)
    # PauseGC: the collector's passes over a growing model made building superlinear
    with PauseGC(), recording() as log:
        idx = make_index(data)
        m = pyo.ConcreteModel(name="accplan")
        _add_sets(m, data)
        add_capacity(m, data, idx)
        add_min_blocks(m, data)
        add_magnets(m, data, idx)
        add_minerals(m, data, idx)
        add_processing(m, data, idx)
        add_origins(m, data, idx)
        add_incentive(m, data, idx)
        add_viability(m, data, idx)
        add_objectives(m, data, idx)
    m.sum_log = log  # the terms of its sums, read by models.matrix (not a Pyomo component)
    return m
