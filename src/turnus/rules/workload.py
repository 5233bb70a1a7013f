"""Hours: contract hours over the period, normal working-time limits (AML § 10-4), and
absolute limits on hours and shift counts per person.

Amounts are minutes; weights are per hour.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from turnus.domain import Employee
from turnus.rules.base import BuildContext, Rule, Term, Violation
from turnus.rules.events import event_terms

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


def hours(minutes: float) -> str:
    return f"{minutes / 60:.1f} h"


def planned_terms(ctx: BuildContext, employee: str) -> list[Term]:
    """Paid minutes of every shift the person may work in the period, as solver terms,
    and the minutes of events attended outside their shift."""
    inst = ctx.instance
    return [
        (inst.shift[s].paid_minutes, lit)
        for d in range(inst.num_days)
        for s, lit in ctx.vars.shifts(employee, d)
    ] + event_terms(ctx, employee)


class ContractHours(Rule):
    """Planned hours within ``tolerance_hours`` of the hours owed under the contract.

    Owed = position % x weekly hours / 5 x workdays (Monday-Friday, not public holidays),
    less whole-day and partial absences on workdays. Each hour outside the band costs
    ``weight`` (hard: the band must hold).
    """

    per: ClassVar[int] = 60
    kind: Literal["contract_hours"] = "contract_hours"
    tolerance_hours: float = Field(default=4, ge=0)
    weight: int = Field(default=10, ge=0)

    def band(self, inst: Instance, employee: Employee) -> tuple[int, int]:
        owed = inst.contract_minutes(employee)
        tolerance = round(self.tolerance_hours * 60)
        return max(0, owed - tolerance), owed + tolerance

    def add(self, ctx: BuildContext) -> None:
        for emp in self.subjects(ctx.instance):
            low, high = self.band(ctx.instance, emp)
            terms = planned_terms(ctx, emp.id)
            ctx.at_least(self, f"{emp.id}:under", terms, low)
            ctx.at_most(self, f"{emp.id}:over", terms, high)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for emp in self.subjects(inst):
            low, high = self.band(inst, emp)
            planned = roster.minutes(emp)
            owed = inst.contract_minutes(emp)
            if not low <= planned <= high:
                side = "under" if planned < low else "over"
                yield self.violation(
                    f"{emp.id}:{side}",
                    f"{roster.who(emp.id)}: {hours(planned)} planned against {hours(owed)} "
                    f"owed ({hours(planned - owed)}); tolerance {self.tolerance_hours:g} h",
                    amount=low - planned if planned < low else planned - high,
                    employee=emp.id,
                )


class PeriodHours(Rule):
    """Planned hours between an employee's own ``min_hours`` and ``max_hours``, where set."""

    per: ClassVar[int] = 60
    kind: Literal["period_hours"] = "period_hours"
    hard: bool = True

    def add(self, ctx: BuildContext) -> None:
        for emp in self.subjects(ctx.instance):
            terms = planned_terms(ctx, emp.id)
            if emp.min_hours is not None:
                ctx.at_least(self, f"{emp.id}:min", terms, round(emp.min_hours * 60))
            if emp.max_hours is not None:
                ctx.at_most(self, f"{emp.id}:max", terms, round(emp.max_hours * 60))

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        for emp in self.subjects(roster.instance):
            planned = roster.minutes(emp)
            low = round(emp.min_hours * 60) if emp.min_hours is not None else 0
            high = round(emp.max_hours * 60) if emp.max_hours is not None else planned
            if not low <= planned <= high:
                side = "min" if planned < low else "max"
                yield self.violation(
                    f"{emp.id}:{side}",
                    f"{roster.who(emp.id)}: {hours(planned)} planned; allowed "
                    f"{hours(low)} to {hours(high) if emp.max_hours is not None else 'any'}",
                    amount=low - planned if planned < low else planned - high,
                    employee=emp.id,
                )


class MaxShiftsPerType(Rule):
    """At most ``max_shifts[s]`` shifts of type ``s`` in the period, per employee."""

    kind: Literal["max_shifts_per_type"] = "max_shifts_per_type"
    hard: bool = True

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for emp in self.subjects(inst):
            for shift, limit in emp.max_shifts.items():
                terms = [(1, ctx.vars.x(emp.id, d, shift)) for d in range(inst.num_days)]
                ctx.at_most(self, f"{emp.id}:{shift}", terms, limit)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        for emp in self.subjects(roster.instance):
            worked = [s for _, s in roster.period_worked(emp)]
            for shift, limit in emp.max_shifts.items():
                count = worked.count(shift)
                if count > limit:
                    yield self.violation(
                        f"{emp.id}:{shift}",
                        f"{roster.who(emp.id)}: {count} {shift} shifts; at most {limit}",
                        amount=count - limit,
                        employee=emp.id,
                    )


class MaxHoursPerDay(Rule):
    """Normal work of at most ``max_hours`` within 24 hours (AML § 10-4 (1)).

    Each shift longer than the limit, and each pair of shifts starting within 24 hours of each
    other whose paid hours together pass it, is one violation.
    """

    kind: Literal["max_hours_per_day"] = "max_hours_per_day"
    max_hours: float = Field(default=9, gt=0, le=24)

    def _limit(self) -> int:
        return round(self.max_hours * 60)

    def add(self, ctx: BuildContext) -> None:
        inst, limit = ctx.instance, self._limit()
        for emp in self.subjects(inst):
            for day in range(inst.num_days):
                for shift, lit in ctx.vars.shifts(emp.id, day):
                    paid = inst.shift[shift].paid_minutes
                    key = f"{emp.id}:{inst.day(day).date}:{shift}"
                    if paid > limit:
                        ctx.forbid(self, key, [lit])
                    for other, other_lit in ctx.vars.shifts(emp.id, day - 1):
                        if inst.start(day, shift) - inst.start(day - 1, other) < 1440 and (
                            paid + inst.shift[other].paid_minutes > limit
                        ):
                            ctx.forbid(self, f"{key}:{other}", [lit, other_lit])

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst, limit = roster.instance, self._limit()
        for emp in self.subjects(inst):
            worked = dict(roster.worked(emp))
            for day, shift in roster.period_worked(emp):
                paid = inst.shift[shift].paid_minutes
                key = f"{emp.id}:{inst.day(day).date}:{shift}"
                if paid > limit:
                    yield self._too_long(roster, emp, day, key, paid)
                other = worked.get(day - 1)
                if other is None:
                    continue
                together = paid + inst.shift[other].paid_minutes
                if inst.start(day, shift) - inst.start(day - 1, other) < 1440 and together > limit:
                    yield self._too_long(roster, emp, day, f"{key}:{other}", together)

    def _too_long(
        self, roster: Roster, emp: Employee, day: int, key: str, minutes: int
    ) -> Violation:
        return self.violation(
            key,
            f"{roster.who(emp.id)}: {hours(minutes)} within 24 h from {roster.when(day)}; "
            f"at most {self.max_hours:g} h",
            employee=emp.id,
            date=roster.instance.day(day).date,
        )


class MaxHoursPerWeek(Rule):
    """Normal work of at most ``max_hours`` in every 7 consecutive days (AML § 10-4 (1))."""

    per: ClassVar[int] = 60
    kind: Literal["max_hours_per_week"] = "max_hours_per_week"
    max_hours: float = Field(default=40, gt=0, le=168)

    def windows(self, inst: Instance) -> range:
        return range(max(-inst.history_length, -6), inst.num_days - 6)

    def add(self, ctx: BuildContext) -> None:
        inst, limit = ctx.instance, round(self.max_hours * 60)
        for emp in self.subjects(inst):
            for start in self.windows(inst):
                terms = [
                    (inst.shift[s].paid_minutes, lit)
                    for d in range(start, start + 7)
                    for s, lit in ctx.vars.shifts(emp.id, d)
                ]
                ctx.at_most(self, f"{emp.id}:{inst.day(start).date}", terms, limit)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst, limit = roster.instance, round(self.max_hours * 60)
        for emp in self.subjects(inst):
            worked = roster.worked(emp)
            for start in self.windows(inst):
                total = sum(
                    inst.shift[s].paid_minutes for d, s in worked if start <= d < start + 7
                )
                if total > limit:
                    yield self.violation(
                        f"{emp.id}:{inst.day(start).date}",
                        f"{roster.who(emp.id)}: {hours(total)} in the 7 days from "
                        f"{roster.when(start)}; at most {self.max_hours:g} h",
                        amount=total - limit,
                        employee=emp.id,
                        date=inst.day(max(start, 0)).date,
                    )
