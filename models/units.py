"""Units and tolerances, written once for the model and the application.

The model works in GWh, tonnes and USD million. Money typed by planners is in Rs crore
(1 crore = 10^7 Rs) and is converted once, with the workbook's FX rate (Rs per USD), on the way
in (:func:`crore_to_musd`) and on the way out (:func:`musd_to_crore`).
"""

from __future__ import annotations

ZERO = 1e-9
"""Magnitudes below this are zero: solver noise, not a decision or a binding limit (HiGHS's
default primal and dual feasibility tolerances are 1e-7; 1e-9 keeps every value they can mean)."""

RS_PER_CRORE = 1e7
"""Rupees in one crore."""
USD_PER_MILLION = 1e6
"""US dollars in one USD million."""
USD_TO_MUSD = 1.0 / USD_PER_MILLION
"""USD → USD million (mineral prices are USD per tonne; costs are USD million)."""


def crore_to_musd(rs_crore: float, fx_rs_per_usd: float) -> float:
    """Rs crore → USD million: crore × 10^7 Rs / FX / 10^6 = crore × 10 / FX.

    Parameters
    ----------
    rs_crore : float
        An amount in Rs crore.
    fx_rs_per_usd : float
        Rupees per US dollar.

    Returns
    -------
    float
        The amount in USD million.
    """
    return rs_crore * RS_PER_CRORE / fx_rs_per_usd / USD_PER_MILLION


def musd_to_crore(musd: float, fx_rs_per_usd: float) -> float:
    """USD million → Rs crore: × FX (Rs/USD) gives Rs million; ÷ 10 gives crore.

    Parameters
    ----------
    musd : float
        An amount in USD million.
    fx_rs_per_usd : float
        Rupees per US dollar.

    Returns
    -------
    float
        The amount in Rs crore.
    """
    return musd * fx_rs_per_usd / (RS_PER_CRORE / USD_PER_MILLION)
