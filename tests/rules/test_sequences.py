"""Runs of days: at most N working days in a row, no isolated working day, no isolated day off.
Wishes (weight 5 each) pull against the rules; history carries runs across the boundary."""

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
)

EVERY_DAY = wishes(*(("E1", d, "D") for d in range(7)))


@pytest.mark.parametrize(
    ("rule", "params", "path"),
    [
        ("max_consecutive_days", {"max": 0}, "rules.max_consecutive_days.max"),  # below 1
        ("max_consecutive_days", {"max": "six"}, "rules.max_consecutive_days.max"),  # text
        ("min_consecutive_days", {"min": 0}, "rules.min_consecutive_days.min"),  # below 1
        ("min_consecutive_days_off", {"min": -2}, "rules.min_consecutive_days_off.min"),
        ("min_consecutive_days_off", {"working": True}, "rules.min_consecutive_days_off.working"),
    ],
)
def test_invalid_parameters_are_rejected(rule: str, params: dict, path: str) -> None:
    assert_rejected({rule: params}, path)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (None, 0),  # seven D shifts in a row, all wishes granted
        ({"hard": True, "max": 5}, 5),  # one day off inside days 1-5 splits both windows: 5
        ({"weight": 2, "max": 5}, 4),  # soft: a run of 7 breaks 2 windows of 6 days, 2 x 2
    ],
)
def test_max_consecutive_days_changes_the_optimum(rule: dict | None, expected: int) -> None:
    assert_optimum("max_consecutive_days", rule, expected, wishes=EVERY_DAY)


def test_max_consecutive_days_across_the_period_boundary() -> None:
    """Five days worked before the period and at most 5: Monday must be off."""
    assert_optimum(
        "max_consecutive_days",
        {"hard": True, "max": 5},
        5,
        history=history(*(("E1", d, "D") for d in range(-5, 0))),
        wishes=wishes(("E1", 0, "D")),
    )


def test_validator_reports_long_run() -> None:
    inst = open_instance(rules={"max_consecutive_days": {"weight": 2, "max": 5}})
    found = violations(
        inst, roster(inst, *(("E1", d, "D") for d in range(7))), "max_consecutive_days"
    )
    assert [(v.employee, str(v.date), v.amount, v.penalty) for v in found] == [
        ("E1", "2027-01-04", 2, 4)
    ]
    assert found[0].message == (
        "Person 1 (E1): 7 working days in a row from Mon 04 Jan 2027 to Sun 10 Jan 2027; at most 5"
    )


# -- isolated days ------------------------------------------------------------------------------

ALONE_WEDNESDAY = wishes(("E1", 1, None), ("E1", 2, "D"), ("E1", 3, None))
"""Off Tuesday, D Wednesday, off Thursday: an isolated working day."""
OFF_WEDNESDAY = wishes(("E1", 1, "D"), ("E1", 2, None), ("E1", 3, "D"))
"""D Tuesday, off Wednesday, D Thursday: an isolated day off."""


@pytest.mark.parametrize(
    ("rule", "wished", "expected"),
    [
        (None, ALONE_WEDNESDAY, 0),  # no rule: all granted
        ({"min_consecutive_days": {"hard": True}}, ALONE_WEDNESDAY, 5),  # one refused
        ({"min_consecutive_days": {"weight": 3}}, ALONE_WEDNESDAY, 3),  # soft: 3 < 5
        ({"min_consecutive_days": {"hard": True}}, OFF_WEDNESDAY, 0),  # not its business
        ({"min_consecutive_days_off": {"hard": True}}, OFF_WEDNESDAY, 5),
        ({"min_consecutive_days_off": {"weight": 2}}, OFF_WEDNESDAY, 2),
        ({"min_consecutive_days_off": {"hard": True, "min": 3}}, ALONE_WEDNESDAY, 0),
    ],
)
def test_min_runs_change_the_optimum(rule: dict | None, wished: list, expected: int) -> None:
    inst = open_instance(rules=WISH | (rule or {}), wishes=wished)
    result = optimum(inst)
    assert result.objective == expected
    if rule and expected and not next(iter(rule.values())).get("hard"):
        assert_same_cost(inst, result, next(iter(rule)))


def test_isolated_day_across_the_period_boundary() -> None:
    """History: D on Friday 1 and Sunday 3 January. Sunday is isolated unless Monday is
    worked, so E1's wish for Monday off is refused."""
    assert_optimum(
        "min_consecutive_days",
        {"hard": True},
        5,
        history=history(("E1", -3, "D"), ("E1", -1, "D")),
        wishes=wishes(("E1", 0, None)),
    )


def test_isolated_day_off_across_the_period_boundary() -> None:
    """History: D on Saturday 2 January, Sunday off. Working Monday would leave Sunday an
    isolated day off, so E1's wish for D on Monday is refused."""
    inst = open_instance(
        rules=WISH | {"min_consecutive_days_off": {"hard": True}},
        history=history(("E1", -2, "D")),
        wishes=wishes(("E1", 0, "D")),
    )
    assert optimum(inst).objective == 5
    found = violations(inst, roster(inst, ("E1", 0, "D")), "min_consecutive_days_off")
    assert [(v.employee, str(v.date)) for v in found] == [("E1", "2027-01-03")]


def test_validator_reports_isolated_days() -> None:
    inst = open_instance(
        rules={"min_consecutive_days": {"weight": 3}, "min_consecutive_days_off": {"hard": True}}
    )
    # E1 works Mon, Wed, Thu, Sat: Tuesday and Friday are isolated days off, and Saturday's
    # run touches nothing beyond it only on the right (Sunday is the last day, so off there
    # runs to the edge) - it is an isolated working day.
    schedule = roster(inst, *(("E1", d, "D") for d in (0, 2, 3, 5)))
    work = violations(inst, schedule, "min_consecutive_days")
    off = violations(inst, schedule, "min_consecutive_days_off")
    assert [(str(v.date), v.hard, v.penalty) for v in work] == [("2027-01-09", False, 3)]
    assert work[0].message == (
        "Person 1 (E1): only 1 working day(s) from Sat 09 Jan 2027; at least 2 in a row"
    )
    assert [(str(v.date), v.hard) for v in off] == [("2027-01-05", True), ("2027-01-08", True)]
    assert off[0].message.endswith("only 1 day(s) off from Tue 05 Jan 2027; at least 2 in a row")
