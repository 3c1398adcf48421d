"""Say which inputs to look at when no plan exists (infeasible), the solver stopped, or failed.

Only requirements can make accplan's LP infeasible (minimum output, committed capacity, group
floors, ...). :func:`relaxation_message` states the least change that makes a plan possible
(:mod:`models.elastic`) as cells and amounts: "MinOutput!B2 asks 4 GWh ...; lower it by 1.5
GWh", and the limits holding the requirements back, with what raising each would do. Should that
find nothing, :func:`infeasible_message` re-solves small variants without the minimums to name
the culprit sheet and plants, within a time budget. The user's data is never changed.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.data import ModelData
from models.families import family as family_record
from models.result import SolveResult, SolveStatus
from planner.errors import NoPlanError, SolveError, TimeLimitError
from planner.words import number_text

if TYPE_CHECKING:
    from planner.workbook.load import LoadedInput

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
    return findings + _goal_findings(data, solve, left)


def _goal_findings(data: ModelData, solve: Solver, left: Callable[[], float]) -> list[str]:
    """Whether dropping the Settings output target or held objective leaves a plan."""
    findings = []
    for what, change in (
        ("the output target (Settings output_target_gwh)", {"output_target_gwh": None}),
        ("the held objective (Settings hold_level)", {"hold_objective": None, "hold_level": None}),
    ):
        if all(getattr(data, k) is None for k in change):
            continue
        if data.objective == "least_incentive" and "output_target_gwh" in change:
            continue  # least incentive with no target is trivially 0: no finding
        if _feasible(solve, dataclasses.replace(data, **change), left()):
            findings.append(f"Without {what} a plan exists: lower it.")
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
        "sheet), committed minimum capacity (Committed sheet), and the Settings sheet's "
        "output_target_gwh and hold_level. Each must fit within the "
        "plant's permitted capacity (Capacity sheet) after ramp-up (Ramp sheet), the mineral "
        "supply (Supply sheet), the demand cap (Demand sheet) and, for plants with a capital "
        "premium or operating gap, what the incentive budget can cover."
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
    """What to check when the model is unbounded."""
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


# --------------------------------------------------------------------------- least change

REQUIREMENT_WORDS = {
    "min_output": "minimum output of {0} in {1}",
    "capacity_commitment": "committed capacity of {0} by {1}",
    "group_share_floor": "floor on {1} from group {0} in {2}",
    "milestone_build": "capacity award {0}'s plant must have by {1} (its milestone)",
    "output_target": "total output required over the horizon",
}
"""What a requirement row asks, as words (others are named by family and index)."""

LIMIT_WORDS = {
    "capacity_limit": "permitted capacity of {0} by {1}",
    "mineral_supply_limit": "{1} supply of {0} in {2}",
    "incentive_budget": "the incentive budget",
    "annual_disbursement_limit": "the incentive paid in {0}",
    "demand_limit": "demand in {0}",
    "firm_incentive_cap": "the incentive-eligible output of firm {0} in {1}",
    "group_share_cap": "cap on {1} from group {0} in {2}",
    "source_share_limit": "single-source share of {1} from {0} in {2}",
    "ramp_up": "ramp-up of {0} in {1} (Ramp sheet)",
    "operating_gap_cover": "support for {0} in {1}: its incentive does not cover its operating "
    "cost above import parity (Plants sheet)",
    "viability": "support for {0}: its incentive does not cover the capital premium of its "
    "new capacity (Plants sheet)",
}
"""What a limit holding the requirements back is, as words."""


def _words(table: dict[str, str], family: str, index: tuple) -> str:
    template = table.get(family)
    if template is not None:
        try:
            return template.format(*index)
        except IndexError:
            pass
    return f"{family} ({', '.join(str(i) for i in index) or 'whole horizon'})"


def _scale(loaded: Any, family: str, index: tuple) -> Any:
    from models.ranging import dual_unit
    from planner.plan.limits import scale_for

    return scale_for(dual_unit(family), index, loaded.data, loaded.fx_rs_per_usd)


def row_cell(loaded: Any, family: str, index: tuple) -> str | None:
    """The ``Sheet!Cell`` of the input value behind row ``family[index]``, or None."""
    from planner.workbook.where import cell_of

    return cell_of(loaded.tables, getattr(loaded, "cells", {}), family, index)


def shortfall_line(loaded: Any, s: Any) -> str:
    """The line for one requirement the least change lowers.

    E.g. ``MinOutput!G2 asks 9 GWh (minimum output of P1 in 2031); with the least change it is
    met up to 7.25 GWh: lower it by 1.75 GWh.``
    """
    scale = _scale(loaded, s.family, s.index)
    what = _words(REQUIREMENT_WORDS, s.family, s.index)
    cell = row_cell(loaded, s.family, s.index)
    cut = scale.limit_text(s.shortfall)
    if s.asked > 0 and cell is not None:
        met = scale.limit_text(max(s.asked - s.shortfall, 0.0))
        return (
            f"{cell} asks {scale.limit_text(s.asked)} ({what}); with the least change it is met "
            f"up to {met}: lower it by {cut}."
        )
    where = f"{cell}: " if cell else ""
    return f"{where}the {what} is {cut} short; lower it by that much."


def holder_line(loaded: Any, h: Any) -> str:
    """The line for one limit that holds a requirement back.

    E.g. ``Capacity!G2 (permitted capacity of P1 by 2031, now 10 GWh/yr): each GWh/yr more cuts
    the shortfall by 0.85; raising it by 2.06 GWh/yr alone would make a plan.``
    """
    scale = _scale(loaded, h.family, h.index)
    what = _words(LIMIT_WORDS, h.family, h.index)
    cell = row_cell(loaded, h.family, h.index)
    name = f"{cell} ({what}, now {scale.limit_text(h.at)})" if cell else f"the {what}"
    cut = number_text(h.per_unit * scale.factor)
    text = f"{name}: each {scale.per} more cuts the total shortfall by {cut}"
    if not family_record(h.family).lever:
        return text + "."  # a rule's right-hand side (ramp-up, support), not a typed amount
    rise = h.end - h.at
    if math.isfinite(rise) and rise > 1e-9 * max(1.0, abs(h.at)):
        alone = (
            "alone would make a plan"
            if h.shortfall_at_end <= 1e-7
            else (f"cuts it to {number_text(h.shortfall_at_end)}")
        )
        text += f"; raising it by {scale.limit_text(rise)} {alone}"
    else:
        text += "; raising it alone does not remove the whole shortfall"
    return text + "."


def relaxation_message(loaded: Any, relaxation: Any, copy_note: str = "") -> str:
    """Why no plan exists, as cells and amounts: the least change to the requirements (and
    ``copy_note``, what became of the copy with that change applied, if one was asked for)."""
    lines = [
        "no plan meets every requirement in the input (the model is infeasible), so no plan was "
        "written. The least change that makes a plan possible (each requirement lowered in its "
        "own unit, as little in total as can be):"
    ]
    lines += [f"  - {shortfall_line(loaded, s)}" for s in relaxation.shortfalls]
    if relaxation.holders:
        lines.append("What holds these requirements back (or raise these instead):")
        lines += [f"  - {holder_line(loaded, h)}" for h in relaxation.holders]
    return "\n".join([*lines, *([copy_note] if copy_note else [])])


def feasible_copy_note(loaded: Any, relaxation: Any, out: Path) -> str:
    """Write the input with the least change applied to ``out`` (:mod:`planner.workbook.feasible`),
    check by solving it that a plan then exists, and say so; a failure to write is said too,
    never raised (the error is that no plan exists)."""
    from models.solve import solve
    from planner.errors import OutputError
    from planner.workbook.feasible import changed_data, changes_for, write_feasible_copy

    changes, left = changes_for(loaded, relaxation.shortfalls)
    if not changes:
        return f"No copy was written to {out}: none of these changes is one input cell."
    try:
        write_feasible_copy(loaded, changes, out)
    except OutputError as exc:
        return f"No copy was written: {exc}"
    cells = ", ".join(c.cell for c in changes)
    head = f"Wrote {out}: the input with these changes applied ({cells}, shaded orange, each "
    if left:
        return head + (
            f"cell's note saying what it was). {len(left)} of the changes above hold no single "
            "cell and are not applied there: make them too."
        )
    if solve(changed_data(loaded.data, changes)).is_optimal:
        return head + "cell's note saying what it was); solved, it gives a plan."
    return head + (
        "cell's note saying what it was); solved, it still gives no plan: the least change was "
        "found with the 0/1 award decisions relaxed, so lower the requirements further."
    )


def check_status(
    loaded: LoadedInput,
    result: SolveResult,
    limit: float | None,
    by_deadline: bool = False,
    remaining: float | None = None,
    feasible_copy: Path | None = None,
) -> None:
    """Raise the error that matches a non-optimal termination (checked on every solve).

    Parameters
    ----------
    loaded : LoadedInput
        The input solved (an infeasible one is diagnosed by re-solving variants of it).
    result : SolveResult
        The solve's outcome.
    limit : float or None
        The time limit the solve had, for the message.
    by_deadline : bool
        The limit was the run's deadline rather than the solver's time limit.
    remaining : float or None
        Seconds left for diagnosing an infeasible model (at most 10 s are used).
    feasible_copy : Path or None
        Where to write the input with the least change applied, if no plan exists.
    """
    from models.solve import solve as solve_model

    status = result.status
    if status is SolveStatus.OPTIMAL:
        return
    if status is SolveStatus.INFEASIBLE:
        from models.elastic import least_relaxation  # only an infeasible input needs it

        budget = 10.0 if remaining is None else min(10.0, remaining / 2)
        relaxation = least_relaxation(loaded.data, time_limit_s=budget)
        if relaxation.status is SolveStatus.OPTIMAL and relaxation.shortfalls:
            note = (
                ""
                if feasible_copy is None
                else feasible_copy_note(loaded, relaxation, feasible_copy)
            )
            raise NoPlanError(relaxation_message(loaded, relaxation, note))
        findings = diagnose(loaded.data, solve_model, budget_s=budget)
        raise NoPlanError(infeasible_message(loaded.data, findings))
    if status is SolveStatus.UNBOUNDED:
        raise NoPlanError(unbounded_message())
    if status is SolveStatus.TIME_LIMIT:
        raise TimeLimitError(time_limit_message(limit, by_deadline))
    raise SolveError(
        f"the solver failed ({result.solver_message}); no plan was written. "
        "Rerun with --verbose to see the HiGHS log."
    )
