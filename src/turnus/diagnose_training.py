"""Before solving: training plans, trainees and events that cannot work out, in words.

:func:`training_problems` names each person, task or event and says why, so that a plan that
cannot be met is explained rather than left to a shortfall or a bare "infeasible". Pure Python
over the instance; the general diagnostics (:mod:`turnus.diagnose`) may call it.
"""

from __future__ import annotations

from turnus.domain import Attendance, TrainingPlan
from turnus.instance import Instance
from turnus.rules.events import can_attend, describe
from turnus.training import is_trainee


def training_problems(instance: Instance) -> list[str]:
    """Every training plan, trainee and event that the roster cannot satisfy, with the reason."""
    return [*_plan_problems(instance), *_trainee_problems(instance), *_event_problems(instance)]


def possible_training_periods(instance: Instance, plan: TrainingPlan) -> int:
    """Most training periods a roster could give by the deadline (one shift a day)."""
    learner = instance.employee[plan.employee]
    best = 0
    for day in range(instance.training.deadline_day(plan) + 1):
        best += max(
            (
                sum(
                    plan.task in instance.candidate_tasks(learner, day, s.id, p.id)
                    for p in s.task_periods
                )
                for s in instance.shift_types
                if instance.can_work(learner, day, s.id)
            ),
            default=0,
        )
    return best


def plan_obstacle(instance: Instance, plan: TrainingPlan) -> str | None:
    """Why the plan cannot be met, or None when a roster could meet it."""
    possible = possible_training_periods(instance, plan)
    if possible >= plan.periods:
        return None
    inst, task = instance, instance.task[plan.task]
    learner = inst.employee[plan.employee]
    deadline = inst.day(inst.training.deadline_day(plan)).date
    mentors = inst.training.mentors[plan.employee, plan.task]
    if not mentors:
        who = (
            f"the named mentors ({', '.join(plan.mentors)}) are themselves in training for it"
            if plan.mentors
            else f"nobody in the staff is an expert in {task.competence} "
            f"(at level {inst.scenario.levels[-1]})"
        )
        return f"nobody may mentor {task.name or task.id}: {who}"
    if not _task_open_when_free(inst, plan):
        return (
            f"{task.name or task.id} is never staffed before {deadline} on a shift "
            f"{learner.name} can work (absences, allowed shift types)"
        )
    if possible == 0:
        names = ", ".join(m.name for m in mentors[:6])
        return (
            f"no mentor ({names}) is ever on duty when {learner.name} can work "
            f"{task.name or task.id} before {deadline}"
        )
    return (
        f"only {possible} task period(s) before {deadline} have both {learner.name} free "
        f"and a mentor able to be on duty; the plan needs {plan.periods}"
    )


def _task_open_when_free(inst: Instance, plan: TrainingPlan) -> bool:
    learner = inst.employee[plan.employee]
    return any(
        plan.task in inst.open_tasks.get((day, s.id, p.id), ())
        and inst.may_work_type(learner, s)
        and inst.absence_clash(learner.id, day, s.id) is None
        for day in range(inst.training.deadline_day(plan) + 1)
        for s in inst.shift_types
        for p in s.task_periods
    )


def _plan_problems(inst: Instance) -> list[str]:
    problems = []
    for plan in inst.scenario.training:
        learner = inst.employee[plan.employee]
        task = inst.task[plan.task]
        head = f"Training plan for {learner.name} ({learner.id}) on {task.name or task.id}"
        if not inst.training.enabled:
            problems.append(f"{head} is ignored: the training rule is switched off")
        elif inst.is_qualified(learner, task):
            problems.append(
                f"{head} is ignored: {learner.name} already has {task.competence} at level "
                f"{learner.competences[task.competence]}; lower the level to train"
            )
        elif (obstacle := plan_obstacle(inst, plan)) is not None:
            problems.append(f"{head} cannot be met: {obstacle}")
    return problems


def _trainee_problems(inst: Instance) -> list[str]:
    if not any(rule.kind == "supervision" for rule in inst.rules):
        return []
    problems = []
    for trainee in filter(is_trainee, inst.employees):
        who = f"Trainee {trainee.name} ({trainee.id})"
        if not trainee.supervisors:
            problems.append(f"{who} has no named supervisors, so cannot be rostered at all")
            continue
        shared = any(
            inst.can_work(trainee, day.index, s.id)
            and any(inst.can_work(inst.employee[m], day.index, s.id) for m in trainee.supervisors)
            for day in inst.days
            for s in inst.shift_types
        )
        if not shared:
            problems.append(
                f"{who} cannot be rostered: none of their supervisors "
                f"({', '.join(trainee.supervisors)}) can work a shift they can work"
            )
    return problems


def _event_problems(inst: Instance) -> list[str]:
    if not any(rule.kind == "events" for rule in inst.rules):
        return []
    problems = []
    for occurrence in inst.training.occurrences:
        if occurrence.event.attendance is not Attendance.ON_SHIFT:
            continue
        for employee in inst.training.invited(occurrence.event):
            if not inst.training.exempt(employee, occurrence) and not can_attend(
                inst, employee, occurrence
            ):
                problems.append(
                    f"{inst.employee[employee].name} ({employee}) cannot attend "
                    f"{describe(inst, occurrence)}: no shift they may work contains it; "
                    "they are not expected"
                )
    return problems
