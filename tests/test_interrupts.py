"""Ctrl-C and SIGTERM while HiGHS is solving, a full disk while writing, and what a killed run
leaves behind: each ends with its documented status and one line, and leaves no partial or
temporary file.

The interrupt tests run ``accplan solve`` in a subprocess on a 200-plant workbook whose solve
takes HiGHS far longer than the test waits (tens of seconds of simplex), send the signal once
HiGHS's solver thread is running, and check that the process ended during the solve step: the
"building and solving: done" line never appears. Linux only (the solver thread is seen in
``/proc``).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.xlsx import atomic
from tests.workbooks import many_plants_tables, write_small_workbook, write_workbook

ROOT = Path(__file__).resolve().parents[1]
PROC = Path("/proc/self/task")
SLACK_S = 10.0
"""Generous bound on the time from the signal to the process's end (measured: under 0.1 s);
only there to catch an interrupt that waits for HiGHS to finish."""


def _threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def _start(workbook: Path, plan: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "solve", str(workbook), "-o", str(plan)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    seen = ""
    while "building and solving" not in seen:
        line = proc.stderr.readline()
        assert line, seen
        seen += line
    return proc, seen


@pytest.mark.skipif(not PROC.exists(), reason="needs /proc to see HiGHS's solver thread")
@pytest.mark.parametrize(
    ("sig", "status", "line"),
    [
        (signal.SIGINT, 130, "Interrupted; no partial output was left behind."),
        (signal.SIGTERM, 143, "Terminated (SIGTERM); no partial output was left behind."),
    ],
)
def test_a_signal_during_the_solve_stops_it_at_once(
    tmp_path: Path, sig: signal.Signals, status: int, line: str
) -> None:
    folder, temp = tmp_path / "out", tmp_path / "tmp"
    folder.mkdir()
    temp.mkdir()
    workbook = write_workbook(folder / "many.xlsx", many_plants_tables(200, 8, 10))
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    proc, seen = _start(workbook, folder / "plan.xlsx", env)
    threads = _threads(proc.pid)
    while _threads(proc.pid) <= threads:  # HiGHS runs on a thread of its own
        assert proc.poll() is None
        time.sleep(0.02)
    time.sleep(0.3)
    sent = time.monotonic()
    proc.send_signal(sig)
    _, rest = proc.communicate(timeout=120)
    waited = time.monotonic() - sent
    err = seen + rest
    assert proc.returncode == status, err
    assert "building and solving: done" not in err  # it ended during the solve
    assert err.rstrip().splitlines()[-1] == line and "Traceback" not in err
    assert waited < SLACK_S, waited
    assert sorted(p.name for p in folder.iterdir()) == ["many.xlsx"]
    assert list(temp.iterdir()) == []  # HiGHS's log folder is gone too


def test_a_full_disk_is_one_message_and_leaves_nothing(tmp_path: Path) -> None:
    """Files may grow to 16 KB only (RLIMIT_FSIZE, with SIGXFSZ ignored so that a write fails
    with EFBIG as on a full disk): the plan cannot be written."""
    workbook = write_small_workbook(tmp_path / "small.xlsx")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16_000, 16_000))

    done = subprocess.run(
        [sys.executable, "-m", "planner", "solve", str(workbook), "-o", str(tmp_path / "p.xlsx")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)},
        preexec_fn=small_files,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Error: small.xlsx: cannot write" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.xlsx"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_plans_are_removed_by_the_next_run(tmp_path: Path) -> None:
    """A killed run's temporary plan (its writer gone, older than a minute) is removed; one
    whose writer is alive, one too young, and files of other naming are kept."""
    old = time.time() - 3600
    stale = tmp_path / f".plan.accplan-{_dead_pid()}-x1.tmp.xlsx"
    young = tmp_path / f".plan.accplan-{_dead_pid()}-x2.tmp.xlsx"
    alive = tmp_path / f".plan.accplan-{os.getppid()}-x3.tmp.xlsx"
    other = tmp_path / ".plan.x4.tmp.xlsx"
    for path in (stale, young, alive, other):
        path.write_bytes(b"partial")
    for path in (stale, alive, other):
        os.utime(path, (old, old))
    removed = atomic.remove_stale_temps(tmp_path)
    assert removed == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (young, alive, other)
    )


def test_a_saved_file_and_its_folder_are_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fsync on the temporary file before the rename and on the folder after it."""
    from openpyxl import Workbook

    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if PROC.exists() else str(fd))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    atomic.save_workbook(Workbook(), tmp_path / "book.xlsx")
    assert len(synced) == 2
    if PROC.exists():
        assert synced[0].endswith(".tmp.xlsx") and synced[1] == str(tmp_path)
