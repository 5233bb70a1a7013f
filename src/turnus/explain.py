"""Why no roster exists: a small set of hard rules that cannot all hold, in the user's terms.

Each hard constraint (rule, key) is switched on by its own literal (see
:attr:`turnus.rules.base.BuildContext.group_of`); soft parts are left out. Assuming every
literal true is the real model; CP-SAT returns a subset of the assumptions that is already
infeasible (a core), and a deletion filter drops each part whose removal keeps the rest
infeasible, until every part left is needed. That is done twice: first over coarse groups,
(rule, employee) and (coverage, day, shift), which are few; then over single constraints inside
the groups kept, which names the days. Solves use one worker, no presolve (it would prove
infeasibility without a core) and no objective.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from turnus.diagnose import name_list, seat_story, when, why_not
from turnus.instance import Instance
from turnus.model import build_model
from turnus.rules.base import Rule
from turnus.rules.stability import describe_cell

Group = tuple[str, ...]
SOLVES_PER_LIMIT = 8
"""Each solve may use this fraction of the time limit; one that runs out keeps its group."""
MIN_SOLVE_TIME = 1.0
GENERIC_FIELDS = {"name", "kind", "description", "enabled", "hard", "weight", "employees", "roles"}
"""Rule fields that say nothing about what the rule demands; the others are shown."""


@dataclass(frozen=True)
class Conflict:
    """One hard constraint of the conflicting set."""

    rule: str
    key: str
    message: str
    employees: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()


@dataclass
class Explanation:
    """The conflicting set, or why none could be isolated (``minimal`` False)."""

    conflicts: list[Conflict] = field(default_factory=list)
    minimal: bool = True
    note: str = ""
    infeasible: bool = True
    """False when it could not be decided in time whether the hard rules can all hold."""

    @property
    def rules(self) -> list[str]:
        return sorted({c.rule for c in self.conflicts})

    def lines(self, instance: Instance) -> list[str]:
        """The explanation as lines of text for the terminal."""
        if not self.conflicts:
            return [self.note] if self.note else []
        people = sorted({e for c in self.conflicts for e in c.employees})
        dates = sorted({d for c in self.conflicts for d in c.dates})
        head = "These rules cannot all hold" + ("" if self.minimal else " (maybe not minimal)")
        lines = [f"{head}: {', '.join(self.rules)}"]
        if people:
            names = [f"{instance.employee[e].name} ({e})" for e in people]
            lines.append(f"  people: {name_list(names)}")
        if dates:
            lines.append(f"  days: {', '.join(f'{d:%a %d %b}' for d in dates)}")
        lines += [f"  - {c.message}" for c in self.conflicts]
        if self.note:
            lines.append(self.note)
        return lines


Unit = frozenset[int]
"""Indices of constraint literals switched on and off together."""


class _Switchboard:
    """One literal per hard constraint (rule, key), created on first use."""

    def __init__(self, model: cp_model.CpModel):
        self.model = model
        self.literals: dict[tuple[str, str], Any] = {}
        self.members: dict[int, tuple[Rule, str]] = {}

    def __call__(self, rule: Rule, key: str) -> Any:
        if (rule.name, key) not in self.literals:
            lit = self.model.new_bool_var(f"on:{rule.name}:{key}")
            self.literals[rule.name, key] = lit
            self.members[lit.index] = (rule, key)
        return self.literals[rule.name, key]


def explain(
    instance: Instance,
    time_limit: float = 30.0,
    harden: Iterable[str] = (),
    seed: int = 0,
) -> Explanation | None:
    """A minimal set of conflicting hard constraints, or None when the hard rules can all hold.

    ``harden`` names soft rules to treat as hard (e.g. ``coverage``, to ask why the staffing
    plan's minimum cannot be met). When a solve runs out of its share of ``time_limit`` the
    set is kept as it is and marked as maybe not minimal.
    """
    instance = _hardened(instance, set(harden))
    search = _Search(instance, time.monotonic() + time_limit, seed)
    everything = frozenset(search.board.members)
    status = search.solve(everything, whole=True)  # the real model: all the time it needs
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if status != cp_model.INFEASIBLE:
        return Explanation(
            minimal=False,
            note="Could not decide in the time given whether the hard rules can all hold.",
            infeasible=False,
        )
    if not everything or search.solve(frozenset()) == cp_model.INFEASIBLE:
        return Explanation(
            minimal=False,
            note="The model is infeasible even with every rule switched off: check fixed "
            "assignments and the rules without a switch (their constraints are built in).",
        )
    by_group: dict[Group, set[int]] = defaultdict(set)
    for index in everything:
        by_group[_coarse_group(instance, *search.board.members[index])].add(index)
    groups, minimal = search.shrink([frozenset(g) for g in by_group.values()])
    singles = [frozenset([index]) for group in groups for index in group]
    kept, fine_minimal = search.shrink(singles)
    members = sorted(
        (search.board.members[next(iter(unit))] for unit in kept),
        key=lambda m: (m[0].name, m[1]),
    )
    conflicts = [_describe(instance, rule, key) for rule, key in members]
    minimal = minimal and fine_minimal
    note = "" if minimal else "Time ran out before each rule was shown to be needed."
    if len(members) > 1 and all(r.kind == "coverage" for r, _ in members):
        note = (
            "Together these need more people at once than can come: a person works one shift "
            "a day and one task in each task period. " + note
        ).strip()
    return Explanation(conflicts=conflicts, minimal=minimal, note=note)


class _Search:
    """The model with every hard constraint switchable, and the deletion filter.

    Soft rules add nothing while explaining (see ``BuildContext.group_of``), so a small set
    of switched-on constraints solves fast.
    """

    def __init__(self, instance: Instance, deadline: float, seed: int):
        self.model = cp_model.CpModel()
        self.board = _Switchboard(self.model)
        build_model(instance, group_of=self.board, model=self.model)
        self.model.clear_objective()
        self.deadline = deadline
        self.per_solve = max(MIN_SOLVE_TIME, (deadline - time.monotonic()) / SOLVES_PER_LIMIT)
        self.seed = seed
        self.core: set[int] = set()

    def solve(self, on: Unit, whole: bool = False) -> int:
        """Status with exactly the constraints ``on``; keeps the solver's core if infeasible.

        A trial of the deletion filter gets a share of the time; ``whole`` gets all that is left.
        """
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return cp_model.UNKNOWN
        self.model.clear_assumptions()
        self.model.add_assumptions(
            [lit if lit.index in on else ~lit for lit in self.board.literals.values()]
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_time_in_seconds = (
            remaining if whole else min(remaining, self.per_solve)
        )
        # presolve would prove infeasibility without a core of assumptions
        solver.parameters.cp_model_presolve = False
        status = solver.solve(self.model)
        if status == cp_model.INFEASIBLE:
            core = set(solver.sufficient_assumptions_for_infeasibility())
            self.core = set(on.intersection(core)) or set(on)
        return status

    def shrink(self, units: list[Unit]) -> tuple[list[Unit], bool]:
        """Units that together are infeasible, each needed (deletion filter, cores first).

        A solve that runs out of time keeps its unit; the result is then maybe not minimal.
        """
        if self.solve(frozenset().union(*units)) != cp_model.INFEASIBLE:
            return units, False
        kept = self._in_core(units)
        minimal, i = True, 0
        while i < len(kept):
            trial = kept[:i] + kept[i + 1 :]
            status = self.solve(frozenset().union(*trial))
            if status == cp_model.INFEASIBLE:
                kept = self._in_core(trial)
            else:
                minimal = minimal and status != cp_model.UNKNOWN
                i += 1
        return kept, minimal

    def _in_core(self, units: list[Unit]) -> list[Unit]:
        return [u for u in units if not u.isdisjoint(self.core)]


def _hardened(instance: Instance, names: set[str]) -> Instance:
    if not names:
        return instance
    hardened = copy.copy(instance)
    hardened.rules = tuple(
        r.replace(hard=True) if r.name in names and not r.hard else r for r in instance.rules
    )
    return hardened


def _coarse_group(instance: Instance, rule: Rule, key: str) -> Group:
    """(rule, employee) for a person's rule; (rule, day, shift) for staffing; else the key."""
    parts = key.split(":")
    if rule.kind == "coverage" and len(parts) >= 3:
        return (rule.name, parts[1], parts[2])
    person = next((p for p in parts if p in instance.employee), None)
    if person is not None:
        return (rule.name, person)
    return (rule.name, key)


def _describe(instance: Instance, rule: Rule, key: str) -> Conflict:
    """One constraint in words: the staffing seat's story, or the rule with its people and days."""
    parts = key.split(":")
    people = tuple(p for p in parts if p in instance.employee)
    dates = tuple(d for p in parts if (d := _date(p)) is not None)
    if rule.kind == "coverage" and parts[0] in ("min", "max") and len(parts) == 5:
        seat = (instance.index_of(dt.date.fromisoformat(parts[1])), *parts[2:])
        line = instance.demand.get(seat)  # type: ignore[arg-type]
        if line is not None:
            if parts[0] == "min":
                story = seat_story(instance, seat, line.min)  # type: ignore[arg-type]
            else:
                story = f"the plan allows at most {line.max} on {instance.task[parts[4]].name}"
            text = f"{when(instance, seat[0], parts[2], parts[3])}: {story}"  # type: ignore[arg-type]
            return Conflict(rule.name, key, f"{rule.name}: {text}", people, dates)
    if rule.kind == "changes" and parts[-1] == "fixed" and instance.published is not None:
        cell = describe_cell(*instance.published.cell(people[0], dates[0]))
        who = f"{instance.employee[people[0]].name} ({people[0]})"
        text = (
            f"{who} keeps the published {cell} on {dates[0]:%A %d %B}: days before "
            f"{instance.published.start:%d %B} stay as published"
        )
        return Conflict(rule.name, key, f"re-rostering: {text}", people, dates)
    if rule.kind == "assignment" and people and dates:
        fixed = instance.fixed.get((people[0], instance.index_of(dates[0])))
        if fixed is not None:
            shift = "a day off" if fixed.is_off else f"shift {fixed.shift}"
            who = instance.employee[people[0]].name
            text = f"{who} ({people[0]}) is fixed to {shift} on {dates[0]:%A %d %B}"
            day = instance.index_of(dates[0])
            if not fixed.is_off and (
                reason := why_not(instance, instance.employee[people[0]], day, fixed.shift)
            ):
                text += f", but {reason.replace('is fixed to', 'would be fixed to')}"
            return Conflict(rule.name, key, f"fixed assignment: {text}", people, dates)
    return Conflict(rule.name, key, _generic(instance, rule, parts, people, dates), people, dates)


def _generic(
    instance: Instance,
    rule: Rule,
    parts: list[str],
    people: tuple[str, ...],
    dates: tuple[dt.date, ...],
) -> str:
    """``daily_rest (min_hours 11; Døgnhvile ...): Kari (E1), from Mon 04 Jan, D A``."""
    params = {
        k: v for k, v in rule.model_dump().items() if k not in GENERIC_FIELDS and v is not None
    }
    about = "; ".join(
        [", ".join(f"{k} {v}" for k, v in params.items())] * bool(params)
        + [rule.description] * bool(rule.description)
    )
    text = rule.name + (f" ({about})" if about else "")
    details = [f"{instance.employee[p].name} ({p})" for p in people]
    details += [f"from {d:%a %d %b}" for d in dates[:1]]
    details += [p for p in parts if p not in people and _date(p) is None and p != "min"]
    return f"{text}: {', '.join(details)}" if details else text


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
