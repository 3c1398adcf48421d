"""Time accplan against its floors, interleaved in fresh processes, and print the target ratios.

Run: ``python benchmarks/run.py [--sizes 10 100 1000] [--build 5000] [--full 1000]
[--memory 1000] [--side-by-side 5000] [--repeats 3] [--no-base]``. Every task runs in its
own process (``benchmarks/child.py`` or the CLI); each repetition runs all tasks once, in an
order rotated between repetitions, so that the machine's load falls on both sides of every
ratio. Reported: medians with [min–max], wall next to CPU, and peak RSS of the process
(``os.wait4``). Ratios are of medians taken in this one run.

Tasks: ``import`` (python -c "import pyomo.environ, highspy, pandas, openpyxl, click"), ``base``
(``accplan solve`` of inputs/acc_base.xlsx), and per size n: ``cli`` (``accplan solve`` of the
n-plant workbook of ``benchmarks/workbooks.py``), ``io`` (read-only read + HiGHS + write-only
write, see child.py), ``build``/``build-floor``/``build-pyomo`` (model to HiGHS: the solve
path's ``models.lp.model_lp``, i.e. the numpy assembly with names; the bare arrays; the Pyomo
model built and compiled, as the solve path did before 26 Nov), and for ``--full`` and
``--memory`` sizes ``solve``/``solve-floor`` (both stages with the re-solves). A
``--side-by-side`` size runs the two at once, for peak memory only: accplan's solve writing its
HiGHS calls as it makes them and the floor replaying them as they come (``solve-recording``,
``solve-following``), so that a solve too long to run twice in turn (5,000 plants) is measured
in the time of one; accplan's side carries the recording (a few MB), which only counts
against it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.workbooks import instance  # noqa: E402

PY = sys.executable
IMPORTS = "import pyomo.environ, highspy, pandas, openpyxl, click"
BASE = [PY, "-m", "planner", "solve", "inputs/acc_base.xlsx", "-q"]


def measure(argv: list[str]) -> dict:
    """Run ``argv`` from the repository root; wall, CPU and peak RSS (MB) of the process, and
    the child's own JSON line (its measured region) if it printed one."""
    start = time.perf_counter()
    return _finished(_start(argv), argv, start)


def measure_pair(first: list[str], second: list[str]) -> tuple[dict, dict]:
    """Run two commands at once (each as :func:`measure` does); both results."""
    start = time.perf_counter()
    procs = [_start(argv) for argv in (first, second)]
    _watch(procs, start)
    ours, theirs = (
        _finished(proc, argv, start, procs)
        for proc, argv in zip(procs, (first, second), strict=True)
    )
    return ours, theirs


WATCH_S = 60.0
"""How often a side-by-side run prints the two peaks so far (stderr), so that a run stopped
before its end still says how the two compared until then."""


def _watch(procs: list[subprocess.Popen], start: float) -> None:
    """Until one of ``procs`` ends: every :data:`WATCH_S` seconds, each one's peak RSS so far
    (VmHWM of /proc/<pid>/status) and their ratio, on stderr."""
    said = start
    while all(_running(proc) for proc in procs):
        time.sleep(1.0)
        if time.perf_counter() - said < WATCH_S:
            continue
        said = time.perf_counter()
        peaks = [_peak_mb(proc.pid) for proc in procs]
        if all(peaks):
            shown = " / ".join(f"{mb:,.0f}" for mb in peaks)
            print(
                f"  {said - start:,.0f} s: peak RSS so far {shown} MB = {peaks[0] / peaks[1]:.2f}x",
                file=sys.stderr,
                flush=True,
            )


def _running(proc: subprocess.Popen) -> bool:
    """True while ``proc`` runs; an ended child is left unreaped, for os.wait4's usage."""
    flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
    return os.waitid(os.P_PID, proc.pid, flags) is None


def _peak_mb(pid: int) -> float | None:
    """Peak RSS of a running process so far, MB (None if it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _start(argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _finished(proc: subprocess.Popen, argv: list[str], start: float, others: Sequence = ()) -> dict:
    """Wait for ``proc``; its figures (wall since ``start``). If it failed, ``others`` still
    running are killed (a follower would wait for a recorder that is gone)."""
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        for other in others:
            if other.poll() is None:
                other.kill()
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}")
    lines = out.decode().strip().splitlines()
    inner = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss / 1024,
        "inner": inner,
    }


def side_by_side(n: int, tmp: Path) -> tuple[dict, dict]:
    """accplan's solve of the n-plant instance recording its HiGHS calls, and the floor
    following them, at once."""
    _, data = instance(n)
    stream = tmp / f"stream_{n}"
    stream.unlink(missing_ok=True)  # the follower waits for the recorder's new file
    child = [PY, "benchmarks/child.py"]
    return measure_pair(
        [*child, "record-stream", str(stream), str(data)],
        [*child, "solve-floor-follow", str(stream), str(data)],
    )


def tasks(args: argparse.Namespace, tmp: Path) -> dict[str, list[str]]:
    child = [PY, "benchmarks/child.py"]
    out = {}
    if not args.no_base:
        out["import"] = [PY, "-c", IMPORTS]
        out["base"] = [*BASE, "-o", str(tmp / "b.xlsx")]
    for n in args.sizes:
        xlsx, data = instance(n)
        plan = tmp / f"plan_{n}.xlsx"
        out[f"cli {n}"] = [PY, "-m", "planner", "solve", str(xlsx), "-q", "-o", str(plan)]
        trace = str(tmp / f"trace_{n}.pickle")
        out[f"io {n}"] = [*child, "io-reference", str(xlsx), str(plan), trace, str(data)]
    for n in sorted(set(args.sizes) | set(args.build)):
        _, data = instance(n)
        out[f"build {n}"] = [*child, "build-accplan", str(data)]
        out[f"build-floor {n}"] = [*child, "build-floor", str(data)]
        out[f"build-pyomo {n}"] = [*child, "build-pyomo", str(data)]
    for n in sorted(set(args.full) | set(args.memory)):
        _, data = instance(n)
        out[f"solve {n}"] = [*child, "solve-accplan", str(data)]
        trace = str(tmp / f"trace_{n}.pickle")
        out[f"solve-floor {n}"] = [*child, "solve-floor", trace, str(data)]
    return out


def run(args: argparse.Namespace) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="accplan-bench-") as folder:
        todo = tasks(args, Path(folder))
        names = list(todo)
        for name in names:  # untimed: the plan the io reference writes, the HiGHS work replayed
            if name.startswith("io "):
                measure(todo["cli " + name[3:]])
            if name.startswith(("io ", "solve-floor ")):
                trace, data = todo[name][-2:]
                if not Path(trace).exists():
                    measure([PY, "benchmarks/child.py", "record-trace", trace, data])
        for rep in range(args.repeats):
            shift = rep * len(names) // max(args.repeats, 1)
            for name in names[shift:] + names[:shift]:
                results.setdefault(name, []).append(measure(todo[name]))
                print(f"  rep {rep + 1}: {name} done", file=sys.stderr, flush=True)
            for n in args.side_by_side:
                ours, floor = side_by_side(n, Path(folder))
                results.setdefault(f"solve-recording {n}", []).append(ours)
                results.setdefault(f"solve-following {n}", []).append(floor)
                print(f"  rep {rep + 1}: side by side {n} done", file=sys.stderr, flush=True)
            if rep + 1 < args.repeats:  # what a long run has so far, should it be stopped
                report(results, args, f"after repetition {rep + 1}", file=sys.stderr)
    return results


def report(results: dict[str, list[dict]], args: argparse.Namespace, when: str, file=None) -> None:
    """The load average, the table and the targets."""
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{when}: load average {load}; {os.cpu_count()} CPUs", file=file)
    print("\n".join(table(results)), file=file)
    print(file=file)
    print("\n".join(targets(results, args)), file=file, flush=True)


def stat(values: list[float]) -> str:
    return f"{statistics.median(values):.3g} [{min(values):.3g}–{max(values):.3g}]"


def pick(runs: list[dict], key: str, inner: bool) -> list[float]:
    return [r["inner"][key] if inner else r[key] for r in runs]


def table(results: dict[str, list[dict]]) -> list[str]:
    lines = [
        "| task | process wall s | process CPU s | peak RSS MB | region wall s | region CPU s |",
        "|---|---|---|---|---|---|",
    ]
    for name, runs in results.items():
        region = runs[0]["inner"]
        inner = [stat(pick(runs, k, True)) if k in region else "" for k in ("wall", "cpu")]
        lines.append(
            f"| {name} | {stat(pick(runs, 'wall', False))} | {stat(pick(runs, 'cpu', False))} | "
            f"{stat(pick(runs, 'rss', False))} | {inner[0]} | {inner[1]} |"
        )
    return lines


def ratio(results, top: str, bottom: str, key: str, inner_top: bool, inner_bottom: bool):
    a = statistics.median(pick(results[top], key, inner_top))
    b = statistics.median(pick(results[bottom], key, inner_bottom))
    return a / b


def targets(results: dict[str, list[dict]], args: argparse.Namespace) -> list[str]:
    """Each target: the ratio of medians, wall and CPU, and whether it is met."""
    rows = []

    def add(
        label: str,
        limit: float,
        top: str,
        bottom: str,
        inner_top: bool,
        inner_bottom: bool,
        keys=("wall", "cpu"),
    ):
        if top not in results or bottom not in results:
            return
        got = [ratio(results, top, bottom, k, inner_top, inner_bottom) for k in keys]
        met = " and ".join(
            f"{k} {'meets' if g <= limit else 'misses'}" for k, g in zip(keys, got, strict=True)
        )
        shown = ", ".join(f"{k} {g:.2f}×" for k, g in zip(keys, got, strict=True))
        rows.append(f"| {label} | ≤ {limit}× | {shown} | {met} |")

    add("base case `accplan solve` / import floor", 1.5, "base", "import", False, False)
    for n in args.sizes:
        add(
            f"{n} plants `accplan solve` / (read-only read + HiGHS + write-only write)",
            1.5,
            f"cli {n}",
            f"io {n}",
            False,
            True,
        )
    for n in sorted(set(args.sizes) | set(args.build)):
        add(
            f"{n} plants build + hand-over / floor", 5, f"build {n}", f"build-floor {n}", True, True
        )
        add(
            f"{n} plants Pyomo build + compile + hand-over / floor (not the solve path)",
            5,
            f"build-pyomo {n}",
            f"build-floor {n}",
            True,
            True,
        )
    for n in args.full:
        add(
            f"{n} plants two-stage solve with re-solves / floor",
            1.15,
            f"solve {n}",
            f"solve-floor {n}",
            True,
            True,
        )
    for n in args.memory:
        add(
            f"{n} plants peak RSS of a full solve / floor",
            1.5,
            f"solve {n}",
            f"solve-floor {n}",
            False,
            False,
            ("rss",),
        )
    for n in args.side_by_side:
        add(
            f"{n} plants peak RSS of a full solve / floor (side by side)",
            1.5,
            f"solve-recording {n}",
            f"solve-following {n}",
            False,
            False,
            ("rss",),
        )
    return ["| target | limit | ratio of medians | verdict |", "|---|---|---|---|", *rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10, 100, 1000], help="cli, io and build runs"
    )
    parser.add_argument("--build", type=int, nargs="*", default=[], help="build runs only")
    parser.add_argument("--full", type=int, nargs="*", default=[1000])
    parser.add_argument("--memory", type=int, nargs="*", default=[])
    parser.add_argument(
        "--side-by-side", type=int, nargs="*", default=[], help="peak memory, the two at once"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-base", action="store_true", help="leave out import and base")
    args = parser.parse_args()
    sizes = sorted({*args.sizes, *args.build, *args.full, *args.memory, *args.side_by_side})
    # Make (or refresh) the instances in a child: made here, they would grow this process, and a
    # child's peak RSS (os.wait4) starts from its parent's, as it is forked before its exec.
    if sizes:
        subprocess.run(
            [PY, "benchmarks/workbooks.py", "--plants", *map(str, sizes)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # Python caches each module's bytecode on its first import, so a user's runs after the first
    # load accplan compiled, as the import floor loads its installed packages. This machine sets
    # PYTHONDONTWRITEBYTECODE=1, which would make every timed run compile accplan's ~100 modules
    # from source (≈ 0.14 s of the base case); compile them once here, as a first run would.
    subprocess.run(
        [PY, "-m", "compileall", "-q", "planner", "models", "benchmarks"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    results = run(args)
    report(results, args, f"{args.repeats} repetitions; load average at the start {load_before}")


if __name__ == "__main__":
    main()
