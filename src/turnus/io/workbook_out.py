"""The roster workbook: a roster grid, the daily task list and the ``Assignments`` sheet.

(The presentation workbook with metrics builds on this module.)
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from turnus.instance import Instance
from turnus.io.assignments import COLUMNS, SHEET, assignment_rows
from turnus.result import Schedule

WEEKEND_FILL = PatternFill("solid", fgColor="E7E6E6")
HOLIDAY_FILL = PatternFill("solid", fgColor="F8CBAD")
BOLD = Font(bold=True)


def safe_text(value: object) -> object:
    """User text that would start a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_workbook(path: Path, instance: Instance, schedule: Schedule) -> None:
    book = Workbook()
    grid = book.active
    grid.title = "Turnus"
    _roster_grid(grid, instance, schedule)
    _task_list(book.create_sheet("Oppgaver"), instance, schedule)
    _assignments(book.create_sheet(SHEET), instance, schedule)
    book.save(path)


def _roster_grid(sheet, instance: Instance, schedule: Schedule) -> None:
    worked = schedule.shifts()
    sheet.append(["Ansatt", "Navn", *[d.label() for d in instance.days]])
    for cell in sheet[1]:
        cell.font = BOLD
    for emp in instance.employees:
        codes = [worked.get((emp.id, d.date), "") for d in instance.days]
        sheet.append([safe_text(emp.id), safe_text(emp.name), *codes])
    for col, day in enumerate(instance.days, start=3):
        fill = HOLIDAY_FILL if day.is_holiday else WEEKEND_FILL if day.weekday >= 5 else None
        sheet.column_dimensions[get_column_letter(col)].width = 6
        for row in range(1, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=col)
            cell.alignment = Alignment(horizontal="center")
            if fill is not None:
                cell.fill = fill
    sheet.column_dimensions["B"].width = 22
    sheet.freeze_panes = "C2"


def _task_list(sheet, instance: Instance, schedule: Schedule) -> None:
    sheet.append(["Dato", "Vakt", "Periode", "Oppgave", "Ansatt", "Navn"])
    for cell in sheet[1]:
        cell.font = BOLD
    for a in schedule.sorted().assignments:
        task = instance.task.get(a.task)
        emp = instance.employee.get(a.employee)
        sheet.append(
            [
                a.date,
                a.shift,
                a.period,
                safe_text(task.name if task else a.task),
                safe_text(a.employee),
                safe_text(emp.name if emp else ""),
            ]
        )
    sheet.freeze_panes = "A2"


def _assignments(sheet, instance: Instance, schedule: Schedule) -> None:
    sheet.append(list(COLUMNS))
    for row in assignment_rows(instance, schedule):
        sheet.append([safe_text(v) for v in row])
