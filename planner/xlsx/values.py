"""A small, fast reader of the cell values of an .xlsx workbook, for ``accplan compare``.

openpyxl (read-only or not) spends ~150 µs per cell turning XML into cell objects; comparing two
35k-row plans took ~13 s, nearly all of it there. Compare needs only each cell's value, so this
module walks the sheet XML with the standard library's ``iterparse`` and keeps values (~6x
faster, ``benchmarks/bench_compare.py``). It reads what ``accplan solve`` and Excel write: shared
strings, inline strings, formula results (the cached value, like ``data_only=True``), booleans,
error codes (as their text, e.g. ``#N/A``) and numbers (``int`` when written without a point or
exponent, as openpyxl does). Date-formatted cells come back as their serial numbers; plans hold
none. The archive must already have passed :func:`planner.xlsx.guard.check_archive` (no DTD,
no zip bomb) before it is opened here.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from planner.errors import DamagedPart

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Row = tuple[int, tuple[Any, ...]]
"""(1-based row number, values from column A on; empty cells are None)."""


DAMAGED = (
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    IndexError,
    TypeError,
    OverflowError,
    RecursionError,
    UnicodeError,
    NotImplementedError,
)
"""What the zip and XML layers raise on damaged bytes."""


class XlsxValues:
    """Sheet names in workbook order, and each sheet's rows of values."""

    def __init__(self, data: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._paths = _sheet_paths(self._zip)
        self._strings: list[str] | None = None

    @property
    def sheetnames(self) -> list[str]:
        """Sheet names in workbook order."""
        return list(self._paths)

    def rows(self, sheet: str) -> Iterator[Row]:
        """The non-empty rows of ``sheet``, top to bottom (row numbers may skip).

        Raises :class:`DamagedPart` (naming the sheet and the last row read) for anything the
        zip or XML layers raise on a damaged part.
        """
        number = 0
        try:
            if self._strings is None:
                self._strings = _shared_strings(self._zip)
            with self._zip.open(self._paths[sheet]) as part:
                for number, values in _rows(part, self._strings):
                    yield number, values
        except DAMAGED as exc:
            raise DamagedPart(sheet, self._paths[sheet], number, exc) from exc

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, in workbook order."""
    targets = {}
    with archive.open("xl/_rels/workbook.xml.rels") as part:
        for _, el in iterparse(part):
            if el.tag == PKG_REL + "Relationship":
                target = el.get("Target", "")
                targets[el.get("Id")] = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath("xl/" + target)
                )
    out = {}
    with archive.open("xl/workbook.xml") as part:
        for _, el in iterparse(part):
            if el.tag == MAIN + "sheet" and el.get(REL + "id") in targets:
                out[el.get("name", "")] = targets[el.get(REL + "id")]
    return out


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    out = []
    with archive.open("xl/sharedStrings.xml") as part:
        for _, el in iterparse(part):
            if el.tag == MAIN + "si":
                out.append(_text(el))
                el.clear()
    return out


def _text(el: Element) -> str:
    """The text of a string item: its ``t`` runs, without phonetic (``rPh``) runs."""
    if len(el) == 1 and el[0].tag == MAIN + "t":
        return el[0].text or ""
    phonetic = {id(t) for ph in el.iter(MAIN + "rPh") for t in ph.iter(MAIN + "t")}
    return "".join(t.text or "" for t in el.iter(MAIN + "t") if id(t) not in phonetic)


def _rows(part: IO[bytes], strings: list[str]) -> Iterator[Row]:
    number = 0
    for _, el in iterparse(part):
        if el.tag != MAIN + "row":
            continue
        number = int(el.get("r") or number + 1)
        values: dict[int, Any] = {}
        column = 0
        for cell in el.iter(MAIN + "c"):
            ref = cell.get("r")
            column = _column(ref) if ref else column + 1
            value = _value(cell, strings)
            if value is not None:
                values[column] = value
        el.clear()
        if values:
            yield number, tuple(values.get(c) for c in range(1, max(values) + 1))


def _value(cell: Element, strings: list[str]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        found = cell.find(MAIN + "is")
        return _text(found) if found is not None else None
    v = cell.find(MAIN + "v")
    if v is None or v.text is None:
        return None
    text = v.text
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() == "1"
    try:
        if kind == "s":
            return strings[int(text)]
        return float(text) if any(ch in text for ch in ".eE") else int(text)
    except (ValueError, IndexError):
        return text  # a damaged cell is shown as written rather than stopping the comparison


def _column(ref: str) -> int:
    """``"AB12"`` -> 28."""
    letters = ref.rstrip("0123456789")
    n = _COLUMNS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ord(ch) - 64
        _COLUMNS[letters] = n
    return n


_COLUMNS: dict[str, int] = {}
