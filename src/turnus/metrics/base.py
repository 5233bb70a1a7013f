"""The :class:`Metrics` aggregate, optional sections, and DataFrames of any metric rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from turnus.instance import Instance
from turnus.metrics.coverage import (
    CoverageLine,
    DayCoverage,
    TaskCoverage,
    coverage_by_day,
    coverage_by_task,
    coverage_lines,
)
from turnus.metrics.office import OfficeMetrics, office_metrics
from turnus.metrics.people import PersonMetrics, person_metrics
from turnus.metrics.rules import RuleLine, rule_lines
from turnus.result import Schedule
from turnus.roster import Roster
from turnus.validator import Report, validate

if TYPE_CHECKING:
    import pandas as pd


class Section(Protocol):
    """An optional group of figures (training, cost, ...) that a later module adds.

    It gives a table with ``to_frame()``. It may also have ``per_person``: employee id ->
    column -> value, which the per-person tables (and the workbook's hours sheet) append.
    """

    def to_frame(self) -> pd.DataFrame: ...


SectionFn = Callable[[Instance, Schedule, Report], Section | None]

SECTIONS: dict[str, SectionFn] = {}
"""Optional sections by name, in registration order; see :func:`register_section`."""


def register_section(name: str) -> Callable[[SectionFn], SectionFn]:
    """Decorator adding ``fn(instance, schedule, report) -> Section | None`` as ``name``.

    A function returning None (nothing to show for this instance) leaves the section out.
    """

    def wrap(fn: SectionFn) -> SectionFn:
        SECTIONS[name] = fn
        return fn

    return wrap


@dataclass(frozen=True)
class Metrics:
    """Every figure of one roster: per person, per task period, per task, per day, office."""

    people: tuple[PersonMetrics, ...]
    coverage: tuple[CoverageLine, ...]
    tasks: tuple[TaskCoverage, ...]
    days: tuple[DayCoverage, ...]
    office: OfficeMetrics
    rules: tuple[RuleLine, ...]
    sections: Mapping[str, Section] = field(default_factory=dict)

    def person_extras(self) -> dict[str, dict[str, Any]]:
        """Employee id -> extra columns from every section that has ``per_person``."""
        extras: dict[str, dict[str, Any]] = {p.employee: {} for p in self.people}
        for section in self.sections.values():
            for employee, columns in (getattr(section, "per_person", None) or {}).items():
                extras.setdefault(employee, {}).update(columns)
        return extras

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame, by name (sections under their own names)."""
        people = to_frame(self.people, PersonMetrics)
        extras = self.person_extras()
        for column in dict.fromkeys(c for cols in extras.values() for c in cols):
            people[column] = [extras[p.employee].get(column) for p in self.people]
        frames = {
            "people": people,
            "coverage": to_frame(self.coverage, CoverageLine),
            "tasks": to_frame(self.tasks, TaskCoverage),
            "days": to_frame(self.days, DayCoverage),
            "office": to_frame([self.office]),
            "rules": to_frame(self.rules, RuleLine),
        }
        return frames | {name: s.to_frame() for name, s in self.sections.items()}


def compute_metrics(
    instance: Instance, schedule: Schedule, report: Report | None = None
) -> Metrics:
    """All metrics of ``schedule``; ``report`` is the validator's (computed when not given)."""
    report = report if report is not None else validate(instance, schedule)
    roster = Roster(instance, schedule)
    people = person_metrics(instance, roster)
    lines = coverage_lines(instance, roster)
    tasks = coverage_by_task(instance, lines)
    sections = {}
    for name, fn in SECTIONS.items():
        section = fn(instance, schedule, report)
        if section is not None:
            sections[name] = section
    return Metrics(
        people=people,
        coverage=lines,
        tasks=tasks,
        days=coverage_by_day(instance, lines),
        office=office_metrics(people, tasks, len(report.hard), float(report.objective)),
        rules=rule_lines(report),
        sections=sections,
    )


def to_frame(rows: Iterable[Any], kind: type | None = None) -> pd.DataFrame:
    """A DataFrame with one row per dataclass in ``rows`` and a column per field.

    ``kind`` (the dataclass) gives the columns when ``rows`` is empty.
    """
    import pandas as pd  # pandas is slow to import; only tables need it

    rows = list(rows)
    kind = kind or (type(rows[0]) if rows else None)
    columns = [f.name for f in dataclasses.fields(kind)] if kind else None
    return pd.DataFrame([dataclasses.asdict(r) for r in rows], columns=columns)
