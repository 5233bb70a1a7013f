"""What every sheet writer gets: the roster, its figures, the solve, and the language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from turnus.i18n import Texts
from turnus.instance import Instance
from turnus.metrics import Metrics
from turnus.result import Result, Schedule
from turnus.validator import Report


@dataclass(frozen=True)
class SheetContext:
    instance: Instance
    schedule: Schedule
    metrics: Metrics
    report: Report
    result: Result | None
    t: Texts
    written: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def office(self) -> str:
        scenario = self.instance.scenario
        return scenario.office or scenario.name

    @property
    def period(self) -> str:
        period = self.instance.scenario.period
        return f"{period.start:%d.%m.%Y} – {period.end:%d.%m.%Y}"

    def header(self, sheet_title: str) -> tuple[str, str, str]:
        """Page header: office, what the page is, and the period."""
        return self.office, sheet_title, self.period

    def footer(self) -> tuple[str, str, str]:
        """Page footer: print date, page number, scenario name."""
        return self.t("header.printed"), self.t("header.page"), self.instance.scenario.name
