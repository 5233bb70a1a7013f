"""The staffing plan (bemanningsplan): minimum, target and maximum head-count per task period.

Heads are counted in hundredths so that a trainee or a person in training can count as a
fraction of a head. Amounts are hundredths of a head; weights are per head.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from turnus.rules.base import BuildContext, Rule, Violation

if TYPE_CHECKING:
    from turnus.instance import DemandKey, Instance
    from turnus.roster import Roster


def cover_hundredths(instance: Instance, employee: str, key: DemandKey) -> int:
    """How much of a head a person doing this task counts, in hundredths.

    Nothing while at an event. A learner counts their plan's ``learner_cover``; when the
    mentor works the same task, the learner's period also takes the mentor's lost share
    (``mentor_cover - 1``), so a pair counts ``learner_cover + mentor_cover``.
    """
    day, shift, period, task = key
    training = instance.training
    if training.at_event(employee, day, shift, period):
        return 0
    plan = training.plan(employee, task)
    if plan is not None:
        mentor_share = plan.mentor_cover - 1 if training.mentor_task(plan) == task else 0
        return round((plan.learner_cover + mentor_share) * 100)
    return round(instance.employee[employee].cover_fraction * 100)


class Coverage(Rule):
    """Meet the staffing plan.

    For each day, shift, task period and task with head-count ``c`` (in hundredths):
    ``c >= 100 min`` (hard, or ``weight`` per head short), ``c >= 100 target`` (``target_weight``
    per head short), ``c <= 100 max`` (hard), and ``over_weight`` per head above the target.
    """

    per: ClassVar[int] = 100
    kind: Literal["coverage"] = "coverage"
    weight: int = Field(default=1000, ge=0)
    target_weight: int = Field(default=20, ge=0)
    over_weight: int = Field(default=0, ge=0)

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for key, line in inst.demand.items():
            terms = [(cover_hundredths(inst, emp, key), lit) for emp, lit in ctx.vars.tasks(*key)]
            terms.append((inst.cover_offset.get(key, 0), 1))  # others' cover, when restricted
            name = _key_name(inst, key)
            ctx.at_least(self, f"min:{name}", terms, 100 * line.min)
            if line.target is not None and line.target > line.min and self.target_weight:
                ctx.at_least(
                    self, f"target:{name}", terms, 100 * line.target, self.target_weight, False
                )
            if self.over_weight:
                top = line.target if line.target is not None else line.min
                ctx.at_most(self, f"over:{name}", terms, 100 * top, self.over_weight, False)
            if line.max is not None:
                ctx.at_most(self, f"max:{name}", terms, 100 * line.max, hard=True)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        counts = planned_cover(roster)
        for key, line in inst.demand.items():
            count = counts.get(key, 0)
            name, where, date = _key_name(inst, key), _describe(inst, key), inst.day(key[0]).date
            has = f"{where}: {count / 100:g} planned"
            if count < 100 * line.min:
                yield self.violation(
                    f"min:{name}", f"{has}, minimum {line.min}", 100 * line.min - count,
                    date=date,
                )  # fmt: skip
            if (
                self.target_weight
                and line.min < (line.target or 0)
                and count < 100 * (line.target or 0)
            ):
                yield self.violation(
                    f"target:{name}", f"{has}, target {line.target}",
                    100 * line.target - count, date=date, weight=self.target_weight,
                    hard=False,
                )  # fmt: skip
            top = line.target if line.target is not None else line.min
            if self.over_weight and count > 100 * top:
                yield self.violation(
                    f"over:{name}", f"{has}, target {top}", count - 100 * top, date=date,
                    weight=self.over_weight, hard=False,
                )  # fmt: skip
            if line.max is not None and count > 100 * line.max:
                yield self.violation(
                    f"max:{name}", f"{has}, maximum {line.max}", count - 100 * line.max,
                    date=date, hard=True,
                )  # fmt: skip


def planned_cover(roster: Roster) -> dict[DemandKey, int]:
    """Head-count in hundredths per (day, shift, period, task) in a roster."""
    inst = roster.instance
    counts: dict[DemandKey, int] = {}
    for (employee, day, shift), periods in roster.tasks.items():
        if employee not in inst.employee:
            continue
        for period, tasks in periods.items():
            for task in tasks:
                key = (day, shift, period, task)
                counts[key] = counts.get(key, 0) + cover_hundredths(inst, employee, key)
    return counts


def _key_name(inst: Instance, key: DemandKey) -> str:
    day, shift, period, task = key
    return f"{inst.day(day).date}:{shift}:{period}:{task}"


def _describe(inst: Instance, key: DemandKey) -> str:
    day, shift, period, task = key
    shift_type = inst.shift[shift]
    start, end = shift_type.period_window(period)
    clock = f"{start // 60 % 24:02d}:{start % 60:02d}-{end // 60 % 24:02d}:{end % 60:02d}"
    return f"{inst.day(day).date:%a %d %b}, {shift} {clock}, {inst.task[task].name or task}"
