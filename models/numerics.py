"""How far a solution can be trusted numerically: coefficients HiGHS ignores, rows whose
coefficients span too many orders of magnitude, and residual infeasibility of the answer.

HiGHS drops matrix entries at or below its ``small_matrix_value`` (1e-9) and says so only in its
log, and reports "optimal" for a model mixing 1e-9 and 1e9 in one row. These checks read the
arrays handed to HiGHS and HiGHS's own solution information, and return sentences naming the
constraint and variable (with their indices: plant, mineral, year) for the plan to show.
"""

from __future__ import annotations

import highspy
import numpy as np

from models.compiled import CompiledLP

SMALL_MATRIX_VALUE = 1e-9
"""HiGHS's default ``small_matrix_value``: entries with at most this magnitude are ignored."""
ROW_RANGE_LIMIT = 1e9
"""Largest ratio of the largest to the smallest coefficient magnitude in one row that is not
reported; beyond it the row's arithmetic loses most of double precision's 16 digits."""
RESIDUAL_LIMIT = 1e-6
"""Largest primal or dual infeasibility of an optimal solution that is not reported (HiGHS's
own tolerances are 1e-7)."""
SHOWN = 3
"""Places named in one note; the rest are counted."""


def matrix_notes(lp: CompiledLP) -> list[str]:
    """Sentences about entries HiGHS will ignore and rows with too wide a range of magnitudes."""
    a = lp.a_matrix
    size = np.abs(np.asarray(a.data, dtype=float))
    rows = np.asarray(a.indices)
    columns = np.repeat(np.arange(a.shape[1]), np.diff(a.indptr))
    notes = []
    tiny = np.flatnonzero((size > 0) & (size <= SMALL_MATRIX_VALUE))
    if tiny.size:
        places = [
            f"{lp.row_name(rows[k])} on {lp.column_name(columns[k])} ({a.data[k]:.3g})"
            for k in tiny[:SHOWN]
        ]
        notes.append(
            f"{tiny.size:,} coefficient(s) at or below {SMALL_MATRIX_VALUE:g} are treated as zero "
            f"by HiGHS: {_listed(places, tiny.size)}. An input that small is probably in the "
            "wrong unit or a typing slip; type 0 if zero is meant."
        )
    nonzero = size > SMALL_MATRIX_VALUE
    if nonzero.any():
        biggest = np.zeros(a.shape[0])
        smallest = np.full(a.shape[0], np.inf)
        np.maximum.at(biggest, rows[nonzero], size[nonzero])
        np.minimum.at(smallest, rows[nonzero], size[nonzero])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(np.isfinite(smallest), biggest / smallest, 1.0)
        wide = np.flatnonzero(ratio > ROW_RANGE_LIMIT)
        if wide.size:
            worst = wide[np.argsort(-ratio[wide], kind="stable")][:SHOWN]
            places = [f"{lp.row_name(r)} ({ratio[r]:.1e})" for r in worst]
            notes.append(
                f"{wide.size:,} constraint(s) mix coefficients more than {ROW_RANGE_LIMIT:.0e} "
                f"apart: {_listed(places, wide.size)}; the answer may be inaccurate. Check the "
                "units of the inputs behind them."
            )
    return notes


def solution_notes(h: highspy.Highs) -> list[str]:
    """A sentence if HiGHS's optimal solution breaks its rows or optimality by more than
    :data:`RESIDUAL_LIMIT` (it can happen on a badly scaled model)."""
    info = h.getInfo()
    primal = float(getattr(info, "max_primal_infeasibility", 0.0) or 0.0)
    dual = float(getattr(info, "max_dual_infeasibility", 0.0) or 0.0)
    if max(primal, dual) <= RESIDUAL_LIMIT:
        return []
    return [
        f"HiGHS's answer is off by up to {primal:.2g} in a constraint and {dual:.2g} in "
        "optimality (more than the usual 1e-7): the model is badly scaled, so treat the plan's "
        "last digits with care and check the inputs' units."
    ]


def _listed(places: list[str], count: int) -> str:
    more = f" and {count - len(places):,} more" if count > len(places) else ""
    return "; ".join(places) + more
