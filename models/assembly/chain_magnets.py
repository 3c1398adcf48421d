"""magnet_demand (models/magnets.py): India's magnet makers receive exactly the rare earths they
need, from the sources offering the form. Rows after the capacity and block rows and before
the mineral rows, as the model adds them."""

from __future__ import annotations

from models.assembly.builder import Builder
from models.assembly.chain_columns import magnet_col
from models.assembly.rowlist import RowList
from models.assembly.shape import Cols, Shape


def magnet_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """magnet_demand (k, y) over MAGNET_ROWS: Σ_s magnet_flow_t[s,k,y] = magnet_t[k,y]."""
    d, ch = sh.d, sh.chain
    rows = RowList("magnet_demand")
    for k, j in ch.magnet_rows:
        y = d.years[j]
        cols = [magnet_col(sh, c, s, k, j) for s in ch.suppliers_of.get(k, ())]
        need = d.magnet_t[(k, y)]
        rows.add((k, y), [([col for col in cols if col is not None], 1.0)], need, need)
    rows.emit(b)
