"""Every word turnus shows people, in Norwegian bokmål (``nb``) and English (``en``).

Sheet names, column headers, codes and the terminal summary read their text from here, so a
language is one column of this file. Machine-readable names (the ``Assignments`` sheet and its
columns, metric field names) never change with the language.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cache
from typing import Literal

import holidays

from turnus.calendar import NB_MONTHS
from turnus.domain import AbsenceKind, Role

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")


class Language(StrEnum):
    """The languages, for command-line options."""

    NB = "nb"
    EN = "en"


# key -> (bokmål, English); ``{name}`` fields are filled by :func:`text`.
TEXTS: dict[str, tuple[str, str]] = {
    # sheet names (at most 31 characters, no []:*?/\)
    "sheet.roster": ("Turnus", "Roster"),
    "sheet.tasks": ("Oppgaver", "Tasks"),
    "sheet.coverage": ("Bemanning", "Coverage"),
    "sheet.hours": ("Timer", "Hours"),
    "sheet.utilization": ("Utnyttelse", "Utilization"),
    "sheet.rules": ("Regler", "Rules"),
    "sheet.training": ("Opplæring", "Training"),
    "sheet.cost": ("Kostnad", "Cost"),
    # roster
    "title.roster": ("Turnus {office} {start} – {end}", "Roster {office} {start} – {end}"),
    "col.employee": ("Ansatt", "Employee"),
    "col.name": ("Navn", "Name"),
    "col.role": ("Rolle", "Role"),
    "col.position_pct": ("Stilling %", "Position %"),
    "col.pct": ("%", "%"),
    "col.id": ("Nr.", "ID"),
    "col.planned_hours": ("Timer", "Hours"),
    "col.contract_hours": ("Avtalt", "Contract"),
    "col.plus_minus_hours": ("+/-", "+/-"),
    "row.week": ("Uke", "Week"),
    "row.count": ("Antall på vakt", "Staff on shift"),
    "legend": ("Forklaring", "Legend"),
    "legend.shift": (
        "{name} {start}–{end}, {hours} t betalt",
        "{name} {start}–{end}, {hours} h paid",
    ),
    "legend.weekend": ("Helg", "Weekend"),
    "legend.holiday": ("Helligdag", "Public holiday"),
    "legend.absence": ("Fravær", "Absence"),
    "header.printed": ("Utskrift &D", "Printed &D"),
    "header.page": ("Side &P av &N", "Page &P of &N"),
    # daily tasks
    "col.date": ("Dato", "Date"),
    "col.weekday": ("Dag", "Day"),
    "col.shift": ("Vakt", "Shift"),
    "col.time": ("Tid", "Time"),
    "col.period": ("Periode", "Period"),
    "col.task": ("Oppgave", "Task"),
    "tasks.none": ("Ingen oppgaver denne dagen", "No tasks this day"),
    # coverage
    "col.min": ("Min", "Min"),
    "col.target": ("Mål", "Target"),
    "col.max": ("Maks", "Max"),
    "col.planned": ("Planlagt", "Planned"),
    "col.cover": ("Dekning", "Cover"),
    "col.shortfall": ("Mangler (min)", "Short (min)"),
    "col.below_target": ("Under mål", "Below target"),
    "col.surplus": ("Over mål", "Above target"),
    "coverage.note": (
        "Rødt: under minimum. Gult: under mål. Blått: over mål. Dekning teller elever med "
        "sin andel.",
        "Red: below minimum. Yellow: below target. Blue: above target. Cover counts trainees "
        "by their share.",
    ),
    # hours and fairness
    "col.utilization": ("Utnyttelse", "Utilization"),
    "col.shifts": ("Vakter", "Shifts"),
    "col.evenings": ("Kvelder", "Evenings"),
    "col.nights": ("Netter", "Nights"),
    "col.weekends": ("Helger", "Weekends"),
    "col.holidays": ("Helligdager", "Holidays"),
    "col.absence_days": ("Fraværsdager", "Absence days"),
    "col.wishes_granted": ("Ønsker innfridd", "Wishes granted"),
    "col.wishes_total": ("Ønsker", "Wishes"),
    "row.total": ("Sum", "Total"),
    # utilization
    "util.office": ("Kontoret", "The office"),
    "util.staff": ("Ansatte", "Staff"),
    "util.fte": ("Årsverk", "FTE"),
    "util.capacity_hours": ("Kapasitet (avtalte timer)", "Capacity (contract hours)"),
    "util.planned_hours": ("Planlagte timer", "Planned hours"),
    "util.demand_hours": ("Behov, minimum (timer)", "Demand, minimum (hours)"),
    "util.target_hours": ("Behov, mål (timer)", "Demand, target (hours)"),
    "util.covered_hours": ("Dekket behov (timer)", "Demand covered (hours)"),
    "util.shortfall_hours": ("Udekket behov (timer)", "Shortfall (hours)"),
    "util.overtime_hours": ("Plusstimer", "Overtime (plus hours)"),
    "util.minus_hours": ("Minustimer", "Minus hours"),
    "util.utilization": ("Planlagt ÷ kapasitet", "Planned ÷ capacity"),
    "util.demand_ratio": ("Behov ÷ kapasitet", "Demand ÷ capacity"),
    "util.coverage": ("Dekket ÷ behov", "Covered ÷ demand"),
    "util.hard_violations": ("Brudd på harde regler", "Hard rules broken"),
    "util.penalty": ("Straffekostnad", "Penalty"),
    "util.by_task": ("Per oppgave", "By task"),
    "util.by_day": ("Per dag", "By day"),
    "util.by_person": ("Per person", "By person"),
    "chart.axis": ("Timer", "Hours"),
    "col.required_hours": ("Behov (timer)", "Required (hours)"),
    "col.covered_hours": ("Dekket (timer)", "Covered (hours)"),
    "col.shortfall_hours": ("Udekket (timer)", "Shortfall (hours)"),
    "col.coverage": ("Dekning", "Coverage"),
    "chart.by_day": ("Behov og dekning per dag (timer)", "Demand and cover by day (hours)"),
    "chart.hours": ("Planlagte timer mot avtalt", "Planned hours against contract"),
    # rule report
    "rules.facts": ("Løsningen", "The solve"),
    "rules.status": ("Status", "Status"),
    "rules.objective": ("Målfunksjon", "Objective"),
    "rules.bound": ("Nedre grense", "Bound"),
    "rules.gap": ("Gap", "Gap"),
    "rules.time": ("Tid (s)", "Time (s)"),
    "rules.seed": ("Frø (seed)", "Seed"),
    "rules.workers": ("Tråder", "Workers"),
    "rules.turnus": ("turnus-versjon", "turnus version"),
    "rules.ortools": ("OR-Tools-versjon", "OR-Tools version"),
    "rules.written": ("Skrevet", "Written"),
    "rules.summary": ("Per regel", "By rule"),
    "rules.hard": ("Brudd på harde regler", "Hard rules broken"),
    "rules.soft": ("Myke regler: straffekostnader", "Soft rules: penalties"),
    "rules.none": ("Ingen", "None"),
    "col.rule": ("Regel", "Rule"),
    "col.hard": ("Hard", "Hard"),
    "col.count": ("Antall", "Count"),
    "col.cost": ("Kostnad", "Cost"),
    "col.amount": ("Mengde", "Amount"),
    "col.key": ("Nøkkel", "Key"),
    "col.message": ("Beskrivelse", "Description"),
    "yes": ("ja", "yes"),
    "no": ("nei", "no"),
    # terminal summary
    "sum.status": ("status", "status"),
    "sum.objective": ("målfunksjon", "objective"),
    "sum.bound": ("nedre grense", "bound"),
    "sum.gap": ("gap", "gap"),
    "sum.time": ("tid", "time"),
    "sum.first": ("første turnus", "first roster"),
    "sum.interrupted": (" (avbrutt)", " (interrupted)"),
    "sum.hard": ("harde regler brutt", "hard rules broken"),
    "sum.rule": ("{count} x, kostnad {cost}", "{count} x, cost {cost}"),
    "sum.hours": ("timer planlagt / avtalt", "hours planned / contract"),
    "sum.coverage": ("bemanningsplan dekket", "staffing plan covered"),
    "sum.shortfall": ("udekket behov", "shortfall"),
    # solve status
    "status.optimal": ("optimal", "optimal"),
    "status.feasible": ("gyldig, ikke bevist optimal", "feasible, not proven optimal"),
    "status.infeasible": ("umulig", "infeasible"),
    "status.no solution in time": ("ingen løsning innen tiden", "no solution in time"),
    "status.invalid model": ("ugyldig modell", "invalid model"),
}

ROLE_GROUPS: dict[Role, tuple[str, str]] = {
    Role.LEADER: ("Ledere", "Leaders"),
    Role.AUTHORISED: ("Autoriserte helsesekretærer", "Authorised medical secretaries"),
    Role.SECRETARY: ("Kontormedarbeidere", "Office staff"),
    Role.NEW_HIRE: ("Nytilsatte", "New hires"),
    Role.TRAINEE: ("Elever og lærlinger", "Trainees"),
}
"""Roles in the order the roster groups them, with group headings."""

ABSENCE: dict[AbsenceKind, tuple[tuple[str, str], tuple[str, str]]] = {
    AbsenceKind.VACATION: (("F", "ferie"), ("V", "vacation")),
    AbsenceKind.SICK: (("S", "syk"), ("S", "sick")),
    AbsenceKind.LEAVE: (("P", "permisjon"), ("L", "leave")),
    AbsenceKind.COURSE: (("K", "kurs"), ("C", "course")),
    AbsenceKind.SCHOOL: (("Sk", "skole"), ("Sc", "school")),
    AbsenceKind.OTHER: (("Fr", "annet fravær"), ("O", "other absence")),
}
"""Absence kind -> (code, word) in bokmål and English."""


WEEKDAYS_LONG = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS_LONG = {
    "nb": NB_MONTHS,
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return LANGS.index(lang)  # type: ignore[arg-type]


def text(key: str, lang: str, **fields: object) -> str:
    """The text for ``key`` in ``lang``, with ``fields`` filled in."""
    words = TEXTS[key][_index(lang)]
    return words.format(**fields) if fields else words


def role_group(role: Role, lang: str) -> str:
    return ROLE_GROUPS[role][_index(lang)]


def absence_code(kind: AbsenceKind, lang: str) -> tuple[str, str]:
    """(code, word) of an absence kind, e.g. ``("F", "ferie")``."""
    return ABSENCE[kind][_index(lang)]


def long_date(date: dt.date, lang: str) -> str:
    """``mandag 4. januar 2027`` or ``Monday 4 January 2027``."""
    _index(lang)
    weekday, month = WEEKDAYS_LONG[lang][date.weekday()], MONTHS_LONG[lang][date.month - 1]
    if lang == "nb":
        return f"{weekday} {date.day}. {month} {date.year}"
    return f"{weekday} {date.day} {month} {date.year}"


@cache
def holiday_name(date: dt.date, lang: str) -> str | None:
    """The public holiday's name on ``date`` in ``lang``, or None."""
    names = holidays.country_holidays(
        "NO", years=date.year, language="no" if lang == "nb" else "en_US"
    )
    return names.get(date)


class Texts:
    """The texts of one language: ``t = Texts("nb"); t("sheet.roster")``."""

    def __init__(self, lang: str):
        _index(lang)
        self.lang = lang

    def __call__(self, key: str, **fields: object) -> str:
        return text(key, self.lang, **fields)

    def role(self, role: Role) -> str:
        return role_group(role, self.lang)

    def absence(self, kind: AbsenceKind) -> tuple[str, str]:
        return absence_code(kind, self.lang)

    def holiday(self, date: dt.date) -> str | None:
        return holiday_name(date, self.lang)

    def date(self, date: dt.date) -> str:
        return long_date(date, self.lang)
