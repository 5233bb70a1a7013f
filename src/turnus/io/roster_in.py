"""Reading a roster to check or to use as history: CSV, a workbook's ``Assignments`` sheet, or
a grid of employees x days as offices keep it (see :mod:`turnus.io.roster_grid`).

A grid has shift codes but no tasks. For checking, each task period worked is given a task by
:func:`assign_tasks`: people with the fewest options first, each to the open task they are
qualified for with the largest remaining shortfall against the staffing plan (minimum first,
then target); someone qualified for no open task gets the first open task, so the checker says
so. Absence codes in a grid count as absences for checking (contract hours, absence clashes)
where the scenario has none on that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from turnus.domain import Absence, AbsenceKind, HistoryShift
from turnus.exceptions import InputError, Problem
from turnus.instance import MAX_HISTORY_DAYS, Instance, check_references
from turnus.io.assignments import COLUMNS, SHEET, read_csv, schedule_from_rows
from turnus.io.cells import read_date
from turnus.io.columns import ROSTER_SHEETS
from turnus.io.roster_grid import Grid, find_grid
from turnus.io.safety import open_workbook
from turnus.result import Assignment, Schedule
from turnus.rules.base import Violation


@dataclass
class RosterFile:
    """A roster read from a file, and where each (employee, day) is in it."""

    source: str
    schedule: Schedule
    shifts: dict[tuple[str, dt.date], str]
    """Every (employee, date) -> shift in the file, also outside the scenario's period."""
    cells: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)
    columns: dict[dt.date, str] = field(default_factory=dict)
    absences: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    grid: bool = False

    def where(self, violation: Violation) -> str:
        """The cell, row or day column of the roster a violation is about ('' if unknown)."""
        employee, date = violation.employee, violation.date
        if employee is not None and date is not None and (employee, date) in self.cells:
            return self.cells[employee, date]
        if employee is not None and date is None:
            return self.rows.get(employee, "")
        if employee is None and date is not None:
            return self.columns.get(date, "")
        return ""


def read_roster(path: str | Path, instance: Instance | None = None) -> Schedule:
    """The roster's assignments; a grid needs the ``instance`` it belongs to."""
    return read_roster_file(path, instance).schedule


def read_roster_file(
    path: str | Path, instance: Instance | None = None, month: tuple[int, int] | None = None
) -> RosterFile:
    """A roster from CSV or xlsx (``Assignments`` sheet, else a grid).

    ``month`` (year, month) dates a grid whose header has day numbers only; by default the
    month the scenario's period starts in.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), [Problem((), "file not found; check the path")])
    if path.suffix.lower() == ".csv":
        schedule = read_csv(path)
        return _long_form(str(path), schedule, lambda i: f"row {i + 1}")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(str(path), [Problem((), "give a roster as .csv or .xlsx")])
    book = open_workbook(path)
    if SHEET in book.sheetnames:
        rows = [list(r) for r in book[SHEET].iter_rows(values_only=True)]
        where = lambda i, col: f"{SHEET}!row {i + 1}"  # noqa: E731
        schedule = schedule_from_rows(str(path), rows, where)
        return _long_form(str(path), schedule, lambda i: f"{SHEET}!A{i + 1}:G{i + 1}", rows)
    if instance is None:
        raise InputError(
            str(path), [Problem((), f"no '{SHEET}' sheet; a roster grid needs its scenario")]
        )
    start = instance.scenario.period.start
    grid = find_grid(book, instance, month or (start.year, start.month), ROSTER_SHEETS)
    if grid is None:
        raise InputError(str(path), [_no_grid(book.sheetnames)])
    if grid.problems:
        raise InputError(str(path), grid.problems)
    return _from_grid(str(path), grid, instance)


def _no_grid(sheets: list[str]) -> Problem:
    return Problem(
        (),
        f"no roster found: no '{SHEET}' sheet, and no sheet ({', '.join(sheets)}) has a row of "
        f"dates or day numbers with employees of the scenario below it",
    )


def _long_form(
    source: str, schedule: Schedule, where: Any, rows: list[list[Any]] | None = None
) -> RosterFile:
    shifts = schedule.shifts()
    cells: dict[tuple[str, dt.date], str] = {}
    if rows:
        header = [str(c).strip() if c is not None else "" for c in rows[0]]
        emp, day = header.index(COLUMNS[0]), header.index(COLUMNS[1])
        for i, row in enumerate(rows[1:], start=1):
            try:
                cells.setdefault((str(row[emp]).strip(), read_date(row[day])), where(i))
            except (ValueError, IndexError):
                continue
    return RosterFile(source, schedule, shifts, cells)


def _from_grid(source: str, grid: Grid, instance: Instance) -> RosterFile:
    period = instance.scenario.period
    inside = {k: s for k, s in grid.shifts.items() if period.start <= k[1] <= period.end}
    warnings = list(grid.warnings)
    missing = [e.id for e in instance.employees if e.id not in grid.rows]
    if missing:
        warnings.append(Problem((), f"not in the roster (off all period): {', '.join(missing)}"))
    return RosterFile(
        source,
        assign_tasks(instance, inside),
        dict(grid.shifts),
        grid.cells,
        grid.rows,
        grid.columns,
        grid.absences,
        warnings,
        grid=True,
    )


# -- tasks for a grid ----------------------------------------------------------------------------


def assign_tasks(instance: Instance, shifts: dict[tuple[str, dt.date], str]) -> Schedule:
    """Assignments with a task for each task period worked (the rule in the module docstring)."""
    people: dict[tuple[int, str], list[str]] = defaultdict(list)
    for (employee, date), shift in shifts.items():
        people[instance.index_of(date), shift].append(employee)
    found = []
    for (day, shift), workers in sorted(people.items()):
        date = instance.day(day).date
        for period in instance.shift[shift].task_periods:
            tasks = _distribute(instance, day, shift, period.id, workers)
            found += [Assignment(employee=e, date=date, shift=shift, period=period.id, task=t)
                      for e, t in tasks.items()]  # fmt: skip
    return Schedule(assignments=tuple(found))


def _distribute(
    instance: Instance, day: int, shift: str, period: str, workers: list[str]
) -> dict[str, str]:
    open_tasks = instance.open_tasks.get((day, shift, period), ())
    cover: dict[str, int] = defaultdict(int)
    options = {
        e: instance.candidate_tasks(instance.employee[e], day, shift, period) for e in workers
    }
    chosen: dict[str, str] = {}
    for employee in sorted(workers, key=lambda e: len(options[e])):
        task = _pick(instance, (day, shift, period), options[employee], cover)
        if task is None:
            task = (open_tasks or _qualified(instance, employee) or [instance.tasks[0].id])[0]
        chosen[employee] = task
        cover[task] += round(instance.employee[employee].cover_fraction * 100)
    return chosen


def _pick(
    instance: Instance, where: tuple[int, str, str], tasks: list[str], cover: dict[str, int]
) -> str | None:
    """The task with the largest remaining shortfall (minimum, then target)."""

    def shortfall(task: str) -> tuple[int, int]:
        line = instance.demand.get((*where, task))
        if line is None:
            return (-(10**9), 0)
        target = line.target if line.target is not None else line.min
        return (100 * line.min - cover[task], 100 * target - cover[task])

    return max(tasks, key=shortfall, default=None)


def _qualified(instance: Instance, employee: str) -> list[str]:
    emp = instance.employee[employee]
    return [t.id for t in instance.tasks if instance.is_qualified(emp, t)]


# -- using a roster: absences for checking, history for the next period --------------------------


def _rebuilt(instance: Instance, source: str, **changes: Any) -> Instance:
    scenario = instance.scenario.replace(**changes)
    problems = check_references(scenario)
    if problems:
        raise InputError(source, problems)
    return Instance(scenario, instance.rules)


def with_roster_absences(instance: Instance, roster: RosterFile) -> Instance:
    """The instance with the grid's absence codes as absences, where it has none that day."""
    period = instance.scenario.period
    added = []
    for (employee, date), kind in sorted(roster.absences.items()):
        day = instance.index_of(date)
        if (
            period.start <= date <= period.end
            and (employee, day) not in instance.whole_day_absence
        ):
            added.append(
                Absence(employee=employee, start=date, end=date, kind=AbsenceKind(kind),
                        note=f"from {roster.cells.get((employee, date), 'the roster')}")
            )  # fmt: skip
    if not added:
        return instance
    return _rebuilt(instance, roster.source, absences=(*instance.scenario.absences, *added))


def history_from_roster(instance: Instance, roster: RosterFile) -> tuple[HistoryShift, ...]:
    """Shifts of the roster in the days before the period that history covers."""
    start = instance.scenario.period.start
    first = start - dt.timedelta(days=MAX_HISTORY_DAYS)
    return tuple(
        HistoryShift(employee=employee, date=date, shift=shift)
        for (employee, date), shift in sorted(roster.shifts.items(), key=lambda kv: kv[0][::-1])
        if first <= date < start and employee in instance.employee and shift in instance.shift
    )


def with_history(instance: Instance, path: str | Path) -> Instance:
    """The instance with last period's roster (a file) as its history.

    A grid dated by day numbers only starts in the month before the month the period starts.
    Shifts from the file replace the scenario's own history on the same days.
    """
    before = instance.scenario.period.start.replace(day=1) - dt.timedelta(days=1)
    roster = read_roster_file(path, instance, month=(before.year, before.month))
    entries = history_from_roster(instance, roster)
    if not entries:
        raise InputError(
            str(path),
            [Problem((), f"no shifts of known staff in the {MAX_HISTORY_DAYS} days before "
                         f"{instance.scenario.period.start}; is it last period's roster?")],
        )  # fmt: skip
    taken = {(h.employee, h.date) for h in entries}
    kept = [h for h in instance.scenario.history if (h.employee, h.date) not in taken]
    return _rebuilt(instance, str(path), history=(*kept, *entries))
