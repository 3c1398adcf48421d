"""Sweeps: solve one workbook at many values of one or two inputs, reading and building once.

``--vary "Settings.budget_rs_crore=2000:36000:20"`` is 20 values from 2,000 to 36,000 inclusive;
``--vary "Settings.budget_rs_crore=5000,10000,20000"`` lists them; ``TARGET*=0.5:1.5:5`` scales
(the target is an override target, :mod:`planner.workbook.overrides`). A second ``--vary``
makes a grid. The workbook is read once; each point applies its overrides to the cells in memory,
is validated like a typed workbook, and is solved on one :class:`models.warm.WarmSolver`, warm.

Breakpoints: between two neighbouring points of the first varied input (the others fixed), a
limit whose marginal value turns non-zero *starts binding*, one whose value turns zero *stops
binding*. The bracket is exact; the ``at`` value is where the straight lines of total output on
the two neighbouring intervals meet, which is the exact point when the output has one kink in the
bracket and is straight on both neighbouring intervals (it is left blank otherwise).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from planner.errors import InputError, PlannerError
from planner.study.measures import Measured
from planner.study.solving import solve_measured
from planner.workbook.overrides import SCALE, SET, Override, parse
from planner.workbook.read import RawBook

MAX_POINTS = 10_000
"""The most points one sweep may have (a grid of two 100-value ranges)."""

_VARY = re.compile(r"^(?P<target>.+?)(?P<scale>\*)?=(?P<values>[^=\]]+)$")

Progress = Callable[[int, int, str], None]
"""``progress(done, total, label)`` after each point."""


@dataclass(frozen=True)
class Vary:
    """One varied input: an override target and the values it takes."""

    text: str
    target: str
    kind: str
    values: tuple[float, ...]

    def override(self, value: float) -> Override:
        """The override that sets the varied target to ``value``."""
        return parse(f"{self.target}={value:.15g}", self.kind)

    @property
    def label(self) -> str:
        """The target as a column label (``(factor)`` for a scale)."""
        return self.target + (" (factor)" if self.kind == SCALE else "")


def parse_vary(text: str) -> Vary:
    """Parse ``TARGET=a:b:n``, ``TARGET=v1,v2,...`` or the same with ``*=`` (scale)."""
    shown = f"--vary {text}"
    match = _VARY.match(text.strip())
    if match is None:
        raise InputError(f"write TARGET=FIRST:LAST:COUNT or TARGET=V1,V2,... ({text!r}).", shown)
    spec = match["values"].strip()
    try:
        if ":" in spec:
            first, last, count = spec.split(":")
            n = int(count)
            if n < 2:
                raise ValueError
            values = tuple(
                float(first) + (float(last) - float(first)) * i / (n - 1) for i in range(n)
            )
        else:
            values = tuple(float(v) for v in spec.split(","))
    except ValueError:
        raise InputError(
            f"cannot read the values {spec!r}; write FIRST:LAST:COUNT (COUNT 2 or more) or a "
            "comma-separated list of numbers.",
            shown,
        ) from None
    kind = SCALE if match["scale"] else SET
    vary = Vary(shown, match["target"].strip(), kind, values)
    vary.override(values[0])  # a malformed target fails here, before any solve
    return vary


@dataclass
class SweepResult:
    """Every point of a sweep, in the order solved, and the breakpoints found."""

    varies: tuple[Vary, ...]
    points: list[tuple[tuple[float, ...], Measured]] = field(default_factory=list)
    breakpoints: list[dict[str, object]] = field(default_factory=list)
    warm_starts: int = 0
    rebuilds: int = 0

    @property
    def all_optimal(self) -> bool:
        """True when every point solved to an optimum."""
        return all(m.status == "optimal" for _, m in self.points)


def grid(varies: Sequence[Vary]) -> list[tuple[float, ...]]:
    """Every combination, the first varied input changing fastest (neighbours solve warm)."""
    combos = itertools.product(*[v.values for v in reversed(varies)])
    points = [tuple(reversed(c)) for c in combos]
    if len(points) > MAX_POINTS:
        raise InputError(f"{len(points):,} points is more than {MAX_POINTS:,}.", "--vary")
    return points


def run_sweep(
    book: RawBook,
    varies: Sequence[Vary],
    overrides: Sequence[Override] = (),
    time_limit_s: float | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Solve ``book`` (with ``overrides``) at every point of ``varies``."""
    from models.warm import WarmSolver

    solver = WarmSolver(time_limit_s)
    result = SweepResult(tuple(varies))
    points = grid(varies)
    for n, values in enumerate(points, 1):
        point = [*overrides, *(v.override(x) for v, x in zip(varies, values, strict=True))]
        try:
            measured = solve_measured(book, point, solver.solve)
        except PlannerError as exc:
            measured = Measured("invalid input", str(exc), exc.exit_code)
        result.points.append((values, measured))
        if progress is not None:
            progress(n, len(points), ", ".join(f"{x:.6g}" for x in values))
    result.warm_starts, result.rebuilds = solver.warm_starts, solver.rebuilds
    result.breakpoints = breakpoints(result.points)
    return result


def breakpoints(points: list[tuple[tuple[float, ...], Measured]]) -> list[dict[str, object]]:
    """Where a limit starts or stops binding along the first varied input (see the module)."""
    lines: dict[tuple[float, ...], list[tuple[float, Measured]]] = {}
    for values, measured in points:
        lines.setdefault(values[1:], []).append((values[0], measured))
    found = []
    for others, line in lines.items():
        line.sort(key=lambda p: p[0])
        for i in range(len(line) - 1):
            (a, left), (b, right) = line[i], line[i + 1]
            if left.status != "optimal" or right.status != "optimal":
                continue
            at = _kink(line, i)
            for key in sorted(set(left.binding) ^ set(right.binding)):
                change = "starts binding" if key in right.binding else "stops binding"
                found.append(
                    {"limit": key, "change": change, "from": a, "to": b, "at": at, "others": others}
                )
    # Limits over the whole horizon (a budget) first: they are what a sweep is usually about.
    found.sort(key=lambda b: ("whole horizon" not in str(b["limit"]), b["others"], b["from"]))
    return found


def _kink(line: list[tuple[float, Measured]], i: int) -> float | None:
    """Where the output's straight lines on the intervals before and after ``i`` meet."""
    if i == 0 or i + 2 >= len(line):
        return None
    (v0, m0), (v1, m1), (v2, m2), (v3, m3) = line[i - 1 : i + 3]
    z = [m.value("total_output") for m in (m0, m1, m2, m3)]
    if any(value is None for value in z):
        return None
    left = (z[1] - z[0]) / (v1 - v0)
    right = (z[3] - z[2]) / (v3 - v2)
    if abs(left - right) <= 1e-9 * max(1.0, abs(left), abs(right)):
        return None
    at = (z[2] - z[1] + left * v1 - right * v2) / (left - right)
    return at if v1 <= at <= v2 else None
