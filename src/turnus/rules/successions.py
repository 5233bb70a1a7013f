"""Forbidden successions: shift ``s`` on one day may not be followed by ``s'`` the next day.

A rotation rule in its own right (e.g. no day shift straight after a night, whatever the
clock times say), and the ``NoFollow`` lists of the Curtois & Qu benchmark. It holds across
the period boundary: a history shift on the day before the period takes part.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from turnus.domain import Id
from turnus.rules.base import BuildContext, Rule, Violation

if TYPE_CHECKING:
    from turnus.roster import Roster


class ForbiddenSuccessions(Rule):
    """No shift in ``successions[s]`` on day ``d + 1`` after shift ``s`` on day ``d``.

    .. math:: x_{e,d,s} + \\sum_{s' \\in F(s)} x_{e,d+1,s'} \\le 1 \\quad \\forall e, d, s

    Hard, the sum is one at-most-one constraint per shift worked (the next day's shifts
    exclude each other anyway); soft, each forbidden pair worked costs ``weight``.
    """

    kind: Literal["forbidden_successions"] = "forbidden_successions"
    hard: bool = True
    successions: dict[Id, tuple[Id, ...]] = Field(default_factory=dict)

    def add(self, ctx: BuildContext) -> None:
        inst, v = ctx.instance, ctx.vars
        for emp in self.subjects(inst):
            for day in range(max(-inst.history_length, -1), inst.num_days - 1):
                for shift, lit in v.shifts(emp.id, day):
                    banned = self.successions.get(shift, ())
                    nexts = [(s, v.x(emp.id, day + 1, s)) for s in banned]
                    nexts = [(s, n) for s, n in nexts if not (isinstance(n, int) and n == 0)]
                    if not nexts:
                        continue
                    key = f"{emp.id}:{inst.day(day).date}:{shift}"
                    if self.hard and not ctx.elastic:  # one tight sum; explanations can switch it
                        ctx.at_most(self, key, [(1, lit), *((1, n) for _, n in nexts)], 1)
                        continue
                    for next_shift, next_lit in nexts:
                        ctx.forbid(self, f"{key}:{next_shift}", [lit, next_lit])

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for emp in self.subjects(inst):
            worked = dict(roster.worked(emp))
            for day, shift in sorted(worked.items()):
                following = worked.get(day + 1)
                banned = self.successions.get(shift, ())
                if day + 1 < 0 or following is None or following not in banned:
                    continue
                yield self.violation(
                    f"{emp.id}:{inst.day(day).date}:{shift}:{following}",
                    f"{roster.who(emp.id)}: {following} on {roster.when(day + 1)} straight "
                    f"after {shift} on {roster.when(day)}",
                    employee=emp.id,
                    date=inst.day(day + 1).date,
                )
