"""The objectives a ministry asks for (models/goals.py, models/goal_rows.py) in the assembly:
the compiled objectives (the chosen stage-1 objective, total_cost_musd and, for
capacity_by_year, total_output_gwh), and the rows output_target, objective_hold and
output_floor (whose body is the stage-1 objective in maximise form), after the scheme's rows as
the model declares them."""

from __future__ import annotations

import numpy as np

from models import goals
from models.assembly.awards import Awards
from models.assembly.builder import INF, Builder
from models.assembly.rowlist import RowList
from models.assembly.scheme import paid_cost
from models.assembly.shape import Cols, Shape

DECLARED = ("total_output_gwh", "total_cost_musd")
"""The objectives models/objective.py declares before the chosen one (models/goal_rows.py)."""


def objective_terms(sh: Shape, aw: Awards, c: Cols, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Columns and coefficients of objective ``kind`` (constants left out), in the order the
    model writes them, zeros left out (:func:`models.goal_rows.objective_expr`)."""
    d = sh.d
    if kind == "cumulative_gwh":
        cols = c.out.ravel()
        return cols, np.ones(len(cols))
    if kind == "capacity_by_year":
        upto = np.array(d.years) <= goals.objective_year(d)
        cols = c.x[:, upto].ravel()
        return cols, np.ones(len(cols))
    if kind == "domestic_value_added":
        pos = {p: i for i, p in enumerate(d.plants)}
        items = [(py, v) for py, v in sorted(d.dva_value_musd_per_gwh.items()) if v != 0]
        cols = [c.out[pos[p], y - d.years[0]] for (p, y), _ in items]
        return np.array(cols, dtype=np.int64), np.array([v for _, v in items], dtype=float)
    return paid_cost(aw, c, c.n)  # least_incentive: Σ plant_support_musd = Σ award_paid_musd


def objectives(
    sh: Shape, aw: Awards, c: Cols, output: np.ndarray, cost: tuple[np.ndarray, np.ndarray]
) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
    """The compiled objectives in declaration order as dense vectors over provisional columns,
    and the columns each meets, in order (for the column numbering). ``output`` is
    total_output_gwh's vector, ``cost`` total_cost_musd's vector and the columns it meets."""
    d = sh.d
    compiled = goals.compiled_objectives(d)
    chosen = goals.objective_name(d)
    vectors, streams = {}, []
    for name in (*DECLARED, chosen):
        if name not in compiled or name in vectors:
            continue
        if name == "total_output_gwh":
            vectors[name], met = output, c.out.ravel()
        elif name == "total_cost_musd":
            vectors[name], met = cost
        else:
            met, vals = objective_terms(sh, aw, c, d.objective)
            vectors[name] = np.zeros(c.n)
            vectors[name][met] = vals
        streams.append(met)
    return vectors, streams


def goal_rows(sh: Shape, aw: Awards, c: Cols, b: Builder) -> None:
    """output_target (Σ out ≥ target, 0 if none; also for capacity_by_year), objective_hold
    (the held objective ≥ its level less existing capacity, or ≤ it for the incentive), then
    output_floor (J in maximise form ≥ 0: stage 2 raises it)."""
    d = sh.d
    out = c.out.ravel()
    if d.output_target_gwh is not None or goals.output_next(d):
        target = d.output_target_gwh or 0.0
        b.add("output_target", out, np.ones(len(out)), [len(out)], target, INF, keys=_scalar)
    if d.hold_objective is not None:
        _hold_row(sh, aw, c, b)
    cols, vals = objective_terms(sh, aw, c, d.objective)
    rows = RowList("output_floor")
    rows.add((), [(cols, vals if goals.maximises(d) else -vals)], 0.0, INF)
    rows.emit(b)


def _hold_row(sh: Shape, aw: Awards, c: Cols, b: Builder) -> None:
    d = sh.d
    kind = d.hold_objective
    cols, vals = objective_terms(sh, aw, c, kind)
    rows = RowList("objective_hold")
    level = float(d.hold_level or 0.0)
    if goals.OBJECTIVES[kind][1] == goals.MAXIMISE:
        existing = sum(d.existing_capacity_gwh.values()) if kind == "capacity_by_year" else 0.0
        rows.add((), [(cols, vals)], level - existing, INF)
    else:
        rows.add((), [(cols, vals)], -INF, level)
    rows.emit(b)


def _scalar() -> list[tuple]:
    return [()]
