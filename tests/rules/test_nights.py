"""Nights: at most N nights in a row and rest after the last night of a run. E1 may work
nights; N is 22:00-07:00."""

from __future__ import annotations

from typing import Any

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

from turnus.instance import Instance


def night_instance(**overrides: Any) -> Instance:
    """E1 (nights allowed) with D, A and N open every day."""
    base = open_instance().scenario.model_dump()["shift_types"]
    return open_instance(
        shift_types=[*base, NIGHT],
        staffing=open_lines("D", "A", "N"),
        employees=[
            {"id": "E1", "name": "A", "competences": {"eksp": "competent"}, "nights": True}
        ],
        **overrides,
    )


@pytest.mark.parametrize(
    ("rule", "params", "path"),
    [
        ("max_consecutive_nights", {"max": 0}, "rules.max_consecutive_nights.max"),  # below 1
        ("rest_after_nights", {"min_hours": -1}, "rules.rest_after_nights.min_hours"),
        ("rest_after_nights", {"min_hours": 100}, "rules.rest_after_nights.min_hours"),
        ("rest_after_nights", {"hours": 35}, "rules.rest_after_nights.hours"),  # misspelt
    ],
)
def test_invalid_parameters_are_rejected(rule: str, params: dict, path: str) -> None:
    assert_rejected({rule: params}, path)


FOUR_NIGHTS = wishes(*(("E1", d, "N") for d in range(4)))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (None, 0),  # four nights Monday-Thursday
        ({"hard": True, "max": 3}, 5),  # one night refused
        ({"hard": True, "max": 4}, 0),
        ({"weight": 2, "max": 3}, 2),  # soft: 4 nights in the window Mon-Thu, one over: 2
    ],
)
def test_max_consecutive_nights_changes_the_optimum(rule: dict | None, expected: int) -> None:
    assert_optimum("max_consecutive_nights", rule, expected, night_instance, wishes=FOUR_NIGHTS)


def test_max_consecutive_nights_across_the_period_boundary() -> None:
    """Nights on 1-3 January (history) and at most 3: no night on Monday."""
    assert_optimum(
        "max_consecutive_nights",
        {"hard": True, "max": 3},
        5,
        night_instance,
        history=history(*(("E1", d, "N") for d in (-3, -2, -1))),
        wishes=wishes(("E1", 0, "N")),
    )


def test_validator_reports_too_many_nights() -> None:
    inst = night_instance(rules={"max_consecutive_nights": {"hard": True, "max": 2}})
    found = violations(
        inst, roster(inst, *(("E1", d, "N") for d in range(4))), "max_consecutive_nights"
    )
    # windows of 3 days: Mon-Wed and Tue-Thu each hold 3 nights
    assert [(str(v.date), v.amount, v.hard) for v in found] == [
        ("2027-01-04", 1, True),
        ("2027-01-05", 1, True),
    ]
    assert found[0].message == "A (E1): 3 nights in a row from Mon 04 Jan 2027; at most 2"


NIGHT_THEN_DAY = wishes(("E1", 0, "N"), ("E1", 2, "D"))
"""N Monday night (ends Tuesday 07:00), D Wednesday 08:00: 25 h rest."""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (None, 0),
        ({"hard": True, "min_hours": 35}, 5),  # 25 h < 35 h: one wish refused
        ({"hard": True, "min_hours": 24}, 0),  # 25 h is enough
        ({"weight": 4, "min_hours": 35}, 4),  # soft: 4 < 5
    ],
)
def test_rest_after_nights_changes_the_optimum(rule: dict | None, expected: int) -> None:
    assert_optimum("rest_after_nights", rule, expected, night_instance, wishes=NIGHT_THEN_DAY)


def test_rest_after_nights_across_the_period_boundary() -> None:
    """N on Sunday 3 January (history) ends Monday 07:00: D on Tuesday is 25 h later."""
    assert_optimum(
        "rest_after_nights",
        {"hard": True},
        5,
        night_instance,
        history=history(("E1", -1, "N")),
        wishes=wishes(("E1", 1, "D")),
    )


def test_validator_reports_short_rest_after_nights() -> None:
    inst = night_instance(rules={"rest_after_nights": {"weight": 4}})
    found = violations(
        inst, roster(inst, ("E1", 0, "N"), ("E1", 1, "N"), ("E1", 3, "A")), "rest_after_nights"
    )
    assert [(str(v.date), v.penalty) for v in found] == [("2027-01-07", 4)]
    assert found[0].message == (
        "A (E1): 31 h rest after the night of Tue 05 Jan 2027 before A on Thu 07 Jan 2027; "
        "needs 35 h"
    )
