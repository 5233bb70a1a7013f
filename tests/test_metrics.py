"""Metrics of a hand-made roster, figured out by hand; the metrics never import the solver."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, ClassVar

import pytest

from helpers import day, make_instance
from turnus.instance import Instance
from turnus.metrics import SECTIONS, compute_metrics, register_section, to_frame
from turnus.metrics.base import Metrics
from turnus.result import Assignment, Schedule
from turnus.validator import validate


@pytest.fixture(scope="module")
def week() -> Instance:
    """Mon 4 - Sun 10 Jan 2027, no holidays. E1, E2 full time (35.5 h weeks, 7.1 h a workday);
    E2 on vacation Friday; E3 a 50 % trainee (counts 0 heads). Day shift D 08:00-15:30 needs
    eksp min 1, target 2 on weekdays; evening A 14:00-21:30 needs eksp min 1 on Saturday."""
    return make_instance(
        rules={"coverage": {}},
        employees=[
            {"id": "E1", "name": "Kari", "competences": {"eksp": "competent"}},
            {"id": "E2", "name": "Ola", "competences": {"eksp": "competent"}},
            {
                "id": "E3",
                "name": "Sofie",
                "role": "trainee",
                "position_pct": 50,
                "competences": {"eksp": "competent"},
            },
        ],
        staffing=[
            {"day": "weekday", "shift": "D", "task": "eksp", "min": 1, "target": 2},
            {"day": "saturday", "shift": "A", "task": "eksp", "min": 1},
        ],
        absences=[{"employee": "E2", "start": "2027-01-08", "end": "2027-01-08"}],
        wishes=[
            {"employee": "E1", "date": "2027-01-06", "kind": "off"},  # refused: works Wed
            {"employee": "E2", "date": "2027-01-10", "kind": "off"},  # granted: off Sun
        ],
    )


def shifts(*rows: tuple[str, int, str]) -> Schedule:
    return Schedule(
        assignments=tuple(
            Assignment(employee=e, date=day(d), shift=s, period="1", task="eksp")
            for e, d, s in rows
        )
    )


@pytest.fixture(scope="module")
def metrics(week: Instance) -> Metrics:
    """E1 D Mon-Wed and Fri; E2 D Mon, A Tue (no staffing line), A Sat; E3 D Thu."""
    schedule = shifts(
        ("E1", 0, "D"), ("E1", 1, "D"), ("E1", 2, "D"), ("E1", 4, "D"),
        ("E2", 0, "D"), ("E2", 1, "A"), ("E2", 5, "A"),
        ("E3", 3, "D"),
    )  # fmt: skip
    return compute_metrics(week, schedule, validate(week, schedule))


def test_person_hours_against_contract(metrics: Metrics) -> None:
    """Contract: 5 x 7.1 = 35.5 h; E2 4 x 7.1 = 28.4 h (Friday off); E3 half of 35.5."""
    e1, e2, e3 = metrics.people
    assert (e1.contract_hours, e1.planned_hours, e1.shifts) == (35.5, 28.0, 4)
    assert e1.plus_minus_hours == pytest.approx(-7.5)
    assert e1.utilization == pytest.approx(28 / 35.5)
    assert e2.contract_hours == pytest.approx(28.4)
    assert (e2.planned_hours, e2.evenings, e2.weekends, e2.absence_days) == (21.0, 2, 1, 1)
    assert e3.contract_hours == pytest.approx(17.75)
    assert (e3.planned_hours, e3.nights, e3.holidays) == (7.0, 0, 0)


def test_wishes_granted(metrics: Metrics) -> None:
    e1, e2, e3 = metrics.people
    assert (e1.wishes_granted, e1.wishes_total) == (0, 1)
    assert (e2.wishes_granted, e2.wishes_total) == (1, 1)
    assert (e3.wishes_granted, e3.wishes_total) == (0, 0)


def test_coverage_counts_people_and_cover(metrics: Metrics) -> None:
    """Thursday's trainee is a person planned but no cover: one head short of the minimum.
    Tuesday's evening shift has no staffing line: a line with min 0 and one surplus head."""
    lines = {(c.date.day, c.shift): c for c in metrics.coverage}
    assert len(lines) == 5 + 1 + 1
    thursday = lines[7, "D"]
    assert (thursday.planned, thursday.cover, thursday.shortfall) == (1, 0.0, 1.0)
    assert (thursday.hours, thursday.required_hours, thursday.covered_hours) == (7.5, 7.5, 0.0)
    monday = lines[4, "D"]
    assert (monday.planned, monday.below_target, monday.surplus) == (2, 0.0, 0.0)
    assert lines[5, "D"].below_target == 1.0
    extra = lines[5, "A"]
    assert (extra.min, extra.target, extra.planned, extra.surplus) == (0, 0, 1, 1.0)
    assert (extra.start, extra.end) == ("14:00", "21:30")


def test_task_day_and_office_totals(metrics: Metrics) -> None:
    """Demand: 5 weekday D + Saturday A, 7.5 h each = 45 h; Thursday's 7.5 h uncovered.
    Capacity 35.5 + 28.4 + 17.75 = 81.65 h; planned 28 + 21 + 7 = 56 h."""
    task, unused = metrics.tasks
    assert (unused.task, unused.required_hours, unused.coverage) == ("skriv", 0, None)
    assert (task.required_hours, task.covered_hours, task.shortfall_hours) == (45, 37.5, 7.5)
    assert task.coverage == pytest.approx(37.5 / 45)
    by_day = {d.date.day: d for d in metrics.days}
    assert (by_day[7].required_hours, by_day[7].coverage) == (7.5, 0.0)
    assert by_day[10].coverage is None  # Sunday: nothing required
    office = metrics.office
    assert office.capacity_hours == pytest.approx(81.65)
    assert (office.planned_hours, office.demand_hours, office.shortfall_hours) == (56, 45, 7.5)
    assert office.utilization == pytest.approx(56 / 81.65)
    assert office.demand_ratio == pytest.approx(45 / 81.65)
    assert office.overtime_hours == 0
    assert office.minus_hours == pytest.approx(81.65 - 56)
    assert office.fte == 2.5


def test_rule_lines_and_penalty_come_from_the_report(metrics: Metrics) -> None:
    """Coverage: 1000 for Thursday's missing head, 20 per head below target on Tue, Wed, Fri
    and 2 x 20 on Thursday."""
    (line,) = metrics.rules
    assert (line.rule, line.hard, line.count, line.cost) == ("coverage", False, 5, 1100)
    assert metrics.office.penalty == 1100
    assert metrics.office.hard_violations == 0


def test_frames_have_a_row_per_item(metrics: Metrics) -> None:
    frames = metrics.frames()
    assert list(frames["people"]["employee"]) == ["E1", "E2", "E3"]
    assert len(frames["coverage"]) == 7
    assert frames["office"].loc[0, "planned_hours"] == 56
    assert list(to_frame([], type(metrics.office)).columns)[:2] == ["staff", "fte"]


def test_an_optional_section_adds_a_table_and_person_columns(
    week: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Taught:
        per_person: ClassVar = {"E1": {"training_given": 2}}

        def to_frame(self) -> Any:
            return to_frame([])

    monkeypatch.setattr("turnus.metrics.base.SECTIONS", dict(SECTIONS))
    register_section("training")(lambda instance, schedule, report: Taught())
    register_section("nothing")(lambda instance, schedule, report: None)
    metrics = compute_metrics(week, Schedule())
    assert list(metrics.sections) == ["training"]
    people = metrics.frames()["people"]
    assert list(people["training_given"].fillna(0)) == [2, 0, 0]


def test_metrics_do_not_import_the_solver() -> None:
    code = "import sys, turnus.metrics; assert 'ortools' not in sys.modules, 'ortools'"
    subprocess.run([sys.executable, "-c", code], check=True)
