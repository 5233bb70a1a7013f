"""Re-rostering: stay close to the published roster.

Only active when the instance carries a published roster (``instance.published``, set by
:mod:`turnus.reroster`). Days before the first day open to change stay exactly as published
(hard). From that day on, every change costs: moving someone's work or day off (or giving them
another shift) costs more than changing only their task, and changes soon cost more than
changes later, because people have planned their lives around the published roster.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from turnus.result import Schedule
from turnus.rules.base import BuildContext, Rule, Violation, negate

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


@dataclass(frozen=True)
class Published:
    """A published roster and the first date that may change (days before it are fixed)."""

    schedule: Schedule
    start: dt.date

    @cached_property
    def shifts(self) -> dict[tuple[str, dt.date], str]:
        return self.schedule.shifts()

    @cached_property
    def tasks(self) -> dict[tuple[str, dt.date, str], dict[str, str]]:
        """(employee, date, shift) -> task period -> task."""
        found: dict[tuple[str, dt.date, str], dict[str, str]] = defaultdict(dict)
        for a in self.schedule.assignments:
            found[a.employee, a.date, a.shift].setdefault(a.period, a.task)
        return found

    def cell(self, employee: str, date: dt.date) -> tuple[str | None, dict[str, str]]:
        """The shift (None for a day off) and its tasks by period."""
        shift = self.shifts.get((employee, date))
        return shift, dict(self.tasks.get((employee, date, shift), {})) if shift else {}


def describe_cell(shift: str | None, tasks: dict[str, str] | dict[str, list[str]]) -> str:
    """``off``, ``D ekspedisjon`` or ``D (fm ekspedisjon, em skriv)``."""
    if shift is None:
        return "off"
    names = {p: t if isinstance(t, str) else "+".join(t) for p, t in sorted(tasks.items())}
    if len(set(names.values())) <= 1:
        return f"{shift} {next(iter(names.values()), '')}".strip()
    return f"{shift} ({', '.join(f'{p} {t}' for p, t in names.items())})"


class Changes(Rule):
    """Changes against the published roster.

    Days before the published roster's change date are fixed (hard). From it on, a day whose
    shift changes (work to off, off to work, or another shift) costs
    ``weight + soon_weight * max(0, soon_days - k)`` on the k-th day after the change date; a
    task period whose task changes on an unchanged shift costs ``task_weight``.
    """

    kind: Literal["changes"] = "changes"
    weight: int = Field(default=200, ge=0)
    task_weight: int = Field(default=60, ge=0)
    soon_days: int = Field(default=7, ge=0)
    soon_weight: int = Field(default=10, ge=0)

    def cost(self, offset: int) -> int:
        """Cost of moving a shift or day off ``offset`` days after the change date."""
        return self.weight + self.soon_weight * max(0, self.soon_days - offset)

    def _cells(self, inst: Instance) -> Iterator[tuple[str, int, str | None, dict[str, str]]]:
        """(employee, day, published shift, published tasks) for every person and day."""
        published: Published = inst.published
        for emp in self.subjects(inst):
            for day in inst.days:
                yield emp.id, day.index, *published.cell(emp.id, day.date)

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        if inst.published is None:
            return
        first = inst.index_of(inst.published.start)
        for employee, day, shift, tasks in self._cells(inst):
            key = f"{employee}:{inst.day(day).date}"
            if day < first:
                self._freeze(ctx, employee, day, shift, tasks, key)
                continue
            if shift is None:
                moved = ctx.vars.work(employee, day)
            else:
                moved = negate(ctx.vars.x(employee, day, shift))
            ctx.forbid(self, f"{key}:shift", [moved], weight=self.cost(day - first))
            for period, task in tasks.items():
                done = ctx.vars.task_vars.get((employee, day, shift, period, task), 0)
                ctx.forbid(
                    self,
                    f"{key}:{period}:task",
                    [ctx.vars.x(employee, day, shift), negate(done)],
                    weight=self.task_weight,
                )

    def _freeze(
        self,
        ctx: BuildContext,
        employee: str,
        day: int,
        shift: str | None,
        tasks: dict[str, str],
        key: str,
    ) -> None:
        if shift is None:
            ctx.at_most(self, f"{key}:fixed", [(1, ctx.vars.work(employee, day))], 0, hard=True)
            return
        lits: list[Any] = [ctx.vars.x(employee, day, shift)]
        lits += [ctx.vars.task_vars.get((employee, day, shift, p, t), 0) for p, t in tasks.items()]
        for lit in lits:
            ctx.at_least(self, f"{key}:fixed", [(1, lit)], 1, hard=True)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        if inst.published is None:
            return
        first = inst.index_of(inst.published.start)
        for employee, day, shift, tasks in self._cells(inst):
            date = inst.day(day).date
            key, who, when = f"{employee}:{date}", roster.who(employee), roster.when(day)
            now = roster.shift(employee, day)
            now_tasks = roster.tasks.get((employee, day, now), {}) if now else {}
            before, after = describe_cell(shift, tasks), describe_cell(now, now_tasks)
            if day < first:
                if now != shift or any([t] != now_tasks.get(p) for p, t in tasks.items()):
                    yield self.violation(
                        f"{key}:fixed",
                        f"{who} on {when}: {before} → {after}, but days before "
                        f"{inst.published.start} stay as published",
                        employee=employee, date=date, hard=True,
                    )  # fmt: skip
                continue
            if now != shift:
                yield self.violation(
                    f"{key}:shift", f"{who} on {when}: {before} → {after}",
                    employee=employee, date=date, weight=self.cost(day - first), hard=False,
                )  # fmt: skip
                continue
            for period, task in tasks.items():
                if task not in now_tasks.get(period, []):
                    yield self.violation(
                        f"{key}:{period}:task",
                        f"{who} on {when}, {shift} {period}: task {task} → "
                        f"{'+'.join(now_tasks.get(period, [])) or 'none'}",
                        employee=employee, date=date, weight=self.task_weight, hard=False,
                    )  # fmt: skip
