"""Courses, meetings and internal teaching (kurs, møter, internundervisning).

An attendee of an ``on_shift`` event is rostered on a shift whose hours contain the event; for
an ``extra_time`` event, the part of the event outside their shift counts as working time (see
:func:`event_minutes`). During an event attendees do not count as cover
(:func:`turnus.rules.coverage.cover_hundredths`), so the staffing plan is met by others around
it. Someone absent during the event, or who may work no shift containing it, is not expected
(the pre-solve check :func:`turnus.diagnose_training.training_problems` names them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from turnus.domain import Attendance
from turnus.rules.base import BuildContext, Rule, Term, Violation
from turnus.training import Occurrence

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


class Events(Rule):
    """Attend every ``on_shift`` event one is invited to, on a shift that contains it.

    .. math:: \\sum_{s \\supseteq \\text{event}} x_{eds} \\ge 1
    """

    kind: Literal["events"] = "events"
    hard: bool = True
    weight: int = Field(default=100, ge=0)

    def expected(self, inst: Instance) -> Iterator[tuple[Occurrence, str]]:
        """(occurrence, employee) pairs where the employee must be on a containing shift."""
        for occurrence in inst.training.occurrences:
            if occurrence.event.attendance is not Attendance.ON_SHIFT:
                continue
            for employee in inst.training.invited(occurrence.event):
                if self.applies(inst.employee[employee]) and can_attend(
                    inst, employee, occurrence
                ):
                    yield occurrence, employee

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for occurrence, employee in self.expected(inst):
            shifts = inst.training.covering_shifts(occurrence)
            terms = [(1, ctx.vars.x(employee, day, shift)) for day, shift in shifts]
            ctx.at_least(self, _key(inst, occurrence, employee), terms, 1)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for occurrence, employee in self.expected(inst):
            shifts = inst.training.covering_shifts(occurrence)
            if not any(roster.shift(employee, day) == shift for day, shift in shifts):
                yield self.violation(
                    _key(inst, occurrence, employee),
                    f"{roster.who(employee)} is not on a shift covering "
                    f"{describe(inst, occurrence)}",
                    employee=employee,
                    date=inst.day(occurrence.day).date,
                )


def can_attend(inst: Instance, employee: str, occurrence: Occurrence) -> bool:
    """Not absent during the event, and some shift containing it is one they may work."""
    if inst.training.exempt(employee, occurrence):
        return False
    emp = inst.employee[employee]
    return any(
        inst.can_work(emp, day, shift) for day, shift in inst.training.covering_shifts(occurrence)
    )


def describe(inst: Instance, occurrence: Occurrence) -> str:
    event = occurrence.event
    return (
        f"{event.kind.value} {event.name or event.id} on {inst.day(occurrence.day).date} "
        f"{event.start:%H:%M}-{event.end:%H:%M}"
    )


def _extra_time(inst: Instance, employee: str) -> Iterator[Occurrence]:
    for occurrence in inst.training.events_of(employee):
        if occurrence.event.attendance is Attendance.EXTRA_TIME and not inst.training.exempt(
            employee, occurrence
        ):
            yield occurrence


def event_terms(ctx: BuildContext, employee: str) -> list[Term]:
    """Minutes of ``extra_time`` events outside the person's shift, as solver terms."""
    inst = ctx.instance
    terms: list[Term] = []
    for occurrence in _extra_time(inst, employee):
        terms.append((occurrence.minutes, 1))
        for day in (occurrence.day - 1, occurrence.day):
            for shift, lit in ctx.vars.shifts(employee, day):
                overlap = inst.training.overlap_minutes(occurrence, day, shift)
                if overlap:
                    terms.append((-overlap, lit))
    return terms


def event_minutes(roster: Roster, employee: str) -> int:
    """Minutes of ``extra_time`` events outside the person's shift in a roster."""
    inst = roster.instance
    total = 0
    for occurrence in _extra_time(inst, employee):
        total += occurrence.minutes
        for day in (occurrence.day - 1, occurrence.day):
            shift = roster.shift(employee, day)
            if shift in inst.shift:
                total -= inst.training.overlap_minutes(occurrence, day, shift)
    return total


def _key(inst: Instance, occurrence: Occurrence, employee: str) -> str:
    return f"{occurrence.event.id}:{inst.day(occurrence.day).date}:{employee}"
