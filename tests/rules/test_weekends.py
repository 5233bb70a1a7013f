"""Weekends: at most k worked weekends in every n, and a free Sunday after Sunday or holiday
work. Two weeks from Monday 4 January 2027 (weekends 9-10 and 16-17 January)."""

from __future__ import annotations

import pytest
from rulekit import (
    NIGHT,
    assert_optimum,
    assert_rejected,
    history,
    open_instance,
    open_lines,
    roster,
    violations,
    wishes,
)

from helpers import day

TWO_WEEKS = {"start": "2027-01-04", "end": "2027-01-17"}
SATURDAYS = wishes(("E1", 5, "D"), ("E1", 12, "D"))
SUNDAYS = wishes(("E1", 6, "D"), ("E1", 13, "D"))


@pytest.mark.parametrize(
    ("rule", "params", "path"),
    [
        ("max_weekends", {"max": -1}, "rules.max_weekends.max"),  # negative
        ("max_weekends", {"weeks": 0}, "rules.max_weekends.weeks"),  # empty window
        ("sunday_rest", {"weight": -3}, "rules.sunday_rest.weight"),  # negative weight
        ("sunday_rest", {"days": 7}, "rules.sunday_rest.days"),  # unknown parameter
    ],
)
def test_invalid_parameters_are_rejected(rule: str, params: dict, path: str) -> None:
    assert_rejected({rule: params}, path)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (None, 0),  # both Saturdays granted
        ({"hard": True, "max": 1, "weeks": 2}, 5),  # one weekend in two: one wish refused
        ({"hard": True, "max": 1, "weeks": 1}, 0),  # one in every one: both fine
        ({"hard": True, "max": 1, "weeks": None}, 5),  # one in the whole period
        ({"weight": 3, "max": 1, "weeks": 2}, 3),  # soft: the extra weekend costs 3 < 5
    ],
)
def test_max_weekends_changes_the_optimum(rule: dict | None, expected: int) -> None:
    assert_optimum("max_weekends", rule, expected, period=TWO_WEEKS, wishes=SATURDAYS)


def test_max_weekends_across_the_period_boundary() -> None:
    """Sunday 3 January worked (history): with one weekend in two, Saturday 9 is refused."""
    assert_optimum(
        "max_weekends",
        {"hard": True, "max": 1, "weeks": 2},
        5,
        history=history(("E1", -1, "D")),
        wishes=wishes(("E1", 5, "D")),
    )


def test_validator_counts_a_friday_night_as_a_weekend() -> None:
    """N on Friday 8 ends on Saturday morning: with D on Saturday 16, two weekends in two."""
    base = open_instance().scenario.model_dump()["shift_types"]
    inst = open_instance(
        rules={"max_weekends": {"hard": True, "max": 1, "weeks": 2}},
        period=TWO_WEEKS,
        shift_types=[*base, NIGHT],
        staffing=open_lines("D", "N"),
        employees=[
            {"id": "E1", "name": "A", "competences": {"eksp": "competent"}, "nights": True}
        ],
    )
    found = violations(inst, roster(inst, ("E1", 4, "N"), ("E1", 12, "D")), "max_weekends")
    assert [(v.employee, v.date, v.amount, v.hard) for v in found] == [("E1", day(5), 1, True)]
    assert found[0].message == "A (E1): works 2 of the 2 weekends from 2027-01-09; at most 1"
    thursday = roster(inst, ("E1", 3, "N"), ("E1", 12, "D"))  # ends Friday morning
    assert violations(inst, thursday, "max_weekends") == []


# -- Sunday rest -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (None, 0),  # both Sundays granted
        ({"hard": True}, 5),  # work on Sunday 10 frees Sunday 17: one wish refused
        ({"weight": 3}, 3),  # soft: 3 < 5
    ],
)
def test_sunday_rest_changes_the_optimum(rule: dict | None, expected: int) -> None:
    assert_optimum("sunday_rest", rule, expected, period=TWO_WEEKS, wishes=SUNDAYS)


def test_sunday_rest_across_the_period_boundary() -> None:
    """Sunday 3 January worked (history): Sunday 10 must be free."""
    assert_optimum(
        "sunday_rest",
        {"hard": True},
        5,
        history=history(("E1", -1, "D")),
        wishes=wishes(("E1", 6, "D")),
    )


def test_validator_reports_holiday_work_then_sunday() -> None:
    """Ascension Day, Thursday 6 May 2027, is a holiday: the next Sunday, 9 May, is free."""
    inst = open_instance(
        rules={"sunday_rest": {"weight": 20}},
        period={"start": "2027-05-03", "end": "2027-05-09"},
    )
    schedule = roster(inst, ("E1", 3, "D"), ("E1", 6, "D"))
    found = violations(inst, schedule, "sunday_rest")
    assert [(v.employee, str(v.date), v.hard, v.penalty) for v in found] == [
        ("E1", "2027-05-09", False, 20)
    ]
    assert found[0].message == (
        "Person 1 (E1): works Thu 06 May 2027 and the next Sunday Sun 09 May 2027"
    )
