"""What ``accplan solve`` shows at the end: a short text table, or a JSON summary for programs.

Both are rendered from the same :class:`~planner.plan.tables.PlanTables` as the plan workbook, so
the terminal and the plan always agree. Nothing here prints; the command decides where text goes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.errors import InputError, Issue, PlannerError
from planner.plan.duals import top_by_family
from planner.plan.tables import PlanTables

BINDING_SHOWN = 5
"""Binding limits listed in the terminal summary (the plan lists all)."""


def _num(value: float | None, decimals: int) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:,.{decimals}f}"


def summary_text(tables: PlanTables, plan_path: Path) -> str:
    """A short, aligned summary: output by year, incentive vs budget, imports, binding limits."""
    h = tables.headline
    lines = [f"Plan written to {plan_path}", ""]
    lines += _year_table(tables)
    used = h.get("budget_used")
    used_text = f" ({used:.1%} used)" if isinstance(used, float) else ""
    lines += [
        "",
        tables.objective,
        f"Total output        {_num(h['total_output'], 3)} GWh",
        f"Incentive paid      USD {_num(h['incentive_musd'], 1)} million of "
        f"{_num(h['budget_musd'], 1)}{used_text}",
        f"                    Rs {_num(h['incentive_rs'], 0)} crore of {_num(h['budget_rs'], 0)}",
        "                    (what the scheme owes on this output, penalties netted)",
        *_budget_step_line(h),
        f"Mineral import bill USD {_num(h['import_bill'], 1)} million",
        f"Binding limits      {len(tables.marginal)}"
        + (
            " (largest of each kind below; all on the 'Marginal values' sheet)"
            if tables.marginal
            else ""
        ),
    ]
    lines += [f"  - {b.meaning}" for b in top_by_family(tables.marginal, 1)[:BINDING_SHOWN]]
    return "\n".join(lines)


def _budget_step_line(h: dict) -> list[str]:
    """What Rs 100 crore more of budget buys, awards re-solved (only when it was computed)."""
    gain = h.get("budget_step_gwh")
    if not isinstance(gain, float):
        return []
    return [f"Rs 100 crore more  +{_num(gain, 3)} GWh (awards and claims re-solved)"]


def _year_table(tables: PlanTables) -> list[str]:
    head = f"{'year':>6}  {'output GWh':>12}  {'incentive USD m':>16}  {'imports USD m':>14}"
    rows = [
        f"{r['year']:>6}  {_num(r['output'], 3):>12}  {_num(r['incentive'], 1):>16}  "
        f"{_num(r['import_bill'], 1):>14}"
        for r in tables.years
    ]
    return [head, *rows]


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: write null instead."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary_json(
    tables: PlanTables,
    plan_path: Path,
    run: dict[str, Any],
    warnings: Sequence[Issue],
    timings: dict[str, float],
) -> str:
    """The machine-readable summary printed by ``--json`` (keys are stable)."""
    doc = {
        "status": "optimal",
        "exit_code": 0,
        "plan": str(plan_path),
        "run": {k: _finite(v) for k, v in run.items()},
        "seconds": {k: round(v, 3) for k, v in timings.items()},
        "headline": {k: _finite(v) for k, v in tables.headline.items()},
        "years": [{k: _finite(v) for k, v in r.items()} for r in tables.years],
        "binding": [{k: _finite(v) for k, v in b.row().items()} for b in tables.marginal],
        "warnings": [_issue(i) for i in warnings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _issue(issue: Issue) -> dict[str, str]:
    return {
        "code": issue.code,
        "where": issue.where,
        "message": issue.message,
        "severity": issue.severity,
    }


def error_json(exc: PlannerError, status: str) -> str:
    """The ``--json`` answer when no plan was written."""
    doc: dict[str, Any] = {"status": status, "exit_code": exc.exit_code, "message": str(exc)}
    if exc.workbook:
        doc["workbook"] = exc.workbook
    if isinstance(exc, InputError):
        doc["issues"] = [_issue(i) for i in exc.issues]
    return json.dumps(doc, indent=2, ensure_ascii=False)
