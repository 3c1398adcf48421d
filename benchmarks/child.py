"""One measured task in a fresh process; prints its own timings as one JSON line.

Used by ``benchmarks/run.py``; each task times only its own region (imports and loading the
pickled ModelData excluded), with wall time (``perf_counter``) and CPU time (``process_time``).

- ``build-accplan PICKLE``: the solve path's LP (``models.lp.model_lp``: the numpy assembly,
  names and index tuples included, for data it covers) passed to HiGHS.
- ``build-pyomo PICKLE``: build the Pyomo model, compile it and pass it to HiGHS.
- ``build-floor PICKLE``: assemble the floor arrays and pass them to HiGHS.
- ``solve-accplan PICKLE``: ``models.solve.solve`` (both stages, re-solves, results by name).
- ``record-trace TRACE PICKLE`` (untimed preparation): solve with accplan and save its HiGHS
  calls to TRACE (``benchmarks/highs_trace.py``).
- ``solve-floor TRACE PICKLE``: the floor's assemble, pass, and TRACE's HiGHS work replayed.
- ``record-stream STREAM PICKLE`` and ``solve-floor-follow STREAM PICKLE``, run side by side:
  accplan's solve writing its HiGHS calls to STREAM as it makes them, and the floor replaying
  them as they come (``benchmarks/highs_trace.py`` ``Stream``, ``follow``). For the peak memory
  of a solve too long to run twice in turn; the follower's times are accplan's, not its own.
- ``io-reference INPUT PLAN TRACE PICKLE``: read INPUT with openpyxl's read-only mode, HiGHS's
  own seconds on the floor LP (TRACE replayed), and write PLAN's cells with the write-only mode:
  the least a workbook-to-workbook run can cost.
"""

from __future__ import annotations

import json
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> dict[str, float]:
        return {
            "wall": time.perf_counter() - self.wall,
            "cpu": time.process_time() - self.cpu,
        }


def build_accplan(data, pyomo: bool = False) -> dict:
    """The solve path's LP (``models.lp.model_lp``: assembled with numpy when covered, as the
    benchmark instances are) passed to HiGHS; ``pyomo``: the Pyomo model built and compiled."""
    from models.highs_lp import new_highs, pass_lp
    from models.lp import model_lp

    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        lp = model_lp(data, pyomo=pyomo)
        h, _ = new_highs(Path(tmp) / "h.log", None)
        pass_lp(h, lp, "total_output_gwh", maximise=True)
        return clock.read()


def build_floor(data) -> dict:
    from benchmarks.floor import assemble
    from benchmarks.floor_solve import new_highs, pass_floor

    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        lp = assemble(data)
        pass_floor(new_highs(Path(tmp) / "h.log"), lp)
        return clock.read()


def solve_accplan(data) -> dict:
    from models.solve import solve

    clock = Clock()
    result = solve(data)
    return {**clock.read(), "output": result.output_gwh, "highs": result.solve_seconds}


def solve_floor(steps, data) -> dict:
    """The floor replaying ``steps``: a recorded trace, or calls as they are made (follow)."""
    from benchmarks.floor_solve import solve_floor as run

    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        result = run(data, Path(tmp) / "h.log", steps)
        return {**clock.read(), "output": result.output_gwh, "runs": result.runs}


def io_reference(source: Path, plan: Path, trace: Path, data) -> dict:
    import openpyxl

    from benchmarks.floor_solve import solve_floor as run

    cells = _plan_cells(plan)  # untimed: what the plan holds
    steps = pickle.loads(trace.read_bytes())
    clock = Clock()
    wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    wb.close()
    read = clock.read()
    with tempfile.TemporaryDirectory() as tmp:
        floor = run(data, Path(tmp) / "h.log", steps)
        clock = Clock()
        out = openpyxl.Workbook(write_only=True)
        for title, rows in cells.items():
            ws = out.create_sheet(title)
            for row in rows:
                ws.append(row)
        out.save(Path(tmp) / "plan.xlsx")
        write = clock.read()
    return {
        "wall": read["wall"] + floor.solve_s + write["wall"],
        "cpu": read["cpu"] + floor.solve_cpu_s + write["cpu"],
        "read": read["wall"],
        "highs": floor.solve_s,
        "write": write["wall"],
    }


def _plan_cells(plan: Path) -> dict[str, list[tuple]]:
    import openpyxl

    wb = openpyxl.load_workbook(plan, read_only=True)
    cells = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return cells


def main() -> None:
    task, *paths = sys.argv[1:]
    data = pickle.loads(Path(paths[-1]).read_bytes())
    if task == "io-reference":
        result = io_reference(Path(paths[0]), Path(paths[1]), Path(paths[2]), data)
    elif task == "record-trace":
        from benchmarks.highs_trace import record_solve

        result = {"runs": sum(name == "run" for name, _ in record_solve(data, Path(paths[0])))}
    elif task == "record-stream":
        from benchmarks.highs_trace import stream_solve

        clock = Clock()
        stream_solve(data, Path(paths[0]))
        result = clock.read()
    elif task == "solve-floor":
        result = solve_floor(pickle.loads(Path(paths[0]).read_bytes()), data)
    elif task == "solve-floor-follow":
        from benchmarks.highs_trace import follow

        result = solve_floor(follow(Path(paths[0])), data)
    else:
        result = {
            "build-accplan": build_accplan,
            "build-floor": build_floor,
            "build-pyomo": lambda d: build_accplan(d, pyomo=True),
            "solve-accplan": solve_accplan,
        }[task](data)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
