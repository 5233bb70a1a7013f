"""Training of new hires (opplæring): every training period has a mentor beside the learner,
each plan's periods are delivered by its deadline, and they are spread over the time.

A learner is someone with a training plan for a task whose competence is below the task's
minimum (:class:`turnus.training.TrainingIndex`). The learner gets task variables for that task
only where a mentor could be present, and each such period is a training period. A mentor is a
named mentor of the plan or an expert in the task, never someone in training for it (a delegated
task is not delegated on), working the same task or the plan's mentoring task in the same task
period of the same shift.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from turnus.domain import TrainingPlan
from turnus.rules.base import BuildContext, Rule, Term, Violation

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster

Cell = tuple[int, str, str]  # day, shift, task period
Cells = dict[tuple[str, str], dict[Cell, Any]]  # (learner, task) -> cell -> literal


class Training(Rule):
    """Mentors beside learners, plans met by their deadline, training spread out.

    For a learner ``l`` on task ``T`` with mentors ``M`` and mentor task ``T'``, in every task
    period :math:`y_{l,T} \\le \\sum_{m \\in M} y_{m,T'}` (``hard``); learners of a task at most
    ``max_learners`` per mentor present; a mentoring task (``T' \\ne T``) is done only beside a
    learner the person may mentor. :math:`\\sum y_{l,T} \\ge N` by the deadline (``plan_hard``,
    or ``shortfall_weight`` per period short), and at most an even share of ``N`` in each block
    of ``spread_days`` days (``spread_weight`` per period above it).
    """

    kind: Literal["training"] = "training"
    hard: bool = True
    max_learners: int = Field(default=1, ge=1)
    plan_hard: bool = False
    shortfall_weight: int = Field(default=500, ge=0)
    spread_days: int = Field(default=7, ge=1)
    spread_weight: int = Field(default=2, ge=0)

    def plans(self, inst: Instance) -> list[TrainingPlan]:
        """The plans this rule checks: learners below the task's level, in scenario order."""
        return [p for p in inst.training.plans.values() if self.applies(inst.employee[p.employee])]

    def links_people(self, instance: Instance) -> bool:
        return bool(self.plans(instance))  # a mentor beside each learner

    # -- the model ------------------------------------------------------------------------------

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        plans = self.plans(inst)
        cells: Cells = defaultdict(dict)
        for (emp, day, shift, period, task), lit in ctx.vars.task_vars.items():
            if (emp, task) in inst.training.plans:
                cells[emp, task][day, shift, period] = lit
        for plan in plans:
            self._add_plan(ctx, plan, cells[plan.employee, plan.task])
        for group, members in _groups(plans).items():
            self._add_capacity(ctx, group, members, cells)
        self._add_mentoring_tasks(ctx, plans, cells)

    def _mentor_terms(
        self, ctx: BuildContext, mentors: set[str], task: str, cell: Cell
    ) -> list[Term]:
        return [(1, lit) for m, lit in ctx.vars.tasks(*cell, task) if m in mentors]

    def _add_plan(self, ctx: BuildContext, plan: TrainingPlan, cells: dict[Cell, Any]) -> None:
        inst = ctx.instance
        mentors, task = mentor_ids(inst, plan), inst.training.mentor_task(plan)
        for cell, lit in cells.items():
            beside = self._mentor_terms(ctx, mentors, task, cell)
            key = f"mentor:{_cell_key(inst, plan.employee, cell)}"
            ctx.at_least(self, key, [*beside, (-1, lit)], 0)
        last = inst.training.deadline_day(plan)
        counted: list[Term] = [(1, lit) for (day, _, _), lit in cells.items() if day <= last]
        ctx.at_least(
            self, _plan_key(plan), counted, plan.periods, self.shortfall_weight, self.plan_hard
        )
        if not self.spread_weight:
            return
        for first, end, share in _blocks(plan.periods, last, self.spread_days):
            terms = [(1, lit) for (day, _, _), lit in cells.items() if first <= day < end]
            key = f"spread:{plan.employee}:{plan.task}:{inst.day(first).date}"
            ctx.at_most(self, key, terms, share, self.spread_weight, False)

    def _add_capacity(
        self, ctx: BuildContext, group: tuple[str, str], plans: list[TrainingPlan], cells: Cells
    ) -> None:
        """Learners of a task on one mentor task: at most ``max_learners`` per mentor present."""
        inst = ctx.instance
        mentors = set().union(*(mentor_ids(inst, p) for p in plans))
        by_cell: dict[Cell, list[Term]] = defaultdict(list)
        for plan in plans:
            for cell, lit in cells[plan.employee, plan.task].items():
                by_cell[cell].append((1, lit))
        for cell, learners in by_cell.items():
            beside = self._mentor_terms(ctx, mentors, group[1], cell)
            key = f"capacity:{group[0]}:{_cell_name(inst, cell)}"
            ctx.at_most(self, key, [*learners, *((-self.max_learners, m) for _, m in beside)], 0)

    def _add_mentoring_tasks(
        self, ctx: BuildContext, plans: list[TrainingPlan], cells: Cells
    ) -> None:
        """Whoever does a mentoring task has a learner beside them they may mentor."""
        inst = ctx.instance
        mentoring = _mentoring_tasks(inst, plans)
        for (emp, day, shift, period, task), lit in ctx.vars.task_vars.items():
            if task not in mentoring:
                continue
            cell = (day, shift, period)
            learners = [
                (1, cells[p.employee, p.task][cell])
                for p in mentoring[task]
                if cell in cells[p.employee, p.task] and emp in mentor_ids(inst, p)
            ]
            key = f"mentoring:{_cell_key(inst, emp, cell)}"
            ctx.at_least(self, key, [*learners, (-1, lit)], 0)

    # -- the checker ----------------------------------------------------------------------------

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        plans = self.plans(inst)
        doing = tasks_done(roster)
        for plan in plans:
            yield from self._check_plan(roster, plan, doing)
        for group, members in _groups(plans).items():
            yield from self._check_capacity(roster, group, members, doing)
        yield from self._check_mentoring_tasks(roster, plans, doing)

    def _check_plan(
        self, roster: Roster, plan: TrainingPlan, doing: dict[tuple[int, str, str, str], set[str]]
    ) -> Iterator[Violation]:
        inst = roster.instance
        mentors, task = mentor_ids(inst, plan), inst.training.mentor_task(plan)
        cells = training_cells(roster, plan)
        name = inst.task[plan.task].name or plan.task
        for cell in cells:
            if not doing.get((*cell, task), set()) & mentors:
                yield self.violation(
                    f"mentor:{_cell_key(inst, plan.employee, cell)}",
                    f"{roster.who(plan.employee)} trains on {name} on "
                    f"{_describe(inst, cell)} without a mentor ({_mentor_words(inst, plan)}) "
                    f"on {inst.task[task].name or task}",
                    employee=plan.employee,
                    date=inst.day(cell[0]).date,
                )
        last = inst.training.deadline_day(plan)
        delivered = sum(1 for day, _, _ in cells if day <= last)
        if delivered < plan.periods:
            yield self.violation(
                _plan_key(plan),
                shortfall_message(roster, plan, delivered),
                amount=plan.periods - delivered,
                employee=plan.employee,
                weight=self.shortfall_weight,
                hard=self.plan_hard,
            )
        if not self.spread_weight:
            return
        for first, end, share in _blocks(plan.periods, last, self.spread_days):
            count = sum(1 for day, _, _ in cells if first <= day < end)
            if count > share:
                yield self.violation(
                    f"spread:{plan.employee}:{plan.task}:{inst.day(first).date}",
                    f"{roster.who(plan.employee)}: {count} training periods on {name} in the "
                    f"{end - first} days from {inst.day(first).date}, even share {share}",
                    amount=count - share,
                    employee=plan.employee,
                    weight=self.spread_weight,
                    hard=False,
                )

    def _check_capacity(
        self,
        roster: Roster,
        group: tuple[str, str],
        plans: list[TrainingPlan],
        doing: dict[tuple[int, str, str, str], set[str]],
    ) -> Iterator[Violation]:
        inst = roster.instance
        mentors = set().union(*(mentor_ids(inst, p) for p in plans))
        learners: dict[Cell, int] = defaultdict(int)
        for plan in plans:
            for cell in training_cells(roster, plan):
                learners[cell] += 1
        for cell, count in sorted(learners.items()):
            present = len(doing.get((*cell, group[1]), set()) & mentors)
            if count > self.max_learners * present:
                yield self.violation(
                    f"capacity:{group[0]}:{_cell_name(inst, cell)}",
                    f"{_describe(inst, cell)}: {count} learners on {group[0]} with {present} "
                    f"mentor(s); at most {self.max_learners} per mentor",
                    amount=count - self.max_learners * present,
                    date=inst.day(cell[0]).date,
                )

    def _check_mentoring_tasks(
        self,
        roster: Roster,
        plans: list[TrainingPlan],
        doing: dict[tuple[int, str, str, str], set[str]],
    ) -> Iterator[Violation]:
        inst = roster.instance
        mentoring = _mentoring_tasks(inst, plans)
        for (day, shift, period, task), people in sorted(doing.items()):
            if task not in mentoring:
                continue
            cell = (day, shift, period)
            for emp in sorted(people):
                if not any(
                    emp in mentor_ids(inst, p) and p.employee in doing.get((*cell, p.task), ())
                    for p in mentoring[task]
                ):
                    yield self.violation(
                        f"mentoring:{_cell_key(inst, emp, cell)}",
                        f"{roster.who(emp)} does the mentoring task {task} on "
                        f"{_describe(inst, cell)} with no learner of theirs beside them",
                        employee=emp,
                        date=inst.day(day).date,
                    )


# -- shared helpers (also used by the assignment check, diagnostics and metrics) --------------


def mentor_ids(inst: Instance, plan: TrainingPlan) -> set[str]:
    return {m.id for m in inst.training.mentors[plan.employee, plan.task]}


def tasks_done(roster: Roster) -> dict[tuple[int, str, str, str], set[str]]:
    """(day, shift, period, task) -> who does it, within the period."""
    inst = roster.instance
    doing: dict[tuple[int, str, str, str], set[str]] = defaultdict(set)
    for (emp, day, shift), periods in roster.tasks.items():
        if 0 <= day < inst.num_days:
            for period, tasks in periods.items():
                for task in tasks:
                    doing[day, shift, period, task].add(emp)
    return doing


def training_cells(roster: Roster, plan: TrainingPlan) -> list[Cell]:
    """Task periods in which the learner does the plan's task (training periods), in order."""
    inst = roster.instance
    return sorted(
        (day, shift, period)
        for (emp, day, shift), periods in roster.tasks.items()
        if emp == plan.employee and 0 <= day < inst.num_days
        for period, tasks in periods.items()
        if plan.task in tasks
    )


def has_mentor(roster: Roster, learner: str, cell: Cell, task: str) -> bool:
    """Whether a mentor of the learner's plan for ``task`` works beside them in ``cell``."""
    inst = roster.instance
    plan = inst.training.plan(learner, task)
    if plan is None:
        return False
    mentor_task = inst.training.mentor_task(plan)
    day, shift, period = cell
    return any(
        mentor_task in roster.tasks.get((m, day, shift), {}).get(period, ())
        for m in mentor_ids(inst, plan)
    )


def shortfall_message(roster: Roster, plan: TrainingPlan, delivered: int) -> str:
    """The plan's shortfall in words, with the reason when the roster could not do better."""
    from turnus.diagnose_training import plan_obstacle

    inst = roster.instance
    deadline = inst.day(inst.training.deadline_day(plan)).date
    text = (
        f"{roster.who(plan.employee)}: {delivered} of {plan.periods} training periods on "
        f"{inst.task[plan.task].name or plan.task} by {deadline} "
        f"({plan.periods - delivered} short)"
    )
    obstacle = plan_obstacle(inst, plan)
    return f"{text}; {obstacle}" if obstacle else text


def _groups(plans: list[TrainingPlan]) -> dict[tuple[str, str], list[TrainingPlan]]:
    """Plans by (task learned, mentor task)."""
    groups: dict[tuple[str, str], list[TrainingPlan]] = defaultdict(list)
    for plan in plans:
        groups[plan.task, plan.mentor_task or plan.task].append(plan)
    return groups


def _mentoring_tasks(inst: Instance, plans: list[TrainingPlan]) -> dict[str, list[TrainingPlan]]:
    """Mentoring tasks (distinct from the task learned) -> the plans that use them."""
    found: dict[str, list[TrainingPlan]] = defaultdict(list)
    for plan in plans:
        if inst.training.mentor_task(plan) != plan.task:
            found[inst.training.mentor_task(plan)].append(plan)
    return found


def _blocks(periods: int, last: int, days: int) -> list[tuple[int, int, int]]:
    """(first day, end day, even share) of each block of ``days`` days up to ``last``."""
    if last < 0:
        return []
    share = math.ceil(periods * days / (last + 1))
    return [(first, min(first + days, last + 1), share) for first in range(0, last + 1, days)]


def _plan_key(plan: TrainingPlan) -> str:
    return f"plan:{plan.employee}:{plan.task}"


def _cell_name(inst: Instance, cell: Cell) -> str:
    day, shift, period = cell
    return f"{inst.day(day).date}:{shift}:{period}"


def _cell_key(inst: Instance, employee: str, cell: Cell) -> str:
    return f"{employee}:{_cell_name(inst, cell)}"


def _describe(inst: Instance, cell: Cell) -> str:
    day, shift, period = cell
    start, end = inst.shift[shift].period_window(period)
    clock = f"{start // 60 % 24:02d}:{start % 60:02d}-{end // 60 % 24:02d}:{end % 60:02d}"
    return f"{inst.day(day).date:%a %d %b} {shift} {clock}"


def _mentor_words(inst: Instance, plan: TrainingPlan) -> str:
    if plan.mentors:
        return "named mentors " + ", ".join(plan.mentors)
    return f"an expert in {inst.task[plan.task].competence}"
