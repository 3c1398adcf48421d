"""One colour per plant and per origin, the same in every chart of a plan (and of every plan of
the same input): colours follow a name's place in the sorted list of all names of its kind, not
its place in one chart, so Canada stays one colour whichever minerals it sends."""

from __future__ import annotations

from collections.abc import Sequence

PALETTE = (
    "1F77B4", "FF7F0E", "2CA02C", "D62728", "9467BD", "8C564B", "E377C2", "7F7F7F",
    "BCBD22", "17BECF", "393B79", "AD494A", "637939", "8C6D31", "7B4173", "3182BD",
)  # fmt: skip
"""Distinct colours (Tableau 10 and darker companions), as hex RGB."""

OTHERS = "BBBBBB"
"""Colour of an 'all others' series."""


def colour_of(name: str, names: Sequence[str]) -> str:
    """The colour of ``name`` among all ``names`` of its kind (plants, or origins)."""
    ordered = sorted(set(names))
    if name not in ordered:
        return OTHERS
    return PALETTE[ordered.index(name) % len(PALETTE)]


def paint(chart, series_names: Sequence[str], names: Sequence[str]) -> None:
    """Give each series of ``chart`` (in order) its name's colour."""
    for series, name in zip(chart.series, series_names, strict=False):
        colour = colour_of(name, names)
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
