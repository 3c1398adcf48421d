"""A one-line progress bar on stderr for sweeps and batches (only on a terminal, never with -q)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

WIDTH = 30


def progress_bar(quiet: bool, what: str) -> Callable[[int, int, str], None] | None:
    """A ``progress(done, total, label)`` callback drawing a bar, or None when not wanted."""
    if quiet or not sys.stderr.isatty():
        return None
    start = time.perf_counter()

    def show(done: int, total: int, label: str) -> None:
        filled = WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        seconds = time.perf_counter() - start
        sys.stderr.write(f"\r{what} [{bar}] {done}/{total} {seconds:6.1f} s  {label[:40]:<40}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
