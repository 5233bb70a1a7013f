"""Training plans of new hires: a mentor beside every training period, plans met by their
deadline or the shortfall explained, spread over the period.

The base week (Mon 4 - Sun 10 January 2027) with Kari (E1, expert in eksp), Ola (E2,
competent) and Nina (E3, a new hire learning eksp); one eksp head on D every weekday.
"""

from __future__ import annotations

from typing import Any

import pytest
from rulekit import assert_same_cost, optimum, roster, violations, worked

from helpers import make_instance, solve_checked
from turnus.diagnose_training import training_problems
from turnus.instance import Instance
from turnus.result import Schedule

STAFF = [
    {"id": "E1", "name": "Kari", "competences": {"eksp": "expert"}},
    {"id": "E2", "name": "Ola", "competences": {"eksp": "competent"}},
    {"id": "E3", "name": "Nina", "role": "new_hire", "competences": {"eksp": "learning"}},
]
HARD = {"training": {}, "coverage": {"hard": True}}


def plan(**fields: Any) -> dict[str, Any]:
    return {"employee": "E3", "task": "eksp", "periods": 3} | fields


def training_instance(
    rules: dict[str, dict[str, Any]] | None = None, plans: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> Instance:  # fmt: skip
    return make_instance(
        rules=HARD | (rules or {}),
        **({"employees": STAFF, "training": plans or [plan()]} | overrides),
    )


def test_every_training_period_has_an_expert_beside_it() -> None:
    inst = training_instance()
    result = optimum(inst)
    cells = worked(result)
    training = sorted(d for e, d, _ in cells if e == "E3")
    assert len(training) == 3  # the plan's N, no more needed
    assert all(("E1", d, "D") in cells for d in training)  # Kari, the only expert
    assert result.objective == 0


def test_a_competent_colleague_is_not_a_mentor() -> None:
    inst = training_instance()
    schedule = roster(inst, ("E2", 0, "D"), ("E3", 0, "D"))
    found = violations(inst, schedule, "training")
    assert [v.hard for v in found if v.key.startswith("training:mentor")] == [True]
    assert "without a mentor (an expert in eksp)" in found[0].message
    # the assignment check agrees: a learner alone is doing a task above their level
    assert any(v.employee == "E3" for v in violations(inst, schedule, "assignment"))


def test_named_mentor_in_training_never_mentors() -> None:
    staff = [*STAFF, {"id": "E4", "name": "Per", "competences": {"eksp": "learning"}}]
    plans = [plan(mentors=["E4"]), plan(employee="E4", mentors=["E1"])]
    inst = training_instance(employees=staff, plans=plans)
    assert "E4" not in {m.id for m in inst.training.mentors["E3", "eksp"]}
    problems = training_problems(inst)
    assert any("Nina (E3)" in p and "themselves in training" in p for p in problems), problems


def test_plan_that_cannot_be_met_is_explained_and_its_shortfall_costs() -> None:
    # Kari, the only expert, is on vacation all week: no training period is possible
    absences = [{"employee": "E1", "start": "2027-01-04", "end": "2027-01-10"}]
    inst = training_instance(rules={"training": {"shortfall_weight": 50}}, absences=absences)
    assert training_problems(inst) == [
        "Training plan for Nina (E3) on eksp cannot be met: no mentor (Kari) is ever on duty "
        "when Nina can work eksp before 2027-01-10"
    ]
    result = optimum(inst)
    assert result.objective == 3 * 50  # 3 periods short
    (short,) = violations(inst, result.schedule, "training")
    assert short.message.startswith("Nina (E3): 0 of 3 training periods on eksp by 2027-01-10")
    assert "no mentor (Kari)" in short.message


def test_plan_hard_makes_the_deadline_a_constraint() -> None:
    inst = training_instance(
        rules={"training": {"plan_hard": True}}, plans=[plan(periods=2, deadline="2027-01-05")]
    )
    result = optimum(inst)
    assert {("E3", 0, "D"), ("E3", 1, "D")} <= worked(result)


def test_mentoring_task_and_learner_cover() -> None:
    # Kari mentors on the task "veil"; Nina counts fully on eksp while she trains, so with
    # Ola away Nina alone covers eksp on her training days
    tasks = [{"id": "eksp", "competence": "eksp"}, {"id": "veil", "competence": "eksp"}]
    staffing = [
        {"day": "weekday", "shift": "D", "task": "eksp", "min": 1},
        {"day": "weekday", "shift": "D", "task": "veil", "min": 0},
    ]
    inst = training_instance(
        rules={"coverage": {"hard": True, "over_weight": 1}},
        plans=[plan(mentor_task="veil", learner_cover=1)],
        tasks=tasks,
        staffing=staffing,
        absences=[{"employee": "E2", "start": "2027-01-04", "end": "2027-01-10"}],
    )
    result = optimum(inst)
    rows = {(a.employee, a.date.day, a.task) for a in result.schedule.assignments}
    nina = {d for e, d, t in rows if e == "E3"}
    assert len(nina) == 3 and {("E1", d, "veil") for d in nina} <= rows
    assert not {("E1", d, "eksp") for d in nina} & rows
    assert result.objective == 3  # Kari on "veil" above its target 0 on 3 training days
    # Kari on "veil" without Nina beside her is mentoring nobody
    lone = roster(inst, ("E1", 0, "D"), task="veil")
    found = violations(inst, lone, "training")
    assert any(v.key.startswith("training:mentoring:E1") and v.hard for v in found)


def test_one_mentor_takes_max_learners() -> None:
    staff = [*STAFF, {"id": "E4", "name": "Per", "competences": {"eksp": "learning"}}]
    inst = training_instance(
        employees=staff, plans=[plan(periods=2), plan(employee="E4", periods=2)]
    )
    result = optimum(inst)
    cells = worked(result)
    nina, per = {d for e, d, _ in cells if e == "E3"}, {d for e, d, _ in cells if e == "E4"}
    assert len(nina) == len(per) == 2 and not nina & per  # never together with one mentor
    both = roster(inst, ("E1", 0, "D"), ("E3", 0, "D"), ("E4", 0, "D"))
    found = violations(inst, both, "training")
    assert [v.key for v in found if "capacity" in v.key] == [
        "training:capacity:eksp:2027-01-04:D:1"
    ]


def test_training_is_spread_over_the_period() -> None:
    # D in two task periods; with 2-day blocks the even share of 4 periods over 7 days is
    # ceil(4 * 2 / 7) = 2, so a whole training day (2 periods) is fine but not more per block
    halves = [{"id": "1", "start": "08:00", "end": "12:00"},
              {"id": "2", "start": "12:00", "end": "16:00"}]  # fmt: skip
    shift = {"id": "D", "start": "08:00", "end": "16:00", "paid_hours": 7.5, "periods": halves}
    inst = training_instance(
        rules={"training": {"spread_days": 2, "spread_weight": 3}},
        plans=[plan(periods=4)],
        shift_types=[shift],
    )
    bunched = roster(inst, ("E1", 0, "D"), ("E3", 0, "D"), ("E1", 1, "D"), ("E3", 1, "D"))
    (spread,) = [v for v in violations(inst, bunched, "training") if "spread" in v.key]
    assert (spread.amount, spread.penalty) == (2, 6)
    result = optimum(inst)
    assert result.objective == 0


def test_solver_and_validator_agree_on_training_costs() -> None:
    inst = training_instance(
        rules={"training": {"shortfall_weight": 7}},
        plans=[plan(periods=6, deadline="2027-01-08")],  # at most 5 weekdays: 1 short
    )
    result = solve_checked(inst)
    assert_same_cost(inst, result, "training")
    assert result.objective == 7


def test_training_rule_off_means_no_learning() -> None:
    inst = make_instance(rules={"coverage": {"hard": True}}, employees=STAFF, training=[plan()])
    assert not inst.in_training(inst.employee["E3"], "eksp")
    assert "switched off" in training_problems(inst)[0]
    assert all(e != "E3" for e, _, _ in worked(optimum(inst)))


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"task": "nope"}, "training[0].task"),  # unknown task
        ({"mentors": ["E9"]}, "training[0].mentors[0]"),  # unknown mentor
        ({"mentors": ["E3"]}, "training[0].mentors[0]"),  # mentoring oneself
        ({"mentor_task": "nope"}, "training[0].mentor_task"),  # unknown mentoring task
    ],
)
def test_bad_plans_are_rejected(fields: dict[str, Any], path: str) -> None:
    from turnus.exceptions import InputError

    with pytest.raises(InputError) as caught:
        training_instance(plans=[plan(**fields)])
    assert path in [str(p).split(":")[0] for p in caught.value.problems]


def test_empty_schedule_reports_every_shortfall() -> None:
    inst = training_instance()
    found = violations(inst, Schedule(), "training")
    assert [(v.key, v.amount, v.hard) for v in found] == [("training:plan:E3:eksp", 3, False)]
