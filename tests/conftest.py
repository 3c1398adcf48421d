"""Shared fixtures: tiny valid workbooks written into ``tmp_path`` (see :mod:`tests.workbooks`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.workbooks import write_small_workbook

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"


def input_script(name: str) -> ModuleType:
    """Load ``inputs/<name>.py`` (a build script, not a package module) for its tables."""
    spec = importlib.util.spec_from_file_location(name, INPUTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def small_workbook(tmp_path: Path) -> Path:
    """A small valid input workbook (two plants, 2026–2028)."""
    return write_small_workbook(tmp_path / "small.xlsx")
