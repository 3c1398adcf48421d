"""accplan from Python (notebooks): load, solve, sweep and batch, with pandas tables.

>>> from planner import api
>>> plan = api.solve("inputs/acc_base.xlsx", set=["Settings.budget_rs_crore=12000"])
>>> plan.headline["total_output"], list(plan.tables)       # doctest: +SKIP
>>> plan.tables["Years"].attrs["units"]["output"]           # doctest: +SKIP
'GWh'
>>> api.sweep("inputs/acc_base.xlsx", "Settings.budget_rs_crore=2000:36000:20")  # tidy DataFrame
>>> api.batch("inputs/acc_base.xlsx", jobs=2)                                    # tidy DataFrame

Every function takes overrides as ``set=[...]`` and ``scale=[...]`` in the command line's
language (``"Supply[origin=Canada, mineral=Lithium]=1.5"``) and raises
:class:`~planner.errors.PlannerError` subclasses with the same messages the CLI prints. Plan
tables carry their units in ``DataFrame.attrs["units"]`` (column → unit); tidy tables have a
``unit`` column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.workbook.load import LoadedInput
from planner.workbook.overrides import Override, parse_all


@dataclass(frozen=True)
class Plan:
    """An optimal plan as pandas tables."""

    tables: dict[str, pd.DataFrame]
    """Plan sheet name (``Years``, ``Plants``, ``Minerals``, ``Mineral totals``, ``Marginal
    values``) → its table; ``attrs["units"]`` maps each column to its unit."""
    headline: dict[str, Any]
    """The Summary's headline numbers (total_output in GWh, incentive_musd, import_bill, ...)."""
    output_gwh: float
    cost_musd: float
    path: Path | None
    """The plan workbook written, if one was asked for."""


def overrides(set: Iterable[str] = (), scale: Iterable[str] = ()) -> tuple[Override, ...]:
    """Parse ``--set``/``--scale`` texts (without the option names)."""
    return parse_all(tuple(set), tuple(scale))


def load(path: str | Path, set: Iterable[str] = (), scale: Iterable[str] = ()) -> LoadedInput:
    """Read and validate a workbook with overrides; ``.data`` is the model's input."""
    from planner.workbook.load import load_input

    return load_input(Path(path), overrides(set, scale))


def solve(
    path: str | Path,
    set: Iterable[str] = (),
    scale: Iterable[str] = (),
    output: str | Path | None = None,
) -> Plan:
    """Solve a workbook; write the plan workbook too when ``output`` is given."""
    from planner.plan.schema import TABLES
    from planner.run import RunOptions, run

    options = RunOptions(
        output=None if output is None else Path(output),
        overrides=overrides(set, scale),
        write_plan=output is not None,
    )
    outcome = run(Path(path), options)
    frames = {}
    for table in TABLES:
        frame = pd.DataFrame(outcome.tables.rows(table), columns=list(table.names))
        frame.attrs["units"] = {c.name: c.unit for c in table.columns if c.unit}
        frames[table.sheet] = frame
    return Plan(
        frames,
        dict(outcome.tables.headline),
        float(outcome.result.output_gwh),
        float(outcome.result.cost_musd),
        outcome.output,
    )


def sweep(
    path: str | Path,
    vary: str | Sequence[str],
    set: Iterable[str] = (),
    scale: Iterable[str] = (),
    output: str | Path | None = None,
) -> pd.DataFrame:
    """Sweep a workbook (``vary`` as for ``--vary``; two for a grid); the tidy table."""
    from planner.study.api import sweep_frame, sweep_workbook

    varies = [vary] if isinstance(vary, str) else list(vary)
    result, _ = sweep_workbook(
        path, varies, overrides(set, scale), output=None if output is None else Path(output)
    )
    frame = sweep_frame(result)
    frame.attrs["breakpoints"] = result.breakpoints
    return frame


def batch(
    path: str | Path,
    scenarios: Sequence[str] = (),
    set: Iterable[str] = (),
    scale: Iterable[str] = (),
    jobs: int = 1,
    scheduler: str | None = None,
    output: str | Path | None = None,
) -> pd.DataFrame:
    """Solve the base and scenarios of a workbook (all when none is named); the tidy table."""
    from planner.study.api import batch_frame, batch_workbook

    result, _ = batch_workbook(
        path,
        scenarios,
        overrides(set, scale),
        output=None if output is None else Path(output),
        jobs=jobs,
        scheduler=scheduler,
    )
    return batch_frame(result)
