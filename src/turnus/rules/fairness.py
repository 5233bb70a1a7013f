"""Fair shares of unpopular work: weekends, evenings, nights and holidays, in proportion to
position %. The spread (most minus least, per full-time equivalent) is penalised.

Counts are scaled to a full-time post: ``count x round(10000 / position %)`` hundredths, so
the amount is in hundredths of a shift per FTE and a weight is per shift per FTE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field

from turnus.domain import Employee, ShiftCategory
from turnus.rules.base import BuildContext, Rule, Violation
from turnus.rules.weekends import weekend_literal, weekend_shifts, weekends_worked

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.roster import Roster

CATEGORIES = ("weekends", "evenings", "nights", "holidays")


def fte_factor(employee: Employee) -> int:
    return round(10000 / employee.position_pct)


def _in_category(inst: Instance, category: str) -> Callable[[int, str], bool]:
    """Whether a (day, shift) in the period counts toward a shift category."""
    if category == "holidays":
        return lambda day, shift: inst.day(day).is_holiday
    kind = ShiftCategory.EVENING if category == "evenings" else ShiftCategory.NIGHT
    return lambda day, shift: inst.shift[shift].kind is kind


class Fairness(Rule):
    """Minimise the spread of each category's per-FTE count across those who can work it.

    .. math:: w_c \\, (\\max_e n_{ec} f_e - \\min_e n_{ec} f_e)
    """

    per: ClassVar[int] = 100
    kind: Literal["fairness"] = "fairness"
    weights: dict[
        Literal["weekends", "evenings", "nights", "holidays"], Annotated[int, Field(ge=0)]
    ] = Field(default_factory=lambda: {"weekends": 10, "evenings": 3, "nights": 5, "holidays": 5})

    def _weekends(self, inst: Instance) -> list[int]:
        return [w for w in weekend_shifts(inst) if w + 1 >= 0 and w < inst.num_days]

    def add(self, ctx: BuildContext) -> None:
        inst = ctx.instance
        for category, weight in self.weights.items():
            if not weight:
                continue
            counts: list[Any] = []
            upper = 0
            for emp in self.subjects(inst):
                terms = self._terms(ctx, emp, category)
                if all(isinstance(lit, int) for lit in terms):
                    continue
                upper = max(upper, len(terms) * fte_factor(emp))
                counts.append(fte_factor(emp) * sum(terms))
            if len(counts) < 2:
                continue
            top = ctx.model.new_int_var(0, upper, f"fairness:{category}:most")
            low = ctx.model.new_int_var(0, upper, f"fairness:{category}:least")
            ctx.model.add_max_equality(top, counts)
            ctx.model.add_min_equality(low, counts)
            spread = ctx.model.new_int_var(0, upper, f"fairness:{category}")
            ctx.model.add(spread == top - low)
            ctx.penalise(self, category, spread, weight)

    def _terms(self, ctx: BuildContext, emp: Employee, category: str) -> list[Any]:
        inst = ctx.instance
        if category == "weekends":
            return [weekend_literal(ctx, emp.id, w) for w in self._weekends(inst)]
        belongs = _in_category(inst, category)
        return [
            lit
            for d in range(inst.num_days)
            for s, lit in ctx.vars.shifts(emp.id, d)
            if belongs(d, s)
        ]

    def evaluate(self, roster: Roster) -> Iterator[Violation]:
        inst = roster.instance
        for category, weight in self.weights.items():
            if not weight:
                continue
            scaled = {}
            for emp in self.subjects(inst):
                if not self._eligible(inst, emp, category):
                    continue
                scaled[emp.id] = self._count(roster, emp, category) * fte_factor(emp)
            if len(scaled) < 2:
                continue
            spread = max(scaled.values()) - min(scaled.values())
            if spread:
                most = max(scaled, key=scaled.__getitem__)
                least = min(scaled, key=scaled.__getitem__)
                yield self.violation(
                    category,
                    f"{category}: {scaled[most] / 100:g} per FTE for {roster.who(most)} "
                    f"against {scaled[least] / 100:g} for {roster.who(least)}",
                    amount=spread,
                    weight=weight,
                )

    def _eligible(self, inst: Instance, emp: Employee, category: str) -> bool:
        """Whether the person could work anything in the category (they have a variable)."""
        if category == "weekends":
            touching = weekend_shifts(inst)
            cells = [(d, s) for w in self._weekends(inst) for d, s in touching[w] if d >= 0]
        else:
            belongs = _in_category(inst, category)
            cells = [
                (d, s.id)
                for d in range(inst.num_days)
                for s in inst.shift_types
                if belongs(d, s.id)
            ]
        return any(inst.can_work(emp, d, s) for d, s in cells)

    def _count(self, roster: Roster, emp: Employee, category: str) -> int:
        if category == "weekends":
            return len(
                weekends_worked(roster, emp.id).intersection(self._weekends(roster.instance))
            )
        belongs = _in_category(roster.instance, category)
        return sum(1 for d, s in roster.period_worked(emp) if belongs(d, s))
