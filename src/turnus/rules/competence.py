"""Keeping competence current, and sharing unpopular tasks fairly.

``competence_upkeep``: everyone qualified for a competence's tasks does them in at least
``min_uses`` task periods in the period (soft). ``unpopular_tasks``: task periods on tasks marked
``unpopular`` are spread evenly, per full-time equivalent, over those who can do them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field

from turnus.domain import Employee, Id
from turnus.rules.base import BuildContext, Rule, Term, Violation
from turnus.rules.fairness import fte_factor

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


class CompetenceUpkeep(Rule):
    """Each competence used at least ``min_uses`` times (task periods), per qualified person.

    Applies to ``competences`` (all when not given) and to those qualified for at least one
    task needing it. ``weight`` per use short.
    """

    kind: Literal["competence_upkeep"] = "competence_upkeep"
    min_uses: int = Field(default=2, ge=0)
    competences: tuple[Id, ...] | None = None
    weight: int = Field(default=5, ge=0)

    def pairs(self, inst: Instance) -> Iterator[tuple[Employee, str, set[str]]]:
        """(employee, competence, its tasks the employee is qualified for)."""
        for emp in self.subjects(inst):
            for competence in emp.competences:
                if self.competences is not None and competence not in self.competences:
                    continue
                tasks = {
                    t.id
                    for t in inst.tasks
                    if t.competence == competence and inst.is_qualified(emp, t)
                }
                if tasks:
                    yield emp, competence, tasks

    def add(self, ctx: BuildContext) -> None:
        if not self.min_uses:
            return
        task_vars = ctx.vars.task_vars
        uses: dict[str, list[Term]] = {}
        for (emp, _, _, _, task), lit in task_vars.items():
            uses.setdefault(f"{emp}:{task}", []).append((1, lit))
        for emp, competence, tasks in self.pairs(ctx.instance):
            terms = [term for task in sorted(tasks) for term in uses.get(f"{emp.id}:{task}", [])]
            ctx.at_least(self, f"{emp.id}:{competence}", terms, self.min_uses)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        if not self.min_uses:
            return
        for emp, competence, tasks in self.pairs(roster.instance):
            used = task_periods(roster, emp.id, tasks)
            if used < self.min_uses:
                yield self.violation(
                    f"{emp.id}:{competence}",
                    f"{roster.who(emp.id)} uses {competence} in {used} task period(s); "
                    f"at least {self.min_uses} keep it current",
                    amount=self.min_uses - used,
                    employee=emp.id,
                )


class UnpopularTasks(Rule):
    """Minimise the spread of unpopular task periods per FTE across those who can do them.

    .. math:: w \\, (\\max_e n_e f_e - \\min_e n_e f_e)

    Amounts are hundredths of a task period per FTE, as in ``fairness``.
    """

    per: ClassVar[int] = 100
    kind: Literal["unpopular_tasks"] = "unpopular_tasks"
    weight: int = Field(default=3, ge=0)

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        unpopular = {t.id for t in inst.tasks if t.unpopular}
        lits: dict[str, list[Any]] = {}
        for (emp, _, _, _, task), lit in ctx.vars.task_vars.items():
            if task in unpopular:
                lits.setdefault(emp, []).append(lit)
        counts, upper = [], 0
        for emp in self.subjects(inst):
            if emp.id in lits:
                counts.append(fte_factor(emp) * sum(lits[emp.id]))
                upper = max(upper, len(lits[emp.id]) * fte_factor(emp))
        if len(counts) < 2 or not self.weight:
            return
        top = ctx.model.new_int_var(0, upper, "unpopular:most")
        low = ctx.model.new_int_var(0, upper, "unpopular:least")
        ctx.model.add_max_equality(top, counts)
        ctx.model.add_min_equality(low, counts)
        ctx.penalise(self, "spread", top - low)

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        unpopular = {t.id for t in inst.tasks if t.unpopular}
        scaled = {
            emp.id: task_periods(roster, emp.id, unpopular) * fte_factor(emp)
            for emp in self.subjects(inst)
            if _could_do(inst, emp, unpopular)
        }
        if len(scaled) < 2 or not self.weight:
            return
        most = max(scaled, key=scaled.__getitem__)
        least = min(scaled, key=scaled.__getitem__)
        if scaled[most] > scaled[least]:
            yield self.violation(
                "spread",
                f"unpopular tasks: {scaled[most] / 100:g} per FTE for {roster.who(most)} "
                f"against {scaled[least] / 100:g} for {roster.who(least)}",
                amount=scaled[most] - scaled[least],
            )


def task_periods(roster: Roster, employee: str, tasks: set[str]) -> int:
    """Task periods in the period in which ``employee`` does one of ``tasks``."""
    inst = roster.instance
    return sum(
        1
        for (emp, day, _), periods in roster.tasks.items()
        if emp == employee and 0 <= day < inst.num_days
        for done in periods.values()
        for task in done
        if task in tasks
    )


def _could_do(inst: Instance, emp: Employee, tasks: set[str]) -> bool:
    """Whether the model has a variable for the person doing one of ``tasks``."""
    return any(
        task in tasks
        for day in range(inst.num_days)
        for shift in inst.shift_types
        if inst.can_work(emp, day, shift.id)
        for period in shift.task_periods
        for task in inst.candidate_tasks(emp, day, shift.id, period.id)
    )
