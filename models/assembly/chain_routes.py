"""Processing routes (models/processing.py): processing_capacity and processing_yield, one row
per route and year. A route turns a feed form bought from sources into its product form, which
reaches plants as flows from the route."""

from __future__ import annotations

from models.assembly.builder import Builder
from models.assembly.chain_columns import feed_col, plant_flows
from models.assembly.rowlist import RowList
from models.assembly.shape import Cols, Shape


def route_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """processing_capacity (Σ_s z_sry ≤ H_ry) then processing_yield (Σ_p m_{r,k_r,p,y} −
    η_r Σ_s z_sry = 0), each over ROUTE_YEARS; rows without a term are skipped."""
    d, ch = sh.d, sh.chain
    feeders = {r: [s for s, rr in ch.feeds if rr == r] for r in d.routes}
    capacity, made = RowList("processing_capacity"), RowList("processing_yield")
    for r in d.routes:
        for j, y in enumerate(d.years):
            feeds = [feed_col(sh, c, s, r, j) for s in feeders[r]]
            if feeds:
                capacity.add((r, y), [(feeds, 1.0)], upper=d.route_capacity_t.get((r, y), 0.0))
            flows = plant_flows(sh, c, r, d.route_product[r], j)
            if len(flows):
                parts = [(flows, 1.0), (feeds, -d.route_yield[r])]
                made.add((r, y), parts, 0.0, 0.0)
    capacity.emit(b)
    made.emit(b)
