"""Column generation over people's months: the staffing plan's linear relaxation, priced
person by person, then a roster by diving through it.

Where every hard rule is one person's (:func:`turnus.person_search.separable`), a roster is
a choice of one month per person, and only the staffing plan links the choices. The master
problem over the months found so far is a small linear program (GLOP): a weight on each
month, the weights of one person's months summing to 1, the staffing plan's costs on the
head-counts they give. Its duals price a head on each staffing line; one person's month
that pays for itself at those prices (negative reduced cost) is found by a walk over the
days (:mod:`turnus.month_walk`, exact and several times faster; shared out over worker
processes by :mod:`turnus.walk_pool`) where every rule on the person is one it carries,
else by CP-SAT on that person's model alone, with their own soft rules and the prices in
the objective. When no person has such a month, the linear program is the relaxation's
optimum over *all* months, and at every round its value plus each person's best reduced
cost is a lower bound on the roster's cost (Lagrangian bound). This bound is far stronger
than the compact model's: the runs, weekends and hours of a month are exact inside the
pricing problem.

A roster comes from a dive (:meth:`ColumnSearch.dive`): fix the people whose weight in the
program is on one month, then those with the largest weights, and price the rest again; a
heuristic that never goes back. Where everyone is priced by the walk, what the dive leaves
of the budget goes to branch and price (:mod:`turnus.branch_price`), which can go back and
prove. The months are exact, so the roster keeps every hard rule of each person.

The soft rules that compare people (fairness) are not seen here, as in
:mod:`turnus.person_search`; they cost nothing below zero, so the bound stays valid.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, reduce
from typing import Any, Self

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from turnus.instance import DemandKey, Instance
from turnus.model import BuiltModel, Variables, build_model, schedule_of
from turnus.month_walk import MonthWalk, WalkedMonth
from turnus.result import Assignment, Schedule
from turnus.roster import Roster
from turnus.rules.base import ELASTIC_WEIGHT, SCALE
from turnus.rules.coverage import Coverage, cover_hundredths, planned_cover
from turnus.validator import validate
from turnus.walk_pool import WalkAnswer, WalkAsk, WalkPool

PRICE_SCALE = 8
"""Prices are rounded to 1/8 of the objective's unit in the pricing models' integer
objectives; the bound allows for that rounding."""
REDUCED_COST_EPS = 1e-6
INTEGRAL_EPS = 1e-6
PRICE_MIN_DTIME = 0.05
"""The least deterministic time one pricing solve gets, however short the budget."""
CONVERGE_SHARE = 0.7
"""Of the budget, the share within which the linear program must converge for a dive."""
WALK_DTIME_PER_SECOND = 0.3
"""Deterministic seconds a walk counts per second it takes (by its estimate): about what
CP-SAT's pricing solves count (0.25-0.4), so a budget means the same with either, and
above the limit's ``DTIME_PER_SECOND`` so that walks leave time for the linear program,
whose time is not counted."""
WALK_MOST_SECONDS = 1.0
"""Above this estimate of a walk's time, a person is priced by CP-SAT instead: a cap for
walks whose states multiply (each limit walked, shift lengths of little common measure,
long horizons). Below it the walk is mostly the faster: on Curtois & Qu 10, 13 and 15 at
the first rounds' duals, walks took 3-124 ms where CP-SAT took 16-896 ms for the same
person, and it is exact (a cap of 25 ms left many of 13 and 15-19 to CP-SAT, and 15's
relaxation made 7 rounds in a budget where walks made 20). Not everywhere: 10, whose
night-limit walks are slower, reached its optimum in 50 s against 25 s with that cap."""
WALKED_MONTHS = 3
"""Months a walk returns per pricing, each ending in a different state (CP-SAT returns
the improving solutions it finds, about as many)."""
PRUNE_AT = 60
"""Months per person in the program at which it is rebuilt with ``KEEP`` each."""
KEEP = 20
LAST_PERSON_DAYS = 600
"""The most person-days of the dive's last people solved anew (:meth:`ColumnSearch.last_fixed`)."""
DIVE_GAP = 1e-3
"""The dive begins once the program's value is within this share of the bound: its last
rounds add months of little worth (Curtois & Qu 19: 0.2 % in 140 rounds, 0.01 % in 429,
and the 200 s of the share ended with no proof and no dive)."""
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
        # the literals' keys, in the order the full model makes them
        self.task_keys = list(Variables(cp_model.CpModel(), self.part).task_vars)
        self.task_places = {key: place for place, key in enumerate(self.task_keys)}
        self.cover_at = {
            place: (key[1:], cover_hundredths(instance, employee, key[1:]))
            for place, key in enumerate(self.task_keys)
            if key[1:] in instance.demand
        }
        """The staffing line and hundredths of a head each task literal covers, by place."""
        self._prices: dict[int, int] = {}
        """The integer price of each priced task literal in the solve under way, by place."""
        periods = max((len(s.task_periods) for s in instance.shift_types), default=1)
        self.most_priced = instance.num_days * periods
        """How many priced literals a month can set: each may round by half a unit."""
        self.walk = self._walk(instance)
        self.pool = None if self.walk is None else WalkPool({employee: self.walk.walk})
        """Where the walk is walked: here, unless :class:`ColumnSearch` shares it out."""
        self.banned: np.ndarray | None = None
        """Branch and price's bans, where it runs: the (day, choice) cells of the walk that
        no month may have (:meth:`ColumnSearch.ban`)."""

    @cached_property
    def built(self) -> BuiltModel:
        """The person's CP-SAT model, built only where they are priced by CP-SAT."""
        return build_model(self.part)

    @cached_property
    def task_lits(self) -> list[Any]:
        task_vars = self.built.variables.task_vars
        assert list(task_vars) == self.task_keys
        return list(task_vars.values())

    @property
    def walks(self) -> bool:
        """Whether the next pricing is by the month walk (bans aside)."""
        if self.walk is None or self.pool is None:
            return False
        return self.pool.next_seconds[self.employee] <= WALK_MOST_SECONDS

    @property
    def by_walk(self) -> bool:
        """Whether the next pricing is by the month walk: bans are only walked."""
        return self.walks or self.banned is not None

    def _walk(self, instance: Instance) -> _Walk | None:
        """The month walk where it carries every rule on the person and each shift worked
        is one task literal (one task period, one task the person may do there)."""
        walk = MonthWalk.of(instance, self.employee)
        if walk is None:
            return None
        choice = {s: i for i, s in enumerate(walk.shifts, start=1)}
        if any(key[2] not in choice for key in self.task_keys):
            return None
        cells = [(key[1], choice[key[2]]) for key in self.task_keys]
        if len(set(cells)) < len(cells):
            return None
        place = {cell: i for i, cell in enumerate(cells)}
        priced = list(self.cover_at)
        return _Walk(
            walk,
            place,
            priced,
            (
                np.array([cells[i][0] for i in priced], dtype=int),
                np.array([cells[i][1] for i in priced], dtype=int),
            ),
        )

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
        if self.by_walk:
            assert self.pool is not None
            ask = {self.employee: self.walk_ask(prices, convexity)}
            return self.walked(self.pool.cheapest(ask)[self.employee], convexity)
        built = self.built
        scaled = {
            place: round(prices.get(key, 0.0) * heads * PRICE_SCALE)
            for place, (key, heads) in self.cover_at.items()
        }
        self._prices = {place: price for place, price in scaled.items() if price}
        lits = [p.amount for p in built.penalties]
        lits += [self.task_lits[place] for place in self._prices]
        coefs = [p.coefficient * PRICE_SCALE for p in built.penalties]
        coefs += [-price for price in self._prices.values()]
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

    def walk_ask(
        self, prices: dict[DemandKey, float], convexity: float, exact: bool = True
    ) -> WalkAsk:
        """What the walk is asked for :meth:`price`: months of negative reduced cost."""
        earned = self.earned(prices)
        if self.banned is not None:
            earned[self.banned] = -np.inf
        return WalkAsk(earned, WALKED_MONTHS, convexity - REDUCED_COST_EPS, exact)

    @property
    def prices_limits(self) -> bool:
        """Whether the person's walk, asked for no exact answer, may price limits it could
        walk (where walking them is slow): then it may miss months and its bound is lower."""
        return self.by_walk and self.walk is not None and bool(self.walk.walk.limits)

    def walked(self, answer: WalkAnswer, convexity: float) -> tuple[list[Month], float, float]:
        """:meth:`price`'s answer from the walk's: its least cost less the convexity dual is
        the bound (exact where the walk was asked for an exact answer)."""
        used = answer.seconds * WALK_DTIME_PER_SECOND
        if answer.lowest == math.inf:  # no month at all (under the bans)
            return [], math.inf, used
        months = [self._month_of_walk(w) for w in answer.months]
        return months, answer.lowest - convexity, used

    def earned(self, prices: dict[DemandKey, float]) -> np.ndarray:
        """What each (day, choice) of the walk earns at ``prices``."""
        walk = self.walk
        assert walk is not None
        earned = np.zeros_like(walk.walk.own)
        per_place = [
            prices.get(self.cover_at[i][0], 0.0) * self.cover_at[i][1] for i in walk.priced
        ]
        np.add.at(earned, walk.cells, per_place)
        return earned

    def allows(self, month: Month) -> bool:
        """Whether ``month`` has none of the banned cells."""
        if self.banned is None:
            return True
        choice = self.choices(month)
        return not self.banned[np.arange(len(choice)), choice].any()

    def choices(self, month: Month) -> np.ndarray:
        """The month's choice of the walk on each day, a day off as ``OFF``."""
        walk = self.walk
        assert walk is not None
        choice = np.zeros(walk.walk.days, dtype=int)
        for place in month.worked:
            day, shift = walk.cell_of[place]
            choice[day] = shift
        return choice

    def _month_of_walk(self, walked: WalkedMonth) -> Month:
        assert self.walk is not None
        worked = tuple(
            sorted(
                self.walk.place[day, self.walk.walk.shifts.index(s) + 1]
                for day, s in walked.shifts
            )
        )
        return Month(self.employee, worked, walked.own_cost, self._cover(worked))

    def _cover(self, worked: tuple[int, ...]) -> tuple[tuple[DemandKey, int], ...]:
        """The staffing lines the literals at ``worked`` cover, with the hundredths."""
        cover: Counter[DemandKey] = Counter()
        for place in worked:
            if (covered := self.cover_at.get(place)) is not None:
                cover[covered[0]] += covered[1]
        return tuple(sorted(cover.items()))

    def _month(self, read: cp_model.CpSolverSolutionCallback) -> Month:
        """The month of the solution ``read`` holds: read from the solution's values at
        once, three times faster than literal by literal, and its own cost from the
        objective less the prices it earns."""
        values = read.response_proto.solution
        worked = tuple(place for place, lit in enumerate(self.task_lits) if values[lit.index])
        earned = sum(self._prices.get(place, 0) for place in worked)
        own = round(read.objective_value + earned) // PRICE_SCALE
        return Month(self.employee, worked, own, self._cover(worked))


@dataclass(frozen=True)
class _Walk:
    """A person's month walk, and where its choices sit among the task literals."""

    walk: MonthWalk
    place: dict[tuple[int, int], int]
    """(day, choice) -> place of its task literal."""
    priced: list[int]
    """Places of the literals that cover a staffing line."""
    cells: tuple[np.ndarray, np.ndarray]
    """Their (day, choice) cells, as index arrays."""

    @cached_property
    def cell_of(self) -> dict[int, tuple[int, int]]:
        """place of a task literal -> (day, choice)."""
        return {place: cell for cell, place in self.place.items()}


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
    """Months priced person by person within a deterministic-time budget, or within the
    wall clock's."""

    instance: Instance
    budget: float
    """Deterministic seconds, summed over every pricing solve."""
    seed: int = 0
    workers: int = 1
    """People priced at once (each pricing solve has one worker)."""
    stop: Callable[[], bool] = lambda: False
    clock: Callable[[], float] = lambda: 0.0
    """The share of the wall-clock time passed, where that limits the search (else 0)."""
    by_clock: bool = False
    """The search ends by :attr:`clock` alone; :attr:`budget` only shares the time left out
    over the pricing solves. Walks run in several processes (:mod:`turnus.walk_pool`) but
    count their time as if run one after another, so on the deterministic budget a search
    by the clock would stop with its wall-clock time half unused."""
    used: float = 0.0
    bound: float = 0.0
    """The best Lagrangian bound on the roster's cost so far, scaled."""
    lp_value: float = 0.0
    round_bound: float = 0.0
    """The last round's Lagrangian bound under the bans and fixes in force, scaled."""
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
        walks = {who: p.walk.walk for who, p in self.pricing.items() if p.walk is not None}
        self.walk_pool = WalkPool(walks, self.workers)
        for pricing in self.pricing.values():
            if pricing.walk is not None:
                pricing.pool = self.walk_pool

    def close(self) -> None:
        """Stop the walks' worker processes."""
        self.walk_pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

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
        if not self.pricing[month.employee].allows(month):
            self._lp.allow(month.employee, len(self.months[month.employee]) - 1, False)
        return True

    def generate(self, max_rounds: int | None = None, gap: float = 0.0) -> bool:
        """Price the people not fixed until no month pays for itself, or the program's
        value is within ``gap`` (a share of it) of the bound, where that is the whole
        problem's (true); for at most ``max_rounds`` rounds, or until the budget ends; the
        first time, only for ``CONVERGE_SHARE`` of the budget, leaving the dive the rest."""
        converge = CONVERGE_SHARE if self.rounds == 0 else 1.0
        for _ in range(max_rounds or 1_000_000):
            if self.stop() or self._progress() >= converge:
                return False
            if not self.price_round():
                return True
            whole = not self.fixed and not self.banning
            if whole and self.lp_value - self.bound <= gap * abs(self.lp_value):
                return True
        return False

    def price_round(self) -> int:
        """Solve the linear program, price everyone not fixed at its duals; the months added
        (none: converged). Walks price their shift-type limits where walking them is slow
        (:meth:`MonthWalk.cheapest`); only where that finds no month for anyone are those
        who might have one priced exactly, so that convergence is proven."""
        self.lp_value, prices, convexity = self._solve_lp()
        self.rounds += 1
        if self._crowded():
            self._prune(prices, convexity)  # the duals stay optimal: the solution's months stay
        free = [e.id for e in self.instance.employees if e.id not in self.fixed]
        priced = dict(zip(free, self._price(free, prices, convexity, exact=False), strict=True))
        unsure = [
            who
            for who in free
            if priced[who][1] < -REDUCED_COST_EPS and self.pricing[who].prices_limits
        ]
        if unsure and not any(months for months, _, _ in priced.values()):
            exact = self._price(unsure, prices, convexity, exact=True)
            priced.update(zip(unsure, exact, strict=True))
        added = 0
        for months, _, _ in priced.values():
            added += sum(self._add(month) for month in months)
        self.round_bound = self.lp_value + sum(min(p[1], 0.0) for p in priced.values())
        if not self.fixed and not self.banning:  # else a bound on part of the problem only
            self.bound = max(self.bound, self.round_bound)
        return added

    def _price(
        self,
        people: list[str],
        prices: dict[DemandKey, float],
        convexity: dict[str, float],
        exact: bool,
    ) -> list[tuple[list[Month], float, float]]:
        """Each of ``people`` priced: months of negative reduced cost, a lower bound on
        their least reduced cost, and the deterministic time taken (counted in
        :attr:`used`)."""
        limit = max(self.budget * (1 - self._progress()) / len(people), PRICE_MIN_DTIME)

        def price(who: str) -> tuple[list[Month], float, float]:
            return self.pricing[who].price(prices, convexity[who], limit, self.seed)

        # CP-SAT's solves run two at a time in threads; walks hold the interpreter lock, so
        # they are shared out over processes (:mod:`turnus.walk_pool`)
        solved = [who for who in people if not self.pricing[who].by_walk]
        with ThreadPoolExecutor(self.workers) as pool:
            by_solver = dict(zip(solved, pool.map(price, solved), strict=True))
        asks = {
            who: self.pricing[who].walk_ask(prices, convexity[who], exact)
            for who in people
            if who not in by_solver
        }
        answers = self.walk_pool.cheapest(asks)
        by_walk = {who: self.pricing[who].walked(a, convexity[who]) for who, a in answers.items()}
        priced = [by_solver.get(who) or by_walk[who] for who in people]
        self.used += sum(used for _, _, used in priced)
        return priced

    @property
    def banning(self) -> bool:
        return any(p.banned is not None for p in self.pricing.values())

    def ban(self, who: str, banned: np.ndarray | None) -> None:
        """Ban the cells ``banned`` (day x choice of the walk) from ``who``'s months, or
        lift every ban (None): the program's months of theirs that have one get weight 0,
        and pricing finds none."""
        pricing = self.pricing[who]
        pricing.banned = banned
        for index, month in enumerate(self.months[who]):
            self._lp.allow(who, index, pricing.allows(month))

    def unfix(self) -> None:
        """Undo the dive's fixes: the program holds every month it had."""
        self.fixed = {}
        self._rebuild(dict(self.months))

    def breaks_hard(self) -> bool:
        """Whether the program's last solution breaks a hard minimum or maximum."""
        return self._lp.breaks_hard()

    def weights(self) -> dict[str, list[float]]:
        """Each person's months' weights in the program's solution, solved again (the last
        round may have added months or rebuilt it)."""
        self.lp_value = self._solve_lp()[0]
        return {who: self._lp.values(who) for who in self.months}

    def walks_everyone(self) -> bool:
        """Whether every person is priced by the month walk (bans need it)."""
        return all(p.walk is not None for p in self.pricing.values())

    def objective_step(self) -> float:
        """The step every roster's cost is a multiple of (scaled), or 0 if not known:
        where every person walks, own costs come from the walks' day costs and the staffing
        plan's from heads in steps of the common measure of everyone's cover."""
        heads = [h for p in self.pricing.values() for _, h in p.cover_at.values()]
        heads += [level for cost in self._lp.costs.values() for level in cost.breakpoints()]
        unit = reduce(math.gcd, (round(h) for h in heads), 0)
        costs = [abs(piece[2]) * unit for c in self._lp.costs.values() for piece in c.pieces()]
        for pricing in self.pricing.values():
            if pricing.walk is None:
                return 0.0
            own = pricing.walk.walk.own
            costs += own[np.isfinite(own)].tolist()
        if any(abs(c - round(c)) > INTEGRAL_EPS for c in costs):
            return 0.0
        return float(reduce(math.gcd, (round(c) for c in costs), 0))

    def months_allowed(self, who: str) -> bool:
        """Whether ``who`` has a month under their bans: if the program holds none, the
        cheapest by their own costs is added. False where there is none at all."""
        pricing = self.pricing[who]
        if any(map(pricing.allows, self.months[who])):
            return True
        months, _, used = pricing.price({}, math.inf, PRICE_MIN_DTIME, self.seed)
        self.used += used
        for month in months:
            self._add(month)
        return bool(months)

    def _crowded(self) -> bool:
        """Whether the program holds enough months to rebuild (:meth:`_prune`): ``PRUNE_AT``
        per person while it converges; in the dive, as many of fixed people's, unused."""
        if not self.fixed:
            return sum(map(len, self.months.values())) > PRUNE_AT * len(self.months)
        unused = sum(len(self.months[who]) - 1 for who in self.fixed)
        return unused > PRUNE_AT * len(self.months)

    def _prune(self, prices: dict[DemandKey, float], convexity: dict[str, float]) -> None:
        """Rebuild the program with each person's ``KEEP`` months of least reduced cost at
        the last duals, those in its solution first; in the dive, a fixed person keeps
        their month and the others all theirs (dropping theirs spoilt dives: Curtois & Qu 6
        dived to 2,044 against 1,952). GLOP's time per round grows with the months (on
        Curtois & Qu 12, 0.05 s at 1,500 and 0.5 s at 7,000); a month dropped may be priced
        again."""
        kept: dict[str, list[Month]] = {}
        for who, months in self.months.items():
            if who in self.fixed:
                kept[who] = [months[self.fixed[who]]]
                continue
            if self.fixed:
                kept[who] = months
                continue
            values = self._lp.values(who)
            rank = sorted(
                range(len(months)),
                key=lambda i: (
                    values[i] <= INTEGRAL_EPS,
                    _reduced_cost(months[i], prices, convexity[who]),
                ),
            )
            kept[who] = [months[i] for i in sorted(rank[:KEEP])]
        self._rebuild(kept)

    def _rebuild(self, kept: dict[str, list[Month]]) -> None:
        """A new program holding the months ``kept``, the fixed people on their first."""
        self._lp, self._seen = _Master(self.instance), set()
        self.months = {who: [] for who in self.months}
        for months in kept.values():
            for month in months:
                self._add(month)
        for who in self.fixed:
            self.fixed[who] = 0
            self._lp.fix(who, 0)

    def _solve_lp(self) -> tuple[float, dict[DemandKey, float], dict[str, float]]:
        """The program's value and duals. GLOP, warm-started from the last round, now and
        then ends abnormally even when solved again from scratch (Curtois & Qu 12, once in
        a few runs): a new program with the same months is then solved once more."""
        try:
            return self._lp.solve()
        except LinearProgramFailed:
            kept = {
                who: [months[self.fixed[who]]] if who in self.fixed else months
                for who, months in self.months.items()
            }
            self._rebuild(kept)
            return self._lp.solve()

    def dive(self) -> Schedule | None:
        """A roster from the linear program: fix the people whose weight is all on one month,
        else the one with the largest weight on one month, price the others again for a few
        rounds, and repeat. Where the budget would end first at the pace so far, more of the
        largest weights are fixed at each step; when it ends, everyone left gets their
        month of largest weight. None if the roster breaks a hard minimum or maximum of the
        staffing plan."""
        if not self.generate(gap=DIVE_GAP):  # no dive from a program far from converged
            return None
        begun, steps = self._progress(), 0
        while len(self.fixed) < len(self.months):
            if self.fixed:
                self.generate(DIVE_ROUNDS)
            if self.stop():
                return None
            weights = {who: w for who, w in self.weights().items() if who not in self.fixed}
            fixing = [who for who, values in weights.items() if max(values) > 1 - INTEGRAL_EPS]
            if self.done():
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
        self.lp_value = self._solve_lp()[0]
        if self._lp.breaks_hard():
            return None
        return self.schedule({who: self.months[who][i] for who, i in self.fixed.items()})

    def schedule(self, months: dict[str, Month]) -> Schedule:
        """The roster of one month per person."""
        rows = [row for who, month in months.items() for row in self.pricing[who].rows(month)]
        return Schedule(assignments=tuple(rows)).sorted()

    def last_fixed(self) -> list[str]:
        """The people the dive fixed last: at most half the staff and ``LAST_PERSON_DAYS``.
        Their months were chosen with the least room, and a solver does better with them:
        on Curtois & Qu 13 the dive's program stayed at the optimum's value until its last
        17 people, and CP-SAT solved their months anew, everyone else's fixed, to the
        optimum in 28 s."""
        count = min(len(self.months) // 2, LAST_PERSON_DAYS // self.instance.num_days)
        return list(self.fixed)[len(self.fixed) - count :] if count else []

    def _to_fix(self, left: int, begun: float, steps: int) -> int:
        """How many people to fix this step for the dive to end within the budget at the
        pace of its steps so far: one while there is time."""
        if not steps:
            return 1
        progress = self._progress()
        pace = max((progress - begun) / steps, 1e-9)
        return math.ceil(left / max((1 - progress) / pace, 1.0))

    def done(self) -> bool:
        return self.stop() or self._progress() >= 1

    def _progress(self) -> float:
        if self.by_clock:
            return self.clock()
        return max(self.used / self.budget, self.clock())


@dataclass
class _PiecewiseCost:
    """A staffing line's cost as a function of the heads on it (in hundredths): convex and
    piecewise linear, from shortfall and excess terms."""

    short: list[tuple[int, float, bool]] = field(default_factory=list)
    """(level, cost per hundredth below it, hard)."""
    over: list[tuple[int, float, bool]] = field(default_factory=list)
    """(level, cost per hundredth above it, hard)."""

    def slope(self, heads: float) -> float:
        down = sum(cost for level, cost, _ in self.short if heads < level)
        return sum(cost for level, cost, _ in self.over if heads > level) - down

    def hard_at(self, heads: float) -> bool:
        """Whether ``heads`` is below a hard minimum or above a hard maximum."""
        return any(hard and heads < level for level, _, hard in self.short) or any(
            hard and heads > level for level, _, hard in self.over
        )

    def breakpoints(self) -> list[float]:
        return sorted({level for level, _, _ in self.short + self.over})

    def cheapest_level(self) -> float:
        """The first breakpoint from which the cost no longer falls (0 if none)."""
        points = self.breakpoints()
        return next((b for b in points if self.slope(b + 0.5) >= 0), points[-1] if points else 0)

    def pieces(self) -> list[tuple[float, float, float, bool]]:
        """(low, high, slope, hard) between consecutive breakpoints, open at both ends."""
        edges = [-math.inf, *self.breakpoints(), math.inf]
        found = []
        for low, high in itertools.pairwise(edges):
            inside = low + 0.5 if low > -math.inf else high - 0.5
            found.append((low, high, self.slope(inside), self.hard_at(inside)))
        return found


def _staffing_cost(coverage: list[Coverage], line: Any) -> _PiecewiseCost:
    """A staffing line's cost under the coverage rules, in the objective's scaled units."""
    cost = _PiecewiseCost()
    for rule in coverage:
        short = HARD_COST if rule.hard else rule.weight * SCALE / 100
        if short and line.min:
            cost.short.append((100 * line.min, short, rule.hard))
        if line.target is not None and line.target > line.min and rule.target_weight:
            cost.short.append((100 * line.target, rule.target_weight * SCALE / 100, False))
        if rule.over_weight:
            top = line.target if line.target is not None else line.min
            cost.over.append((100 * top, rule.over_weight * SCALE / 100, False))
        if line.max is not None:
            cost.over.append((100 * line.max, HARD_COST, True))
    return cost


_GLOP_RETRIES: tuple[tuple[tuple[str, str], ...], ...] = (
    (),
    (("INCREMENTALITY", "INCREMENTALITY_OFF"),),
    (("INCREMENTALITY", "INCREMENTALITY_OFF"), ("PRESOLVE", "PRESOLVE_OFF")),
    (("INCREMENTALITY", "INCREMENTALITY_OFF"), ("LP_ALGORITHM", "DUAL")),
)
"""GLOP's settings tried in turn: warm-started, now and then, it ends abnormally, and so
from scratch too with its presolve (Curtois & Qu 19, 2,156 months), where without its
presolve or by the dual simplex it solves."""


class _Master:
    """The restricted master linear program."""

    def __init__(self, instance: Instance):
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.objective = self.lp.Objective()
        self.objective.SetMinimization()
        self.convexity = {e.id: self.lp.Constraint(1, 1) for e in instance.employees}
        self.weights: dict[str, list[Any]] = {e.id: [] for e in instance.employees}
        self.hard_slacks: list[Any] = []
        coverage = [r for r in instance.rules if isinstance(r, Coverage)]
        self.costs = {key: _staffing_cost(coverage, line) for key, line in instance.demand.items()}
        self.cover_rows = {key: self._cover_row(cost) for key, cost in self.costs.items()}

    def _cover_row(self, cost: _PiecewiseCost) -> Any:
        """One row per staffing line: the heads the months give (in hundredths), plus the
        heads short, less those above, equal the line's cheapest level. Short and above are
        split at the cost's breakpoints, each piece at its own slope: the costs are convex,
        so the program fills the cheaper pieces first, and one row replaces a row per cost
        term (GLOP solves from scratch each round: fewer rows, faster rounds)."""
        lp, infinity = self.lp, self.lp.infinity()
        level = cost.cheapest_level()
        row = lp.Constraint(level, level)
        for low, high, slope, hard in cost.pieces():
            below = high <= level
            width = (high - low) if high < math.inf and low > -math.inf else infinity
            piece = lp.NumVar(0, width, "")
            self.objective.SetCoefficient(piece, abs(slope))
            row.SetCoefficient(piece, 1 if below else -1)
            if hard:
                self.hard_slacks.append(piece)
        return row

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

    def allow(self, employee: str, index: int, allowed: bool) -> None:
        self.weights[employee][index].SetUb(self.lp.infinity() if allowed else 0)

    def fix(self, employee: str, index: int) -> None:
        for i in range(len(self.weights[employee])):
            self.allow(employee, i, i == index)

    def values(self, employee: str) -> list[float]:
        return [weight.solution_value() for weight in self.weights[employee]]

    def solve(self) -> tuple[float, dict[DemandKey, float], dict[str, float]]:
        for settings in _GLOP_RETRIES:
            parameters = pywraplp.MPSolverParameters()
            for name, value in settings:
                parameters.SetIntegerParam(getattr(parameters, name), getattr(parameters, value))
            status = self.lp.Solve(parameters)
            if status == pywraplp.Solver.OPTIMAL:
                break
        else:
            raise LinearProgramFailed(f"GLOP ended with status {status}")
        prices = {key: row.dual_value() for key, row in self.cover_rows.items()}
        convexity = {who: row.dual_value() for who, row in self.convexity.items()}
        return self.objective.Value(), prices, convexity
