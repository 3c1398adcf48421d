"""Say which inputs to look at when no plan exists (infeasible), the solver stopped, or failed.

Only minimums can make accplan's LP infeasible: committed capacity (Committed sheet) and minimum
output (MinOutput sheet). :func:`infeasible_message` re-solves small variants without them to
name the culprit sheet and plants, within a time budget; it never changes the user's data.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from models.data import ModelData
from models.result import SolveResult, SolveStatus

MAX_PLANT_CHECKS = 20
"""Plants tried one by one when naming which minimum cannot be met."""


Solver = Callable[..., SolveResult]


MINIMUMS = (
    ("min_output_gwh", "the minimum outputs on the MinOutput sheet"),
    ("committed_capacity_gwh", "the committed capacities on the Committed sheet"),
)
"""The only inputs that can make the model infeasible, and how a message names them."""


def _plants(mapping: dict) -> list[str]:
    return sorted({p for p, _ in mapping})


def _feasible(solve: Solver, data: ModelData, budget_s: float) -> bool | None:
    """True/False when the variant solves or is infeasible; None when it could not tell."""
    if budget_s <= 0:
        return None
    status = solve(data, time_limit_s=budget_s).status
    if status is SolveStatus.INFEASIBLE:
        return False
    return True if status is SolveStatus.OPTIMAL else None


def diagnose(data: ModelData, solve: Solver, budget_s: float = 10.0) -> list[str]:
    """Sentences naming the minimums that cannot be met together, found by re-solving variants."""
    end = time.perf_counter() + budget_s
    left = lambda: end - time.perf_counter()  # noqa: E731 - a tiny clock
    findings: list[str] = []
    for field, what in MINIMUMS:
        minimums = dict(getattr(data, field))
        if not minimums or not _feasible(solve, dataclasses.replace(data, **{field: {}}), left()):
            continue
        culprits = [
            p
            for p in _plants(minimums)[:MAX_PLANT_CHECKS]
            if _feasible(solve, _without_plant(data, field, p), left())
        ]
        findings.append(
            f"Without {what} a plan exists: lower or remove some of them{_alone(culprits)}."
        )
    return findings


def _alone(plants: list[str]) -> str:
    if not plants:
        return ""
    return f"; removing those of any one of these plants alone is enough: {', '.join(plants)}"


def _without_plant(data: ModelData, field: str, plant: str) -> ModelData:
    kept = {k: v for k, v in getattr(data, field).items() if k[0] != plant}
    return dataclasses.replace(data, **{field: kept})


def infeasible_message(data: ModelData, findings: list[str]) -> str:
    """Why no plan exists and which sheets and plants to look at."""
    head = (
        "no plan meets every minimum in the input (the model is infeasible), so no plan was "
        "written. Only minimums can cause this: minimum output per plant and year (MinOutput "
        "sheet) and committed minimum capacity (Committed sheet). Each must fit within the "
        "plant's permitted capacity (Capacity sheet) after ramp-up (Ramp sheet), the mineral "
        "supply (Supply sheet), the demand cap (Demand sheet) and, for plants with a viability "
        "gap, what the incentive budget can cover."
    )
    listed = []
    for label, mapping in (
        ("minimum output", data.min_output_gwh),
        ("committed capacity", data.committed_capacity_gwh),
    ):
        if mapping:
            listed.append(f"Plants with a {label}: {', '.join(_plants(dict(mapping)))}.")
    return " ".join([head, *listed, *findings])


def unbounded_message() -> str:
    return (
        "the model is unbounded (output could grow without limit), so no plan was written. "
        "Every plant's output is limited by its permitted capacity on the Capacity sheet; "
        "check that sheet, and report this with the workbook if it looks right."
    )


def time_limit_message(limit_s: float | None, deadline: bool, step: str = "solving") -> str:
    """Why no plan was written when time ran out, and what to change."""
    limit = f"{limit_s:g} s" if limit_s is not None else "its limit"
    if deadline:
        return (
            f"the run passed its deadline of {limit} while {step}; nothing was written. "
            "Give a longer --deadline."
        )
    return (
        f"the solver stopped at its time limit ({limit}) before proving an optimal plan; "
        "nothing was written (an unproven plan is never presented). Give a longer "
        "--time-limit, or raise time_limit_s on the Settings sheet."
    )
