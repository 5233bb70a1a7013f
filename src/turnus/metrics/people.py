"""Per person: hours against contract, unpopular shifts worked, wishes granted."""

from __future__ import annotations

from dataclasses import dataclass

from turnus.domain import Employee, ShiftCategory, Wish, WishKind
from turnus.instance import Instance
from turnus.roster import Roster
from turnus.rules.wishes import wishes_in_period


@dataclass(frozen=True, slots=True)
class PersonMetrics:
    """One person's period.

    ``contract_hours`` are the hours owed (position %, workdays, less absences);
    ``plus_minus_hours`` is planned minus contract (plusstimer > 0, minustimer < 0);
    ``utilization`` is planned ÷ contract hours (None when nothing is owed).
    """

    employee: str
    name: str
    role: str
    position_pct: float
    contract_hours: float
    planned_hours: float
    plus_minus_hours: float
    utilization: float | None
    shifts: int
    evenings: int
    nights: int
    weekends: int
    holidays: int
    absence_days: int
    wishes_granted: int
    wishes_total: int


def person_metrics(instance: Instance, roster: Roster) -> tuple[PersonMetrics, ...]:
    """Metrics of every employee of the instance, in the instance's order."""
    wishes: dict[str, list[tuple[int, Wish]]] = {}
    for day, wish in wishes_in_period(instance):
        wishes.setdefault(wish.employee, []).append((day, wish))
    return tuple(
        _person(instance, roster, emp, wishes.get(emp.id, [])) for emp in instance.employees
    )


def _person(
    inst: Instance, roster: Roster, emp: Employee, wishes: list[tuple[int, Wish]]
) -> PersonMetrics:
    worked = roster.period_worked(emp)
    kinds = [inst.shift[s].kind for _, s in worked]
    contract = inst.contract_minutes(emp)
    planned = roster.minutes(emp)
    weekends = {inst.weekend_of(d, s) for d, s in worked} - {None}
    absent = sum(1 for d in range(inst.num_days) if (emp.id, d) in inst.whole_day_absence)
    return PersonMetrics(
        employee=emp.id,
        name=emp.name,
        role=emp.role.value,
        position_pct=emp.position_pct,
        contract_hours=contract / 60,
        planned_hours=planned / 60,
        plus_minus_hours=(planned - contract) / 60,
        utilization=planned / contract if contract else None,
        shifts=len(worked),
        evenings=kinds.count(ShiftCategory.EVENING),
        nights=kinds.count(ShiftCategory.NIGHT),
        weekends=len(weekends),
        holidays=sum(1 for d, _ in worked if inst.day(d).is_holiday),
        absence_days=absent,
        wishes_granted=sum(1 for day, wish in wishes if granted(roster, day, wish)),
        wishes_total=len(wishes),
    )


def granted(roster: Roster, day: int, wish: Wish) -> bool:
    """Whether the roster grants a wish (a day off, a shift, or not a shift)."""
    worked = roster.shift(wish.employee, day)
    if wish.kind is WishKind.OFF:
        return worked is None
    if wish.kind is WishKind.SHIFT:
        return worked == wish.shift
    return worked != wish.shift
