"""Input records of a scenario: frozen pydantic models with field-level checks only.

Cross-references (an employee naming an unknown competence, a staffing line naming an unknown
shift) are checked in :mod:`turnus.instance`. Nothing here knows about the solver.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\s,;:]+$")]
"""Ids are short strings without spaces or separators; they appear in cells, keys and files."""


class TurnusModel(BaseModel):
    """Base of every input record: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied, validated again (unlike ``model_copy``)."""
        return type(self).model_validate(self.model_dump() | changes)


class Role(StrEnum):
    AUTHORISED = "authorised"  # autorisert helsesekretær
    SECRETARY = "secretary"  # kontormedarbeider without authorisation
    NEW_HIRE = "new_hire"  # nytilsatt, in training
    TRAINEE = "trainee"  # helsesekretærelev / lærling
    LEADER = "leader"  # kontorleder / seksjonsleder


class ShiftCategory(StrEnum):
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"


class AbsenceKind(StrEnum):
    VACATION = "vacation"  # ferie
    LEAVE = "leave"  # permisjon
    SICK = "sick"  # sykemelding
    COURSE = "course"  # kurs
    SCHOOL = "school"  # skoledag for elever
    OTHER = "other"


class WishKind(StrEnum):
    OFF = "off"  # fri denne dagen
    SHIFT = "shift"  # ønsker denne vakten
    NOT_SHIFT = "not_shift"  # ønsker ikke denne vakten


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


class TaskPeriod(TurnusModel):
    """A part of a shift in which a person does one task (e.g. 08:00-12:00)."""

    id: Id
    start: dt.time
    end: dt.time


class ShiftType(TurnusModel):
    """A vakt: a code, its clock times and its paid hours (breaks deducted).

    ``end`` at or before ``start`` means the shift ends the next day. ``category`` defaults to
    night for shifts that cover 03:00, evening for shifts that end after 18:00, day otherwise.
    """

    id: Id
    name: str = ""
    start: dt.time
    end: dt.time
    paid_hours: float = Field(gt=0, le=16)
    category: ShiftCategory | None = None
    periods: tuple[TaskPeriod, ...] = ()
    colour: str | None = Field(default=None, pattern=r"^[0-9A-Fa-f]{6}$")

    @cached_property  # cached: read on every lookup while building a model
    def start_minute(self) -> int:
        return minutes_of(self.start)

    @cached_property
    def end_minute(self) -> int:
        """Minutes after the start day's midnight; above 1440 when the shift crosses midnight."""
        end = minutes_of(self.end)
        return end + 1440 if end <= self.start_minute else end

    @property
    def length_minutes(self) -> int:
        return self.end_minute - self.start_minute

    @property
    def paid_minutes(self) -> int:
        return round(self.paid_hours * 60)

    @property
    def kind(self) -> ShiftCategory:
        if self.category is not None:
            return self.category
        if self.start_minute <= 180 < self.end_minute or self.end_minute >= 1440 + 180:
            return ShiftCategory.NIGHT
        if self.end_minute > 18 * 60:
            return ShiftCategory.EVENING
        return ShiftCategory.DAY

    @cached_property  # cached: otherwise a new TaskPeriod is validated on every call
    def task_periods(self) -> tuple[TaskPeriod, ...]:
        """The task periods, or one period spanning the whole shift."""
        return self.periods or (TaskPeriod(id="1", start=self.start, end=self.end),)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.paid_minutes > self.length_minutes:
            raise ValueError(
                f"paid_hours {self.paid_hours} is longer than the shift "
                f"({self.length_minutes / 60:g} h from {self.start:%H:%M} to {self.end:%H:%M})"
            )
        ids = [p.id for p in self.periods]
        if len(set(ids)) != len(ids):
            raise ValueError(f"task period ids must be unique, got {ids}")
        for period in self.periods:
            start, end = _period_offsets(self, period)
            if not 0 <= start < end <= self.length_minutes:
                raise ValueError(
                    f"task period {period.id} ({period.start:%H:%M}-{period.end:%H:%M}) "
                    f"must lie inside the shift {self.start:%H:%M}-{self.end:%H:%M}"
                )
        return self

    def period_window(self, period_id: str) -> tuple[int, int]:
        """Start and end of a task period in minutes after the start day's midnight."""
        period = next(p for p in self.task_periods if p.id == period_id)
        start, end = _period_offsets(self, period)
        return self.start_minute + start, self.start_minute + end


def _period_offsets(shift: ShiftType, period: TaskPeriod) -> tuple[int, int]:
    """Offsets of a task period from the shift start, handling midnight."""
    start = (minutes_of(period.start) - shift.start_minute) % 1440
    end = (minutes_of(period.end) - shift.start_minute) % 1440 or 1440
    return start, end


class Competence(TurnusModel):
    id: Id
    name: str = ""


class Task(TurnusModel):
    """An office task; doing it needs ``competence`` at ``min_level`` or above."""

    id: Id
    name: str = ""
    competence: Id
    min_level: str = "competent"
    unpopular: bool = False


class Employee(TurnusModel):
    id: Id
    name: str
    position_pct: float = Field(default=100, gt=0, le=100)
    weekly_hours: float = Field(default=35.5, gt=0, le=60)
    role: Role = Role.AUTHORISED
    competences: dict[Id, str] = Field(default_factory=dict)
    shift_types: tuple[Id, ...] | None = None
    nights: bool = False
    hourly_wage: float | None = Field(default=None, ge=0)
    cover: float | None = Field(default=None, ge=0, le=1)
    """Fraction of a head this person counts as toward staffing; trainees default to 0."""
    min_hours: float | None = Field(default=None, ge=0)
    max_hours: float | None = Field(default=None, ge=0)
    """Absolute bounds on the period's planned hours, besides the contract rule."""
    max_shifts: dict[Id, int] = Field(default_factory=dict)
    """Most shifts of a type in the period (0 = never)."""
    supervisors: tuple[Id, ...] = ()
    """For trainees: the named supervisors (veiledere)."""

    @property
    def cover_fraction(self) -> float:
        if self.cover is not None:
            return self.cover
        return 0.0 if self.role is Role.TRAINEE else 1.0

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (
            self.min_hours is not None
            and self.max_hours is not None
            and self.min_hours > self.max_hours
        ):
            raise ValueError(f"min_hours {self.min_hours} is above max_hours {self.max_hours}")
        if any(n < 0 for n in self.max_shifts.values()):
            raise ValueError("max_shifts must not be negative")
        return self


DAY_SELECTORS = (
    "weekday",
    "saturday",
    "sunday",
    "holiday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
)


class StaffingLine(TurnusModel):
    """One line of the bemanningsplan: head-count for a task in a shift's task period.

    ``day`` is weekday, saturday, sunday, holiday, a weekday name, or an ISO date. The most
    specific line wins for each day: date, holiday, weekday name, then weekday/saturday/sunday.
    A holiday without its own line uses the Sunday line.
    """

    day: str
    shift: Id
    task: Id
    period: Id | None = None
    min: int = Field(ge=0)
    target: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip().lower()
        if text in DAY_SELECTORS:
            return text
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(
                f"day must be one of {', '.join(DAY_SELECTORS)} or a date (YYYY-MM-DD), "
                f"got {value!r}"
            ) from None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.target is not None and self.target < self.min:
            raise ValueError(f"target {self.target} is below min {self.min}")
        if self.max is not None and self.max < max(self.min, self.target or 0):
            raise ValueError(f"max {self.max} is below min/target")
        return self

    @property
    def date(self) -> dt.date | None:
        return None if self.day in DAY_SELECTORS else dt.date.fromisoformat(self.day)


class Absence(TurnusModel):
    """Fravær: whole days from ``start`` to ``end``, or a time range on each of those days."""

    employee: Id
    start: dt.date
    end: dt.date
    kind: AbsenceKind = AbsenceKind.VACATION
    from_time: dt.time | None = None
    to_time: dt.time | None = None
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if (self.from_time is None) != (self.to_time is None):
            raise ValueError("give both from_time and to_time, or neither")
        if self.from_time and self.to_time and self.to_time <= self.from_time:
            raise ValueError(f"to_time {self.to_time} is not after from_time {self.from_time}")
        return self

    @property
    def whole_day(self) -> bool:
        return self.from_time is None


class FixedAssignment(TurnusModel):
    """A decision made beforehand: ``shift`` on ``date`` (or ``off``), optionally with a task."""

    employee: Id
    date: dt.date
    shift: Id
    task: Id | None = None
    period: Id | None = None

    @property
    def is_off(self) -> bool:
        return self.shift.lower() == "off"


class Wish(TurnusModel):
    """Ønsketurnus: a day off, or a shift wished or not wished, with a priority (1 low, 3 high)."""

    employee: Id
    date: dt.date
    kind: WishKind = WishKind.OFF
    shift: Id | None = None
    priority: int = Field(default=1, ge=1, le=5)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.kind is not WishKind.OFF and self.shift is None:
            raise ValueError(f"a '{self.kind}' wish needs a shift")
        return self


class HistoryShift(TurnusModel):
    """A shift worked before the period starts; days without one count as off."""

    employee: Id
    date: dt.date
    shift: Id


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class TrainingPlan(TurnusModel):
    """Opplæring: a new hire needs ``periods`` task periods on ``task``, each beside a mentor.

    The mentor is one of ``mentors`` or, when none are named, anyone at the top competence
    level for the task (an expert). The mentor works the same task, or ``mentor_task`` (a
    mentoring task) when given. While training, the learner counts ``learner_cover`` of a head
    on the task, and a mentor on the same task counts ``mentor_cover``. The plan is due by
    ``deadline`` (default: the period's end).
    """

    employee: Id
    task: Id
    periods: int = Field(ge=1, le=500)
    deadline: dt.date | None = None
    mentors: tuple[Id, ...] = ()
    mentor_task: Id | None = None
    learner_cover: float = Field(default=0, ge=0, le=1)
    mentor_cover: float = Field(default=1, ge=0, le=1)


class EventKind(StrEnum):
    COURSE = "course"  # kurs
    MEETING = "meeting"  # møte
    TEACHING = "teaching"  # internundervisning


class Attendance(StrEnum):
    ON_SHIFT = "on_shift"  # attendees are rostered on a shift covering the event
    EXTRA_TIME = "extra_time"  # outside their shift, the event's hours count as working time


class Event(TurnusModel):
    """A course, meeting or internal teaching: on ``date``, or every ``weekday`` of the period.

    Attendees are the named ``employees``, everyone with one of ``roles``, everyone holding one
    of ``competences``, or (``on_duty``) everyone working a shift that overlaps the event.
    During the event an attendee does not count as cover.
    """

    id: Id
    name: str = ""
    kind: EventKind = EventKind.MEETING
    date: dt.date | None = None
    weekday: str | None = None
    start: dt.time
    end: dt.time
    employees: tuple[Id, ...] = ()
    roles: tuple[Role, ...] = ()
    competences: tuple[Id, ...] = ()
    on_duty: bool = False
    attendance: Attendance = Attendance.ON_SHIFT

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.date is None) == (self.weekday is None):
            raise ValueError("give either a date or a weekday (weekly), not both or neither")
        if self.weekday is not None and self.weekday not in WEEKDAYS:
            raise ValueError(f"weekday must be a day name (monday ... sunday), got {self.weekday}")
        if self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        if not (self.employees or self.roles or self.competences or self.on_duty):
            raise ValueError("name attendees: employees, roles, competences or on_duty: true")
        return self

    @property
    def minutes(self) -> tuple[int, int]:
        """Start and end in minutes after the event day's midnight."""
        return minutes_of(self.start), minutes_of(self.end)


class Period(TurnusModel):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if (self.end - self.start).days > 366:
            raise ValueError("a period longer than one year is not supported")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Scenario(TurnusModel):
    """A whole planning problem as the user writes it (YAML or the Excel template)."""

    name: str
    office: str = ""
    locale: str = Field(default="nb", pattern=r"^(nb|en)$")
    profile: str = "aml"
    period: Period
    levels: tuple[str, ...] = ("learning", "competent", "expert")
    competences: tuple[Competence, ...]
    tasks: tuple[Task, ...]
    shift_types: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    staffing: tuple[StaffingLine, ...]
    absences: tuple[Absence, ...] = ()
    fixed: tuple[FixedAssignment, ...] = ()
    wishes: tuple[Wish, ...] = ()
    history: tuple[HistoryShift, ...] = ()
    training: tuple[TrainingPlan, ...] = ()
    """Training plans of new hires (opplæring)."""
    events: tuple[Event, ...] = ()
    """Courses, meetings and internal teaching staff must attend."""
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Overrides of the profile's rules by rule name, e.g. ``{daily_rest: {min_hours: 8}}``."""

    @field_validator("levels")
    @classmethod
    def _levels(cls, levels: tuple[str, ...]) -> tuple[str, ...]:
        if len(levels) < 2 or len(set(levels)) != len(levels):
            raise ValueError("levels must be at least two distinct names, lowest first")
        return levels
