"""Synthetic input workbooks of any size, made from the base case by copying its plants.

Plant i of n is a copy of base plant i mod n₀ under the id ``P00001`` … and firm ``<firm> #c``
(copy c), so firms, firm caps and plant rows scale with n; supplies and the budget scale by
n / n₀, so that the copies compete for minerals and money as the base plants do. The rows of
:data:`LEFT_OUT` (the base case's processing route) are dropped: the floor
(``benchmarks/floor.py``, i.e. ``models/assembly/``) did not assemble the supply-chain
families until 26 Nov 2026 (it does now), and the instances stay those of the runs in
benchmarks/RESULTS.md. Every sheet whose first header is ``plant_id`` gets its rows copied,
whatever columns it has, so the generator follows the input schema. The ModelData of each
workbook is pickled beside it, so the in-process benchmarks time building and solving, not
reading.

Run: ``python benchmarks/workbooks.py --plants 10 100 1000 5000 [--folder benchmarks/data]``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE = ROOT / "inputs" / "acc_base.xlsx"
FOLDER = ROOT / "benchmarks" / "data"
SCALED_SETTINGS = ("budget_rs_crore", "annual_limit_rs_crore", "scheme_capacity_gwh")
SCALED_SHEETS = ("Supply",)
LEFT_OUT = ("Processing",)
"""Sheets whose rows are dropped (header kept): families the floor does not assemble."""


def make_workbook(n_plants: int, path: Path) -> Path:
    """Write the ``n_plants`` copy of the base case to ``path``; return ``path``."""
    import openpyxl

    wb = openpyxl.load_workbook(BASE)
    plants = [r for r in wb["Plants"].iter_rows(min_row=2, values_only=True) if r[0]]
    scale = n_plants / len(plants)
    ids = {}
    for i in range(n_plants):
        ids[(plants[i % len(plants)][0], i // len(plants))] = f"P{i + 1:05d}"
    for ws in wb.worksheets:
        if ws.cell(1, 1).value == "plant_id":
            _copy_plant_rows(ws, ids)
    awards = _copy_awards(wb, ids) if "Awards" in wb.sheetnames else {}
    for ws in wb.worksheets:
        if ws.title != "Awards" and ws.cell(1, 1).value == "award_id":
            _copy_award_rows(ws, awards)
    for name in LEFT_OUT:
        if name in wb.sheetnames and wb[name].max_row > 1:
            wb[name].delete_rows(2, wb[name].max_row)
    _scale_settings(wb["Settings"], scale)
    for name in SCALED_SHEETS:
        _scale_years(wb[name], scale)
    wb.save(path)
    return path


def _copy_plant_rows(ws, ids: dict[tuple[str, int], str]) -> None:
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    header = [c.value for c in ws[1]]
    firm_col = header.index("firm") if "firm" in header else None
    ws.delete_rows(2, ws.max_row)
    for (base_id, copy), new_id in ids.items():
        if base_id not in rows:
            continue
        row = list(rows[base_id])
        row[0] = new_id
        if firm_col is not None:
            row[firm_col] = f"{row[firm_col]} #{copy}"
        ws.append(row)


def _copy_awards(wb, ids: dict[tuple[str, int], str]) -> dict[str, list[str]]:
    """Each award of a base plant once per copy of that plant (id ``<award>-<copy>``, firm
    ``<firm> #<copy>``); returns base award id -> its copies' ids."""
    ws = wb["Awards"]
    header = [c.value for c in ws[1]]
    plant_col, firm_col = header.index("plant_id"), header.index("firm")
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    ws.delete_rows(2, ws.max_row)
    copies: dict[str, list[str]] = {}
    for (base_id, copy), new_id in ids.items():
        for row in rows:
            if row[plant_col] != base_id:
                continue
            row = list(row)
            award = f"{row[0]}-{copy}"
            copies.setdefault(str(row[0]), []).append(award)
            row[0], row[plant_col] = award, new_id
            row[firm_col] = f"{row[firm_col]} #{copy}"
            ws.append(row)
    return copies


def _copy_award_rows(ws, awards: dict[str, list[str]]) -> None:
    """Rows keyed by award id, once per copy of their award."""
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    ws.delete_rows(2, ws.max_row)
    for row in rows:
        for award in awards.get(str(row[0]), []):
            ws.append([award, *row[1:]])


def _scale_settings(ws, scale: float) -> None:
    for row in ws.iter_rows(min_row=2):
        if row[0].value in SCALED_SETTINGS and isinstance(row[1].value, int | float):
            row[1].value = round(row[1].value * scale, 3)
        if row[0].value == "time_limit_s":
            row[1].value = 86400


def _scale_years(ws, scale: float) -> None:
    header = [c.value for c in ws[1]]
    years = [i for i, h in enumerate(header) if str(h).split(" ")[0].isdigit()]  # "2026 (t)"
    for row in ws.iter_rows(min_row=2):
        for i in years:
            if isinstance(row[i].value, int | float):
                row[i].value = round(row[i].value * scale, 1)


def instance(n_plants: int, folder: Path = FOLDER) -> tuple[Path, Path]:
    """The workbook and pickled ModelData of ``n_plants``, made on first use."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx, data = folder / f"acc_{n_plants}.xlsx", folder / f"acc_{n_plants}.pickle"
    made = max(BASE.stat().st_mtime, Path(__file__).stat().st_mtime)
    if not xlsx.exists() or xlsx.stat().st_mtime < made:
        make_workbook(n_plants, xlsx)
        data.unlink(missing_ok=True)
    model_data = ROOT / "models" / "data.py"  # a pickle of an older ModelData will not load
    if not data.exists() or data.stat().st_mtime < model_data.stat().st_mtime:
        from planner.workbook.load import load_input

        data.write_bytes(pickle.dumps(load_input(xlsx).data))
    return xlsx, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plants", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args()
    for n in args.plants:
        print(*instance(n, args.folder))


if __name__ == "__main__":
    main()
