"""Training, supervision and events resolved against an instance, in plain Python.

:class:`TrainingIndex` answers the questions the model, the rules and the checker share: who
is in training for which task (a plan, and a competence below the task's minimum), who may
mentor a plan, and who is at an event during a task period. Nothing here knows the solver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from turnus.domain import Employee, Event, Role, TrainingPlan

if TYPE_CHECKING:
    from turnus.instance import Instance


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event on one day, in the instance's minutes (from 00:00 of day 0)."""

    event: Event
    day: int
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def inside(self, start: int, end: int) -> bool:
        return start <= self.start and self.end <= end


class TrainingIndex:
    """Plans, mentors and event attendance of one instance (built once, cached on it)."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.enabled = any(rule.kind == "training" for rule in instance.rules)
        self.plans: dict[tuple[str, str], TrainingPlan] = {}
        """(learner, task) -> plan, for learners below the task's minimum level."""
        if self.enabled:
            for plan in instance.scenario.training:
                learner = instance.employee[plan.employee]
                if not instance.is_qualified(learner, instance.task[plan.task]):
                    self.plans.setdefault((plan.employee, plan.task), plan)

    # -- training plans ------------------------------------------------------------------------

    def plan(self, employee: str, task: str) -> TrainingPlan | None:
        """The plan under which ``employee`` learns ``task``, or None."""
        return self.plans.get((employee, task))

    def deadline_day(self, plan: TrainingPlan) -> int:
        """Index of the last day on which a training period counts toward the plan."""
        last = self.instance.num_days - 1
        if plan.deadline is None:
            return last
        return min(last, self.instance.index_of(plan.deadline))

    @staticmethod
    def mentor_task(plan: TrainingPlan) -> str:
        return plan.mentor_task or plan.task

    @cached_property
    def top_level(self) -> int:
        return len(self.instance.scenario.levels) - 1

    def may_mentor(self, employee: Employee, plan: TrainingPlan) -> bool:
        """Named mentors, or else experts in the task; never someone in training for it."""
        if employee.id == plan.employee or (employee.id, plan.task) in self.plans:
            return False
        if plan.mentors:
            return employee.id in plan.mentors
        competence = self.instance.task[plan.task].competence
        return self.instance.level(employee, competence) >= self.top_level

    @cached_property
    def mentors(self) -> dict[tuple[str, str], list[Employee]]:
        """(learner, task) -> everyone who may mentor that plan."""
        return {
            key: [e for e in self.instance.employees if self.may_mentor(e, plan)]
            for key, plan in self.plans.items()
        }

    def mentor_could_come(self, plan: TrainingPlan, day: int, shift: str, period: str) -> bool:
        """Whether some mentor could be on the mentor task in this task period.

        A cheap necessary condition (shift type allowed, not absent, task open and qualified),
        used to create a learner's task variables only where training is possible.
        """
        inst = self.instance
        task = self.mentor_task(plan)
        if task not in inst.open_tasks.get((day, shift, period), ()):
            return False
        return any(
            inst.may_work_type(m, inst.shift[shift])
            and inst.absence_clash(m.id, day, shift) is None
            and inst.is_qualified(m, inst.task[task])
            for m in self.mentors[plan.employee, plan.task]
        )

    # -- events --------------------------------------------------------------------------------

    @cached_property
    def occurrences(self) -> list[Occurrence]:
        """Every event on every day of the period it falls on."""
        inst = self.instance
        found = []
        for event in inst.scenario.events:
            start, end = event.minutes
            for day in inst.days:
                if event.date == day.date or (
                    event.date is None and day.weekday_name == event.weekday
                ):
                    base = day.index * 1440
                    found.append(Occurrence(event, day.index, base + start, base + end))
        return found

    def invited(self, event: Event) -> list[str]:
        """The named attendees of an event (by name, role or competence), in staff order."""
        return [
            e.id
            for e in self.instance.employees
            if e.id in event.employees
            or e.role in event.roles
            or any(c in e.competences for c in event.competences)
        ]

    @cached_property
    def _attending(self) -> dict[str, list[Occurrence]]:
        """Employee -> occurrences they are invited to by name, role or competence."""
        found: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self.occurrences:
            for employee in self.invited(occurrence.event):
                found[employee].append(occurrence)
        return found

    def events_of(self, employee: str) -> list[Occurrence]:
        return self._attending.get(employee, [])

    def at_event(self, employee: str, day: int, shift: str, period: str) -> bool:
        """Whether someone working this task period is at an event during it (not cover)."""
        start, end = self.instance.shift[shift].period_window(period)
        start, end = day * 1440 + start, day * 1440 + end
        return any(
            o.overlaps(start, end)
            for o in self.occurrences
            if o.event.on_duty or o in self.events_of(employee)
        )

    def exempt(self, employee: str, occurrence: Occurrence) -> bool:
        """Absent during the event (vacation, sick, school ...): not expected to attend."""
        inst = self.instance
        if (employee, occurrence.day) in inst.whole_day_absence:
            return True
        for absence in inst.partial_absences.get(employee, ()):
            if absence.start <= inst.day(occurrence.day).date <= absence.end:
                assert absence.from_time is not None and absence.to_time is not None
                a_start = occurrence.day * 1440 + _minutes(absence.from_time)
                a_end = occurrence.day * 1440 + _minutes(absence.to_time)
                if occurrence.overlaps(a_start, a_end):
                    return True
        return False

    def covering_shifts(self, occurrence: Occurrence) -> list[tuple[int, str]]:
        """(day, shift) pairs whose hours contain the whole event."""
        inst = self.instance
        return [
            (day, s.id)
            for day in (occurrence.day - 1, occurrence.day)
            if day >= 0
            for s in inst.shift_types
            if occurrence.inside(inst.start(day, s.id), inst.end(day, s.id))
        ]

    def overlap_minutes(self, occurrence: Occurrence, day: int, shift: str) -> int:
        start, end = self.instance.start(day, shift), self.instance.end(day, shift)
        return max(0, min(end, occurrence.end) - max(start, occurrence.start))


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def is_trainee(employee: Employee) -> bool:
    """Trainees (elever, lærlinger) and anyone with named supervisors work supervised."""
    return employee.role is Role.TRAINEE or bool(employee.supervisors)
