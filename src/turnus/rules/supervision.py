"""Supervision of trainees (helsesekretærelever, lærlinger): a trainee works only on shifts
where one of their named supervisors (veiledere) works the same shift, and, where configured,
the same task in every task period; a supervisor takes at most ``max_trainees`` at a time.

Trainees are employees with role ``trainee`` or with named ``supervisors``. How much they count
as cover is the employee's ``cover`` (trainees default to 0).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import Field, model_validator

from turnus.domain import Employee
from turnus.rules.base import BuildContext, Rule, Violation, negate
from turnus.training import is_trainee

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


class Supervision(Rule):
    """Every shift a trainee works is paired with one of their supervisors on it.

    With :math:`z_{tm}` "supervisor ``m`` supervises trainee ``t`` on this shift":
    :math:`x_t \\le \\sum_m z_{tm}`, :math:`z_{tm} \\le x_m`, :math:`\\sum_t z_{tm} \\le K`
    (``max_trainees``), and with ``same_task`` the pair does the same task in each task period.
    Soft continuity: ``continuity_weight`` per shift a trainee works without their first-named
    (main) supervisor on the same shift.
    """

    kind: Literal["supervision"] = "supervision"
    hard: bool = True
    same_task: bool = False
    max_trainees: int = Field(default=2, ge=1)
    continuity_weight: int = Field(default=5, ge=0)

    @model_validator(mode="after")
    def _only_hard(self) -> Self:
        # the pairing is the solver's choice; only as a constraint is it exactly checkable
        if not self.hard:
            raise ValueError("supervision is a hard rule; switch it off with enabled: false")
        return self

    def trainees(self, inst: Instance) -> list[Employee]:
        return [e for e in self.subjects(inst) if is_trainee(e)]

    def links_people(self, instance: Instance) -> bool:
        return bool(self.trainees(instance))  # a supervisor beside each trainee

    # -- the model ------------------------------------------------------------------------------

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        load: dict[tuple[str, int, str], list[Any]] = defaultdict(list)
        for trainee in self.trainees(inst):
            for day in range(inst.num_days):
                for shift, lit in ctx.vars.shifts(trainee.id, day):
                    pairs = self._pairs(ctx, trainee, day, shift, lit)
                    key = f"{trainee.id}:{inst.day(day).date}:{shift}"
                    ctx.at_least(self, key, [*((1, z) for _, z in pairs), (-1, lit)], 0)
                    for supervisor, z in pairs:
                        load[supervisor, day, shift].append(z)
                    self._continuity(ctx, trainee, day, shift, lit, key)
        for (supervisor, day, shift), pairs in load.items():
            key = f"load:{supervisor}:{inst.day(day).date}:{shift}"
            ctx.at_most(self, key, [(1, z) for z in pairs], self.max_trainees)

    def _pairs(
        self, ctx: BuildContext, trainee: Employee, day: int, shift: str, lit: Any
    ) -> list[tuple[str, Any]]:
        """Pairing literals with each supervisor who could be on the shift."""
        pairs = []
        for supervisor in trainee.supervisors:
            there = ctx.vars.x(supervisor, day, shift)
            if isinstance(there, int) and there == 0:
                continue
            z = ctx.model.new_bool_var(f"supervises[{supervisor},{trainee.id},{day},{shift}]")
            ctx.model.add_implication(z, lit)
            if not isinstance(there, int):
                ctx.model.add_implication(z, there)
            if self.same_task:
                self._same_task(ctx, trainee.id, supervisor, day, shift, z)
            pairs.append((supervisor, z))
        return pairs

    def _same_task(
        self, ctx: BuildContext, trainee: str, supervisor: str, day: int, shift: str, z: Any
    ) -> None:
        """Paired, the trainee's task in each period is the supervisor's task too."""
        task_vars = ctx.vars.task_vars
        for period in ctx.instance.shift[shift].task_periods:
            for task in ctx.instance.open_tasks.get((day, shift, period.id), ()):
                mine = task_vars.get((trainee, day, shift, period.id, task))
                if mine is None:
                    continue
                theirs = task_vars.get((supervisor, day, shift, period.id, task), 0)
                ctx.clause([negate(z), negate(mine), theirs])

    def _continuity(
        self, ctx: BuildContext, trainee: Employee, day: int, shift: str, lit: Any, key: str
    ) -> None:
        if self.continuity_weight and trainee.supervisors:
            main = ctx.vars.x(trainee.supervisors[0], day, shift)
            terms = [(1, lit), (1, negate(main))]
            ctx.at_most(self, f"continuity:{key}", terms, 1, self.continuity_weight, False)

    # -- the checker ----------------------------------------------------------------------------

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        on_shift: dict[tuple[int, str], list[Employee]] = defaultdict(list)
        for trainee in self.trainees(inst):
            for day, shift in roster.period_worked(trainee):
                on_shift[day, shift].append(trainee)
        for (day, shift), trainees in sorted(on_shift.items(), key=lambda item: item[0]):
            yield from self._check_shift(roster, day, shift, trainees)

    def _check_shift(
        self, roster: Roster, day: int, shift: str, trainees: list[Employee]
    ) -> Iterator[Violation]:
        inst = roster.instance
        date = inst.day(day).date
        options = {t.id: [m for m in t.supervisors if self._can_pair(roster, t, m, day, shift)]
                   for t in trainees}  # fmt: skip
        paired = match(options, self.max_trainees)
        for trainee in trainees:
            key = f"{trainee.id}:{date}:{shift}"
            if trainee.id not in paired:
                yield self.violation(
                    key,
                    f"{roster.who(trainee.id)} works {shift} on {date} "
                    f"{_why_alone(self, trainee, options[trainee.id])}",
                    employee=trainee.id,
                    date=date,
                )
            main = trainee.supervisors[0] if trainee.supervisors else None
            if self.continuity_weight and main and roster.shift(main, day) != shift:
                yield self.violation(
                    f"continuity:{key}",
                    f"{roster.who(trainee.id)} works {shift} on {date} without their main "
                    f"supervisor {roster.who(main)}",
                    employee=trainee.id,
                    date=date,
                    weight=self.continuity_weight,
                    hard=False,
                )

    def _can_pair(
        self, roster: Roster, trainee: Employee, supervisor: str, day: int, shift: str
    ) -> bool:
        if roster.shift(supervisor, day) != shift:
            return False
        if not self.same_task:
            return True
        mine = roster.tasks.get((trainee.id, day, shift), {})
        theirs = roster.tasks.get((supervisor, day, shift), {})
        return all(set(tasks) <= set(theirs.get(period, ())) for period, tasks in mine.items())


def _why_alone(rule: Supervision, trainee: Employee, present: list[str]) -> str:
    names = ", ".join(trainee.supervisors) or "none named"
    if not present:
        where = " on the same task" if rule.same_task else ""
        return f"without any of their supervisors ({names}){where}"
    return (
        f"but their supervisors there ({', '.join(present)}) already have "
        f"{rule.max_trainees} trainee(s) each"
    )


def match(options: dict[str, list[str]], capacity: int) -> dict[str, str]:
    """A largest pairing of trainees to supervisors, each supervisor taking ``capacity``.

    Augmenting paths (Kuhn's algorithm); the instances are a handful of people per shift.
    """
    taken: dict[str, list[str]] = defaultdict(list)
    paired: dict[str, str] = {}

    def place(trainee: str, seen: set[str]) -> bool:
        for supervisor in options[trainee]:
            if supervisor in seen:
                continue
            seen.add(supervisor)
            if len(taken[supervisor]) < capacity:
                taken[supervisor].append(trainee)
                paired[trainee] = supervisor
                return True
            for other in list(taken[supervisor]):
                if place(other, seen):
                    taken[supervisor].remove(other)
                    taken[supervisor].append(trainee)
                    paired[trainee] = supervisor
                    return True
        return False

    for trainee in options:
        place(trainee, set())
    return paired
