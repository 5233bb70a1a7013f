"""Branch and price: a search over the relaxation of column generation that can go back,
and prove.

The dive of :mod:`turnus.column_search` fixes people's months one step at a time and never
returns: on Curtois & Qu 5-7 it ends 2-10 above the best known values, in a local optimum
that no neighbourhood of people or days improves (``benchmarks/README.md``). Here the
relaxation is branched on one person's day instead: whether they have the day off, and
where no day off is in doubt, whether they work a given shift that day. Both sides are
rules the month walk keeps exactly (the banned choices cost it infinity), so every node's
relaxation is priced as exactly as the root's and its Lagrangian bound holds for every
roster below it. The search goes depth first, into the side the relaxation leans to, and
drops a node whose bound shows no roster below it can beat the best so far. Where the tree
is searched to its end, the best roster is optimal.

It needs every person priced by the walk (:meth:`ColumnSearch.walks_everyone`), and
spends what is left of the column search's budget.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from turnus.column_search import INTEGRAL_EPS, ColumnSearch, Month
from turnus.month_walk import OFF

BOUND_EPS = 1e-6
"""Slack on the bound: the linear program's values are floating point."""


class Branch(NamedTuple):
    """``who`` works ``choice`` (0: the day off) on ``day``, or (``must`` false) not."""

    who: str
    day: int
    choice: int
    must: bool


@dataclass
class BranchAndPrice:
    search: ColumnSearch
    cutoff: float
    """The cost of the best roster known (scaled): only cheaper ones are looked for."""
    best: dict[str, Month] | None = None
    """The best roster found here, one month per person."""
    nodes: int = 0
    complete: bool = False
    """The tree was searched to its end: nothing cheaper than :attr:`cutoff` exists."""
    bound: float = -math.inf
    """After :meth:`run`, a lower bound on every roster's cost (scaled): the least bound of
    the nodes left open, or the cutoff where none is."""
    step: float = field(init=False)

    def __post_init__(self) -> None:
        assert self.search.walks_everyone()
        self.step = self.search.objective_step()

    def run(self) -> dict[str, Month] | None:
        """Search until the tree ends or the column search's budget does; the best roster
        found (None if none beat the cutoff). The bans are lifted after.

        From each node the search plunges into the side the relaxation leans to; the other
        side waits, and when a plunge ends the waiting node of least bound is taken (a
        depth-first search alone stayed in one deep subtree on Curtois & Qu 5)."""
        path: list[Branch] = []
        waiting: list[tuple[float, int, list[Branch]]] = []
        order = itertools.count()
        node: list[Branch] | None = []
        node_bound = -math.inf
        while node is not None and not self.search.done():
            self._move(path, node)
            path, node = node, None
            explored = self._explore(path)
            if self.search.done():  # the node may be unfinished: it stays open
                node = path
                break
            if explored is not None:
                branch, bound = explored
                other = [*path, branch._replace(must=not branch.must)]
                heapq.heappush(waiting, (bound, next(order), other))
                node, node_bound = [*path, branch], bound
            while node is None and waiting:
                node_bound, _, candidate = heapq.heappop(waiting)
                if not self._cut_off(node_bound):
                    node = candidate
        open_bounds = [b for b, _, _ in waiting if not self._cut_off(b)]
        if node is not None:
            open_bounds.append(node_bound)
        self.complete = not open_bounds
        self.bound = min([self.cutoff, *open_bounds])
        self._move(path, [])
        return self.best

    def _move(self, old: list[Branch], new: list[Branch]) -> None:
        """Set the bans of ``new`` for everyone whose branches differ from ``old``'s."""
        changed = {b.who for b in set(old) ^ set(new)}
        for who in sorted(changed):
            self.search.ban(who, self._banned(who, new))

    def _banned(self, who: str, path: list[Branch]) -> np.ndarray | None:
        branches = [b for b in path if b.who == who]
        if not branches:
            return None
        walk = self.search.pricing[who].walk
        assert walk is not None
        banned = np.zeros_like(walk.walk.own, dtype=bool)
        for branch in branches:
            if branch.must:
                banned[branch.day] = True
            banned[branch.day, branch.choice] = not branch.must
        return banned

    def _explore(self, node: list[Branch]) -> tuple[Branch, float] | None:
        """Price the node's relaxation until it converges or its bound cuts it off; the
        branch to take next and the node's bound, or None where the node is done (cut off,
        infeasible, out of budget, or integral: then a roster, kept if cheaper)."""
        self.nodes += 1
        search = self.search
        # in a set's order, the months added would follow each run's string hashing
        if not all(search.months_allowed(who) for who in sorted({b.who for b in node})):
            return None
        bound = -math.inf
        while not search.done():
            added = search.price_round()
            bound = max(bound, search.round_bound)
            if self._cut_off(bound):
                return None
            if not added:
                break
        else:
            return None
        weights = search.weights()
        if all(max(values) > 1 - INTEGRAL_EPS for values in weights.values()):
            self._integral(weights)
            return None
        return self._branch(weights), max(bound, search.lp_value)

    def _cut_off(self, bound: float) -> bool:
        """Whether no roster of cost at least ``bound`` can beat the cutoff (a bound of
        minus infinity: a pricing solve that ended without an answer)."""
        if self.step and math.isfinite(bound):
            bound = math.ceil((bound - BOUND_EPS) / self.step) * self.step
        return bound >= self.cutoff - BOUND_EPS

    def _integral(self, weights: dict[str, list[float]]) -> None:
        search = self.search
        if search.breaks_hard() or search.lp_value >= self.cutoff - BOUND_EPS:
            return
        self.cutoff = search.lp_value
        self.best = {who: search.months[who][int(np.argmax(w))] for who, w in weights.items()}

    def _branch(self, weights: dict[str, list[float]]) -> Branch:
        """The (person, day, choice) the relaxation is least sure of (share worked nearest
        one half), toward the side it leans to; a day off before a shift, so that whether
        someone works a day is settled before which shift.

        Nearest one half: branching on the cell nearest to being worked in full made deep,
        weak plunges (on Curtois & Qu 5 and 6, in deterministic time, it found 1,143 and
        nothing better than 1,952 where this found 1,143 and proved 1,950 optimal in 66
        nodes). Days off first: on Curtois & Qu 7, from the same six starts with 30 s each,
        it found the optimum 1,056 and proved it in four, where cells of any choice alike
        found it in two and proved nothing; in whole 60 s runs it proved 1,056 in 13 of 14,
        against 1,056 unproven in 1 of 7 before (``benchmarks/README.md``)."""
        best, least_doubt = None, (True, math.inf)
        for who, values in weights.items():
            if max(values) > 1 - INTEGRAL_EPS:
                continue
            for (day, choice), share in sorted(self.shares(who, values).items()):
                doubt = (choice != OFF, abs(share - 0.5))  # a day off sorts first
                if doubt < least_doubt and share < 1 - INTEGRAL_EPS:
                    best, least_doubt = Branch(who, day, choice, share >= 0.5), doubt
        assert best is not None  # a fractional person has a fractional cell
        return best

    def shares(self, who: str, values: list[float]) -> dict[tuple[int, int], float]:
        """The weight ``values`` of ``who``'s months puts on each (day, choice) they make."""
        shares: dict[tuple[int, int], float] = defaultdict(float)
        pricing = self.search.pricing[who]
        for month, value in zip(self.search.months[who], values, strict=True):
            if value > INTEGRAL_EPS:
                for day, choice in enumerate(pricing.choices(month).tolist()):
                    shares[day, choice] += value
        return shares
