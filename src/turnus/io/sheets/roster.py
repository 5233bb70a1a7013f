"""The roster to pin on the wall: staff grouped by role x days, shift codes in colour."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from turnus.calendar import EN_WEEKDAYS, NB_WEEKDAYS, Day
from turnus.domain import Absence, Employee, Role
from turnus.i18n import ROLE_GROUPS
from turnus.io.sheets.cells import (
    ABSENCE_FONT,
    BOLD,
    BOX,
    CODE,
    FONT,
    GROUP_FILL,
    HEAD,
    HEADER_FILL,
    HOLIDAY_FILL,
    HOURS_FORMAT,
    PLUS_MINUS_FORMAT,
    SMALL,
    TITLE,
    WEEKEND_FILL,
    print_setup,
    put,
    shift_fills,
    widths,
)
from turnus.io.sheets.context import SheetContext

FIRST_DAY = 4  # columns A-C: id, name, position %; then one column per day
HEADER_ROWS = 4  # title, week numbers, weekday, day of month
LEGEND_ITEM_COLUMNS = 8  # day columns one legend entry spans
LEGEND_FONT = Font(name=FONT, size=9)
END_COLUMNS = ("col.planned_hours", "col.contract_hours", "col.plus_minus_hours")


def write_roster(sheet: Worksheet, ctx: SheetContext) -> None:
    inst, t = ctx.instance, ctx.t
    start, end = inst.scenario.period.start, inst.scenario.period.end
    title = t("title.roster", office=ctx.office, start=f"{start:%d.%m.%Y}", end=f"{end:%d.%m.%Y}")
    put(sheet, 1, 1, title, font=TITLE)
    _day_header(sheet, ctx)
    row = _staff_rows(sheet, ctx, HEADER_ROWS + 1)
    row = _head_counts(sheet, ctx, row + 1)
    _legend(sheet, ctx, row + 2)
    _layout(sheet, ctx)
    print_setup(sheet, landscape=True, header=ctx.header(t("sheet.roster")), footer=ctx.footer(),
                title_rows=f"2:{HEADER_ROWS}")  # fmt: skip


def day_fill(day: Day) -> PatternFill | None:
    if day.is_holiday:
        return HOLIDAY_FILL
    return WEEKEND_FILL if day.weekday >= 5 else None


def _day_header(sheet: Worksheet, ctx: SheetContext) -> None:
    """Week numbers, weekdays and dates over the day columns; holidays named in a comment."""
    t = ctx.t
    names = NB_WEEKDAYS if t.lang == "nb" else EN_WEEKDAYS
    put(sheet, 2, 3, t("row.week"), font=SMALL)
    for column, key in enumerate(("col.id", "col.name", "col.pct"), start=1):
        put(sheet, HEADER_ROWS, column, t(key), **HEAD)
    for i, day in enumerate(ctx.instance.days):
        column, fill = FIRST_DAY + i, day_fill(day) or HEADER_FILL
        if i == 0 or day.weekday == 0:
            put(sheet, 2, column, day.date.isocalendar().week, font=SMALL, **CODE)
        put(sheet, 3, column, names[day.weekday], **(HEAD | {"font": SMALL, "fill": fill}))
        first = i == 0 or day.date.day == 1
        label = f"{day.date.day}.{day.date.month}" if first else day.date.day
        cell = put(sheet, HEADER_ROWS, column, label, **(HEAD | {"fill": fill}))
        if day.is_holiday:
            cell.comment = Comment(t.holiday(day.date) or day.holiday or "", "turnus")
    end = FIRST_DAY + ctx.instance.num_days
    for offset, key in enumerate(END_COLUMNS):
        put(sheet, HEADER_ROWS, end + offset, t(key), **HEAD)


def groups(employees: tuple[Employee, ...]) -> Iterator[tuple[Role, list[Employee]]]:
    """Employees by role, in the order of :data:`ROLE_GROUPS`, keeping the scenario's order."""
    by_role: dict[Role, list[Employee]] = defaultdict(list)
    for emp in employees:
        by_role[emp.role].append(emp)
    for role in ROLE_GROUPS:
        if by_role.get(role):
            yield role, by_role[role]


def _staff_rows(sheet: Worksheet, ctx: SheetContext, row: int) -> int:
    """Group headings and one row per employee; returns the next free row."""
    inst = ctx.instance
    fills = shift_fills(inst.shift_types)
    worked = ctx.schedule.shifts()
    people = {p.employee: p for p in ctx.metrics.people}
    end = FIRST_DAY + inst.num_days
    for role, members in groups(inst.employees):
        for column in range(2, end + 3):
            put(sheet, row, column, None, fill=GROUP_FILL, **BOX)
        put(sheet, row, 1, ctx.t.role(role), font=BOLD, fill=GROUP_FILL, **BOX)
        row += 1
        for emp in members:
            put(sheet, row, 1, emp.id, **BOX)
            put(sheet, row, 2, emp.name, **BOX)
            put(sheet, row, 3, emp.position_pct, **CODE)
            for i, day in enumerate(inst.days):
                if (shift := worked.get((emp.id, day.date))) is not None:
                    fill = fills.get(shift, HEADER_FILL)
                    put(sheet, row, FIRST_DAY + i, shift, fill=fill, **CODE)
                else:
                    _day_off(sheet, ctx, row, FIRST_DAY + i, emp, day)
            person = people[emp.id]
            put(sheet, row, end, person.planned_hours, number_format=HOURS_FORMAT, **BOX)
            put(sheet, row, end + 1, person.contract_hours, number_format=HOURS_FORMAT, **BOX)
            put(sheet, row, end + 2, person.plus_minus_hours, number_format=PLUS_MINUS_FORMAT,
                **BOX)  # fmt: skip
            row += 1
    return row


def _day_off(
    sheet: Worksheet, ctx: SheetContext, row: int, column: int, emp: Employee, day: Day
) -> None:
    """A day without a shift: the absence code if any, on the weekend or holiday shade."""
    absence = absence_on(ctx, emp.id, day.index)
    style = dict(CODE)
    if absence is not None:
        style["font"] = ABSENCE_FONT
    if (fill := day_fill(day)) is not None:
        style["fill"] = fill
    put(sheet, row, column, ctx.t.absence(absence.kind)[0] if absence else None, **style)


def absence_on(ctx: SheetContext, employee: str, day: int) -> Absence | None:
    """A whole-day absence, else a partial one, of ``employee`` on day ``day``."""
    inst = ctx.instance
    whole = inst.whole_day_absence.get((employee, day))
    if whole is not None:
        return whole
    date = inst.day(day).date
    partial = inst.partial_absences.get(employee, ())
    return next((a for a in partial if a.start <= date <= a.end), None)


def _head_counts(sheet: Worksheet, ctx: SheetContext, row: int) -> int:
    """One row per shift type: how many work it each day. Returns the last row written."""
    inst = ctx.instance
    counts: Counter[tuple[str, dt.date]] = Counter(
        (shift, date) for (_, date), shift in ctx.schedule.shifts().items()
    )
    fills = shift_fills(inst.shift_types)
    put(sheet, row, 1, ctx.t("row.count"), font=BOLD)
    for shift in inst.shift_types:
        put(sheet, row, 3, shift.id, fill=fills[shift.id], **CODE)
        for i, day in enumerate(inst.days):
            count = counts[shift.id, day.date]
            put(sheet, row, FIRST_DAY + i, count or None, font=SMALL, **CODE)
        row += 1
    return row - 1


def _legend(sheet: Worksheet, ctx: SheetContext, row: int) -> None:
    """Shift codes, absence codes, weekend and holidays, several entries to a row."""
    inst, t = ctx.instance, ctx.t
    fills = shift_fills(inst.shift_types)
    entries: list[tuple[str | None, dict, str]] = []
    for s in inst.shift_types:
        what = t("legend.shift", name=s.name or s.id, start=f"{s.start:%H:%M}",
                 end=f"{s.end:%H:%M}", hours=f"{s.paid_hours:g}")  # fmt: skip
        entries.append((s.id, {"fill": fills[s.id]}, what))
    for kind in dict.fromkeys(a.kind for a in inst.scenario.absences):
        code, word = t.absence(kind)
        entries.append((code, {"font": ABSENCE_FONT}, word))
    entries.append((None, {"fill": WEEKEND_FILL}, t("legend.weekend")))
    for day in inst.days:
        if day.is_holiday:
            name = t.holiday(day.date) or day.holiday
            entries.append((None, {"fill": HOLIDAY_FILL}, f"{day.date:%d.%m} {name}"))
    put(sheet, row, 2, t("legend"), font=BOLD)
    per_row = max(1, inst.num_days // LEGEND_ITEM_COLUMNS)
    for n, (code, style, words) in enumerate(entries):
        r, column = row + n // per_row, FIRST_DAY + (n % per_row) * LEGEND_ITEM_COLUMNS
        put(sheet, r, column, code, **CODE, **style)
        put(sheet, r, column + 1, words, font=LEGEND_FONT)


def _layout(sheet: Worksheet, ctx: SheetContext) -> None:
    """Column widths from the longest id, name and shift code; panes frozen at the first day."""
    inst = ctx.instance
    last_day = FIRST_DAY + inst.num_days - 1
    id_width = max((len(e.id) for e in inst.employees), default=6)
    name_width = max((len(e.name) for e in inst.employees), default=10)
    code_width = max((len(s.id) for s in inst.shift_types), default=1)
    sizes = {1: min(max(id_width, 6) + 1, 12), 2: min(max(name_width, 10) + 1, 24), 3: 6}
    sizes |= dict.fromkeys(range(FIRST_DAY, last_day + 1), max(4.3, code_width * 1.3 + 2))
    sizes |= dict.fromkeys(range(last_day + 1, last_day + 4), 8.5)
    widths(sheet, sizes)
    sheet.freeze_panes = f"{get_column_letter(FIRST_DAY)}{HEADER_ROWS + 1}"
