"""`accplan compare` on the command line: diff exit codes, messages, JSON, and no tracebacks.

Runs go through ``planner.cli.main`` (the console script's entry point), which is where errors
become exit codes, and once through a real ``python -m planner`` subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.plan import schema as ps
from tests.cli_run import run_accplan
from tests.compare_fixtures import base_inputs, base_tables, write_plan
from tests.test_compare_diff import bigger_budget


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``accplan compare ARGS``."""
    return run_accplan(capsys, "compare", *args)


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_plan(tmp_path / "base.xlsx"),
        write_plan(tmp_path / "budget.xlsx", bigger_budget(), scenario="budget"),
    )


def test_same_plans_exit_0(capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path]) -> None:
    code, out, err = run(capsys, plans[0], plans[0])
    assert code == 0 and "the plans are the same" in out and err == ""


def test_different_plans_exit_1_without_an_error_message(
    capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path]
) -> None:
    code, out, err = run(capsys, *plans)
    assert code == 1 and err == ""
    assert "the plans differ" in out
    total = next(line for line in out.splitlines() if "Total output (GWh)" in line)
    assert total.split()[-4:] == ["30.000", "36.000", "+6.000", "+20.0%"]
    assert "P01" in out and "lithium from Canada [CA01]" in out
    assert "Plants P01, 2028: output 12.000 → 18.000 (+6.000) at Plants!G3" in out


def test_input_change_is_shown_with_its_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    inputs = base_inputs()
    inputs["Supply"][1][6] = 12000
    other = write_plan(tmp_path / "canada.xlsx", inputs=inputs)
    code, out, _ = run(capsys, write_plan(tmp_path / "base.xlsx"), other)
    assert code == 1
    assert "Supply!G2 8000 → 12000  (2028; CA01, lithium)" in out


def test_json(capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path]) -> None:
    code, out, _ = run(capsys, *plans, "--json")
    data = json.loads(out)
    assert code == 1 and data["same"] is False
    total = next(h for h in data["headline"] if h["measure"] == "output" and h["year"] is None)
    assert (total["base"], total["other"], total["change"]) == (30, 36, 6)
    plants = next(t for t in data["tables"] if t["sheet"] == ps.PLANTS.sheet)
    (row,) = plants["rows"]
    assert row["key"] == {"plant_id": "P01", "year": 2028}
    assert {
        "column": "output",
        "base": 12,
        "other": 18,
        "change": 6,
        "pct": 0.5,
        "base_cell": "Plants!G3",
        "other_cell": "Plants!G3",
    } in row["changes"]


def test_tolerance_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tables = base_tables()
    tables[ps.YEARS.sheet][0]["output"] = 10.0005
    a, b = write_plan(tmp_path / "a.xlsx"), write_plan(tmp_path / "b.xlsx", tables)
    assert run(capsys, a, b, "--abs-tol", "0.001")[0] == 0
    assert run(capsys, a, b, "--abs-tol", "0.0001")[0] == 1
    assert run(capsys, a, b, "--abs-tol", "0", "--rel-tol", "0.001")[0] == 0


def test_non_plan_file_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a plan")
    code, out, err = run(capsys, plans[0], notes)
    assert code == 2 and out == ""
    assert "notes.txt" in err and "not an accplan plan" in err


def test_incompatible_format_exits_2(
    capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path], tmp_path: Path
) -> None:
    old = write_plan(tmp_path / "old.xlsx", fmt="accplan-plan/0")
    code, _, err = run(capsys, old, plans[1])
    assert code == 2 and "old.xlsx" in err and "accplan-plan/0" in err


def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path]) -> None:
    assert run(capsys, *plans, "--abs-tol", "-1")[0] == 2
    assert run(capsys, plans[0])[0] == 2


def test_output_workbook_and_inputs_untouched(
    capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path], tmp_path: Path
) -> None:
    before = [p.read_bytes() for p in plans]
    code, out, _ = run(capsys, *plans, "-o", tmp_path / "diff.xlsx")
    assert code == 1 and (tmp_path / "diff.xlsx").is_file() and "diff.xlsx" in out
    assert [p.read_bytes() for p in plans] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.xlsx", "budget.xlsx", "diff.xlsx"]


def test_output_onto_a_compared_plan_is_refused(
    capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path]
) -> None:
    before = plans[1].read_bytes()
    code, _, err = run(capsys, *plans, "-o", plans[1])
    assert code == 2 and "one of the compared plans" in err
    assert plans[1].read_bytes() == before


def test_output_in_missing_folder_exits_2(
    capsys: pytest.CaptureFixture[str], plans: tuple[Path, Path], tmp_path: Path
) -> None:
    code, _, err = run(capsys, *plans, "-o", tmp_path / "no" / "diff.xlsx")
    assert code == 2 and "does not exist" in err


def test_real_process_exit_codes(plans: tuple[Path, Path], tmp_path: Path) -> None:
    def status(*args: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "planner", "compare", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parents[1],
            check=False,
        )

    assert status(plans[0], plans[0]).returncode == 0
    different = status(*plans)
    assert different.returncode == 1 and different.stderr == ""
    missing = status(plans[0], tmp_path / "gone.xlsx")
    assert missing.returncode == 2 and "gone.xlsx" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_moved_row_shows_both_cells(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = bigger_budget()
    other[ps.PLANTS.sheet].reverse()  # P01 2028 moves from row 3 to row 4
    a, b = write_plan(tmp_path / "a.xlsx"), write_plan(tmp_path / "b.xlsx", other)
    code, out, _ = run(capsys, a, b)
    assert code == 1 and "at Plants!G3 (base) / Plants!G4 (other)" in out


def test_column_in_one_plan_only_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    other = write_plan(tmp_path / "b.xlsx", bigger_budget())
    wb = load_workbook(other)
    wb[ps.PLANTS.sheet].delete_cols(ps.PLANTS.names.index("utilisation") + 1)
    wb.save(other)
    code, out, _ = run(capsys, write_plan(tmp_path / "a.xlsx"), other)
    assert code == 1
    assert "Plants: column(s) only in the base plan, not compared: utilisation" in out


def test_plans_without_input_copies_say_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a = write_plan(tmp_path / "a.xlsx", inputs={})
    b = write_plan(tmp_path / "b.xlsx", bigger_budget(), inputs={})
    code, out, _ = run(capsys, a, b)
    assert code == 1 and "Input changes: unknown" in out


def test_moved_input_cell_shows_both_addresses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    inputs = base_inputs()
    inputs["Supply"][1][6] = 12000
    inputs["Supply"].insert(1, ["AU01", "Australia", "imported", "lithium", 7000, 50, 50])
    code, out, _ = run(
        capsys, write_plan(tmp_path / "a.xlsx"), write_plan(tmp_path / "b.xlsx", inputs=inputs)
    )
    assert code == 1
    assert "Supply!G2 (other G3) 8000 → 12000  (2028; CA01, lithium)" in out
    assert "Supply!A2:G2 row added  (AU01, lithium)" in out


def test_different_solve_status_is_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    other = write_plan(tmp_path / "b.xlsx")
    wb = load_workbook(other)
    summary = wb[ps.SUMMARY_SHEET]
    row = next(r for r in summary.iter_rows() if r[0].value == ps.RUN_LABELS["status"])
    row[1].value = "time_limit"
    wb.save(other)
    code, out, _ = run(capsys, write_plan(tmp_path / "a.xlsx"), other)
    assert code == 0 and "Status: optimal → time_limit" in out


def test_descriptive_text_is_shown_but_plans_are_the_same(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """About is not an input sheet the solver reads: its text is listed by cell, exit 0."""
    about = {"About": [["ILLUSTRATIVE base case"], ["built by build_base.py"]]}
    other = {"About": [["ILLUSTRATIVE scenario: lithium squeeze"], ["built by build_base.py"]]}
    a = write_plan(tmp_path / "a.xlsx", inputs={**base_inputs(), **about})
    b = write_plan(tmp_path / "b.xlsx", inputs={**base_inputs(), **other})
    code, out, _ = run(capsys, a, b)
    assert code == 0 and "the plans are the same" in out
    assert "Text differs on About (not read by the solver): A1" in out
    assert "ILLUSTRATIVE" not in out


def test_mixed_mineral_units_get_a_unit_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Lithium (t LCE, +600 t) and graphite (t, +500 t added) are not one unit: each row says."""
    from tests.test_compare_diff import bigger_budget as bigger

    other = bigger()
    other[ps.MINERAL_TOTALS.sheet].append(
        {
            "mineral": "graphite",
            "origin": "China",
            "year": 2028,
            "imported": "yes",
            "flow": 500.0,
            "cost": 0.5,
        }
    )
    inputs = {
        **base_inputs(),
        "Minerals": [
            ["mineral", "unit", "max_source_share"],
            ["lithium", "t LCE", 1],
            ["graphite", "t", 1],
        ],
    }
    code, out, _ = run(
        capsys,
        write_plan(tmp_path / "a.xlsx", inputs=inputs),
        write_plan(tmp_path / "b.xlsx", other, inputs),
    )
    assert code == 1
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Largest changes by origin"))
    assert lines[head].split()[-5:] == ["flow", "unit", "cost", "(USD", "million)"]
    assert lines[head + 1].split() == [
        "lithium",
        "from",
        "Canada",
        "[CA01]",
        "+600.0",
        "t",
        "LCE",
        "+4.80",
    ]
    assert lines[head + 2].split() == [
        "graphite",
        "from",
        "China",
        "(added)",
        "+500.0",
        "t",
        "+0.50",
    ]


def test_reader_that_stops_early_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """`accplan compare A B | head -3`: once the reader has gone, writing raises BrokenPipeError;
    compare prints nothing more and keeps its exit status instead of reporting an internal
    error (seen on the Canada +50 % plans before this was handled)."""
    import io
    import os

    from planner.commands.render import echo_text as _echo

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone
    stdout = io.TextIOWrapper(os.fdopen(write_end, "wb"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        _echo("Base:   a.xlsx\n" * 10_000)  # more than a pipe holds: no exception
        _echo("still quiet\n")  # the descriptor now goes to the null device
    finally:
        stdout.close()
