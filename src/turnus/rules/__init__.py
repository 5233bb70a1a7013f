"""The rule families. Adding a rule: one module here, one entry in ``RULES``, one test file.

``AnyRule`` is the discriminated union used to read rules from profiles, scenarios and
workbooks by their ``kind``.
"""

from typing import Annotated, Union

from pydantic import Field

from turnus.rules.assignment import Assignment
from turnus.rules.base import BuildContext, Penalty, Rule, Violation
from turnus.rules.competence import CompetenceUpkeep, UnpopularTasks
from turnus.rules.coverage import Coverage
from turnus.rules.events import Events
from turnus.rules.fairness import Fairness
from turnus.rules.nights import MaxConsecutiveNights, RestAfterNights
from turnus.rules.rest import DailyRest, WeeklyRest
from turnus.rules.sequences import MaxConsecutiveDays, MinConsecutiveDays, MinConsecutiveDaysOff
from turnus.rules.stability import Changes
from turnus.rules.successions import ForbiddenSuccessions
from turnus.rules.supervision import Supervision
from turnus.rules.training import Training
from turnus.rules.weekends import MaxWeekends, SundayRest
from turnus.rules.wishes import Wishes
from turnus.rules.workload import (
    ContractHours,
    MaxHoursPerDay,
    MaxHoursPerWeek,
    MaxShiftsPerType,
    PeriodHours,
)

RULES: tuple[type[Rule], ...] = (
    Assignment,
    Coverage,
    DailyRest,
    WeeklyRest,
    MaxConsecutiveDays,
    MinConsecutiveDays,
    MinConsecutiveDaysOff,
    MaxWeekends,
    SundayRest,
    MaxConsecutiveNights,
    RestAfterNights,
    ContractHours,
    PeriodHours,
    MaxShiftsPerType,
    MaxHoursPerDay,
    MaxHoursPerWeek,
    Wishes,
    Training,
    Supervision,
    Events,
    CompetenceUpkeep,
    UnpopularTasks,
    ForbiddenSuccessions,
    Fairness,
    Changes,
)

AnyRule = Annotated[Union[RULES], Field(discriminator="kind")]  # noqa: UP007

__all__ = ["RULES", "AnyRule", "BuildContext", "Penalty", "Rule", "Violation"]
