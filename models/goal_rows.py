"""The chosen objective, the output target and the held second objective as Pyomo components
(what they are: :mod:`models.goals`)."""

from __future__ import annotations

import pyomo.environ as pyo
from pyomo.core.expr.visitor import identify_variables

from models.data import ModelData
from models.expr import plain_sum, weighted_sum
from models.goals import MAXIMISE, OBJECTIVES, maximises, objective_year, output_next
from models.indexing import ModelIndex


def objective_expr(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex, kind: str):
    """The linear expression of objective ``kind`` (constants left out); the incentive reads
    ``plant_support_musd``, so what a plant-year is owed is defined once."""
    if kind == "cumulative_gwh":
        return plain_sum(m.output_gwh[py] for py in m.PLANT_YEARS)
    if kind == "capacity_by_year":
        last = objective_year(data)
        return plain_sum(
            m.capacity_added_gwh[p, t] for p in data.plants for t in data.years if t <= last
        )
    if kind == "domestic_value_added":
        value = sorted(data.dva_value_musd_per_gwh.items())
        return weighted_sum((v, m.output_gwh[py]) for py, v in value)
    return pyo.quicksum(m.plant_support_musd[e] for e in idx.eligible)


def max_form(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex):
    """The stage-1 objective in maximise form (negated when it is minimised)."""
    expr = objective_expr(m, data, idx, data.objective)
    return expr if maximises(data) else -expr


def add_goals(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    """Add the chosen stage-1 objective (active) and the optional target and hold rows."""
    name, sense, _unit = OBJECTIVES[data.objective]
    sense = pyo.maximize if sense == MAXIMISE else pyo.minimize
    if name != "total_output_gwh":  # add_objectives builds total_output_gwh itself
        expr = objective_expr(m, data, idx, data.objective)
        setattr(m, name, pyo.Objective(expr=expr, sense=sense, doc=_doc(data)))
        m.total_output_gwh.deactivate()
    if data.output_target_gwh is not None or output_next(data):
        m.output_target_gwh = pyo.Param(
            initialize=data.output_target_gwh or 0.0,
            doc="Total output to reach, GWh (a target; 0 if none; raised between the stages "
            "for capacity_by_year)",
        )

        def output_target(m):
            """Σ_{p,y} output_gwh[p,y] ≥ output_target_gwh   (GWh).

            The GWh the plan must deliver (least incentive owed for a GWh target). Dual ≤ 0.
            """
            return plain_sum(m.output_gwh[py] for py in m.PLANT_YEARS) >= m.output_target_gwh

        m.output_target = pyo.Constraint(rule=output_target, doc=output_target.__doc__)
    if data.hold_objective is not None:
        _add_hold(m, data, idx)


def _add_hold(m: pyo.ConcreteModel, data: ModelData, idx: ModelIndex) -> None:
    kind = data.hold_objective
    m.hold_level = pyo.Param(
        initialize=float(data.hold_level or 0.0),
        doc=f"Level held of objective {kind}, {OBJECTIVES[kind][2]} (epsilon-constraint)",
    )
    existing = sum(data.existing_capacity_gwh.values()) if kind == "capacity_by_year" else 0.0

    def objective_hold(m):
        """H(x) ≥ hold_level (H maximised kinds) or H(x) ≤ hold_level (least_incentive), with
        H = :func:`objective_expr` of ``hold_objective`` (+ existing capacity for
        capacity_by_year)   (unit of H).

        Epsilon-constraint: one objective held at a level while another is optimised.
        """
        body = objective_expr(m, data, idx, kind)
        low = OBJECTIVES[kind][1] == MAXIMISE
        if next(identify_variables(body), None) is None:  # nothing to hold (e.g. no incentive)
            met = pyo.value(body) >= pyo.value(m.hold_level) - existing if low else True
            return pyo.Constraint.Skip if met else pyo.Constraint.Infeasible
        return body >= m.hold_level - existing if low else body <= m.hold_level

    m.objective_hold = pyo.Constraint(rule=objective_hold, doc=objective_hold.__doc__)


def _doc(data: ModelData) -> str:
    return {
        "capacity_by_year": f"Stage 1: capacity added by {objective_year(data)}, GWh/yr "
        "(maximise; existing capacity is a constant on top)",
        "domestic_value_added": "Stage 1: domestic value added, Σ dva_value × output, USD "
        "million (maximise)",
        "least_incentive": "Stage 1: incentive owed, Σ plant_support_musd, USD million (minimise)",
    }[data.objective]
