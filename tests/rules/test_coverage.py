"""Coverage: the staffing plan's minimum, target, maximum and over-staffing cost."""

from __future__ import annotations

import pytest
from rulekit import (
    assert_rejected,
    assert_same_cost,
    optimum,
    roster,
    status,
    violations,
    worked,
)

from helpers import day, make_instance
from turnus.result import Schedule

ONLY_E1 = [
    {"id": "E1", "name": "A", "competences": {"eksp": "competent"}},
    {"id": "E2", "name": "B", "competences": {"skriv": "competent"}},
]
"""Only E1 can do eksp."""


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"weight": -1}, "rules.coverage.weight"),  # negative cost per head short
        ({"target_weight": -5}, "rules.coverage.target_weight"),  # negative target cost
        ({"over_weight": "lots"}, "rules.coverage.over_weight"),  # not a number
        ({"min_weight": 3}, "rules.coverage.min_weight"),  # unknown parameter
    ],
)
def test_invalid_parameters_are_rejected(params: dict, path: str) -> None:
    assert_rejected({"coverage": params}, path)


def test_minimum_makes_people_work() -> None:
    """Off: nobody works. On (hard): one D on each of the 5 weekdays."""
    assert optimum(make_instance()).schedule.assignments == ()
    result = optimum(make_instance(rules={"coverage": {"hard": True}}))
    assert sorted(d for _, d, _ in worked(result)) == [0, 1, 2, 3, 4]
    assert result.objective == 0


def test_target_shortfall_is_the_optimum_when_only_one_can_work() -> None:
    """min 1, target 2, only E1 qualified: 5 weekdays x 1 head short x 20 = 100."""
    inst = make_instance(
        rules={"coverage": {"target_weight": 20}},
        employees=ONLY_E1,
        staffing=[{"day": "weekday", "shift": "D", "task": "eksp", "min": 1, "target": 2}],
    )
    result = optimum(inst)
    assert result.objective == 100
    assert_same_cost(inst, result, "coverage")


def test_soft_minimum_with_a_fractional_trainee() -> None:
    """Only a trainee counting half a head can cover: 5 x 0.5 head short x 1000 = 2500."""
    inst = make_instance(
        rules={"coverage": {"weight": 1000}},
        employees=[
            {"id": "T1", "name": "Elev", "role": "trainee", "cover": 0.5,
             "competences": {"eksp": "competent"}},
        ],
    )  # fmt: skip
    result = optimum(inst)
    assert result.objective == 2500
    assert len(worked(result)) == 5  # working halves the shortfall
    assert_same_cost(inst, result, "coverage")


def test_over_staffing_cost_and_maximum() -> None:
    """E1 and E2 fixed to D on Monday: one head over the minimum costs over_weight 7.
    With max 1 the fixed assignments cannot both hold: no roster."""
    fixed = [{"employee": e, "date": day(0).isoformat(), "shift": "D"} for e in ("E1", "E2")]
    inst = make_instance(rules={"coverage": {"hard": True, "over_weight": 7}}, fixed=fixed)
    result = optimum(inst)
    assert result.objective == 7
    assert_same_cost(inst, result, "coverage")
    capped = make_instance(
        rules={"coverage": {"hard": True}},
        fixed=fixed,
        staffing=[{"day": "weekday", "shift": "D", "task": "eksp", "min": 1, "max": 1}],
    )
    assert status(capped) == "infeasible"


def test_validator_reports_shortfall_per_day() -> None:
    """An empty roster: one head short on each weekday, 1000 each."""
    inst = make_instance(rules={"coverage": {"weight": 1000}})
    found = violations(inst, Schedule(), "coverage")
    assert [v.date for v in found] == [day(d) for d in range(5)]
    assert {(v.amount, v.hard, v.penalty) for v in found} == {(100, False, 1000)}
    assert found[0].message == "Mon 04 Jan, D 08:00-15:30, eksp: 0 planned, minimum 1"


def test_validator_reports_hard_maximum_and_target() -> None:
    inst = make_instance(
        rules={"coverage": {"hard": True, "target_weight": 20}},
        staffing=[{"day": "2027-01-04", "shift": "D", "task": "eksp", "min": 0, "target": 1,
                   "max": 1}],
    )  # fmt: skip
    over = violations(inst, roster(inst, ("E1", 0, "D"), ("E2", 0, "D")), "coverage")
    assert [(v.hard, v.amount, v.message.split(": ")[-1]) for v in over] == [
        (True, 100, "2 planned, maximum 1")
    ]
    short = violations(inst, Schedule(), "coverage")
    assert [(v.hard, v.amount, v.penalty) for v in short] == [(False, 100, 20)]
