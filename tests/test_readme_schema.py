"""README's input reference is generated from the schema and must not drift from it."""

from __future__ import annotations

from planner.workbook.docs import README, between_markers, render, splice
from planner.workbook.schema import SHEETS


def test_readme_matches_the_schema() -> None:
    readme = README.read_text(encoding="utf-8")
    assert between_markers(readme) == render(), (
        "README.md's input reference is stale: run `python -m planner.workbook.docs`"
    )


def test_reference_names_every_sheet_and_column() -> None:
    text = render()
    for spec in SHEETS:
        assert f"### {spec.name}" in text
        for col in spec.columns:
            assert f"`{col.name}`" in text


def test_splice_only_touches_the_marked_section() -> None:
    readme = "intro\n<!-- schema:start (x) -->\nold\n<!-- schema:end -->\nrest\n"
    assert splice(readme, "new\n") == (
        "intro\n<!-- schema:start (x) -->\nnew\n<!-- schema:end -->\nrest\n"
    )
