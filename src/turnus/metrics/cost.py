"""Labour cost of a roster: hourly wage x paid hours, plus evening, night, weekend and holiday
supplements, with rates from the rule profile's ``pay:`` section. Pure: no solver, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from turnus.calendar import make_day
from turnus.domain import TurnusModel, minutes_of
from turnus.instance import Instance
from turnus.result import Schedule

DayKind = Literal["all", "weekday", "saturday", "sunday", "holiday"]


class Supplement(TurnusModel):
    """A pay supplement (tillegg) per hour worked inside a clock window on some day types.

    Per hour it pays the larger of ``pct`` % of the person's hourly wage and ``min_per_hour``.
    ``end`` at or before ``start`` crosses midnight; no times means the whole day. ``days``
    are the calendar days the worked minutes fall on (``holiday``: Norwegian public holidays;
    ``weekday``: Monday to Friday that are not holidays).
    """

    start: dt.time | None = None
    end: dt.time | None = None
    days: tuple[DayKind, ...] = ("all",)
    pct: float = Field(default=0, ge=0, le=500)
    min_per_hour: float = Field(default=0, ge=0)

    def rate(self, wage: float) -> float:
        return max(self.pct / 100 * wage, self.min_per_hour)

    def windows(self) -> list[tuple[int, int]]:
        """Minute ranges within one calendar day (0-1440) the supplement covers."""
        if self.start is None or self.end is None:
            return [(0, 1440)]
        start, end = minutes_of(self.start), minutes_of(self.end)
        return [(start, end)] if end > start else [(0, end), (start, 1440)]


class PayRates(TurnusModel):
    """The ``pay:`` section of a rule profile."""

    currency: str = "NOK"
    hourly_wage: float = Field(default=290, ge=0)
    """For staff without an ``hourly_wage`` of their own."""
    supplements: dict[str, Supplement] = Field(default_factory=dict)


@dataclass
class Cost:
    """Labour cost of a roster, split into base pay and each supplement."""

    currency: str
    base: float = 0.0
    supplements: dict[str, float] = field(default_factory=dict)
    supplement_hours: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.base + sum(self.supplements.values())


def _matches(kinds: tuple[DayKind, ...], start: dt.date, day: int) -> bool:
    info = make_day(day, start + dt.timedelta(days=day))
    return any(
        kind == "all"
        or (kind == "holiday" and info.is_holiday)
        or (kind == "weekday" and info.is_workday)
        or kind == info.weekday_name
        for kind in kinds
    )


def supplement_minutes(instance: Instance, day: int, shift: str, supplement: Supplement) -> float:
    """Paid minutes of a shift inside a supplement's windows.

    Clock minutes in the window are scaled by paid / clock length, so an unpaid break is
    spread evenly over the shift.
    """
    start, end = instance.start(day, shift), instance.end(day, shift)
    inside = 0
    for calendar_day in range(start // 1440, (end - 1) // 1440 + 1):
        if not _matches(supplement.days, instance.scenario.period.start, calendar_day):
            continue
        midnight = calendar_day * 1440
        for w_start, w_end in supplement.windows():
            inside += max(0, min(end, midnight + w_end) - max(start, midnight + w_start))
    shift_type = instance.shift[shift]
    return inside * shift_type.paid_minutes / shift_type.length_minutes


def labour_cost(instance: Instance, schedule: Schedule, pay: PayRates) -> Cost:
    """Wage x paid hours plus supplements for every shift worked in the period."""
    cost = Cost(currency=pay.currency)
    cost.supplements = dict.fromkeys(pay.supplements, 0.0)
    cost.supplement_hours = dict.fromkeys(pay.supplements, 0.0)
    for (employee_id, date), shift in sorted(schedule.shifts().items()):
        employee = instance.employee.get(employee_id)
        day = instance.index_of(date)
        if employee is None or shift not in instance.shift or not 0 <= day < instance.num_days:
            continue
        wage = employee.hourly_wage if employee.hourly_wage is not None else pay.hourly_wage
        cost.base += wage * instance.shift[shift].paid_minutes / 60
        for name, supplement in pay.supplements.items():
            hours = supplement_minutes(instance, day, shift, supplement) / 60
            cost.supplement_hours[name] += hours
            cost.supplements[name] += hours * supplement.rate(wage)
    return cost
