"""Wording helpers shared by every wing's messages: suggestions for a misspelt name."""

from __future__ import annotations

import difflib
import unicodedata


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate most like ``word`` (ignoring case), or None if none is close."""
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    best = closest(word, candidates)
    return f' Did you mean "{best}"?' if best else ""


SHOWN_TEXT = 80
"""Longest text quoted in a message; longer text is cut with a count of the rest."""


def visible(text: str) -> str:
    """``text`` with characters a reader cannot see written as escapes (``P01\\u200b``).

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
