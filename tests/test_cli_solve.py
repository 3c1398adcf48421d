"""`accplan solve` end to end: exit statuses, messages, and the plan read back with openpyxl.

Runs go through ``planner.cli.main`` (where errors become exit codes) with the real loader and the
real solver; the plan's numbers are checked against the input copies inside the plan itself, not
against the solver's objects. One test runs the installed ``accplan`` in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.cli import cli
from planner.plan import schema as ps
from tests.cli_run import run_accplan
from tests.plan_fixtures import check_plan_consistent, plan_table, summary_value
from tests.workbooks import small_tables, write_small_workbook, write_workbook

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "inputs" / "acc_base.xlsx"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``accplan solve ARGS``."""
    return run_accplan(capsys, "solve", *args)


def infeasible_workbook(path: Path) -> Path:
    """P1 may have 5 GWh/yr in 2026 but ramps at 0.5 in a block's first year, so it can make at
    most 2.5 GWh; a minimum output of 4 GWh is valid input that no plan can meet."""
    tables = small_tables(MinOutput=[{"plant_id": "P1", 2026: 4.0, 2027: None, 2028: None}])
    return write_workbook(path, tables)


def test_small_case_solves_with_steps_and_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    before = workbook.read_bytes()
    code, out, err = run(capsys, workbook, "-o", tmp_path / "plan.xlsx")
    assert code == 0
    for step in ("reading and validating", "building and solving", "writing"):
        assert f"{step}: done in" in err
    assert "Total output" in out and "Incentive owed" in out and "Binding limits" in out
    assert workbook.read_bytes() == before
    check_plan_consistent(tmp_path / "plan.xlsx")


def test_default_output_goes_to_outputs_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "small.xlsx", "-q")
    assert code == 0 and (tmp_path / "outputs" / "small_plan.xlsx").is_file()
    assert workbook.is_file()


@pytest.mark.skipif(not BASE.exists(), reason="inputs/acc_base.xlsx not built yet")
def test_base_case_solves_and_plan_is_consistent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = BASE.read_bytes()
    code, _, _ = run(capsys, BASE, "-o", tmp_path / "base_plan.xlsx", "-q")
    assert code == 0
    assert BASE.read_bytes() == before
    wb = load_workbook(tmp_path / "base_plan.xlsx")
    expected = [ps.SUMMARY_SHEET, *(t.sheet for t in ps.TABLES), ps.CHARTS_SHEET]
    assert wb.sheetnames[: len(expected)] == expected
    assert any(name.startswith(ps.INPUT_SHEET_PREFIX) for name in wb.sheetnames)
    check_plan_consistent(tmp_path / "base_plan.xlsx")


def test_solving_twice_gives_identical_cells_and_reproducible_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    plans = [tmp_path / f"{n}.xlsx" for n in "abcd"]
    for plan in plans[:2]:
        assert run(capsys, workbook, "-q", "-o", plan)[0] == 0
    for plan in plans[2:]:
        assert run(capsys, workbook, "-q", "--reproducible", "-o", plan)[0] == 0
    assert plans[2].read_bytes() == plans[3].read_bytes()
    a, b = (load_workbook(p) for p in plans[:2])
    differ = [
        (ws.title, c.coordinate)
        for ws in a
        for row in ws.iter_rows()
        for c in row
        if c.value != b[ws.title][c.coordinate].value
    ]
    run_time_row = next(
        r for r in range(1, 200) if a[ps.SUMMARY_SHEET][f"A{r}"].value == ps.RUN_LABELS["run_time"]
    )
    assert set(differ) <= {(ps.SUMMARY_SHEET, f"B{run_time_row}")}


def test_bad_input_exits_2_with_cell_references(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tables = small_tables()
    tables["Plants"][0]["online_year"] = "2027a"
    tables["Supply"][0][2026] = "lots"
    workbook = write_workbook(tmp_path / "bad.xlsx", tables)
    code, _, err = run(capsys, workbook, "-o", tmp_path / "plan.xlsx")
    assert code == 2
    assert 'Plants!E2: online_year is "2027a"' in err
    assert "Supply!F2" in err
    assert not (tmp_path / "plan.xlsx").exists()


def test_bad_input_with_json_prints_the_issues(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tables = small_tables()
    tables["Plants"][0]["online_year"] = "2027a"
    workbook = write_workbook(tmp_path / "bad.xlsx", tables)
    code, out, _ = run(capsys, workbook, "--json", "-o", tmp_path / "plan.xlsx")
    doc = json.loads(out)
    assert code == 2 and doc["exit_code"] == 2 and doc["status"] == "invalid input"
    assert doc["issues"][0]["where"] == "Plants!E2"


def test_quiet_and_json_errors_name_the_workbook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With -q no progress line says which workbook was read, so each error line does."""
    tables = small_tables()
    tables["Plants"][0]["online_year"] = "2027a"
    workbook = write_workbook(tmp_path / "bad.xlsx", tables)
    code, _, err = run(capsys, workbook, "-q", "-o", tmp_path / "plan.xlsx")
    assert code == 2
    assert err.splitlines()[0].startswith('Error: [bad.xlsx]Plants!E2: online_year is "2027a"')
    code, out, _ = run(capsys, workbook, "--json", "-q", "-o", tmp_path / "plan.xlsx")
    assert json.loads(out)["workbook"] == "bad.xlsx"
    assert not (tmp_path / "plan.xlsx").exists()


def test_missing_workbook_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, tmp_path / "nope.xlsx", "-o", tmp_path / "plan.xlsx")
    assert code == 2 and "nope.xlsx" in err


def test_missing_workbook_creates_no_outputs_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "nope.xlsx", "-q")
    assert code == 2 and "nope.xlsx" in err
    assert list(tmp_path.iterdir()) == []


def test_infeasible_exits_3_naming_the_minimums_and_keeps_previous_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"previous plan")
    code, _, err = run(capsys, infeasible_workbook(tmp_path / "inf.xlsx"), "-o", plan)
    assert code == 3
    # P1's incentive, min(1,600 × 0.25, 0.2 × 60 × 87) / 87 = 4.6 USD/kWh, does not cover its
    # operating gap of 5 USD/kWh, so it makes nothing in 2026: all 4 GWh must go.
    assert "infeasible" in err and "P1" in err
    assert "MinOutput!B2 asks 4 GWh" in err and "lower it by 4 GWh" in err
    assert plan.read_bytes() == b"previous plan"


def test_output_equal_to_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    before = workbook.read_bytes()
    code, _, err = run(capsys, workbook, "-o", workbook)
    assert code == 2 and "never writes its input" in err
    assert workbook.read_bytes() == before


def test_locked_plan_exits_1_and_is_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"previous plan")
    (tmp_path / "~$plan.xlsx").write_bytes(b"")
    code, _, err = run(capsys, workbook, "-o", plan)
    assert code == 1 and "open in a spreadsheet program" in err
    assert plan.read_bytes() == b"previous plan"


def test_deadline_exits_4_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    code, _, err = run(capsys, workbook, "--deadline", "0.001", "-o", tmp_path / "plan.xlsx")
    assert code == 4 and "deadline" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.xlsx"]


def test_json_summary_and_lp_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    code, out, _ = run(
        capsys, workbook, "--json", "--write-lp", tmp_path / "m.lp", "-o", tmp_path / "plan.xlsx"
    )
    doc = json.loads(out)
    assert code == 0 and doc["status"] == "optimal"
    assert doc["headline"]["incentive_musd"] <= doc["headline"]["budget_musd"] + 1e-6
    assert doc["run"]["input_file"] == "small.xlsx"
    assert "capacity_limit" in (tmp_path / "m.lp").read_text()


def test_formula_like_plant_name_stays_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    wb = load_workbook(workbook)
    for ws in wb:
        for cell in (c for row in ws.iter_rows() for c in row if c.value == "P1"):
            cell.value, cell.data_type = "=P1", "s"
    wb.save(workbook)
    code, _, err = run(capsys, workbook, "-q", "-o", tmp_path / "plan.xlsx")
    assert code == 0, err
    plan = load_workbook(tmp_path / "plan.xlsx")
    cells = [
        c for row in plan["Plants"].iter_rows(min_col=1, max_col=1) for c in row if c.value == "=P1"
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    assert plan["In Plants"]["A2"].value == "=P1"


def test_clirunner_help_lists_every_option() -> None:
    result = CliRunner().invoke(cli, ["solve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--output",
        "--time-limit",
        "--deadline",
        "--write-lp",
        "--json",
        "--quiet",
        "--verbose",
        "--reproducible",
    ):
        assert option in result.output


def test_importing_the_command_loads_no_solver_or_spreadsheet_library() -> None:
    code = (
        "import sys, planner.cli; "
        "heavy = {'pyomo', 'highspy', 'pandas', 'openpyxl'} & {m.split('.')[0] "
        "for m in sys.modules}; print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


RUN_AND_LIST_MODULES = """
import sys
from planner.cli import main

def run(args):
    try:
        main(args)
    except SystemExit as stop:
        assert not stop.code, (args, stop.code)
    return sorted({m.split(".")[0] for m in sys.modules} & {"pandas", "pyomo", "highspy"})

import gc

print(run(["validate", sys.argv[1]]), gc.get_freeze_count() == 0, end=" ")
print(run(["solve", sys.argv[1], "-o", sys.argv[2], "-q"]), gc.get_freeze_count() > 0)
"""


def test_validating_and_solving_the_base_case_load_no_pandas(tmp_path: Path) -> None:
    """pandas costs about 0.3 s of each run: only the analysts' DataFrame APIs (planner.api,
    planner.study) load it. Validating a workbook without build blocks loads no solver either,
    and solving it loads no Pyomo (≈ 0.2 s): its LP is assembled with numpy (models.assembly),
    the Pyomo model is built only for what needs it (--write-lp). The solve command, one plan
    per process, keeps the imports out of the garbage collector's walks
    (RunOptions.freeze_imports)."""
    out = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, str(BASE), str(tmp_path / "plan.xlsx")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert out.stdout.splitlines()[-1] == "[] True ['highspy'] True"


def test_installed_accplan_in_a_real_process(tmp_path: Path) -> None:
    exe = shutil.which("accplan")
    command = [exe] if exe else [sys.executable, "-m", "planner"]
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    ok = subprocess.run(
        [*command, "solve", str(workbook), "-o", str(tmp_path / "plan.xlsx")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Plan written to" in ok.stdout and (tmp_path / "plan.xlsx").is_file()
    bad = subprocess.run(
        [
            *command,
            "solve",
            str(infeasible_workbook(tmp_path / "inf.xlsx")),
            "-o",
            str(tmp_path / "p2.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 3 and "Traceback" not in bad.stderr


def test_solver_time_limit_exits_4(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    code, _, err = run(capsys, workbook, "--time-limit", "0.000001", "-o", tmp_path / "p.xlsx")
    assert code == 4 and "time limit" in err and "--time-limit" in err
    assert not (tmp_path / "p.xlsx").exists()


def test_verbose_shows_model_size_and_highs_log(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    code, _, err = run(capsys, workbook, "-v", "-o", tmp_path / "p.xlsx")
    assert code == 0 and "variables" in err and "HiGHS log" in err


@pytest.mark.parametrize("delay", [0.0, 0.6, 1.2, 1.8])
def test_ctrl_c_leaves_no_partial_file(tmp_path: Path, delay: float) -> None:
    """Interrupt a real run part-way: it ends with 130 (or 0 if it finished) and no temp file.

    The delay counts from the run's first progress line, not from the process start: a Ctrl-C
    while Python itself is still starting up (before accplan's code runs) is Python's to report,
    and on a loaded machine a fixed delay from the start could land there."""
    exe = shutil.which("accplan")
    command = [exe] if exe else [sys.executable, "-m", "planner"]
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    plan = tmp_path / "plan.xlsx"
    proc = subprocess.Popen(
        [*command, "solve", str(workbook), "-o", str(plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line = proc.stderr.readline()
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=120)
    err = first_line + rest
    assert "Traceback" not in err
    # 130: interrupted; 0: finished first; -2: the signal came as Python was exiting after the
    # plan had been moved into place. In every case there is either no plan or a whole one.
    assert proc.returncode in (0, 130, -signal.SIGINT), err
    names = {p.name for p in tmp_path.iterdir()}
    assert names in ({"small.xlsx"}, {"small.xlsx", "plan.xlsx"}), names
    if "plan.xlsx" in names:
        assert load_workbook(plan).sheetnames[0] == ps.SUMMARY_SHEET
    else:
        assert proc.returncode == 130


def one_plant_workbook(path: Path) -> Path:
    """One plant, one year, one mineral: the plan can be worked out by hand (see the test)."""
    tables = small_tables(
        Settings={"first_year": 2026, "last_year": 2026},
        Plants=[
            {
                "plant_id": "P1",
                "firm": "Firm A",
                "state": "Gujarat",
                "chemistry": "LFP",
                "online_year": 2026,
                "capex_musd_per_gwh": 60.0,
                "capital_premium_share": 0.0,
                "operating_gap_usd_per_kwh": 0.0,
                "min_block_gwh": None,
            }
        ],
        Awards=None,
        Capacity=[{"plant_id": "P1", 2026: 10.0}],
        Ramp=[{"age": 1, "ramp_factor": 0.5, "scrap_share": 0.0}],
        Chemistries=[{"chemistry": "LFP", "cell_price_usd_per_kwh": 60.0}],
        Intensity=[{"chemistry": "LFP", "mineral": "Lithium", "t_per_gwh": 500.0}],
        Minerals=[{"mineral": "Lithium", "unit": "t LCE", "max_source_share": 1.0}],
        Supply=[
            {
                "source_id": "S1",
                "origin": "Australia",
                "kind": "imported",
                "mineral": "Lithium",
                "price_usd_per_t": 15000.0,
                2026: 10000.0,
            }
        ],
    )
    return write_workbook(path, tables)


def test_one_plant_plan_matches_hand_calculation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """P1 may install 10 GWh/yr and makes 0.5 × 10 = 5 GWh in its first year; it needs
    500 t/GWh × 5 = 2,500 t of lithium from S1 at 15,000 USD/t = 37.5 USD million, all imported;
    no bid, so no incentive. One more GWh/yr permitted gives 0.5 GWh (capacity_limit dual 0.5);
    one more GWh producible gives 1 GWh (ramp_up dual 1). Stage 2 holds output at the stage-1
    optimum itself, so the plan shows the hand answers to solver precision (1e-9)."""
    code, _, _ = run(
        capsys, one_plant_workbook(tmp_path / "one.xlsx"), "-q", "-o", tmp_path / "one_plan.xlsx"
    )
    assert code == 0
    wb = load_workbook(tmp_path / "one_plan.xlsx")
    approx = lambda v: pytest.approx(v, abs=1e-9)  # noqa: E731
    assert summary_value(wb, "total_output") == approx(5)
    assert summary_value(wb, "import_bill") == approx(37.5)
    assert summary_value(wb, "incentive_musd") == 0
    flows = plan_table(wb, ps.FLOWS.sheet)
    assert [(r["source_id"], r["plant_id"]) for r in flows] == [("S1", "P1")]
    assert flows[0]["flow"] == pytest.approx(2500, abs=1e-9)
    duals = {(r["constraint"], r["index"]): r for r in plan_table(wb, ps.MARGINAL.sheet)}
    assert duals[("capacity_limit", "P1, 2026")]["value"] == pytest.approx(0.5)
    assert duals[("ramp_up", "P1, 2026")]["value"] == pytest.approx(1)
    # Range by hand: output = 0.5 × permitted until lithium runs out at 10,000 t / 500 t/GWh
    # = 20 GWh, i.e. at 40 GWh/yr permitted; down to 0 GWh/yr (output 0).
    capacity = duals[("capacity_limit", "P1, 2026")]
    assert capacity["meaning"] == (
        "One more GWh/yr of permitted capacity at P1 by 2026 would add 0.5 GWh of cells to "
        "total output. Holds while the limit is between 0 GWh/yr and 40 GWh/yr (now 10 GWh/yr); "
        "total output there: 0 and 20 GWh."
    )
    assert (capacity["valid_from"], capacity["valid_to"]) == (approx(0), approx(40))
    assert (capacity["output_from"], capacity["output_to"]) == (approx(0), approx(20))


def test_clirunner_solve_writes_every_sheet(tmp_path: Path) -> None:
    """The same command through click's CliRunner: exit 0, the table on stdout, every sheet."""
    workbook = write_small_workbook(tmp_path / "small.xlsx")
    result = CliRunner().invoke(cli, ["solve", str(workbook), "-o", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Plan written to" in result.stdout and "Traceback" not in result.output
    names = load_workbook(tmp_path / "p.xlsx").sheetnames
    expected = [ps.SUMMARY_SHEET, *(t.sheet for t in ps.TABLES), ps.CHARTS_SHEET]
    assert names[: len(expected)] == expected


def test_clirunner_bad_input_raises_the_exit_2_error(tmp_path: Path) -> None:
    """CliRunner stops at the command: the error it raises carries exit status 2 and the cell
    (``planner.cli.main`` turns it into the message and the status, tested above)."""
    tables = small_tables()
    tables["Plants"][0]["online_year"] = "2027a"
    workbook = write_workbook(tmp_path / "bad.xlsx", tables)
    result = CliRunner().invoke(cli, ["solve", str(workbook), "-o", str(tmp_path / "p.xlsx")])
    assert getattr(result.exception, "exit_code", None) == 2
    assert "Plants!E2" in str(result.exception)
    assert not (tmp_path / "p.xlsx").exists()


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_the_cli_keeps_openblas_to_one_thread_unless_told(given, expected) -> None:
    """accplan does no dense linear algebra: the CLI asks OpenBLAS for one thread before numpy
    is imported (≈ 0.1 s CPU a run on 2 cores); a value the user set is kept."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    script = (
        "import os, sys\nfrom planner.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'), 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=REPO,
    )
    assert out.stdout.split()[-2:] == [expected, "False"]
