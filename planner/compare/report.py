"""What ``accplan compare`` answers, for one other plan or several: the text (or JSON) and the
difference workbook, each chosen by how many plans are compared."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from planner.compare.compare import Comparison
from planner.compare.nway import side_by_side_text, write_nway_workbook
from planner.compare.text import format_text, to_json
from planner.compare.workbook import write_diff_workbook


def write_comparisons(comparisons: Sequence[Comparison], output: Path) -> None:
    """The difference workbook: one pair's, or a side-by-side one for several plans."""
    if len(comparisons) == 1:
        write_diff_workbook(comparisons[0], output)
    else:
        write_nway_workbook(list(comparisons), output)


def comparison_text(
    comparisons: Sequence[Comparison], as_json: bool, output: Path | None = None
) -> str:
    """The terminal answer: JSON (an object for one pair, a list for several) or text.

    Parameters
    ----------
    comparisons : sequence of Comparison
        The base compared with each other plan, in the order given.
    as_json : bool
        JSON instead of text.
    output : Path, optional
        The difference workbook written, named at the end of the text.

    Returns
    -------
    str
        The text, ending in a newline.
    """
    if as_json:
        doc = (
            to_json(comparisons[0]) if len(comparisons) == 1 else [to_json(c) for c in comparisons]
        )
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if len(comparisons) == 1:
        text = format_text(comparisons[0])
    else:
        parts = [side_by_side_text(list(comparisons))]
        parts += [f"=== plan {i}\n{format_text(c)}" for i, c in enumerate(comparisons, start=1)]
        text = "\n\n".join(parts)
    if output is not None:
        text += f"\nDifference workbook written to {output}\n"
    return text
