"""Night work (AML § 10-11): short runs of nights and rest after the last night of a run.

Who may work nights at all is decided by the employee's ``nights`` flag and is checked with the
other assignment rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from turnus.rules.base import BuildContext, Rule, Violation, negate

if TYPE_CHECKING:
    from turnus.roster import Roster


class MaxConsecutiveNights(Rule):
    """At most ``max`` night shifts on consecutive days."""

    kind: Literal["max_consecutive_nights"] = "max_consecutive_nights"
    max: int = Field(default=3, ge=1)

    def add(self, ctx: BuildContext) -> None:
        inst, n = ctx.instance, self.max
        nights = [s.id for s in inst.shift_types if inst.is_night(s.id)]
        for emp in self.subjects(inst):
            for start in range(max(-inst.history_length, -n), inst.num_days - n):
                terms = [
                    (1, ctx.vars.x(emp.id, d, s))
                    for d in range(start, start + n + 1)
                    for s in nights
                ]
                ctx.at_most(self, f"{emp.id}:{inst.day(start).date}", terms, n)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst, n = roster.instance, self.max
        for emp in self.subjects(inst):
            nights = {d for d, s in roster.worked(emp) if inst.is_night(s)}
            for start in range(max(-inst.history_length, -n), inst.num_days - n):
                count = len(nights.intersection(range(start, start + n + 1)))
                if count > n:
                    yield self.violation(
                        f"{emp.id}:{inst.day(start).date}",
                        f"{roster.who(emp.id)}: {count} nights in a row from "
                        f"{roster.when(start)}; at most {n}",
                        amount=count - n,
                        employee=emp.id,
                        date=inst.day(max(start, 0)).date,
                    )


class RestAfterNights(Rule):
    """After the last night of a run, the next shift starts at least ``min_hours`` later."""

    kind: Literal["rest_after_nights"] = "rest_after_nights"
    min_hours: float = Field(default=35, ge=0, le=96)

    @property
    def min_minutes(self) -> int:
        return round(self.min_hours * 60)

    def add(self, ctx: BuildContext) -> None:
        inst, v = ctx.instance, ctx.vars
        for emp in self.subjects(inst):
            for day in range(-inst.history_length, inst.num_days):
                for night, lit in v.shifts(emp.id, day):
                    if not inst.is_night(night):
                        continue
                    reach = day + 2 + self.min_minutes // 1440
                    for later in range(max(day + 1, 0), min(reach, inst.num_days - 1) + 1):
                        between = [v.work(emp.id, d) for d in range(day + 1, later)]
                        for shift, next_lit in v.shifts(emp.id, later):
                            if later == day + 1 and inst.is_night(shift):
                                continue  # the run goes on
                            if inst.start(later, shift) - inst.end(day, night) < self.min_minutes:
                                key = f"{emp.id}:{inst.day(later).date}:{shift}"
                                ctx.forbid(self, key, [lit, next_lit, *map(negate, between)])

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for emp in self.subjects(inst):
            worked = roster.worked(emp)
            for (day, night), (later, shift) in itertools.pairwise(worked):
                if not inst.is_night(night) or later < 0:
                    continue
                if later == day + 1 and inst.is_night(shift):
                    continue
                rest = inst.start(later, shift) - inst.end(day, night)
                if rest < self.min_minutes:
                    yield self.violation(
                        f"{emp.id}:{inst.day(later).date}:{shift}",
                        f"{roster.who(emp.id)}: {rest / 60:g} h rest after the night of "
                        f"{roster.when(day)} before {shift} on {roster.when(later)}; "
                        f"needs {self.min_hours:g} h",
                        employee=emp.id,
                        date=inst.day(later).date,
                    )
