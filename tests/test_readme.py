"""The README's two set-up commands are the contract with a new user: keep them true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    """The one-line commands in the README's 'Set up and run' section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up and run", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_has_run_and_test_commands() -> None:
    run, test = readme_commands()[:2]
    assert run.startswith("pip install -e . && accplan solve ")
    assert test == 'pip install -e ".[test]" && pytest'


def test_base_case_named_in_readme_exists() -> None:
    run = readme_commands()[0]
    workbook = shlex.split(run.split("&&", 1)[1])[-1]
    assert (ROOT / workbook).is_file(), f"README runs {workbook}, which is not in the repo"


def test_ci_runs_both_readme_commands() -> None:
    """CI takes the two commands from the README itself (blocks 0 and 1) and runs them."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "run_command=$(readme_command 0)" in ci and 'bash -c "$run_command"' in ci
    assert "test_command=$(readme_command 1)" in ci and 'bash -c "$test_command"' in ci
