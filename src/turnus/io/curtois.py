"""The Curtois & Qu "Employee Shift Scheduling Benchmark" instances as turnus scenarios.

:func:`read_curtois` parses an instance file (CRLF or LF), :func:`to_instance` translates it
into a :class:`~turnus.domain.Scenario` and a rule profile solved by the standard turnus
model, and :func:`benchmark_objective` is a tiny independent evaluator of the benchmark's own
rules, used to cross-check the translation.

The translation:

* day 0 is Monday :data:`START` (the format's days start on a Monday); one task ``cover``
  that every employee may do, one task period per shift;
* shift types get clock times from 06:00 with the file's length as paid hours, marked as day
  shifts, so no night or evening rule can apply;
* ``SECTION_COVER`` becomes one dated staffing line per (day, shift) with ``min`` the
  requirement; the ``coverage`` rule costs ``WeightUnder`` per head short and ``WeightOver``
  per head above;
* per-employee limits become rules with an ``employees`` list, one rule entry per distinct
  value: ``max_shifts_per_type`` (``Employee.max_shifts``), ``period_hours``
  (``min_hours``/``max_hours``), ``max_consecutive_days``, ``min_consecutive_days``,
  ``min_consecutive_days_off`` (runs touching the horizon ends exempt, as in the benchmark),
  ``max_weekends`` over the whole horizon, ``forbidden_successions`` from ``NoFollow``;
* days off are whole-day absences; shift on/off requests are ``shift``/``not_shift`` wishes
  with the request weight as priority (rule weight 1).

Public holidays: the period falls on Norwegian holidays (a year has several), but nothing in
this translation reads them. Staffing lines are dated, which beats any day-type line, and
the profile holds no rule that looks at holidays (``sunday_rest``, ``contract_hours`` and
``fairness`` are absent), so the benchmark's rules are exactly those of the file.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from turnus.domain import Scenario
from turnus.exceptions import InputError, Problem
from turnus.instance import Instance
from turnus.result import Assignment, Schedule

BOUND_TOLERANCE = 1e-6
SUBSOLVERS = ("max_lp",)
"""CP-SAT's subsolver for the benchmark: the strongest LP, with LNS on top (measured best)."""

START = dt.date(2029, 1, 1)
"""A Monday: day 0 of every benchmark instance."""

TASK = "cover"
SHIFT_START = dt.time(6, 0)
DATA_ENV = "TURNUS_CURTOIS_DIR"


@dataclass(frozen=True)
class Staff:
    """One line of ``SECTION_STAFF``."""

    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Cover:
    requirement: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class Request:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass
class CurtoisInstance:
    """A benchmark instance as in the file, with days as 0-based indices."""

    name: str
    horizon: int = 0
    lengths: dict[str, int] = field(default_factory=dict)
    no_follow: dict[str, tuple[str, ...]] = field(default_factory=dict)
    staff: list[Staff] = field(default_factory=list)
    days_off: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    on_requests: list[Request] = field(default_factory=list)
    off_requests: list[Request] = field(default_factory=list)
    cover: dict[tuple[int, str], Cover] = field(default_factory=dict)


# -- reading -------------------------------------------------------------------------------


def data_dir() -> Path:
    """Where the instances are: ``$TURNUS_CURTOIS_DIR``, else ``../shared/benchmarks/curtois``
    beside the repository (or beside the working directory)."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    relative = Path("..") / "shared" / "benchmarks" / "curtois"
    repo = Path(__file__).resolve().parents[3]
    for base in (repo, Path.cwd()):
        if (base / relative).is_dir():
            return (base / relative).resolve()
    return (repo / relative).resolve()


def instance_path(name: str | int) -> Path:
    """``7`` or ``"Instance7"`` -> the file in :func:`data_dir`."""
    stem = f"Instance{name}" if isinstance(name, int) or str(name).isdigit() else str(name)
    return data_dir() / f"{stem.removesuffix('.txt')}.txt"


def read_curtois(path: str | Path) -> CurtoisInstance:
    """Parse an instance file; errors name the file, line and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), [Problem((), "file not found; check the path")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), [Problem((), f"cannot read the file: {error}")]) from None
    inst = CurtoisInstance(name=path.stem)
    section = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        try:
            _read_line(inst, section, [f.strip() for f in line.split(",")])
        except (ValueError, IndexError, KeyError) as error:
            where = f"line {number}"
            raise InputError(
                str(path), [Problem((), f"cannot read '{line}' in {section}: {error}", where)]
            ) from None
    problems = _check(inst)
    if problems:
        raise InputError(str(path), problems)
    return inst


def _read_line(inst: CurtoisInstance, section: str | None, fields: list[str]) -> None:
    if section == "SECTION_HORIZON":
        inst.horizon = int(fields[0])
    elif section == "SECTION_SHIFTS":
        inst.lengths[fields[0]] = int(fields[1])
        inst.no_follow[fields[0]] = tuple(s for s in fields[2].split("|") if s)
    elif section == "SECTION_STAFF":
        limits = (pair.split("=") for pair in fields[1].split("|") if pair)
        inst.staff.append(Staff(fields[0], {s: int(n) for s, n in limits}, *map(int, fields[2:8])))
    elif section == "SECTION_DAYS_OFF":
        inst.days_off[fields[0]].update(int(d) for d in fields[1:] if d)
    elif section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        request = Request(fields[0], int(fields[1]), fields[2], int(fields[3]))
        on = section == "SECTION_SHIFT_ON_REQUESTS"
        (inst.on_requests if on else inst.off_requests).append(request)
    elif section == "SECTION_COVER":
        inst.cover[int(fields[0]), fields[1]] = Cover(*map(int, fields[2:5]))
    else:
        raise ValueError("data outside a known SECTION_")


def _check(inst: CurtoisInstance) -> list[Problem]:
    problems = []
    if inst.horizon <= 0:
        problems.append(Problem(("SECTION_HORIZON",), "the horizon must be a positive number"))
    staff = {s.id for s in inst.staff}
    for s in inst.staff:
        for shift in s.max_shifts:
            if shift not in inst.lengths:
                problems.append(Problem(("SECTION_STAFF", s.id), f"unknown shift '{shift}'"))
    for r in [*inst.on_requests, *inst.off_requests]:
        if r.employee not in staff or r.shift not in inst.lengths:
            problems.append(Problem(("requests", r.employee), f"unknown employee or shift: {r}"))
    for (day, shift), _ in inst.cover.items():
        if shift not in inst.lengths or not 0 <= day < inst.horizon:
            problems.append(Problem(("SECTION_COVER", day, shift), "unknown shift or day"))
    weights = {(c.weight_under, c.weight_over) for c in inst.cover.values()}
    if len(weights) > 1:
        problems.append(
            Problem(("SECTION_COVER",), f"cover weights vary {sorted(weights)}; not supported")
        )
    return problems


# -- translation -----------------------------------------------------------------------------


def _date(day: int) -> dt.date:
    return START + dt.timedelta(days=day)


def to_scenario(inst: CurtoisInstance) -> Scenario:
    """The instance's data as a turnus scenario (rules come from :func:`to_profile`)."""
    start = dt.datetime.combine(START, SHIFT_START)
    shifts = [
        {
            "id": s,
            "start": SHIFT_START,
            "end": (start + dt.timedelta(minutes=length)).time(),
            "paid_hours": length / 60,
            "category": "day",
        }
        for s, length in inst.lengths.items()
    ]
    employees = [
        {
            "id": s.id,
            "name": s.id,
            "competences": {TASK: "competent"},
            "max_shifts": {k: n for k, n in s.max_shifts.items() if n < inst.horizon},
            "min_hours": s.min_minutes / 60,
            "max_hours": s.max_minutes / 60,
        }
        for s in inst.staff
    ]
    staffing = [
        {"day": _date(day).isoformat(), "shift": shift, "task": TASK, "min": c.requirement}
        for (day, shift), c in sorted(inst.cover.items())
    ]
    absences = [
        {"employee": emp, "start": _date(d), "end": _date(d), "kind": "other"}
        for emp, days in inst.days_off.items()
        for d in sorted(days)
        if 0 <= d < inst.horizon
    ]
    wishes = [
        {"employee": r.employee, "date": _date(r.day), "kind": kind, "shift": r.shift,
         "priority": r.weight}
        for kind, requests in (("shift", inst.on_requests), ("not_shift", inst.off_requests))
        for r in requests
        if 0 <= r.day < inst.horizon
    ]  # fmt: skip
    return Scenario.model_validate(
        {
            "name": inst.name,
            "office": "Curtois & Qu benchmark",
            "period": {"start": START, "end": _date(inst.horizon - 1)},
            "competences": [{"id": TASK}],
            "tasks": [{"id": TASK, "competence": TASK}],
            "shift_types": shifts,
            "employees": employees,
            "staffing": staffing,
            "absences": absences,
            "wishes": wishes,
        }
    )


def _grouped(
    inst: CurtoisInstance,
    kind: str,
    param: str,
    value_of: Callable[[Staff], int],
    skip: Callable[[int], bool],
) -> dict[str, dict[str, Any]]:
    """One rule entry of ``kind`` per distinct value, listing the employees it applies to."""
    groups: dict[int, list[str]] = defaultdict(list)
    for s in inst.staff:
        value = value_of(s)
        if not skip(value):
            groups[value].append(s.id)
    return {
        f"{kind}_{value}": {"kind": kind, "hard": True, param: value, "employees": ids}
        for value, ids in sorted(groups.items())
    }


def to_profile(inst: CurtoisInstance) -> dict[str, dict[str, Any]]:
    """The benchmark's rules as a turnus rule profile (rule name -> settings)."""
    weights = next(iter(inst.cover.values()), Cover(0, 100, 1))
    weekends = inst.horizon // 7
    profile: dict[str, dict[str, Any]] = {
        "assignment": {"hard": True},
        "coverage": {
            "hard": False,
            "weight": weights.weight_under,
            "target_weight": 0,
            "over_weight": weights.weight_over,
        },
        "max_shifts_per_type": {"hard": True},
        "period_hours": {"hard": True},
        "wishes": {"weight": 1},
    }
    successions = {s: banned for s, banned in inst.no_follow.items() if banned}
    if successions:
        profile["forbidden_successions"] = {"hard": True, "successions": successions}
    profile |= _grouped(
        inst, "max_consecutive_days", "max", lambda s: s.max_consecutive,
        lambda v: v >= inst.horizon,
    )  # fmt: skip
    profile |= _grouped(
        inst, "min_consecutive_days", "min", lambda s: s.min_consecutive, lambda v: v <= 1
    )
    profile |= _grouped(
        inst, "min_consecutive_days_off", "min", lambda s: s.min_days_off, lambda v: v <= 1
    )
    for name, rule in _grouped(
        inst, "max_weekends", "max", lambda s: s.max_weekends, lambda v: v >= weekends
    ).items():
        profile[name] = rule | {"weeks": None}
    return profile


def to_instance(inst: CurtoisInstance) -> Instance:
    return Instance.build(to_scenario(inst), to_profile(inst), source=inst.name)


def load_curtois(path: str | Path) -> tuple[CurtoisInstance, Instance]:
    """Read an instance file and translate it; both are returned for cross-checks."""
    raw = read_curtois(path)
    return raw, to_instance(raw)


# -- solutions and the benchmark's own evaluator ---------------------------------------------


def roster_lines(instance: Instance, schedule: Schedule) -> list[tuple[str, int, str]]:
    """``(employee_id, day, shift_id)`` per worked day, 0-based days, sorted."""
    return sorted(
        {(a.employee, instance.index_of(a.date), a.shift) for a in schedule.assignments},
        key=lambda row: (row[0], row[1]),
    )


def schedule_from_lines(lines: Iterable[tuple[str, int, str]]) -> Schedule:
    """A turnus schedule from ``(employee_id, day, shift_id)`` lines."""
    return Schedule(
        assignments=tuple(
            Assignment(employee=e, date=_date(d), shift=s, period="1", task=TASK)
            for e, d, s in lines
        )
    )


@dataclass
class BenchmarkScore:
    """The benchmark's objective and its broken hard constraints, in its own terms."""

    objective: int
    hard: list[str]


def benchmark_objective(
    inst: CurtoisInstance, lines: Iterable[tuple[str, int, str]]
) -> BenchmarkScore:
    """Score a roster by the rules of the benchmark's README, independently of turnus."""
    roster: dict[str, dict[int, str]] = defaultdict(dict)
    hard: list[str] = []
    for emp, day, shift in lines:
        if day in roster[emp]:
            hard.append(f"{emp} works twice on day {day}")
        roster[emp][day] = shift
    for s in inst.staff:
        hard += _staff_violations(inst, s, roster[s.id])
    objective = 0
    for r in inst.on_requests:
        objective += r.weight * (roster[r.employee].get(r.day) != r.shift)
    for r in inst.off_requests:
        objective += r.weight * (roster[r.employee].get(r.day) == r.shift)
    counts: Mapping[tuple[int, str], int] = _cover_counts(roster)
    for key, c in inst.cover.items():
        n = counts.get(key, 0)
        objective += c.weight_under * max(0, c.requirement - n)
        objective += c.weight_over * max(0, n - c.requirement)
    return BenchmarkScore(objective, hard)


def benchmark_bound(bound: float) -> int:
    """A proven lower bound in the benchmark's terms: its objective is a whole number
    (whole weights times counts), so the bound rounds up to the next one, allowing for the
    floating point of a linear program's bound."""
    return math.ceil(bound - BOUND_TOLERANCE)


def benchmark_status(objective: int, bound: float, status: str) -> str:
    """The solve's ``status`` in the benchmark's terms: optimal where the ``objective``
    meets the solver's ``bound`` rounded up (:func:`benchmark_bound`)."""
    return "optimal" if objective == benchmark_bound(bound) else status


def _cover_counts(roster: Mapping[str, Mapping[int, str]]) -> dict[tuple[int, str], int]:
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for days in roster.values():
        for day, shift in days.items():
            counts[day, shift] += 1
    return counts


def _runs(work: list[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs ``(start, length)`` of ``value`` in ``work``."""
    found, start = [], None
    for i, w in enumerate([*work, not value]):
        if w == value and start is None:
            start = i
        elif w != value and start is not None:
            found.append((start, i - start))
            start = None
    return found


def _staff_violations(inst: CurtoisInstance, s: Staff, days: dict[int, str]) -> list[str]:
    h, broken = inst.horizon, []
    for day, shift in days.items():
        if not 0 <= day < h or shift not in inst.lengths:
            broken.append(f"{s.id}: day {day} shift {shift} outside the instance")
        if day in inst.days_off.get(s.id, ()):
            broken.append(f"{s.id}: works on day off {day}")
        if days.get(day + 1) in inst.no_follow.get(shift, ()):
            broken.append(f"{s.id}: {days[day + 1]} on day {day + 1} after {shift}")
    for shift, limit in s.max_shifts.items():
        if sum(v == shift for v in days.values()) > limit:
            broken.append(f"{s.id}: more than {limit} {shift} shifts")
    minutes = sum(inst.lengths.get(v, 0) for v in days.values())
    if not s.min_minutes <= minutes <= s.max_minutes:
        broken.append(f"{s.id}: {minutes} minutes outside {s.min_minutes}-{s.max_minutes}")
    work = [d in days for d in range(h)]
    for start, length in _runs(work, True):
        if length > s.max_consecutive:
            broken.append(f"{s.id}: {length} shifts in a row from day {start}")
        if length < s.min_consecutive and start > 0 and start + length < h:
            broken.append(f"{s.id}: only {length} shifts in a row from day {start}")
    for start, length in _runs(work, False):
        if length < s.min_days_off and start > 0 and start + length < h:
            broken.append(f"{s.id}: only {length} days off from day {start}")
    weekends = sum(work[7 * w + 5] or work[7 * w + 6] for w in range(h // 7))
    if weekends > s.max_weekends:
        broken.append(f"{s.id}: {weekends} weekends worked, at most {s.max_weekends}")
    return broken
