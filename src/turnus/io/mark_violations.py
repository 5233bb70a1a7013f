"""Broken hard rules marked in a roster workbook's grid, for best-effort rosters.

The workbook's rules sheet lists every violation; this colours the (person, day) cells of the
broken hard rules red on the roster grid, with the messages as cell comments, so the section
leader sees at once what still has to be solved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from turnus.instance import Instance
from turnus.io.sheets.roster import FIRST_DAY, HEADER_ROWS
from turnus.rules.base import Violation

HARD_FILL = PatternFill("solid", fgColor="FFC7CE")
COMMENT_LIMIT = 2000


def mark_violations(path: Path, instance: Instance, violations: Sequence[Violation]) -> None:
    """Colour the grid cells of broken hard rules in the workbook at ``path`` (first sheet)."""
    hard = [v for v in violations if v.hard]
    if not hard:
        return
    with Path(path).open("rb") as handle:  # a file object: a temporary name is not .xlsx
        book = load_workbook(handle)
    _mark_grid(book.worksheets[0], instance, hard)
    book.save(path)


def _mark_grid(sheet: Worksheet, instance: Instance, violations: Sequence[Violation]) -> None:
    """Employee ids are in column A below the header rows; days from ``FIRST_DAY`` on. A
    person's violation without a day in the period marks the name cell; one that is not a
    person's (a staffing line) marks the day in the header."""
    rows = {
        sheet.cell(row=r, column=1).value: r for r in range(HEADER_ROWS + 1, sheet.max_row + 1)
    }
    for v in violations:
        day = instance.index_of(v.date) if v.date else None
        in_period = day is not None and 0 <= day < instance.num_days
        if v.employee is not None and v.employee in rows:
            cell = sheet.cell(rows[v.employee], FIRST_DAY + day if in_period else 2)
        elif in_period:
            cell = sheet.cell(HEADER_ROWS, FIRST_DAY + day)
        else:
            continue
        cell.fill = HARD_FILL
        text = f"{cell.comment.text}\n{v.message}" if cell.comment else v.message
        cell.comment = Comment(text[:COMMENT_LIMIT], "turnus")
