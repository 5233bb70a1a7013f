"""Rosters kept by hand: a grid of employees x days holding shift codes and absence codes.

Finding the grid in a sheet:

* the **header row** is the row (among the first 20) with the longest run of adjacent day
  cells: date cells, dates as text (``04.01.2027``, ``4.1``, ``man 4.1``) or day numbers
  (``1`` ... ``31``); day numbers take their month from a date or a month name with a year
  above the grid (``Turnus januar 2027``), else from the month the caller expects, and move
  to the next month where the numbers start again;
* the **employee column** is the column left of the days whose cells name most employees of the
  scenario, by id or by name (case ignored);
* every row naming an employee is read; other rows (group headings, head counts, legends) are
  skipped, with a warning if they hold shift codes.

A cell holds a shift code of the scenario (exact, else ignoring case), a code for a day off
(:data:`~turnus.io.columns.OFF_CODES`), an absence code
(:func:`absence_codes`), or nothing (off). Anything else is a problem
naming the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from turnus.calendar import NB_MONTHS
from turnus.exceptions import Problem
from turnus.i18n import ABSENCE
from turnus.instance import Instance
from turnus.io.cells import is_blank, read_text
from turnus.io.columns import ABSENCE_CODES, OFF_CODES

HEADER_SEARCH_ROWS = 20
MIN_DAYS = 5
"""Fewest adjacent day cells that make a header row."""

EN_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_DAY_TEXT = re.compile(
    r"^(?:[^\d\s]+\.?\s+)?(\d{1,2})(?:[./](\d{1,2})(?:[./](\d{2}|\d{4}))?)?\.?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass
class Grid:
    """What a roster grid holds, and where."""

    sheet: str
    shifts: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    absences: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    """(employee, date) -> absence kind, from absence codes."""
    cells: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)
    columns: dict[dt.date, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# -- the header row ------------------------------------------------------------------------------

DayCell = tuple[int, int | None, int | None, int]  # year or 0, month or None, day; column


def _parse_day(value: Any, column: int) -> DayCell | None:
    """A header cell as (year, month, day, column), with unknown parts None/0."""
    if isinstance(value, dt.datetime | dt.date):
        date = value.date() if isinstance(value, dt.datetime) else value
        return (date.year, date.month, date.day, column)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return (
            (0, None, int(value), column)
            if float(value).is_integer() and 1 <= value <= 31
            else None
        )
    text = str(value).strip()
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return (year, month, day, column)
    match = _DAY_TEXT.match(text)
    if not match:
        return None
    day, month, year = match.groups()
    if not 1 <= int(day) <= 31 or (month and not 1 <= int(month) <= 12):
        return None
    full_year = 0 if year is None else (int(year) + 2000 if len(year) == 2 else int(year))
    return (full_year, int(month) if month else None, int(day), column)


def _best_run(cells: list[DayCell]) -> list[DayCell]:
    """The longest run of day cells in adjacent columns."""
    best: list[DayCell] = []
    run: list[DayCell] = []
    for cell in cells:
        if run and cell[3] != run[-1][3] + 1:
            run = []
        run.append(cell)
        if len(run) > len(best):
            best = list(run)
    return best


def _month_above(sheet: Worksheet, header: int) -> tuple[int, int] | None:
    """(year, month) from a date or a 'januar 2027' text above the header row."""
    names = {name: i + 1 for i, name in enumerate(NB_MONTHS)}
    names |= {name: i + 1 for i, name in enumerate(EN_MONTHS)}
    for row in sheet.iter_rows(min_row=1, max_row=max(1, header - 1)):
        for cell in row:
            if isinstance(cell.value, dt.datetime | dt.date):
                return cell.value.year, cell.value.month
            if not isinstance(cell.value, str):
                continue
            text = cell.value.lower()
            year = re.search(r"\b(20\d\d)\b", text)
            month = next((m for name, m in names.items() if re.search(rf"\b{name}\b", text)), None)
            if year and month:
                return int(year.group(1)), month
    return None


def _dates(run: list[DayCell], year: int, month: int) -> list[dt.date]:
    """Dates of a header run, carrying year and month from cell to cell."""
    dates: list[dt.date] = []
    last_day = 0
    for cell_year, cell_month, day, _ in run:
        if cell_month is not None:
            year = cell_year or (year + 1 if cell_month < month - 6 else year)
            month = cell_month
        elif day < last_day:  # day numbers start again: the next month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        last_day = day
        dates.append(dt.date(year, month, day))
    return dates


def find_header(
    sheet: Worksheet, default: tuple[int, int]
) -> tuple[int, dict[int, dt.date]] | None:
    """The header row and the date of each day column, or None if the sheet has no grid."""
    best: tuple[int, list[DayCell]] | None = None
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, HEADER_SEARCH_ROWS)):
        cells = [d for c in row if (d := _parse_day(c.value, c.column)) is not None]
        run = _best_run(cells)
        if len(run) >= MIN_DAYS and (best is None or len(run) > len(best[1])):
            best = (row[0].row, run)
    if best is None:
        return None
    header, run = best
    year, month = _month_above(sheet, header) or default
    try:
        dates = _dates(run, year, month)
    except ValueError:  # e.g. 30 in February: not a header of this month
        return None
    return header, {cell[3]: date for cell, date in zip(run, dates, strict=True)}


# -- employees and codes -------------------------------------------------------------------------


def _who(instance: Instance) -> dict[str, str]:
    """Id and name (case ignored) -> employee id."""
    found = {e.name.strip().casefold(): e.id for e in instance.employees if e.name.strip()}
    found |= {e.id.casefold(): e.id for e in instance.employees}
    return found


def _employee_column(
    sheet: Worksheet, header: int, first_day: int, who: dict[str, str]
) -> int | None:
    counts = {}
    for column in range(1, first_day):
        values = (
            sheet.cell(row=r, column=column).value for r in range(header + 1, sheet.max_row + 1)
        )
        counts[column] = sum(
            1 for v in values if not is_blank(v) and read_text(v).casefold() in who
        )
    best = max(counts, key=lambda c: counts[c], default=None)
    return best if best is not None and counts[best] else None


def _codes(instance: Instance) -> dict[str, str]:
    codes = {s.id.casefold(): s.id for s in instance.shift_types}
    codes |= {s.id: s.id for s in instance.shift_types}
    return codes


def read_grid(sheet: Worksheet, instance: Instance, default: tuple[int, int]) -> Grid | None:
    """The roster grid in ``sheet``, or None when the sheet holds none."""
    found = find_header(sheet, default)
    if found is None:
        return None
    header, dates = found
    who = _who(instance)
    first, last = min(dates), max(dates)
    column = _employee_column(sheet, header, first, who)
    if column is None:
        return None
    grid = Grid(sheet.title)
    codes = _codes(instance)
    title, last_row = sheet.title, sheet.max_row
    for col, date in dates.items():
        letter = get_column_letter(col)
        grid.columns[date] = f"{title}!{letter}{header}:{letter}{last_row}"
    for row in range(header + 1, last_row + 1):
        name = sheet.cell(row=row, column=column).value
        employee = None if is_blank(name) else who.get(read_text(name).casefold())
        cells = [(sheet.cell(row=row, column=c), d) for c, d in dates.items()]
        if employee is None:
            _skipped(grid, name, row, cells, codes)
            continue
        if employee in grid.rows:
            grid.problems.append(
                Problem(
                    (),
                    f"{employee} has a second row; keep one",
                    f"{title}!{get_column_letter(column)}{row}",
                )
            )
            continue
        grid.rows[employee] = (
            f"{title}!{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
        )
        for cell, date in cells:
            grid.cells[employee, date] = f"{title}!{cell.coordinate}"
            _read_code(grid, cell, employee, date, codes)
    return grid


def _skipped(
    grid: Grid, name: Any, row: int, cells: Iterable[tuple[Any, dt.date]], codes: dict[str, str]
) -> None:
    has_codes = any(isinstance(c.value, str) and c.value.strip() in codes for c, _ in cells)
    if has_codes and not is_blank(name):
        grid.warnings.append(
            Problem(
                (),
                f"'{read_text(name)}' is not an employee of the scenario; row skipped",
                f"{grid.sheet} row {row}",
            )
        )


def _read_code(grid: Grid, cell: Any, employee: str, date: dt.date, codes: dict[str, str]) -> None:
    if is_blank(cell.value):
        return
    where = f"{grid.sheet}!{cell.coordinate}"
    if cell.data_type == "e":
        grid.problems.append(Problem((), f"the formula gives the error {cell.value}", where))
        return
    code = read_text(cell.value)
    shift = codes.get(code) or codes.get(code.casefold())
    if shift is not None:
        grid.shifts[employee, date] = shift
    elif code.casefold() in absence_codes():
        grid.absences[employee, date] = absence_codes()[code.casefold()]
    elif code.casefold() not in OFF_CODES:
        known = ", ".join(sorted({*codes.values()}))
        grid.problems.append(
            Problem((), f"unknown code '{code}'; shift codes are {known}; days off X, F1-F5 or "
                    "blank; absences F or FE (ferie), S (syk), P (permisjon), K (kurs)", where)
        )  # fmt: skip


@cache
def absence_codes() -> dict[str, str]:
    """Absence code (case ignored) -> absence kind: turnus' own codes and common ones."""
    codes = dict(ABSENCE_CODES)
    for kind, names in ABSENCE.items():
        codes.update({code.casefold(): kind.value for code, _ in names})
    return codes


def find_grid(
    book: Any, instance: Instance, default: tuple[int, int], preferred: Iterable[str]
) -> Grid | None:
    """The first sheet holding a roster grid, trying ``preferred`` names first."""
    names = [n.casefold() for n in preferred]
    sheets = sorted(
        book.worksheets, key=lambda s: (s.title.casefold() not in names, book.worksheets.index(s))
    )
    for sheet in sheets:
        grid = read_grid(sheet, instance, default)
        if grid is not None:
            return grid
    return None
