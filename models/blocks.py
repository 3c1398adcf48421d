"""Minimum build blocks: a plant with ``min_block_gwh`` adds, each year, nothing or a block of at
least that size (min_block_lower, min_block_upper, one 0/1 ``build_block`` per plant-year).

capacity_added_gwh[p,y] ∈ {0} ∪ [m_p, U_py], with U_py the most the permitted path lets p add
in y (:func:`block_room`): a tight big-M, implied by capacity_limit, so the upper row never cuts
a plan the path allows. Years with U_py < m_p have no switch: the addition's upper bound is 0
there (no block fits). Equations and why they are exact: models/FORMULATION.md, "Minimum build
blocks". A plant without ``min_block_gwh`` has no switch and no row: the LP as before.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.block_sizes import block_room, block_years
from models.data import ModelData


def add_min_blocks(m: pyo.ConcreteModel, data: ModelData) -> None:
    """The build_block switches and the two rows that make each addition 0 or a block."""
    switched, closed = block_years(data)
    if not switched and not closed:
        return  # no plant has a minimum block: not one component more than the LP had
    for p, y in closed:  # no block fits under the path: nothing is added that year
        m.capacity_added_gwh[p, y].setub(0.0)
    m.BLOCK_YEARS = pyo.Set(
        initialize=switched, dimen=2, ordered=True, doc="(p, y): a block of at least m_p fits"
    )
    m.min_block_gwh = pyo.Param(
        m.BLOCK_YEARS,
        initialize={(p, y): data.min_block_gwh[p] for p, y in switched},
        doc="Smallest block p builds in a year, GWh/yr",
    )
    m.block_room_gwh = pyo.Param(
        m.BLOCK_YEARS,
        initialize={(p, y): block_room(data, p, y) for p, y in switched},  # a few dozen
        doc="U_py: the most p can add in y under its permitted path, GWh/yr",
    )
    m.build_block = pyo.Var(
        m.BLOCK_YEARS, domain=pyo.Binary, doc="1 if plant p adds a block in year y"
    )

    def min_block_lower(m, p, y):
        """capacity_added_gwh[p,y] − m_p × build_block[p,y] ≥ 0   (GWh/yr).

        A block, once built, is at least the plant's minimum. Dual ≤ 0 with the switch held at
        1: GWh of output per GWh/yr more of minimum block.
        """
        return m.capacity_added_gwh[p, y] - m.min_block_gwh[p, y] * m.build_block[p, y] >= 0

    def min_block_upper(m, p, y):
        """capacity_added_gwh[p,y] − U_py × build_block[p,y] ≤ 0   (GWh/yr).

        No block, no addition. U_py is implied by capacity_limit, so with the switch at 1 the
        row cuts nothing (bookkeeping: its dual restates capacity_limit's).
        """
        return m.capacity_added_gwh[p, y] - m.block_room_gwh[p, y] * m.build_block[p, y] <= 0

    m.min_block_lower = pyo.Constraint(
        m.BLOCK_YEARS, rule=min_block_lower, doc=min_block_lower.__doc__
    )
    m.min_block_upper = pyo.Constraint(
        m.BLOCK_YEARS, rule=min_block_upper, doc=min_block_upper.__doc__
    )
