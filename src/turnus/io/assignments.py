"""The machine-readable roster: one row per employee and task period worked.

Columns: ``employee_id, date, shift_id, start, end, period, task_id`` with ISO 8601 dates and
date-times. The same rows go to CSV and to the ``Assignments`` sheet of a workbook.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from turnus.exceptions import InputError, Problem
from turnus.instance import Instance
from turnus.result import Assignment, Schedule

COLUMNS = ("employee_id", "date", "shift_id", "start", "end", "period", "task_id")
SHEET = "Assignments"


def assignment_rows(instance: Instance, schedule: Schedule) -> list[tuple[str, ...]]:
    """Rows in column order, with real start and end date-times of each task period."""
    rows = []
    for a in schedule.sorted().assignments:
        start, end = instance.shift[a.shift].period_window(a.period)
        midnight = dt.datetime.combine(a.date, dt.time())
        rows.append(
            (
                a.employee,
                a.date.isoformat(),
                a.shift,
                (midnight + dt.timedelta(minutes=start)).isoformat(timespec="minutes"),
                (midnight + dt.timedelta(minutes=end)).isoformat(timespec="minutes"),
                a.period,
                a.task,
            )
        )
    return rows


def write_csv(path: Path, instance: Instance, schedule: Schedule) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(assignment_rows(instance, schedule))


def read_csv(path: Path) -> Schedule:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise InputError(str(path), [Problem((), f"cannot read ({error.strerror})")]) from None
    return schedule_from_rows(str(path), rows, lambda i, col: f"row {i + 1}, column {col}")


def schedule_from_rows(source: str, rows: list[list[Any]], where: Any) -> Schedule:
    """Assignments from a header row and data rows; problems name the row and column."""
    if not rows:
        raise InputError(source, [Problem((), f"empty; expected columns {', '.join(COLUMNS)}")])
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            source, [Problem((), f"missing column(s) {', '.join(missing)}", where=where(0, "-"))]
        )
    index = {name: header.index(name) for name in COLUMNS}
    found, problems = [], []
    for i, row in enumerate(rows[1:], start=1):
        if all(c in (None, "") for c in row):
            continue
        values = {name: row[col] if col < len(row) else None for name, col in index.items()}
        try:
            found.append(
                Assignment(
                    employee=str(values["employee_id"]).strip(),
                    date=_date(values["date"]),
                    shift=str(values["shift_id"]).strip(),
                    period=str(values["period"]).strip(),
                    task=str(values["task_id"]).strip(),
                )
            )
        except (ValidationError, ValueError, TypeError) as error:
            problems.append(Problem((), f"cannot read this row: {error}", where=where(i, "-")))
    if problems:
        raise InputError(source, problems)
    return Schedule(assignments=tuple(found))


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])
