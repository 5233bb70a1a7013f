"""Month walks shared out over processes.

A walk (:mod:`turnus.month_walk`) is numpy on small arrays, so it holds the interpreter lock
most of its time: two threads ran Curtois & Qu 12's 60 walks slower than one. Pricing is
nearly all walks where everyone walks (87 % of a round on 13), so with ``workers`` of
2 or more the people are shared out: this process walks one share and each other worker
process holds another share's walks for the whole search. A walk's layout (the limits it
has taken on) stays where it was walked, so each person's calls, and so the months found,
are the same with any number of workers.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from typing import NamedTuple

import numpy as np

from turnus.month_walk import MonthWalk, WalkedMonth

_START_METHOD = "fork" if sys.platform == "linux" else "spawn"
"""How worker processes start. A forked worker has the walks without pickling and does not
import the main module again, as spawned ones do (a script calling :func:`turnus.solve.solve`
then needs an ``if __name__ == "__main__":`` guard). It only ever runs numpy on its own
arrays, so threads of the parent's (a progress display, CP-SAT's) cannot hold a lock it
needs."""


class WalkAsk(NamedTuple):
    """What one person's walk is asked: :meth:`MonthWalk.cheapest`'s arguments."""

    prices: np.ndarray
    count: int
    below: float
    exact: bool = True


class WalkAnswer(NamedTuple):
    months: list[WalkedMonth]
    lowest: float
    seconds: float
    """The walk's time as :meth:`MonthWalk.cheapest` counts it."""
    next_seconds: float
    """The next exact walk's estimated time, at the layout this one left."""


class WalkPool:
    """Everyone's month walks, walked here and in ``workers - 1`` other processes."""

    def __init__(self, walks: dict[str, MonthWalk], workers: int = 1):
        shares = _shares(walks, max(min(workers, len(walks)), 1))
        self.here = shares[0]
        self.away: list[tuple[ProcessPoolExecutor, frozenset[str]]] = []
        if len(shares) > 1:
            context = multiprocessing.get_context(_START_METHOD)
            for share in shares[1:]:
                executor = ProcessPoolExecutor(
                    1, mp_context=context, initializer=_hold, initargs=(share,)
                )
                self.away.append((executor, frozenset(share)))
        self.next_seconds = {who: walk.seconds for who, walk in walks.items()}
        """Each person's next exact walk's estimated time (the walk itself may be
        elsewhere)."""

    def cheapest(self, asks: dict[str, WalkAsk]) -> dict[str, WalkAnswer]:
        """Every ask answered, the shares away walked while this one is."""
        pending: list[Future[dict[str, WalkAnswer]]] = [
            executor.submit(_answer_held, {w: a for w, a in asks.items() if w in share})
            for executor, share in self.away
            if share & asks.keys()
        ]
        answers = _answer(self.here, {w: a for w, a in asks.items() if w in self.here})
        for future in pending:
            answers.update(future.result())
        for who, answer in answers.items():
            self.next_seconds[who] = answer.next_seconds
        return {who: answers[who] for who in asks}

    def close(self) -> None:
        for executor, _ in self.away:
            executor.shutdown(cancel_futures=True)
        self.away = []


def _shares(walks: dict[str, MonthWalk], count: int) -> list[dict[str, MonthWalk]]:
    """``walks`` in ``count`` shares of about the same estimated time, slowest first, each to
    the share with the least so far (ties in staff order: the same shares every run)."""
    shares: list[dict[str, MonthWalk]] = [{} for _ in range(count)]
    load = [0.0] * count
    for who, walk in sorted(walks.items(), key=lambda item: -item[1].seconds):
        least = load.index(min(load))
        shares[least][who] = walk
        load[least] += walk.seconds
    return shares


def _answer(walks: dict[str, MonthWalk], asks: dict[str, WalkAsk]) -> dict[str, WalkAnswer]:
    answers = {}
    for who, ask in asks.items():
        walk = walks[who]
        answers[who] = WalkAnswer(*walk.cheapest(*ask), walk.exact_seconds)
    return answers


_HELD: dict[str, MonthWalk] = {}
"""In a worker process: the walks of its share."""


def _hold(share: dict[str, MonthWalk]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _HELD.update(share)


def _answer_held(asks: dict[str, WalkAsk]) -> dict[str, WalkAnswer]:
    return _answer(_HELD, asks)
