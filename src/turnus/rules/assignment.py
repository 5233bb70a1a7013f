"""Who may work what: one shift a day, one task per task period, competence, absences,
allowed shift types, nights only where allowed, and fixed assignments.

All but fixed assignments hold by construction in the model (no variable exists for a cell
that breaks them); the checker verifies every one of them in a roster from anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from turnus.rules.base import BuildContext, Rule, Violation
from turnus.rules.training import has_mentor

if TYPE_CHECKING:
    from turnus.roster import Roster


class Assignment(Rule):
    """The basic assignment rules; always hard.

    .. math:: \\sum_s x_{eds} \\le 1, \\quad \\sum_t y_{edspt} = x_{eds} \\; \\forall p,
              \\quad x_{eds} = 1 \\text{ where fixed}
    """

    kind: Literal["assignment"] = "assignment"
    hard: bool = True

    def add(self, ctx: BuildContext) -> None:
        for (employee, day), fixed in ctx.instance.fixed.items():
            key = f"{employee}:{ctx.instance.day(day).date}"
            if fixed.is_off:
                ctx.at_most(self, key, [(1, ctx.vars.work(employee, day))], 0)
            else:
                ctx.at_least(self, key, [(1, ctx.vars.x(employee, day, fixed.shift))], 1)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for employee, day, shifts in roster.double_booked:
            yield self._broken(
                roster, employee, day, f"works {len(shifts)} shifts ({', '.join(shifts)})"
            )
        for (employee, day, shift), periods in sorted(roster.tasks.items()):
            emp = inst.employee.get(employee)
            if emp is None:
                yield self._broken(roster, employee, day, "is not an employee of the scenario")
                continue
            if shift not in inst.shift:
                yield self._broken(roster, employee, day, f"works unknown shift '{shift}'")
                continue
            if not 0 <= day < inst.num_days:
                yield self._broken(roster, employee, day, "is rostered outside the period")
                continue
            yield from self._check_cell(roster, employee, day, shift, periods)
        for (employee, day), fixed in sorted(inst.fixed.items()):
            worked = roster.shift(employee, day)
            wanted = None if fixed.is_off else fixed.shift
            if worked != wanted:
                yield self._broken(
                    roster,
                    employee,
                    day,
                    f"was fixed to {wanted or 'off'} but has {worked or 'no shift'}",
                )

    def _check_cell(
        self, roster: Roster, employee: str, day: int, shift: str, periods: dict[str, list[str]]
    ) -> Iterator[Violation]:
        inst = roster.instance
        emp = inst.employee[employee]
        shift_type = inst.shift[shift]
        if not inst.may_work_type(emp, shift_type):
            why = "is not allowed to work nights" if inst.is_night(shift) else "may not work"
            yield self._broken(roster, employee, day, f"{why} shift {shift}")
        absence = inst.absence_clash(employee, day, shift)
        if absence is not None:
            yield self._broken(
                roster, employee, day, f"works {shift} during an absence ({absence.kind})"
            )
        for period in shift_type.task_periods:
            tasks = periods.get(period.id, [])
            if len(tasks) != 1:
                yield self._broken(
                    roster,
                    employee,
                    day,
                    f"has {len(tasks)} tasks in period {period.id} of {shift}, needs exactly 1",
                )
            for task in tasks:
                if task not in inst.task:
                    yield self._broken(roster, employee, day, f"does unknown task '{task}'")
                elif not self._may_do(roster, employee, day, shift, period.id, task):
                    need = inst.task[task]
                    yield self._broken(
                        roster,
                        employee,
                        day,
                        f"does {task} without {need.competence} at level {need.min_level}",
                    )
        for period in set(periods) - {p.id for p in shift_type.task_periods}:
            yield self._broken(roster, employee, day, f"has unknown task period '{period}'")

    def _may_do(
        self, roster: Roster, employee: str, day: int, shift: str, period: str, task: str
    ) -> bool:
        inst = roster.instance
        fixed = inst.fixed.get((employee, day))
        if fixed is not None and fixed.task == task and fixed.shift == shift:
            return True
        if inst.is_qualified(inst.employee[employee], inst.task[task]):
            return True
        # a learner may do the task only as a training period, beside a mentor
        return has_mentor(roster, employee, (day, shift, period), task)

    def _broken(self, roster: Roster, employee: str, day: int, what: str) -> Violation:
        inst = roster.instance
        date = inst.scenario.period.start + dt.timedelta(days=day)  # also outside the period
        return self.violation(
            key=f"{employee}:{date}",
            message=f"{roster.who(employee)} on {date}: {what}",
            employee=employee,
            date=date,
        )
