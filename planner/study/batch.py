"""Batches: solve the base and named scenarios of one workbook, side by side.

The workbook is read once; each scenario's overrides are applied to the cells in memory and
validated here, in the main process (so every message names its cell and override); only the
validated model data goes to the solvers (:mod:`planner.study.parallel`). A scenario that is
invalid, infeasible or fails is reported in its row with its message and exit class, and the
batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from models.result import SolveResult
from planner.errors import InputError
from planner.study.measures import Measured
from planner.study.parallel import Job, run_jobs
from planner.study.scenarios import Scenario
from planner.workbook.load import LoadedInput, load_book
from planner.workbook.overrides import Override
from planner.workbook.read import RawBook


@dataclass
class Case:
    """One scenario's outcome."""

    scenario: Scenario
    measured: Measured
    loaded: LoadedInput | None = None
    result: SolveResult | None = None
    """The whole solve (only when plans are wanted)."""


@dataclass
class BatchResult:
    """Every case, in the order asked for."""

    cases: list[Case] = field(default_factory=list)

    @property
    def all_optimal(self) -> bool:
        """True when every case solved to an optimum."""
        return all(c.measured.status == "optimal" for c in self.cases)

    @property
    def exit_code(self) -> int:
        """0 when every scenario has an optimal plan, else the largest exit class of the rest."""
        return 0 if self.all_optimal else max(c.measured.exit_code for c in self.cases)


def _invalid(message: str) -> Measured:
    return Measured("invalid input", message, InputError.exit_code)


def run_batch(
    book: RawBook,
    scenarios: Sequence[Scenario],
    overrides: Sequence[Override] = (),
    *,
    workers: int = 1,
    scheduler: str | None = None,
    time_limit_s: float | None = None,
    keep_results: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> BatchResult:
    """Validate every scenario of ``book``, solve the valid ones, and measure each.

    Scenarios are validated one by one in this process and handed to the solvers as they are
    ready, so with several workers validation and solving overlap.
    """
    cases = [Case(scenario, Measured("not solved")) for scenario in scenarios]
    waiting: list[Case] = []
    done = [0]

    def tell(name: str) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], len(cases), name)

    def jobs() -> Iterator[Job]:
        for case in cases:
            scenario = case.scenario
            try:
                if scenario.problem:
                    raise InputError(scenario.problem)
                case.loaded = load_book(book, [*overrides, *scenario.overrides])
            except InputError as exc:
                case.measured = _invalid(str(exc) if not scenario.problem else scenario.problem)
                tell(scenario.name)
                continue
            waiting.append(case)
            data, fx = case.loaded.data, case.loaded.fx_rs_per_usd
            yield Job(scenario.name, data, fx, time_limit_s, keep_results)

    outcomes = run_jobs(jobs(), workers, scheduler, tell)
    for case, (measured, result) in zip(waiting, outcomes, strict=True):
        case.measured, case.result = measured, result
    return BatchResult(cases)
