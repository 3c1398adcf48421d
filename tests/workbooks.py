"""Tiny input workbooks for tests, written from plain Python tables and laid out by the schema.

Typical use::

    path = write_small_workbook(tmp_path / "in.xlsx")                       # valid, 2 plants
    path = write_small_workbook(tmp_path / "in.xlsx", Settings={"fx_rs_per_usd": 80})
    tables = small_tables(Demand=[{"year": 2027, "demand_gwh": 3}])
    tables["Plants"][0]["online_year"] = "2027a"                             # any raw value
    path = write_workbook(tmp_path / "bad.xlsx", tables)
    cell_ref(tables, "Plants", 0, "online_year")                             # -> "Plants!E2"
    edit_cells(path, {"Plants!E2": 2030})

Tables are dicts: ``"Settings"`` maps setting → value (write :data:`OMIT` to leave a setting's row
out); every other sheet is a list of row dicts (column → value; year-by-year sheets use int year
keys). Values are written as given, so a test can write text where a number belongs.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from planner.workbook.schema import SHEET_BY_NAME, SHEET_NAMES

OMIT = object()
"""Setting value meaning: do not write this setting's row at all."""

YEARS = (2026, 2027, 2028)

SMALL: dict[str, Any] = {
    "Settings": {
        "scenario": "small",
        "first_year": 2026,
        "last_year": 2028,
        "budget_rs_crore": 1000.0,
        "fx_rs_per_usd": 87.0,
        "revenue_cap_share": 0.2,
        "firm_cap_gwh": 20.0,
        "annual_limit_rs_crore": None,
        "time_limit_s": 60.0,
    },
    "DVA": [
        {"performance_year": 1, "dva_share": 0.25},
        {"performance_year": 2, "dva_share": 0.40},
        {"performance_year": 3, "dva_share": 0.60},
    ],
    "Plants": [
        {
            "plant_id": "P1",
            "firm": "Firm A",
            "state": "Gujarat",
            "chemistry": "LFP",
            "online_year": 2026,
            "capex_musd_per_gwh": 60.0,
            "capital_premium_share": 0.0,
            "operating_gap_usd_per_kwh": 5.0,
            "min_block_gwh": None,
        },
        {
            "plant_id": "P2",
            "firm": "Firm B",
            "state": "Karnataka",
            "chemistry": "NMC811",
            "online_year": 2027,
            "capex_musd_per_gwh": 70.0,
            "capital_premium_share": 0.0,
            "operating_gap_usd_per_kwh": 0.0,
            "min_block_gwh": None,
        },
    ],
    "Awards": [
        {
            "award_id": "A1",
            "entity": "Firm A Cells",
            "firm": "Firm A",
            "plant_id": "P1",
            "status": "awarded",
            "award_gwh": 5.0,
            "min_award_gwh": None,
            "bid_rs_per_kwh": 1600.0,
            "window_first_year": 2026,
            "window_last_year": 2028,
            "claim_order": None,
            "outlay_ceiling_rs_crore": None,
            "performance_security_rs_crore": None,
            "penalty_share_per_day": 0.001,
            "penalty_from_year": None,
            "milestone_gwh": None,
            "penalty_accrued_rs_crore": None,
        },
    ],
    "Capacity": [
        {"plant_id": "P1", 2026: 5.0, 2027: 10.0, 2028: 10.0},
        {"plant_id": "P2", 2026: 0.0, 2027: 4.0, 2028: 8.0},
    ],
    "Ramp": [
        {"age": 1, "ramp_factor": 0.5, "scrap_share": 0.15},
        {"age": 2, "ramp_factor": 0.9, "scrap_share": 0.04},
    ],
    "Chemistries": [
        {"chemistry": "LFP", "cell_price_usd_per_kwh": 60.0},
        {"chemistry": "NMC811", "cell_price_usd_per_kwh": 75.0},
    ],
    "Intensity": [
        {"chemistry": "LFP", "mineral": "Lithium", "t_per_gwh": 487.0},
        {"chemistry": "LFP", "mineral": "Graphite", "t_per_gwh": 985.0},
        {"chemistry": "NMC811", "mineral": "Lithium", "t_per_gwh": 531.0},
        {"chemistry": "NMC811", "mineral": "Nickel", "t_per_gwh": 658.0},
        {"chemistry": "NMC811", "mineral": "Graphite", "t_per_gwh": 924.0},
    ],
    "Minerals": [
        {"mineral": "Lithium", "unit": "t LCE", "max_source_share": 0.7},
        {"mineral": "Nickel", "unit": "t Ni", "max_source_share": 1.0},
        {"mineral": "Graphite", "unit": "t", "max_source_share": 1.0},
    ],
    "Supply": [
        {
            "source_id": "S1",
            "origin": "Australia",
            "kind": "imported",
            "mineral": "Lithium",
            "price_usd_per_t": 15000.0,
            2026: 5000.0,
            2027: 6000.0,
            2028: 7000.0,
        },
        {
            "source_id": "S1",
            "origin": "Australia",
            "kind": "imported",
            "mineral": "Nickel",
            "price_usd_per_t": 18500.0,
            2026: 2000.0,
            2027: 3000.0,
            2028: 3000.0,
        },
        {
            "source_id": "S2",
            "origin": "India",
            "kind": "recycled",
            "mineral": "Lithium",
            "price_usd_per_t": 14250.0,
            2026: 500.0,
            2027: 1000.0,
            2028: 2000.0,
        },
        {
            "source_id": "S3",
            "origin": "Mozambique",
            "kind": "imported",
            "mineral": "Graphite",
            "price_usd_per_t": 2100.0,
            2026: 10000.0,
            2027: 12000.0,
            2028: 15000.0,
        },
        {
            "source_id": "S4",
            "origin": "India",
            "kind": "domestic",
            "mineral": "Graphite",
            "price_usd_per_t": 2300.0,
            2026: 2000.0,
            2027: 3000.0,
            2028: 4000.0,
        },
    ],
}
"""A small valid input: horizon 2026–2028, two plants (P1 holds award A1), 3 minerals."""


def small_tables(**changes: Any) -> dict[str, Any]:
    """A deep copy of :data:`SMALL` with whole sheets replaced.

    ``Settings`` changes are merged into the settings; a list replaces a sheet's rows; ``None``
    drops the sheet. Optional sheets (Committed, MinOutput, Demand) are added by passing rows.
    """
    tables = copy.deepcopy(SMALL)
    for sheet, rows in changes.items():
        if sheet not in SHEET_BY_NAME:
            raise KeyError(f"unknown sheet {sheet}; use one of {SHEET_NAMES}")
        if rows is None:
            tables.pop(sheet, None)
        elif sheet == "Settings":
            tables["Settings"] = {**tables["Settings"], **rows}
        else:
            tables[sheet] = copy.deepcopy(rows)
    return tables


def legacy(tables: dict[str, Any]) -> dict[str, Any]:
    """``tables`` in the older layout, in place: each award's bid, window and size on its plant's
    Plants row (bid_rs_per_kwh, window_first_year, window_last_year, award_gwh), no Awards sheet;
    plants without an award get blanks there (and award_gwh 0)."""
    awards = {a["plant_id"]: a for a in tables.pop("Awards", [])}
    for row in tables["Plants"]:
        award = awards.get(row["plant_id"], {})
        row.update(
            {
                "bid_rs_per_kwh": award.get("bid_rs_per_kwh"),
                "window_first_year": award.get("window_first_year"),
                "window_last_year": award.get("window_last_year"),
                "award_gwh": award.get("award_gwh", 0.0),
            }
        )
    return tables


def headers(sheet: str, rows: list[dict[Any, Any]]) -> list[Any]:
    """Row-1 headers written for ``rows``: schema columns present, then others, then years."""
    spec = SHEET_BY_NAME.get(sheet)
    keys: list[Any] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    if spec is None:
        return keys
    known = [c for c in spec.names if c in keys] if rows else list(spec.names)
    years = sorted(k for k in keys if isinstance(k, int))
    others = [k for k in keys if k not in known and not isinstance(k, int)]
    return [*known, *others, *years]


def write_workbook(
    path: Path, tables: dict[str, Any], sheet_order: list[str] | None = None
) -> Path:
    """Write ``tables`` to ``path`` as an .xlsx (sheet names may be any string)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    order = sheet_order or [s for s in SHEET_NAMES if s in tables] + [
        s for s in tables if s not in SHEET_NAMES
    ]
    for name in order:
        ws = wb.create_sheet(name)
        content = tables[name]
        if isinstance(content, dict):
            ws.append(["setting", "value"])
            for key, value in content.items():
                if value is not OMIT:
                    ws.append([key, value])
            continue
        head = headers(name, content)
        ws.append(head)
        for row in content:
            ws.append([row.get(h) for h in head])
    wb.save(path)
    return Path(path)


def write_small_workbook(path: Path, **changes: Any) -> Path:
    """Write :func:`small_tables` (with ``changes``) to ``path``; return the path."""
    return write_workbook(path, small_tables(**changes))


def cell_ref(tables: dict[str, Any], sheet: str, row: int | str, column: Any) -> str:
    """``Sheet!Cell`` where :func:`write_workbook` puts a value.

    For Settings, ``row`` is the setting's name and ``column`` is ignored (values go in B);
    otherwise ``row`` is the 0-based index of the row dict and ``column`` a header.
    """
    from openpyxl.utils import get_column_letter

    content = tables[sheet]
    if isinstance(content, dict):
        names = [k for k, v in content.items() if v is not OMIT]
        return f"{sheet}!B{names.index(row) + 2}"
    col = headers(sheet, content).index(column) + 1
    return f"{sheet}!{get_column_letter(col)}{int(row) + 2}"


def edit_cells(path: Path, edits: dict[str, Any]) -> Path:
    """Set cells (``{"Plants!E2": value}``) in an existing workbook and save it in place."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ref, value in edits.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    wb.save(path)
    return Path(path)


def patch_part(path: Path, part: str, old: bytes, new: bytes, count: int = 1) -> Path:
    """Replace ``old`` by ``new`` in one XML part of the archive at ``path`` (as a damaged or
    hand-made file would have it); the test fails if ``old`` is not there."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == part:
                assert old in data, f"{old!r} not in {part}"
                data = data.replace(old, new, count)
            archive.writestr(info, data)
    return path


def sheet_part(path: Path, sheet: str) -> str:
    """The archive path of ``sheet``'s XML, e.g. ``xl/worksheets/sheet3.xml``."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet)
    wb.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


def many_plants_tables(plants: int, years: int, sources: int, seed: int = 1) -> dict[str, Any]:
    """A seeded larger input (``plants`` plants, ``sources`` sources per mineral, ``years``
    years from 2026) built from :data:`SMALL`'s second plant: for tests that need HiGHS to work
    for a while (200 plants, 8 years, 10 sources: several seconds of simplex)."""
    import random

    rng = random.Random(seed)
    span = list(range(2026, 2026 + years))
    base = small_tables()["Plants"][1]
    plant_rows, capacity = [], []
    for i in range(plants):
        pid, online = f"P{i:04d}", rng.choice(span[: max(1, years // 2)])
        plant_rows.append(
            {
                **base,
                "plant_id": pid,
                "firm": f"Firm {i // 3}",
                "chemistry": ("LFP", "NMC811")[i % 2],
                "online_year": online,
                "capex_musd_per_gwh": rng.choice([58.0, 60.0, 70.0]),
            }
        )
        size = rng.uniform(2, 20)
        ramp = {
            y: round(size * min(1, (y - online + 1) / 3), 2) if y >= online else 0.0 for y in span
        }
        capacity.append({"plant_id": pid, **ramp})
    supply = [
        {
            "source_id": f"S{mineral[0]}{s:03d}",
            "origin": rng.choice(["Australia", "Chile", "India"]),
            "kind": "imported",
            "mineral": mineral,
            "price_usd_per_t": round(rng.uniform(1000, 20000), 1),
            **{y: round(rng.uniform(200, 3000) * plants / 50, 1) for y in span},
        }
        for mineral in ("Lithium", "Nickel", "Graphite")
        for s in range(sources)
    ]
    settings = {"first_year": 2026, "last_year": 2025 + years, "time_limit_s": 3600.0}
    return small_tables(
        Settings=settings, Plants=plant_rows, Capacity=capacity, Supply=supply, Awards=None
    )
