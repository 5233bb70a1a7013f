"""A schedule laid over an instance's timeline, for checking rules in plain Python (no solver)."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from turnus.domain import Employee
from turnus.instance import Instance
from turnus.result import Schedule
from turnus.rules.events import event_minutes


class Roster:
    """Who works what, by day index, including the history before the period."""

    def __init__(self, instance: Instance, schedule: Schedule):
        self.instance = instance
        self.schedule = schedule
        self.shift_on: dict[str, dict[int, str]] = defaultdict(dict)
        self.tasks: dict[tuple[str, int, str], dict[str, list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.double_booked: list[tuple[str, int, list[str]]] = []
        for employee, days in instance.history.items():
            self.shift_on[employee].update(days)
        shifts_by_day: dict[tuple[str, int], set[str]] = defaultdict(set)
        for a in schedule.assignments:
            day = instance.index_of(a.date)
            shifts_by_day[a.employee, day].add(a.shift)
            self.tasks[a.employee, day, a.shift][a.period].append(a.task)
        for (employee, day), shifts in sorted(shifts_by_day.items()):
            ordered = sorted(
                shifts, key=lambda s: instance.start(day, s) if s in instance.shift else 0
            )
            self.shift_on[employee][day] = ordered[0]
            if len(ordered) > 1:
                self.double_booked.append((employee, day, ordered))

    def shift(self, employee: str, day: int) -> str | None:
        return self.shift_on.get(employee, {}).get(day)

    def works(self, employee: str, day: int) -> bool:
        return self.shift(employee, day) is not None

    @cached_property
    def first_day(self) -> int:
        return -self.instance.history_length

    def worked(self, employee: Employee) -> list[tuple[int, str]]:
        """(day, shift) pairs worked within the timeline, in time order."""
        days = self.shift_on.get(employee.id, {})
        last = self.instance.num_days
        return sorted(
            (d, s)
            for d, s in days.items()
            if self.first_day <= d < last and s in self.instance.shift
        )

    def period_worked(self, employee: Employee) -> list[tuple[int, str]]:
        return [(d, s) for d, s in self.worked(employee) if d >= 0]

    def minutes(self, employee: Employee) -> int:
        """Paid minutes planned in the period, with events attended outside the shift."""
        shift = self.instance.shift
        worked = sum(shift[s].paid_minutes for _, s in self.period_worked(employee))
        return worked + event_minutes(self, employee.id)

    def who(self, employee_id: str) -> str:
        employee = self.instance.employee.get(employee_id)
        return f"{employee.name} ({employee_id})" if employee else employee_id

    def when(self, day: int) -> str:
        d = self.instance.day(day)
        return f"{d.date:%a %d %b %Y}"
