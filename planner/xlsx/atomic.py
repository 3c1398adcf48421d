"""Write output files so that a reader only ever sees the old file or the complete new one.

:func:`atomic_target` yields a temporary path in the target's own folder (so the final
:func:`os.replace` is a rename on one file system); the caller writes there, and only when that
succeeds is the file moved into place. Any failure, including Ctrl-C, removes the temporary file and
leaves a previous file untouched. :func:`write_xlsx` writes an xlsx (a zip) with fixed entry
timestamps so that the same content gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planner.errors import InputError, OutputError

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Earliest time a zip entry can carry; used for every entry so bytes do not depend on the clock."""

_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def check_output_path(
    output: Path, inputs: tuple[Path, ...] = (), suffixes: tuple[str, ...] = ()
) -> None:
    """Refuse an output that would overwrite an input, has the wrong suffix or has no folder."""
    if suffixes and output.suffix.lower() not in suffixes:
        raise InputError(
            f"the output must end in {' or '.join(suffixes)}; got {output.name!r}.",
            where=str(output),
        )
    for source in inputs:
        if same_file(output, source):
            raise InputError(
                f"the output {output} is the input workbook; accplan never writes its input. "
                "Give another file name with -o.",
                where=str(output),
            )
    if output.is_dir():
        raise OutputError(f"{output} is a folder; give a file name for the plan.")
    if not output.parent.is_dir():
        raise OutputError(f"cannot write {output}: the folder {output.parent} does not exist.")
    lock = _office_lock(output)
    if lock is not None:
        raise OutputError(
            f"cannot write {output}: it is open in a spreadsheet program (lock file {lock.name}). "
            "Close it and run again, or delete the lock file if the program is no longer running."
        )


def same_file(a: Path, b: Path) -> bool:
    """True if ``a`` and ``b`` name the same file (or would, once written)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _office_lock(path: Path) -> Path | None:
    """The lock file Excel (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside a file."""
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        lock = path.with_name(name)
        if lock.exists():
            return lock
    return None


@contextlib.contextmanager
def atomic_target(output: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``output``; move it onto ``output`` if the block succeeds.

    Raises :class:`OutputError` (with any previous ``output`` left as it was) when the folder is not
    writable or the final move fails, e.g. because the target is locked by another program.
    """
    tmp = _make_temp(output)
    try:
        yield tmp
        _replace(tmp, output)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


TEMP_MARK = ".accplan-"
"""Temporary files are named ``.<stem>.accplan-<pid>-<random>.tmp<suffix>``: the process id
tells a later run whether the writer is still alive."""
STALE_AFTER_S = 60
"""A temporary file is removed as stale only when its writer is gone and it is this old."""


def _make_temp(output: Path) -> Path:
    remove_stale_temps(output.parent)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{output.stem}{TEMP_MARK}{os.getpid()}-",
            suffix=f".tmp{output.suffix}",
            dir=output.parent,
        )
    except OSError as exc:
        raise OutputError(
            f"cannot write in {output.parent}: {exc.strerror or exc}. "
            "Choose a folder you can write to with -o."
        ) from exc
    os.close(fd)
    _default_permissions(Path(name))
    return Path(name)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files of accplan's naming left in ``folder`` by a run that was killed
    (kill -9, power loss) before it could clean up; return them. A file whose writer is still
    running, or that is younger than :data:`STALE_AFTER_S`, is left alone."""
    removed = []
    now = time.time()
    for path in folder.glob(f".*{TEMP_MARK}*.tmp*"):
        pid = _writer_pid(path.name)
        with contextlib.suppress(OSError):
            if pid is not None and not _alive(pid) and now - path.stat().st_mtime > STALE_AFTER_S:
                path.unlink()
                removed.append(path)
    return removed


def _writer_pid(name: str) -> int | None:
    digits = name.rpartition(TEMP_MARK)[2].partition("-")[0]
    return int(digits) if digits.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else (PermissionError), or cannot tell
        return True
    return True


def _default_permissions(path: Path) -> None:
    """Give the temporary file the permissions a normally created file would have."""
    umask = os.umask(0o022)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~umask)


def _replace(tmp: Path, output: Path) -> None:
    """Make the temporary file's bytes durable, move it into place, then make the move durable:
    without the first fsync some file systems keep the rename but not the data after a power
    loss (an empty plan where the old one was)."""
    try:
        _fsync_file(tmp)
        os.replace(tmp, output)
        _fsync_folder(output.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot replace {output}: {exc.strerror or exc}. If it is open in Excel, close it and "
            "run again; the previous file was left as it was."
        ) from exc


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """fsync a folder where the OS allows it (POSIX; Windows cannot open folders this way)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on folders
            os.fsync(fd)
    finally:
        os.close(fd)


def _save(wb: Any, path: Path) -> None:
    """``wb.save(path)``, but the zip file is closed whatever happens: openpyxl leaves it open on
    a write error (a full disk), and its close at garbage collection then fails again and prints
    a traceback after accplan's message."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # as wb.save does
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(wb, archive).write_data()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()  # closes (and forgets) the file even when the final write fails
        raise
    archive.close()


def save_workbook(wb: Any, output: Path, core_time: dt.datetime | None = None) -> Path:
    """Save an openpyxl workbook atomically at ``output``; return ``output``.

    With ``core_time`` the file's timestamps are fixed too (:func:`write_xlsx`), so the same
    cells give the same bytes. Raises :class:`OutputError` with any previous file left intact.
    """
    output = Path(output)
    if not output.parent.is_dir():
        raise OutputError(f"cannot write {output}: the folder {output.parent} does not exist.")
    with atomic_target(output) as tmp:
        try:
            if core_time is None:
                _save(wb, tmp)
            else:
                write_xlsx(wb, tmp, core_time)
        except OSError as exc:
            raise OutputError(
                f"cannot write {output}: {exc.strerror or exc}. Check the folder "
                "is writable and has space; any previous file was left as it "
                "was."
            ) from exc
    return output


def write_xlsx(wb: Any, path: Path, core_time: dt.datetime) -> None:
    """Save ``wb`` at ``path`` with every zip entry dated :data:`ZIP_EPOCH` and ``core_time`` as
    the document's created and modified times, so that the same cells give the same bytes.

    One pass: each sheet's XML is kept in memory and compressed once (openpyxl's own save writes
    every sheet to a temporary file first, and fixing the times afterwards meant unpacking and
    compressing the whole workbook a second time)."""
    stamp = core_time.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    archive = _FixedTimeZip(path, stamp)
    try:
        _memory_writer(wb, archive).write_data()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()  # as _save: closed even when the final write fails (a full disk)
        raise
    archive.close()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip being written whose entries all carry :data:`ZIP_EPOCH` and whose core properties
    carry the fixed document time."""

    def __init__(self, path: Path, stamp: bytes) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED)
        self._stamp = stamp

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        data = data.encode("utf-8") if isinstance(data, str) else data
        if name == "docProps/core.xml":
            data = _CORE_TIME.sub(rb"\g<1>" + self._stamp + rb"\g<3>", data)
        info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        super().writestr(info, data)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        self.writestr(arcname or str(filename), Path(filename).read_bytes())


def _memory_writer_class() -> type:
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class MemoryWriter(ExcelWriter):
        """openpyxl's writer, with each sheet's XML kept in memory instead of a temporary file
        (same XML: :meth:`ExcelWriter.write_worksheet` with the file swapped for a buffer)."""

        def write_worksheet(self, ws: Any) -> None:
            if self.workbook.write_only:
                return super().write_worksheet(ws)
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            buffer = _KeptOpen()
            writer = _fast_rows_class(WorksheetWriter)(ws, out=buffer)
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], buffer.getvalue())
            self.manifest.append(ws)
            return None

    return MemoryWriter


def _memory_writer(wb: Any, archive: zipfile.ZipFile) -> Any:
    return _memory_writer_class()(wb, archive)


_CDATA = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _fast_rows_class(base: type) -> type:
    class FastRows(base):
        """openpyxl's sheet writer with the common cells (numbers; text with no surrounding
        blanks) written as the text its serializer makes for them, without building and
        serializing an element per cell; every other cell, and any row with a comment or a
        link, goes through openpyxl itself."""

        def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
            if any(
                getattr(c, "_comment", None) is not None
                or getattr(c, "_hyperlink", None) is not None  # a merged cell has neither
                for c in row
            ):
                return super().write_row(xf, row, row_idx)
            from openpyxl.cell._writer import write_cell

            attrs = {"r": f"{row_idx}"}
            attrs.update(self.ws.row_dimensions.get(row_idx, {}))
            with xf.element("row", attrs):
                raw = xf._file
                for cell in row:
                    styled = cell.has_style
                    if cell._value is None and not styled:
                        continue
                    text = _cell_xml(cell, styled)
                    if text is None:
                        write_cell(xf, self.ws, cell, styled)
                    else:
                        raw(text)
            return None

    return FastRows


def _cell_xml(cell: Any, styled: bool) -> str | None:
    """``<c>`` of a number or a plain text cell as openpyxl writes it; None for anything else."""
    value, kind = cell._value, cell.data_type
    style = f' s="{cell.style_id}"' if styled else ""
    if kind == "n" and value.__class__ in (int, float):
        if value != value or value in (math.inf, -math.inf):
            return None
        return f'<c r="{cell.coordinate}"{style} t="n"><v>{value:.16g}</v></c>'
    if kind == "s" and value.__class__ is str and value and value == value.strip():
        text = value.translate(_CDATA)
        return f'<c r="{cell.coordinate}"{style} t="inlineStr"><is><t>{text}</t></is></c>'
    return None


class _KeptOpen(io.BytesIO):
    """A buffer whose content survives the XML writer closing it."""

    def close(self) -> None:
        pass
