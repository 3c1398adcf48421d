"""The first gate for an input workbook: an untrusted zip of XML, checked before any parser runs.

Everything here works on the file's bytes, read once; the input is never opened for writing. A
file that fails a check raises :class:`~planner.errors.InputError` naming the file (and the part of
the archive) and saying how to fix it. The checks are cheap: sizes come from the zip's central
directory, and only the first bytes of each XML part are looked at, so a zip bomb is refused before
anything is decompressed.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from planner.errors import InputError, Issue

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest workbook file accepted (compressed)."""
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""Largest total size of the archive's parts once decompressed (openpyxl parses about 1 MB/s
of sheet XML; a large real input workbook is a few MB)."""
MAX_RATIO = 200
"""Largest compression ratio of any part bigger than :data:`RATIO_FLOOR_BYTES`."""
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 5000
SNIFF_BYTES = 4096

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
STRICT_NS = b"purl.oclc.org/ooxml/spreadsheetml/main"
DAMAGE = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    ValueError,
)
"""What zipfile raises on a damaged archive (bad CRC, bad deflate stream, truncation)."""
SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (*.xlsx)"


def _fail(code: str, where: str, message: str) -> InputError:
    return InputError([Issue(code, where, message)])


def read_checked_bytes(path: Path) -> bytes:
    """Return the bytes of ``path`` after checking that it is a plain, sane .xlsx archive.

    Raises
    ------
    InputError
        If the file is missing, too large, not an .xlsx (legacy .xls, .xlsb, strict OOXML, CSV,
        corrupt), encrypted, a zip bomb, or has external links or a DTD in its XML.
    """
    name = path.name
    if not path.is_file():
        hint = "it is a folder" if path.is_dir() else "no such file"
        raise _fail(
            "file-missing",
            str(path),
            f"cannot read the workbook: {hint}; check the "
            "path and the file name (including the .xlsx ending).",
        )
    size = path.stat().st_size
    if is_lock_file(path):
        raise lock_file_error(path)
    if size > MAX_FILE_BYTES:
        raise _fail(
            "file-too-large",
            name,
            f"the file is {size / 2**20:.0f} MB; an input "
            f"workbook must be under {MAX_FILE_BYTES // 2**20} MB. Remove unused sheets.",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(
            "file-unreadable",
            name,
            f"cannot read the file ({exc.strerror}); close "
            "it in other programs and check you may read it.",
        ) from None
    check_archive(data, name)
    return data


def is_lock_file(path: Path) -> bool:
    """Excel's ``~$name.xlsx`` beside an open workbook (a few hundred bytes: who has it open)."""
    try:
        return path.name.startswith("~$") and path.stat().st_size < 1024
    except OSError:
        return False


def lock_file_error(path: Path) -> InputError:
    """The input error for Excel's lock file given instead of the workbook it locks."""
    original = path.name[2:]
    return _fail(
        "lock-file",
        path.name,
        f"this is Excel's lock file for {original} (Excel keeps it while {original} is open "
        f"and deletes it when closed), not a workbook; give {original} itself.",
    )


def check_archive(data: bytes, name: str, max_uncompressed: int | None = None) -> None:
    """Check the bytes of a workbook; raise :class:`InputError` naming ``name`` if unfit.

    ``max_uncompressed`` replaces :data:`MAX_UNCOMPRESSED_BYTES` (a plan read by compare holds
    the solution as well as the inputs, so it may be larger than the input workbook).
    """
    _check_signature(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except DAMAGE:
        raise _fail(
            "corrupt-file",
            name,
            "the file is damaged (not a readable .xlsx archive); "
            "open it in Excel and save it again, or use a backup copy.",
        ) from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos, name, max_uncompressed or MAX_UNCOMPRESSED_BYTES)
        names = {i.filename for i in infos}
        if len(names) < len(infos):
            _refuse_repeated(infos, name)
        _check_parts(names, name)
        _check_xml_heads(archive, infos, name)


def _check_signature(data: bytes, name: str) -> None:
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise _fail(
                "encrypted-file",
                name,
                "the workbook is password-protected "
                "(encrypted); remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, clear it) and save it again.",
            )
        raise _fail("legacy-xls", name, f"this is an old-style Excel 97-2003 .xls file; {SAVE_AS}.")
    if data.startswith(b"PK\x03\x04"):
        return
    if not data:
        raise _fail(
            "not-xlsx", name, "the file is empty; use `accplan template` to start a new workbook."
        )
    head = data[:2048]
    if _looks_like_text(head):
        kind = "a CSV or text file" if any(c in head for c in b",;\t") else "a text file"
        raise _fail(
            "not-xlsx",
            name,
            f"this is {kind}, not an Excel .xlsx workbook; open it "
            f"in Excel and {SAVE_AS[len('open it in Excel and ') :]}.",
        )
    raise _fail(
        "not-xlsx",
        name,
        f"this is not an Excel .xlsx workbook (unknown or damaged content); {SAVE_AS}.",
    )


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 (with or without a byte-order mark) or UTF-16 text, as Excel's CSV and 'Unicode
    text' exports write it; a multi-byte character cut off at the end of ``head`` is allowed."""
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode(encoding)
    return bool(text) and all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _refuse_repeated(infos: list[zipfile.ZipInfo], name: str) -> None:
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise _fail(
                "duplicate-part",
                f"{name} (part {info.filename})",
                "the archive holds two parts of this name, so which one a program reads "
                "cannot be known (a damaged or tampered file); open the file in Excel and save "
                "it again, or use a backup copy.",
            )
        seen.add(info.filename)


def _check_sizes(infos: list[zipfile.ZipInfo], name: str, limit: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _fail(
            "zip-bomb",
            name,
            f"the archive holds {len(infos)} parts (limit "
            f"{MAX_MEMBERS}); this is not a normal workbook and was not opened.",
        )
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise _fail(
            "zip-bomb",
            name,
            f"the workbook would expand to {total / 2**20:,.0f} MB "
            f"(limit {limit // 2**20} MB); it was not opened. Remove "
            "unused sheets or rows, or check the file is what you expect.",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise _fail(
                "zip-bomb",
                f"{name} (part {info.filename})",
                f"the part expands "
                f"{ratio:,.0f} times (limit {MAX_RATIO}); this looks like a zip bomb "
                "and was not opened.",
            )


def _check_parts(names: set[str], name: str) -> None:
    if "content.xml" in names and "xl/workbook.xml" not in names:
        raise _fail(
            "ods-file",
            name,
            "this is an OpenDocument spreadsheet (.ods, from "
            "LibreOffice or OpenOffice), not an Excel .xlsx workbook; in LibreOffice use "
            "File > Save As and choose the file type Excel 2007-365 (.xlsx).",
        )
    if "xl/workbook.bin" in names:
        raise _fail("binary-xlsb", name, f"this is a binary Excel workbook (.xlsb); {SAVE_AS}.")
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise _fail(
            "not-xlsx",
            name,
            "this zip file is not an Excel workbook (no "
            "xl/workbook.xml; a Word or other file renamed?); "
            f"{SAVE_AS}.",
        )
    links = sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
    if links:
        raise _fail(
            "external-link",
            f"{name} (part {links[0]})",
            "the workbook links to other "
            "workbooks; accplan reads one self-contained file. In Excel use Data > Edit "
            "Links > Break Link, then save.",
        )


def _check_xml_heads(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(SNIFF_BYTES)
        except DAMAGE:
            raise _fail(
                "corrupt-file",
                f"{name} (part {info.filename})",
                "this part of the "
                "workbook is damaged or encrypted; open the file in Excel and save it "
                "again.",
            ) from None
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise _fail(
                "xml-dtd",
                f"{name} (part {info.filename})",
                "the workbook's XML "
                "declares a DTD or entities, which Excel never writes; it was not "
                "opened. Re-save it from Excel.",
            )
        if info.filename == "xl/workbook.xml" and STRICT_NS in head:
            raise _fail(
                "strict-ooxml",
                name,
                "this workbook is saved as 'Strict Open XML', "
                "which accplan cannot read; use File > Save As > Excel Workbook "
                "(*.xlsx), not Strict Open XML.",
            )
