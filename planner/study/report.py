"""Terminal and JSON reports of studies (the command decides whether to print them)."""

from __future__ import annotations

import json
from pathlib import Path

from planner.study.batch import BatchResult
from planner.study.measures import MEASURE_UNITS
from planner.study.sweep import SweepResult
from planner.study.terminal import breakpoint_lines, case_table

JSON_KEYS = {
    "cases": "one object per point or scenario: its identifying values, status, exit_code, "
    "message, and measures {measure: {index: value}}",
    "units": "measure -> unit",
    "breakpoints": "sweeps: limit, change, from, to, at (null when not estimated)",
    "written": "files written",
}
"""The documented top-level keys of ``--json`` output of ``sweep`` and ``batch``."""


def _case_json(ids: dict[str, object], m) -> dict[str, object]:
    measures: dict[str, dict[str, object]] = {}
    for row in m.rows:
        measures.setdefault(str(row["measure"]), {})[str(row["index"])] = row["value"]
    return {
        **ids,
        "status": m.status,
        "exit_code": m.exit_code,
        "message": m.message,
        "measures": measures,
    }


def sweep_report(result: SweepResult, written: list[Path], as_json: bool) -> str:
    """The sweep as JSON (:data:`JSON_KEYS`) or as a table with its breakpoints."""
    labels = [v.label for v in result.varies]
    if as_json:
        cases = [
            _case_json(dict(zip(labels, values, strict=True)), m) for values, m in result.points
        ]
        return json.dumps(
            {
                "cases": cases,
                "units": MEASURE_UNITS,
                "breakpoints": result.breakpoints,
                "written": [str(p) for p in written],
            },
            indent=2,
            default=str,
        )
    names = [(", ".join(f"{x:,.6g}" for x in values), m) for values, m in result.points]
    lines = case_table(" / ".join(labels), names)
    lines += breakpoint_lines(result.breakpoints, labels[0])
    lines += [f"Written: {p}" for p in written]
    return "\n".join(lines)


def batch_report(result: BatchResult, written: list[Path], as_json: bool) -> str:
    """The batch as JSON (:data:`JSON_KEYS`) or as a table of its scenarios."""
    if as_json:
        cases = [_case_json({"scenario": c.scenario.name}, c.measured) for c in result.cases]
        return json.dumps(
            {"cases": cases, "units": MEASURE_UNITS, "written": [str(p) for p in written]},
            indent=2,
            default=str,
        )
    lines = case_table("scenario", [(c.scenario.name, c.measured) for c in result.cases])
    for c in result.cases:
        if c.measured.status != "optimal":
            lines.append(
                f"{c.scenario.name}: {c.measured.message} (exit class {c.measured.exit_code})"
            )
    lines += [f"Written: {p}" for p in written]
    return "\n".join(lines)
