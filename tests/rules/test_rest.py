"""Daily rest (11 h between shifts) and weekly rest (35 h in every 7 days), across the
period boundary too. Wishes at weight 5 give the solver a reason to break them."""

from __future__ import annotations

import pytest
from rulekit import (
    WISH,
    assert_optimum,
    assert_rejected,
    history,
    open_instance,
    optimum,
    roster,
    violations,
    wishes,
    worked,
)

LONG = {"id": "X", "start": "20:00", "end": "08:00", "paid_hours": 11.5}
"""A 12-hour shift crossing midnight."""


@pytest.mark.parametrize(
    ("rule", "params", "path"),
    [
        ("daily_rest", {"min_hours": -1}, "rules.daily_rest.min_hours"),  # negative
        ("daily_rest", {"min_hours": 25}, "rules.daily_rest.min_hours"),  # above a day
        ("daily_rest", {"min_hourz": 8}, "rules.daily_rest.min_hourz"),  # misspelt
        ("weekly_rest", {"min_hours": 97}, "rules.weekly_rest.min_hours"),  # above 4 days
        ("weekly_rest", {"window": "month"}, "rules.weekly_rest.window"),  # unknown window
    ],
)
def test_invalid_parameters_are_rejected(rule: str, params: dict, path: str) -> None:
    assert_rejected({rule: params}, path)


# -- daily rest ------------------------------------------------------------------------------

EVENING_THEN_DAY = wishes(("E1", 0, "A"), ("E1", 1, "D"))
"""A Monday 14:00-21:30, then D Tuesday 08:00: 10.5 h rest."""


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        (None, 0),  # no rule: both wishes granted
        ({"hard": True, "min_hours": 11}, 5),  # 10.5 h < 11 h: one wish refused, 5
        ({"hard": True, "min_hours": 10}, 0),  # 10.5 h is enough
        ({"weight": 3, "min_hours": 11}, 3),  # soft: breaking rest (3) is cheaper than 5
    ],
)
def test_daily_rest_changes_the_optimum(rest: dict | None, expected: int) -> None:
    assert_optimum("daily_rest", rest, expected, wishes=EVENING_THEN_DAY)


def test_daily_rest_across_the_period_boundary() -> None:
    """A on Sunday 3 January (history), D wished on Monday: refused."""
    assert_optimum(
        "daily_rest",
        {"hard": True},
        5,
        history=history(("E1", -1, "A")),
        wishes=wishes(("E1", 0, "D")),
    )


def test_daily_rest_after_a_shift_crossing_midnight() -> None:
    """X Monday 20:00 to Tuesday 08:00, then A Tuesday 14:00: only 6 h rest."""
    base = open_instance().scenario.model_dump()["shift_types"]
    inst = open_instance(rules={"daily_rest": {"hard": True}}, shift_types=[*base, LONG])
    found = violations(inst, roster(inst, ("E1", 0, "X"), ("E1", 1, "A")), "daily_rest")
    assert len(found) == 1
    assert found[0].message == (
        "Person 1 (E1): 6 h rest between X on Mon 04 Jan 2027 and A on Tue 05 Jan 2027; needs 11 h"
    )
    assert violations(inst, roster(inst, ("E1", 0, "X"), ("E1", 2, "D")), "daily_rest") == []


def test_validator_reports_short_daily_rest() -> None:
    inst = open_instance(rules={"daily_rest": {"weight": 3}}, history=history(("E2", -1, "A")))
    schedule = roster(inst, ("E1", 0, "A"), ("E1", 1, "D"), ("E2", 0, "D"))
    found = violations(inst, schedule, "daily_rest")
    assert [(v.employee, str(v.date), v.amount, v.hard, v.penalty) for v in found] == [
        ("E1", "2027-01-05", 1, False, 3),
        ("E2", "2027-01-04", 1, False, 3),  # A on Sunday in the history, D on Monday
    ]
    assert "10.5 h rest between A on Sun 03 Jan 2027 and D on Mon 04 Jan 2027" in found[1].message


# -- weekly rest -----------------------------------------------------------------------------

EVERY_DAY = wishes(*(("E1", d, "D") for d in range(7)))


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        (None, 0),  # no rule: D all seven days
        ({"hard": True}, 5),  # one day off gives 40.5 h rest: one wish refused
        ({"hard": True, "window": "week"}, 5),  # the same Monday-Sunday week
        ({"weight": 4}, 4),  # soft: no rest in the one window costs 4 < 5
    ],
)
def test_weekly_rest_changes_the_optimum(rest: dict | None, expected: int) -> None:
    assert_optimum("weekly_rest", rest, expected, wishes=EVERY_DAY)


def test_weekly_rest_needs_enough_hours_around_the_day_off() -> None:
    """With 41 h the day off between two D shifts (40.5 h) is not enough: the day off must
    touch the edge of the period, where the unknown days count as free."""
    inst = open_instance(
        rules=WISH | {"weekly_rest": {"hard": True, "min_hours": 41}}, wishes=EVERY_DAY
    )
    result = optimum(inst)
    assert result.objective == 5
    days = sorted(d for _, d, _ in worked(result))
    assert days in ([1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 4, 5])


def test_weekly_rest_across_the_period_boundary() -> None:
    """D on the six days before the period: Monday must be free (window 29 Dec - 4 Jan)."""
    assert_optimum(
        "weekly_rest",
        {"hard": True},
        5,
        history=history(*(("E1", d, "D") for d in range(-6, 0))),
        wishes=wishes(("E1", 0, "D")),
    )


def test_validator_reports_missing_weekly_rest() -> None:
    inst = open_instance(rules={"weekly_rest": {"hard": True}})
    found = violations(inst, roster(inst, *(("E1", d, "D") for d in range(7))), "weekly_rest")
    assert [(v.employee, str(v.date), v.hard) for v in found] == [("E1", "2027-01-04", True)]
    assert found[0].message == "Person 1 (E1): no 35 h rest in the 7 days from Mon 04 Jan 2027"
    one_off = roster(inst, *(("E1", d, "D") for d in range(7) if d != 3))
    assert violations(inst, one_off, "weekly_rest") == []
