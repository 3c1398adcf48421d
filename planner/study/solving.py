"""One point of a study: validate (from the workbook in memory), solve, measure."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from models.data import ModelData
from models.result import SolveResult, SolveStatus
from planner.study.measures import Measured, measure
from planner.workbook.load import load_book
from planner.workbook.overrides import Override
from planner.workbook.read import RawBook

Solver = Callable[[ModelData], SolveResult]

EXIT_CODES = {
    SolveStatus.INFEASIBLE: 3,
    SolveStatus.UNBOUNDED: 3,
    SolveStatus.TIME_LIMIT: 4,
    SolveStatus.ERROR: 1,
}
"""Exit class of each non-optimal status, as ``accplan solve`` would exit."""


def solve_data(data: ModelData, fx_rs_per_usd: float, solve: Solver) -> Measured:
    """Solve validated model data and measure it; a non-optimal end is a status, not an error."""
    result = solve(data)
    if not result.is_optimal:
        from planner.plan.write import STATUS_WORDS

        words = STATUS_WORDS.get(result.status, "The solver failed.")
        return Measured(
            result.status.value,
            f"{words} ({result.solver_message})",
            EXIT_CODES.get(result.status, 1),
        )
    return measure(data, result, fx_rs_per_usd)


def solve_measured(book: RawBook, overrides: Sequence[Override], solve: Solver) -> Measured:
    """Apply ``overrides`` to ``book`` in memory, validate, solve and measure.

    Raises
    ------
    InputError
        The overridden workbook is not valid.
    """
    loaded = load_book(book, overrides)
    return solve_data(loaded.data, loaded.fx_rs_per_usd, solve)
