"""How validation issues are shown: one line each (with long runs of one kind counted), or
JSON for ``accplan validate --json``."""

from __future__ import annotations

from pathlib import Path

from planner.errors import Issue

SAME_KIND_SHOWN = 25
"""Lines shown per kind of problem and sheet; the rest are counted on one line."""


def report_lines(issues: list[Issue], label: str) -> list[str]:
    """One line per issue (``Error: Plants!E7: ... [code]``), in the order given, except that
    after :data:`SAME_KIND_SHOWN` lines of one kind on one sheet the rest are counted."""
    lines: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    first_hidden: dict[tuple[str, str], tuple[int, Issue]] = {}
    for issue in issues:
        key = (issue.code, issue.where.partition("!")[0])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= SAME_KIND_SHOWN:
            lines.append(f"{label}: {issue} [{issue.code}]")
        elif seen[key] == SAME_KIND_SHOWN + 1:
            first_hidden[key] = (len(lines), issue)
            lines.append("")
    for key, (index, issue) in first_hidden.items():
        others = seen[key] - SAME_KIND_SHOWN - 1
        also = f" and {others} more cell{'s' if others != 1 else ''}" if others else ""
        lines[index] = (
            f"{label}: {issue.where}{also} on {key[1]}: the same kind of "
            f"problem as the lines above marked [{key[0]}]"
        )
    return lines


def issues_json(workbook: Path, errors: list[Issue], warnings: list[Issue]) -> str:
    """``validate --json``: whether the workbook is valid, and every issue in reading order."""
    import json

    def one(issue: Issue) -> dict[str, str]:
        return {
            "code": issue.code,
            "where": issue.where,
            "message": issue.message,
            "severity": issue.severity,
        }

    doc = {
        "workbook": str(workbook),
        "valid": not errors,
        "errors": len(errors),
        "warnings": len(warnings),
        "issues": [one(i) for i in [*errors, *warnings]],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
