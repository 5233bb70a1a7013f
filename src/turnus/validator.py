"""The roster validator: every rule of an instance checked in plain Python, without a solver.

It reports each broken hard rule in words and each soft-rule penalty, and recomputes the
objective so it can be compared with what the solver claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from turnus.instance import Instance
from turnus.result import Schedule
from turnus.roster import Roster
from turnus.rules.base import SCALE, Violation


@dataclass(frozen=True)
class Report:
    """What the validator found in one roster."""

    violations: tuple[Violation, ...]

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def soft(self) -> list[Violation]:
        return [v for v in self.violations if not v.hard]

    @property
    def is_feasible(self) -> bool:
        return not self.hard

    @property
    def scaled_objective(self) -> int:
        return sum(v.scaled_penalty for v in self.violations)

    @property
    def objective(self) -> Fraction:
        return Fraction(self.scaled_objective, SCALE)

    def by_rule(self) -> dict[str, tuple[int, Fraction]]:
        """Rule name -> (number of violations, total penalty)."""
        summary: dict[str, tuple[int, Fraction]] = {}
        for v in self.violations:
            count, total = summary.get(v.rule, (0, Fraction(0)))
            summary[v.rule] = (count + 1, total + v.penalty)
        return summary


def validate(instance: Instance, schedule: Schedule) -> Report:
    """Check ``schedule`` against every enabled rule of ``instance``."""
    roster = Roster(instance, schedule)
    found: list[Violation] = []
    for rule in instance.rules:
        found.extend(rule.evaluate(roster))
    return Report(tuple(found))
