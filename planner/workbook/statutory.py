"""The scheme's own numbers, which a blank template starts with: budget, scheme capacity, revenue
cap, per-firm cap, DVA path, and the exchange rate the sources convert at.

These are the rules of the ACC PLI scheme (Gazette S.O. 2208(E), 9 June 2021, and its RfPs), not
a scenario, so they live with the template rather than in ``inputs/``. Each value carries the
basis and the source a planner can check it against; the template writes them on a Sources sheet
and in the note of each prefilled cell. A planner changes them like any other input.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.workbook.schema import DVA, SETTINGS


@dataclass(frozen=True)
class SchemeValue:
    """One prefilled input: where it goes, what it is, and where it comes from."""

    sheet: str
    key: str | int
    """The setting's name (Settings), or the row's key (DVA: the performance year)."""
    column: str
    """The column the value is typed in (for Settings, the setting itself)."""
    value: float
    basis: str
    source: str

    @property
    def label(self) -> str:
        """``Settings budget_rs_crore`` or ``DVA performance year 3``: what a reader looks for."""
        if self.sheet == SETTINGS.name:
            return f"{self.sheet} {self.key}"
        return f"{self.sheet} {self.column} in performance year {self.key}"


_GAZETTE = (
    "Gazette S.O. 2208(E), 9 Jun 2021, via IESA's summary "
    "https://qa-ux.indiaesa.info/buzz/news/iesa-news/3810-official-gazette-notification-of-"
    "government-of-india-with-the-detailed-guidelines-on-advance-chemistry-cell-acc-battery-"
    "storage-program-under-production-linked-incentive-pli-scheme-released"
)
_CAP = (
    "India RE Navigator policy brief https://india-re-navigator.com/utility/policy/756; NITI "
    "draft RfP https://www.financialexpress.com/economy/niti-aayog-floats-draft-bid-papers-for-"
    "setting-up-acc-units/2126663/"
)
_FIRM = (
    "IESA (above); India Infoline https://www.indiainfoline.com/article/news-top-story/centre-"
    "notifies-rs18-100cr-pli-scheme-for-promoting-manufacturing-of-acc-batteries-121062200218_1.html"
)
_DVA = (
    "RfP via ETN https://etn.news/buzz/acc-pli-scheme-reliance-ola-hyundai-rajesh-exports-qualify-"
    "for-incentives; MHI 2026 via KNN https://menafn.com/1110709576/PLI-ACC-Scheme-Attracts-Rs-3237-"
    "Cr-Investment-Creates-Over-1100-Jobs-By-Dec-31-2025-Mos-Heavy-Industries"
)
_DVA_PATH = (0.25, 0.25, 0.25, 0.60, 0.60)
"""Reading (a) of the milestones: at least 25 % within 2 and 60 % within 5 years of the appointed
date. With the scheme's 2-year gestation the window opens 2 years after that date, so its
years 1-3 need 25 % and years 4-5 need 60 % (the base case reads round 1 the same way). Readings
(b) and (c) differ (scheme-and-minerals-2026 §1: conflict)."""


def _dva_basis(year: int) -> str:
    need = "25 % within 2" if _DVA_PATH[year - 1] < 0.6 else "60 % within 5"
    return (
        f"scheme milestone, reading (a): at least {need} years of the appointed date; with 2 "
        f"years of gestation, performance year {year} needs {_DVA_PATH[year - 1]:.0%} (other "
        "readings differ: 25 % in the first and 60 % in the fifth year of production, or 50 %)"
    )


SCHEME_VALUES: tuple[SchemeValue, ...] = (
    SchemeValue(
        SETTINGS.name,
        "budget_rs_crore",
        "budget_rs_crore",
        18100.0,
        "the scheme's total outlay, Rs 18,100 crore over its life (Cabinet, 12 May 2021)",
        _GAZETTE,
    ),
    SchemeValue(
        SETTINGS.name,
        "scheme_capacity_gwh",
        "scheme_capacity_gwh",
        50.0,
        "the scheme's 50 GWh of ACC capacity (a separate 5 GWh niche pool is not modelled)",
        "Cabinet release via HT Auto https://auto.hindustantimes.com/auto/news/cabinet-approves-"
        "rs-18-100-crore-pli-scheme-for-battery-storage-manufacturing-41620882594734.html",
    ),
    SchemeValue(
        SETTINGS.name,
        "fx_rs_per_usd",
        "fx_rs_per_usd",
        87.0,
        "Rs 87 per USD, the conversion IEEFA's 2026 assessment uses; not a scheme rule: "
        "set today's rate",
        "IEEFA/JMK via DownToEarth https://www.downtoearth.org.in/energy/indias-battery-pli-"
        "scheme-hit-just-28-of-target-in-4-years",
    ),
    SchemeValue(
        SETTINGS.name,
        "revenue_cap_share",
        "revenue_cap_share",
        0.20,
        "the incentive is capped at 20 % of the cells' sales value",
        _CAP,
    ),
    SchemeValue(
        SETTINGS.name,
        "firm_cap_gwh",
        "firm_cap_gwh",
        20.0,
        "incentive-eligible sales are capped at 20 GWh a year per beneficiary",
        _FIRM,
    ),
    *(
        SchemeValue(DVA.name, year, "dva_share", share, _dva_basis(year), _DVA)
        for year, share in enumerate(_DVA_PATH, start=1)
    ),
)
"""Every value a blank template starts with, in the order the Sources sheet lists them."""


def prefilled_tables() -> dict[str, object]:
    """The values as template tables: Settings as setting → value, DVA as rows."""
    settings = {v.key: v.value for v in SCHEME_VALUES if v.sheet == SETTINGS.name}
    dva = [
        {"performance_year": v.key, v.column: v.value} for v in SCHEME_VALUES if v.sheet == DVA.name
    ]
    return {SETTINGS.name: settings, DVA.name: dva}
