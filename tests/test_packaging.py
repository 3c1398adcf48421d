"""Every third-party module the application imports is declared in setup.cfg's install_requires.

CI installs the test extra, which would hide a runtime dependency declared only there; this test
and CI's run of the README's install-and-run command in a venv without extras catch that.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCAL = {"planner", "models"}
DISTRIBUTION = {"yaml": "pyyaml"}  # import name -> distribution name, where they differ


def imported_top_level(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def declared_requirements() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    lines = config["options"]["install_requires"].split()
    return {re.split(r"[<>=!~ ]", line, maxsplit=1)[0].lower() for line in lines if line}


def test_runtime_imports_are_declared() -> None:
    third_party = set()
    for package in LOCAL:
        third_party |= imported_top_level(package)
    third_party -= LOCAL | set(sys.stdlib_module_names) | {"__future__"}
    needed = {DISTRIBUTION.get(name, name).lower() for name in third_party}
    missing = needed - declared_requirements()
    assert not missing, f"imported but not in install_requires: {sorted(missing)}"


def test_defusedxml_is_declared() -> None:
    """openpyxl parses workbooks safely only when defusedxml is installed (issue 3)."""
    assert "defusedxml" in declared_requirements()
