"""Wording helpers shared by every wing's messages: suggestions for a misspelt name."""

from __future__ import annotations

import difflib


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate most like ``word`` (ignoring case), or None if none is close."""
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    best = closest(word, candidates)
    return f' Did you mean "{best}"?' if best else ""
