"""Wishes (ønsketurnus): each wish not granted costs weight x priority."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from rulekit import assert_rejected, assert_same_cost, open_instance, optimum, roster, violations

from helpers import day, make_instance
from turnus.domain import Scenario
from turnus.exceptions import format_location
from turnus.io.scenario_file import problems_from
from turnus.result import Schedule

TWO = [
    {"id": "E1", "name": "A", "competences": {"eksp": "competent"}},
    {"id": "E2", "name": "B", "competences": {"eksp": "competent"}},
]


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"weight": -5}, "rules.wishes.weight"),  # negative
        ({"weight": 2.5}, "rules.wishes.weight"),  # not a whole number
        ({"priority": 3}, "rules.wishes.priority"),  # priority belongs to each wish
    ],
)
def test_invalid_parameters_are_rejected(params: dict, path: str) -> None:
    assert_rejected({"wishes": params}, path)


@pytest.mark.parametrize(
    ("wish", "path"),
    [
        ({"priority": 0}, "wishes[0].priority"),  # below 1
        ({"priority": 6}, "wishes[0].priority"),  # above 5
        ({"kind": "shift"}, "wishes[0]"),  # a shift wish without a shift
        ({"kind": "holiday"}, "wishes[0].kind"),  # unknown kind
    ],
)
def test_invalid_wishes_are_rejected(wish: dict, path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_instance(wishes=[{"employee": "E1", "date": day(0).isoformat()} | wish])
    places = [format_location(p.location) for p in problems_from(caught.value, Scenario)]
    assert places == [path]


def test_priority_decides_which_wish_is_refused() -> None:
    """One of two must work Monday; E1 wishes off at priority 1, E2 at priority 3.
    Refusing E1's costs 5 x 1 = 5, E2's 5 x 3 = 15: E1 works."""
    wished = [
        {"employee": "E1", "date": day(0).isoformat(), "priority": 1},
        {"employee": "E2", "date": day(0).isoformat(), "priority": 3},
    ]
    staffing = [{"day": "2027-01-04", "shift": "D", "task": "eksp", "min": 1}]
    rules = {"coverage": {"hard": True}}
    off = make_instance(rules=rules, employees=TWO, wishes=wished, staffing=staffing)
    assert optimum(off).objective == 0
    inst = make_instance(
        rules=rules | {"wishes": {"weight": 5}}, employees=TWO, wishes=wished, staffing=staffing
    )
    result = optimum(inst)
    assert result.objective == 5
    assert [a.employee for a in result.schedule.assignments] == ["E1"]
    assert_same_cost(inst, result, "wishes")


def test_validator_reports_each_kind_of_refused_wish() -> None:
    inst = open_instance(
        rules={"wishes": {"weight": 5}},
        wishes=[
            {"employee": "E1", "date": day(0).isoformat(), "kind": "off", "priority": 2},
            {"employee": "E1", "date": day(1).isoformat(), "kind": "shift", "shift": "A"},
            {"employee": "E1", "date": day(2).isoformat(), "kind": "not_shift", "shift": "D"},
        ],
    )
    schedule = roster(inst, ("E1", 0, "D"), ("E1", 1, "D"), ("E1", 2, "D"))
    found = violations(inst, schedule, "wishes")
    assert [(str(v.date), v.penalty, v.hard) for v in found] == [
        ("2027-01-04", 10, False),  # priority 2 x 5
        ("2027-01-05", 5, False),
        ("2027-01-06", 5, False),
    ]
    assert [v.message for v in found] == [
        "Person 1 (E1): wished a day off on Mon 04 Jan 2027 (priority 2), has D",
        "Person 1 (E1): wished shift A on Tue 05 Jan 2027 (priority 1), has D",
        "Person 1 (E1): wished not to work D on Wed 06 Jan 2027 (priority 1), has D",
    ]
    assert [v.date for v in violations(inst, Schedule(), "wishes")] == [day(1)]
