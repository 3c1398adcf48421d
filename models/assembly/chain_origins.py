"""Origins (models/origins.py): group_share_cap, group_share_floor, export_licence_limit and
offtake_within_delivery. A supplier's country is a source's origin, a route's location or
India for a recycler; what it delivers is its flows, feeds of routes and magnet makers' tonnes
(:func:`models.assembly.chain_columns.delivered`)."""

from __future__ import annotations

import numpy as np

from models.assembly.builder import INF, Builder
from models.assembly.chain_columns import delivered, offtake_col
from models.assembly.rowlist import RowList
from models.assembly.shape import Cols, Shape


def origin_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """The four families, in the model's order."""
    _group_rows(sh, c, b, "group_share_cap", sh.d.group_max_share)
    _group_rows(sh, c, b, "group_share_floor", sh.d.group_min_share)
    _licence_rows(sh, c, b)
    _offtake_rows(sh, c, b)


def _group_rows(sh: Shape, c: Cols, b: Builder, name: str, shares: dict) -> None:
    """Σ_{v∈g} d_vky − share × u_ky ≤ 0 (cap, skipped without a member offering k) or ≥ 0
    (floor), over the (g, k, y) with a share whose (k, y) has a use column."""
    d = sh.d
    cap = name == "group_share_cap"
    rows = RowList(name)
    first = d.years[0]
    for g, k, y in sorted(shares):
        j = y - first
        if (k, j) not in c.u:
            continue
        countries = set(d.group_countries.get(g, ()))
        members = [v for v in sh.chain.suppliers_of.get(k, ()) if d.country(v) in countries]
        own = [delivered(sh, c, v, k, j) for v in members]
        if cap and not sum(len(o) for o in own):
            continue
        parts = [(np.concatenate(own or [[]]), 1.0), ([c.u[(k, j)]], -shares[(g, k, y)])]
        rows.add((g, k, y), parts, *((-INF, 0.0) if cap else (0.0, INF)))
    rows.emit(b)


def _licence_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """Σ of form k leaving country o (flows and magnet tonnes of suppliers in o, their feeds of
    routes elsewhere) ≤ Λ_oky, skipped when empty."""
    d = sh.d
    rows = RowList("export_licence_limit")
    first = d.years[0]
    for (o, k, y), tonnes in sorted(d.licence_t.items()):
        j = y - first
        members = [v for v in sh.chain.suppliers_of.get(k, ()) if d.country(v) == o]
        own = np.concatenate([delivered(sh, c, v, k, j, leaving=o) for v in members] or [[]])
        if len(own):
            rows.add((o, k, y), [(own, 1.0)], upper=tonnes)
    rows.emit(b)


def _offtake_rows(sh: Shape, c: Cols, b: Builder) -> None:
    """a_sky − d_sky ≤ 0 over OFFTAKE."""
    rows = RowList("offtake_within_delivery")
    first = sh.d.years[0]
    for i, (s, k, y) in enumerate(sh.chain.offtake):
        parts = [([offtake_col(c, i)], 1.0), (delivered(sh, c, s, k, y - first), -1.0)]
        rows.add((s, k, y), parts)
    rows.emit(b)
