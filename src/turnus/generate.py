"""Realistic 24/7 secretary offices of any head-count, for benchmarks, tests and demos.

:func:`generate_office` builds an emergency-department secretary service in the style of
``scenarios/akuttmottak.yaml``: day, evening and night shifts every day, a staffing plan that
grows with the staff, a mix of competences and position percentages, night workers, new hires
and trainees in proportion, vacations, a sick leave and wishes. The same arguments always give
the same scenario.

The staffing plan is sized from the staff so that the minimum can be met but not easily: the
weekend lines take about three quarters of what the one-weekend-in-three rule lets the office
staff each weekend, and the weekday lines take most of the remaining contract hours. What is
left over goes to an open-ended record-control task, so contract hours can always be met.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from turnus.domain import Scenario

TASKS = (
    ("akutt", "Akuttmottak/innskriving"),
    ("sentralbord", "Sentralbord/telefon"),
    ("skriv", "Skrivetjeneste"),
    ("koding", "Koding"),
    ("journal", "Journalkontroll/skanning"),
    ("timebestilling", "Timebestilling/innkalling"),
)
SHIFT_TYPES: tuple[dict[str, Any], ...] = (
    {
        "id": "D", "name": "Dagvakt", "start": "07:30", "end": "15:00", "paid_hours": 7.5,
        "periods": [
            {"id": "fm", "start": "07:30", "end": "11:30"},
            {"id": "em", "start": "11:30", "end": "15:00"},
        ],
    },
    {
        "id": "A", "name": "Aftenvakt", "start": "14:30", "end": "22:00", "paid_hours": 7.5,
        "periods": [
            {"id": "1", "start": "14:30", "end": "18:30"},
            {"id": "2", "start": "18:30", "end": "22:00"},
        ],
    },
    {"id": "N", "name": "Nattevakt", "start": "22:00", "end": "07:30", "paid_hours": 9.0},
)  # fmt: skip
FIRST_NAMES = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Nina", "Randi", "Solveig", "Ragnhild", "Heidi", "Silje", "Ida", "Camilla",
    "Tone", "Maria", "Julie", "Hanne", "Elin", "Kristin", "Lene", "Mona", "Guro", "Sara",
    "Emma", "Nora", "Ahmed", "Fatima", "Ole", "Lars", "Petter", "Martin", "Jonas", "Amir",
    "Linh", "Agnieszka", "Mohammed", "Sofie", "Thea", "Ingvild", "Wenche", "Torill", "Aud",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Henriksen", "Lund",
    "Halvorsen", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen",
    "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe",
)  # fmt: skip
POSITION_PCTS = (100, 100, 100, 100, 100, 80, 80, 80, 75, 60, 50)
DAY_TASKS = ("skriv", "koding", "journal", "timebestilling")
EXPERT_SHARE = 0.3


@dataclass(frozen=True)
class Mix:
    """Shares of the staff by kind; the rest are authorised secretaries on days and evenings."""

    nights: float = 0.4
    new_hires: float = 0.06
    trainees: float = 0.06
    vacation: float = 0.2  # share of staff with a week's vacation in the period
    sick: float = 0.04  # share with a sick leave of a week
    wishes: float = 0.35  # wishes per person
    weekend_load: float = 0.75  # weekend staffing as a share of what 1-in-3 weekends allows
    training_periods: int = 6  # task periods of dictation each new hire learns beside a mentor


def generate_office(
    staff: int, seed: int = 0, start: dt.date = dt.date(2027, 3, 1), days: int = 31
) -> Scenario:
    """A 24/7 office of ``staff`` people over ``days`` days from ``start``; same seed, same office.

    Parameters
    ----------
    staff
        Head-count, at least 6: authorised secretaries (about 40 % allowed nights), new hires
        and trainees (about 6 % each, from 15 staff up).
    seed
        Chooses names, competences, position percentages, absences and wishes.
    start, days
        The planning period.
    """
    if staff < 6:
        raise ValueError(f"an office needs at least 6 staff for a 24/7 roster, got {staff}")
    if not 7 <= days <= 366:
        raise ValueError(f"days must be between 7 and 366, got {days}")
    rng = random.Random(f"turnus-office:{staff}:{seed}")
    mix = Mix()
    end = start + dt.timedelta(days=days - 1)
    employees = _employees(rng, staff, mix)
    return Scenario.model_validate(
        {
            "name": f"Generert akuttmottak, {staff} ansatte (seed {seed})",
            "office": "Generated 24/7 secretary office",
            "profile": "aml",
            "period": {"start": start, "end": end},
            "competences": [{"id": task, "name": name} for task, name in TASKS],
            "tasks": [
                {"id": task, "name": name, "competence": task, "unpopular": task == "journal"}
                for task, name in TASKS
            ],
            "shift_types": list(SHIFT_TYPES),
            "employees": employees,
            "staffing": _staffing(employees, mix),
            "absences": _absences(rng, employees, start, days, mix),
            "wishes": _wishes(rng, employees, start, days, mix),
            "training": [
                {"employee": e["id"], "task": "skriv", "periods": mix.training_periods}
                for e in employees
                if e.get("role") == "new_hire"
            ],
        }
    )


def _employees(rng: random.Random, staff: int, mix: Mix) -> list[dict[str, Any]]:
    trainees = round(staff * mix.trainees) if staff >= 15 else 0
    new_hires = max(1, round(staff * mix.new_hires)) if staff >= 15 else 0
    night_workers = max(3, round((staff - trainees - new_hires) * mix.nights))
    day_workers = staff - trainees - new_hires - night_workers
    kinds = ["night"] * night_workers + ["day"] * day_workers
    kinds += ["new_hire"] * new_hires + ["trainee"] * trainees
    people = [_person(rng, i, kind) for i, kind in enumerate(kinds)]
    day_staff = [p["id"] for p in people if p.get("shift_types") == ["D", "A"] and "role" not in p]
    for person in people:
        if person.get("role") == "trainee":
            person["supervisors"] = sorted(rng.sample(day_staff, k=min(2, len(day_staff))))
    return people


def _person(rng: random.Random, index: int, kind: str) -> dict[str, Any]:
    """One employee: night workers cover the emergency desk and the switchboard at night."""
    person: dict[str, Any] = {
        "id": f"E{index + 1:03d}",
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "position_pct": rng.choice(POSITION_PCTS),
        "hourly_wage": rng.randrange(285, 335),
    }

    def level() -> str:
        return "expert" if rng.random() < EXPERT_SHARE else "competent"

    if kind == "night":
        person |= {"weekly_hours": 33.6, "nights": True}
        person["competences"] = {"akutt": level(), "sentralbord": level()}
        for task in rng.sample(DAY_TASKS, k=rng.randint(0, 2)):
            person["competences"][task] = level()
    elif kind == "day":
        person["shift_types"] = ["D", "A"]
        front = rng.sample(("akutt", "sentralbord"), k=rng.randint(1, 2))
        person["competences"] = {task: level() for task in front}
        for task in rng.sample(DAY_TASKS, k=rng.randint(1, 3)):
            person["competences"][task] = level()
    elif kind == "new_hire":
        person |= {"role": "new_hire", "shift_types": ["D", "A"], "position_pct": 100}
        person["competences"] = {"akutt": "competent", "journal": "competent", "skriv": "learning"}
    else:
        person |= {"role": "trainee", "shift_types": ["D"], "position_pct": 100}
        person |= {"weekly_hours": 37.5, "hourly_wage": 180}
        person["competences"] = {"journal": "competent", "akutt": "learning"}
    return person


def _staffing(employees: list[dict[str, Any]], mix: Mix) -> list[dict[str, Any]]:
    """A staffing plan proportional to the staff who count as cover."""
    cover = sum(1 for e in employees if e.get("role") != "trainee")
    per_weekend = max(3, int(cover / 3 * mix.weekend_load))
    nights = max(1, round(per_weekend * 2 / 7))
    evenings = max(1, round(per_weekend * 2 / 7))
    weekend_days = max(1, per_weekend - nights - evenings)

    def split(heads: int) -> tuple[int, int]:
        """Heads on the emergency desk and on the switchboard (none when one person alone)."""
        switchboard = max(1, round(heads / 3)) if heads > 1 else 0
        return heads - switchboard, switchboard

    def part(share: float) -> int:
        return max(1, round(cover * share))

    lines: list[dict[str, Any]] = []
    for day in ("saturday", "sunday"):
        for shift, heads in (("D", weekend_days), ("A", evenings), ("N", nights)):
            desk, switchboard = split(heads)
            lines += [
                {"day": day, "shift": shift, "task": "akutt", "min": desk},
                {"day": day, "shift": shift, "task": "sentralbord", "min": switchboard},
            ]
    desk, switchboard = split(nights)
    lines += [
        {"day": "weekday", "shift": "N", "task": "akutt", "min": desk},
        {"day": "weekday", "shift": "N", "task": "sentralbord", "min": switchboard},
        {"day": "weekday", "shift": "D", "task": "akutt", "min": part(0.07)},
        {"day": "weekday", "shift": "D", "task": "sentralbord", "min": part(0.035)},
        {"day": "weekday", "shift": "D", "task": "skriv", "min": part(0.035),
         "target": 2 * part(0.035)},
        {"day": "weekday", "shift": "D", "task": "koding", "min": 0, "target": part(0.035)},
        {"day": "weekday", "shift": "D", "task": "timebestilling", "min": 0,
         "target": part(0.035)},
        {"day": "weekday", "shift": "D", "task": "journal", "min": 0},
        {"day": "weekday", "shift": "A", "task": "akutt", "min": part(0.07)},
        {"day": "weekday", "shift": "A", "task": "sentralbord", "min": part(0.035)},
        {"day": "weekday", "shift": "A", "task": "skriv", "min": 0, "target": part(0.035)},
    ]  # fmt: skip
    return lines


def _weekdays(start: dt.date, days: int) -> list[dt.date]:
    dates = (start + dt.timedelta(days=i) for i in range(days))
    return [d for d in dates if d.weekday() < 5]


def _absences(
    rng: random.Random, employees: list[dict[str, Any]], start: dt.date, days: int, mix: Mix
) -> list[dict[str, Any]]:
    """A week's vacation for some (Monday to Sunday), a week's sick leave for a few."""
    mondays = [d for d in _weekdays(start, days - 6) if d.weekday() == 0]
    absences = []
    if not mondays:
        return absences
    chosen = rng.sample(employees, k=round(len(employees) * (mix.vacation + mix.sick)))
    vacationers = round(len(employees) * mix.vacation)
    for i, person in enumerate(chosen):
        first = rng.choice(mondays)
        kind = "vacation" if i < vacationers else "sick"
        last = first + dt.timedelta(days=6 if kind == "vacation" else 4)
        absences.append({"employee": person["id"], "start": first, "end": last, "kind": kind})
    return sorted(absences, key=lambda a: (a["employee"], a["start"]))


def _wishes(
    rng: random.Random, employees: list[dict[str, Any]], start: dt.date, days: int, mix: Mix
) -> list[dict[str, Any]]:
    """Wishes for a day off, and a few for a shift; priorities 1 to 3."""
    wishes = []
    for _ in range(round(len(employees) * mix.wishes)):
        person = rng.choice(employees)
        date = start + dt.timedelta(days=rng.randrange(days))
        wish: dict[str, Any] = {"employee": person["id"], "date": date}
        wish["priority"] = rng.choice((1, 1, 2, 3))
        if person.get("nights") and rng.random() < 0.3:
            wish |= {"kind": "shift", "shift": "N"}
        wishes.append(wish)
    unique = {(w["employee"], w["date"]): w for w in wishes}
    return sorted(unique.values(), key=lambda w: (w["employee"], w["date"]))
