"""Assignment rules: one shift a day, one task per period, competence, absences, allowed shift
types, nights only where allowed, fixed assignments."""

from __future__ import annotations

import pytest
from rulekit import NIGHT, assert_rejected, optimum, roster, violations, wishes, worked

from helpers import day, make_instance
from turnus.result import Assignment, Schedule

COVER = {"coverage": {"hard": True}}
"""One eksp head on D every weekday, as a constraint."""


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"weight": -1}, "rules.assignment.weight"),  # negative weight
        ({"hard": "sometimes"}, "rules.assignment.hard"),  # not a boolean
        ({"colour": "red"}, "rules.assignment.colour"),  # unknown parameter
        ({"employees": ["E 1"]}, "rules.assignment.employees[0]"),  # not an id
    ],
)
def test_invalid_parameters_are_rejected(params: dict, path: str) -> None:
    assert_rejected({"assignment": params}, path)


def test_fixed_assignment_changes_the_optimum() -> None:
    """E1 wishes Monday off (cost 5) but is fixed to D on Monday: the wish must be refused."""
    free = make_instance(wishes=wishes(("E1", 0, None)), rules={"wishes": {}})
    assert optimum(free).objective == 0
    fixed = make_instance(
        wishes=wishes(("E1", 0, None)),
        rules={"wishes": {}},
        fixed=[{"employee": "E1", "date": day(0).isoformat(), "shift": "D"}],
    )
    result = optimum(fixed)
    assert result.objective == 5  # one priority-1 wish at weight 5
    assert ("E1", 0, "D") in worked(result)


def test_fixed_day_off_and_fixed_task_are_respected() -> None:
    """E1 off on Monday, E2 fixed to skriv on Tuesday (no skriv competence, fixed anyway)."""
    inst = make_instance(
        rules=COVER,
        employees=[
            {"id": "E1", "name": "A", "competences": {"eksp": "competent"}},
            {"id": "E2", "name": "B", "competences": {"eksp": "competent"}},
        ],
        staffing=[
            {"day": "weekday", "shift": "D", "task": "eksp", "min": 1},
            {"day": "weekday", "shift": "D", "task": "skriv", "min": 0},
        ],
        fixed=[
            {"employee": "E1", "date": day(0).isoformat(), "shift": "off"},
            {"employee": "E2", "date": day(1).isoformat(), "shift": "D", "task": "skriv"},
        ],
    )
    result = optimum(inst)
    cells = worked(result)
    assert ("E1", 0, "D") not in cells
    assert ("E2", 0, "D") in cells  # the only one left for Monday
    skriv = [a for a in result.schedule.assignments if a.task == "skriv"]
    assert [(a.employee, a.date) for a in skriv] == [("E2", day(1))]


def test_absence_and_allowed_types_force_the_only_choice() -> None:
    """E1 on vacation Mon-Wed, E2 may only work A: E3 must take D on Mon-Wed."""
    inst = make_instance(
        rules=COVER,
        absences=[{"employee": "E1", "start": day(0).isoformat(), "end": day(2).isoformat()}],
        employees=[
            {"id": "E1", "name": "A", "competences": {"eksp": "competent"}},
            {"id": "E2", "name": "B", "competences": {"eksp": "competent"}, "shift_types": ["A"]},
            {"id": "E3", "name": "C", "competences": {"eksp": "competent"}},
        ],
    )
    cells = worked(optimum(inst))
    assert {("E3", d, "D") for d in range(3)} <= cells
    assert not any(e == "E2" for e, _, _ in cells)


def test_nights_only_for_those_allowed() -> None:
    """A night line that only E2 (nights allowed) can cover; E1 wishes it and is refused."""
    inst = make_instance(
        rules=COVER | {"wishes": {}},
        shift_types=[*make_instance().scenario.model_dump()["shift_types"], NIGHT],
        employees=[
            {"id": "E1", "name": "A", "competences": {"eksp": "competent"}},
            {"id": "E2", "name": "B", "competences": {"eksp": "competent"}, "nights": True},
        ],
        staffing=[{"day": "2027-01-05", "shift": "N", "task": "eksp", "min": 1}],
        wishes=wishes(("E1", 1, "N")),
    )
    result = optimum(inst)
    assert worked(result) == {("E2", 1, "N")}
    assert result.objective == 5  # E1's wish for N cannot be granted


def _one(inst, schedule) -> str:  # type: ignore[no-untyped-def]
    found = violations(inst, schedule, "assignment")
    assert len(found) == 1, [v.message for v in found]
    v = found[0]
    assert v.hard and v.amount == 1 and v.penalty == 0
    return v.message


def test_validator_reports_double_booking() -> None:
    inst = make_instance()
    message = _one(inst, roster(inst, ("E1", 0, "D"), ("E1", 0, "A")))
    assert message == "Person 1 (E1) on 2027-01-04: works 2 shifts (D, A)"


def test_validator_reports_missing_competence() -> None:
    inst = make_instance()
    message = _one(inst, roster(inst, ("E2", 1, "D"), task="skriv"))
    assert message.endswith("does skriv without skriv at level competent")
    assert "(E2) on 2027-01-05" in message


def test_validator_reports_work_during_absence() -> None:
    inst = make_instance(
        absences=[
            {"employee": "E1", "start": day(0).isoformat(), "end": day(0).isoformat(),
             "kind": "sick"},
            {"employee": "E2", "start": day(1).isoformat(), "end": day(1).isoformat(),
             "from_time": "07:00", "to_time": "09:00", "kind": "course"},
        ]
    )  # fmt: skip
    assert _one(inst, roster(inst, ("E1", 0, "D"))).endswith("works D during an absence (sick)")
    assert _one(inst, roster(inst, ("E2", 1, "D"))).endswith("during an absence (course)")
    assert violations(inst, roster(inst, ("E2", 1, "A")), "assignment") == []  # after course


def test_validator_reports_disallowed_type_and_nights() -> None:
    inst = make_instance(
        shift_types=[*make_instance().scenario.model_dump()["shift_types"], NIGHT],
        employees=[
            {"id": "E1", "name": "A", "competences": {"eksp": "competent"}, "shift_types": ["D"]},
        ],
    )
    assert _one(inst, roster(inst, ("E1", 0, "A"))).endswith("may not work shift A")
    assert _one(inst, roster(inst, ("E1", 1, "N"))).endswith("not allowed to work nights shift N")


def test_validator_reports_broken_fixed_assignment() -> None:
    inst = make_instance(fixed=[{"employee": "E1", "date": day(2).isoformat(), "shift": "D"}])
    assert _one(inst, Schedule()).endswith("was fixed to D but has no shift")
    assert _one(inst, roster(inst, ("E1", 2, "A"))).endswith("was fixed to D but has A")


def test_validator_reports_task_period_errors() -> None:
    """A shift split in two task periods needs exactly one task in each."""
    split = {
        "id": "D", "start": "08:00", "end": "15:30", "paid_hours": 7.0,
        "periods": [{"id": "am", "start": "08:00", "end": "12:00"},
                    {"id": "pm", "start": "12:00", "end": "15:30"}],
    }  # fmt: skip
    inst = make_instance(shift_types=[split])
    half = Schedule(
        assignments=(Assignment(employee="E1", date=day(0), shift="D", period="am", task="eksp"),)
    )
    assert _one(inst, half).endswith("has 0 tasks in period pm of D, needs exactly 1")
    odd = Schedule(
        assignments=(
            *roster(inst, ("E1", 0, "D")).assignments,
            Assignment(employee="E1", date=day(0), shift="D", period="night", task="eksp"),
        )
    )
    assert _one(inst, odd).endswith("has unknown task period 'night'")


def test_validator_reports_unknown_people_shifts_and_dates() -> None:
    inst = make_instance()
    stranger = Schedule(
        assignments=(Assignment(employee="X9", date=day(0), shift="D", period="1", task="eksp"),)
    )
    assert _one(inst, stranger).endswith("X9 on 2027-01-04: is not an employee of the scenario")
    late = Schedule(
        assignments=(Assignment(employee="E1", date=day(9), shift="D", period="1", task="eksp"),)
    )
    assert _one(inst, late).endswith("on 2027-01-13: is rostered outside the period")
    unknown = Schedule(
        assignments=(Assignment(employee="E1", date=day(0), shift="Q", period="1", task="eksp"),)
    )
    assert _one(inst, unknown).endswith("works unknown shift 'Q'")
