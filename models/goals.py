"""Objectives a ministry asks for, and holding one while optimising another.

The stage-1 objective is chosen by ``ModelData.objective``:

``cumulative_gwh``        maximise Σ_{p,y} output_gwh (``total_output_gwh``; the default)
``capacity_by_year``      maximise capacity installed by ``objective_year``, existing included
                          (``capacity_by_year_gwh``)
``domestic_value_added``  maximise Σ dva_value_musd_per_gwh × output_gwh
                          (``domestic_value_added_musd``)
``least_incentive``       minimise Σ plant_support_musd with Σ output ≥ ``output_target_gwh``
                          (``incentive_owed_musd``)

``output_target`` (Σ out ≥ target) applies whenever a target is given. The epsilon-constraint
``objective_hold`` holds a second objective at a level (≥ for the maximised ones, ≤ for the
incentive) while the first is optimised. Stage 2 (least cost) then holds the stage-1 optimum
through ``output_floor``, whose body is the chosen objective in maximise form.

This module holds the facts a solve reads (names, senses, units) and imports no Pyomo; the
objectives and rows themselves are built by :mod:`models.goal_rows`.
"""

from __future__ import annotations

from models.data import ModelData

MAXIMISE, MINIMISE = "maximise", "minimise"

OBJECTIVES = {
    "cumulative_gwh": ("total_output_gwh", MAXIMISE, "GWh"),
    "capacity_by_year": ("capacity_by_year_gwh", MAXIMISE, "GWh/yr"),
    "domestic_value_added": ("domestic_value_added_musd", MAXIMISE, "USD million"),
    "least_incentive": ("incentive_owed_musd", MINIMISE, "USD million"),
}
"""Objective kind → (Pyomo Objective name, sense, unit of its value and of the duals' numerator)."""


def objective_name(data: ModelData) -> str:
    """The Pyomo name of ``data``'s stage-1 objective."""
    return OBJECTIVES[data.objective][0]


def output_next(data: ModelData) -> bool:
    """True when most output is sought at the stage-1 optimum before least cost: maximising
    capacity alone would let stage 2 leave it idle to save minerals."""
    return data.objective == "capacity_by_year"


def compiled_objectives(data: ModelData) -> tuple[str, ...]:
    """The objectives a solve compiles: stage 1, stage 2 and, if needed, most output."""
    names = (objective_name(data), "total_cost_musd")
    return (*names, "total_output_gwh") if output_next(data) else names


def maximises(data: ModelData) -> bool:
    """True unless the stage-1 objective is minimised (least incentive)."""
    return OBJECTIVES[data.objective][1] == MAXIMISE


def objective_unit(data: ModelData) -> str:
    """Unit of the stage-1 objective: ``GWh``, ``GWh/yr`` or ``USD million``."""
    return OBJECTIVES[data.objective][2]


def dual_unit(data: ModelData, family_unit: str) -> str:
    """A family's dual unit for ``data``'s objective: ``GWh per t`` → ``USD million per t``."""
    per = family_unit.split(" per ", 1)[1] if " per " in family_unit else "unit"
    if per == "unit held" and data.hold_objective is not None:
        per = OBJECTIVES[data.hold_objective][2]
    return f"{objective_unit(data)} per {per}"


def objective_year(data: ModelData) -> int:
    """The target year of ``capacity_by_year`` (the last planning year if none is given)."""
    return data.objective_year if data.objective_year is not None else data.years[-1]
