"""Workbooks from anywhere: what is not an xlsx, too large, or a zip bomb is refused with a
message before openpyxl parses it; macros and external links are never followed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers import DATA_DIR
from turnus.exceptions import InputError
from turnus.io import safety
from turnus.io.safety import open_workbook
from turnus.io.workbook_in import read_workbook

LIBREOFFICE = DATA_DIR / "planner_libreoffice.xlsx"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as error:
        open_workbook(path)
    return error.value.problems[0].message


def test_files_that_are_not_workbooks_are_refused_with_a_reason(tmp_path: Path) -> None:
    csv = tmp_path / "staff.xlsx"
    csv.write_text("id,name\nE1,Kari\n", encoding="utf-8")
    assert "not a zip file" in _refused(csv)
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert "Excel 97-2003 (.xls)" in _refused(xls)
    ods = _zip(tmp_path / "calc.xlsx", {"mimetype": b"x", "content.xml": b"<x/>"})
    assert "OpenDocument (.ods)" in _refused(ods)
    word = _zip(
        tmp_path / "letter.xlsx",
        {"[Content_Types].xml": b"application/vnd.openxmlformats-officedocument"
         b".wordprocessingml.document.main+xml"},
    )  # fmt: skip
    assert "not an Excel workbook" in _refused(word)
    assert "file not found" in _refused(tmp_path / "missing.xlsx")


def test_large_files_and_zip_bombs_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 10_000)
    assert "over 0 MB are refused" in _refused(LIBREOFFICE)  # 16 kB over a 10 kB limit
    monkeypatch.undo()
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bytes(5_000_000)})
    assert "expands" in _refused(bomb) and "zip bomb" in _refused(bomb)
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 10_000)
    assert "expands to 0 MB; refused" in _refused(LIBREOFFICE)


def test_macros_are_ignored_and_the_data_read(tmp_path: Path) -> None:
    """An xlsm with a VBA project: read as data, the macro part is dropped."""
    xlsm = tmp_path / "planner.xlsm"
    with zipfile.ZipFile(LIBREOFFICE) as source, zipfile.ZipFile(xlsm, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Evil"')
    book = open_workbook(xlsm)
    assert book.vba_archive is None
    assert read_workbook(xlsm).scenario.name == "Poliklinikk Øst"
