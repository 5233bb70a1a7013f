"""Weekends and Sundays: at most k worked weekends in every n, and a free Sunday after
Sunday or holiday work.

A weekend is Saturday and Sunday; a shift touches it when its hours overlap them, so a Friday
night ending Saturday morning counts. Weekends are named by their Saturday's day index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from turnus.rules.base import BuildContext, Rule, Violation

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


def weekend_shifts(inst: Instance) -> dict[int, list[tuple[int, str]]]:
    """Saturday index -> every (day, shift) of the timeline that touches that weekend."""
    touching: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for day in range(-inst.history_length, inst.num_days):
        for shift in inst.shift_types:
            weekend = inst.weekend_of(day, shift.id)
            if weekend is not None:
                touching[weekend].append((day, shift.id))
    return dict(sorted(touching.items()))


def weekend_literal(ctx: BuildContext, employee: str, weekend: int) -> Any:
    """A literal true exactly when the employee works a shift touching the weekend."""
    key = ("weekend", employee, weekend)
    if key not in ctx.derived:
        if "weekend_shifts" not in ctx.derived:  # computed once, not per literal
            ctx.derived["weekend_shifts"] = weekend_shifts(ctx.instance)
        touching = ctx.derived["weekend_shifts"].get(weekend, [])
        lits = [ctx.vars.x(employee, d, s) for d, s in touching]
        if any(isinstance(lit, int) and lit == 1 for lit in lits):
            ctx.derived[key] = 1
        else:
            free = [lit for lit in lits if not isinstance(lit, int)]
            if not free:
                ctx.derived[key] = 0
            elif len(free) == 1:
                ctx.derived[key] = free[0]
            else:
                worked = ctx.model.new_bool_var(f"weekend[{employee},{weekend}]")
                ctx.model.add_max_equality(worked, free)
                ctx.derived[key] = worked
    return ctx.derived[key]


def weekends_worked(roster: Roster, employee: str) -> set[int]:
    inst = roster.instance
    return {
        weekend
        for day, shift in roster.shift_on.get(employee, {}).items()
        if shift in inst.shift and -inst.history_length <= day < inst.num_days
        if (weekend := inst.weekend_of(day, shift)) is not None
    }


class MaxWeekends(Rule):
    """At most ``max`` worked weekends in every ``weeks`` consecutive weekends.

    ``weeks: null`` means the whole period (as in the Curtois benchmark).
    """

    kind: Literal["max_weekends"] = "max_weekends"
    max: int = Field(default=1, ge=0)
    weeks: int | None = Field(default=3, ge=1)

    def windows(self, inst: Instance) -> list[list[int]]:
        weekends = [w for w in weekend_shifts(inst) if w >= -inst.history_length - 1]
        if self.weeks is None:
            weekends = [w for w in weekends if w + 1 >= 0]
            return [weekends] if weekends else []
        if len(weekends) <= self.weeks:
            return [weekends] if weekends else []
        return [
            weekends[i : i + self.weeks]
            for i in range(len(weekends) - self.weeks + 1)
            if weekends[i + self.weeks - 1] + 1 >= 0
        ]

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        windows = self.windows(inst)
        for emp in self.subjects(inst):
            for window in windows:
                terms = [(1, weekend_literal(ctx, emp.id, w)) for w in window]
                ctx.at_most(self, f"{emp.id}:{self._date(inst, window[0])}", terms, self.max)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        windows = self.windows(inst)
        for emp in self.subjects(inst):
            worked = weekends_worked(roster, emp.id)
            for window in windows:
                count = len(worked.intersection(window))
                if count > self.max:
                    first = self._date(inst, window[0])
                    span = f"the {len(window)} weekends from {first}"
                    yield self.violation(
                        f"{emp.id}:{first}",
                        f"{roster.who(emp.id)}: works {count} of {span}; at most {self.max}",
                        amount=count - self.max,
                        employee=emp.id,
                        date=first,
                    )

    @staticmethod
    def _date(inst: Instance, saturday: int) -> dt.date:
        return inst.scenario.period.start + dt.timedelta(days=saturday)


class SundayRest(Rule):
    """Work on a Sunday or public holiday is followed by a free next Sunday."""

    kind: Literal["sunday_rest"] = "sunday_rest"

    def pairs(self, inst: Instance) -> list[tuple[int, int]]:
        """(Sunday or holiday, the next Sunday) pairs within the timeline and period."""
        found = []
        for day in inst.timeline:
            if not (day.is_sunday or day.is_holiday):
                continue
            following = day.index + ((6 - day.weekday) or 7)
            if 0 <= following < inst.num_days:
                found.append((day.index, following))
        return found

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for emp in self.subjects(inst):
            for day, sunday in self.pairs(inst):
                lits = [ctx.vars.work(emp.id, day), ctx.vars.work(emp.id, sunday)]
                ctx.forbid(self, f"{emp.id}:{inst.day(day).date}", lits)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for emp in self.subjects(inst):
            for day, sunday in self.pairs(inst):
                if roster.works(emp.id, day) and roster.works(emp.id, sunday):
                    yield self.violation(
                        f"{emp.id}:{inst.day(day).date}",
                        f"{roster.who(emp.id)}: works {roster.when(day)} and the next Sunday "
                        f"{roster.when(sunday)}",
                        employee=emp.id,
                        date=inst.day(sunday).date,
                    )
