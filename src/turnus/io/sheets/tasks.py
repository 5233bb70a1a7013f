"""The daily task list (oppgavefordeling): who does which task when, one day to a page."""

from __future__ import annotations

from collections import defaultdict

from openpyxl.styles import Font
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from turnus.io.sheets.cells import (
    CENTER,
    FONT,
    GRID,
    ITALIC,
    header_row,
    print_setup,
    put,
    shift_fills,
    widths,
)
from turnus.io.sheets.context import SheetContext
from turnus.metrics.coverage import clock
from turnus.result import Assignment

HEADING = Font(name=FONT, bold=True, size=12)


def write_tasks(sheet: Worksheet, ctx: SheetContext) -> None:
    inst, t = ctx.instance, ctx.t
    by_date: dict[object, list[Assignment]] = defaultdict(list)
    for a in ctx.schedule.assignments:
        by_date[a.date].append(a)
    fills = shift_fills(inst.shift_types)
    task_rank = {task.id: i for i, task in enumerate(inst.tasks)}
    labels = [t("col.shift"), t("col.time"), t("col.task"), t("col.name"), t("col.employee")]
    row = 1
    for day in inst.days:
        heading = t.date(day.date)
        holiday = t.holiday(day.date) if day.is_holiday else None
        put(sheet, row, 1, f"{heading} – {holiday}" if holiday else heading, font=HEADING)
        header_row(sheet, row + 1, labels)
        row += 1
        rows = sorted(by_date.get(day.date, []), key=lambda a: _order(ctx, a, task_rank))
        for a in rows:
            row += 1
            start, end = inst.shift[a.shift].period_window(a.period)
            task = inst.task[a.task].name or a.task if a.task in inst.task else a.task
            emp = inst.employee.get(a.employee)
            put(sheet, row, 1, a.shift, fill=fills[a.shift], alignment=CENTER, border=GRID)
            put(sheet, row, 2, f"{clock(start)}–{clock(end)}", border=GRID)
            put(sheet, row, 3, task, border=GRID)
            put(sheet, row, 4, emp.name if emp else "", border=GRID)
            put(sheet, row, 5, a.employee, border=GRID)
        if not rows:
            row += 1
            put(sheet, row, 1, t("tasks.none"), font=ITALIC)
        sheet.row_breaks.append(Break(id=row))
        row += 2
    widths(sheet, {1: 7, 2: 13, 3: 28, 4: 26, 5: 10})
    print_setup(sheet, landscape=False, header=ctx.header(t("sheet.tasks")), footer=ctx.footer())


def _order(ctx: SheetContext, a: Assignment, task_rank: dict[str, int]) -> tuple:
    """Time of day, shift, the scenario's task order, then name."""
    inst = ctx.instance
    emp = inst.employee.get(a.employee)
    return (
        inst.shift[a.shift].period_window(a.period)[0],
        a.shift,
        task_rank.get(a.task, len(task_rank)),
        emp.name if emp else a.employee,
    )
