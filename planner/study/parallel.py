"""Run a batch's solves one after another, in local processes, or on a Dask cluster.

Workers receive :class:`Job` records holding validated model data (never a path), solve them
cold with :func:`models.solve.solve` (a warm start could pick another of several equally good
plans, and so make results depend on which worker solved what before), and send back the
measured results. Results are put back in the order of the jobs, so the table is the same
whatever the number of workers and the order they finish in.

Dask: ``scheduler="local"`` starts a LocalCluster of ``workers`` processes (one thread each);
any other value is the address of a running scheduler (``dask scheduler``). A task whose worker
is lost is rescheduled by Dask (up to its ``allowed-failures``, then ``KilledWorker``); a task
that raises is retried :data:`RETRIES` times. Either way a scenario that keeps failing is
reported in its row, never waited on for ever.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from models.data import ModelData
from models.result import SolveResult
from planner.errors import PlannerError
from planner.study.measures import Measured
from planner.study.solving import solve_data

RETRIES = 1
"""Extra attempts Dask makes at a task that raised."""

CONNECT_TIMEOUT = "20s"

Outcome = tuple[Measured, SolveResult | None]


@dataclass(frozen=True)
class Job:
    """One scenario's solve, as sent to a worker."""

    name: str
    data: ModelData
    fx_rs_per_usd: float
    time_limit_s: float | None = None
    keep_result: bool = False
    """Send the whole SolveResult back too (to write the scenario's plan)."""


def solve_job(job: Job) -> Outcome:
    """Solve one job cold and measure it (runs in a worker)."""
    from models.solve import solve

    solved: list[SolveResult] = []

    def cold(data: ModelData) -> SolveResult:
        solved.append(solve(data, time_limit_s=job.time_limit_s))
        return solved[-1]

    measured = solve_data(job.data, job.fx_rs_per_usd, cold)
    return measured, (solved[0] if job.keep_result and solved else None)


def _failed(exc: BaseException) -> Outcome:
    return Measured("failed", f"{type(exc).__name__}: {exc}", 1), None


Tell = Callable[[str], None]
"""Called with a job's name as each job ends."""


def run_jobs(
    jobs: Iterable[Job],
    workers: int = 1,
    scheduler: str | None = None,
    tell: Tell | None = None,
) -> list[Outcome]:
    """Every job's outcome, in the order of ``jobs``.

    ``jobs`` may be a generator that validates as it goes: each job is handed to a worker as
    soon as it is made, so the workers solve while the next ones are being validated.
    """
    tell = tell or (lambda name: None)
    if scheduler is not None:
        return _on_dask(jobs, scheduler, workers, tell)
    if workers <= 1:
        outcomes = []
        for job in jobs:
            try:
                outcomes.append(solve_job(job))
            except Exception as exc:  # a scenario's failure is its row's, not the batch's
                outcomes.append(_failed(exc))
            tell(job.name)
        return outcomes
    return _in_processes(jobs, workers, tell)


def _in_processes(jobs: Iterable[Job], workers: int, tell: Tell) -> list[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Not fork: HiGHS keeps process-wide threads a forked child must not inherit. A fork server
    # imports Pyomo, HiGHS and accplan once, then forks each worker from that clean process.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["planner.study.parallel", "models.solve"])
    else:
        context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(solve_job, job): (i, job.name) for i, job in enumerate(jobs)}
        outcomes: list[Outcome | None] = [None] * len(futures)
        for future in as_completed(futures):
            i, name = futures[future]
            try:
                outcomes[i] = future.result()
            except Exception as exc:
                outcomes[i] = _failed(exc)
            tell(name)
    return outcomes  # type: ignore[return-value]


def _on_dask(jobs: Iterable[Job], scheduler: str, workers: int, tell: Tell) -> list[Outcome]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=max(workers, 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
        client = Client(cluster or scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
        if cluster is not None:
            cluster.close()
        raise PlannerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = [
            (client.submit(solve_job, job, pure=False, retries=RETRIES), job.name) for job in jobs
        ]
        index = {future.key: (i, name) for i, (future, name) in enumerate(futures)}
        outcomes: list[Outcome | None] = [None] * len(futures)
        for future in as_completed([f for f, _ in futures]):
            i, name = index[future.key]
            try:
                outcomes[i] = future.result()
            except Exception as exc:  # KilledWorker after repeated losses, or the task's own
                outcomes[i] = _failed(exc)
            tell(name)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return outcomes  # type: ignore[return-value]
