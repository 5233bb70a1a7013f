"""Rest between shifts (AML § 10-8): daily rest and weekly rest, from real clock times.

Both hold across the period boundary: history shifts before the period take part, and days
after the period are unknown, so they count as free.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from turnus.rules.base import BuildContext, Rule, Violation, negate

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"


class DailyRest(Rule):
    """At least ``min_hours`` between the end of one shift and the start of the next.

    .. math:: x_{e,d,s} + x_{e,d',s'} \\le 1 \\quad \\text{if } start(d',s') - end(d,s) < R
    """

    kind: Literal["daily_rest"] = "daily_rest"
    min_hours: float = Field(default=11, ge=0, le=24)

    @property
    def min_minutes(self) -> int:
        return round(self.min_hours * 60)

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for emp in self.subjects(inst):
            for day in range(-inst.history_length, inst.num_days):
                for shift, lit in ctx.vars.shifts(emp.id, day):
                    for later in (day + 1, day + 2):
                        if later < 0:
                            continue
                        for next_shift, next_lit in ctx.vars.shifts(emp.id, later):
                            gap = inst.start(later, next_shift) - inst.end(day, shift)
                            if gap < self.min_minutes:
                                key = f"{emp.id}:{inst.day(day).date}:{shift}:{next_shift}"
                                ctx.forbid(self, key, [lit, next_lit])

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for emp in self.subjects(inst):
            worked = roster.worked(emp)
            for i, (day, shift) in enumerate(worked):
                for later, next_shift in worked[i + 1 : i + 3]:
                    if later < 0 or later - day > 2:
                        continue
                    gap = inst.start(later, next_shift) - inst.end(day, shift)
                    if gap < self.min_minutes:
                        yield self.violation(
                            f"{emp.id}:{inst.day(day).date}:{shift}:{next_shift}",
                            f"{roster.who(emp.id)}: {_hours(gap)} rest between {shift} on "
                            f"{roster.when(day)} and {next_shift} on {roster.when(later)}; "
                            f"needs {_hours(self.min_minutes)}",
                            employee=emp.id,
                            date=inst.day(later).date,
                        )


class WeeklyRest(Rule):
    """A free stretch of at least ``min_hours`` around a day off, in every 7-day window.

    A day off ``d`` gives weekly rest when the time from the end of the last shift before it to
    the start of the first shift after it is at least ``min_hours``. ``window`` is ``rolling``
    (every 7 consecutive days) or ``week`` (Monday to Sunday).
    """

    kind: Literal["weekly_rest"] = "weekly_rest"
    min_hours: float = Field(default=35, ge=0, le=96)
    window: Literal["rolling", "week"] = "rolling"

    @property
    def min_minutes(self) -> int:
        return round(self.min_hours * 60)

    def windows(self, inst: Instance) -> list[int]:
        """First days of the 7-day windows checked: inside the timeline, touching the period."""
        first = max(-inst.history_length, -6)
        starts = range(first, inst.num_days - 6)
        if self.window == "week":
            return [d for d in starts if inst.day(d).weekday == 0]
        return list(starts)

    def _span(self, inst: Instance) -> int:
        """The most days from one shift to the next across which rest can be too short."""
        latest_end = max(s.end_minute for s in inst.shift_types)
        earliest_start = min(s.start_minute for s in inst.shift_types)
        span = 2
        while 1440 * span + earliest_start - latest_end < self.min_minutes:
            span += 1
        return span - 1

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        windows = self.windows(inst)
        if not windows:
            return
        span = self._span(inst)
        for emp in self.subjects(inst):
            rested = {}
            for day in range(windows[0], windows[-1] + 7):
                rested[day] = self._rest_literal(ctx, emp.id, day, span)
            for start in windows:
                key = f"{emp.id}:{inst.day(start).date}"
                ctx.at_least(self, key, [(1, rested[d]) for d in range(start, start + 7)], 1)

    def _rest_literal(self, ctx: BuildContext, employee: str, day: int, span: int) -> object:
        """A literal that can be true only if ``day`` is off and gives weekly rest."""
        inst, v = ctx.instance, ctx.vars
        work = v.work(employee, day)
        if isinstance(work, int) and work == 1:
            return 0
        ok = ctx.model.new_bool_var(f"rest[{employee},{day}]")
        ctx.clause([~ok, negate(work)])
        first = -inst.history_length
        for before in range(max(first, day + 1 - span), day):
            for after in range(day + 1, min(before + span, inst.num_days - 1) + 1):
                between = [v.work(employee, d) for d in range(before + 1, after) if d != day]
                for shift, lit in v.shifts(employee, before):
                    for next_shift, next_lit in v.shifts(employee, after):
                        gap = inst.start(after, next_shift) - inst.end(before, shift)
                        if gap < self.min_minutes:
                            ctx.clause([~ok, negate(lit), negate(next_lit), *between])
        return ok

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        windows = self.windows(inst)
        for emp in self.subjects(inst):
            worked = roster.worked(emp)
            for start in windows:
                days = range(start, start + 7)
                if any(self._rest_around(inst, worked, d) for d in days):
                    continue
                yield self.violation(
                    f"{emp.id}:{inst.day(start).date}",
                    f"{roster.who(emp.id)}: no {_hours(self.min_minutes)} rest in the 7 days "
                    f"from {roster.when(start)}",
                    employee=emp.id,
                    date=inst.day(start).date,
                )

    def _rest_around(self, inst: Instance, worked: list[tuple[int, str]], day: int) -> bool:
        if any(d == day for d, _ in worked):
            return False
        before = [(d, s) for d, s in worked if d < day]
        after = [(d, s) for d, s in worked if d > day]
        prev_end = inst.end(*before[-1]) if before else None
        next_start = inst.start(*after[0]) if after else None
        if prev_end is None or next_start is None:
            return True
        return next_start - prev_end >= self.min_minutes
