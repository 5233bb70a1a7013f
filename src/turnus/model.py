"""The CP-SAT model: decision variables, created once, and the rules that constrain them.

``x[e, d, s]`` is true when employee ``e`` works shift ``s`` on day ``d``; ``y[e, d, s, p, t]``
when they do task ``t`` in task period ``p`` of that shift. Variables exist only where the
person may work (shift open that day, type allowed, not absent, qualified for an open task),
so those rules hold by construction. Each task period worked has exactly one task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from turnus.instance import Instance
from turnus.result import Assignment, Schedule
from turnus.rules.base import SCALE, BuildContext, Penalty


class Variables:
    """Assignment literals, with history and impossible cells folded to the constants 0/1."""

    def __init__(self, model: cp_model.CpModel, instance: Instance):
        self.instance = instance
        self.shift_vars: dict[tuple[str, int, str], Any] = {}
        self.task_vars: dict[tuple[str, int, str, str, str], Any] = {}
        self.work_vars: dict[tuple[str, int], Any] = {}
        self.by_day: dict[tuple[str, int], list[tuple[str, Any]]] = defaultdict(list)
        for employee in instance.employees:
            for day in instance.days:
                for shift in instance.shift_types:
                    if instance.can_work(employee, day.index, shift.id):
                        self._add_shift(model, employee.id, day.index, shift.id)
                self._add_work(model, employee.id, day.index)

    def _add_shift(self, model: cp_model.CpModel, employee: str, day: int, shift: str) -> None:
        var = model.new_bool_var(f"x[{employee},{day},{shift}]")
        self.shift_vars[employee, day, shift] = var
        self.by_day[employee, day].append((shift, var))
        emp = self.instance.employee[employee]
        for period in self.instance.shift[shift].task_periods:
            tasks = self.instance.candidate_tasks(emp, day, shift, period.id)
            if len(tasks) == 1:  # the only task: the shift literal says it all
                self.task_vars[employee, day, shift, period.id, tasks[0]] = var
                continue
            task_lits = []
            for task in tasks:
                lit = model.new_bool_var(f"y[{employee},{day},{shift},{period.id},{task}]")
                self.task_vars[employee, day, shift, period.id, task] = lit
                task_lits.append(lit)
            model.add_exactly_one([~var, *task_lits])

    def _add_work(self, model: cp_model.CpModel, employee: str, day: int) -> None:
        options = [lit for _, lit in self.by_day[employee, day]]
        if len(options) == 1:
            self.work_vars[employee, day] = options[0]
        elif options:
            work = model.new_bool_var(f"work[{employee},{day}]")
            model.add_exactly_one([~work, *options])
            self.work_vars[employee, day] = work

    def x(self, employee: str, day: int, shift: str) -> Any:
        """The literal for a shift, or 0/1 where it is decided (history, impossible)."""
        if day < 0:
            return int(self.instance.history.get(employee, {}).get(day) == shift)
        return self.shift_vars.get((employee, day, shift), 0)

    def work(self, employee: str, day: int) -> Any:
        if day < 0:
            return int(day in self.instance.history.get(employee, {}))
        return self.work_vars.get((employee, day), 0)

    def shifts(self, employee: str, day: int) -> list[tuple[str, Any]]:
        """(shift, literal) pairs possible on a day, history included."""
        if day < 0:
            worked = self.instance.history.get(employee, {}).get(day)
            return [] if worked is None else [(worked, 1)]
        return self.by_day.get((employee, day), [])

    def tasks(self, day: int, shift: str, period: str, task: str) -> list[tuple[str, Any]]:
        """(employee, literal) pairs who could do a task in a task period."""
        return self._task_index.get((day, shift, period, task), [])

    @property
    def _task_index(self) -> dict[tuple[int, str, str, str], list[tuple[str, Any]]]:
        if not hasattr(self, "_task_index_cache"):
            index: dict[tuple[int, str, str, str], list[tuple[str, Any]]] = defaultdict(list)
            for (employee, day, shift, period, task), lit in self.task_vars.items():
                index[day, shift, period, task].append((employee, lit))
            self._task_index_cache = dict(index)
        return self._task_index_cache


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    variables: Variables
    penalties: list[Penalty]

    def objective_expr(self) -> Any:
        return cp_model.LinearExpr.weighted_sum(
            [p.amount for p in self.penalties], [p.coefficient for p in self.penalties]
        )


def build_model(
    instance: Instance,
    elastic: bool = False,
    group_of: Callable[[Any, str], Any] | None = None,
    model: cp_model.CpModel | None = None,
) -> BuiltModel:
    """Variables, every enabled rule, and one objective from the rules' penalty terms.

    ``group_of`` switches hard constraints by group literals of ``model`` (see
    :mod:`turnus.explain`); by default a new model is made.
    """
    model = model or cp_model.CpModel()
    model.name = instance.scenario.name
    variables = Variables(model, instance)
    ctx = BuildContext(
        model=model, instance=instance, vars=variables, elastic=elastic, group_of=group_of
    )
    for rule in instance.rules:
        rule.add(ctx)
    built = BuiltModel(model, variables, ctx.penalties)
    if ctx.penalties:
        model.minimize(built.objective_expr())
    return built


def read_schedule(solver: cp_model.CpSolver, built: BuiltModel, instance: Instance) -> Schedule:
    worked = (key for key, lit in built.variables.task_vars.items() if solver.boolean_value(lit))
    return schedule_of(worked, instance)


def schedule_of(worked: Iterable[tuple[str, int, str, str, str]], instance: Instance) -> Schedule:
    """The roster of the task literals' keys that are true."""
    rows = [
        Assignment(employee=employee, date=instance.day(day).date, shift=s, period=p, task=t)
        for employee, day, s, p, t in worked
    ]
    return Schedule(assignments=tuple(rows)).sorted()


def add_hint(
    built: BuiltModel, instance: Instance, schedule: Schedule, complete: bool = True
) -> None:
    """Start the search from ``schedule`` (a first-stage or a published roster).

    CP-SAT uses a hint as a starting solution only when it sets every variable, so the
    roster's own values of the penalty and helper variables are found first, by solving the
    model with the roster fixed (a matter of propagation); ``complete=False`` skips that.
    """
    planned = {(a.employee, instance.index_of(a.date), a.shift) for a in schedule.assignments}
    tasks = {
        (a.employee, instance.index_of(a.date), a.shift, a.period, a.task)
        for a in schedule.assignments
    }
    values = {lit.index: key in planned for key, lit in built.variables.shift_vars.items()}
    shift_vars = built.variables.shift_vars
    for key, lit in built.variables.task_vars.items():
        if lit is not shift_vars.get(key[:3]):  # a task literal of its own
            values[lit.index] = key in tasks
    full = _complete(built.model, values) if complete else None
    set_hint(built.model, (full or values).items())


def _complete(model: cp_model.CpModel, values: dict[int, bool]) -> dict[int, int] | None:
    """Every variable's value with the given ones fixed, or None if they do not fit."""
    fixed = model.clone()
    for index, value in values.items():
        fixed.add(fixed.get_bool_var_from_proto_index(index) == int(value))
    fixed.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return dict(enumerate(solver.response_proto.solution))


def set_hint(model: cp_model.CpModel, values: Iterable[tuple[int, int]]) -> None:
    """Hint ``(variable index, value)`` pairs, written to the proto directly (fast)."""
    hint = model.proto.solution_hint
    for index, value in values:
        hint.vars.append(index)
        hint.values.append(int(value))


__all__ = [
    "SCALE",
    "BuiltModel",
    "Variables",
    "add_hint",
    "build_model",
    "read_schedule",
    "schedule_of",
    "set_hint",
]
