"""What a sweep or batch prints: a short table of the cases, and where the results went."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.study.measures import Measured

BREAKPOINTS_SHOWN = 8


def _num(value: float | None, decimals: int = 1) -> str:
    return "-" if value is None else f"{value:,.{decimals}f}"


def case_table(id_header: str, cases: Sequence[tuple[str, Measured]]) -> list[str]:
    """``id  status  output GWh  incentive USD m  import bill USD m  binding`` per case."""
    width = max([len(id_header), *(len(name) for name, _ in cases)])
    lines = [
        f"{id_header:<{width}}  {'status':<13} {'output GWh':>11} {'incentive USD m':>15} "
        f"{'import bill USD m':>17} {'binding':>7}"
    ]
    for name, m in cases:
        binding = m.value("binding_limits")
        lines.append(
            f"{name:<{width}}  {m.status:<13} {_num(m.value('total_output')):>11} "
            f"{_num(m.value('incentive_owed')):>15} {_num(m.value('import_bill')):>17} "
            f"{'-' if binding is None else int(binding):>7}"
        )
    return lines


def breakpoint_lines(breakpoints: list[dict[str, Any]], label: str) -> list[str]:
    """The first breakpoints in words, then how many more the workbook lists."""
    lines = [f"Breakpoints along {label}: {len(breakpoints)}"]
    for b in breakpoints[:BREAKPOINTS_SHOWN]:
        at = "" if b["at"] is None else f", at about {b['at']:,.6g}"
        lines.append(
            f"  {b['limit']} {b['change']} between {b['from']:,.6g} and {b['to']:,.6g}{at}"
        )
    if len(breakpoints) > BREAKPOINTS_SHOWN:
        lines.append(f"  ... {len(breakpoints) - BREAKPOINTS_SHOWN} more on the Breakpoints sheet")
    return lines
