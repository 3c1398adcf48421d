"""The 0/1 decisions of the scheme (awards, claims, delays, deductions, ceilings) on highspy.

When the model has integer columns each stage is solved as a mixed-integer programme, then the
integer columns are fixed at their optimal values and the same stage is re-solved as an LP: its
duals are the marginal values reported ("with the 0/1 decisions held"), and its values are the
plan. With no integer column nothing here changes the LP route.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import highspy
import numpy as np

from models import highs_lp
from models.result import SolveStatus

LOG = logging.getLogger(__name__)

MIP_REL_GAP = 1e-9
"""HiGHS's default relative gap (1e-4) would stop short of the optimum the cross-check expects."""


@dataclass
class Integers:
    """The integer columns of a compiled model and their original bounds."""

    columns: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    @classmethod
    def of(cls, lp: highs_lp.CompiledLP) -> Integers:
        """The integer columns of ``lp`` with their bounds as compiled."""
        cols = lp.integer_columns
        return cls(cols, lp.col_lower[cols].copy(), lp.col_upper[cols].copy())

    def __bool__(self) -> bool:
        return len(self.columns) > 0

    def free(self, h: highspy.Highs) -> None:
        """Integer columns back to their bounds and integrality (before a MIP solve)."""
        if not self:
            return
        n = len(self.columns)
        h.changeColsBounds(n, self.columns, self.lower, self.upper)
        kinds = np.full(n, highspy.HighsVarType.kInteger)
        h.changeColsIntegrality(n, self.columns, kinds)

    def chosen(self, h: highspy.Highs) -> np.ndarray:
        """The integer columns' values in the solution, rounded (the 0/1 decisions taken)."""
        return np.round(np.asarray(h.getSolution().col_value)[self.columns])

    def fix(self, h: highspy.Highs) -> None:
        """Fix each integer column at its rounded value in the solution; make it continuous."""
        if not self:
            return
        values = self.chosen(h)
        self.hold(h, values, values)

    def hold(self, h: highspy.Highs, lower: np.ndarray, upper: np.ndarray) -> None:
        """Make the integer columns continuous within ``lower``..``upper`` (held decisions)."""
        n = len(self.columns)
        h.changeColsIntegrality(n, self.columns, np.full(n, highspy.HighsVarType.kContinuous))
        h.changeColsBounds(n, self.columns, lower, upper)


SEARCH_OPTIONS = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_allow_restart": False,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_root_reduced_cost": False,
}
"""HiGHS's sub-MIP heuristics, root restarts, feasibility jump and root reduced-cost heuristic,
off: on accplan's MIPs they found nothing the search did not, and cost most of the time. One
solve of the 100-plant benchmark workbook, CPU: 25.8 s with HiGHS's defaults, 8.2 s without the
first three, 6.4 s without all five; the base case 0.55 -> 0.40 s with the last two off (most of
its HiGHS time is small MIPs: ranging's award re-decisions, the budget step); same optima on
every shipped input (benchmarks/RESULTS.md). Stage 2 gained most: its LP bound is weak (what
the scheme owes is a minimum, made exact by 0/1 switches), and RENS/RINS sub-MIPs ran for most
of its root node."""


def configure(h: highspy.Highs) -> None:
    """MIP options: solve to optimality (gap 1e-9), deterministic, :data:`SEARCH_OPTIONS`."""
    h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    h.setOptionValue("mip_abs_gap", 1e-9)
    for name, value in SEARCH_OPTIONS.items():
        h.setOptionValue(name, value)


def run_stage(
    h: highspy.Highs, ints: Integers, start: highspy.HighsSolution | None = None
) -> tuple[SolveStatus, str]:
    """Solve the loaded stage: as a MIP, then as the LP with integers fixed (for duals).

    ``start``, a point known to be feasible for this stage, is handed to HiGHS as its first
    incumbent. HiGHS 1.16 can misprice a start after presolve ("feasible in the reduced space:
    objective value ..." differs from its value in the original space) and then stop at it as
    "optimal" (a synthetic instance: 1,395 claimed as 1,374, the true optimum 1,374 elsewhere);
    the LP with the integers fixed reveals it, as its optimum cannot be worse than the MIP's
    claim. Then the MIP is solved again without the start.
    """
    if not ints:
        return highs_lp.run(h)
    ints.free(h)
    if start is not None:
        h.setSolution(start)
    status, message = highs_lp.run(h)
    if status is not SolveStatus.OPTIMAL:
        return status, message
    claimed = h.getInfo().objective_function_value
    ints.fix(h)
    h.clearSolver()
    status, fixed_message = highs_lp.run(h)
    if status is not SolveStatus.OPTIMAL:
        return status, f"fixed LP: {fixed_message}"
    if start is not None and not _agrees(claimed, h.getInfo().objective_function_value):
        LOG.info("HiGHS stopped at a mispriced MIP start; solving again without it")
        h.clearSolver()
        return run_stage(h, ints)
    return status, message


def _agrees(claimed: float, fixed: float) -> bool:
    """The MIP's optimum and its fixed LP's agree (to 1e-7 relative; the MIP gap is 1e-9)."""
    return abs(claimed - fixed) <= 1e-7 * max(1.0, abs(claimed))
