"""Property tests: on tiny random offices the solver and the validator agree.

Hypothesis draws 2-4 staff over 3-7 days with random shift types (some crossing midnight),
random rules (on or off, hard or soft, with weights), absences, wishes and history. Then:

* the solver's roster breaks no hard rule and the validator recomputes its objective exactly
  (:func:`helpers.solve_checked`);
* any roster, in particular a random perturbation of the optimum, is judged alike by the model
  and by the validator: with every assignment literal fixed to that roster, the model is
  feasible exactly when the validator finds no hard violation, and its objective equals the
  validator's; a perturbed roster without hard violations is never better than the optimum.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from helpers import solve_checked
from turnus.domain import Scenario
from turnus.instance import Instance
from turnus.model import build_model
from turnus.result import Assignment, Schedule
from turnus.rules.base import SCALE
from turnus.validator import validate

SHIFTS = {
    "D": {"start": "08:00", "end": "15:30", "paid_hours": 7.0},
    "A": {"start": "14:00", "end": "21:30", "paid_hours": 7.0},
    "N": {"start": "22:00", "end": "07:00", "paid_hours": 8.5},  # crosses midnight
    "L": {"start": "08:00", "end": "20:00", "paid_hours": 11.5},
    "X": {"start": "19:00", "end": "07:30", "paid_hours": 11.0},  # long night
    "S": {"start": "08:00", "end": "16:00", "paid_hours": 7.5,  # two task periods
          "periods": [{"id": "am", "start": "08:00", "end": "12:00"},
                      {"id": "pm", "start": "12:00", "end": "16:00"}]},
}  # fmt: skip
STARTS = [dt.date(2027, 1, 4), dt.date(2027, 5, 3), dt.date(2027, 12, 22), dt.date(2027, 3, 25)]
"""Mondays and days around holidays (Ascension, Christmas, Easter 2027)."""
SETTINGS = settings(
    max_examples=400,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _rule(draw: Any, name: str) -> dict[str, Any]:
    """Random parameters for one rule, hard or soft."""
    hard = draw(st.sampled_from([True, False, False]))  # soft rules give the objective work
    soft = {"hard": hard, "weight": draw(st.integers(1, 9)),
            "employees": draw(st.none() | st.just(["E1"]) | st.just(["E2", "E3"]))}  # fmt: skip
    params: dict[str, Any] = {
        "coverage": lambda: {
            "hard": hard, "weight": draw(st.sampled_from([7, 1000])),
            "target_weight": draw(st.integers(0, 20)), "over_weight": draw(st.integers(0, 3)),
        },
        "daily_rest": lambda: soft | {"min_hours": draw(st.sampled_from([8, 11]))},
        "weekly_rest": lambda: soft | {
            "min_hours": draw(st.sampled_from([24, 35])),
            "window": draw(st.sampled_from(["rolling", "week"])),
        },
        "max_consecutive_days": lambda: soft | {"max": draw(st.integers(2, 5))},
        "min_consecutive_days": lambda: soft | {"min": draw(st.integers(2, 3))},
        "min_consecutive_days_off": lambda: soft | {"min": 2},
        "max_weekends": lambda: soft | {
            "max": draw(st.integers(0, 1)), "weeks": draw(st.sampled_from([1, 2, None])),
        },
        "sunday_rest": lambda: soft,
        "max_consecutive_nights": lambda: soft | {"max": draw(st.integers(1, 3))},
        "rest_after_nights": lambda: soft | {"min_hours": draw(st.sampled_from([11, 24, 35]))},
        "contract_hours": lambda: soft | {"tolerance_hours": draw(st.integers(0, 8))},
        "period_hours": lambda: soft,
        "max_shifts_per_type": lambda: soft,
        "max_hours_per_day": lambda: soft | {"max_hours": draw(st.sampled_from([8, 9, 12]))},
        "max_hours_per_week": lambda: soft | {"max_hours": draw(st.sampled_from([20, 40]))},
        "wishes": lambda: {"weight": draw(st.integers(1, 5))},
        "fairness": lambda: {
            "weights": {c: draw(st.integers(0, 9))
                        for c in ("weekends", "evenings", "nights", "holidays")}
        },
    }[name]()  # fmt: skip
    return params


@st.composite
def offices(draw: Any) -> Instance:
    """A tiny random office as an :class:`Instance` (empty profile, random rules)."""
    start = draw(st.sampled_from(STARTS))
    days = draw(st.integers(3, 7))
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    shifts = draw(st.lists(st.sampled_from(sorted(SHIFTS)), min_size=1, max_size=3, unique=True))
    staff = draw(st.integers(2, 4))
    ids = [f"E{i}" for i in range(1, staff + 1)]
    employees = [
        {
            "id": e, "name": e, "nights": draw(st.booleans()),
            "position_pct": draw(st.sampled_from([50, 80, 100])),
            "competences": {"eksp": draw(st.sampled_from(["competent", "learning"])),
                            "skriv": draw(st.sampled_from(["competent", "expert"]))},
            "role": draw(st.sampled_from(["authorised", "authorised", "trainee"])),
            "cover": draw(st.none() | st.just(0.5)),
            "max_hours": draw(st.none() | st.sampled_from([14, 30])),
            "max_shifts": draw(st.dictionaries(st.sampled_from(shifts), st.integers(0, 2),
                                               max_size=1)),
        }
        for e in ids
    ]  # fmt: skip
    staffing = [
        {"day": kind, "shift": s, "task": draw(st.sampled_from(["eksp", "skriv"])), "min": low,
         "target": draw(st.none() | st.integers(low, 2))}
        for s in shifts
        for kind in ("weekday", "saturday", "sunday")
        if (low := draw(st.integers(-1, 2))) >= 0
    ]  # fmt: skip
    cell = st.tuples(st.sampled_from(ids), st.sampled_from(dates))
    absences = [
        {"employee": e, "start": d.isoformat(), "end": d.isoformat()}
        | draw(st.sampled_from([{}, {"from_time": "10:00", "to_time": "12:00"}]))
        for e, d in draw(st.lists(cell, max_size=2))
    ]
    fixed = {
        (e, d): draw(st.sampled_from([*shifts, "off"]))
        for e, d in draw(st.lists(cell, max_size=1))
    }
    wishes = [
        {"employee": e, "date": d.isoformat(), "priority": draw(st.integers(1, 3))}
        | draw(st.sampled_from([{"kind": "off"}, {"kind": "shift", "shift": s},
                                {"kind": "not_shift", "shift": s}]))
        for (e, d), s in draw(st.lists(st.tuples(cell, st.sampled_from(shifts)), max_size=3))
    ]  # fmt: skip
    before = st.sampled_from([start - dt.timedelta(days=i) for i in range(1, 8)])
    history = {
        (e, d): s for e, d, s in draw(st.lists(st.tuples(st.sampled_from(ids), before,
                                                          st.sampled_from(shifts)), max_size=4))
    }  # fmt: skip
    names = draw(st.lists(st.sampled_from(RULE_NAMES), min_size=3, max_size=8, unique=True))
    scenario = Scenario.model_validate(
        {
            "name": "random",
            "period": {"start": start.isoformat(), "end": dates[-1].isoformat()},
            "competences": [{"id": "eksp"}, {"id": "skriv"}],
            "tasks": [
                {"id": "eksp", "competence": "eksp"},
                {"id": "skriv", "competence": "skriv"},
            ],
            "shift_types": [{"id": s, **SHIFTS[s]} for s in shifts],
            "employees": employees,
            "staffing": staffing,
            "absences": absences,
            "fixed": [
                {"employee": e, "date": d.isoformat(), "shift": s} for (e, d), s in fixed.items()
            ],
            "wishes": wishes,
            "history": [
                {"employee": e, "date": d.isoformat(), "shift": s} for (e, d), s in history.items()
            ],
            "rules": {name: _rule(draw, name) for name in names},
        }
    )
    return Instance.build(scenario, {})


RULE_NAMES = [
    "coverage", "daily_rest", "weekly_rest", "max_consecutive_days", "min_consecutive_days",
    "min_consecutive_days_off", "max_weekends", "sunday_rest", "max_consecutive_nights",
    "rest_after_nights", "contract_hours", "period_hours", "max_shifts_per_type",
    "max_hours_per_day", "max_hours_per_week", "wishes", "fairness",
]  # fmt: skip


def model_judgement(instance: Instance, schedule: Schedule) -> Fraction | None:
    """The model's objective with every assignment literal fixed to ``schedule``, or None when
    the model rejects it (a hard rule broken)."""
    built = build_model(instance)
    cells = {
        (a.employee, instance.index_of(a.date), a.shift, a.period, a.task)
        for a in schedule.assignments
    }
    shifts = {key[:3] for key in cells}
    for key, lit in built.variables.task_vars.items():
        built.model.add(lit == int(key in cells))
    for key, lit in built.variables.shift_vars.items():
        built.model.add(lit == int(key in shifts))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(built.model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL, solver.status_name(status)
    return Fraction(round(solver.objective_value), SCALE) if built.penalties else Fraction(0)


def perturb(draw: Any, instance: Instance, schedule: Schedule) -> Schedule:
    """Drop some worked shifts and add some possible ones (cells the model has variables for)."""
    worked = sorted({(a.employee, a.date, a.shift) for a in schedule.assignments})
    dropped = set(draw(st.lists(st.sampled_from(worked), max_size=2))) if worked else set()
    rows = [a for a in schedule.assignments if (a.employee, a.date, a.shift) not in dropped]
    possible = sorted(build_model(instance).variables.shift_vars)
    least = 0 if dropped else 1  # change something
    added = (
        draw(st.lists(st.sampled_from(possible), min_size=least, max_size=3)) if possible else []
    )
    for employee, day, shift in added:
        emp = instance.employee[employee]
        for period in instance.shift[shift].task_periods:
            task = instance.candidate_tasks(emp, day, shift, period.id)[0]
            date = instance.day(day).date
            rows.append(Assignment(employee=employee, date=date, shift=shift,
                                   period=period.id, task=task))  # fmt: skip
    return Schedule(assignments=tuple(dict.fromkeys(rows)))


@SETTINGS
@given(instance=offices(), data=st.data())
def test_solver_and_validator_agree(instance: Instance, data: st.DataObject) -> None:
    result = solve_checked(instance, time_limit=5)  # asserts no hard violation, same objective
    if not result.has_solution:
        return
    assert (
        model_judgement(instance, result.schedule) == validate(instance, result.schedule).objective
    )
    changed = perturb(data.draw, instance, result.schedule)
    report = validate(instance, changed)
    judged = model_judgement(instance, changed)
    if report.hard:
        assert judged is None, [v.message for v in report.hard]
        return
    assert judged == report.objective, report.by_rule()
    if result.status == "optimal":
        assert report.objective >= Fraction(round(result.objective * SCALE), SCALE)
