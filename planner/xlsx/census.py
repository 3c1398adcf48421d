"""Count what a workbook holds before any parser builds it, and keep only the sheets that are read.

openpyxl builds every sheet of a workbook, about 20-60 µs and 300-400 bytes per cell, and every
shared string, whether or not the sheet is used: a 5 MB file with a million-row notes sheet took
half a minute and a gigabyte. :func:`prepare` works on the archive's bytes (already passed by
:mod:`planner.xlsx.guard`): it counts the rows and cells of the sheets accplan reads and the
shared strings, refusing with the count and the limit what cannot be read within about a gigabyte
and a minute; it refuses a sheet that holds one cell reference twice (the last copy would win
silently) or a cell outside Excel's grid; and it returns the archive with every other worksheet
emptied and, on the sheets read, the blank (styled only) cells, the rows they leave empty and
the data validations left out, so that no parser spends time on them. Sheet names and order are
kept.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from planner.errors import InputError, Issue
from planner.words import visible
from planner.xlsx.guard import DAMAGE

MAX_CELLS = 1_000_000
"""Most cells (stored, blank or not) on the sheets accplan reads (~20 s and 400 MB a parse)."""
MAX_ROWS = 1_000_000
"""Most rows stored on the sheets accplan reads."""
MAX_SHARED_STRINGS = 500_000
"""Most shared strings (openpyxl builds all of them, for any sheet): about 10 s."""
LAST_ROW = 1_048_576
LAST_COLUMN = 16_384
"""Excel's grid: rows 1 to 1,048,576, columns A to XFD."""

EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SI = re.compile(rb"<(?:\w+:)?si[\s>/]")
_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([^\"]*)\"")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([^\"]*)\"")
_PLAIN_REF = re.compile(rb'<c r="([^"]*)"')
_PLAIN_ROW_NUMBER = re.compile(rb'<row r="([^"]*)"')
_SURE_CELL = re.compile(rb"(?m)^(?![A-Za-z]{1,2}[1-9][0-9]{0,5}$).*$")
"""A reference that is not certainly inside the grid (two letters at most, six digits at most)."""
_SURE_ROW = re.compile(rb"(?m)^(?![1-9][0-9]{0,5}$).*$")
_A1 = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_ATTR = re.compile(rb"([\w:]+)=\"([^\"]*)\"")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_BLANK_CELL = re.compile(rb"<(?:\w+:)?c(?:\s[^>]*)?/>")
"""A cell element without content (``<c r="B7" s="3"/>``): no value, no formula, only a style.
The template shades 200 rows of every sheet, so such cells outnumber the values 25 to 1, and
openpyxl builds each at the cost of a value; an XML attribute cannot hold ``<``, so a match is
always a whole empty cell."""
_EMPTY_ROW = re.compile(rb"<(?:\w+:)?row(?:\s[^>]*)?(?:/>|>\s*</(?:\w+:)?row>)")
"""A row element left without cells: its height or hiding matter only for rows with values."""
_VALIDATIONS = re.compile(rb"<(?:\w+:)?dataValidations[\s>].*?</(?:\w+:)?dataValidations>", re.S)
"""The sheet's drop-down and range rules (the template's): accplan checks every value itself."""
_UNREAD = (_BLANK_CELL, _EMPTY_ROW, _VALIDATIONS)
"""What is left out of a sheet read, in this order (a row is empty once its blanks are out)."""
_CALC_ON_LOAD = re.compile(rb"<(?:\w+:)?calcPr\s[^>]*\bfullCalcOnLoad=\"(?:1|true)\"")


@dataclass(frozen=True)
class Prepared:
    """The archive to parse (foreign worksheets emptied) and what was learnt on the way."""

    data: bytes
    recalc_on_load: bool
    """The workbook asks to be recalculated when opened, so saved formula results may be stale."""


def prepare(data: bytes, name: str, keep: Iterable[str]) -> Prepared:
    """Check the sizes and cell references of the sheets in ``keep``; empty all other worksheets.

    Raises
    ------
    InputError
        Naming the file and the sheet (or cell): too many cells, rows or shared strings, a cell
        reference given twice, or a cell outside Excel's grid.
    """
    wanted = set(keep)
    try:
        return _prepare(data, name, wanted)
    except InputError:
        raise
    except (*DAMAGE, KeyError) as exc:
        raise InputError(
            [
                Issue(
                    "corrupt-file",
                    name,
                    f"the workbook is damaged ({type(exc).__name__}: {str(exc)[:120]}); open it "
                    "in Excel and save it again, or use a backup copy.",
                )
            ]
        ) from None


def _prepare(data: bytes, name: str, wanted: set[str]) -> Prepared:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = sheet_parts(archive)
        workbook = archive.read("xl/workbook.xml")
        _check_strings(archive, name)
        cells = 0
        bodies: dict[str, bytes] = {}
        for sheet, part in parts.items():
            if sheet in wanted and part in archive.NameToInfo:
                xml = archive.read(part)
                cells += _check_sheet(xml, name, sheet)
                if cells > MAX_CELLS:
                    raise _too_many(name, "cells on the sheets accplan reads", cells, MAX_CELLS)
                lean = without_unread(xml)
                if len(lean) < len(xml):
                    bodies[part] = lean
            elif sheet not in wanted and part.startswith("xl/worksheets/"):
                bodies[part] = EMPTY_SHEET
        slim = _rewritten(archive, bodies) if bodies else data
    return Prepared(slim, bool(_CALC_ON_LOAD.search(workbook)))


def without_unread(xml: bytes) -> bytes:
    """A sheet's XML without what accplan does not read (:data:`_UNREAD`): blank cells, rows
    left empty, data validations."""
    for pattern in _UNREAD:
        xml = pattern.sub(b"", xml)
    return xml


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> archive path of its part, in workbook order (read without an XML parser)."""
    targets = {}
    for element in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTR.findall(element))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[attrs.get(b"Id", b"")] = path
    out = {}
    for element in _SHEET.findall(archive.read("xl/workbook.xml")):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(element)}
        rid = attrs.get(b"id")
        if rid in targets:
            out[_unescape(attrs.get(b"name", b""))] = targets[rid]
    return out


_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))
"""XML's five entities, ``&amp;`` last (as ``xml.sax.saxutils.unescape``, whose import pulls in
urllib, http and ssl: ≈ 10 ms of every run)."""


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def _check_strings(archive: zipfile.ZipFile, name: str) -> None:
    if "xl/sharedStrings.xml" not in archive.NameToInfo:
        return
    count = _count(archive.read("xl/sharedStrings.xml"), b"si", _SI)
    if count > MAX_SHARED_STRINGS:
        raise _too_many(name, "shared strings (texts)", count, MAX_SHARED_STRINGS)


def _check_sheet(xml: bytes, name: str, sheet: str) -> int:
    """Count the sheet's cells and rows; refuse repeated or impossible cell references."""
    cells = _count(xml, b"c", _CELL)
    rows = _count(xml, b"row", _ROW)
    where = f"{name}, sheet {visible(sheet)}"
    if cells > MAX_CELLS:
        raise _too_many(where, "cells", cells, MAX_CELLS)
    if rows > MAX_ROWS:
        raise _too_many(where, "rows", rows, MAX_ROWS)
    for raw in _suspects(_SURE_ROW, _found(xml, _PLAIN_ROW_NUMBER, _ROW_NUMBER, rows)):
        if not raw.isdigit() or not 1 <= int(raw) <= LAST_ROW:
            raise _outside(sheet, f"row {_text(raw)}", name)
    refs = _found(xml, _PLAIN_REF, _REF, cells)
    if len(set(refs)) < len(refs):
        raise _twice(_first_repeated(refs), name, sheet)
    # Only references with three letters or seven digits (or of another shape) can lie outside
    # the grid; the regex finds those few at C speed among hundreds of thousands.
    for raw in _suspects(_SURE_CELL, refs):
        if not on_grid(raw.decode("ascii", "replace")):
            raise _outside(sheet, _text(raw), name)
    return cells


def _count(xml: bytes, tag: bytes, pattern: re.Pattern[bytes]) -> int:
    """Elements ``<tag ...>`` in ``xml``: by ``bytes.count`` (fast) unless a namespace prefix is
    in use, then by ``pattern``."""
    if b":" + tag + b" " in xml or b":" + tag + b">" in xml:
        return len(pattern.findall(xml))
    return sum(xml.count(b"<" + tag + end) for end in (b" ", b">", b"/"))


def _found(xml: bytes, plain: re.Pattern[bytes], general: re.Pattern[bytes], count: int) -> list:
    """The ``r`` attributes of the elements: by the pattern for the way Excel and openpyxl write
    them (``r`` first) when it finds them all, else by the general pattern."""
    found = plain.findall(xml)
    return found if len(found) == count else general.findall(xml)


def _suspects(sure: re.Pattern[bytes], found: list[bytes]) -> list[bytes]:
    """The items of ``found`` that ``sure`` cannot vouch for (none of an empty list)."""
    return sure.findall(b"\n".join(found)) if found else []


def _first_repeated(refs: list[bytes]) -> bytes:
    seen: set[bytes] = set()
    for raw in refs:
        if raw in seen:
            return raw
        seen.add(raw)
    return b""


def _twice(raw: bytes, name: str, sheet: str) -> InputError:
    return InputError(
        [
            Issue(
                "duplicate-cell",
                f"{sheet}!{_text(raw)}",
                f"{name} holds this cell twice in the sheet's XML (a damaged or hand-made "
                "file); which value is meant cannot be known. Open the file in Excel, check the "
                "cell and save it again.",
            )
        ]
    )


def on_grid(ref: str) -> bool:
    """True if ``ref`` is a cell reference inside Excel's grid (``A1`` to ``XFD1048576``)."""
    match = _A1.fullmatch(ref)
    return match is not None and _on_grid(match)


def _on_grid(match: re.Match[str]) -> bool:
    column = 0
    for ch in match.group(1).upper():
        column = column * 26 + ord(ch) - 64
    return 1 <= column <= LAST_COLUMN and 1 <= int(match.group(2)) <= LAST_ROW


def _text(raw: bytes) -> str:
    return visible(raw[:20].decode("utf-8", "replace"))


def _outside(sheet: str, what: str, name: str) -> InputError:
    return InputError(
        [
            Issue(
                "cell-outside-grid",
                f"{name}, sheet {sheet}",
                f"the sheet's XML names {what}, outside Excel's grid (A1 to XFD1048576); "
                "the file is damaged or was not written by a spreadsheet program. Open it in "
                "Excel and save it again, or use a backup copy.",
            )
        ]
    )


def _too_many(where: str, what: str, count: int, limit: int) -> InputError:
    return InputError(
        [
            Issue(
                "too-large",
                where,
                f"the workbook holds {count:,} {what}; accplan reads at most {limit:,} "
                "(more cannot be read in about a minute and a gigabyte of memory). Delete unused "
                "rows, columns and sheets (or move notes to another file) and save it again.",
            )
        ]
    )


def _rewritten(archive: zipfile.ZipFile, bodies: dict[str, bytes]) -> bytes:
    """The archive again, stored uncompressed, with the parts in ``bodies`` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as slim:
        for info in archive.infolist():
            body = bodies.get(info.filename)
            slim.writestr(info.filename, archive.read(info) if body is None else body)
    return out.getvalue()
