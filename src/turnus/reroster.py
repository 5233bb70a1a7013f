"""Re-rostering after the roster is published: a new absence, an extra need, a swap request.

Days before the change date stay as published; from it on, the new roster changes as few
assignments as it can (rule ``changes``, :mod:`turnus.rules.stability`) and starts from the
published roster as a hint. :func:`cover` ranks who can take one open shift.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from turnus.domain import Absence, AbsenceKind, FixedAssignment, StaffingLine
from turnus.exceptions import InputError, Problem
from turnus.instance import Instance, check_references
from turnus.result import Assignment, Result, Schedule
from turnus.rules.stability import Changes, Published, describe_cell
from turnus.solve import SolveParams, solve
from turnus.validator import validate

ABSENCE_SYNTAX = "EMPLOYEE START[..END] [KIND], e.g. 'E07 2027-01-12..15 sick'"
NEED_SYNTAX = "DATE:SHIFT[:PERIOD]:TASK+N, e.g. '2027-01-13:D:ekspedisjon+1'"
SWAP_SYNTAX = "EMPLOYEE EMPLOYEE DATE, e.g. 'E03 E05 2027-01-14'"

_ABSENCE = re.compile(r"^(\S+)\s+(\d{4}-\d{2}-\d{2})(?:\.\.(\S+))?(?:\s+(\w+))?$")
_NEED = re.compile(r"^(\d{4}-\d{2}-\d{2}):([^:\s]+):(?:([^:\s]+):)?([^:\s+-]+)([+-]\d+)$")
_SWAP = re.compile(r"^(\S+)\s+(\S+)\s+(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Need:
    """More (or fewer) heads on a task in a shift on one day."""

    date: dt.date
    shift: str
    period: str | None
    task: str
    delta: int


@dataclass(frozen=True)
class Swap:
    """Two people exchange their published shifts on a day."""

    first: str
    second: str
    date: dt.date


@dataclass(frozen=True)
class Change:
    """One person's day in the new roster against the published one."""

    employee: str
    date: dt.date
    before: str
    after: str


@dataclass
class Reroster:
    """The new roster (``result``), the instance it was solved on, and the changes."""

    instance: Instance
    result: Result
    changes: list[Change]
    start: dt.date


# -- reading the requests --------------------------------------------------------------------


def _bad(option: str, text: str, syntax: str) -> InputError:
    return InputError(option, [Problem((), f"cannot read {text!r}; write {syntax}")])


def _date(text: str, option: str, syntax: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _bad(option, text, syntax) from None


def parse_absence(text: str) -> Absence:
    """``E07 2027-01-12..15 sick``: the end may be a day, month-day or full date."""
    match = _ABSENCE.match(text.strip())
    if match is None:
        raise _bad("--absence", text, ABSENCE_SYNTAX)
    employee, start_text, end_text, kind = match.groups()
    start = _date(start_text, "--absence", ABSENCE_SYNTAX)
    end = start
    if end_text:
        full = start_text[: len(start_text) - len(end_text)] + end_text
        end = _date(full, "--absence", ABSENCE_SYNTAX)
    try:
        absence_kind = AbsenceKind(kind or "sick")
    except ValueError:
        known = ", ".join(k.value for k in AbsenceKind)
        raise InputError(
            "--absence", [Problem((), f"unknown kind {kind!r} in {text!r}; use one of {known}")]
        ) from None
    if end < start:
        raise InputError("--absence", [Problem((), f"{text!r} ends before it starts")])
    return Absence(employee=employee, start=start, end=end, kind=absence_kind)


def parse_need(text: str) -> Need:
    match = _NEED.match(text.strip())
    if match is None:
        raise _bad("--need", text, NEED_SYNTAX)
    date, shift, period, task, delta = match.groups()
    return Need(_date(date, "--need", NEED_SYNTAX), shift, period, task, int(delta))


def parse_swap(text: str) -> Swap:
    match = _SWAP.match(text.strip())
    if match is None:
        raise _bad("--swap", text, SWAP_SYNTAX)
    first, second, date = match.groups()
    return Swap(first, second, _date(date, "--swap", SWAP_SYNTAX))


# -- applying them ---------------------------------------------------------------------------


def change_date(
    instance: Instance, absences: Sequence[Absence], needs: Sequence[Need], swaps: Sequence[Swap]
) -> dt.date:
    """The first day any request touches (the period's start if there is none)."""
    dates = [a.start for a in absences] + [n.date for n in needs] + [s.date for s in swaps]
    return max(min(dates, default=instance.scenario.period.start), instance.scenario.period.start)


def with_requests(
    instance: Instance,
    published: Schedule,
    start: dt.date,
    absences: Sequence[Absence] = (),
    needs: Sequence[Need] = (),
    swaps: Sequence[Swap] = (),
) -> Instance:
    """A new instance with the requests applied and the published roster attached.

    Absence days before ``start`` are in the past and are not applied. Raises
    :class:`InputError` for unknown people, shifts or tasks.
    """
    scenario = instance.scenario
    current = [a.replace(start=max(a.start, start)) for a in absences if a.end >= start]
    lines = [line for need in needs for line in _need_lines(instance, need)]
    fixed = [f for s in swaps for f in _swap_fixed(published, s)]
    changed = scenario.replace(
        absences=[a.model_dump() for a in (*scenario.absences, *current)],
        staffing=[x.model_dump() for x in (*scenario.staffing, *lines)],
        fixed=[f.model_dump() for f in (*scenario.fixed, *fixed)],
    )
    problems = check_references(changed)
    if problems:
        raise InputError("re-rostering request", problems)
    rules = instance.rules
    if not any(r.kind == "changes" for r in rules):
        rules = (*rules, Changes(name="changes"))
    new = Instance(changed, rules)
    new.published = Published(published, start)
    return new


def _need_lines(instance: Instance, need: Need) -> list[StaffingLine]:
    """Date lines that raise the minimum (and target) by ``delta`` in each task period."""
    if need.shift not in instance.shift:
        known = ", ".join(instance.shift)
        raise InputError("--need", [Problem((), f"unknown shift {need.shift!r}; use {known}")])
    day = instance.index_of(need.date)
    shift = instance.shift[need.shift]
    periods = [need.period] if need.period else [p.id for p in shift.task_periods]
    lines = []
    for period in periods:
        line = instance.demand.get((day, need.shift, period, need.task))
        low = max(0, (line.min if line else 0) + need.delta)
        target = top = None
        if line is not None and line.target is not None:
            target = max(low, line.target + need.delta)
        if line is not None and line.max is not None:
            top = max(low, target or 0, line.max + need.delta)
        lines.append(
            StaffingLine(
                day=need.date.isoformat(),
                shift=need.shift,
                task=need.task,
                period=period,
                min=low,
                target=target,
                max=top,
            )
        )
    return lines


def _swap_fixed(published: Schedule, swap: Swap) -> list[FixedAssignment]:
    shifts = published.shifts()
    first = shifts.get((swap.first, swap.date), "off")
    second = shifts.get((swap.second, swap.date), "off")
    return [
        FixedAssignment(employee=swap.first, date=swap.date, shift=second),
        FixedAssignment(employee=swap.second, date=swap.date, shift=first),
    ]


# -- solving and comparing ---------------------------------------------------------------------


def reroster(instance: Instance, params: SolveParams | None = None) -> Reroster:
    """Solve ``instance`` (from :func:`with_requests`) from the published roster as a hint."""
    published: Published = instance.published
    result = solve(instance, params, hint=published.schedule)
    changes = diff(instance, published.schedule, result.schedule) if result.has_solution else []
    return Reroster(instance, result, changes, published.start)


def diff(instance: Instance, before: Schedule, after: Schedule) -> list[Change]:
    """Every (employee, day) of the period whose shift or tasks differ, with from → to."""
    start = instance.scenario.period.start
    old, new = Published(before, start), Published(after, start)
    changes = []
    for day in instance.days:
        for emp in instance.employees:
            was, now = old.cell(emp.id, day.date), new.cell(emp.id, day.date)
            if was != now:
                changes.append(Change(emp.id, day.date, describe_cell(*was), describe_cell(*now)))
    return changes


# -- covering an open shift ------------------------------------------------------------------


@dataclass
class Candidate:
    """Someone who could take the open shift (``blockers`` empty), or why not."""

    employee: str
    name: str
    blockers: list[str]
    balance_hours: float
    """Planned minus owed hours before taking the shift (negative: minus hours)."""
    same_kind: float
    """Shifts of the same kind (day/evening/night) already planned, per full-time post."""
    cost: Fraction
    """Change of the roster's soft penalties if they take it."""


def without_absent(instance: Instance, schedule: Schedule) -> Schedule:
    """The roster without shifts that fall in an absence (the shifts a sick person leaves)."""
    return Schedule(
        assignments=tuple(
            a
            for a in schedule.assignments
            if a.shift not in instance.shift
            or instance.absence_clash(a.employee, instance.index_of(a.date), a.shift) is None
        )
    )


def cover(
    instance: Instance, published: Schedule, date: dt.date, shift: str, task: str
) -> list[Candidate]:
    """Everyone ranked for an open shift: those who can take it, fairest first (most minus
    hours, then fewest shifts of that kind per FTE, then least extra cost); then the others
    with the rules that stop them (the validator on the roster with them added)."""
    _check_open_shift(instance, date, shift, task)
    published = without_absent(instance, published)
    base = validate(instance, published)
    working = published.shifts()
    base_hard = {v.key for v in base.hard}
    kind = instance.shift[shift].kind
    found = []
    for emp in instance.employees:
        added = tuple(
            Assignment(employee=emp.id, date=date, shift=shift, period=p.id, task=task)
            for p in instance.shift[shift].task_periods
        )
        report = validate(instance, Schedule(assignments=published.assignments + added))
        who = f"{emp.name} ({emp.id})"
        said = (
            v.message.removeprefix(f"{who}: ").removeprefix(f"{who} ").removeprefix(f"on {date}: ")
            for v in report.hard
            if v.key not in base_hard
        )
        blockers = list(dict.fromkeys(said))  # one line per reason, in order
        if (emp.id, date) in working:  # the rest would only repeat it
            blockers = [f"already works {working[emp.id, date]} on {date:%a %d %b}"]
        worked = [s for (e, _), s in working.items() if e == emp.id and s in instance.shift]
        planned = sum(instance.shift[s].paid_minutes for s in worked)
        found.append(
            Candidate(
                employee=emp.id,
                name=emp.name,
                blockers=blockers,
                balance_hours=(planned - instance.contract_minutes(emp)) / 60,
                same_kind=sum(instance.shift[s].kind is kind for s in worked)
                * 100
                / emp.position_pct,
                cost=report.objective - base.objective,
            )
        )
    return sorted(found, key=lambda c: (bool(c.blockers), c.balance_hours, c.same_kind, c.cost))


def _check_open_shift(instance: Instance, date: dt.date, shift: str, task: str) -> None:
    problems = []
    if shift not in instance.shift:
        known = ", ".join(instance.shift)
        problems.append(Problem(("--shift",), f"unknown shift {shift!r}; use {known}"))
    if task not in instance.task:
        known = ", ".join(instance.task)
        problems.append(Problem(("--task",), f"unknown task {task!r}; use {known}"))
    if not 0 <= instance.index_of(date) < instance.num_days:
        problems.append(Problem(("--shift",), f"{date} is outside the period"))
    if problems:
        raise InputError("turnus cover", problems)


def check_published(instance: Instance, published: Schedule, source: str) -> None:
    """The published roster must name the scenario's people, shifts and tasks."""
    problems = []
    for i, a in enumerate(published.assignments):
        for value, known, what in (
            (a.employee, instance.employee, "employee"),
            (a.shift, instance.shift, "shift"),
            (a.task, instance.task, "task"),
        ):
            if value not in known:
                problems.append(Problem((), f"unknown {what} {value!r}", where=f"row {i + 2}"))
    if problems:
        raise InputError(source, problems[:20])
