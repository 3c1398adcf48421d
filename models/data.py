"""The model's input: one frozen record of plain tuples and dicts keyed by index tuples.

Units are carried in field names: GWh (energy of cells), t (tonnes of contained mineral or LCE),
USD million (money), so that USD/kWh == USD million per GWh. Sets are sorted tuples so that the
same data always gives the same model (and, with HiGHS, the same plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModelData:
    """Everything the LP needs, already checked by the application layer.

    Index letters: p plant, y year, k mineral, s source, f firm, c chemistry, a age (years since a
    capacity block, or a plant, came online; a = 1 in its first year).

    Sparse maps omit zeros: a missing key means 0 (or, for optional limits, "no limit").
    """

    plants: tuple[str, ...]
    """P: candidate cell plants, sorted."""
    years: tuple[int, ...]
    """Y: consecutive planning years, ascending."""
    minerals: tuple[str, ...]
    """K: minerals, sorted."""
    sources: tuple[str, ...]
    """S: supply sources, sorted."""
    plant_firm: Mapping[str, str]
    """f(p): the firm that owns plant p (the incentive cap is per firm)."""
    plant_chemistry: Mapping[str, str]
    """c(p): the single cell chemistry of plant p."""
    online_year: Mapping[str, int]
    """First year plant p can produce (before the first planning year for a plant with existing
    capacity); its age in year y is y - online_year + 1."""
    permitted_capacity_gwh: Mapping[tuple[str, int], float]
    """(p, y) -> cumulative capacity plant p may have by year y (its phase path), GWh/yr."""
    ramp_factor: tuple[float, ...]
    """Share of a block's capacity producible at block age a = 1, 2, ...; the last value repeats."""
    scrap_share: tuple[float, ...]
    """Extra mineral per unit of output lost as scrap at plant age a = 1, 2, ...; last repeats."""
    intensity_t_per_gwh: Mapping[tuple[str, str], float]
    """(c, k) -> tonnes of mineral k per GWh of cells of chemistry c; zeros omitted."""
    supply_t: Mapping[tuple[str, str, int], float]
    """(s, k, y) -> tonnes source s can deliver of mineral k in year y; missing = 0."""
    price_usd_per_t: Mapping[tuple[str, str], float]
    """(s, k) -> delivered price, USD per tonne; defines which minerals a source offers."""
    source_imported: Mapping[str, bool]
    """True for imported sources; domestic and recycled sources are exempt from the share limit."""
    source_origin: Mapping[str, str]
    """Country or 'India' for each source, for reporting."""
    capex_musd_per_gwh: Mapping[str, float]
    """p -> capital cost of capacity, USD million per GWh/yr (stage-2 cost only)."""
    firm_cap_gwh: float
    """The scheme's cap on eligible output per firm and year (20 GWh). The awards of a firm
    (awarded sizes plus candidates' allocations) may not add up to more, so the cap never
    needs the scheme's pro-rata cut (checked in :mod:`models.checks`)."""
    budget_musd: float
    """Total incentive budget over the horizon, USD million: limits what the plan *owes*."""
    max_source_share: Mapping[str, float] = field(default_factory=dict)
    """k -> max share of mineral k's yearly use from any one imported source; missing = 1."""
    capital_premium_musd_per_gwh: Mapping[str, float] = field(default_factory=dict)
    """p -> capital cost above import parity of new capacity, USD million per GWh/yr, that the
    plant's incentive must cover before it builds; 0/missing = builds unaided."""
    operating_gap_musd_per_gwh: Mapping[str, float] = field(default_factory=dict)
    """p -> operating cost above import parity per GWh made (USD/kWh); 0/missing = none."""
    support_years_after_horizon: Mapping[str, int] = field(default_factory=dict)
    """p -> years of p's incentive window after the last planning year, valued at the last
    year's support (so a window cut by the horizon is not undervalued); 0/missing = none."""
    existing_capacity_gwh: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(p, v) -> capacity installed at p in vintage year v < first year, GWh/yr; it ramps by its
    real age (y - v + 1) and counts in the permitted and committed running totals."""
    min_block_gwh: Mapping[str, float] = field(default_factory=dict)
    """p -> smallest block p adds in a year, GWh/yr: each year's addition is 0 or at least this
    (models/blocks.py, one 0/1 switch per plant-year); missing = no minimum (the LP)."""
    committed_capacity_gwh: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(p, y) -> committed minimum cumulative capacity by year y; optional."""
    min_output_gwh: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(p, y) -> minimum output (offtake contracts); optional; may make the model infeasible."""
    annual_budget_musd: Mapping[int, float] = field(default_factory=dict)
    """y -> optional limit on incentive paid in year y, USD million."""
    demand_gwh: Mapping[int, float] = field(default_factory=dict)
    """y -> optional cap on total output in year y, GWh."""
    objective: str = "cumulative_gwh"
    """Stage-1 objective: cumulative_gwh, capacity_by_year, domestic_value_added or
    least_incentive (models/goals.py)."""
    objective_year: int | None = None
    """capacity_by_year: the year by which capacity is counted; None = the last year."""
    output_target_gwh: float | None = None
    """Total output the plan must reach, GWh (least_incentive needs one); None = no target."""
    hold_objective: str | None = None
    """Epsilon-constraint: an objective kind held at ``hold_level`` while ``objective`` is
    optimised (≥ for the maximised kinds, ≤ for least_incentive); None = no hold."""
    hold_level: float | None = None
    """The level of ``hold_objective``, in its unit (GWh, GWh/yr or USD million)."""
    dva_value_musd_per_gwh: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(p, y) -> domestic value added per GWh made, USD million/GWh (cell price × DVA share)."""
    mineral_unit: Mapping[str, str] = field(default_factory=dict)
    """k -> what a tonne of mineral k means (e.g. 't LCE'), for reporting; missing = 't'."""
    group_countries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """g -> origin countries in named group g (e.g. "partners": Canada, Australia)."""
    group_max_share: Mapping[tuple[str, str, int], float] = field(default_factory=dict)
    """(g, k, y) -> most of the use of form k in year y that may come from group g's suppliers."""
    group_min_share: Mapping[tuple[str, str, int], float] = field(default_factory=dict)
    """(g, k, y) -> least of the use of form k in year y that must come from group g."""
    offtake_t: Mapping[tuple[str, str, int], float] = field(default_factory=dict)
    """(s, k, y) -> take-or-pay tonnes: paid at the agreed price whether delivered or not."""
    offtake_price_usd_per_t: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(s, k) -> agreed offtake price, USD per tonne."""
    route_feed: Mapping[str, str] = field(default_factory=dict)
    """r -> the form a processing route takes in (e.g. spodumene); defines the routes."""
    route_product: Mapping[str, str] = field(default_factory=dict)
    """r -> the form it makes (e.g. lithium chemical)."""
    route_location: Mapping[str, str] = field(default_factory=dict)
    """r -> the country where it processes; its product's origin."""
    route_yield: Mapping[str, float] = field(default_factory=dict)
    """r -> tonnes of product per tonne of feed (≤ 1)."""
    route_capacity_t: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(r, y) -> tonnes of feed route r may process in year y; missing = 0."""
    route_cost_usd_per_t: Mapping[str, float] = field(default_factory=dict)
    """r -> processing cost, USD per tonne of feed; missing = 0."""
    licence_t: Mapping[tuple[str, str, int], float] = field(default_factory=dict)
    """(o, k, y) -> most tonnes of form k leaving origin country o for India in year y."""
    recycling_capacity_t: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(c, y) -> tonnes of contained mineral recycler c may take in (scrap and end of life)."""
    recycling_yield: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(c, k) -> share of mineral k in its feed that recycler c recovers; defines the recyclers."""
    recycling_cost_usd_per_t: Mapping[str, float] = field(default_factory=dict)
    """c -> recycling cost, USD per tonne of contained mineral fed; missing = 0."""
    end_of_life_t: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(k, y) -> tonnes of mineral k in end-of-life batteries collected in India in year y."""
    magnet_t: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(k, y) -> tonnes of form k (a rare earth) India's magnet makers need in year y, met from
    the sources offering k; never a cell input, never cell output (models/magnets.py)."""
    awards: tuple[str, ...] = ()
    """A: programme agreements (awarded) and candidate awards, sorted."""
    award_plant: Mapping[str, str] = field(default_factory=dict)
    """a -> the plant whose output earns award a's incentive (a plant may hold several)."""
    award_firm: Mapping[str, str] = field(default_factory=dict)
    """a -> firm of the beneficiary (the per-firm cap counts all its awards)."""
    award_gwh: Mapping[str, float] = field(default_factory=dict)
    """a -> awarded capacity, GWh of eligible output a year, for awards already made."""
    candidate_gwh: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """a -> (smallest, largest) award a candidate would accept, GWh/yr: it gets 0 or a size in
    that range. An award is either awarded (in ``award_gwh``) or a candidate, never both."""
    award_rate_musd_per_gwh: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(a, y) -> incentive per GWh of eligible output, USD million/GWh (= USD/kWh); zero
    (omitted) outside the award's window. Compute it with :func:`incentive_rate_musd_per_gwh`."""
    award_bid_rs_per_kwh: Mapping[str, float] = field(default_factory=dict)
    """a -> its bid, Rs/kWh at 100 % DVA. For reporting only (the LP uses the rate); missing =
    not reported."""
    award_dva_share: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(a, y) -> the DVA share behind the rate in year y (its committed path). Reporting only."""
    award_order: Mapping[str, int] = field(default_factory=dict)
    """a -> rank among the awards of its plant: output is counted against a plant's awards in
    this order (signing order); missing = 0, ties by award id."""
    award_ceiling_musd: Mapping[str, float] = field(default_factory=dict)
    """a -> the most award a may ever be paid (its outlay ceiling), USD million; missing = none."""
    award_penalty_musd: Mapping[tuple[str, int], float] = field(default_factory=dict)
    """(a, y) -> penalty accruing in year y if award a is delayed, USD million (daily rate ×
    security × days, already cut so that the carried penalty and the delayed years' penalties
    together stay within the security). a is delayed in y when its plant's permitted capacity
    is short of its milestone (FORMULATION.md)."""
    award_penalty_carried_musd: Mapping[str, float] = field(default_factory=dict)
    """a -> penalty accrued before the horizon and not yet recovered (deducted or paid), USD m."""
    award_security_musd: Mapping[str, float] = field(default_factory=dict)
    """a -> its performance security, USD million: penalties still undeducted when its window
    closes are taken from it, never more than it. Reporting only (the LP reads the penalties);
    missing = no security."""
    award_window_last_year: Mapping[str, int] = field(default_factory=dict)
    """a -> last year of its window (it may lie after the horizon). Reporting only; missing =
    not reported."""
    award_milestone_gwh: Mapping[str, float] = field(default_factory=dict)
    """a -> installed capacity of its plant that ends the delay (stops the penalty), GWh/yr.
    Capacity installed before the horizon counts (``existing_capacity_gwh``)."""
    scheme_capacity_gwh: float | None = None
    """The scheme's total capacity (e.g. 50 GWh); candidates share what awards leave unawarded.
    None = no scheme limit."""
    budget_step_musd: float = 0.0
    """If > 0 and there are candidates, the budget is also re-solved with this much more (e.g.
    Rs 100 crore in USD million), allocation free, to say what it buys."""

    @property
    def firms(self) -> tuple[str, ...]:
        """F: firms owning at least one plant or holding an award, sorted."""
        return tuple(sorted(set(self.plant_firm.values()) | set(self.award_firm.values())))

    @property
    def candidates(self) -> tuple[str, ...]:
        """C ⊆ A: candidate awards, sorted."""
        return tuple(a for a in self.awards if a in self.candidate_gwh)

    @property
    def routes(self) -> tuple[str, ...]:
        """R: processing routes, sorted."""
        return tuple(sorted(self.route_feed))

    @property
    def recyclers(self) -> tuple[str, ...]:
        """C: recyclers, sorted."""
        return tuple(sorted({c for c, _ in self.recycling_yield}))

    def country(self, supplier: str) -> str:
        """Origin country of a source, location of a route; recyclers are in India."""
        if supplier in self.route_location:
            return self.route_location[supplier]
        if supplier in {c for c, _ in self.recycling_yield}:
            return "India"
        return self.source_origin.get(supplier, "")


def one_award_per_plant(
    plant_firm: Mapping[str, str],
    rates: Mapping[tuple[str, int], float],
    award_gwh: Mapping[str, float],
) -> dict:
    """ModelData award fields for one awarded agreement per plant, named after the plant.

    ``rates`` is (p, y) -> USD million/GWh and ``award_gwh`` p -> GWh/yr; plants without an
    award are left out. A shorthand for tests and synthetic data.
    """
    awarded = sorted(p for p, gwh in award_gwh.items() if gwh > 0)
    return {
        "awards": tuple(awarded),
        "award_plant": {p: p for p in awarded},
        "award_firm": {p: plant_firm[p] for p in awarded},
        "award_gwh": {p: float(award_gwh[p]) for p in awarded},
        "award_rate_musd_per_gwh": {
            (p, y): r for (p, y), r in rates.items() if p in award_gwh and award_gwh[p] > 0
        },
    }


def incentive_rate_musd_per_gwh(
    bid_rs_per_kwh: float,
    dva_share: float,
    cell_price_usd_per_kwh: float,
    revenue_cap_share: float,
    fx_rs_per_usd: float,
) -> float:
    """The scheme's incentive per kWh sold, in USD/kWh (= USD million per GWh).

    rate = min(bid × DVA, revenue-cap share × cell price in Rs) / FX. Both terms are data, so the
    rate is computed before the LP is built and the LP stays linear. Example (brief §6b): bid
    Rs 1,700/kWh, DVA 0.60, LFP cell USD 60/kWh, cap 0.20, FX 87: min(1,020, 1,044) / 87 = 11.72.
    """
    bid_term_rs = bid_rs_per_kwh * dva_share
    cap_term_rs = revenue_cap_share * cell_price_usd_per_kwh * fx_rs_per_usd
    return min(bid_term_rs, cap_term_rs) / fx_rs_per_usd
