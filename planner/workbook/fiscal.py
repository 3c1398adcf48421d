"""Fiscal-year headers (2026-27): read as their first year, with one clear error per sheet.

Indian budgets run April to March and are written 2026-27; a planner may head year columns that
way. accplan's year columns are headed by one year, so such a sheet gets one error saying how to
rename its headers, and is read with each fiscal year as the year it starts in, so that no other,
misleading error (missing years, missing rows) follows from it.
"""

from __future__ import annotations

import re
from typing import Any

from planner.errors import Issue

FISCAL_YEAR = re.compile(r"^\s*(?:FY\s*)?(\d{4})\s*[-–/]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)
"""An Indian fiscal-year header: 2026-27, FY2026-27, 2026–2027."""


def fiscal_year(head: Any) -> int | None:
    """The first calendar year of a fiscal-year header (``2026-27`` → 2026), else None."""
    found = FISCAL_YEAR.match(str(head)) if isinstance(head, str) else None
    if found is None:
        return None
    first, second = int(found.group(1)), found.group(2)
    following = first + 1
    ends = following % 100 if len(second) == 2 else following
    return first if int(second) == ends and 1900 <= first <= 2200 else None


def fiscal_issue(found: list[tuple[str, str, int]]) -> Issue:
    """One error for all fiscal-year headers of a sheet, saying how to rename them."""
    ref, head, _ = found[0]
    renames = ", ".join(f"{h} to {y}" for _, h, y in found[:3])
    more = ", …" if len(found) > 3 else ""
    return Issue(
        "bad-header",
        ref,
        f"the year columns are headed by fiscal years ({head}, …); accplan's year columns are "
        f"headed by one year alone. Rename them ({renames}{more}: the year each fiscal year "
        "starts in, or the year your numbers are for); the rest of the sheet was read that way.",
    )
