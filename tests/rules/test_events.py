"""Courses, meetings and internal teaching: attendees on a shift containing the event, not
counted as cover during it, or the event's hours counted as work outside the shift.

The base week (Mon 4 - Sun 10 January 2027), three competent people, one eksp head on D
(08:00-15:30) every weekday.
"""

from __future__ import annotations

from typing import Any

import pytest
from rulekit import optimum, roster, violations, worked

from helpers import make_instance
from turnus.diagnose_training import training_problems
from turnus.instance import Instance
from turnus.roster import Roster

COURSE = {"id": "kurs", "name": "Journalkurs", "kind": "course", "date": "2027-01-05",
          "start": "10:00", "end": "11:00", "employees": ["E2"]}  # fmt: skip


def event_instance(event: dict[str, Any] | None = None, **rules: dict[str, Any]) -> Instance:
    return make_instance(
        rules={"events": {}, "coverage": {"hard": True}} | rules, events=[event or COURSE]
    )


def test_attendee_is_rostered_on_a_shift_containing_the_event() -> None:
    result = optimum(event_instance())
    assert ("E2", 1, "D") in worked(result)


def test_attendee_is_not_cover_during_the_event() -> None:
    # Ola is at the course for part of D's only task period: someone else covers eksp
    result = optimum(event_instance())
    assert len([c for c in worked(result) if c[1:] == (1, "D")]) == 2
    inst = event_instance()
    found = violations(inst, roster(inst, ("E2", 1, "D")), "coverage")
    assert [str(v.date) for v in found if v.amount == 100][1] == "2027-01-05"  # 0 on Tuesday
    assert "Tue 05 Jan" in found[1].message


def test_validator_reports_a_missed_event() -> None:
    inst = event_instance()
    (missed,) = violations(inst, roster(inst, ("E1", 1, "D")), "events")
    assert missed.hard and missed.message == (
        "Person 2 (E2) is not on a shift covering course Journalkurs on 2027-01-05 10:00-11:00"
    )


def test_soft_attendance_costs_its_weight() -> None:
    inst = event_instance(events={"hard": False, "weight": 40})
    (missed,) = violations(inst, roster(inst, ("E1", 1, "D")), "events")
    assert (missed.hard, missed.penalty) == (False, 40)


def test_weekly_teaching_hour_every_wednesday_for_a_role() -> None:
    # the two authorised secretaries attend; the third, a secretary, covers eksp around it
    people = [{"id": f"E{i}", "name": f"P{i}", "competences": {"eksp": "competent"}, "role": r}
              for i, r in ((1, "authorised"), (2, "authorised"), (3, "secretary"))]  # fmt: skip
    teaching = {"id": "intern", "kind": "teaching", "weekday": "Wednesday", "start": "14:00",
                "end": "15:00", "roles": ["authorised"]}  # fmt: skip
    inst = make_instance(
        rules={"events": {}, "coverage": {"hard": True}}, events=[teaching], employees=people
    )
    assert [(o.day, o.start) for o in inst.training.occurrences] == [(2, 2 * 1440 + 14 * 60)]
    result = optimum(inst)
    assert {("E1", 2, "D"), ("E2", 2, "D"), ("E3", 2, "D")} <= worked(result)


def test_absent_attendee_is_not_expected_and_unattendable_is_explained() -> None:
    away = [{"employee": "E2", "start": "2027-01-05", "end": "2027-01-05", "kind": "sick"}]
    inst = make_instance(rules={"events": {}}, events=[COURSE], absences=away)
    assert violations(inst, roster(inst), "events") == []
    evening = COURSE | {"start": "19:00", "end": "20:00"}  # no shift on Tuesday contains it
    inst = make_instance(rules={"events": {}}, events=[evening])
    assert training_problems(inst) == [
        "Person 2 (E2) cannot attend course Journalkurs on 2027-01-05 19:00-20:00: no shift "
        "they may work contains it; they are not expected"
    ]


def test_extra_time_event_counts_as_working_time_outside_the_shift() -> None:
    # Ola is off on Tuesday: the course's hour counts; on D it is inside the shift
    extra = COURSE | {"attendance": "extra_time"}
    inst = make_instance(rules={"period_hours": {}}, events=[extra])
    off = Roster(inst, roster(inst, ("E2", 0, "D")))
    on = Roster(inst, roster(inst, ("E2", 1, "D")))
    assert off.minutes(inst.employee["E2"]) == 7 * 60 + 60
    assert on.minutes(inst.employee["E2"]) == 7 * 60
    people = [{"id": "E2", "name": "Ola", "competences": {"eksp": "competent"},
               "min_hours": 8, "max_hours": 8}]  # fmt: skip
    inst = make_instance(rules={"period_hours": {}}, events=[extra], employees=people)
    result = optimum(inst)  # one 7 h shift not on Tuesday, plus the course's hour
    (shift,) = worked(result)
    assert shift[1] != 1


@pytest.mark.parametrize(
    "change",
    [
        {"date": None},  # neither date nor weekday
        {"weekday": "monday"},  # both date and weekday
        {"end": "09:00"},  # ends before it starts
        {"employees": []},  # no attendees
        {"date": None, "weekday": "someday"},  # unknown weekday
    ],
)
def test_bad_events_are_rejected(change: dict[str, Any]) -> None:
    from pydantic import ValidationError

    from turnus.domain import Event

    with pytest.raises(ValidationError):
        Event.model_validate(COURSE | change)


def test_everyone_on_duty_attends_and_nobody_counts_during_it() -> None:
    # a staff meeting for everyone on D on Monday: whoever works D then is at the meeting
    meeting = {"id": "mote", "date": "2027-01-04", "start": "08:00", "end": "08:30",
               "on_duty": True}  # fmt: skip
    inst = make_instance(rules={"coverage": {"weight": 10}}, events=[meeting])
    found = violations(inst, roster(inst, ("E1", 0, "D"), ("E2", 0, "D")), "coverage")
    assert (str(found[0].date), found[0].amount) == ("2027-01-04", 100)  # 2 on D, 0 count
