"""Rare earths for India's magnet makers: magnet_demand.

Rare earths are not a cell input (no chemistry holds them), but they come from the same
sources and origins as cell minerals, and the 2025 rare-earth permanent-magnet scheme (6,000 t/yr
of sintered NdFeB) needs them. A magnet requirement is met from the Supply rows of its form
(``magnet_flow_t``); those tonnes count in the source's supply limit, in the use of the form
(single-source and group shares), in export licences and in offtake deliveries, exactly as a
delivery to a cell plant would (``models.minerals.delivered_terms``). They are bought at the
source's price in stage 2 and are never cell output.
"""

from __future__ import annotations

import pyomo.environ as pyo

from models.data import ModelData
from models.expr import plain_sum
from models.indexing import ModelIndex


def add_magnets(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add the magnet flows and ``magnet_demand`` to ``m`` (before the mineral rows, which
    count the flows among a source's deliveries)."""
    m.MAGNET_FLOWS = pyo.Set(
        initialize=idx.magnet_flows,
        dimen=3,
        ordered=True,
        doc="(s, k, y): source s offers form k, which magnet makers need in y",
    )
    m.MAGNET_ROWS = pyo.Set(
        initialize=sorted(idx.magnets_by_ky),
        dimen=2,
        ordered=True,
        doc="(k, y) with a magnet requirement and a source offering k",
    )
    m.magnet_t = pyo.Param(
        m.MAGNET_ROWS,
        initialize={key: data.magnet_t[key] for key in idx.magnets_by_ky},
        doc="Tonnes of form k India's magnet makers need in year y",
    )
    m.magnet_flow_t = pyo.Var(
        m.MAGNET_FLOWS,
        domain=pyo.NonNegativeReals,
        doc="Tonnes of form k from source s to India's magnet makers in year y",
    )

    def magnet_demand(m, k, y):
        """Σ_s magnet_flow_t[s,k,y] = magnet_t[k,y]   (t).

        Magnet makers receive exactly the tonnes they need (never more: extra tonnes of a
        partner's form could otherwise be booked to magnets to meet a group floor). Dual:
        GWh of cells per t more required, ≤ 0 where magnets and cells compete for a source,
        a licence or a group share; 0 when they do not.
        """
        return plain_sum(m.magnet_flow_t[g] for g in idx.magnets_by_ky[(k, y)]) == m.magnet_t[k, y]

    m.magnet_demand = pyo.Constraint(m.MAGNET_ROWS, rule=magnet_demand, doc=magnet_demand.__doc__)
