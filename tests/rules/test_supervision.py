"""Trainee supervision: a named supervisor on every trainee shift, at most K trainees each,
the same task where configured, and the main supervisor preferred.

The base week with Kari (E1) and Ola (E2), and trainees Siri (E3) and Tor (E4), both fixed
to work D on Monday and Tuesday so that the rule has something to bind.
"""

from __future__ import annotations

from typing import Any

import pytest
from rulekit import assert_same_cost, optimum, roster, status, violations, worked

from helpers import day, make_instance
from turnus.diagnose_training import training_problems
from turnus.instance import Instance
from turnus.rules.supervision import match

EKSP = {"eksp": "competent"}


def staff(e3: list[str], e4: list[str] | None = None) -> list[dict[str, Any]]:
    people = [
        {"id": "E1", "name": "Kari", "competences": EKSP},
        {"id": "E2", "name": "Ola", "competences": EKSP},
        {"id": "E3", "name": "Siri", "role": "trainee", "competences": EKSP, "supervisors": e3},
    ]
    if e4 is not None:
        people.append(
            {"id": "E4", "name": "Tor", "role": "trainee", "competences": EKSP, "supervisors": e4}
        )
    return people


def fixed(*trainees: str) -> list[dict[str, Any]]:
    return [
        {"employee": t, "date": day(d).isoformat(), "shift": "D"} for t in trainees for d in (0, 1)
    ]


def supervised(
    rules: dict[str, Any], e3: list[str], e4: list[str] | None = None, **overrides: Any
) -> Instance:
    trainees = ("E3",) if e4 is None else ("E3", "E4")
    return make_instance(
        rules={"supervision": rules},
        **({"employees": staff(e3, e4), "fixed": fixed(*trainees)} | overrides),
    )


def test_supervisor_works_every_trainee_shift() -> None:
    result = optimum(supervised({}, ["E1"]))
    assert {("E1", 0, "D"), ("E1", 1, "D")} <= worked(result)
    assert result.objective == 0


def test_validator_reports_a_trainee_without_supervisor() -> None:
    inst = supervised({}, ["E1"])
    (alone,) = [v for v in violations(inst, roster(inst, ("E2", 0, "D"), ("E3", 0, "D")),
                "supervision") if v.hard]  # fmt: skip
    assert alone.message == "Siri (E3) works D on 2027-01-04 without any of their supervisors (E1)"


def test_at_most_k_trainees_per_supervisor() -> None:
    # K = 1: Kari cannot take both; Tor's second supervisor Ola must come
    result = optimum(supervised({"max_trainees": 1, "continuity_weight": 0}, ["E1"], ["E1", "E2"]))
    assert {("E1", 0, "D"), ("E2", 0, "D"), ("E1", 1, "D"), ("E2", 1, "D")} <= worked(result)
    alone = supervised({"max_trainees": 1}, ["E1"], ["E1"])
    assert status(alone) == "infeasible"
    both = roster(alone, ("E1", 0, "D"), ("E3", 0, "D"), ("E4", 0, "D"))
    (over,) = [v for v in violations(alone, both, "supervision") if v.hard]
    assert "already have 1 trainee(s) each" in over.message


def test_same_task_pairs_the_tasks() -> None:
    two_tasks = [
        {"day": "weekday", "shift": "D", "task": "eksp", "min": 0},
        {"day": "weekday", "shift": "D", "task": "skriv", "min": 0},
    ]
    people = staff(["E1"])
    people[0]["competences"] = {"eksp": "competent", "skriv": "competent"}
    inst = supervised({"same_task": True}, ["E1"], employees=people, staffing=two_tasks)
    result = optimum(inst)
    tasks = {(a.employee, a.date, a.task) for a in result.schedule.assignments}
    assert all((("E1", d, t) in tasks) for e, d, t in tasks if e == "E3")
    apart = (
        roster(inst, ("E1", 0, "D"), task="skriv").assignments
        + roster(inst, ("E3", 0, "D")).assignments
    )
    from turnus.result import Schedule

    found = [v for v in violations(inst, Schedule(assignments=apart), "supervision") if v.hard]
    assert "on the same task" in found[0].message


def test_main_supervisor_preferred() -> None:
    # Ola is only second supervisor: working with him costs 5 per shift
    inst = supervised({"continuity_weight": 5}, ["E1", "E2"])
    result = optimum(inst)
    assert {("E1", 0, "D"), ("E1", 1, "D")} <= worked(result) and result.objective == 0
    away = [{"employee": "E1", "start": "2027-01-04", "end": "2027-01-04"}]
    inst = supervised({"continuity_weight": 5}, ["E1", "E2"], absences=away)
    result = optimum(inst)
    assert result.objective == 5  # Monday with Ola
    assert_same_cost(inst, result, "supervision")


def test_trainee_without_supervisors_is_explained() -> None:
    inst = make_instance(rules={"supervision": {}}, employees=staff([]))
    assert training_problems(inst) == [
        "Trainee Siri (E3) has no named supervisors, so cannot be rostered at all"
    ]


def test_soft_supervision_is_refused() -> None:
    from turnus.exceptions import InputError

    with pytest.raises(InputError):
        make_instance(rules={"supervision": {"hard": False}}, employees=staff(["E1"]))


def test_matching_moves_a_trainee_to_free_a_supervisor() -> None:
    # t1 could go to a or b, t2 only to a: a largest pairing places both
    assert match({"t1": ["a", "b"], "t2": ["a"]}, 1) == {"t1": "b", "t2": "a"}
    assert len(match({"t1": ["a"], "t2": ["a"]}, 1)) == 1
