"""The one place where errors become messages and exit statuses (planner.cli.main)."""

from __future__ import annotations

import click
import pytest

from planner import cli as cli_module
from planner.errors import InputError, Issue, SolveError


@pytest.fixture
def extra_command():
    """Register a throwaway subcommand whose behaviour each test chooses."""
    behaviour: dict[str, object] = {}

    @click.command("probe")
    @click.pass_context
    def probe(ctx: click.Context) -> None:
        action = behaviour["action"]
        if isinstance(action, int):
            ctx.exit(action)
        raise action  # type: ignore[misc]

    cli_module.cli.add_command(probe)
    yield behaviour
    cli_module.cli.commands.pop("probe")


def run_main(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        cli_module.main(args)
    return exc.value.code


@pytest.mark.parametrize("code", [0, 1, 3])
def test_ctx_exit_code_reaches_the_shell(extra_command, code: int) -> None:
    extra_command["action"] = code
    assert run_main(["probe"]) == code


def test_input_error_exits_2_with_cell_and_no_traceback(extra_command, capsys) -> None:
    extra_command["action"] = InputError([Issue("x", "Plants!D7", "online_year is blank.")])
    assert run_main(["probe"]) == 2
    err = capsys.readouterr().err
    assert "Plants!D7: online_year is blank." in err and "Traceback" not in err


def test_every_input_issue_gets_its_own_error_line(extra_command, capsys) -> None:
    extra_command["action"] = InputError(
        [
            Issue("not-a-number", "Plants!E3", "online_year is x."),
            Issue("out-of-range", "Supply!F3", "supply_t is -5."),
        ]
    )
    assert run_main(["probe"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "Error: Plants!E3: online_year is x. [not-a-number]",
        "Error: Supply!F3: supply_t is -5. [out-of-range]",
    ]


def test_solve_error_keeps_its_own_exit_code(extra_command) -> None:
    error = SolveError("infeasible")
    error.exit_code = 3
    extra_command["action"] = error
    assert run_main(["probe"]) == 3


def test_unexpected_error_is_one_line_without_traceback(extra_command, capsys) -> None:
    extra_command["action"] = ZeroDivisionError("boom")
    assert run_main(["probe"]) == 1
    err = capsys.readouterr().err
    assert "Internal error: ZeroDivisionError: boom" in err and "--debug" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(extra_command) -> None:
    extra_command["action"] = ZeroDivisionError("boom")
    with pytest.raises(ZeroDivisionError):
        cli_module.main(["--debug", "probe"])


def test_usage_error_exits_2(capsys) -> None:
    assert run_main(["solve", "--no-such-option"]) == 2
    assert "no-such-option" in capsys.readouterr().err


def test_help_exits_0() -> None:
    assert run_main(["--help"]) == 0


def test_solve_usage_error_with_json_still_prints_json(capsys) -> None:
    """A bad option value is caught by click before the command runs; --json still answers."""
    import json

    assert run_main(["solve", "x.xlsx", "--json", "--time-limit", "0"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "usage error" and doc["exit_code"] == 2
    assert "--time-limit" in doc["message"]


def test_running_out_of_memory_is_one_line_with_the_files_size(
    extra_command, capsys, tmp_path
) -> None:
    """A MemoryError anywhere (here: in the command) names the workbooks given and their size."""
    book = tmp_path / "big.xlsx"
    book.write_bytes(b"x" * 2_097_152)  # 2.0 MB
    extra_command["action"] = MemoryError()
    assert run_main(["probe"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: this computer's memory ran out; nothing was written.")
    assert "Traceback" not in err and "Internal error" not in err
    message = cli_module._out_of_memory(["solve", str(book), "-o", "plan.xlsx"])
    assert message.startswith("this computer's memory ran out (big.xlsx is 2.0 MB);")


def test_sigterm_and_ctrl_c_exit_143_and_130_with_one_line(extra_command, capsys) -> None:
    extra_command["action"] = cli_module.Terminated()
    assert run_main(["probe"]) == 143
    assert capsys.readouterr().err == "Terminated (SIGTERM); no partial output was left behind.\n"
    extra_command["action"] = KeyboardInterrupt()
    assert run_main(["probe"]) == 130
    assert capsys.readouterr().err == "Interrupted; no partial output was left behind.\n"
