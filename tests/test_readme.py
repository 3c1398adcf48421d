"""The README is the contract with a new user: its set-up commands, its command reference and
its example commands and outputs are checked against the code, so they cannot drift."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from openpyxl import load_workbook

from planner.cli import cli, main

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


# --------------------------------------------------------------------------- command reference


def cli_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("<!-- cli:start -->", 1)[1].split("<!-- cli:end -->", 1)[0]


def subsection(title: str) -> str:
    """The text of the cli section's ``### title`` subsection."""
    return cli_section().split(f"\n### {title}\n", 1)[1].split("\n### ", 1)[0]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.+?)\n```", text, flags=re.S)


def documented_options(text: str) -> set[str]:
    """Long options named in the first column of a Markdown option table."""
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return {opt for row in rows for opt in re.findall(r"--[a-z][a-z-]*", row.split("|")[1])}


def command_options(command: click.Command) -> set[str]:
    return {
        opt
        for p in command.params
        if isinstance(p, click.Option)
        for opt in p.opts
        if opt.startswith("--") and opt != "--help"
    }


def run_main(capsys: pytest.CaptureFixture[str], line: str) -> tuple[int, str]:
    """Run one README command line (``accplan ...``) in this process; exit code and output."""
    args = shlex.split(line)
    assert args[0] == "accplan", line
    try:
        main(args[1:])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out + err


def test_synopsis_names_every_command() -> None:
    synopsis = blocks(cli_section(), "text")[0]
    named = set(re.findall(r"^accplan (\w+)", synopsis, flags=re.M)) - {"COMMAND"}
    assert named == set(cli.commands) - {"probe"}


@pytest.mark.parametrize("name", ["solve", "template"])
def test_option_tables_match_the_commands(name: str) -> None:
    """The option table of ``### accplan NAME`` lists exactly the options of ``accplan NAME``."""
    title = next(
        t
        for t in re.findall(r"^### (accplan \w+.*)$", cli_section(), flags=re.M)
        if t.split()[1] == name
    )
    assert documented_options(subsection(title)) == command_options(cli.commands[name])


def test_validate_examples_are_what_validate_prints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both examples: the base case as shipped, and the base case with Plants!E2 = "2027a"."""
    valid, invalid = blocks(subsection("accplan validate WORKBOOK"), "text")
    (tmp_path / "inputs").mkdir()
    shutil.copy(ROOT / "inputs" / "acc_base.xlsx", tmp_path / "inputs")
    wb = load_workbook(ROOT / "inputs" / "acc_base.xlsx")
    wb["Plants"]["E2"] = "2027a"
    wb.save(tmp_path / "bad.xlsx")
    monkeypatch.chdir(tmp_path)
    for block, expected_code in ((valid, 0), (invalid, 2)):
        command, *shown = block.splitlines()
        code, output = run_main(capsys, command.removeprefix("$ "))
        assert code == expected_code
        assert output.splitlines() == shown


def test_scenario_table_lists_the_workbooks_in_inputs() -> None:
    listed = set(
        re.findall(r"^\| `(inputs/[^`]+\.xlsx)`", subsection("What-if scenarios"), flags=re.M)
    )
    shipped = {f"inputs/{p.name}" for p in (ROOT / "inputs").glob("*.xlsx")}
    assert listed == shipped


def test_what_if_workflow_runs_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's solve, solve, compare: plans land in outputs/ and compare says they differ
    (Canada's extra lithium changes the Supply sheet), exit status 1 as documented."""
    (workflow,) = blocks(subsection("What-if scenarios"), "bash")
    shutil.copytree(
        ROOT / "inputs", tmp_path / "inputs", ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    monkeypatch.chdir(tmp_path)
    codes = [run_main(capsys, line) for line in workflow.splitlines()]
    assert [code for code, _ in codes] == [0, 0, 1], codes
    assert "Supply!" in codes[2][1]
