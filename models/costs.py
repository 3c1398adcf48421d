"""Costs that are data, not decisions (no Pyomo here: a solve of an assembled LP reads them)."""

from __future__ import annotations

from models.data import ModelData
from models.units import USD_TO_MUSD


def offtake_fixed_musd(data: ModelData) -> float:
    """Σ offtake_price × offtake_t × 10⁻⁶: the take-or-pay payment, due whatever the plan."""
    return sum(
        data.offtake_price_usd_per_t[(s, k)] * t * USD_TO_MUSD
        for (s, k, _y), t in sorted(data.offtake_t.items())
    )
