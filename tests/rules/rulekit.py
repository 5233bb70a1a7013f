"""Helpers shared by the rule tests: hand-made rosters, one rule's violations and penalties.

The base scenario of :mod:`helpers` is the week Monday 4 - Sunday 10 January 2027 with three
people (E1-E3, competent in ``eksp``), a day shift D 08:00-15:30 and an evening shift
A 14:00-21:30, 7 paid hours each, and one ``eksp`` head on D every weekday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from helpers import day, make_instance, solve_checked
from turnus.exceptions import InputError
from turnus.instance import Instance
from turnus.result import Assignment, Result, Schedule
from turnus.rules.base import SCALE, Violation
from turnus.solve import SolveParams, solve
from turnus.validator import validate

WISH = {"wishes": {"weight": 5}}
"""Wishes at weight 5 each: the pull against the rule under test."""
NIGHT = {"id": "N", "start": "22:00", "end": "07:00", "paid_hours": 8.5}
"""A night shift crossing midnight (9 h, 8.5 paid)."""


def open_lines(*shifts: str) -> list[dict[str, Any]]:
    """Staffing lines with minimum 0 on every day for ``shifts``: they open the shifts (a shift
    without a line has no variable), so wishes alone decide who works."""
    return [
        {"day": d, "shift": s, "task": "eksp", "min": 0}
        for d in ("weekday", "saturday", "sunday")
        for s in shifts or ("D", "A")
    ]


def open_instance(**overrides: Any) -> Instance:
    """:func:`make_instance` with D and A open every day and no minimum head-count."""
    return make_instance(**({"staffing": open_lines()} | overrides))


def roster(instance: Instance, *cells: tuple[str, int, str], task: str = "eksp") -> Schedule:
    """A schedule from (employee, day index, shift) cells, ``task`` in every task period."""
    rows = [
        Assignment(
            employee=emp,
            date=instance.day(0).date + dt.timedelta(days=d),
            shift=shift,
            period=p.id,
            task=task,
        )
        for emp, d, shift in cells
        for p in instance.shift[shift].task_periods
    ]
    return Schedule(assignments=tuple(rows))


def violations(instance: Instance, schedule: Schedule, rule: str) -> list[Violation]:
    """What the validator reports for one rule (by name)."""
    return [v for v in validate(instance, schedule).violations if v.rule == rule]


def wishes(*items: tuple[str, int, str | None], priority: int = 1) -> list[dict[str, Any]]:
    """Wishes from (employee, day index, shift or None for a day off)."""
    return [
        {"employee": e, "date": day(d).isoformat(), "priority": priority}
        | ({"kind": "off"} if s is None else {"kind": "shift", "shift": s})
        for e, d, s in items
    ]


def history(*items: tuple[str, int, str]) -> list[dict[str, Any]]:
    """History shifts from (employee, day index < 0, shift)."""
    return [{"employee": e, "date": day(d).isoformat(), "shift": s} for e, d, s in items]


def rule_cost(result: Result, rule: str) -> Fraction:
    """The solver's penalty for one rule, in objective units."""
    return sum(
        (
            Fraction(round(line.cost * SCALE), SCALE)
            for line in result.penalties
            if line.rule == rule
        ),
        Fraction(0),
    )


def validator_cost(instance: Instance, schedule: Schedule, rule: str) -> Fraction:
    return sum((v.penalty for v in violations(instance, schedule, rule)), Fraction(0))


def optimum(instance: Instance) -> Result:
    """Solve to optimality (the validator's check included) and return the result."""
    result = solve_checked(instance, time_limit=10)
    assert result.status == "optimal", result.status
    return result


def status(instance: Instance) -> str:
    """The solve status alone, for instances expected to have no roster."""
    return solve(instance, SolveParams(time_limit=5, workers=1)).status.value


def assert_same_cost(instance: Instance, result: Result, rule: str) -> None:
    """The validator's penalty for ``rule`` equals the solver's, and is not zero."""
    cost = validator_cost(instance, result.schedule, rule)
    assert cost == rule_cost(result, rule)
    assert cost > 0


def assert_optimum(
    rule: str,
    params: dict[str, Any] | None,
    expected: int,
    factory: Callable[..., Instance] | None = None,
    **overrides: Any,
) -> None:
    """With wishes at weight 5 and ``rule`` set to ``params`` (None: switched off) the optimum
    is ``expected``; for a soft rule the validator's penalty equals the solver's."""
    rules = WISH | ({rule: params} if params else {})
    inst = (factory or open_instance)(rules=rules, **overrides)
    result = optimum(inst)
    assert result.objective == expected
    if params and not params.get("hard") and expected:
        assert_same_cost(inst, result, rule)


def assert_rejected(rules: dict[str, dict[str, Any]], path: str, **overrides: Any) -> None:
    """Building an instance with ``rules`` fails with a problem at the field ``path``."""
    with pytest.raises(InputError) as caught:
        make_instance(rules=rules, **overrides)
    places = [str(p).split(":")[0] for p in caught.value.problems]
    assert path in places, places


def worked(result: Result) -> set[tuple[str, int, str]]:
    """(employee, day index from Monday 4 January 2027, shift) cells of a solved roster."""
    return {(a.employee, (a.date - day(0)).days, a.shift) for a in result.schedule.assignments}
