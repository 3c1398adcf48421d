"""What plants pledged to build anyway (commitments, award milestones), and the plant-years the
viability rows weigh. Data, not decisions; no Pyomo here (ranging and the numpy assembly read it
too). The rows themselves: :mod:`models.viability`."""

from __future__ import annotations

from models.block_sizes import least_forced_blocks
from models.data import ModelData
from models.existing import installed_before
from models.scheme_index import make_award_index, milestone_need_gwh


def viable_plants(data: ModelData) -> list[str]:
    """The ``viability`` rows, sorted: plants with a capital premium, or with an operating gap
    and window years after the horizon. With neither premium nor such years the row would be the
    sum of the plant's ``operating_gap_cover`` rows (right-hand side 0), so it is left out."""
    return [
        p
        for p in data.plants
        if data.capital_premium_musd_per_gwh.get(p, 0.0) > 0
        or (
            data.operating_gap_musd_per_gwh.get(p, 0.0) > 0
            and data.support_years_after_horizon.get(p, 0) > 0
        )
    ]


def support_weight(data: ModelData, p: str, y: int) -> float:
    """ω[p,y]: 1, and 1 + support_years_after_horizon[p] in the last planning year.

    The last year stands for itself and for the window years after the horizon, in which p is
    valued at that year's support and output.
    """
    return 1.0 + (data.support_years_after_horizon.get(p, 0) if y == data.years[-1] else 0)


def pledged_gwh(data: ModelData) -> dict[str, float]:
    """p -> the largest running total p pledged: commitments and award milestones (plants with
    neither are left out). One pass over the data, for every plant at once."""
    out: dict[str, float] = {}
    for (q, _y), c in data.committed_capacity_gwh.items():
        out[q] = max(out.get(q, 0), c)
    if data.award_milestone_gwh:
        for (a, _y), v in milestone_need_gwh(data, make_award_index(data)).items():
            q = data.award_plant[a]
            out[q] = max(out.get(q, 0), v)
    return out


def committed_new_capacity(
    data: ModelData,
    p: str,
    pledged: dict[str, float] | None = None,
    installed: dict[str, float] | None = None,
) -> float:
    """K[p] = max(0, max_y committed_capacity_gwh[p,y], max milestone need − Ē[p]): new capacity
    p builds anyway.

    A commitment is the firm's own pledge, not capacity the plan's support induces, so its
    premium is not charged against the support (the commitment rows force it to be built). An
    awardee's milestone (``milestone_build``, :mod:`models.scheme`) is such a pledge too. With a
    minimum build block it is the least new capacity blocks can meet the pledges with
    (:func:`models.block_sizes.least_forced_blocks`). ``pledged`` (:func:`pledged_gwh`) and
    ``installed`` (:func:`models.existing.installed_before`) of ``data`` are for a caller asking
    for many plants: computed per plant, they made building quadratic in the plants.
    """
    committed = (pledged_gwh(data) if pledged is None else pledged).get(p, 0)
    before = (installed_before(data) if installed is None else installed).get(p, 0.0)
    return least_forced_blocks(data, p, max(0.0, committed - before))
