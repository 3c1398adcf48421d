"""Validated tables → :class:`models.data.ModelData`, converting Rs to USD once, with the FX rate.

Conventions (domain brief): 1 crore = 10^7 Rs, so USD million = Rs crore × 10 / FX. The awards,
their rates, ceilings and penalties come from :mod:`planner.workbook.award_model`.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.data import ModelData
from models.units import crore_to_musd
from planner.workbook.award_model import award_fields, award_rows, dva_paths, given
from planner.workbook.chain_model import chain_fields
from planner.workbook.schema import YEAR_COLUMN
from planner.workbook.table import Table

BUDGET_STEP_RS_CRORE = 100.0
"""Plans say what each Rs 100 crore more of budget would buy (allocation re-solved)."""


def settings_of(tables: Mapping[str, Table]) -> dict[str, object]:
    """The Settings sheet as a plain dict."""
    return tables["Settings"].first()


def to_model_data(tables: Mapping[str, Table]) -> ModelData:
    """Build the model's input from tables that passed validation without errors."""
    settings = settings_of(tables)
    fx = float(settings["fx_rs_per_usd"])
    years = tuple(range(int(settings["first_year"]), int(settings["last_year"]) + 1))
    plants = tables["Plants"]
    supply = tables["Supply"]
    ramp = tables["Ramp"].sorted_by("age")
    annual = settings.get("annual_limit_rs_crore")
    permitted = _year_map(tables["Capacity"], "permitted_gwh", years)
    return ModelData(
        **award_fields(tables, years, fx, permitted),
        budget_step_musd=crore_to_musd(BUDGET_STEP_RS_CRORE, fx),
        plants=tuple(sorted(plants["plant_id"])),
        years=years,
        minerals=tuple(sorted(tables["Minerals"]["mineral"])),
        sources=tuple(sorted(set(supply["source_id"]))),
        plant_firm=_column_map(plants, "plant_id", "firm"),
        plant_chemistry=_column_map(plants, "plant_id", "chemistry"),
        online_year=online_years(tables),
        permitted_capacity_gwh=permitted,
        ramp_factor=tuple(float(r["ramp_factor"]) for r in ramp),
        scrap_share=tuple(float(r["scrap_share"]) for r in ramp),
        intensity_t_per_gwh=_nonzero(
            {
                (r["chemistry"], r["mineral"]): float(r["t_per_gwh"])
                for r in tables["Intensity"].rows
            }
        ),
        supply_t=_nonzero(
            {
                (r["source_id"], r["mineral"], int(r[YEAR_COLUMN])): float(r["supply_t"])
                for r in supply.rows
                if r[YEAR_COLUMN] in years
            }
        ),
        price_usd_per_t={
            (r["source_id"], r["mineral"]): float(r["price_usd_per_t"]) for r in supply.rows
        },
        source_imported={r["source_id"]: r["kind"] == "imported" for r in supply.rows},
        source_origin={r["source_id"]: r["origin"] for r in supply.rows},
        capex_musd_per_gwh=_column_map(plants, "plant_id", "capex_musd_per_gwh"),
        firm_cap_gwh=float(settings["firm_cap_gwh"]),
        budget_musd=crore_to_musd(float(settings["budget_rs_crore"]), fx),
        max_source_share={
            r["mineral"]: float(r["max_source_share"]) for r in tables["Minerals"].rows
        },
        mineral_unit={r["mineral"]: str(r["unit"] or "t") for r in tables["Minerals"].rows},
        **plant_economics(tables, years),
        **goal_fields(tables, years),
        committed_capacity_gwh=_optional_year_map(tables, "Committed", "committed_gwh", years),
        min_output_gwh=_optional_year_map(tables, "MinOutput", "min_output_gwh", years),
        annual_budget_musd={}
        if annual is None
        else {y: crore_to_musd(float(annual), fx) for y in years},
        demand_gwh={
            int(r[YEAR_COLUMN]): float(r["demand_gwh"])
            for r in tables["Demand"].rows
            if r[YEAR_COLUMN] in years
        }
        if "Demand" in tables
        else {},
        **chain_fields(tables, years),
    )


def online_years(tables: Mapping[str, Table]) -> dict[str, int]:
    """p -> the year its age counts from: online_year, or its oldest block on the Existing sheet
    (validation has the plant's online_year at the first planning year then)."""
    online = {r["plant_id"]: int(r["online_year"]) for r in tables["Plants"].rows}
    if "Existing" in tables:
        for r in tables["Existing"].rows:
            online[r["plant_id"]] = min(online[r["plant_id"]], int(r["installed_year"]))
    return online


def goal_fields(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    """The Settings objective, its year, output target and hold, and the domestic value added
    per GWh of every plant-year (what domestic_value_added maximises)."""
    settings = settings_of(tables)

    def setting(name: str) -> object:
        return given(settings.get(name))

    year, target = setting("objective_year"), setting("output_target_gwh")
    level = setting("hold_level")
    return {
        "objective": str(setting("objective") or "cumulative_gwh"),
        "objective_year": None if year is None else int(year),
        "output_target_gwh": None if target is None else float(target),
        "hold_objective": setting("hold_objective"),
        "hold_level": None if level is None else float(level),
        "dva_value_musd_per_gwh": dva_values(tables, years),
    }


def dva_values(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict[tuple[str, int], float]:
    """(p, y) → cell price × DVA share, USD million per GWh. A beneficiary's DVA follows its
    earliest award (its committed path, by year of that window); other plants are assumed to
    follow the DVA sheet's path by their age. The last value holds afterwards."""
    paths = dva_paths(tables)
    price = _column_map(tables["Chemistries"], "chemistry", "cell_price_usd_per_kwh")
    online = online_years(tables)
    first_award: dict[str, dict] = {}
    for r in sorted(award_rows(tables), key=lambda r: (r["window_first_year"], r["award_id"])):
        if r["status"] != "candidate":
            first_award.setdefault(r["plant_id"], r)
    values = {}
    for plant in tables["Plants"].rows:
        p = plant["plant_id"]
        award = first_award.get(p)
        start = online[p] if award is None else int(award["window_first_year"])
        path = paths[None] if award is None else paths.get(award["award_id"], paths[None])
        for y in years:
            share = path[min(max(y - start, 0), len(path) - 1)]
            if share > 0:
                values[(p, y)] = float(price[plant["chemistry"]]) * share
    return values


def plant_economics(tables: Mapping[str, Table], years: tuple[int, ...]) -> dict:
    """Capital premium (share × capex, USD M per GWh/yr), operating gap, window years after the
    horizon, existing capacity by vintage and minimum build blocks (GWh/yr), as ModelData
    fields; zeros and blanks omitted."""
    rows = tables["Plants"].rows
    after: dict[str, int] = {}
    for r in award_rows(tables):
        years_after = int(r["window_last_year"]) - years[-1]
        after[r["plant_id"]] = max(after.get(r["plant_id"], 0), years_after)
    existing: dict[tuple[str, int], float] = {}
    if "Existing" in tables:
        for r in tables["Existing"].rows:
            key = (r["plant_id"], int(r["installed_year"]))
            existing[key] = existing.get(key, 0.0) + float(r["installed_gwh"])
    return {
        "capital_premium_musd_per_gwh": _nonzero(
            {
                r["plant_id"]: float(r["capital_premium_share"] or 0)
                * float(r["capex_musd_per_gwh"])
                for r in rows
            }
        ),
        "operating_gap_musd_per_gwh": _nonzero(
            {r["plant_id"]: float(r["operating_gap_usd_per_kwh"] or 0) for r in rows}
        ),
        "support_years_after_horizon": {p: n for p, n in after.items() if n > 0},
        "min_block_gwh": _nonzero({r["plant_id"]: _number(r.get("min_block_gwh")) for r in rows}),
        "existing_capacity_gwh": existing,
    }


def _column_map(frame: Table, key: str, value: str) -> dict:
    return dict(zip(frame[key], frame[value], strict=True))


def _number(value: object) -> float:
    """A cell of an optional number column as a float; blank (None or NaN) is 0."""
    value = given(value)
    return 0.0 if value is None else float(value)


def _nonzero(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v != 0}


def _year_map(frame: Table, value: str, years: tuple[int, ...]) -> dict[tuple[str, int], float]:
    return {
        (r["plant_id"], int(r[YEAR_COLUMN])): float(r[value] or 0.0)
        for r in frame.rows
        if r[YEAR_COLUMN] in years
    }


def _optional_year_map(
    tables: Mapping[str, Table], sheet: str, value: str, years: tuple[int, ...]
) -> dict[tuple[str, int], float]:
    if sheet not in tables:
        return {}
    return _nonzero(_year_map(tables[sheet], value, years))
