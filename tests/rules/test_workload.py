"""Hours: contract hours, an employee's own period limits, shifts per type, and the normal
working-time limits per day and per week. All shifts are 7 paid hours."""

from __future__ import annotations

import pytest
from rulekit import (
    WISH,
    assert_optimum,
    assert_rejected,
    assert_same_cost,
    history,
    open_instance,
    optimum,
    roster,
    violations,
    wishes,
    worked,
)

from helpers import day
from turnus.result import Schedule

PERSON = {"id": "E1", "name": "A", "competences": {"eksp": "competent"}}
LONG = {"id": "L", "start": "08:00", "end": "20:00", "paid_hours": 11.5}


@pytest.mark.parametrize(
    ("rule", "params", "path"),
    [
        ("contract_hours", {"tolerance_hours": -1}, "rules.contract_hours.tolerance_hours"),
        ("contract_hours", {"weight": -10}, "rules.contract_hours.weight"),  # negative
        ("period_hours", {"max_hours": 10}, "rules.period_hours.max_hours"),  # on the employee
        ("max_shifts_per_type", {"weight": -1}, "rules.max_shifts_per_type.weight"),
        ("max_hours_per_day", {"max_hours": 0}, "rules.max_hours_per_day.max_hours"),  # zero
        ("max_hours_per_day", {"max_hours": 25}, "rules.max_hours_per_day.max_hours"),
        ("max_hours_per_week", {"max_hours": 169}, "rules.max_hours_per_week.max_hours"),
    ],
)
def test_invalid_parameters_are_rejected(rule: str, params: dict, path: str) -> None:
    assert_rejected({rule: params}, path)


@pytest.mark.parametrize(
    ("employee", "expected"),
    [
        # 35.5 h owed (5 workdays x 7.1 h); 5 shifts = 35 h, 0.5 h under x 10 = 5
        ({}, 5),
        # 80 %: 28.4 h owed; 4 shifts = 28 h, 0.4 h under x 10 = 4
        ({"position_pct": 80}, 4),
    ],
)
def test_contract_hours_changes_the_optimum(employee: dict, expected: int) -> None:
    rules = {"contract_hours": {"tolerance_hours": 0, "weight": 10}}
    inst = open_instance(rules=rules, employees=[PERSON | employee])
    result = optimum(inst)
    assert result.objective == expected
    assert len(worked(result)) == expected  # 5 or 4 shifts
    assert_same_cost(inst, result, "contract_hours")
    assert optimum(open_instance(employees=[PERSON | employee])).schedule == Schedule()


def test_contract_hours_less_absence_and_tolerance() -> None:
    """Vacation on Monday: 28.4 h owed, and 4 h tolerance admits 4 or 5 shifts (28 or 35 h)."""
    inst = open_instance(
        rules={"contract_hours": {"tolerance_hours": 4}},
        employees=[PERSON],
        absences=[{"employee": "E1", "start": day(0).isoformat(), "end": day(0).isoformat()}],
    )
    assert inst.contract_minutes(inst.employee["E1"]) == 1704
    result = optimum(inst)
    assert result.objective == 0
    assert len(worked(result)) in (4, 5)


def test_validator_reports_contract_hours_outside_the_band() -> None:
    inst = open_instance(rules={"contract_hours": {"tolerance_hours": 0, "weight": 10}})
    found = violations(inst, Schedule(), "contract_hours")
    assert [(v.employee, v.amount, v.penalty) for v in found] == [
        (e, 2130, 355)
        for e in ("E1", "E2", "E3")  # 35.5 h short x 10 per hour
    ]
    assert found[0].message == (
        "Person 1 (E1): 0.0 h planned against 35.5 h owed (-35.5 h); tolerance 0 h"
    )
    six = roster(inst, *(("E1", d, "D") for d in range(6)))
    over = [v for v in violations(inst, six, "contract_hours") if v.employee == "E1"]
    assert [(v.key, v.amount) for v in over] == [("contract_hours:E1:over", 390)]  # 42 - 35.5


def test_period_hours_changes_the_optimum() -> None:
    """E1 may plan at most 20 h and wishes three D shifts (21 h)."""
    three = wishes(("E1", 0, "D"), ("E1", 1, "D"), ("E1", 2, "D"))
    capped = [PERSON | {"max_hours": 20}]
    assert optimum(open_instance(rules=WISH, employees=capped, wishes=three)).objective == 0
    inst = open_instance(rules=WISH | {"period_hours": {}}, employees=capped, wishes=three)
    assert optimum(inst).objective == 5  # hard: one wish refused
    soft = open_instance(
        rules=WISH | {"period_hours": {"hard": False, "weight": 2}}, employees=capped, wishes=three
    )
    result = optimum(soft)
    assert result.objective == 2  # soft: 1 h over x 2 per hour < 5
    assert_same_cost(soft, result, "period_hours")


def test_validator_reports_period_hours() -> None:
    inst = open_instance(
        rules={"period_hours": {}}, employees=[PERSON | {"min_hours": 14, "max_hours": 14}]
    )
    over = violations(inst, roster(inst, *(("E1", d, "D") for d in range(3))), "period_hours")
    assert [(v.amount, v.hard) for v in over] == [(420, True)]
    assert over[0].message == "A (E1): 21.0 h planned; allowed 14.0 h to 14.0 h"
    under = violations(inst, Schedule(), "period_hours")
    assert [(v.key, v.amount) for v in under] == [("period_hours:E1:min", 840)]


def test_max_shifts_per_type_changes_the_optimum() -> None:
    """At most one A: of two A wishes one is refused."""
    two = wishes(("E1", 0, "A"), ("E1", 2, "A"))
    emp = [PERSON | {"max_shifts": {"A": 1}}]
    assert optimum(open_instance(rules=WISH, employees=emp, wishes=two)).objective == 0
    rules = WISH | {"max_shifts_per_type": {}}
    assert optimum(open_instance(rules=rules, employees=emp, wishes=two)).objective == 5
    soft = open_instance(
        rules=WISH | {"max_shifts_per_type": {"hard": False, "weight": 3}},
        employees=emp,
        wishes=two,
    )
    result = optimum(soft)
    assert result.objective == 3
    assert_same_cost(soft, result, "max_shifts_per_type")


def test_validator_reports_max_shifts_per_type() -> None:
    inst = open_instance(
        rules={"max_shifts_per_type": {}}, employees=[PERSON | {"max_shifts": {"A": 1}}]
    )
    found = violations(inst, roster(inst, ("E1", 0, "A"), ("E1", 3, "A")), "max_shifts_per_type")
    assert [(v.amount, v.hard, v.message) for v in found] == [
        (1, True, "A (E1): 2 A shifts; at most 1")
    ]


@pytest.mark.parametrize(
    ("rule", "wished", "expected"),
    [
        (None, [("E1", 0, "A"), ("E1", 1, "D")], 0),
        # A Monday 14:00 and D Tuesday 08:00 start 18 h apart: 14 h > 9 h, one refused
        ({"hard": True}, [("E1", 0, "A"), ("E1", 1, "D")], 5),
        ({"hard": True}, [("E1", 0, "D"), ("E1", 1, "A")], 0),  # 30 h apart
        ({"hard": True}, [("E1", 0, "L")], 5),  # 11.5 h shift
        ({"weight": 2}, [("E1", 0, "L")], 2),  # soft: 2 < 5
    ],
)
def test_max_hours_per_day_changes_the_optimum(
    rule: dict | None, wished: list, expected: int
) -> None:
    base = open_instance().scenario.model_dump()["shift_types"]
    lines = [{"day": "weekday", "shift": s, "task": "eksp", "min": 0} for s in ("D", "A", "L")]
    assert_optimum(
        "max_hours_per_day",
        rule,
        expected,
        shift_types=[*base, LONG],
        staffing=lines,
        wishes=wishes(*wished),
    )


def test_max_hours_per_day_across_the_period_boundary() -> None:
    inst = open_instance(
        rules=WISH | {"max_hours_per_day": {"hard": True}},
        history=history(("E1", -1, "A")),
        wishes=wishes(("E1", 0, "D")),
    )
    assert optimum(inst).objective == 5
    found = violations(inst, roster(inst, ("E1", 0, "D")), "max_hours_per_day")
    assert [(v.employee, v.date, v.hard) for v in found] == [("E1", day(0), True)]
    assert (
        found[0].message == "Person 1 (E1): 14.0 h within 24 h from Mon 04 Jan 2027; at most 9 h"
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (None, 0),
        ({"hard": True}, 10),  # 7 x 7 = 49 h; at most 5 shifts (35 h; 6 = 42 h): 2 refused
        ({"weight": 1}, 7),  # soft: 6 shifts, 2 h over (2) + one refused (5)
    ],
)
def test_max_hours_per_week_changes_the_optimum(rule: dict | None, expected: int) -> None:
    assert_optimum(
        "max_hours_per_week", rule, expected, wishes=wishes(*(("E1", d, "D") for d in range(7)))
    )


def test_max_hours_per_week_across_the_period_boundary() -> None:
    """28 h on the four days before the period: D on Monday and Tuesday would make 42 h in
    the 7 days from 31 December."""
    inst = open_instance(
        rules=WISH | {"max_hours_per_week": {"hard": True}},
        history=history(*(("E1", d, "D") for d in range(-4, 0))),
        wishes=wishes(("E1", 0, "D"), ("E1", 1, "D")),
    )
    assert optimum(inst).objective == 5
    found = violations(inst, roster(inst, ("E1", 0, "D"), ("E1", 1, "D")), "max_hours_per_week")
    assert [(str(v.date), v.amount) for v in found] == [("2027-01-04", 120)]  # 42 h - 40 h
    assert found[0].message == (
        "Person 1 (E1): 42.0 h in the 7 days from Thu 31 Dec 2026; at most 40 h"
    )
