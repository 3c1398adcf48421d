"""The Summary answers first: incentive by plant, mineral use by origin with the reason for a 0,
what one more block buys (pooled sources named together), one colour per origin in every chart."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.plan.answers import why_nothing
from tests.cli_run import run_accplan
from tests.test_model_hand_chain import china_canada

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def squeeze_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("squeeze") / "squeeze_plan.xlsx"
    from planner.cli import main

    try:
        main(["solve", str(ROOT / "inputs" / "acc_lithium_squeeze.xlsx"), "-o", str(out), "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return out


def _texts(path: Path) -> list[str]:
    ws = load_workbook(path)["Summary"]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_summary_leads_with_incentive_by_plant_and_origins(squeeze_plan: Path) -> None:
    texts = _texts(squeeze_plan)
    first = texts.index("Incentive by plant and award")
    assert first < texts.index("Headline")
    assert texts.index("Mineral use by origin (every origin offering a mineral, even at 0)") < (
        texts.index("Headline")
    )
    # Australia's lithium (S01) is cut to zero in the squeeze: listed, with why
    assert "no supply offered in these years" in texts


def test_pooled_lithium_names_every_source_that_shares_the_value(squeeze_plan: Path) -> None:
    """In the squeeze every lithium source binds at the same value: the Summary says one more
    1,000 t LCE from any of them, instead of naming the first by sort order."""
    line = next(t for t in _texts(squeeze_plan) if t.startswith("One more 1,000 t LCE of Lithium"))
    assert re.search(r"from any of .*\(S01\).*\(S04\)", line), line


def test_one_origin_one_colour_in_every_chart(squeeze_plan: Path) -> None:
    """Each mineral chart colours its series by origin from one sorted list of all origins, so
    an origin's colour is the same in every chart; titles carry the mineral's unit."""
    colours: dict[str, set[str]] = {}
    sheet = load_workbook(squeeze_plan)["Charts"]
    with zipfile.ZipFile(squeeze_plan) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    for xml in charts:
        pattern = r"<tx><strRef><f>'Charts'!(\w+)</f></strRef></tx><spPr><a:solidFill>" + (
            r"<a:srgbClr val=\"(\w+)\""
        )
        for ref, colour in re.findall(pattern, xml):
            colours.setdefault(str(sheet[ref].value), set()).add(colour)
    assert len(colours.get("Canada", ())) == 1, colours
    assert sum(len(c) for c in colours.values()) == len(colours)
    assert any("(t LCE)" in xml for xml in charts)


def test_why_an_origin_sends_nothing_by_hand() -> None:
    """China li at USD 900/t (100 t), Canada li at USD 1,000/t (6 t); with China's 100 t
    (50 GWh) enough, stage 2 buys China's cheaper li and Canada sends none: price."""
    data = china_canada(100.0, 6.0)
    flow = {("li", "China"): 20.0}
    assert why_nothing(data, ("li", "Canada"), flow, []).startswith(
        "price: USD 1,000/t against USD 900/t"
    )
    assert why_nothing(data, ("li", "Chile"), flow, []) == "no supply offered in these years"


def test_base_summary_fits_two_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "base_plan.xlsx"
    code, _, _ = run_accplan(capsys, "solve", ROOT / "inputs" / "acc_base.xlsx", "-o", plan, "-q")
    assert code == 0
    ws = load_workbook(plan)["Summary"]
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 2)


def test_summary_says_when_marginal_values_hold_the_0_1_decisions(
    squeeze_plan: Path, tmp_path: Path
) -> None:
    """The squeeze has candidates (0/1 award decisions): the Summary says its marginal values hold
    them. A plan without awards has none to hold and says nothing of them."""
    from planner.cli import main
    from planner.plan.sheets import DECISIONS_HELD
    from tests.workbooks import write_small_workbook

    assert DECISIONS_HELD in _texts(squeeze_plan)
    plain = write_small_workbook(tmp_path / "plain.xlsx", Awards=None)
    out = tmp_path / "plain_plan.xlsx"
    try:
        main(["solve", str(plain), "-o", str(out), "-q"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    assert DECISIONS_HELD not in _texts(out)
