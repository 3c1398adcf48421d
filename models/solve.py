"""Solve the accplan LP in two stages with HiGHS and return a :class:`SolveResult`.

Stage 1 maximises total output (``total_output_gwh``); its duals are the marginal values
reported. Stage 2 holds total output at the stage-1 optimum Z* and minimises ``total_cost_musd``;
its values are the plan. Only if HiGHS does not solve stage 2 with that floor (it may end
"infeasible" or "unknown" through rounding alone) is stage 2 run once more with the floor
lowered by :data:`OUTPUT_TOLERANCE_REL` × Z*, at least :data:`OUTPUT_TOLERANCE_ABS_GWH` (see
:func:`stage_two_floors`). Between the stages, the largest marginal values of each family are
ranged: what one more unit buys and over what range of the limit (:mod:`models.ranging`).

Interface: the model is compiled once to arrays (:mod:`models.matrix`) and passed to highspy in
one call (``benchmarks/bench_interfaces.py`` measures this against the persistent
``pyomo.contrib.solver`` HiGHS interface). Stage 2 starts afresh with presolve rather than from
the stage-1 basis (stage 2 alone at 1,000 plants: 6.4 s instead of 33.8 s; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import logging
import tempfile
import time
from importlib.metadata import version as package_version
from pathlib import Path

import highspy
import numpy as np

from models import goals, highs_lp, mip, numerics, ranging
from models.costs import offtake_fixed_musd
from models.data import ModelData
from models.lp import model_lp
from models.result import ModelSize, SolveResult, SolveStatus

LOG = logging.getLogger(__name__)

OUTPUT_TOLERANCE_REL = 1e-9
"""Fallback floor: stage 2 may then give up at most this share of the stage-1 total output…"""
OUTPUT_TOLERANCE_ABS_GWH = 1e-7
"""…but never less than this many GWh (HiGHS's default primal feasibility tolerance)."""


def versions() -> dict[str, str]:
    """HiGHS and Pyomo versions, for the plan's run block."""
    highs = ".".join(
        str(getattr(highspy, f"HIGHS_VERSION_{part}", "?")) for part in ("MAJOR", "MINOR", "PATCH")
    )
    return {"highs_version": highs, "pyomo_version": package_version("pyomo")}


def _all_values(lp: highs_lp.CompiledLP, x) -> dict:
    """Values of every variable by name then index tuple (0 for any column HiGHS never saw)."""
    found = lp.values_by_name(x)
    out = {}
    for name, keys in lp.variables.items():
        seen = found.get(name, {})
        if len(seen) == len(keys):  # every index met (none fixed): take the dict as it is
            out[name] = seen
        else:
            out[name] = {k: seen.get(k, 0.0) for k in keys}
    return out


def _expression_values(lp: highs_lp.CompiledLP, x) -> dict:
    """Values of the named expressions at the solution ``x`` (the model's own definitions)."""
    return {name: found.values(x) for name, found in lp.expressions.items()}


def _budget_step(
    h: highspy.Highs,
    lp: highs_lp.CompiledLP,
    ints: mip.Integers,
    best: float,
    step: float,
    start: highspy.HighsSolution | None = None,
) -> dict:
    """Re-solve stage 1 with the budget raised by ``step`` USD m, allocation free (a MIP).

    Returns the fields ``budget_step_gwh`` (Δ stage-1 objective; None if not solved) and
    ``budget_step_candidate_gwh`` (each candidate's award then); {} when there is no budget row.
    """
    row = lp.row_position().get(("incentive_budget", ()))
    if row is None or step <= 0:
        return {}
    lower, upper = float(lp.row_lower[row]), float(lp.row_upper[row])
    h.changeRowBounds(row, lower, upper + step)
    h.clearSolver()
    status, _ = mip.run_stage(h, ints, start)
    fields: dict = {"budget_step_gwh": None, "budget_step_candidate_gwh": {}}
    if status is SolveStatus.OPTIMAL:
        fields["budget_step_gwh"] = h.getInfo().objective_function_value - best
        found = lp.values_by_name(h.getSolution().col_value)
        fields["budget_step_candidate_gwh"] = found.get("candidate_award_gwh", {})
    h.changeRowBounds(row, lower, upper)
    return fields


def stage_two_floors(best: float) -> tuple[float, float]:
    """The stage-2 output floors tried in turn: Z* itself, then Z* − max(abs, rel × |Z*|)."""
    return best, best - max(OUTPUT_TOLERANCE_ABS_GWH, OUTPUT_TOLERANCE_REL * abs(best))


def _stage_two(h: highspy.Highs, lp: highs_lp.CompiledLP, floor_row: int, floor: float) -> None:
    """Hold Σ output ≥ floor and switch to minimising cost."""
    h.changeRowBounds(floor_row, floor, highspy.kHighsInf)
    cost = lp.costs["total_cost_musd"]
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h.clearSolver()  # from scratch with presolve: 5× faster than the stage-1 basis at 1,000 plants


def _held_start(
    h: highspy.Highs, ints: mip.Integers, decided: np.ndarray | None
) -> highspy.HighsSolution | None:
    """Stage 2's LP with stage 1's 0/1 decisions held: its solution starts stage 2's MIP.

    Stage 1's own plan is feasible for stage 2 but did not shorten it; this one is usually
    stage 2's optimum already (HiGHS then only has to prove it: 100-plant benchmark, stage 2's
    MIP 6.4 -> 3.9 s CPU), and never worse than stage 1's. None when there are no 0/1 columns.
    """
    if decided is None:
        return None
    ints.hold(h, decided, decided)
    status, _ = highs_lp.run(h)
    start = h.getSolution() if status is SolveStatus.OPTIMAL else None
    h.clearSolver()
    return start


def _most_output(
    h: highspy.Highs,
    lp: highs_lp.CompiledLP,
    row: int,
    held: float,
    ints: mip.Integers,
) -> tuple[SolveStatus, str]:
    """Between the stages (capacity_by_year): hold J ≥ J*, maximise Σ output, then hold that
    output in ``output_target`` so that stage 2 cannot idle the capacity to save cost."""
    h.changeRowBounds(row, stage_two_floors(held)[1], highspy.kHighsInf)
    cost = lp.costs["total_output_gwh"]
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.clearSolver()
    status, message = mip.run_stage(h, ints)  # the 0/1 decisions free again, as in stage 2
    if status is SolveStatus.OPTIMAL:
        most = h.getInfo().objective_function_value
        target = next(b.start for b in lp.row_blocks if b.name == "output_target")
        h.changeRowBounds(target, stage_two_floors(most)[1], highspy.kHighsInf)
    return status, message


def floor_row(lp: highs_lp.CompiledLP) -> int:
    """Row number of ``output_floor`` in the compiled LP."""
    return next(b.start for b in lp.row_blocks if b.name == "output_floor")


def _finish(status: SolveStatus, message: str, log_file: Path, log_path: Path | None, **kw):
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    log = kw.pop("banner", "") + log
    if log_path is not None:
        Path(log_path).write_text(log, encoding="utf-8")
    return SolveResult(status=status, solver_message=message, log=log, **versions(), **kw)


def solve_stages(
    lp: highs_lp.CompiledLP,
    h: highspy.Highs,
    data: ModelData,
    one_more_unit: bool = True,
) -> dict:
    """Run both stages on ``h`` (loaded with ``lp`` set up for stage 1); return the SolveResult
    fields, status and message included. ``one_more_unit=False`` skips the ranging and its
    re-solves (:mod:`models.ranging`), as sweeps do: they report the duals of every point."""
    row = floor_row(lp)
    h.changeRowBounds(row, -highspy.kHighsInf, highspy.kHighsInf)  # the hold is for stage 2
    ints = mip.Integers.of(lp)
    mip.configure(h)
    status, message = mip.run_stage(h, ints)
    if status is not SolveStatus.OPTIMAL:
        return {"status": status, "message": f"stage 1: {message}"}
    best = h.getInfo().objective_function_value
    start = h.getSolution() if ints else None  # feasible with a larger budget
    decided = ints.chosen(h) if ints else None
    held = best if goals.maximises(data) else -best  # output_floor holds J in maximise form
    found = lp.rows_by_name(h.getSolution().row_dual)
    duals = {b.name: found.get(b.name, {}) for b in lp.row_blocks}  # {} for a family with no rows
    ranges, lever_duals = ranging.limit_ranges(h, lp, data, best) if one_more_unit else ({}, {})
    duals.update(lever_duals)
    stepped = {}
    if ints and goals.maximises(data) and data.objective == "cumulative_gwh":
        stepped = _budget_step(h, lp, ints, best, data.budget_step_musd, start)
    if goals.output_next(data):
        status, message = _most_output(h, lp, row, held, ints)
        if status is not SolveStatus.OPTIMAL:
            return {"status": status, "message": f"most output at the optimum: {message}"}
    for floor in stage_two_floors(held):
        _stage_two(h, lp, row, floor)
        status, message = mip.run_stage(h, ints, _held_start(h, ints, decided))
        if status in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT):
            break
        # HiGHS may end "infeasible" or "unknown" on a floor at Z* exactly (rounding alone).
        LOG.info("stage 2 ended %s with output floor %r GWh; lowering it once", message, floor)
    if status is not SolveStatus.OPTIMAL:
        # Stage 1's plan is feasible for stage 2, so anything but a time limit is a solver fault.
        if status is not SolveStatus.TIME_LIMIT:
            status = SolveStatus.ERROR
        return {"status": status, "message": f"stage 2 (cost at maximal output): {message}"}
    return {
        "status": status,
        "message": message,
        "output_gwh": best if data.objective == "cumulative_gwh" else None,
        "objective_value": best,
        "cost_musd": h.getInfo().objective_function_value + offtake_fixed_musd(data),
        "values": {
            **_all_values(lp, h.getSolution().col_value),
            **_expression_values(lp, h.getSolution().col_value),
        },
        "duals": duals,
        "dual_units": {name: goals.dual_unit(data, ranging.dual_unit(name)) for name in duals},
        "ranges": ranges,
        "integer_decisions": bool(ints),
        **stepped,
    }


def solve(
    data: ModelData, *, time_limit_s: float | None = None, log_path: Path | None = None
) -> SolveResult:
    """Build and solve the two-stage LP for ``data``.

    Parameters
    ----------
    data : ModelData
        A checked instance.
    time_limit_s : float, optional
        Limit on HiGHS's own run time over both stages (building excluded); on expiry the
        status is ``TIME_LIMIT`` and no plan is returned, even if stage 1 had finished (an
        incumbent is never presented as a plan).
    log_path : Path, optional
        Also write the HiGHS log of both stages to this file.

    Returns
    -------
    SolveResult
        Status and the solver's words always; objective values, every variable's value, the
        stage-1 duals (∂ total output / ∂ right-hand side) and their units when optimal.
    """
    start = time.perf_counter()
    lp = model_lp(data)
    build_seconds = time.perf_counter() - start
    size = ModelSize(lp.a_matrix.shape[1], lp.a_matrix.shape[0], int(lp.a_matrix.nnz))
    with tempfile.TemporaryDirectory(prefix="accplan-highs-") as tmp:
        log_file = Path(tmp) / "highs.log"
        h, banner = highs_lp.new_highs(log_file, time_limit_s)
        start = time.perf_counter()
        highs_lp.pass_lp(h, lp, goals.objective_name(data), maximise=goals.maximises(data))
        fields = solve_stages(lp, h, data)
        solve_seconds = time.perf_counter() - start
        if fields["status"] is SolveStatus.OPTIMAL:
            fields["numerics"] = (*numerics.matrix_notes(lp), *numerics.solution_notes(h))
        h.setOptionValue("log_file", "")
        status = fields.pop("status")
        message = fields.pop("message")
        LOG.info("accplan LP %s: %s", status.value, message)
        return _finish(
            status,
            message,
            log_file,
            log_path,
            banner=banner,
            size=size,
            build_seconds=build_seconds,
            solve_seconds=solve_seconds,
            **fields,
        )
