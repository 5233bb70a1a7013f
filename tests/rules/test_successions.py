"""Forbidden successions: an evening shift A may not be followed by a day shift D next day.

E1 wishes (weight 5 each) A on Monday and D on Tuesday; the rule makes one wish fail."""

from __future__ import annotations

from rulekit import assert_rejected, assert_same_cost, history, open_instance, optimum, roster
from rulekit import violations as found

WISH = {"wishes": {"weight": 5}}
A_THEN_D = {"successions": {"A": ["D"]}}
WANTED = [
    {"employee": "E1", "date": "2027-01-04", "kind": "shift", "shift": "A"},
    {"employee": "E1", "date": "2027-01-05", "kind": "shift", "shift": "D"},
]


def test_invalid_successions_are_rejected() -> None:
    rules = {"forbidden_successions": {"successions": {"A": "D,E"}}}  # ids with a comma
    assert_rejected(rules, "rules.forbidden_successions.successions.A")


def test_hard_rule_denies_one_wish() -> None:
    """Without the rule both wishes are granted; with it one of them fails (cost 5)."""
    assert optimum(open_instance(rules=WISH, wishes=WANTED)).objective == 0
    inst = open_instance(rules=WISH | {"forbidden_successions": A_THEN_D}, wishes=WANTED)
    result = optimum(inst)
    assert result.objective == 5
    worked = {(a.date.day, a.shift) for a in result.schedule.assignments if a.employee == "E1"}
    assert not {(4, "A"), (5, "D")} <= worked


def test_soft_rule_costs_its_weight() -> None:
    """At weight 3 breaking the rule (3) is cheaper than refusing a wish (5)."""
    rules = WISH | {"forbidden_successions": A_THEN_D | {"hard": False, "weight": 3}}
    inst = open_instance(rules=rules, wishes=WANTED)
    result = optimum(inst)
    assert result.objective == 3
    assert_same_cost(inst, result, "forbidden_successions")


def test_history_shift_forbids_the_first_day() -> None:
    """A on the Sunday before the period: D on Monday is forbidden, A on Monday is not."""
    rules = WISH | {"forbidden_successions": A_THEN_D}
    wish_d = [{"employee": "E1", "date": "2027-01-04", "kind": "shift", "shift": "D"}]
    inst = open_instance(rules=rules, wishes=wish_d, history=history(("E1", -1, "A")))
    assert optimum(inst).objective == 5


def test_validator_catches_a_hand_made_violation() -> None:
    inst = open_instance(rules={"forbidden_successions": A_THEN_D})
    broken = found(inst, roster(inst, ("E1", 0, "A"), ("E1", 1, "D")), "forbidden_successions")
    assert len(broken) == 1 and broken[0].hard
    assert "D on" in broken[0].message and "after A" in broken[0].message
    fine = roster(inst, ("E1", 0, "D"), ("E1", 1, "A"), ("E2", 0, "A"), ("E2", 2, "D"))
    assert found(inst, fine, "forbidden_successions") == []
