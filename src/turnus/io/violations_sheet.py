"""Broken rules in a roster workbook: a ``Violations`` sheet, and the cells marked in the grid.

Used for best-effort rosters, so the section leader sees at once what still has to be solved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from turnus.i18n import LANGS, text
from turnus.instance import Instance
from turnus.io.sheets.roster import FIRST_DAY
from turnus.io.workbook_out import safe_text
from turnus.rules.base import Violation

SHEET = "Violations"
GRID = "Turnus"
GRIDS = {text("sheet.roster", lang) for lang in LANGS}  # the roster grid in either language
HARD_FILL = PatternFill("solid", fgColor="FFC7CE")
SOFT_FILL = PatternFill("solid", fgColor="FFEB9C")
COLUMNS = ("Rule", "Hard", "Employee", "Name", "Date", "What", "Cost")


def add_violations(path: Path, instance: Instance, violations: Sequence[Violation]) -> None:
    """Add the ``Violations`` sheet to the workbook at ``path`` and mark broken hard rules in
    the roster grid (red, with the message as a cell comment)."""
    book = load_workbook(path)
    sheet = book.create_sheet(SHEET, index=1)
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    ordered = sorted(violations, key=lambda v: (not v.hard, v.date or instance.days[0].date))
    for v in ordered:
        emp = instance.employee.get(v.employee or "")
        sheet.append(
            [
                v.rule,
                "yes" if v.hard else "",
                safe_text(v.employee or ""),
                safe_text(emp.name if emp else ""),
                v.date,
                safe_text(v.message),
                None if v.hard else float(v.penalty),
            ]
        )
        if v.hard:
            for cell in sheet[sheet.max_row]:
                cell.fill = HARD_FILL
    sheet.column_dimensions["F"].width = 90
    sheet.freeze_panes = "A2"
    for name in GRIDS.intersection(book.sheetnames):
        _mark_grid(book[name], instance, [v for v in violations if v.hard])
    book.save(path)


def _mark_grid(sheet, instance: Instance, violations: Sequence[Violation]) -> None:
    """Colour the (employee, day) cells of broken hard rules; the employee id is in column A,
    the period's days from column ``FIRST_DAY``."""
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for v in violations:
        if v.employee not in rows:
            continue
        day = instance.index_of(v.date) if v.date else None
        column = FIRST_DAY + day if day is not None and 0 <= day < instance.num_days else 2
        cell = sheet.cell(row=rows[v.employee], column=column)
        cell.fill = HARD_FILL
        text = f"{cell.comment.text}\n{v.message}" if cell.comment else v.message
        cell.comment = Comment(text[:2000], "turnus")
