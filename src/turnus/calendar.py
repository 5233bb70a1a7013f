"""The Norwegian calendar: day types, public holidays (røde dager) and holiday eves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NB_WEEKDAYS = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NB_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


@cache
def norwegian_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays of ``year``; Sundays are not listed as holidays unless named."""
    return dict(holidays.country_holidays("NO", years=year, language="no"))


@dataclass(frozen=True, slots=True)
class Day:
    """One calendar day of the planning timeline (index 0 is the period's first day)."""

    index: int
    date: dt.date
    holiday: str | None
    holiday_eve: bool

    @property
    def weekday(self) -> int:
        return self.date.weekday()

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]

    @property
    def is_saturday(self) -> bool:
        return self.weekday == 5

    @property
    def is_sunday(self) -> bool:
        return self.weekday == 6

    @property
    def is_holiday(self) -> bool:
        return self.holiday is not None

    @property
    def is_workday(self) -> bool:
        """Monday to Friday and not a public holiday: the days contract hours accrue on."""
        return self.weekday < 5 and not self.is_holiday

    @property
    def day_type(self) -> str:
        """weekday, saturday, sunday or holiday (a holiday on any day of the week)."""
        if self.is_holiday:
            return "holiday"
        if self.weekday < 5:
            return "weekday"
        return self.weekday_name

    def label(self, lang: str = "nb") -> str:
        names = NB_WEEKDAYS if lang == "nb" else EN_WEEKDAYS
        return f"{names[self.weekday]} {self.date.day}.{self.date.month}"


def make_day(index: int, date: dt.date) -> Day:
    holiday = norwegian_holidays(date.year).get(date)
    following = date + dt.timedelta(days=1)
    eve = following in norwegian_holidays(following.year) and holiday is None
    return Day(index=index, date=date, holiday=holiday, holiday_eve=eve)


def days_between(start: dt.date, end: dt.date, first_index: int = 0) -> tuple[Day, ...]:
    count = (end - start).days + 1
    return tuple(make_day(first_index + i, start + dt.timedelta(days=i)) for i in range(count))
