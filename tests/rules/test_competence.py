"""Keeping competence current (each competence used at least m times) and sharing unpopular
tasks fairly. The base week, three people; eksp on D every weekday (1 head) and a skriv line
of 0-1 heads on D."""

from __future__ import annotations

from typing import Any

from rulekit import assert_same_cost, optimum, roster, violations

from helpers import make_instance
from turnus.instance import Instance

BOTH = {"eksp": "competent", "skriv": "competent"}
STAFFING = [
    {"day": "weekday", "shift": "D", "task": "eksp", "min": 1},
    {"day": "weekday", "shift": "D", "task": "skriv", "min": 0, "max": 1},
]


def competence_instance(rules: dict[str, Any], **overrides: Any) -> Instance:
    people = [{"id": f"E{i}", "name": f"P{i}", "competences": BOTH} for i in (1, 2, 3)]
    return make_instance(
        rules={"coverage": {"hard": True}} | rules,
        **({"employees": people, "staffing": STAFFING} | overrides),
    )


def test_upkeep_gives_everyone_their_uses() -> None:
    # 2 skriv uses for each of 3 people need 6 periods, but skriv has 5 (at most 1 a day):
    # one use short at best, 4
    inst = competence_instance({"competence_upkeep": {"min_uses": 2, "weight": 4}})
    result = optimum(inst)
    assert result.objective == 4
    assert_same_cost(inst, result, "competence_upkeep")


def test_upkeep_for_configured_competences_only() -> None:
    inst = competence_instance(
        {"competence_upkeep": {"min_uses": 1, "competences": ["skriv"], "weight": 4}}
    )
    found = violations(inst, roster(inst, ("E1", 0, "D")), "competence_upkeep")
    # E1 did eksp, not skriv; all three are short of one skriv period
    assert [(v.employee, v.amount, v.penalty) for v in found] == [
        ("E1", 1, 4), ("E2", 1, 4), ("E3", 1, 4)
    ]  # fmt: skip
    assert found[0].message == "P1 (E1) uses skriv in 0 task period(s); at least 1 keep it current"


def test_unpopular_tasks_are_shared() -> None:
    tasks = [
        {"id": "eksp", "competence": "eksp"},
        {"id": "skriv", "competence": "skriv", "unpopular": True},
    ]
    staffing = [{"day": "weekday", "shift": "D", "task": "skriv", "min": 1, "max": 1}]
    inst = competence_instance({"unpopular_tasks": {"weight": 2}}, tasks=tasks, staffing=staffing)
    # 5 skriv periods among 3 people: 2-2-1 at best, a spread of one period
    result = optimum(inst)
    assert result.objective == 2
    assert_same_cost(inst, result, "unpopular_tasks")
    bunched = roster(inst, *(("E1", d, "D") for d in range(5)), task="skriv")
    (spread,) = violations(inst, bunched, "unpopular_tasks")
    assert (spread.amount, spread.penalty) == (500, 10)
