"""Find the cell whose XML a parser choked on, so that a damaged workbook is reported by its cell.

openpyxl stops at the first cell it cannot build with messages such as ``list index out of
range`` or ``could not read worksheets from None``, naming neither sheet nor cell. When it fails,
:func:`find_damaged_cell` walks the XML of the sheets accplan reads with the checks openpyxl's
reader implies (a style that exists, a shared string that exists, a number that is a number, a
boolean that is 0 or 1, a date Excel could write) and names the first cell that fails one.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from planner.xlsx.census import on_grid, sheet_parts

_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_ATTR = re.compile(rb"([\w:]+)=\"([^\"]*)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf[\s>/]")
_SI = re.compile(rb"<(?:\w+:)?si[\s>/]")
_REF_BEFORE = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([^\"]*)\"")
KINDS = {"n", "s", "str", "inlineStr", "b", "e", "d"}


@dataclass(frozen=True)
class DamagedCell:
    """Where a workbook's XML is damaged and what is wrong there."""

    sheet: str
    ref: str | None
    """The cell, or None when only the sheet is known."""
    problem: str


def find_damaged_cell(data: bytes, keep: Iterable[str]) -> DamagedCell | None:
    """The first cell on a sheet in ``keep`` whose XML cannot be read, or None if none is found."""
    wanted = set(keep)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = _count(archive, "xl/styles.xml", _XFS, _XF)
        strings = _count(archive, "xl/sharedStrings.xml", None, _SI)
        for sheet, part in sheet_parts(archive).items():
            if sheet not in wanted or part not in archive.NameToInfo:
                continue
            xml = archive.read(part)
            broken = _broken_xml(xml, sheet)
            if broken is not None:
                return broken
            for match in _CELL.finditer(xml):
                attrs = {k.split(b":")[-1].decode(): v.decode() for k, v in _ATTR.findall(match[1])}
                value = _VALUE.search(match[2] or b"")
                text = value[1].decode("utf-8", "replace") if value else None
                problem = _cell_problem(attrs, text, styles, strings)
                if problem is not None:
                    ref = attrs.get("r", "")
                    return DamagedCell(sheet, ref if on_grid(ref) else None, problem)
    return None


def _broken_xml(xml: bytes, sheet: str) -> DamagedCell | None:
    """The place where the sheet's XML stops being well-formed (the cell just before it)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        refs = _REF_BEFORE.findall(xml[: parser.ErrorByteIndex])
        ref = refs[-1].decode("utf-8", "replace") if refs else None
        ref = ref if ref is not None and on_grid(ref) else None
        where = f"in or after cell {ref}" if ref else "before its first cell"
        return DamagedCell(sheet, ref, f"the sheet's XML is broken {where} ({exc})")
    return None


def _count(archive: zipfile.ZipFile, part: str, block: re.Pattern | None, item: re.Pattern) -> int:
    if part not in archive.NameToInfo:
        return 0
    xml = archive.read(part)
    if block is not None:
        found = block.search(xml)
        xml = found[0] if found else b""
    return len(item.findall(xml))


def _cell_problem(attrs: dict[str, str], text: str | None, styles: int, strings: int) -> str | None:
    style = attrs.get("s", "0")
    if not style.isdigit() or (int(style) >= styles and int(style) > 0):
        return f"its style number {style!r} does not exist (the file has {styles})"
    kind = attrs.get("t", "n")
    if kind not in KINDS:
        return f"its type {kind!r} is not one Excel writes"
    if text is None:
        return None
    if kind == "s" and (not text.strip().isdigit() or int(text) >= strings):
        return f"it refers to text number {text[:20]!r}, which does not exist ({strings} texts)"
    if kind == "b" and text.strip() not in ("0", "1"):
        return f"it is a true/false cell holding {text[:20]!r}"
    if kind == "n" and not _is_number(text):
        return f"it is a number cell holding {text[:40]!r}"
    if kind == "d" and not _is_date(text):
        return f"it is a date cell holding {text[:40]!r}"
    return None


def _is_number(text: str) -> bool:
    try:
        if any(ch in text for ch in ".eE"):
            return math.isfinite(float(text))
        int(text)
    except (ValueError, OverflowError):
        return False
    return True


def _is_date(text: str) -> bool:
    from openpyxl.utils.datetime import from_ISO8601

    try:
        from_ISO8601(text)
    except (ValueError, TypeError, OverflowError, AttributeError):
        return False
    return True
