"""Runs of working days and days off: at most N days in a row, no too-short runs.

Runs are read over the history and the period. A run that touches the start of the known
timeline or the end of the period is not too short: it may go on outside.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from turnus.rules.base import BuildContext, Rule, Violation, negate

if TYPE_CHECKING:
    from turnus.roster import Roster


def runs(worked: set[int], first: int, last: int, working: bool) -> list[tuple[int, int]]:
    """Maximal runs ``(start, end)`` of working (or free) days within ``first..last``."""
    found, start = [], None
    for day in range(first, last + 2):
        inside = day <= last and (day in worked) == working
        if inside and start is None:
            start = day
        elif not inside and start is not None:
            found.append((start, day - 1))
            start = None
    return found


def _worked_days(roster: Roster, employee_id: str) -> set[int]:
    return {d for d, s in roster.shift_on.get(employee_id, {}).items() if s}


class MaxConsecutiveDays(Rule):
    """At most ``max`` working days in a row (days before the known history count as off).

    .. math:: \\sum_{d=w}^{w+N} work_{e,d} \\le N \\quad \\forall w
    """

    kind: Literal["max_consecutive_days"] = "max_consecutive_days"
    max: int = Field(default=6, ge=1)

    def add(self, ctx: BuildContext) -> None:
        inst, n = ctx.instance, self.max
        for emp in self.subjects(inst):
            for start in range(max(-inst.history_length, -n), inst.num_days - n):
                days = range(start, start + n + 1)
                terms = [(1, ctx.vars.work(emp.id, d)) for d in days]
                ctx.at_most(self, f"{emp.id}:{inst.day(start).date}", terms, n)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst, n = roster.instance, self.max
        for emp in self.subjects(inst):
            worked = _worked_days(roster, emp.id)
            for start, end in runs(worked, -inst.history_length, inst.num_days - 1, True):
                windows = [w for w in range(start, end - n + 1) if w + n >= 0]
                if windows:
                    yield self.violation(
                        f"{emp.id}:{inst.day(max(start, 0)).date}",
                        f"{roster.who(emp.id)}: {end - start + 1} working days in a row from "
                        f"{roster.when(start)} to {roster.when(end)}; at most {n}",
                        amount=len(windows),
                        employee=emp.id,
                        date=inst.day(max(start, 0)).date,
                    )


class _MinRun(Rule):
    """Shared by the two minimum-run rules: forbid ``edge, k days, edge`` for k < min."""

    min: int = Field(default=2, ge=1)
    working: bool = True

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for emp in self.subjects(inst):
            for before in range(-inst.history_length, inst.num_days):
                for length in range(1, self.min):
                    after = before + length + 1
                    if after >= inst.num_days or after < 0:
                        continue
                    lits = [
                        self._is_run(ctx.vars.work(emp.id, d)) for d in range(before + 1, after)
                    ]
                    edges = [
                        negate(self._is_run(ctx.vars.work(emp.id, d))) for d in (before, after)
                    ]
                    key = f"{emp.id}:{inst.day(before + 1).date}"
                    ctx.forbid(self, key, [*edges, *lits])

    def _is_run(self, work: object) -> object:
        return work if self.working else negate(work)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        first, last = -inst.history_length, inst.num_days - 1
        what = "working day(s)" if self.working else "day(s) off"
        for emp in self.subjects(inst):
            worked = _worked_days(roster, emp.id)
            for start, end in runs(worked, first, last, self.working):
                length = end - start + 1
                if start == first or end == last or length >= self.min or end + 1 < 0:
                    continue
                yield self.violation(
                    f"{emp.id}:{inst.day(start).date}",
                    f"{roster.who(emp.id)}: only {length} {what} from {roster.when(start)}; "
                    f"at least {self.min} in a row",
                    employee=emp.id,
                    date=inst.day(start).date,
                )


class MinConsecutiveDays(_MinRun):
    """Working days come in runs of at least ``min`` (min 2: no isolated working day)."""

    kind: Literal["min_consecutive_days"] = "min_consecutive_days"
    working: Literal[True] = True


class MinConsecutiveDaysOff(_MinRun):
    """Days off come in runs of at least ``min`` (min 2: no isolated day off)."""

    kind: Literal["min_consecutive_days_off"] = "min_consecutive_days_off"
    working: Literal[False] = False
