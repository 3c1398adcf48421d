"""What a solve returns: status, objective values, every variable, the duals, size and timing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

Index = tuple
"""An index tuple of a Pyomo component: () for a scalar, (p, y), (s, k, p, y), ..."""


class SolveStatus(str, Enum):  # noqa: UP042  (str() and == "optimal" kept as designed)
    """How the solve ended, in words a planner can read."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    TIME_LIMIT = "time limit"
    ERROR = "error"


@dataclass(frozen=True)
class ModelSize:
    """Size of the LP handed to the solver."""

    variables: int
    constraints: int
    nonzeros: int


@dataclass(frozen=True)
class SolveResult:
    """The outcome of :func:`models.solve.solve`.

    ``values`` and ``duals`` are keyed by the Pyomo component name (e.g. ``"output_gwh"``,
    ``"incentive_budget"``) and then by index tuple. Duals come from the first stage (maximise
    output): for a binding ``≤`` limit they are ≥ 0, in GWh per unit of the limit; units are in
    ``dual_units``. Under degeneracy a dual is *a* marginal value, not the only one.
    The objectives, ``values``, ``duals`` and ``dual_units`` are empty/None unless optimal; the
    size, timings, versions and ``log`` are filled whenever the model was built.
    """

    status: SolveStatus
    solver_message: str
    output_gwh: float | None = None
    """Stage-1 objective: total cell output over the horizon, GWh."""
    objective_value: float | None = None
    """Stage-1 optimum of the chosen objective (ModelData.objective), in its unit; equals
    ``output_gwh`` for the default cumulative_gwh (``output_gwh`` is None for the others)."""
    cost_musd: float | None = None
    """Stage-2 objective: incentive + mineral purchases + capex at maximal output, USD million."""
    values: Mapping[str, Mapping[Index, float]] = field(default_factory=dict)
    duals: Mapping[str, Mapping[Index, float]] = field(default_factory=dict)
    dual_units: Mapping[str, str] = field(default_factory=dict)
    ranges: Mapping[str, Mapping[Index, Any]] = field(default_factory=dict)
    """For every binding limit (``models.ranging.LimitRange``): what one more unit buys (the
    slope of total output for a rise, re-solved where the dual holds only for a cut) and the
    range of the limit over which that holds, with total output at its ends."""
    integer_decisions: bool = False
    """True when the model had 0/1 decisions (awards, claims, delays, ceilings): each stage was
    then solved as a MIP, and the duals and values come from its LP with those decisions held."""
    budget_step_gwh: float | None = None
    """Δ total output when the budget is raised by ``ModelData.budget_step_musd`` and stage 1
    re-solved with the 0/1 decisions free (None if not computed or not solved)."""
    budget_step_candidate_gwh: Mapping[Index, float] = field(default_factory=dict)
    """Each candidate's award, GWh/yr, in that re-solve: whom the extra budget would fund."""
    size: ModelSize = ModelSize(0, 0, 0)
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    highs_version: str = ""
    pyomo_version: str = ""
    log: str = ""
    """The HiGHS log of both stages (never printed to the terminal by the model)."""
    numerics: tuple[str, ...] = ()
    """Why an optimal answer may be numerically doubtful (:mod:`models.numerics`): coefficients
    HiGHS ignores, rows with too wide a range of magnitudes, residual infeasibility. Empty when
    nothing was found."""

    @property
    def is_optimal(self) -> bool:
        """True when the solve proved an optimum (only then is there a plan)."""
        return self.status is SolveStatus.OPTIMAL
