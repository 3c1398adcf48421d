"""Every issue code accplan can report is in the catalogue, and each is asserted by some test.

The catalogue (``planner.errors.CATALOGUE``, code → message template) is the registry: a new
rule adds its code there, and a code without a test fails here (Calliope keeps the same kind of
registry for its constraints).
"""

from __future__ import annotations

import re
from pathlib import Path

from planner.errors import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
TESTS = [
    *ROOT.glob("tests/test_reading*.py"),
    *ROOT.glob("tests/test_validation*.py"),
    *ROOT.glob("tests/test_template*.py"),
    *ROOT.glob("tests/test_overrides*.py"),
    *ROOT.glob("tests/test_compare*.py"),
    *ROOT.glob("tests/test_cli*.py"),
]
SOURCES = [*ROOT.glob("planner/**/*.py")]
RAISED = re.compile(r'(?:Issue|CellProblem|_fail)\(\s*"([a-z][a-z0-9-]+)"')
CHOSEN = re.compile(r"^\s*code = (.+)$", re.MULTILINE)
"""``code = "a" if ... else "b"``: a code picked before the CellProblem is made."""


def raised_in_source() -> set[str]:
    """Codes written at the places that make issues: only a guard that the catalogue is whole."""
    codes: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        codes.update(RAISED.findall(text))
        if "workbook" not in path.parts:
            continue
        for line in CHOSEN.findall(text):
            codes.update(re.findall(r'"([a-z-]+)"', line))
    return codes


def test_the_catalogue_holds_the_codes() -> None:
    assert {
        "not-a-number",
        "zip-bomb",
        "out-of-range",
        "share-out-of-range",
        "year-outside-horizon",
        "missing-sheet",
    } <= set(CATALOGUE)
    assert len(CATALOGUE) >= 50
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", code) for code in CATALOGUE)
    assert all(template.strip() for template in CATALOGUE.values())


def test_every_code_is_asserted_by_a_test() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS if p.name != Path(__file__).name)
    untested = sorted(c for c in CATALOGUE if f'"{c}"' not in text)
    assert untested == [], f"issue codes no test asserts: {untested}"


def test_every_code_raised_is_catalogued() -> None:
    missing = sorted(raised_in_source() - set(CATALOGUE))
    assert missing == [], f"add these codes to planner.errors.CATALOGUE: {missing}"
