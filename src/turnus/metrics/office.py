"""Office totals: capacity, planned and demand hours, shortfall and overtime."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from turnus.metrics.coverage import TaskCoverage
from turnus.metrics.people import PersonMetrics


@dataclass(frozen=True, slots=True)
class OfficeMetrics:
    """The office over the period.

    ``capacity_hours`` is the sum of contract hours (what the staff owe, absences deducted).
    ``utilization`` is planned ÷ capacity; ``demand_ratio`` is the staffing plan's minimum
    demand hours ÷ capacity. ``overtime_hours`` adds up plus hours (planned above contract),
    ``minus_hours`` the hours below contract. ``hard_violations`` and ``penalty`` come from
    the validator's report.
    """

    staff: int
    fte: float
    capacity_hours: float
    planned_hours: float
    demand_hours: float
    target_hours: float
    covered_hours: float
    shortfall_hours: float
    overtime_hours: float
    minus_hours: float
    utilization: float | None
    demand_ratio: float | None
    coverage: float | None
    hard_violations: int
    penalty: float


def office_metrics(
    people: Sequence[PersonMetrics],
    tasks: Sequence[TaskCoverage],
    hard_violations: int = 0,
    penalty: float = 0.0,
) -> OfficeMetrics:
    capacity = sum(p.contract_hours for p in people)
    demand = sum(t.required_hours for t in tasks)
    covered = sum(t.covered_hours for t in tasks)
    planned = sum(p.planned_hours for p in people)
    return OfficeMetrics(
        staff=len(people),
        fte=sum(p.position_pct for p in people) / 100,
        capacity_hours=capacity,
        planned_hours=planned,
        demand_hours=demand,
        target_hours=sum(t.target_hours for t in tasks),
        covered_hours=covered,
        shortfall_hours=demand - covered,
        overtime_hours=sum(max(0.0, p.plus_minus_hours) for p in people),
        minus_hours=sum(max(0.0, -p.plus_minus_hours) for p in people),
        utilization=planned / capacity if capacity else None,
        demand_ratio=demand / capacity if capacity else None,
        coverage=covered / demand if demand else None,
        hard_violations=hard_violations,
        penalty=penalty,
    )
