"""A roster anyway, breaking as little as it can: relax only the rules that conflict.

Making every hard rule elastic at once (``SolveParams(best_effort=True)``) gives the solver a
much harder problem, and in a short time it breaks many rules it need not break. Here the
conflict named by :func:`turnus.explain.explain` is relaxed instead: each rule in it becomes
soft at :data:`~turnus.rules.base.ELASTIC_WEIGHT` for the people involved (for everyone when
the rule is not a person's, such as the staffing plan), every other rule stays hard, and the
roster is solved normally. If that is still infeasible, the next conflict is relaxed, a few
rounds at most; then the fully elastic model is the fallback.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from pydantic import ValidationError

from turnus.explain import Explanation, explain
from turnus.instance import Instance
from turnus.result import Result, SolveStatus
from turnus.rules.base import ELASTIC_WEIGHT
from turnus.solve import SolveParams, solve

MAX_ROUNDS = 4
EXPLAIN_SHARE = 0.5
MIN_EXPLAIN_TIME = 30.0
"""Each explanation may use this share of the solve's time limit, at least this long."""


@dataclasses.dataclass
class BestEffort:
    """The roster and the conflicts relaxed to get it (empty when fully elastic was used)."""

    result: Result
    relaxed: list[Explanation]
    fallback: bool = False


def best_effort(instance: Instance, params: SolveParams) -> BestEffort:
    """Solve with the conflicting rules relaxed, round by round; see the module docstring.

    The roster must be judged with the original ``instance`` (its rules are all hard there).
    """
    strict = dataclasses.replace(params, best_effort=False)
    explain_time = max(MIN_EXPLAIN_TIME, params.time_limit * EXPLAIN_SHARE)
    relaxed: list[Explanation] = []
    current = instance
    for _ in range(MAX_ROUNDS):
        result = solve(current, strict)
        if result.status is not SolveStatus.INFEASIBLE:
            if result.has_solution:
                return BestEffort(result, relaxed)
            break
        explanation = explain(current, time_limit=explain_time)
        if explanation is None or not explanation.conflicts:
            break
        relaxed.append(explanation)
        current = relax(current, explanation)
    return BestEffort(solve(instance, params), relaxed, fallback=True)


def relax(instance: Instance, explanation: Explanation) -> Instance:
    """A copy of ``instance`` whose conflicting rules are soft at the elastic weight for the
    people in the conflict, or for everyone when a conflict names no person."""
    people: dict[str, set[str | None]] = {}
    for conflict in explanation.conflicts:
        people.setdefault(conflict.rule, set()).update(conflict.employees or {None})
    rules: list[Any] = []
    for rule in instance.rules:
        if rule.name not in people or not rule.hard:
            rules.append(rule)
        elif None in people[rule.name] or not _per_person(rule):
            rules += _soft(rule, {})
        else:
            others = tuple(e.id for e in rule.subjects(instance) if e.id not in people[rule.name])
            rules.append(rule.replace(employees=others))
            rules += _soft(rule, {"employees": tuple(sorted(people[rule.name]))})  # type: ignore[arg-type]
    relaxed = copy.copy(instance)
    relaxed.rules = tuple(rules)
    return relaxed


def _per_person(rule: Any) -> bool:
    """Whether the rule limits itself to ``employees`` (the staffing plan and fixed
    assignments do not)."""
    return rule.kind not in ("assignment", "coverage")


def _soft(rule: Any, changes: dict[str, Any]) -> list[Any]:
    """The rule made soft at the elastic weight, or nothing for a rule that must be hard."""
    try:
        return [rule.replace(hard=False, weight=ELASTIC_WEIGHT, **changes)]
    except ValidationError:
        return []
