"""What plants pledged to build anyway (commitments, award milestones), and the plant-years the
viability rows weigh. Data, not decisions; no Pyomo here (ranging and the numpy assembly read it
too). The rows themselves: :mod:`models.viability`."""

from __future__ import annotations

from models.block_sizes import least_forced_blocks, required_by_plant
from models.data import ModelData
from models.existing import installed_before


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


def committed_new_capacity(
    data: ModelData,
    p: str,
    required: dict[str, dict[int, float]] | None = None,
    installed: dict[str, float] | None = None,
) -> float:
    """K[p] = max(0, max_y committed_capacity_gwh[p,y], max milestone need − Ē[p]): new capacity
    p builds anyway.

    A commitment is the firm's own pledge, not capacity the plan's support induces, so its
    premium is not charged against the support (the commitment rows force it to be built). An
    awardee's milestone (``milestone_build``, :mod:`models.scheme`) is such a pledge too. With a
    minimum build block it is the least new capacity blocks can meet the pledges with
    (:func:`models.block_sizes.least_forced_blocks`). ``required``
    (:func:`models.block_sizes.required_by_plant`) and ``installed``
    (:func:`models.existing.installed_before`) of ``data`` are for a caller asking for many
    plants: computed per plant, they made building quadratic in the plants.
    """
    needs = (required_by_plant(data) if required is None else required).get(p, {})
    before = (installed_before(data) if installed is None else installed).get(p, 0.0)
    forced = max(0.0, max(needs.values(), default=0.0) - before)
    return least_forced_blocks(data, p, forced, needs, before)
