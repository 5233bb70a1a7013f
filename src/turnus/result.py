"""What a solve gives back: the schedule (assignments) and the facts of the solve."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum

from turnus.domain import TurnusModel


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no solution in time"
    INVALID = "invalid model"


class Assignment(TurnusModel):
    """One task period worked: a row of the ``Assignments`` sheet."""

    employee: str
    date: dt.date
    shift: str
    period: str
    task: str


class Schedule(TurnusModel):
    """A roster as a set of assignments. It does not check feasibility: the validator does."""

    assignments: tuple[Assignment, ...] = ()

    def sorted(self) -> Schedule:
        return Schedule(
            assignments=tuple(
                sorted(self.assignments, key=lambda a: (a.date, a.employee, a.shift, a.period))
            )
        )

    def shifts(self) -> dict[tuple[str, dt.date], str]:
        """(employee, date) -> shift worked (the first seen if a roster lists two)."""
        worked: dict[tuple[str, dt.date], str] = {}
        for a in self.assignments:
            worked.setdefault((a.employee, a.date), a.shift)
        return worked


@dataclass
class PenaltyLine:
    """One soft-rule cost in a solved roster."""

    rule: str
    key: str
    amount: int
    cost: float
    scaled: int = 0
    """The cost in the solver's integer units (``cost * SCALE``)."""


@dataclass
class Result:
    """The outcome of :func:`turnus.solve.solve`."""

    status: SolveStatus
    schedule: Schedule
    objective: float = math.inf
    bound: float = 0.0
    runtime: float = 0.0
    first_solution_time: float | None = None
    seed: int = 0
    workers: int = 0
    interrupted: bool = False
    penalties: list[PenaltyLine] = field(default_factory=list)
    ortools_version: str = ""

    @property
    def has_solution(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def gap(self) -> float:
        """Relative gap between objective and proven bound (0 when optimal)."""
        if not self.has_solution:
            return math.inf
        if self.objective == self.bound:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)
