"""Write the plan workbook: the one file a reviewer opens, without accplan, and must trust.

:func:`write_plan` builds every sheet from :mod:`planner.plan.schema` and writes it atomically
(temporary file in the target folder, then :func:`os.replace`). The same input and result give
the same cells except the one ``Run time (UTC)`` cell; with ``RunInfo.run_time=None``
(``--reproducible``) that cell and every timestamp inside the file are fixed, so the bytes are
identical too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook

from models.data import ModelData
from models.result import SolveResult, SolveStatus
from planner import __version__
from planner.errors import InputError, Issue, SolveError
from planner.plan import schema as ps
from planner.plan.charts import write_charts
from planner.plan.sheets import copy_inputs, write_summary, write_tables
from planner.plan.tables import PlanTables, build_tables
from planner.xlsx.atomic import check_output_path, save_workbook

log = logging.getLogger(__name__)

FIXED_TIME = dt.datetime(2000, 1, 1)
"""Document time written by a reproducible run (the zip entries themselves carry 1980-01-01)."""

STATUS_WORDS = {
    SolveStatus.OPTIMAL: "Optimal: no plan can make more GWh of cells with these inputs; among "
    "plans that make this much, this one costs least.",
    SolveStatus.INFEASIBLE: "Infeasible: no plan meets every minimum in the input.",
    SolveStatus.UNBOUNDED: "Unbounded: the input leaves output without limit.",
    SolveStatus.TIME_LIMIT: "Stopped at the time limit before an optimal plan was proven.",
    SolveStatus.ERROR: "The solver failed.",
}


class PlanSource(Protocol):
    """What a plan needs from the loaded input (``workbook.load.LoadedInput`` provides it)."""

    path: Path
    sha256: str
    data: ModelData
    fx_rs_per_usd: float
    scenario: str
    warnings: list[Issue]


@dataclass(frozen=True)
class RunInfo:
    """Facts about the run that are not in the input or the result."""

    run_time: dt.datetime | None = None
    """When the run started (UTC); None for a reproducible run."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per step (reading, building, solving, …), shown in the run-time cell only."""
    accplan_version: str = __version__

    @property
    def reproducible(self) -> bool:
        """True when no run time is recorded (``--reproducible``)."""
        return self.run_time is None


def write_plan(
    path: str | Path, source: PlanSource, result: SolveResult, run: RunInfo
) -> PlanTables:
    """Write the plan of an optimal ``result`` to ``path`` atomically; return its tables.

    Raises
    ------
    SolveError
        ``result`` is not optimal (a plan is only written for a proven optimum).
    InputError
        ``path`` is the input workbook, or the input changed on disk since it was read.
    OutputError
        The plan cannot be written; any previous file at ``path`` is left as it was.
    """
    if not result.is_optimal:
        raise SolveError(f"no plan was written: the solve ended {result.status.value}.")
    output = Path(path)
    check_output_path(output, (Path(source.path),), (".xlsx",))
    workbook_bytes = _input_bytes(source)
    tables = build_tables(source.data, result, source.fx_rs_per_usd)
    wb = _build_workbook(source, result, run, tables, workbook_bytes)
    save_workbook(wb, output, _document_time(run))
    log.info("plan written to %s", output)
    return tables


def _input_bytes(source: PlanSource) -> bytes:
    """The input workbook's bytes, checked against the SHA-256 recorded when it was read."""
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read it again to copy it into the plan ({exc.strerror}).",
            where=str(source.path),
        ) from exc
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise InputError(
            "changed on disk while accplan was running; run again.", where=str(source.path)
        )
    return data


def numerics_warnings(result: SolveResult) -> list[Issue]:
    """The solve's numerical doubts (:attr:`SolveResult.numerics`) as warnings for the Summary."""
    return [Issue("numerics", "solver", note, "warning") for note in result.numerics]


def _build_workbook(
    source: PlanSource, result: SolveResult, run: RunInfo, tables: PlanTables, workbook_bytes: bytes
) -> Workbook:
    wb = Workbook()
    summary = wb.active
    summary.title = ps.SUMMARY_SHEET
    write_summary(
        summary,
        tables,
        STATUS_WORDS[result.status],
        source.scenario,
        run_block(source, result, run),
        [*source.warnings, *numerics_warnings(result)],
    )
    write_tables(wb, tables)
    write_charts(wb.create_sheet(ps.CHARTS_SHEET), tables, source.data.years)
    copy_inputs(
        wb, workbook_bytes, getattr(source, "overridden", None), getattr(source, "copies", None)
    )
    wb.properties.creator = f"accplan {run.accplan_version}"
    wb.properties.title = f"ACC cell plan: {source.scenario}"
    return wb


def _document_time(run: RunInfo) -> dt.datetime:
    if run.run_time is None:
        return FIXED_TIME
    return run.run_time.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)


def run_block(source: PlanSource, result: SolveResult, run: RunInfo) -> dict[str, object]:
    """Values of the Summary's run block, keyed like :data:`planner.plan.schema.RUN_LABELS`."""
    return {
        "format": ps.PLAN_FORMAT,
        "accplan": run.accplan_version,
        "pyomo": result.pyomo_version or "unknown",
        "highs": result.highs_version or "unknown",
        "input_file": Path(source.path).name,
        "input_sha256": source.sha256,
        "scenario": source.scenario,
        "overrides": "; ".join(getattr(source, "overrides", ())) or "none",
        "status": result.status.value,
        "solve_seconds": f"in '{ps.RUN_LABELS['run_time']}' below (timings change from run to "
        "run, so they are kept in that one cell)",
        "run_time": run_time_text(run, result),
    }


def run_time_text(run: RunInfo, result: SolveResult) -> str:
    """The one cell that changes between runs: start time (UTC) and the seconds each step took."""
    if run.reproducible:
        return "not recorded (--reproducible)"
    stamp = _document_time(run).strftime("%Y-%m-%d %H:%M:%S UTC")
    steps = dict(run.timings)
    steps.setdefault("building", result.build_seconds)
    steps.setdefault("solving", result.solve_seconds)
    parts = [f"{name} {seconds:.2f} s" for name, seconds in steps.items()]
    return f"{stamp}; " + ", ".join(parts)
