"""The whole validated problem: a scenario with its rules resolved and cross-references checked.

The model and the checker trust an :class:`Instance`. Days are indexed from 0 (the period's first
day); history days before the period have negative indices. Times are minutes from 00:00 of
day 0, so a shift on day ``d`` starts at ``d * 1440 + shift.start_minute``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter, ValidationError

from turnus.calendar import Day, days_between
from turnus.domain import (
    Absence,
    Employee,
    FixedAssignment,
    Scenario,
    ShiftCategory,
    ShiftType,
    StaffingLine,
    Task,
)
from turnus.exceptions import InputError, Problem
from turnus.rules import RULES, AnyRule
from turnus.rules.assignment import Assignment
from turnus.training import TrainingIndex

MAX_HISTORY_DAYS = 28
DemandKey = tuple[int, str, str, str]  # day index, shift, period, task

_RULE_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyRule)


def resolve_rules(
    profile: Mapping[str, Mapping[str, Any]], overrides: Mapping[str, Mapping[str, Any]]
) -> tuple[tuple[Any, ...], list[Problem]]:
    """Merge the scenario's overrides into the profile, rule by rule, and validate each rule.

    A rule's ``kind`` defaults to its name, so ``daily_rest: {min_hours: 8}`` is enough.
    """
    rules, problems = [], []
    for name in [*profile, *(n for n in overrides if n not in profile)]:
        merged = {"kind": name, **profile.get(name, {}), **overrides.get(name, {}), "name": name}
        try:
            rule = _RULE_ADAPTER.validate_python(merged)
        except ValidationError as error:
            for err in error.errors():
                loc = tuple(p for p in err["loc"] if p != merged.get("kind"))
                problems.append(Problem(("rules", name, *loc), _rule_message(err, merged)))
            continue
        if rule.enabled:
            rules.append(rule)
    if not any(rule.kind == "assignment" for rule in rules):
        rules.insert(0, Assignment(name="assignment"))
    return tuple(rules), problems


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ")


def _rule_message(err: Any, merged: Mapping[str, Any]) -> str:
    """A rule's validation error in words, with the nearest known name for a misspelling."""
    kinds = {cls.model_fields["kind"].default: cls for cls in RULES}
    if err["type"] == "union_tag_invalid":
        return f"unknown rule '{merged['kind']}'{_nearest(str(merged['kind']), list(kinds))}"
    if err["type"] == "extra_forbidden":
        fields = [f for f in kinds[merged["kind"]].model_fields if f not in ("name", "kind")]
        return f"unknown parameter '{err['loc'][-1]}'{_nearest(str(err['loc'][-1]), fields)}"
    if not isinstance(err.get("input"), dict | list | type(None)):
        return f"{_clean(err['msg'])}, got {err['input']!r}"
    return _clean(err["msg"])


def _nearest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; use one of {', '.join(known)}"


class Instance:
    """A scenario ready for solving and checking. Build it with :meth:`build`."""

    def __init__(self, scenario: Scenario, rules: tuple[Any, ...]):
        self.scenario = scenario
        self.rules = rules
        self.employees = scenario.employees
        self.shift_types = scenario.shift_types
        self.tasks = scenario.tasks
        self.employee = {e.id: e for e in scenario.employees}
        self.shift = {s.id: s for s in scenario.shift_types}
        self.task = {t.id: t for t in scenario.tasks}
        self.level_rank = {name: i for i, name in enumerate(scenario.levels)}
        self.days = days_between(scenario.period.start, scenario.period.end)
        history_start = min((h.date for h in scenario.history), default=scenario.period.start)
        self.history_length = (scenario.period.start - history_start).days
        self.history_days = days_between(
            history_start, scenario.period.start - dt.timedelta(days=1), -self.history_length
        )
        self.published: Any = None
        """When re-rostering: the published roster to stay close to
        (:class:`turnus.rules.stability.Published`); None otherwise."""
        self.cover_offset: dict[DemandKey, int] = {}
        """Cover (hundredths of a head) planned by people outside this instance, which the
        staffing plan counts as fixed (see :meth:`restricted_to`)."""

    def restricted_to(
        self, employee_ids: Iterable[str], cover_offset: Mapping[DemandKey, int]
    ) -> Instance:
        """The same problem for some of the staff, the others' cover fixed at
        ``cover_offset`` (on top of this instance's own): for building a roster a few people
        at a time. The period, the history (so runs are read over the same timeline) and
        the staffing plan stay."""
        keep = set(employee_ids)
        scenario = self.scenario.model_copy(
            update={
                "employees": tuple(e for e in self.employees if e.id in keep),
                "absences": tuple(a for a in self.scenario.absences if a.employee in keep),
                "fixed": tuple(f for f in self.scenario.fixed if f.employee in keep),
                "wishes": tuple(w for w in self.scenario.wishes if w.employee in keep),
            }
        )
        part = Instance(scenario, self.rules)
        part.published = self.published
        part.cover_offset = dict(Counter(self.cover_offset) + Counter(cover_offset))
        for shared in ("timeline", "demand", "open_tasks"):  # the same for any staff
            part.__dict__[shared] = getattr(self, shared)
        return part

    # -- construction --------------------------------------------------------------------------

    @classmethod
    def build(
        cls, scenario: Scenario, profile: Mapping[str, Mapping[str, Any]], source: str = ""
    ) -> Instance:
        """Resolve rules and check every cross-reference; raise :class:`InputError` listing all."""
        rules, problems = resolve_rules(profile, scenario.rules)
        problems += check_references(scenario)
        if problems:
            raise InputError(source or scenario.name, problems)
        return cls(scenario, rules)

    # -- calendar and time ------------------------------------------------------------------

    @property
    def num_days(self) -> int:
        return len(self.days)

    @cached_property
    def timeline(self) -> tuple[Day, ...]:
        """History days (negative indices) followed by the period's days."""
        return self.history_days + self.days

    def day(self, index: int) -> Day:
        return self.timeline[index + self.history_length]

    def index_of(self, date: dt.date) -> int:
        return (date - self.scenario.period.start).days

    @cached_property
    def _clock(self) -> dict[str, tuple[int, int]]:
        """Shift -> (start, end) minutes after its day's midnight; looked up very often."""
        return {s.id: (s.start_minute, s.end_minute) for s in self.shift_types}

    def start(self, day: int, shift: str) -> int:
        return day * 1440 + self._clock[shift][0]

    def end(self, day: int, shift: str) -> int:
        return day * 1440 + self._clock[shift][1]

    def is_night(self, shift: str) -> bool:
        return self.shift[shift].kind is ShiftCategory.NIGHT

    def touches_weekend(self, day: int, shift: str) -> bool:
        """Whether a shift overlaps a Saturday or Sunday (a Friday night ending Saturday does)."""
        start, end = self.start(day, shift), self.end(day, shift)
        first, last = start // 1440, (end - 1) // 1440
        return any(self._weekday(d) >= 5 for d in range(first, last + 1))

    def weekend_of(self, day: int, shift: str) -> int | None:
        """Index of the weekend's Saturday a shift touches, or None."""
        start, end = self.start(day, shift), self.end(day, shift)
        for d in range(start // 1440, (end - 1) // 1440 + 1):
            weekday = self._weekday(d)
            if weekday >= 5:
                return d - (weekday - 5)
        return None

    def _weekday(self, day: int) -> int:
        return (self.scenario.period.start.weekday() + day) % 7

    # -- staffing plan -----------------------------------------------------------------------

    @cached_property
    def demand(self) -> dict[DemandKey, StaffingLine]:
        """The staffing line in force for each (day, shift, task period, task)."""
        chosen: dict[DemandKey, tuple[int, StaffingLine]] = {}
        for line in self.scenario.staffing:
            shift = self.shift[line.shift]
            periods = [line.period] if line.period else [p.id for p in shift.task_periods]
            for day in self._days_of(line):
                rank = _specificity(line, day)
                if rank is None:
                    continue
                for period in periods:
                    key = (day.index, line.shift, period, line.task)
                    if key not in chosen or rank > chosen[key][0]:
                        chosen[key] = (rank, line)
        return {key: line for key, (_, line) in sorted(chosen.items())}

    def _days_of(self, line: StaffingLine) -> tuple[Day, ...]:
        """The days a line can match: its own date only, when dated (thousands of lines)."""
        if line.date is None:
            return self.days
        index = self.index_of(line.date)
        return self.days[index : index + 1] if 0 <= index < self.num_days else ()

    @cached_property
    def open_tasks(self) -> dict[tuple[int, str, str], tuple[str, ...]]:
        """Tasks with a staffing line in each (day, shift, period)."""
        tasks: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        for day, shift, period, task in self.demand:
            tasks[day, shift, period].append(task)
        return {key: tuple(v) for key, v in tasks.items()}

    def is_open(self, day: int, shift: str) -> bool:
        return any((day, shift, p.id) in self.open_tasks for p in self.shift[shift].task_periods)

    # -- people --------------------------------------------------------------------------------

    def level(self, employee: Employee, competence: str) -> int:
        name = employee.competences.get(competence)
        return -1 if name is None else self.level_rank[name]

    def is_qualified(self, employee: Employee, task: Task) -> bool:
        return self.level(employee, task.competence) >= self.level_rank[task.min_level]

    @cached_property
    def training(self) -> TrainingIndex:
        """Training plans, mentors and event attendance (see :mod:`turnus.training`)."""
        return TrainingIndex(self)

    def in_training(self, employee: Employee, task: str) -> bool:
        """Whether the person learns ``task`` under a training plan (below its minimum level)."""
        return self.training.plan(employee.id, task) is not None

    @cached_property
    def whole_day_absence(self) -> dict[tuple[str, int], Absence]:
        found = {}
        for absence in self.scenario.absences:
            if absence.whole_day:
                for d in self._period_indices(absence.start, absence.end):
                    found[absence.employee, d] = absence
        return found

    def absence_clash(self, employee: str, day: int, shift: str) -> Absence | None:
        """The absence that stops ``employee`` working ``shift`` on ``day``, if any."""
        whole = self.whole_day_absence.get((employee, day))
        if whole is not None:
            return whole
        start, end = self.start(day, shift), self.end(day, shift)
        for absence in self.partial_absences.get(employee, ()):
            for d in self._period_indices(absence.start, absence.end):
                a_start = d * 1440 + absence.from_time.hour * 60 + absence.from_time.minute
                a_end = d * 1440 + absence.to_time.hour * 60 + absence.to_time.minute
                if a_start < end and start < a_end:
                    return absence
        return None

    @cached_property
    def partial_absences(self) -> dict[str, list[Absence]]:
        found: dict[str, list[Absence]] = defaultdict(list)
        for absence in self.scenario.absences:
            if not absence.whole_day:
                found[absence.employee].append(absence)
        return found

    @cached_property
    def fixed(self) -> dict[tuple[str, int], FixedAssignment]:
        return {
            (f.employee, self.index_of(f.date)): f
            for f in self.scenario.fixed
            if 0 <= self.index_of(f.date) < self.num_days
        }

    def may_work_type(self, employee: Employee, shift: ShiftType) -> bool:
        """Shift types the person may work at all: their list, and nights only if allowed."""
        if employee.shift_types is not None and shift.id not in employee.shift_types:
            return False
        if shift.kind is ShiftCategory.NIGHT and not employee.nights:
            return False
        return employee.max_shifts.get(shift.id, 1) != 0

    def candidate_tasks(self, employee: Employee, day: int, shift: str, period: str) -> list[str]:
        """Tasks the person could do in a task period: open there and qualified for."""
        fixed = self.fixed.get((employee.id, day))
        if (
            fixed is not None
            and fixed.task is not None
            and fixed.shift == shift
            and fixed.period in (None, period)
        ):
            return [fixed.task]
        open_here = self.open_tasks.get((day, shift, period), ())
        return [
            t
            for t in open_here
            if self.is_qualified(employee, self.task[t])
            or self._may_train(employee, t, day, shift, period)
        ]

    def _may_train(self, employee: Employee, task: str, day: int, shift: str, period: str) -> bool:
        """A learner may do ``task`` only where a mentor could be beside them."""
        plan = self.training.plan(employee.id, task)
        return plan is not None and self.training.mentor_could_come(plan, day, shift, period)

    def can_work(self, employee: Employee, day: int, shift: str) -> bool:
        """Whether (employee, day, shift) gets a decision variable at all."""
        shift_type = self.shift[shift]
        if not self.may_work_type(employee, shift_type):
            return False
        if self.absence_clash(employee.id, day, shift) is not None:
            return False
        return all(
            self.candidate_tasks(employee, day, shift, p.id) for p in shift_type.task_periods
        )

    @cached_property
    def history(self) -> dict[str, dict[int, str]]:
        """Shifts worked before the period: employee -> day index (< 0) -> shift id."""
        worked: dict[str, dict[int, str]] = defaultdict(dict)
        for entry in self.scenario.history:
            worked[entry.employee][self.index_of(entry.date)] = entry.shift
        return worked

    def daily_contract_minutes(self, employee: Employee) -> float:
        return employee.position_pct / 100 * employee.weekly_hours * 60 / 5

    def contract_minutes(self, employee: Employee) -> int:
        """Hours owed in the period: workdays x daily share, less absences on workdays."""
        daily = self.daily_contract_minutes(employee)
        owed = 0.0
        for day in self.days:
            if not day.is_workday:
                continue
            if (employee.id, day.index) in self.whole_day_absence:
                continue
            owed += daily - min(daily, self._partial_absence_minutes(employee.id, day.index))
        return round(owed)

    def _partial_absence_minutes(self, employee: str, day: int) -> int:
        total = 0
        for absence in self.partial_absences.get(employee, ()):
            if day in self._period_indices(absence.start, absence.end):
                total += (
                    absence.to_time.hour * 60
                    + absence.to_time.minute
                    - absence.from_time.hour * 60
                    - absence.from_time.minute
                )
        return total

    def _period_indices(self, start: dt.date, end: dt.date) -> range:
        first = max(0, self.index_of(start))
        last = min(self.num_days - 1, self.index_of(end))
        return range(first, last + 1)


def _specificity(line: StaffingLine, day: Day) -> int | None:
    """How specifically ``line`` matches ``day`` (higher wins), or None if it does not."""
    if line.date is not None:
        return 4 if line.date == day.date else None
    if day.is_holiday:
        return {"holiday": 3, "sunday": 1}.get(line.day)
    if line.day == day.weekday_name:
        return 2
    if line.day == day.day_type:
        return 1
    return None


def check_references(scenario: Scenario) -> list[Problem]:
    """Every id a scenario uses must exist; every level must be a known level."""
    problems: list[Problem] = []

    def unique(section: str, items: tuple[Any, ...]) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(
                    Problem((section, i, "id"), f"duplicate id '{item.id}'; ids must be unique")
                )
            seen.add(item.id)
        return seen

    competences = unique("competences", scenario.competences)
    tasks = unique("tasks", scenario.tasks)
    shifts = unique("shift_types", scenario.shift_types)
    employees = unique("employees", scenario.employees)
    levels = set(scenario.levels)

    def known(ids: set[str], value: str | None, loc: tuple[Any, ...], what: str) -> None:
        if value is not None and value not in ids:
            hint = ", ".join(sorted(ids)[:12])
            problems.append(Problem(loc, f"unknown {what} '{value}'; known: {hint}"))

    def level(value: str, loc: tuple[Any, ...]) -> None:
        if value not in levels:
            problems.append(
                Problem(loc, f"unknown level '{value}'; use one of {', '.join(scenario.levels)}")
            )

    for i, task in enumerate(scenario.tasks):
        known(competences, task.competence, ("tasks", i, "competence"), "competence")
        level(task.min_level, ("tasks", i, "min_level"))
    for i, emp in enumerate(scenario.employees):
        for comp, lvl in emp.competences.items():
            known(competences, comp, ("employees", i, "competences", comp), "competence")
            level(lvl, ("employees", i, "competences", comp))
        for j, shift in enumerate(emp.shift_types or ()):
            known(shifts, shift, ("employees", i, "shift_types", j), "shift type")
        for shift in emp.max_shifts:
            known(shifts, shift, ("employees", i, "max_shifts", shift), "shift type")
        for j, sup in enumerate(emp.supervisors):
            known(employees, sup, ("employees", i, "supervisors", j), "employee")
    shift_periods = {s.id: {p.id for p in s.task_periods} for s in scenario.shift_types}
    for i, line in enumerate(scenario.staffing):
        known(shifts, line.shift, ("staffing", i, "shift"), "shift type")
        known(tasks, line.task, ("staffing", i, "task"), "task")
        if line.period is not None and line.shift in shift_periods:
            known(shift_periods[line.shift], line.period, ("staffing", i, "period"), "period")
    period = scenario.period
    for section in ("absences", "fixed", "wishes", "history"):
        for i, item in enumerate(getattr(scenario, section)):
            known(employees, item.employee, (section, i, "employee"), "employee")
            shift = getattr(item, "shift", None)
            if shift is not None and not (section == "fixed" and shift.lower() == "off"):
                known(shifts, shift, (section, i, "shift"), "shift type")
            task = getattr(item, "task", None)
            known(tasks, task, (section, i, "task"), "task")
    problems += _check_training_references(scenario, known, employees, tasks, competences)
    for i, entry in enumerate(scenario.history):
        if not period.start - dt.timedelta(days=MAX_HISTORY_DAYS) <= entry.date < period.start:
            problems.append(
                Problem(
                    ("history", i, "date"),
                    f"history date {entry.date} must be within {MAX_HISTORY_DAYS} days "
                    f"before the period starts ({period.start})",
                )
            )
    return problems


def _check_training_references(
    scenario: Scenario,
    known: Any,
    employees: set[str],
    tasks: set[str],
    competences: set[str],
) -> list[Problem]:
    """Training plans and events name known people, tasks and competences."""
    problems: list[Problem] = []
    for i, plan in enumerate(scenario.training):
        known(employees, plan.employee, ("training", i, "employee"), "employee")
        known(tasks, plan.task, ("training", i, "task"), "task")
        known(tasks, plan.mentor_task, ("training", i, "mentor_task"), "task")
        for j, mentor in enumerate(plan.mentors):
            known(employees, mentor, ("training", i, "mentors", j), "employee")
            if mentor == plan.employee:
                problems.append(
                    Problem(("training", i, "mentors", j), "a new hire cannot mentor themselves")
                )
    seen: set[str] = set()
    for i, event in enumerate(scenario.events):
        if event.id in seen:
            problems.append(Problem(("events", i, "id"), f"duplicate id '{event.id}'"))
        seen.add(event.id)
        for j, person in enumerate(event.employees):
            known(employees, person, ("events", i, "employees", j), "employee")
        for j, competence in enumerate(event.competences):
            known(competences, competence, ("events", i, "competences", j), "competence")
    return problems
