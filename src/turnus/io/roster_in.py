"""Reading a roster to check or to use as history: CSV or a workbook's ``Assignments`` sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from turnus.exceptions import InputError, Problem
from turnus.io.assignments import SHEET, read_csv, schedule_from_rows
from turnus.result import Schedule


def read_roster(path: str | Path) -> Schedule:
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), [Problem((), "file not found; check the path")])
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    raise InputError(str(path), [Problem((), "give a roster as .csv or .xlsx")])


def _read_workbook(path: Path) -> Schedule:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(
            str(path), [Problem((), f"not a readable xlsx workbook ({error})")]
        ) from None
    try:
        if SHEET not in book.sheetnames:
            raise InputError(
                str(path),
                [Problem((), f"no '{SHEET}' sheet; sheets are {', '.join(book.sheetnames)}")],
            )
        rows = [list(r) for r in book[SHEET].iter_rows(values_only=True)]
    finally:
        book.close()
    return schedule_from_rows(str(path), rows, lambda i, col: f"{SHEET}!row {i + 1}")
