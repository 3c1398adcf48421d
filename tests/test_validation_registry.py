"""Every issue code the reader and validator can raise is asserted by some test (by its code).

The codes are found in the source, so a new rule without a test fails here (Calliope keeps the
same kind of registry for its constraints).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *ROOT.glob("planner/workbook/*.py"),
    ROOT / "planner" / "xlsx" / "guard.py",
    ROOT / "planner" / "xlsx" / "census.py",
]
TESTS = [
    *ROOT.glob("tests/test_reading*.py"),
    *ROOT.glob("tests/test_validation*.py"),
    *ROOT.glob("tests/test_template*.py"),
    *ROOT.glob("tests/test_overrides*.py"),
]
RAISED = re.compile(r'(?:Issue|CellProblem|_fail)\(\s*"([a-z][a-z0-9-]+)"')
CHOSEN = re.compile(r"^\s*code = (.+)$", re.MULTILINE)
"""``code = "a" if ... else "b"``: a code picked before the CellProblem is made."""


def raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        codes.update(RAISED.findall(text))
        for line in CHOSEN.findall(text):
            codes.update(re.findall(r'"([a-z-]+)"', line))
    return codes


def test_the_registry_finds_the_codes() -> None:
    codes = raised_codes()
    assert {
        "not-a-number",
        "zip-bomb",
        "out-of-range",
        "share-out-of-range",
        "year-outside-horizon",
        "missing-sheet",
    } <= codes
    assert len(codes) >= 50


def test_every_code_is_asserted_by_a_test() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS if p.name != Path(__file__).name)
    untested = sorted(c for c in raised_codes() if f'"{c}"' not in text)
    assert untested == [], f"issue codes no test asserts: {untested}"
