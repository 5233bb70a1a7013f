"""Training and supervision figures: periods delivered against plan per new hire, supervised
hours per trainee, mentor and supervisor load, event attendance. Pure: no solver, no I/O."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from turnus.diagnose_training import plan_obstacle
from turnus.domain import Attendance
from turnus.instance import Instance
from turnus.metrics.base import register_section, to_frame
from turnus.result import Schedule
from turnus.roster import Roster
from turnus.rules.events import can_attend
from turnus.rules.training import has_mentor, mentor_ids, tasks_done, training_cells
from turnus.training import is_trainee
from turnus.validator import Report

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """One training plan: periods delivered by the deadline against the plan's N."""

    employee: str
    name: str
    task: str
    planned: int
    delivered: int
    deadline: str
    shortfall: int
    reason: str


@dataclass(frozen=True, slots=True)
class TraineeHours:
    """A trainee's worked hours, and those with one of their supervisors on the same shift."""

    employee: str
    name: str
    hours: float
    supervised_hours: float
    shifts: int
    main_supervisor_shifts: int


@dataclass(frozen=True, slots=True)
class EventAttendance:
    """One event on one day: those expected, and those on a shift containing it."""

    event: str
    date: str
    expected: int
    attended: int


@dataclass(frozen=True)
class TrainingMetrics:
    """The training section of :class:`turnus.metrics.Metrics`."""

    plans: tuple[PlanProgress, ...]
    trainees: tuple[TraineeHours, ...]
    mentor_periods: dict[str, int]
    supervisor_shifts: dict[str, int]
    events: tuple[EventAttendance, ...]
    per_person: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The plans, one row each (the richest of the tables for a workbook sheet)."""
        return to_frame(self.plans, PlanProgress)

    def lines(self) -> list[str]:
        """Short lines for the terminal summary."""
        out = [
            f"{p.name}: {p.delivered}/{p.planned} training periods on {p.task}"
            + (f" ({p.shortfall} short: {p.reason})" if p.shortfall else "")
            for p in self.plans
        ]
        out += [
            f"{t.name}: {t.supervised_hours:g} of {t.hours:g} h supervised, "
            f"{t.main_supervisor_shifts}/{t.shifts} shifts with main supervisor"
            for t in self.trainees
        ]
        if self.mentor_periods:
            out.append("mentor load (periods): " + _counts(self.mentor_periods))
        if self.supervisor_shifts:
            out.append("supervisor load (shifts): " + _counts(self.supervisor_shifts))
        out += [f"{e.event} {e.date}: {e.attended}/{e.expected} attending" for e in self.events]
        return out


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{who} {n}" for who, n in sorted(counts.items(), key=lambda i: -i[1]))


def plan_progress(instance: Instance, roster: Roster) -> tuple[PlanProgress, ...]:
    """Every active training plan's delivered periods (with a mentor beside) by its deadline."""
    rows = []
    for plan in instance.training.plans.values():
        last = instance.training.deadline_day(plan)
        delivered = sum(
            1
            for cell in training_cells(roster, plan)
            if cell[0] <= last and has_mentor(roster, plan.employee, cell, plan.task)
        )
        short = max(0, plan.periods - delivered)
        reason = (plan_obstacle(instance, plan) or "not planned by the solver") if short else ""
        rows.append(
            PlanProgress(
                employee=plan.employee,
                name=instance.employee[plan.employee].name,
                task=plan.task,
                planned=plan.periods,
                delivered=delivered,
                deadline=str(instance.day(last).date),
                shortfall=short,
                reason=reason,
            )
        )
    return tuple(rows)


def trainee_hours(instance: Instance, roster: Roster) -> tuple[TraineeHours, ...]:
    """Hours worked and hours with a named supervisor on the same shift, per trainee."""
    rows = []
    for trainee in filter(is_trainee, instance.employees):
        worked = roster.period_worked(trainee)
        with_one = [
            (d, s) for d, s in worked if any(roster.shift(m, d) == s for m in trainee.supervisors)
        ]
        main = trainee.supervisors[0] if trainee.supervisors else None
        rows.append(
            TraineeHours(
                employee=trainee.id,
                name=trainee.name,
                hours=sum(instance.shift[s].paid_minutes for _, s in worked) / 60,
                supervised_hours=sum(instance.shift[s].paid_minutes for _, s in with_one) / 60,
                shifts=len(worked),
                main_supervisor_shifts=sum(1 for d, s in worked if roster.shift(main, d) == s)
                if main
                else 0,
            )
        )
    return tuple(rows)


def mentor_load(instance: Instance, roster: Roster) -> dict[str, int]:
    """Mentor -> task periods spent beside a learner of theirs (each learner counted)."""
    doing = tasks_done(roster)
    load: Counter[str] = Counter()
    for plan in instance.training.plans.values():
        task = instance.training.mentor_task(plan)
        for cell in training_cells(roster, plan):
            for mentor in sorted(doing.get((*cell, task), set()) & mentor_ids(instance, plan)):
                load[mentor] += 1
    return dict(load)


def supervisor_load(instance: Instance, roster: Roster) -> dict[str, int]:
    """Supervisor -> trainee shifts they were on (one per trainee and shift)."""
    load: Counter[str] = Counter()
    for trainee in filter(is_trainee, instance.employees):
        for day, shift in roster.period_worked(trainee):
            for supervisor in trainee.supervisors:
                if roster.shift(supervisor, day) == shift:
                    load[supervisor] += 1
    return dict(load)


def event_attendance(instance: Instance, roster: Roster) -> tuple[EventAttendance, ...]:
    """Per event and day: how many are expected on a containing shift, and how many are."""
    rows = []
    for occurrence in instance.training.occurrences:
        if occurrence.event.attendance is not Attendance.ON_SHIFT:
            continue
        expected = [
            e
            for e in instance.training.invited(occurrence.event)
            if can_attend(instance, e, occurrence)
        ]
        shifts = instance.training.covering_shifts(occurrence)
        attended = [e for e in expected if any(roster.shift(e, d) == s for d, s in shifts)]
        rows.append(
            EventAttendance(
                event=occurrence.event.name or occurrence.event.id,
                date=str(instance.day(occurrence.day).date),
                expected=len(expected),
                attended=len(attended),
            )
        )
    return tuple(rows)


def training_metrics(instance: Instance, schedule: Schedule) -> TrainingMetrics:
    roster = Roster(instance, schedule)
    plans = plan_progress(instance, roster)
    trainees = trainee_hours(instance, roster)
    per_person: dict[str, dict[str, Any]] = {}
    for p in plans:
        per_person.setdefault(p.employee, {})[f"training {p.task}"] = f"{p.delivered}/{p.planned}"
    for t in trainees:
        per_person.setdefault(t.employee, {})["supervised hours"] = t.supervised_hours
    return TrainingMetrics(
        plans=plans,
        trainees=trainees,
        mentor_periods=mentor_load(instance, roster),
        supervisor_shifts=supervisor_load(instance, roster),
        events=event_attendance(instance, roster),
        per_person=per_person,
    )


@register_section("training")
def _training_section(
    instance: Instance, schedule: Schedule, report: Report
) -> TrainingMetrics | None:
    if not (instance.training.plans or instance.scenario.events or any(
        is_trainee(e) for e in instance.employees
    )):  # fmt: skip
        return None
    return training_metrics(instance, schedule)
