"""Opening workbooks from anywhere: refuse what is not an xlsx, too large, or a zip bomb.

Everything here looks at the file as a zip archive *before* openpyxl parses it: the signature,
the declared sizes of the members and the content types. Workbooks are then opened with
cached values only (formulas are not evaluated), without macros and without external links.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from turnus.exceptions import InputError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A scenario or roster workbook is a few hundred kB; 20 MB is far beyond any real one."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""The sum of the members' declared uncompressed sizes."""

MAX_RATIO = 200
"""Uncompressed / compressed size of one member; XML compresses ~10-30x, bombs ~1000x."""

MAX_MEMBERS = 2000

WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refuse(path: Path, message: str) -> InputError:
    return InputError(str(path), [Problem((), message)])


def check_workbook_file(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` looks like a safe xlsx/xlsm workbook."""
    if not path.is_file():
        raise _refuse(path, "file not found; check the path")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path, f"file is {size / 2**20:.0f} MB; workbooks over {MAX_FILE_BYTES // 2**20} MB "
            "are refused. Remove pictures and unused sheets, or split it"
        )  # fmt: skip
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_SIGNATURE):
        raise _refuse(path, "an old Excel 97-2003 (.xls) file; save it as .xlsx and try again")
    if not head.startswith(b"PK\x03\x04"):
        raise _refuse(path, "not an xlsx workbook (not a zip file); save it as .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive)
    except zipfile.BadZipFile as error:
        raise _refuse(path, f"damaged xlsx workbook ({error})") from None


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(path, f"workbook has {len(members)} parts; refused as unsafe")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(
            path, f"workbook expands to {total / 2**20:.0f} MB; refused as unsafe (zip bomb?)"
        )
    for member in members:
        ratio = member.file_size // max(1, member.compress_size)
        if member.file_size > 1_000_000 and ratio > MAX_RATIO:
            raise _refuse(
                path, f"part {member.filename} expands {ratio}-fold; refused as unsafe (zip bomb?)"
            )
    names = {m.filename for m in members}
    if "mimetype" in names and "content.xml" in names:
        raise _refuse(path, "an OpenDocument (.ods) file; save it as .xlsx (Excel 2007-365)")
    if "[Content_Types].xml" not in names:
        raise _refuse(path, "not an xlsx workbook (no [Content_Types].xml); save it as .xlsx")
    types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
    if not any(t in types for t in WORKBOOK_TYPES):
        raise _refuse(
            path, "an Office file but not an Excel workbook (Word or PowerPoint?); give an .xlsx"
        )


def open_workbook(path: str | Path) -> Any:
    """The workbook's cached cell values: no formulas evaluated, no macros, no external links."""
    path = Path(path)
    check_workbook_file(path)
    try:
        # a file object, so openpyxl does not judge the file by its extension
        with path.open("rb") as handle:
            return load_workbook(handle, data_only=True, keep_vba=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot parse
        message = f"not a readable xlsx workbook ({type(error).__name__}: {error})"
        raise _refuse(path, message) from None
