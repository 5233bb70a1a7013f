"""The staffing plan against the roster: per task period, per task and per day.

``planned`` counts people; ``cover`` counts heads as the coverage rule does (a trainee counts
its ``cover`` fraction, usually 0), and shortfalls are measured in ``cover``. Demand hours are
head-count x the clock length of the task period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from turnus.instance import DemandKey, Instance
from turnus.roster import Roster
from turnus.rules.coverage import planned_cover


@dataclass(frozen=True, slots=True)
class CoverageLine:
    """Head-count for one (day, shift, task period, task); ``target`` falls back to ``min``."""

    date: dt.date
    shift: str
    period: str
    task: str
    start: str
    end: str
    hours: float
    min: int
    target: int
    max: int | None
    planned: int
    cover: float
    shortfall: float
    below_target: float
    surplus: float
    required_hours: float
    covered_hours: float


@dataclass(frozen=True, slots=True)
class TaskCoverage:
    """Demand hours of one task over the period; ``coverage`` is covered ÷ required."""

    task: str
    name: str
    required_hours: float
    target_hours: float
    covered_hours: float
    planned_hours: float
    shortfall_hours: float
    coverage: float | None


@dataclass(frozen=True, slots=True)
class DayCoverage:
    """Demand hours of one day over all tasks; ``coverage`` is covered ÷ required."""

    date: dt.date
    required_hours: float
    target_hours: float
    covered_hours: float
    shortfall_hours: float
    coverage: float | None


def coverage_lines(instance: Instance, roster: Roster) -> tuple[CoverageLine, ...]:
    """Every staffing-plan line in force, plus any task period worked without one (min 0)."""
    cover = planned_cover(roster)
    heads = _heads(roster)
    keys = sorted(
        set(instance.demand) | {k for k in heads if _known(instance, k)},
        key=lambda k: _in_time_order(instance, k),
    )
    return tuple(_line(instance, key, heads.get(key, 0), cover.get(key, 0)) for key in keys)


def _in_time_order(inst: Instance, key: DemandKey) -> tuple[int, int, str, int, str]:
    """Day, then the task period's start, then the scenario's order of tasks."""
    day, shift, period, task = key
    order = next(i for i, t in enumerate(inst.tasks) if t.id == task)
    return day, inst.shift[shift].period_window(period)[0], shift, order, task


def _heads(roster: Roster) -> dict[DemandKey, int]:
    counts: dict[DemandKey, int] = defaultdict(int)
    for (_, day, shift), periods in roster.tasks.items():
        for period, tasks in periods.items():
            for task in tasks:
                counts[day, shift, period, task] += 1
    return counts


def _known(inst: Instance, key: DemandKey) -> bool:
    day, shift, period, task = key
    return (
        0 <= day < inst.num_days
        and shift in inst.shift
        and task in inst.task
        and any(p.id == period for p in inst.shift[shift].task_periods)
    )


def _line(inst: Instance, key: DemandKey, planned: int, hundredths: int) -> CoverageLine:
    day, shift, period, task = key
    line = inst.demand.get(key)
    low = line.min if line else 0
    target = line.target if line and line.target is not None else low
    start, end = inst.shift[shift].period_window(period)
    cover = hundredths / 100
    hours = (end - start) / 60
    return CoverageLine(
        date=inst.day(day).date,
        shift=shift,
        period=period,
        task=task,
        start=clock(start),
        end=clock(end),
        hours=hours,
        min=low,
        target=target,
        max=line.max if line else None,
        planned=planned,
        cover=cover,
        shortfall=max(0.0, low - cover),
        below_target=max(0.0, target - cover),
        surplus=max(0.0, cover - target),
        required_hours=low * hours,
        covered_hours=min(cover, low) * hours,
    )


def clock(minute: int) -> str:
    """``HH:MM`` of a minute count (modulo one day)."""
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def _sums(lines: Iterable[CoverageLine]) -> tuple[float, float, float, float]:
    """Required, target, covered and planned demand hours of some lines."""
    lines = list(lines)
    return (
        sum(c.required_hours for c in lines),
        sum(c.target * c.hours for c in lines),
        sum(c.covered_hours for c in lines),
        sum(c.cover * c.hours for c in lines),
    )


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def coverage_by_task(
    instance: Instance, lines: Iterable[CoverageLine]
) -> tuple[TaskCoverage, ...]:
    by_task: dict[str, list[CoverageLine]] = {t.id: [] for t in instance.tasks}
    for line in lines:
        by_task[line.task].append(line)
    found = []
    for task, group in by_task.items():
        required, target, covered, planned = _sums(group)
        found.append(
            TaskCoverage(
                task=task,
                name=instance.task[task].name or task,
                required_hours=required,
                target_hours=target,
                covered_hours=covered,
                planned_hours=planned,
                shortfall_hours=required - covered,
                coverage=_ratio(covered, required),
            )
        )
    return tuple(found)


def coverage_by_day(instance: Instance, lines: Iterable[CoverageLine]) -> tuple[DayCoverage, ...]:
    by_day: dict[dt.date, list[CoverageLine]] = {d.date: [] for d in instance.days}
    for line in lines:
        by_day[line.date].append(line)
    found = []
    for date, group in by_day.items():
        required, target, covered, _ = _sums(group)
        found.append(
            DayCoverage(
                date=date,
                required_hours=required,
                target_hours=target,
                covered_hours=covered,
                shortfall_hours=required - covered,
                coverage=_ratio(covered, required),
            )
        )
    return tuple(found)
