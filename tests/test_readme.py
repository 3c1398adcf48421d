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
    assert test.startswith('pip install -e ".[test]" && ')


def test_base_case_named_in_readme_exists() -> None:
    run = readme_commands()[0]
    workbook = shlex.split(run.split("&&", 1)[1])[-1]
    assert (ROOT / workbook).is_file(), f"README runs {workbook}, which is not in the repo"


def test_ci_runs_the_readme_test_command() -> None:
    """CI installs the test extra and runs exactly the README's test runner command."""
    test = readme_commands()[1]
    install, runner = (part.strip() for part in test.split("&&", 1))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci and install == 'pip install -e ".[test]"'
    ci_lines = [line.strip() for line in ci.splitlines() if not line.startswith("#")]
    assert runner in ci_lines, f"CI does not run the README's test command {runner!r}"
