"""A roster built (or taken from the whole office's first stage), then improved, one person
at a time, where every hard rule is about one person.

Without training plans or trainee supervision, whether one person's month keeps the hard
rules does not depend on anyone else's: only the staffing plan (and soft spreads such as
fairness) link people. One person's month, with everyone else's cover fixed, is a small
model that CP-SAT solves in a fraction of a second. Solving the people in turn gives a
roster where the full model is too large to find one in time (the Curtois & Qu instances of
half a year and more), and solving each again, everyone else fixed, improves it without ever
making it worse: the person's current month is a solution of their model (block coordinate
descent). The same polish suits a roster the whole office found: CP-SAT's local search
frees random parts of the roster, rarely one person's whole month.

The soft rules that compare people (fairness, unpopular tasks) are not seen here; the full
model's search that follows weighs them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from turnus.instance import DemandKey, Instance
from turnus.model import add_hint, build_model, read_schedule, set_hint
from turnus.result import Assignment, Schedule
from turnus.roster import Roster
from turnus.rules.base import SCALE
from turnus.rules.coverage import planned_cover

MIN_PART_DTIME = 0.05
"""The least deterministic time one person's model gets, however short the budget."""
RETRIES = 2
"""Further tries, each from another seed and twice as long, for people the build left
without a month (Curtois 22: one person's year needed 10.7 deterministic seconds)."""
FEASIBILITY_DTIME = 10.0
"""The least deterministic time for finding a first month for a person: without one there
is no roster at all. The local search stops at the first month it finds; a year of Curtois
22 took it 1.2-2.6 deterministic seconds per person, so 2 left most people without one."""


def separable(instance: Instance) -> bool:
    """Whether no rule ties one person's roster to another's beyond the staffing plan."""
    return not any(rule.links_people(instance) for rule in instance.rules)


@dataclass
class _Person:
    """One person's current month and what it costs apart from the staffing plan."""

    rows: tuple[Assignment, ...] = ()
    own_cost: int | None = 0
    """None until the person is first solved, for a month taken from a whole roster."""


@dataclass
class PersonSearch:
    """Build and improve a roster person by person within a deterministic-time budget."""

    instance: Instance
    budget: float
    """Deterministic seconds for the whole search."""
    seed: int = 0
    stop: Callable[[], bool] = lambda: False
    """Polled between people: true to end the search (Ctrl-C)."""
    late: Callable[[], bool] = lambda: False
    """Polled between people: true when the clock, not the budget, says to stop improving."""
    used: float = 0.0
    people: dict[str, _Person] = field(default_factory=dict)
    cover: Counter[DemandKey] = field(default_factory=Counter)
    cover_cost: int = 0
    """The staffing plan's cost of the roster, from the last person solved (scaled)."""

    def build(self, rule_sets: Iterable[tuple[Any, ...]]) -> bool:
        """Everyone's month in turn, under the first of ``rule_sets`` that has a solution
        for them (e.g. a tighter band of contract hours, then the rules themselves); true
        when everyone has one (:meth:`improve` tries the others again)."""
        choices = tuple(rule_sets)
        staff = self.instance.employees
        for done, employee in enumerate(staff):
            if self.stop():
                break
            # past the budget too: without everyone's month there is no roster at all
            share = max(self.budget - self.used, 0) / (len(staff) - done) / len(choices)
            any(self._solve(employee.id, rules, share) for rules in choices)
        for retry in range(1, RETRIES + 1):  # the local search again: longer, another seed
            for employee in staff:
                if employee.id not in self.people and not self.stop():
                    longer = FEASIBILITY_DTIME * 2**retry
                    self._solve(employee.id, choices[-1], 0, seed=self.seed + retry, ls=longer)
        return self.complete

    def start_from(self, schedule: Schedule) -> None:
        """Take everyone's month from ``schedule``, a roster that keeps every hard rule (the
        whole office's first stage); :meth:`improve` learns each month's cost as it solves
        the person from it, hinted in full, so never worse."""
        months: dict[str, list[Assignment]] = {e.id: [] for e in self.instance.employees}
        for row in schedule.assignments:
            months[row.employee].append(row)
        self.people = {who: _Person(tuple(rows), own_cost=None) for who, rows in months.items()}
        self.cover = self._cover_of(schedule.assignments)

    def improve(self, on_better: Callable[[float], None] | None = None) -> None:
        """Re-solve each person with everyone else fixed while it pays and the budget lasts."""
        staff = self.instance.employees
        while not self._done():
            before = (self.complete, self.objective)
            for employee in staff:
                if self._done():
                    return
                previous = self.objective
                self._solve(employee.id, self.instance.rules, self.budget / len(staff) / 2)
                if on_better is not None and self.costed and self.objective < previous:
                    on_better(self.objective)
            if (self.complete, self.objective) == before:
                return

    def _done(self) -> bool:
        return self.stop() or self.late() or self.used >= self.budget

    @property
    def complete(self) -> bool:
        return len(self.people) == len(self.instance.employees)

    @property
    def costed(self) -> bool:
        """Whether everyone has a month and its cost is known."""
        return self.complete and all(p.own_cost is not None for p in self.people.values())

    @property
    def objective(self) -> float:
        """The roster's cost without the soft rules that compare people (meaningful once
        :attr:`costed`)."""
        own = sum(person.own_cost or 0 for person in self.people.values())
        return (self.cover_cost + own) / SCALE

    def schedule(self) -> Schedule:
        rows = [row for person in self.people.values() for row in person.rows]
        return Schedule(assignments=tuple(rows)).sorted()

    def _solve(
        self,
        employee: str,
        rules: tuple[Any, ...],
        limit: float,
        seed: int | None = None,
        ls: float = FEASIBILITY_DTIME,
    ) -> bool:
        """Solve one person's month with the others fixed; keep it if it is no worse."""
        current = self.people.get(employee)
        if current is not None:
            self.cover.subtract(self._cover_of(current.rows))
        part = self.instance.restricted_to([employee], +self.cover)
        part.rules = rules
        built = build_model(part)
        start = None
        if current is not None:  # start from, and so never do worse than, the current month
            unknown = current.own_cost is None  # its cost is learnt from the complete hint
            add_hint(built, part, Schedule(assignments=current.rows), complete=unknown)
        else:
            start = self._start_feasible(built.model, max(limit, ls), seed)
        solver = self._solver(limit)
        status = solver.solve(built.model)
        self.used += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and start is not None:
            solver, status = start, cp_model.FEASIBLE  # too short to take the hint over
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            rows = read_schedule(solver, built, part).assignments
            staffing = {r.name for r in rules if r.kind == "coverage"}
            costs = [(p.rule, solver.value(p.amount) * p.coefficient) for p in built.penalties]
            own = sum(cost for rule, cost in costs if rule not in staffing)
            cover = sum(cost for rule, cost in costs if rule in staffing)
            if (
                current is None
                or current.own_cost is None
                or (cover + own <= self.cover_cost + current.own_cost)
            ):
                self.people[employee] = _Person(rows, own)
                self.cover_cost = cover
                current = self.people[employee]
        if current is not None:
            self.cover.update(self._cover_of(current.rows))
        return employee in self.people

    def _solver(self, limit: float, seed: int | None = None) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed if seed is None else seed
        solver.parameters.catch_sigint_signal = False  # the caller's ``stop`` sees Ctrl-C
        solver.parameters.max_deterministic_time = max(limit, MIN_PART_DTIME)
        return solver

    def _start_feasible(
        self, model: cp_model.CpModel, limit: float, seed: int | None
    ) -> cp_model.CpSolver | None:
        """Hint a month that keeps the person's hard rules, found by CP-SAT's local search
        (feasibility jump) on the rules alone; the solver holding it, if found (its
        variables are the model's).

        A tight band of hours over half a year (Curtois 20: 115-117 shifts in 182 days, runs
        of 2-5, weekends) took CP-SAT's tree search more than 5 deterministic seconds with
        the costs, and the local search a hundredth of a second without them.
        """
        rules_only = model.clone()
        rules_only.clear_objective()
        solver = self._solver(limit, seed)
        solver.parameters.use_ls_only = True
        status = solver.solve(rules_only)
        self.used += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        set_hint(model, enumerate(solver.response_proto.solution))
        return solver

    def _cover_of(self, rows: tuple[Assignment, ...]) -> Counter[DemandKey]:
        """A person's cover per staffing line, counted as the validator counts it."""
        return Counter(planned_cover(Roster(self.instance, Schedule(assignments=rows))))
