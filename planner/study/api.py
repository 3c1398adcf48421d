"""The library entries of studies: sweep a workbook, run a batch of scenarios.

The command line, notebooks and tests call these; each reads the workbook once, validates it
(with any overrides) before solving anything, and returns the results with the tidy table.

>>> result, _ = sweep_workbook("inputs/acc_base.xlsx",
...                            ["Settings.budget_rs_crore=2000:36000:20"])  # doctest: +SKIP
>>> sweep_frame(result).query("measure == 'total_output'")                 # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Issue
from planner.study.batch import BatchResult
from planner.study.sweep import Progress, SweepResult, Vary, parse_vary, run_sweep
from planner.study.tidy import tidy_frame, write_tidy
from planner.workbook.load import load_book
from planner.workbook.overrides import Override
from planner.workbook.read import RawBook, read_workbook
from planner.workbook.validate import validate_book
from planner.xlsx.atomic import check_output_path

DEFAULT_FOLDER = Path("outputs")


def default_output(workbook: Path, kind: str) -> Path:
    """``outputs/<input name>_<kind>.xlsx`` (the folder is made only for an existing input)."""
    if Path(workbook).is_file():
        DEFAULT_FOLDER.mkdir(exist_ok=True)
    return DEFAULT_FOLDER / f"{Path(workbook).stem}_{kind}.xlsx"


def sweep_frame(result: SweepResult) -> pd.DataFrame:
    """The tidy table of a sweep: one row per point × measure × index."""
    return tidy_frame([v.label for v in result.varies], result.points)


def _check_targets(book: RawBook, overrides: Sequence[Override], varies: list[Vary]) -> None:
    """An unknown sheet, column or value in a --vary target stops the sweep before it starts
    (an out-of-range value only makes its own points invalid)."""
    trial = [*overrides, *(v.override(v.values[0]) for v in varies)]
    bad = [i for i in validate_book(book, trial).issues if i.code == "bad-override"]
    if bad:
        raise InputError(
            [Issue(i.code, i.where.replace("--set", "--vary"), i.message) for i in bad]
        )


def sweep_workbook(
    workbook: str | Path,
    varies: Sequence[str | Vary],
    overrides: Sequence[Override] = (),
    *,
    output: Path | None = None,
    tables: Sequence[Path] = (),
    time_limit_s: float | None = None,
    reproducible: bool = False,
    progress: Progress | None = None,
) -> tuple[SweepResult, list[Path]]:
    """Sweep ``workbook``; write the sweep workbook to ``output`` and tidy ``tables`` if given.

    Raises
    ------
    InputError
        The workbook (with ``overrides``) is invalid, or a ``--vary`` cannot be read.
    """
    path = Path(workbook)
    parsed = [v if isinstance(v, Vary) else parse_vary(v) for v in varies]
    for target in [p for p in (output, *tables) if p is not None]:
        check_output_path(Path(target), (path,))
    book = read_workbook(path)
    load_book(book, overrides)  # the base must be valid before anything is solved
    _check_targets(book, overrides, parsed)
    start = time.perf_counter()
    result = run_sweep(book, parsed, overrides, time_limit_s, progress)
    seconds = time.perf_counter() - start
    written: list[Path] = []
    if output is not None:
        from planner.study.sweep_book import write_sweep

        facts = {
            "input file": path.name,
            "input SHA-256": book.sha256,
            "overrides": "; ".join(o.text for o in overrides) or "none",
            "varied": "; ".join(v.text for v in parsed),
            "points": len(result.points),
            "warm re-solves": f"{result.warm_starts} of {len(result.points)} "
            f"({result.rebuilds} model builds)",
            "seconds": "not recorded (--reproducible)" if reproducible else f"{seconds:.2f}",
        }
        write_sweep(Path(output), result, facts, reproducible)
        written.append(Path(output))
    for table in tables:
        write_tidy(Path(table), sweep_frame(result))
        written.append(Path(table))
    return result, written


def batch_frame(result: BatchResult) -> pd.DataFrame:
    """The tidy table of a batch: one row per scenario × measure × index."""
    return tidy_frame(["scenario"], [([c.scenario.name], c.measured) for c in result.cases])


def batch_workbook(
    workbook: str | Path,
    scenarios: Sequence[str] = (),
    overrides: Sequence[Override] = (),
    *,
    output: Path | None = None,
    tables: Sequence[Path] = (),
    plans: Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    time_limit_s: float | None = None,
    reproducible: bool = False,
    progress: Progress | None = None,
) -> tuple[BatchResult, list[Path]]:
    """Solve the base and the named scenarios (all on the Scenarios sheet when none is named).

    ``plans``: a folder to write each optimal scenario's full plan in (``<scenario>_plan.xlsx``).
    ``jobs`` local processes, or ``scheduler`` a Dask scheduler address (``"local"`` starts a
    LocalCluster of ``jobs`` workers).

    Raises
    ------
    InputError
        The base workbook (with ``overrides``) is invalid, or a named scenario does not exist.
    """
    from planner.study.batch import run_batch
    from planner.study.scenarios import pick, read_scenarios

    path = Path(workbook)
    for target in [p for p in (output, *tables) if p is not None]:
        check_output_path(Path(target), (path,))
    book = read_workbook(path)
    load_book(book, overrides)
    chosen = pick(read_scenarios(book, overrides), scenarios)
    start = time.perf_counter()
    result = run_batch(
        book,
        chosen,
        overrides,
        workers=jobs,
        scheduler=scheduler,
        time_limit_s=time_limit_s,
        keep_results=plans is not None,
        progress=progress,
    )
    seconds = time.perf_counter() - start
    written: list[Path] = []
    if output is not None:
        from planner.study.batch_book import write_batch

        facts = {
            "input file": path.name,
            "input SHA-256": book.sha256,
            "overrides (all scenarios)": "; ".join(o.text for o in overrides) or "none",
            "scenarios": len(result.cases),
            "solved on": (scheduler and f"Dask scheduler {scheduler}") or f"{jobs} process(es)",
            "seconds": "not recorded (--reproducible)" if reproducible else f"{seconds:.2f}",
        }
        write_batch(Path(output), result, facts, reproducible)
        written.append(Path(output))
    for table in tables:
        write_tidy(Path(table), batch_frame(result))
        written.append(Path(table))
    if plans is not None:
        written += _write_plans(Path(plans), result, reproducible)
    return result, written


def _write_plans(folder: Path, result: BatchResult, reproducible: bool) -> list[Path]:
    import dataclasses
    import datetime as dt

    from planner.plan.write import RunInfo, write_plan

    folder.mkdir(parents=True, exist_ok=True)
    info = RunInfo(run_time=None if reproducible else dt.datetime.now(dt.UTC))
    written = []
    for case in result.cases:
        if case.result is None or case.loaded is None or not case.result.is_optimal:
            continue
        name = case.scenario.name
        loaded = dataclasses.replace(case.loaded, scenario=f"{case.loaded.scenario}: {name}")
        target = folder / f"{_file_name(name)}_plan.xlsx"
        write_plan(target, loaded, case.result, info)
        written.append(target)
    return written


def _file_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "scenario"
