"""Structure-aware fuzzing of the readers: the sheet XML of a real workbook (and of a real plan,
for ``compare``) is mutated where damage is likely to matter - cell references, styles, types,
values, rows, truncation - and the only exceptions allowed out are accplan's own input errors.

Hypothesis runs derandomised (the same examples on every run) and bounded to a few hundred
examples, about 10-20 s in all.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.workbook.load import validate_file
from planner.xlsx.census import on_grid
from tests.cli_run import run_accplan
from tests.compare_fixtures import write_plan
from tests.workbooks import sheet_part, write_small_workbook

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CELL = re.compile(rb"<c\s[^>]*?(?:/>|>.*?</c>)", re.DOTALL)
ROW = re.compile(rb"<row\s[^>]*?(?:/>|>.*?</row>)", re.DOTALL)

ODD_TEXT = st.sampled_from(
    [
        "",
        "NaN",
        "inf",
        "-inf",
        "1e400",
        "9" * 400,
        "-",
        "0x10",
        "١٢",
        "1,5",
        " 7 ",
        "&amp;",
        "P01\u200b",
        "\u202e",
        "2026-13-45T99:99:99",
        "-1",
        "99999999999",
        "A0",
        "XFE1",
        "B1048577",
        "ZZZZ9",
        "1.5",
    ]
)
ATTRIBUTE = st.sampled_from([b"r", b"s", b"t"])
TYPES = st.sampled_from(["n", "s", "b", "e", "str", "inlineStr", "d", "x", ""])


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").encode()


@st.composite
def mutations(draw: st.DrawFn, xml: bytes) -> bytes:
    """One or two structure-aware edits of a sheet's XML."""
    for _ in range(draw(st.integers(1, 2))):
        cells = [m.span() for m in CELL.finditer(xml)]
        rows = [m.span() for m in ROW.finditer(xml)]
        kind = draw(st.sampled_from(["attr", "value", "row", "cut", "insert", "flip"]))
        if kind in ("attr", "value") and cells:
            start, end = draw(st.sampled_from(cells))
            cell = xml[start:end]
            if kind == "attr":
                name = draw(ATTRIBUTE)
                value = draw(TYPES) if name == b"t" else draw(ODD_TEXT | st.text(max_size=6))
                new = re.sub(rb"\s" + name + rb'="[^"]*"', b"", cell, count=1)
                new = new.replace(b"<c ", b"<c " + name + b'="' + _escape(value) + b'" ', 1)
            else:
                text = _escape(draw(ODD_TEXT | st.text(max_size=12)))
                new = re.sub(rb"<v>.*?</v>", b"<v>" + text + b"</v>", cell, count=1, flags=re.S)
                if b"<v>" not in new:
                    new = cell.replace(b"/>", b"><v>" + text + b"</v></c>", 1)
            xml = xml[:start] + new + xml[end:]
        elif kind == "row" and rows:
            start, end = draw(st.sampled_from(rows))
            xml = xml[:end] + xml[start:end] + xml[end:]  # a row given twice
        elif kind == "cut":
            at = draw(st.integers(0, len(xml)))
            xml = xml[:at] + xml[at + draw(st.integers(1, 40)) :]
        elif kind == "insert" and rows:
            _, end = draw(st.sampled_from(rows))
            ref = _escape(draw(ODD_TEXT))
            xml = xml[:end] + b'<row r="' + ref + b'"><c r="' + ref + b'" s="3"/></row>' + xml[end:]
        else:
            at = draw(st.integers(0, max(len(xml) - 1, 0)))
            xml = xml[:at] + bytes([draw(st.integers(0, 255))]) + xml[at + 1 :]
    return xml


def _with_part(source: Path, target: Path, part: str, xml: bytes) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == part else src.read(info))
    return target


def _check_place(where: str) -> None:
    """A ``Sheet!Cell`` place names a cell that exists (or a row, or a range of such cells)."""
    if "!" not in where:
        return
    for part in where.rpartition("!")[2].split(":"):
        assert part.isdigit() or on_grid(part), where


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    path = write_small_workbook(tmp_path_factory.mktemp("fuzz") / "small.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {s: archive.read(sheet_part(path, s)) for s in ("Plants", "Settings", "Supply")}
    return path, parts


@pytest.mark.parametrize("sheet", ["Plants", "Settings", "Supply"])
def test_damaged_sheet_xml_is_always_an_input_error(
    workbook: tuple[Path, dict[str, bytes]], tmp_path: Path, sheet: str
) -> None:
    source, parts = workbook

    @FUZZ
    @given(xml=mutations(parts[sheet]))
    def check(xml: bytes) -> None:
        path = _with_part(source, tmp_path / "fuzzed.xlsx", sheet_part(source, sheet), xml)
        for issue in validate_file(path):  # input errors come back as issues; others escape
            _check_place(issue.where)

    check()


def test_damaged_plan_xml_is_always_an_input_error_or_a_difference(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``accplan compare`` on a plan and a damaged copy: 0 same, 1 different, 2 input error;
    never an internal error (exit 1 with "Internal error") or a traceback."""
    plan = write_plan(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(plan) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        parts = {n: archive.read(n) for n in names[:3]}

    @FUZZ
    @given(part=st.sampled_from(sorted(parts)), data=st.data())
    def check(part: str, data: st.DataObject) -> None:
        xml = data.draw(mutations(parts[part]))
        damaged = _with_part(plan, tmp_path / "damaged.xlsx", part, xml)
        code, _, err = run_accplan(capsys, "compare", plan, damaged)
        assert code in (0, 1, 2), err
        assert "Internal error" not in err

    check()
