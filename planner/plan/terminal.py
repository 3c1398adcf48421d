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
    lines += [
        "",
        tables.objective,
        f"Total output        {_num(h['total_output'], 3)} GWh",
        *_owed_lines(h),
        *_budget_step_line(tables),
        *_security_line(tables),
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


def _owed_lines(h: dict) -> list[str]:
    """Incentive owed against the budget, in Rs crore and USD million, and what the budget is
    worth (awards held)."""
    used = h.get("budget_used")
    share = f" ({used:.1%} of the budget)".replace("%", " %") if isinstance(used, float) else ""
    lines = [
        f"Incentive owed      Rs {_num(h['incentive_rs'], 0)} crore of Rs "
        f"{_num(h['budget_rs'], 0)} crore budget{share}",
        f"                    USD {_num(h['incentive_musd'], 1)} million of "
        f"{_num(h['budget_musd'], 1)}",
        "                    (what the scheme owes on this output: rate × eligible output of "
        "each award, after penalties and ceilings)",
    ]
    value = h.get("budget_value_gwh")
    if isinstance(value, float):
        lines.append(
            f"Budget value        {_num(value, 3)} GWh per Rs 100 crore (awards as planned)"
        )
    return lines


def _budget_step_line(tables: PlanTables) -> list[str]:
    """What Rs 100 crore more of budget buys, awards re-solved (only when it was computed)."""
    gain = tables.headline.get("budget_step_gwh")
    if not isinstance(gain, float):
        return []
    text = tables.budget_step or f"+{_num(gain, 3)} GWh (awards and claims re-solved)"
    return [f"More budget         {text}"]


def _security_line(tables: PlanTables) -> list[str]:
    """Penalties taken from performance securities (the Summary's sentence), if any."""
    text = tables.answers.security if tables.answers is not None else ""
    return [f"Penalties           {text}"] if text else []


def _year_table(tables: PlanTables) -> list[str]:
    head = f"{'year':>6}  {'output GWh':>12}  {'owed USD m':>16}  {'imports USD m':>14}"
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
        "awards": [{k: _finite(v) for k, v in r.items()} for r in _award_totals(tables)],
        "candidates": [{k: _finite(v) for k, v in r.items()} for r in tables.candidates],
        "budget_step": tables.budget_step,
        "binding": [{k: _finite(v) for k, v in b.row().items()} for b in tables.marginal],
        "warnings": [_issue(i) for i in warnings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _award_totals(tables: PlanTables) -> list[dict[str, Any]]:
    """Per award over all years (the Summary's table): Rs crore earned, deducted and owed."""
    return list(tables.answers.by_award) if tables.answers is not None else []


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
