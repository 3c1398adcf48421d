"""Shared fixtures: tiny valid workbooks written into ``tmp_path`` (see :mod:`tests.workbooks`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workbooks import write_small_workbook

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "inputs"


@pytest.fixture
def small_workbook(tmp_path: Path) -> Path:
    """A small valid input workbook (two plants, 2026–2028)."""
    return write_small_workbook(tmp_path / "small.xlsx")
