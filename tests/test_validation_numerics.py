"""Numbers the solver cannot honour: warned about per sheet row before solving, and reported in
the plan's Summary and on the terminal when the model handed to HiGHS holds them.

Cell references follow :func:`tests.workbooks.write_workbook` on :data:`tests.workbooks.SMALL`
(Awards: F award_gwh, H bid_rs_per_kwh; Intensity: C t_per_gwh, row 3 LFP Graphite).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from models.matrix import Block, CompiledLP, CscMatrix
from models.numerics import matrix_notes
from planner.plan import schema as ps
from planner.workbook.load import validate_file
from tests.cli_run import run_accplan
from tests.workbooks import small_tables, write_workbook


def _warnings(path: Path, code: str) -> list[tuple[str, str]]:
    return [(i.where, i.message) for i in validate_file(path) if i.code == code]


def test_a_number_the_solver_reads_as_zero_is_warned_about(tmp_path: Path) -> None:
    tables = small_tables()
    tables["Intensity"][1]["t_per_gwh"] = 1e-10
    found = _warnings(write_workbook(tmp_path / "in.xlsx", tables), "tiny-number")
    assert found == [
        (
            "Intensity!C3",
            "this number is 1e-10, so small that the solver treats it as zero (it ignores "
            "numbers at or below 1e-09); type 0 if zero is meant, or check the unit.",
        )
    ]


def test_numbers_too_far_apart_in_one_row_are_warned_about(tmp_path: Path) -> None:
    """Awards row 2: award 1e-8 GWh/yr and bid 1600 are 1.6e11 apart (> 1e9)."""
    tables = small_tables()
    tables["Awards"][0]["award_gwh"] = 1e-8
    found = _warnings(write_workbook(tmp_path / "in.xlsx", tables), "wide-magnitudes")
    assert found == [
        (
            "Awards!F2",
            "this number (1e-08) and Awards!H2 (1600) are more than 1e+09 apart in one row, "
            "which the solver cannot handle accurately; check the units of both.",
        )
    ]


def test_a_plan_from_ignored_coefficients_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """LFP needs 1e-10 t of graphite per GWh: the three mineral_need rows of plant P1 (LFP;
    years 2026-2028) carry coefficients HiGHS drops. The plan is written (exit 0) and says so
    in its Summary, in the --json warnings and on the terminal."""
    tables = small_tables()
    tables["Intensity"][1]["t_per_gwh"] = 1e-10
    workbook = write_workbook(tmp_path / "tiny.xlsx", tables)
    plan = tmp_path / "plan.xlsx"
    code, _, err = run_accplan(capsys, "solve", workbook, "-o", plan)
    assert code == 0, err
    assert "the plan may be numerically doubtful: 3 coefficient(s) at or below 1e-09" in err
    assert "mineral_need[P1,Graphite,2026] on output_gwh[P1,2026]" in err
    summary = [
        str(c.value) for row in load_workbook(plan)[ps.SUMMARY_SHEET].iter_rows() for c in row
    ]
    assert any("treated as zero by HiGHS" in text for text in summary)


def test_rows_with_too_wide_a_range_are_named() -> None:
    """Row r0 holds 1e-8 and 20 (ratio 2e9 > 1e9); row r1 holds 1 alone (ratio 1)."""
    a = CscMatrix((2, 2), np.array([0, 2, 3]), np.array([0, 1, 0]), np.array([1e-8, 1.0, 20.0]))
    zeros = np.zeros(2)
    rows = [Block("r", 0, [(0,), (1,)])]
    columns = [Block("x", 0, [(0,), (1,)])]
    lp = CompiledLP({}, a, zeros, zeros, zeros, zeros, rows, columns, np.arange(2), zeros > 0, {})
    notes = matrix_notes(lp)
    assert len(notes) == 1
    assert notes[0].startswith(
        "1 constraint(s) mix coefficients more than 1e+09 apart: r[0] (2.0e+09)"
    )
