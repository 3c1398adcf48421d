"""Wording helpers shared by every wing's messages.

Numbers in plain digits (:func:`number_text`), counts with their noun (:func:`count_of`), long
lists cut short (:func:`first_and_more`), suggestions for a misspelt name (:func:`did_you_mean`)
and text a reader can see (:func:`visible`, :func:`quoted`).
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Sequence


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate most like ``word`` (ignoring case), or None if none is close."""
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    """`` Did you mean "best"?`` for the closest candidate, or ``""`` if none is close."""
    best = closest(word, candidates)
    return f' Did you mean "{best}"?' if best else ""


SHOWN_TEXT = 80
"""Longest text quoted in a message; longer text is cut with a count of the rest."""


def visible(text: str) -> str:
    r"""``text`` with characters a reader cannot see written as escapes (``P01\u200b``).

    Escaped: format characters (zero-width spaces and joiners, direction marks, the byte-order
    mark), control characters other than line breaks and tabs, spaces other than the plain space,
    and combining marks that sit on a plain ASCII character (so ``P01`` with an accent on the 1
    does not print as ``P01``). Marks that belong to a script (Devanagari vowel signs) stay.
    """
    if text.isascii():
        return text
    out = []
    previous = ""
    for ch in text:
        out.append(rf"\u{ord(ch):04x}" if _hidden(ch, previous) else ch)
        previous = ch
    return "".join(out)


def _hidden(ch: str, previous: str) -> bool:
    category = unicodedata.category(ch)
    if category in ("Cf", "Co", "Cn", "Zl", "Zp"):
        return True
    if category == "Cc":
        return ch not in "\n\t"
    if category == "Zs":
        return ch != " "
    return category in ("Mn", "Me") and previous.isascii()


def has_hidden(text: str) -> bool:
    """True if :func:`visible` would escape something in ``text``."""
    return visible(text) != text


def quoted(text: str) -> str:
    """Text as a message quotes it: escaped, and cut after :data:`SHOWN_TEXT` characters."""
    shown = visible(text)
    if len(shown) > SHOWN_TEXT:
        shown = f"{shown[:SHOWN_TEXT]}… ({len(text):,} characters)"
    return f'"{shown}"'


def number_text(value: float, significant: int = 4) -> str:
    """``0.0019`` → ``"0.0019"``, ``12345.6`` → ``"12,346"``: plain digits, never 1e-05 style."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def count_of(n: int, word: str) -> str:
    """``count_of(1, "error")`` → ``"1 error"``; ``count_of(3, "error")`` → ``"3 errors"``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def first_and_more(items: Sequence[str], shown: int, separator: str = ", ") -> str:
    """The first ``shown`` items joined, then how many more: ``"4, 5, 6 and 12 more"``.

    Parameters
    ----------
    items : sequence of str
        What to list, in order.
    shown : int
        How many to name.
    separator : str
        Between named items.

    Returns
    -------
    str
        The named items and, when some are left out, `` and N more`` (N with thousands commas).
    """
    rest = len(items) - shown
    return separator.join(items[:shown]) + (f" and {rest:,} more" if rest > 0 else "")
