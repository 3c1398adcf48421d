"""Run ``accplan`` in-process through its console entry point, as each command's tests do."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main


def run_accplan(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``accplan ARGS``; no output may carry a traceback."""
    capsys.readouterr()  # drop whatever an earlier step of the test printed
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
