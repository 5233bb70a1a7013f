"""A person's cheapest month by a walk over the days (dynamic programming): the pricing
problem of :mod:`turnus.column_search` solved exactly and far faster than by CP-SAT, where
every rule on the person is one whose state a day-by-day walk can carry.

The walk's state after a day has two parts:

* the *phase*: the shift worked that day and the length of the run of working days it ends,
  or the length of the run of days off; a run that began with the period is marked, as it
  may be short (it may go on before the period);
* the *resources* counted so far: paid minutes (of the shifts without a limit walked),
  shifts of each type whose limit is walked, weekends worked. Each phase holds an array
  over them: the least cost of reaching each count.

A day moves every phase's array to the phases the day's choices lead to, shifted by what the
choice adds; a choice that would pass a limit falls off the array's edge. At the end every
phase is allowed (a run touching the end may go on after it), and the minutes paid must
lie within the person's minimum and maximum. The months are read back from the stored arrays.

A shift-type limit is walked (given an axis) only where a month found without it breaks it,
and each axis multiplies the states: on Curtois & Qu 19, a walk of 84 days with two limits
took seconds where one without took hundredths. So a walk not asked for an exact answer,
where walking the limits is that slow, prices them instead (Lagrangian relaxation,
:meth:`MonthWalk._priced_limits`): the months it finds keep them, and its bound still
holds, only lower. Where walking them is cheap the exact months are kept: on Curtois & Qu
15, priced limits left the relaxation short of convergence after 150 s, where exact walks
converge in 32 s.

:meth:`MonthWalk.of` returns None where a rule on the person is beyond the walk: a rule kind
not in :data:`WALKED_LIMITS`, or one of them soft (wishes and the staffing plan aside),
history before the period, events, weekends in sliding windows, or a shift touching a
weekend from a weekday.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

import numpy as np

from turnus.domain import WishKind
from turnus.rules.base import SCALE
from turnus.rules.weekends import weekend_shifts
from turnus.rules.wishes import wishes_in_period

if TYPE_CHECKING:
    from turnus.domain import Employee
    from turnus.instance import Instance
    from turnus.rules.base import Rule

WALKED_LIMITS = frozenset(
    {
        "assignment",
        "forbidden_successions",
        "max_consecutive_days",
        "min_consecutive_days",
        "min_consecutive_days_off",
        "max_weekends",
        "period_hours",
        "max_shifts_per_type",
    }
)
"""The hard rule kinds the walk carries; it also carries soft wishes as costs, and the
staffing plan is priced by the linear program, not walked."""
CELLS_PER_SECOND = 1.5e9
CALL_SECONDS = 21e-6
"""A walk's time on this machine, near enough: its array cells at ``CELLS_PER_SECOND``,
plus ``CALL_SECONDS`` per day and class for numpy's calls. Fitted to 365 people's walks on
Curtois & Qu 5-18 (2-15 ms each at the median; measured time over the estimate: median 1.06,
0.76-1.52 for 90 %). A deterministic estimate, not a clock reading."""

LIMIT_TRIES = 4
"""Walks at most per call where the shift-type limits are priced, not walked."""
PRICED_FROM = 10.0
"""A walk not asked for an exact answer prices the limits only where walking them is
estimated this many times slower than the walk without them: where it is not, the exact
months are cheap and make the better columns."""
OFF = 0
"""The choice of no shift; shift ``i`` of :attr:`MonthWalk.shifts` is choice ``i + 1``."""
_Predecessors = tuple[str, np.ndarray, np.ndarray, int | None]


@dataclass(frozen=True)
class WalkedMonth:
    cost: float
    """Own cost (scaled) less the prices earned."""
    own_cost: int
    shifts: tuple[tuple[int, str], ...]
    """``(day, shift)`` worked."""


@dataclass
class _Limits:
    """The person's run, hour, shift-count and weekend limits, read from the rules."""

    max_run: int | None = None
    min_run: int = 1
    min_off: int = 1
    max_weekends: int | None = None
    successions: dict[str, set[str]] | None = None


class MonthWalk:
    """One person's months, walked day by day."""

    def __init__(self, instance: Instance, employee: Employee, limits: _Limits):
        self.days = instance.num_days
        self.shifts = [
            s.id
            for s in instance.shift_types
            if instance.may_work_type(employee, s) and employee.max_shifts.get(s.id) != 0
        ]
        self.own = self._own_costs(instance, employee)
        self.minutes = {s: instance.shift[s].paid_minutes for s in self.shifts}
        self.min_minutes = round((employee.min_hours or 0) * 60)
        self.max_minutes = None if employee.max_hours is None else round(employee.max_hours * 60)
        self.limits = {
            s: n for s, n in employee.max_shifts.items() if s in self.minutes and n < self.days
        }
        """Shift-type limits. One is walked (given its own resource axis) only once a month
        found without it breaks it: most never bind, and each axis multiplies the states."""
        self.penalty = dict.fromkeys(self.limits, 0.0)
        """Per limited shift type, its price where the limits are priced, not walked."""
        self.banned = limits.successions or {}
        self.max_weekends = limits.max_weekends
        start = instance.scenario.period.start.weekday()
        self.weekday = [(start + d) % 7 for d in range(self.days)]
        self.max_run, self.min_run, self.min_off = limits.max_run, limits.min_run, limits.min_off
        self.runs = limits.max_run or limits.min_run
        """Unmarked run lengths told apart; without a maximum the last means 'or more'."""
        self.run_states = self.runs + max(self.min_run - 1, 0)
        """Unmarked lengths 1..runs, then marked ones (begun with the period) 1..min - 1."""
        self.ends_run = np.arange(self.run_states) >= self.min_run - 1
        """Run states that may be followed by a day off: long enough, or marked."""
        self.exact_walked: set[str] = set()
        """The limits an exact walk walks: those a month found without them broke."""
        self._lay_out(set())
        self.free_seconds = self.seconds
        """:attr:`seconds` of a walk with no limit walked."""
        self.exact_seconds = self.seconds
        """:attr:`seconds` of an exact walk."""

    def _lay_out(self, walked: set[str]) -> None:
        """The walk's classes and resource axes, with the limits of the types in ``walked``."""
        self.walked = walked
        limit = {s: n for s, n in self.limits.items() if s in walked}
        self.members = _classes(self.shifts, self.banned, self.minutes, limit)
        """Shift classes: shifts that follow and are followed alike, of the same length and
        with no walked limit of their own, share the walk's states (the cheapest is taken)."""
        first = [self.shifts[m[0]] for m in self.members]
        capped = [k for k, s in enumerate(first) if s in limit]
        self.capped = {k: axis for axis, k in enumerate(capped, start=1)}
        # the first axis counts the minutes of the shifts without a walked limit, in their
        # common measure, as a walked limit's shifts are counted on its own axis: on Curtois
        # & Qu 19, a 600-minute night walked leaves the 480-minute days' 55 steps, not 217
        # steps of 120 minutes
        free = [self.minutes[s] for k, s in enumerate(first) if k not in self.capped]
        self.unit = reduce(math.gcd, free, 0) or 1
        self.length = [
            0 if k in self.capped else self.minutes[s] // self.unit for k, s in enumerate(first)
        ]
        most = self.days * max(self.length, default=0)
        if self.max_minutes is not None:
            most = min(most, self.max_minutes // self.unit)
        dims = [most + 1] + [limit[first[k]] + 1 for k in capped]
        self.weekend_axis: int | None = None
        if self.max_weekends is not None:
            self.weekend_axis = len(dims)
            dims.append(self.max_weekends + 1)
        self.dims = tuple(dims)
        self.outside_hours = self._outside_hours([self.minutes[first[k]] for k in capped])
        self.follows = np.array(
            [[a not in self.banned.get(b, ()) for a in first] for b in first], dtype=bool
        ).reshape(len(first), len(first))
        """follows[b, a]: class a may be worked the day after class b."""
        self.steps = [
            [(self._moved(k, d, True), self._moved(k, d, False)) for k in range(len(first))]
            for d in range(self.days)
        ]
        """Per day and class: the resources' step after a working day, after a day off."""
        self._slice_cache: dict[tuple, tuple[tuple, tuple]] = {}
        self._predecessor_cache: dict[tuple, list[_Predecessors]] = {}
        columns = [tuple(self.follows[:, k]) for k in range(len(first))]
        self.after_group = [columns.index(c) for c in columns]
        """Classes with the same allowed classes before them share that day's minimum."""

    def _outside_hours(self, capped_minutes: list[int]) -> np.ndarray:
        """Over the resource axes: whether the minutes paid fall short of the person's
        minimum or pass their maximum, from the first axis's minutes and each walked
        limit's shifts."""
        total = np.zeros(self.dims, dtype=np.int64)
        ones = [1] * len(self.dims)
        for axis, minutes in enumerate([self.unit, *capped_minutes]):
            shape = ones.copy()
            shape[axis] = self.dims[axis]
            total += (np.arange(self.dims[axis]) * minutes).reshape(shape)
        outside = total < self.min_minutes
        if self.max_minutes is not None:
            outside |= total > self.max_minutes
        return outside

    @classmethod
    def of(cls, instance: Instance, employee_id: str) -> MonthWalk | None:
        """The walk for one person, or None where a rule on them is beyond it."""
        employee = instance.employee[employee_id]
        if instance.history_length or instance.scenario.events:
            return None
        if not _weekends_are_days(instance):
            return None
        limits = _Limits()
        for rule in instance.rules:
            if not rule.applies(employee):
                continue
            if not _walkable(rule) or not _read_limit(rule, instance, limits):
                return None
        if not any(r.kind == "period_hours" and r.applies(employee) for r in instance.rules):
            employee = employee.model_copy(update={"min_hours": None, "max_hours": None})
        if not any(
            r.kind == "max_shifts_per_type" and r.applies(employee) for r in instance.rules
        ):
            employee = employee.model_copy(update={"max_shifts": {}})
        return cls(instance, employee, limits)

    def _own_costs(self, instance: Instance, employee: Employee) -> np.ndarray:
        """Cost (scaled) of each choice on each day; infinite where it cannot be made."""
        own = np.zeros((self.days, len(self.shifts) + 1))
        for d in range(self.days):
            fixed = instance.fixed.get((employee.id, d))
            for i, s in enumerate(self.shifts, start=1):
                if not instance.can_work(employee, d, s) or (
                    fixed is not None and (fixed.is_off or fixed.shift != s)
                ):
                    own[d, i] = np.inf
            if fixed is not None and not fixed.is_off:
                own[d, OFF] = np.inf
        for rule in instance.rules:
            if rule.kind != "wishes" or not rule.applies(employee):
                continue
            for day, wish in wishes_in_period(instance):
                if wish.employee != employee.id:
                    continue
                weight = rule.weight * wish.priority * SCALE
                chosen = np.array([None, *self.shifts]) == wish.shift
                if wish.kind is WishKind.OFF:
                    own[day, 1:] += weight
                elif wish.kind is WishKind.SHIFT:
                    own[day, ~chosen] += weight
                else:
                    own[day, chosen] += weight
        return own

    # -- the walk --------------------------------------------------------------------------

    def cheapest(
        self, prices: np.ndarray, count: int = 1, below: float = math.inf, exact: bool = True
    ) -> tuple[list[WalkedMonth], float, float]:
        """The ``count`` cheapest months at ``prices`` (per day and choice, earned when the
        choice is made) that cost less than ``below``, best first, each ending in a
        different state; a lower bound on any month's cost; and the seconds the walk takes
        by :attr:`seconds`. A month that breaks a limit not walked is dropped; where the
        best one does, the limit is walked from then on and the walk repeated.

        Not ``exact``: where walking the limits is slow (:data:`PRICED_FROM`), they are
        priced instead (:meth:`_priced_limits`); the months are fewer or none and the
        bound lower, but both still hold."""
        if not exact and self._walking_limits_slow():
            return self._priced_limits(prices, count, below)
        if self.walked != self.exact_walked:
            self._lay_out(self.exact_walked)
        seconds = 0.0
        while True:
            seconds += self.seconds
            months, lowest = self._walk(prices, count, below)
            broken = set().union(*(self._broken(m) for m in months[:1]))
            if not broken:
                return [m for m in months if not self._broken(m)], lowest, seconds
            self.exact_walked = self.walked | broken
            self._lay_out(self.exact_walked)
            self.exact_seconds = self.seconds
            if not exact and self._walking_limits_slow():
                months, lowest, priced_seconds = self._priced_limits(prices, count, below)
                return months, lowest, seconds + priced_seconds

    def _walking_limits_slow(self) -> bool:
        """Whether the exact walk is estimated :data:`PRICED_FROM` times slower than one
        with no limit walked."""
        return self.exact_seconds > PRICED_FROM * self.free_seconds

    def _priced_limits(
        self, prices: np.ndarray, count: int, below: float
    ) -> tuple[list[WalkedMonth], float, float]:
        """:meth:`cheapest` with no limit walked: each shift of a limited type costs its
        type's penalty, and a month's count over (under) its limit costs (earns) the
        penalty per shift: no month's cost rises, so the least one found bounds the
        limited months' from below (Lagrangian relaxation). Where the best month breaks a
        limit, its penalty is raised and the walk repeated, ``LIMIT_TRIES`` times at most;
        where it keeps to one with room, the penalty is halved for the next call."""
        if self.walked:
            self._lay_out(set())
        seconds, bound, kept = 0.0, -math.inf, []
        limited = {s: self.shifts.index(s) + 1 for s in self.limits}
        for _ in range(LIMIT_TRIES):
            seconds += self.seconds
            priced = prices.copy()
            for s, choice in limited.items():
                priced[:, choice] -= self.penalty[s]
            allowance = sum(self.penalty[s] * n for s, n in self.limits.items())
            months, lowest = self._walk(priced, count, below + allowance)
            bound = max(bound, lowest - allowance)
            months = [self._unpriced(m) for m in months]
            kept += [m for m in months if not self._broken(m) and m.cost < below]
            counts = Counter(s for _, s in months[0].shifts) if months else Counter()
            broken = {s for s, n in self.limits.items() if counts[s] > n}
            for s, n in self.limits.items():
                if s in broken:
                    penalty = self.penalty[s]
                    gain = self._gain_at_limit(priced, s, limited[s])
                    self.penalty[s] = max(2 * penalty, penalty + gain)
                elif counts[s] < n:
                    self.penalty[s] /= 2
            if not broken:
                break
        kept = sorted({m.shifts: m for m in kept}.values(), key=lambda m: m.cost)[:count]
        return kept, bound, seconds

    def _unpriced(self, month: WalkedMonth) -> WalkedMonth:
        """A month walked at penalised prices, with its cost at the prices given."""
        counts = Counter(s for _, s in month.shifts)
        penalties = sum(self.penalty[s] * counts[s] for s in self.limits)
        return WalkedMonth(month.cost - penalties, month.own_cost, month.shifts)

    def _gain_at_limit(self, priced: np.ndarray, shift: str, choice: int) -> float:
        """A first penalty for ``shift`` (walk choice ``choice``): what it gains over the
        best other choice on its day of the limit's rank among its best days, as if days
        were chosen alone."""
        cost = self.own - priced
        others = np.delete(cost, choice, axis=1).min(axis=1)
        gains = others - cost[:, choice]
        gains = np.sort(gains[np.isfinite(gains)])[::-1]
        limit = self.limits[shift]
        return float(gains[limit]) if limit < gains.size and gains[limit] > 0 else 1.0

    @property
    def cells(self) -> int:
        """Array cells one walk updates at the present layout."""
        states = len(self.members) * self.run_states + self.min_off
        return states * math.prod(self.dims) * self.days * (len(self.members) + 1)

    @property
    def seconds(self) -> float:
        """The time one walk takes at the present layout, estimated (see
        :data:`CELLS_PER_SECOND`)."""
        calls = self.days * (len(self.members) + 2)
        return self.cells / CELLS_PER_SECOND + calls * CALL_SECONDS

    def _broken(self, month: WalkedMonth) -> set[str]:
        """The shift-type limits ``month`` breaks (only those not walked can be)."""
        counts = Counter(s for _, s in month.shifts)
        return {s for s, n in self.limits.items() if counts[s] > n}

    def _walk(
        self, prices: np.ndarray, count: int, below: float
    ) -> tuple[list[WalkedMonth], float]:
        cost = self.own - prices
        by_class = np.zeros((self.days, len(self.members)))
        for k, members in enumerate(self.members):
            by_class[:, k] = cost[:, 1:][:, members].min(axis=1)
        work, off = self._first_day(cost[0, OFF], by_class[0])
        trail = [(work, off)]
        for day in range(1, self.days):
            work, off = self._next_day(day, cost[day, OFF], by_class[day], work, off)
            trail.append((work, off))
        ends, lowest = self._ends(work, off, count, below)
        return [self._month(trail, cost, by_class, end) for end in ends], lowest

    def _empty(self, *lead: int) -> np.ndarray:
        return np.full((*lead, *self.dims), np.inf)

    def _first_day(self, off_cost: float, costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Phases after day 0: a run begun there touches the period's start, so it is marked
        (a run of days off is as good as long enough)."""
        work, off = self._empty(len(self.members), self.run_states), self._empty(self.min_off)
        origin = (0,) * len(self.dims)
        off[(self.min_off - 1, *origin)] = off_cost
        first = self.runs if self.min_run > 1 else 0
        for k in range(len(self.members)):
            at = self.steps[0][k][1]  # day 0 comes as after a day off
            if all(a < n for a, n in zip(at, self.dims, strict=True)):
                work[(k, first, *at)] = costs[k]
        return work, off

    def _next_day(
        self, day: int, off_cost: float, costs: np.ndarray, work: np.ndarray, off: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        new_work, new_off = self._empty(*work.shape[:2]), self._empty(self.min_off)
        if off_cost < np.inf:
            new_off[0] = self._may_end_run(work)
            if self.min_off > 1:
                new_off[1:] = off[:-1]
            new_off[-1] = np.minimum(new_off[-1], off[-1])
            new_off += off_cost
        longer: dict[int, np.ndarray] = {}
        for k, cost in enumerate(costs):
            if cost == np.inf:
                continue
            group = self.after_group[k]
            if group not in longer:
                before = work[self.follows[:, k]].min(axis=0, initial=np.inf)
                longer[group] = self._longer_run(before)
            after_work, after_off = self.steps[day][k]
            self._shift_into(new_work[k], longer[group], after_work)
            self._shift_into(new_work[k, 0], off[-1], after_off, keep_less=True)
            new_work[k] += cost
        return new_work, new_off

    def _may_end_run(self, work: np.ndarray) -> np.ndarray:
        """The least cost over work phases whose run may end today: long enough, or begun
        with the period."""
        return work[:, self.ends_run].min(axis=(0, 1), initial=np.inf)

    def _longer_run(self, before: np.ndarray) -> np.ndarray:
        """Run states one day longer. Past the maximum a run falls off; without one, the
        last length stands for itself and more. A marked run (begun with the period) stays
        marked while shorter than the minimum, then joins the unmarked ones."""
        runs, longer = self.runs, np.full_like(before, np.inf)
        longer[1:runs] = before[: runs - 1]
        if self.max_run is None:
            longer[runs - 1] = np.minimum(longer[runs - 1], before[runs - 1])
        if self.min_run > 1:
            longer[runs + 1 :] = before[runs:-1]
            if self.min_run - 1 < runs:
                joined = self.min_run - 1
                longer[joined] = np.minimum(longer[joined], before[-1])
        return longer

    def _moved(self, k: int, day: int, from_work: bool) -> tuple[int, ...]:
        """How far a shift of class ``k`` moves the resources: its minutes, its type's
        count, and a weekend where it is the first worked day of one."""
        step = [0] * len(self.dims)
        step[0] = self.length[k]
        if (axis := self.capped.get(k)) is not None:
            step[axis] = 1
        if self.weekend_axis is not None:
            weekday = self.weekday[day]
            first_of_weekend = weekday == 5 or (weekday == 6 and (day == 0 or not from_work))
            step[self.weekend_axis] = int(first_of_weekend)
        return tuple(step)

    def _shift_into(
        self, out: np.ndarray, values: np.ndarray, step: tuple[int, ...], keep_less: bool = False
    ) -> None:
        """Write ``values`` moved up by ``step`` along the resource axes (the last ones) into
        ``out`` (already infinite), or where less than what ``out`` holds."""
        target, source = self._slices(values.ndim - len(step), step)
        if keep_less:
            np.minimum(out[target], values[source], out=out[target])
        else:
            out[target] = values[source]

    def _slices(self, lead: int, step: tuple[int, ...]) -> tuple[tuple, tuple]:
        key = (lead, step)
        if key not in self._slice_cache:
            whole = (slice(None),) * lead
            pairs = list(zip(self.dims, step, strict=True))
            self._slice_cache[key] = (
                whole + tuple(slice(k, n) for n, k in pairs),
                whole + tuple(slice(0, n - k) for n, k in pairs),
            )
        return self._slice_cache[key]

    # -- reading months back ---------------------------------------------------------------

    def _ends(
        self, work: np.ndarray, off: np.ndarray, count: int, below: float
    ) -> tuple[list[tuple[int, ...]], float]:
        """The ``count`` cheapest end states below ``below`` whose minutes paid are in bounds,
        as indices into the concatenation (work states flattened, then off states), and
        the least cost of any."""
        values = np.concatenate([work.reshape(-1, *self.dims), off])
        values[:, self.outside_hours] = np.inf
        flat = values.reshape(-1)
        best = np.argsort(flat, kind="stable")[:count]
        ends = [np.unravel_index(i, values.shape) for i in best if flat[i] < below]
        return ends, float(flat[best[0]]) if best.size else math.inf

    def _month(
        self,
        trail: list[tuple[np.ndarray, np.ndarray]],
        cost: np.ndarray,
        by_class: np.ndarray,
        end: tuple[int, ...],
    ) -> WalkedMonth:
        phase, at = int(end[0]), tuple(int(a) for a in end[1:])
        work_states = len(self.members) * self.run_states
        state = (
            ("off", phase - work_states)
            if phase >= work_states
            else ("work", *divmod(phase, self.run_states))
        )
        total = value = _value(trail[-1], state, at)
        chosen: list[tuple[int, str]] = []
        own = 0.0
        for day in range(self.days - 1, -1, -1):
            if state[0] == "off":
                paid, choice = cost[day, OFF], OFF
            else:
                paid = by_class[day, state[1]]
                members = self.members[state[1]]
                choice = 1 + next(i for i in members if cost[day, 1 + i] == paid)
                chosen.append((day, self.shifts[choice - 1]))
            own += self.own[day, choice]
            if day:
                state, at = self._before(day, trail[day - 1], state, at, value, paid)
                value = _value(trail[day - 1], state, at)
        return WalkedMonth(float(total), round(own), tuple(reversed(chosen)))

    def _before(
        self,
        day: int,
        arrays: tuple[np.ndarray, np.ndarray],
        state: tuple,
        at: tuple[int, ...],
        value: float,
        paid: float,
    ) -> tuple[tuple, tuple[int, ...]]:
        """The state on ``day - 1`` that the walk came from to ``value``, paying ``paid``."""
        work, off = arrays
        for kind, classes, runs, moved in self._predecessors(state):
            origin = at
            if moved is not None:  # into a working day: undo what the shift added
                step = self.steps[day][state[1]][moved]
                origin = tuple(a - k for a, k in zip(at, step, strict=True))
                if min(origin) < 0:
                    continue
            if kind == "off":
                for run in runs:
                    if off[(run, *origin)] + paid == value:
                        return ("off", int(run)), origin
                continue
            block = work[(classes[:, None], runs[None, :], *origin)]
            hits = np.flatnonzero(block + paid == value)
            if hits.size:
                k, run = divmod(int(hits[0]), len(runs))
                return ("work", int(classes[k]), int(runs[run])), origin
        raise AssertionError("walk cannot be read back")  # the arrays were built from it

    def _predecessors(self, state: tuple) -> list[_Predecessors]:
        """Sets of states the day before that lead to ``state``, kept per state."""
        if state not in self._predecessor_cache:
            self._predecessor_cache[state] = self._predecessor_sets(state)
        return self._predecessor_cache[state]

    def _predecessor_sets(self, state: tuple) -> list[_Predecessors]:
        """(kind, classes, run states, how the resources moved: None for a day off, else
        the index into :attr:`steps` of after a working day (0) or a day off (1))."""
        every = np.arange(len(self.members))
        if state[0] == "off":
            run = state[1]
            runs = ([run - 1] if run else []) + ([run] if run == self.min_off - 1 else [])
            found = [("off", every, np.array(runs, dtype=int), None)]
            if run == 0:
                found.insert(0, ("work", every, np.flatnonzero(self.ends_run), None))
            return found
        _, k, r = state
        found = []
        if r == 0:
            found.append(("off", every, np.array([self.min_off - 1]), 1))
        earlier = []
        if 0 < r < self.runs or r > self.runs:
            earlier.append(r - 1)
        if self.max_run is None and r == self.runs - 1:
            earlier.append(r)
        if self.min_run > 1 and r == self.min_run - 1 < self.runs:
            earlier.append(self.run_states - 1)
        if earlier:
            found.append(("work", np.flatnonzero(self.follows[:, k]), np.array(earlier), 0))
        return found


def _value(arrays: tuple[np.ndarray, np.ndarray], state: tuple, at: tuple[int, ...]) -> float:
    work, off = arrays
    return float(work[(*state[1:], *at)] if state[0] == "work" else off[(state[1], *at)])


def _classes(
    shifts: list[str],
    banned: dict[str, set[str]],
    minutes: dict[str, int],
    limit: dict[str, int],
) -> list[list[int]]:
    """Indices of ``shifts`` grouped by what may come before and after them, their length,
    and (where they have a limit of their own) by themselves."""
    groups: dict[tuple, list[int]] = {}
    for i, s in enumerate(shifts):
        before = tuple(b for b in shifts if s in banned.get(b, ()))
        after = tuple(a for a in shifts if a in banned.get(s, ()))
        alone = s if s in limit else None
        groups.setdefault((before, after, minutes[s], alone), []).append(i)
    return list(groups.values())


def _walkable(rule: Rule) -> bool:
    if rule.kind == "coverage":
        return True
    if rule.kind == "wishes":
        return not rule.hard
    return rule.hard and rule.kind in WALKED_LIMITS


def _weekends_are_days(instance: Instance) -> bool:
    """Whether every shift touching a weekend is worked on its Saturday or Sunday."""
    return all(
        day - saturday in (0, 1)
        for saturday, cells in weekend_shifts(instance).items()
        for day, _ in cells
    )


def _read_limit(rule: Rule, instance: Instance, limits: _Limits) -> bool:
    """Fold one rule into the limits; false where the walk cannot carry it."""
    kind = rule.kind
    if kind == "max_consecutive_days":
        known = limits.max_run
        limits.max_run = rule.max if known is None else min(known, rule.max)
    elif kind == "min_consecutive_days":
        limits.min_run = max(limits.min_run, rule.min)
    elif kind == "min_consecutive_days_off":
        limits.min_off = max(limits.min_off, rule.min)
    elif kind == "max_weekends":
        windows = rule.windows(instance)
        every = sorted(weekend_shifts(instance))  # no history: the period's weekends
        if len(windows) > 1 or (windows and sorted(windows[0]) != every):
            return False
        if windows:
            known = limits.max_weekends
            limits.max_weekends = rule.max if known is None else min(known, rule.max)
    elif kind == "forbidden_successions":
        limits.successions = limits.successions or {}
        for before, after in rule.successions.items():
            limits.successions.setdefault(before, set()).update(after)
    return True
