"""How a plan rounds its numbers (shared by the tables and the Summary's answers)."""

from __future__ import annotations

import math
from typing import Any

SIGNIFICANT = 12
"""Significant digits kept in a plan. Floating-point arithmetic leaves noise such as
0.1 + 0.2 = 0.30000000000000004, which Excel shows in the formula bar; 12 digits drop it (a
relative change below 1e-12) and keep every digit the solver's 1e-9 tolerance can mean."""

Row = dict[str, Any]
"""One record of a plan table: column name -> value."""


def tidy(value: Any) -> Any:
    """A float rounded to :data:`SIGNIFICANT` digits (``0.6000000000000001`` → ``0.6``,
    ``-0.0`` → ``0.0``); anything else, NaN and infinity included, as it is."""
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.{SIGNIFICANT}g}") + 0.0
    return value
