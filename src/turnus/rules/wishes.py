"""Ønsketurnus: staff wishes for a day off, or for or against a shift; soft by nature."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from turnus.domain import Wish, WishKind
from turnus.rules.base import BuildContext, Rule, Violation, negate

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster


def wishes_in_period(inst: Instance) -> list[tuple[int, Wish]]:
    return [
        (inst.index_of(w.date), w)
        for w in inst.scenario.wishes
        if 0 <= inst.index_of(w.date) < inst.num_days
        and w.employee in inst.employee  # by id: comparing whole records is slow
    ]


class Wishes(Rule):
    """Each wish not granted costs ``weight`` x its priority."""

    kind: Literal["wishes"] = "wishes"
    weight: int = Field(default=5, ge=0)

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for i, (day, wish) in enumerate(wishes_in_period(inst)):
            if not self.applies(inst.employee[wish.employee]):
                continue
            ctx.forbid(
                self,
                f"{wish.employee}:{wish.date}:{i}",
                [self._refused(ctx, day, wish)],
                weight=self.weight * wish.priority,
            )

    def _refused(self, ctx: BuildContext, day: int, wish: Wish) -> Any:
        """A literal true when the wish is not granted."""
        if wish.kind is WishKind.OFF:
            return ctx.vars.work(wish.employee, day)
        worked = ctx.vars.x(wish.employee, day, wish.shift)
        return negate(worked) if wish.kind is WishKind.SHIFT else worked

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for i, (day, wish) in enumerate(wishes_in_period(inst)):
            if not self.applies(inst.employee[wish.employee]):
                continue
            worked = roster.shift(wish.employee, day)
            refused = {
                WishKind.OFF: worked is not None,
                WishKind.SHIFT: worked != wish.shift,
                WishKind.NOT_SHIFT: worked == wish.shift,
            }[wish.kind]
            if refused:
                what = {"off": "a day off", "shift": f"shift {wish.shift}"}.get(
                    wish.kind, f"not to work {wish.shift}"
                )
                yield self.violation(
                    f"{wish.employee}:{wish.date}:{i}",
                    f"{roster.who(wish.employee)}: wished {what} on {roster.when(day)} "
                    f"(priority {wish.priority}), has {worked or 'no shift'}",
                    employee=wish.employee,
                    date=wish.date,
                    weight=self.weight * wish.priority,
                )
