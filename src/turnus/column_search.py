"""Column generation over people's months: the staffing plan's linear relaxation, priced
person by person, then a roster by diving through it.

Where every hard rule is one person's (:func:`turnus.person_search.separable`), a roster is
a choice of one month per person, and only the staffing plan links the choices. The master
problem over the months found so far is a small linear program (GLOP): a weight on each
month, the weights of one person's months summing to 1, the staffing plan's costs on the
head-counts they give. Its duals price a head on each staffing line; one person's month
that pays for itself at those prices (negative reduced cost) is found by CP-SAT on that
person's model alone, with their own soft rules and the prices in the objective. When no
person has such a month, the linear program is the relaxation's optimum over *all* months,
and at every round its value plus each person's best reduced cost is a lower bound on the
roster's cost (Lagrangian bound). This bound is far stronger than the compact model's: the
runs, weekends and hours of a month are exact inside the pricing problem.

A roster comes from a dive (:meth:`ColumnSearch.dive`): fix the people whose weight in the
program is on one month, then those with the largest weights, and price the rest again; a
heuristic, where branch and price (the best published method on the Curtois & Qu
instances) would branch and prove. The months are exact, so the roster keeps every hard
rule of each person.

The soft rules that compare people (fairness) are not seen here, as in
:mod:`turnus.person_search`; they cost nothing below zero, so the bound stays valid.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from turnus.instance import DemandKey, Instance
from turnus.model import BuiltModel, build_model, schedule_of
from turnus.result import Assignment, Schedule
from turnus.roster import Roster
from turnus.rules.base import ELASTIC_WEIGHT, SCALE
from turnus.rules.coverage import Coverage, cover_hundredths, planned_cover
from turnus.validator import validate

PRICE_SCALE = 8
"""Prices are rounded to 1/8 of the objective's unit in the pricing models' integer
objectives; the bound allows for that rounding."""
REDUCED_COST_EPS = 1e-6
INTEGRAL_EPS = 1e-6
PRICE_MIN_DTIME = 0.05
"""The least deterministic time one pricing solve gets, however short the budget."""
CONVERGE_SHARE = 0.5
"""Of the budget, the share within which the linear program must converge for a dive."""
DIVE_ROUNDS = 10
"""Pricing rounds after each step of the dive: enough to repair the prices, without waiting
for the program to converge again."""
HARD_COST = ELASTIC_WEIGHT * SCALE
"""Per hundredth of a head, the linear program's cost of breaking a hard minimum or
maximum: the first months found may not meet it, and the program must stay feasible."""


class LinearProgramFailed(RuntimeError):
    """The linear program was not solved (it is always feasible: a numerical failure)."""


@dataclass(frozen=True)
class Month:
    """One person's month: the task literals it sets (their places in
    :attr:`_Pricing.task_keys`), its own soft rules' cost (scaled) and its cover."""

    employee: str
    worked: tuple[int, ...]
    own_cost: int
    cover: tuple[tuple[DemandKey, int], ...]


class _Pricing:
    """One person's model without the staffing plan."""

    def __init__(self, instance: Instance, employee: str):
        self.employee = employee
        self.part = instance.restricted_to([employee], {})
        self.part.rules = tuple(r for r in instance.rules if r.kind != "coverage")
        self.built: BuiltModel = build_model(self.part)
        task_vars = self.built.variables.task_vars
        self.task_keys = list(task_vars)
        self.task_lits = list(task_vars.values())
        self.task_places = {key: place for place, key in enumerate(self.task_keys)}
        self.cover_at = {
            place: (key[1:], cover_hundredths(instance, employee, key[1:]))
            for place, key in enumerate(self.task_keys)
            if key[1:] in instance.demand
        }
        """The staffing line and hundredths of a head each task literal covers, by place."""
        self._prices: dict[int, int] = {}
        """The integer price of each priced task literal in the solve under way, by place."""
        self.own_lits = [p.amount for p in self.built.penalties]
        self.own_coefs = [p.coefficient * PRICE_SCALE for p in self.built.penalties]
        periods = max((len(s.task_periods) for s in instance.shift_types), default=1)
        self.most_priced = instance.num_days * periods
        """How many priced literals a month can set: each may round by half a unit."""

    def month_of(self, rows: tuple[Assignment, ...]) -> Month:
        """A month given as rows, costed by the validator."""
        schedule = Schedule(assignments=rows)
        own = sum(v.scaled_penalty for v in validate(self.part, schedule).soft)
        cover = planned_cover(Roster(self.part, schedule))
        keys = ((r.employee, self.part.index_of(r.date), r.shift, r.period, r.task) for r in rows)
        worked = tuple(sorted(self.task_places[key] for key in keys))
        return Month(self.employee, worked, own, tuple(sorted(cover.items())))

    def rows(self, month: Month) -> tuple[Assignment, ...]:
        """The month's rows of the roster."""
        worked = (self.task_keys[place] for place in month.worked)
        return schedule_of(worked, self.part).assignments

    def price(
        self, prices: dict[DemandKey, float], convexity: float, limit: float, seed: int
    ) -> tuple[list[Month], float, float]:
        """Months of negative reduced cost at ``prices`` (best first), a lower bound on
        the least reduced cost of any month, and the deterministic time taken."""
        built = self.built
        scaled = {
            place: round(prices.get(key, 0.0) * heads * PRICE_SCALE)
            for place, (key, heads) in self.cover_at.items()
        }
        self._prices = {place: price for place, price in scaled.items() if price}
        lits = self.own_lits + [self.task_lits[place] for place in self._prices]
        coefs = self.own_coefs + [-price for price in self._prices.values()]
        built.model.minimize(cp_model.LinearExpr.weighted_sum(lits, coefs))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.catch_sigint_signal = False
        solver.parameters.max_deterministic_time = limit
        found: list[Month] = []
        status = solver.solve(
            built.model, _Collector(lambda read: found.append(self._month(read)))
        )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], -math.inf, solver.deterministic_time
        rounding = self.most_priced / 2
        bound = (solver.best_objective_bound - rounding) / PRICE_SCALE - convexity
        months = [
            m for m in reversed(found) if _reduced_cost(m, prices, convexity) < -REDUCED_COST_EPS
        ]
        return months, bound, solver.deterministic_time

    def _month(self, read: cp_model.CpSolverSolutionCallback) -> Month:
        """The month of the solution ``read`` holds: read from the solution's values at
        once, three times faster than literal by literal, and its own cost from the
        objective less the prices it earns."""
        values = read.response_proto.solution
        worked = tuple(place for place, lit in enumerate(self.task_lits) if values[lit.index])
        cover: Counter[DemandKey] = Counter()
        for place in worked:
            if (covered := self.cover_at.get(place)) is not None:
                key, heads = covered
                cover[key] += heads
        earned = sum(self._prices.get(place, 0) for place in worked)
        own = round(read.objective_value + earned) // PRICE_SCALE
        return Month(self.employee, worked, own, tuple(sorted(cover.items())))


class _Collector(cp_model.CpSolverSolutionCallback):
    """Hands every solution found to ``take``, while the solver still holds it."""

    def __init__(self, take: Callable[[cp_model.CpSolverSolutionCallback], None]):
        super().__init__()
        self.take = take

    def on_solution_callback(self) -> None:
        self.take(self)


def _reduced_cost(month: Month, prices: dict[DemandKey, float], convexity: float) -> float:
    return month.own_cost - convexity - sum(prices.get(k, 0.0) * a for k, a in month.cover)


@dataclass
class ColumnSearch:
    """Months priced person by person within a deterministic-time budget."""

    instance: Instance
    budget: float
    """Deterministic seconds, summed over every pricing solve."""
    seed: int = 0
    workers: int = 1
    """People priced at once (each pricing solve has one worker)."""
    stop: Callable[[], bool] = lambda: False
    clock: Callable[[], float] = lambda: 0.0
    """The share of the wall-clock time passed, where that limits the search (else 0)."""
    used: float = 0.0
    bound: float = 0.0
    """The best Lagrangian bound on the roster's cost so far, scaled."""
    lp_value: float = 0.0
    rounds: int = 0
    months: dict[str, list[Month]] = field(default_factory=dict, init=False)
    """Everyone's months found so far, in the order the program has them."""
    fixed: dict[str, int] = field(default_factory=dict, init=False)
    """The month (its index in :attr:`months`) each person has been given by the dive."""

    def __post_init__(self) -> None:
        self.pricing = {e.id: _Pricing(self.instance, e.id) for e in self.instance.employees}
        self.months = {e.id: [] for e in self.instance.employees}
        self._seen: set[tuple[str, tuple[int, ...]]] = set()
        self._lp = _Master(self.instance)

    def add_roster(self, schedule: Schedule) -> None:
        """Everyone's month from a roster that keeps every hard rule."""
        rows: dict[str, list[Assignment]] = {e.id: [] for e in self.instance.employees}
        for row in schedule.sorted().assignments:
            rows[row.employee].append(row)
        for employee, month_rows in rows.items():
            self._add(self.pricing[employee].month_of(tuple(month_rows)))

    def _add(self, month: Month) -> bool:
        key = (month.employee, month.worked)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.months[month.employee].append(month)
        self._lp.add(month)
        return True

    def generate(self, max_rounds: int | None = None) -> bool:
        """Price the people not fixed until no month pays for itself (true), for at most
        ``max_rounds`` rounds, or until the budget ends; the first time, only for
        ``CONVERGE_SHARE`` of the budget, leaving the dive the rest."""
        converge = CONVERGE_SHARE if self.rounds == 0 else 1.0
        for _ in range(max_rounds or 1_000_000):
            if self.stop() or self._progress() >= converge:
                return False
            if not self._round():
                return True
        return False

    def _round(self) -> int:
        """Solve the linear program, price everyone not fixed at its duals; the months added."""
        self.lp_value, prices, convexity = self._lp.solve()
        self.rounds += 1
        free = [e.id for e in self.instance.employees if e.id not in self.fixed]
        limit = max((self.budget - self.used) / len(free), PRICE_MIN_DTIME)

        def price(who: str) -> tuple[list[Month], float, float]:
            return self.pricing[who].price(prices, convexity[who], limit, self.seed)

        with ThreadPoolExecutor(self.workers) as pool:
            priced = list(pool.map(price, free))
        added = 0
        for months, _, used in priced:
            self.used += used
            added += sum(self._add(month) for month in months)
        if not self.fixed:  # a bound on the whole problem, not on the dive's part of it
            self.bound = max(self.bound, self.lp_value + sum(min(p[1], 0.0) for p in priced))
        return added

    def dive(self) -> Schedule | None:
        """A roster from the linear program: fix the people whose weight is all on one month,
        else the one with the largest weight on one month, price the others again for a few
        rounds, and repeat. Where the budget would end first at the pace so far, more of the
        largest weights are fixed at each step; when it ends, everyone left gets their
        month of largest weight. None if the roster breaks a hard minimum or maximum of the
        staffing plan."""
        if not self.generate():  # no dive from a program that has not converged
            return None
        begun, steps = self._progress(), 0
        while len(self.fixed) < len(self.months):
            if self.fixed:
                self.generate(DIVE_ROUNDS)
            if self.stop():
                return None
            self.lp_value = self._lp.solve()[0]  # the columns just added changed it
            weights = {who: self._lp.values(who) for who in self.months if who not in self.fixed}
            fixing = [who for who, values in weights.items() if max(values) > 1 - INTEGRAL_EPS]
            if self._done():
                fixing = list(weights)
            else:
                needed = self._to_fix(len(weights) - len(fixing), begun, steps)
                rest = [who for who in weights if who not in fixing]
                rest.sort(key=lambda who: -max(weights[who]))  # stable: ties in staff order
                fixing += rest[: needed - (1 if fixing else 0)]  # the integral ones stand for one
            steps += 1
            for who in fixing:
                index = max(range(len(weights[who])), key=weights[who].__getitem__)
                self.fixed[who] = index
                self._lp.fix(who, index)
        self.lp_value = self._lp.solve()[0]
        if self._lp.breaks_hard():
            return None
        rows = [
            row
            for who, i in self.fixed.items()
            for row in self.pricing[who].rows(self.months[who][i])
        ]
        return Schedule(assignments=tuple(rows)).sorted()

    def _to_fix(self, left: int, begun: float, steps: int) -> int:
        """How many people to fix this step for the dive to end within the budget at the
        pace of its steps so far: one while there is time."""
        if not steps:
            return 1
        progress = self._progress()
        pace = max((progress - begun) / steps, 1e-9)
        return math.ceil(left / max((1 - progress) / pace, 1.0))

    def _done(self) -> bool:
        return self.stop() or self._progress() >= 1

    def _progress(self) -> float:
        return max(self.used / self.budget, self.clock())


class _Master:
    """The restricted master linear program."""

    def __init__(self, instance: Instance):
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        lp, infinity = self.lp, self.lp.infinity()
        self.objective = lp.Objective()
        self.objective.SetMinimization()
        self.convexity = {e.id: lp.Constraint(1, 1) for e in instance.employees}
        self.weights: dict[str, list[Any]] = {e.id: [] for e in instance.employees}
        self.hard_slacks: list[Any] = []
        self.cover_rows = {}
        for key, line in instance.demand.items():
            row = lp.Constraint(0, 0)
            heads = lp.NumVar(0, infinity, "")
            row.SetCoefficient(heads, -1)
            self.cover_rows[key] = row
            for rule in instance.rules:
                if isinstance(rule, Coverage):
                    self._costs(rule, heads, line)

    def _costs(self, rule: Coverage, heads: Any, line: Any) -> None:
        short = HARD_COST if rule.hard else rule.weight * SCALE / 100
        self._shortfall(heads, 100 * line.min, short, rule.hard)
        if line.target is not None and line.target > line.min and rule.target_weight:
            self._shortfall(heads, 100 * line.target, rule.target_weight * SCALE / 100)
        if rule.over_weight:
            top = line.target if line.target is not None else line.min
            self._excess(heads, 100 * top, rule.over_weight * SCALE / 100)
        if line.max is not None:
            self._excess(heads, 100 * line.max, HARD_COST, hard=True)

    def _shortfall(self, heads: Any, level: int, cost: float, hard: bool = False) -> None:
        if not cost or not level:
            return
        slack = self._slack(cost, hard)
        row = self.lp.Constraint(level, self.lp.infinity())
        row.SetCoefficient(heads, 1)
        row.SetCoefficient(slack, 1)

    def _excess(self, heads: Any, level: int, cost: float, hard: bool = False) -> None:
        if not cost:
            return
        slack = self._slack(cost, hard)
        row = self.lp.Constraint(-self.lp.infinity(), level)
        row.SetCoefficient(heads, 1)
        row.SetCoefficient(slack, -1)

    def _slack(self, cost: float, hard: bool) -> Any:
        """Heads short of or above a level, at ``cost`` each hundredth."""
        slack = self.lp.NumVar(0, self.lp.infinity(), "")
        self.objective.SetCoefficient(slack, cost)
        if hard:
            self.hard_slacks.append(slack)
        return slack

    def breaks_hard(self) -> bool:
        """Whether the last solution is short of a hard minimum or above a hard maximum."""
        return any(slack.solution_value() > INTEGRAL_EPS for slack in self.hard_slacks)

    def add(self, month: Month) -> None:
        weight = self.lp.NumVar(0, self.lp.infinity(), "")
        self.objective.SetCoefficient(weight, month.own_cost)
        self.convexity[month.employee].SetCoefficient(weight, 1)
        self.weights[month.employee].append(weight)
        for key, heads in month.cover:
            self.cover_rows[key].SetCoefficient(weight, heads)

    def fix(self, employee: str, index: int) -> None:
        for i, weight in enumerate(self.weights[employee]):
            if i != index:
                weight.SetUb(0)

    def values(self, employee: str) -> list[float]:
        return [weight.solution_value() for weight in self.weights[employee]]

    def solve(self) -> tuple[float, dict[DemandKey, float], dict[str, float]]:
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:  # GLOP's warm start, rarely, loses its way
            scratch = pywraplp.MPSolverParameters()
            scratch.SetIntegerParam(scratch.INCREMENTALITY, scratch.INCREMENTALITY_OFF)
            status = self.lp.Solve(scratch)
        if status != pywraplp.Solver.OPTIMAL:
            raise LinearProgramFailed(f"GLOP ended with status {status}")
        prices = {key: row.dual_value() for key, row in self.cover_rows.items()}
        convexity = {who: row.dual_value() for who, row in self.convexity.items()}
        return self.objective.Value(), prices, convexity
