"""Checks before solving, in words: can the staffing plan be met at all?

Pure Python, no solver. Each check is a necessary condition: when it fails, no roster can meet
the plan, whatever the solver does. A passing check proves nothing, so a clean report does not
promise a feasible model; :mod:`turnus.explain` answers that after solving.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from turnus.domain import AbsenceKind, Employee, ShiftCategory
from turnus.instance import DemandKey, Instance

ABSENCE_WORDS = {
    AbsenceKind.VACATION: "is on vacation",
    AbsenceKind.LEAVE: "is on leave",
    AbsenceKind.SICK: "is on sick leave",
    AbsenceKind.COURSE: "is on a course",
    AbsenceKind.SCHOOL: "is at school",
    AbsenceKind.OTHER: "is away",
}
MAX_NAMES = 6
"""How many names a message lists before it says 'and N more'."""
FEW = 4
"""Up to this many qualified people, a staffing message names each and why they cannot come."""

TRAINING_MODULES = ("turnus.diagnose_training", "turnus.training")
"""Where another module may offer ``training_problems(instance)`` (training plans, issue 3)."""


@dataclass(frozen=True)
class Finding:
    """One reason the plan cannot be met, in the user's terms."""

    topic: str  # staffing, hours, supervision, training
    message: str
    date: dt.date | None = None
    employee: str | None = None

    def __str__(self) -> str:
        return self.message


def diagnose(instance: Instance) -> list[Finding]:
    """Every pre-solve finding: staffing, hours, supervision and training plans."""
    return [
        *staffing_problems(instance),
        *hours_problems(instance),
        *supervision_problems(instance),
        *training_problems(instance),
    ]


# -- words ---------------------------------------------------------------------------------------


def when(instance: Instance, day: int, shift: str, period: str | None = None) -> str:
    """``Saturday 16 January, Aften`` (with the task period's clock when the shift has several)."""
    shift_type = instance.shift[shift]
    text = f"{instance.day(day).date:%A %d %B}, {shift_type.name or shift}"
    if period is not None and len(shift_type.task_periods) > 1:
        start, end = shift_type.period_window(period)
        text += f" {_clock(start)}-{_clock(end)}"
    return text


def _clock(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def name_list(names: list[str]) -> str:
    """``Kari, Ola and Per``; long lists end with 'and N more'."""
    if len(names) > MAX_NAMES:
        names = [*names[: MAX_NAMES - 1], f"{len(names) - MAX_NAMES + 1} more"]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def date_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"{first:%a %d %b}"
    return f"{first:%a %d %b} to {last:%a %d %b}"


# -- who can work a seat -----------------------------------------------------------------------


def why_not(instance: Instance, employee: Employee, day: int, shift: str) -> str | None:
    """Why a person cannot work a shift on a day, in words; None when they can."""
    absence = instance.absence_clash(employee.id, day, shift)
    if absence is not None:
        return ABSENCE_WORDS.get(absence.kind, "is away")
    shift_type = instance.shift[shift]
    if not instance.may_work_type(employee, shift_type):
        if shift_type.kind is ShiftCategory.NIGHT and not employee.nights:
            return "does not work nights"
        return f"does not work {shift_type.name or shift} shifts"
    fixed = instance.fixed.get((employee.id, day))
    if fixed is not None and (fixed.is_off or fixed.shift != shift):
        return f"is fixed to {'a day off' if fixed.is_off else fixed.shift}"
    if not instance.is_open(day, shift):
        return f"has no open task on {shift_type.name or shift} that day"
    if not instance.can_work(employee, day, shift):
        return f"is not qualified for every task period of {shift_type.name or shift}"
    return None


def qualified(instance: Instance, key: DemandKey) -> list[Employee]:
    """Who has the competence a seat needs and counts toward staffing."""
    task = instance.task[key[3]]
    return [
        e for e in instance.employees if instance.is_qualified(e, task) and e.cover_fraction > 0
    ]


def available(instance: Instance, key: DemandKey) -> list[Employee]:
    """Qualified people who could take the seat (ignoring all other seats)."""
    day, shift, period, task = key
    return [
        e
        for e in qualified(instance, key)
        if instance.can_work(e, day, shift)
        and task in instance.candidate_tasks(e, day, shift, period)
    ]


def seat_story(instance: Instance, key: DemandKey, need: int) -> str:
    """``the plan needs 2 with akutt competence; only Kari and Ola have it and Ola is ...``.

    With more than a few qualified people, the ones who cannot come are grouped by reason.
    """
    day, shift, _, task_id = key
    task = instance.task[task_id]
    competence = next((c for c in instance.scenario.competences if c.id == task.competence), None)
    what = (competence.name if competence and competence.name else task.competence).lower()
    level = "" if task.min_level == instance.scenario.levels[1] else f" at level {task.min_level}"
    people = qualified(instance, key)
    text = f"the plan needs {need} with {what} competence{level} for {task.name or task_id}; "
    if not people:
        return text + "nobody has it"
    away: dict[str, list[str]] = defaultdict(list)
    for e in people:
        if (reason := why_not(instance, e, day, shift)) is not None:
            away[reason].append(e.name)
    if len(people) <= FEW:
        names = [e.name for e in people]
        text += f"only {name_list(names)} {'has' if len(names) == 1 else 'have'} it"
        reasons = [f"{name_list(n)} {_plural(r, len(n))}" for r, n in away.items()]
        return text + (f" and {name_list(reasons)}" if reasons else "")
    free = [e.name for e in available(instance, key)]
    text += f"{len(people)} have it, " + (
        f"only {name_list(free)} can come" if free else "none can come"
    )
    return text + "".join(f"; {name_list(n)} {_plural(r, len(n))}" for r, n in away.items())


def _plural(reason: str, count: int) -> str:
    """``is on vacation`` for one, ``are on vacation`` for several."""
    if count == 1:
        return reason
    for one, many in (("is ", "are "), ("does ", "do "), ("has ", "have ")):
        if reason.startswith(one):
            return many + reason.removeprefix(one)
    return reason


# -- staffing ------------------------------------------------------------------------------------


def staffing_problems(instance: Instance) -> Iterator[Finding]:
    """Seats with fewer available qualified people than the minimum, then seats that cannot all
    be filled at once in a task period or on a day (one person, one seat)."""
    short_seats: set[DemandKey] = set()
    for key, line in instance.demand.items():
        if line.min <= 0:
            continue
        heads = sum(e.cover_fraction for e in available(instance, key))
        if heads + 1e-9 < line.min:
            short_seats.add(key)
            date = instance.day(key[0]).date
            story = seat_story(instance, key, line.min)
            yield Finding("staffing", f"{when(instance, *key[:3])}: {story}", date=date)
    yield from _period_matching(instance, short_seats)
    yield from _task_day_matching(instance, short_seats)
    yield from _day_matching(instance, short_seats)


def _period_matching(instance: Instance, short: set[DemandKey]) -> Iterator[Finding]:
    """In each task period, the tasks' minimums together against the people who can do them."""
    for (day, shift, period), tasks in instance.open_tasks.items():
        keys = [(day, shift, period, t) for t in tasks]
        if any(k in short for k in keys):
            continue
        seats, filled = _placeable(instance, keys)
        if seats >= 2 and filled < seats:
            names = ", ".join(
                f"{instance.demand[k].min} {instance.task[k[3]].name or k[3]}" for k in keys
            )
            yield Finding(
                "staffing",
                f"{when(instance, day, shift, period)}: the plan needs {names} at the same time "
                f"({seats} people); at most {filled} of those available can be placed",
                date=instance.day(day).date,
            )


def _placeable(instance: Instance, keys: list[DemandKey]) -> tuple[int, int]:
    """The seats the keys' minimums make, and how many can be filled at once by available
    qualified people, each in one seat."""
    seats = [k for k in keys for _ in range(instance.demand[k].min)]
    options = {k: {e.id for e in available(instance, k) if e.cover_fraction >= 1} for k in keys}
    return len(seats), max_matching(seats, options)


def _task_day_matching(instance: Instance, short: set[DemandKey]) -> Iterator[Finding]:
    """Per day and task, the shifts' minimums together: one person works one shift a day."""
    busiest: dict[tuple[int, str, str], DemandKey] = {}
    for key, line in instance.demand.items():
        day, shift, _, task = key
        best = busiest.get((day, task, shift))
        if line.min and (best is None or line.min > instance.demand[best].min):
            busiest[day, task, shift] = key
    by_day_task: dict[tuple[int, str], list[DemandKey]] = defaultdict(list)
    for (day, task, _), key in busiest.items():
        by_day_task[day, task].append(key)
    for (day, task), keys in by_day_task.items():
        if len(keys) < 2 or any(k in short for k in keys):
            continue
        seats, filled = _placeable(instance, keys)
        if filled < seats:
            shifts = ", ".join(instance.shift[k[1]].name or k[1] for k in keys)
            people = qualified(instance, keys[0])
            away = [
                f"{e.name} {reason}"
                for e in people
                if (reason := why_not(instance, e, day, keys[0][1])) is not None
            ]
            name = instance.task[task].name or task
            yield Finding(
                "staffing",
                f"{instance.day(day).date:%A %d %B}: the plan needs {seats} on {name} over "
                f"the day ({shifts}); only {filled} can be placed, one shift a day each"
                + (f"; {name_list(away)}" if away else ""),
                date=instance.day(day).date,
            )


def shift_seats(instance: Instance, day: int, shift: str) -> int:
    """People a shift needs on a day: the busiest task period's sum of minimums."""
    totals: dict[str, int] = defaultdict(int)
    for (d, s, period, _), line in instance.demand.items():
        if d == day and s == shift:
            totals[period] += line.min
    return max(totals.values(), default=0)


def _day_matching(instance: Instance, short: set[DemandKey]) -> Iterator[Finding]:
    """On each day, the shifts' head-counts together against people (one shift a day each)."""
    short_days = {k[0] for k in short}
    for day in instance.days:
        if day.index in short_days:
            continue
        seats = [
            s.id
            for s in instance.shift_types
            for _ in range(shift_seats(instance, day.index, s.id))
        ]
        if len(seats) < 2:
            continue
        options = {
            s.id: {
                e.id
                for e in instance.employees
                if e.cover_fraction >= 1 and instance.can_work(e, day.index, s.id)
            }
            for s in instance.shift_types
        }
        filled = max_matching(seats, options)
        if filled < len(seats):
            yield Finding(
                "staffing",
                f"{day.date:%A %d %B}: the plan needs {len(seats)} people over the day's shifts; "
                f"only {filled} can be placed (one shift a day each)",
                date=day.date,
            )


def max_matching(seats: list[Any], options: dict[Any, set[str]]) -> int:
    """Size of a largest matching of seats to people (augmenting paths; seats are few)."""
    holder: dict[str, int] = {}

    def place(i: int, seen: set[str]) -> bool:
        for person in sorted(options[seats[i]]):
            if person in seen:
                continue
            seen.add(person)
            if person not in holder or place(holder[person], seen):
                holder[person] = i
                return True
        return False

    return sum(place(i, set()) for i in range(len(seats)))


# -- hours ---------------------------------------------------------------------------------------


def hours_problems(instance: Instance) -> Iterator[Finding]:
    """Per week: minimum staffing hours against contract hours; per person: reachable hours."""
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day in instance.days:
        weeks[day.date.isocalendar()[:2]].append(day.index)
    for (_, week), days in weeks.items():
        needed = sum(
            instance.shift[s.id].paid_minutes * shift_seats(instance, d, s.id)
            for d in days
            for s in instance.shift_types
        )
        owed = sum(_owed_in(instance, e, days) for e in instance.employees)
        if needed > owed:
            first, last = instance.day(days[0]).date, instance.day(days[-1]).date
            yield Finding(
                "hours",
                f"Week {week} ({date_range(first, last)}): the minimum staffing needs "
                f"{needed / 60:.1f} h of shifts; the staff owe {owed / 60:.1f} h under their "
                f"contracts ({(needed - owed) / 60:.1f} h short: overtime or extra staff)",
                date=first,
            )
    yield from _reachable_hours(instance)


def _owed_in(instance: Instance, employee: Employee, days: Iterable[int]) -> float:
    daily = instance.daily_contract_minutes(employee)
    return sum(
        daily
        for d in days
        if instance.day(d).is_workday and (employee.id, d) not in instance.whole_day_absence
    )


def _reachable_hours(instance: Instance) -> Iterator[Finding]:
    """People who cannot reach the lower end of their contract band with the shifts open to
    them, when the contract rule is hard (otherwise it is only a cost)."""
    rule = next((r for r in instance.rules if r.kind == "contract_hours" and r.hard), None)
    if rule is None:
        return
    for emp in rule.subjects(instance):
        low, _ = rule.band(instance, emp)
        most = sum(
            max(
                (
                    s.paid_minutes
                    for s in instance.shift_types
                    if instance.can_work(emp, d.index, s.id)
                ),
                default=0,
            )
            for d in instance.days
        )
        if most < low:
            yield Finding(
                "hours",
                f"{emp.name} ({emp.id}) can work at most {most / 60:.1f} h in the shifts open "
                f"to them but must plan at least {low / 60:.1f} h under the contract",
                employee=emp.id,
            )


# -- trainees and training plans ---------------------------------------------------------------


def supervision_problems(instance: Instance) -> Iterator[Finding]:
    """Days a trainee could work but no named supervisor can work the same shift, when the
    supervision rule is on. (Trainees with no supervisor, or none on any day, are reported by
    the training module's checks.)"""
    if not any(rule.kind == "supervision" for rule in instance.rules):
        return
    for trainee in instance.employees:
        if not trainee.supervisors:
            continue
        workable = [d.index for d in instance.days if _trainee_shifts(instance, trainee, d.index)]
        lonely = [
            day
            for day in workable
            if not any(
                instance.can_work(instance.employee[sup], day, s)
                for s in _trainee_shifts(instance, trainee, day)
                for sup in trainee.supervisors
            )
        ]
        if len(lonely) == len(workable):
            continue
        who = f"{trainee.name} ({trainee.id}, trainee)"
        supervisors = name_list(_names(instance, trainee.supervisors))
        for first, last in _ranges(lonely):
            span = date_range(instance.day(first).date, instance.day(last).date)
            yield Finding(
                "supervision",
                f"{who}: no supervisor ({supervisors}) can work the same shift on {span}, "
                f"so the trainee cannot work then",
                date=instance.day(first).date,
                employee=trainee.id,
            )


def _trainee_shifts(instance: Instance, trainee: Employee, day: int) -> list[str]:
    return [s.id for s in instance.shift_types if instance.can_work(trainee, day, s.id)]


def _names(instance: Instance, ids: Iterable[str]) -> list[str]:
    return [instance.employee[i].name for i in ids if i in instance.employee]


def _ranges(days: list[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for day in days:
        if found and found[-1][1] == day - 1:
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def training_problems(instance: Instance) -> list[Finding]:
    """Training plans without an available mentor, from the training module where it exists."""
    for name in TRAINING_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        check = getattr(module, "training_problems", None)
        if check is not None:
            return [
                item if isinstance(item, Finding) else Finding("training", str(item))
                for item in check(instance)
            ]
    return []
