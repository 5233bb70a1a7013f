"""Re-rostering: the fewest changes, checked against an exhaustive search on a tiny case;
past days fixed; cheap task changes before moved days off; covering an open shift."""

from __future__ import annotations

import datetime as dt
import itertools
import time

import pytest

from helpers import SCENARIOS_DIR, day, make_instance, solve_checked
from turnus.exceptions import InputError
from turnus.instance import Instance
from turnus.io.scenario_file import load_instance
from turnus.reroster import (
    Need,
    Swap,
    cover,
    diff,
    parse_absence,
    parse_need,
    parse_swap,
    reroster,
    with_requests,
)
from turnus.result import Assignment, Schedule
from turnus.rules.stability import Changes
from turnus.solve import SolveParams, solve
from turnus.validator import validate

FLAT = {"changes": {"weight": 10, "soon_days": 0, "task_weight": 3}}  # a moved shift costs 10
HARD = {"coverage": {"hard": True}, "max_consecutive_days": {"hard": True, "max": 3}}
SICK_CELLS = {("E1", 1), ("E1", 2)}


def roster(*cells: tuple[str, int, str, str]) -> Schedule:
    """(employee, day of the base week, shift, task) cells as a one-period schedule."""
    return Schedule(
        assignments=tuple(
            Assignment(employee=e, date=day(d), shift=s, period="1", task=t)
            for e, d, s, t in cells
        )
    )


def published_week() -> Schedule:
    """E1 works Mon-Wed and Fri, E2 Thu: the weekday eksp need of one head, met."""
    return roster(*[("E1", d, "D", "eksp") for d in (0, 1, 2, 4)], ("E2", 3, "D", "eksp"))


def sick_instance() -> Instance:
    """E1 falls sick on Tuesday and Wednesday; changes allowed from Tuesday."""
    base = make_instance(rules=HARD | FLAT)
    return with_requests(base, published_week(), day(1), [parse_absence(f"E1 {day(1)}..06")])


def test_parse_requests() -> None:
    """The request syntax of ``turnus reroster --help``."""
    absence = parse_absence("E07 2027-01-12..15")
    assert (absence.employee, absence.start, absence.end, absence.kind) == (
        "E07", dt.date(2027, 1, 12), dt.date(2027, 1, 15), "sick",
    )  # fmt: skip
    assert parse_absence("E07 2027-01-31..02-02 vacation").end == dt.date(2027, 2, 2)
    assert parse_need("2027-01-13:A:ekspedisjon+1") == Need(
        dt.date(2027, 1, 13), "A", None, "ekspedisjon", 1
    )
    assert parse_need("2027-01-13:D:fm:skriv-1").period == "fm"
    assert parse_swap("E03 E05 2027-01-14") == Swap("E03", "E05", dt.date(2027, 1, 14))


@pytest.mark.parametrize(
    "text",
    [
        "E07",  # no date
        "E07 2027-01-15..12",  # ends before it starts
        "E07 2027-01-12 flu",  # unknown kind
        "E07 2027-13-12",  # no such month
    ],
)
def test_bad_absence_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        parse_absence(text)


def test_fewest_changes_match_an_exhaustive_search() -> None:
    """E1 is sick Tue-Wed. By hand: E1's Tuesday and Wednesday go (2 changes) and someone
    covers both days (2 more: E2 may work Tue-Thu, 3 in a row, or E3 comes in), so 4 changes
    x 10 = 40 is the least. An exhaustive search over the free days agrees."""
    instance = sick_instance()
    result = solve_checked(instance)
    assert result.objective == 40
    best = exhaustive_best(instance)
    assert best == 40
    changes = diff(instance, published_week(), result.schedule)
    assert len(changes) == 4
    assert {(c.employee, c.date) for c in changes if c.after == "off"} == {
        ("E1", day(1)),
        ("E1", day(2)),
    }


def exhaustive_best(instance: Instance) -> int:
    """Least validator objective over every feasible roster with Monday as published and any
    of E1-E3 on D (eksp) or off Tuesday to Friday (weekends have no need, so stay off; E1 is
    sick Tuesday and Wednesday, so those cells are left out)."""
    fixed = [("E1", 0, "D", "eksp")]
    cells = [(e, d) for d in (1, 2, 3, 4) for e in ("E1", "E2", "E3") if (e, d) not in SICK_CELLS]
    best = None
    for pattern in itertools.product((False, True), repeat=len(cells)):
        chosen = fixed + [
            (e, d, "D", "eksp") for (e, d), on in zip(cells, pattern, strict=True) if on
        ]
        report = validate(instance, roster(*chosen))
        if report.is_feasible and (best is None or report.objective < best):
            best = report.objective
    assert best is not None
    return int(best)


def test_past_days_stay_and_the_validator_catches_a_change() -> None:
    """Monday is before the change date: the solver keeps it, and a hand-made roster that
    moves it breaks the hard part of ``changes``."""
    instance = sick_instance()
    result = solve_checked(instance)
    assert ("E1", day(0)) in result.schedule.shifts()
    moved = roster(("E2", 0, "D", "eksp"), ("E2", 1, "D", "eksp"), ("E3", 2, "D", "eksp"))
    hard = [v for v in validate(instance, moved).hard if v.rule == "changes"]
    assert [v.key for v in hard] == [f"changes:E1:{day(0)}:fixed", f"changes:E2:{day(0)}:fixed"]


def test_changing_a_task_is_cheaper_than_moving_a_day_off() -> None:
    """E1 (eksp) is sick on Wednesday. E2 is on shift doing skriv (no minimum) and can do
    eksp: switching E2's task costs 3, calling in E3 from a day off costs 10."""
    both = {"eksp": "competent", "skriv": "competent"}
    base = make_instance(
        rules={"coverage": {"hard": True}} | FLAT,
        employees=[
            {"id": "E1", "name": "Kari", "competences": {"eksp": "competent"}},
            {"id": "E2", "name": "Ola", "competences": both},
            {"id": "E3", "name": "Per", "competences": both},
        ],
        staffing=[
            {"day": "weekday", "shift": "D", "task": "eksp", "min": 1},
            {"day": "weekday", "shift": "D", "task": "skriv", "min": 0},
        ],
    )
    published = roster(
        *[("E1", d, "D", "eksp") for d in range(5)], *[("E2", d, "D", "skriv") for d in range(5)]
    )
    instance = with_requests(base, published, day(2), [parse_absence(f"E1 {day(2)}")])
    result = solve_checked(instance)
    assert result.objective == 10 + 3
    changes = {(c.employee, c.before, c.after) for c in diff(instance, published, result.schedule)}
    assert changes == {("E1", "D eksp", "off"), ("E2", "D skriv", "D eksp")}


def test_changes_soon_cost_more() -> None:
    """Two days of the same change: the sooner one costs more, down to ``weight``."""
    rule = Changes(name="changes", weight=10, soon_days=7, soon_weight=2)
    assert [rule.cost(k) for k in (0, 1, 6, 7, 20)] == [24, 22, 12, 10, 10]


def test_need_and_swap_requests() -> None:
    """An extra head raises that day's minimum; a swap fixes both people's shifts."""
    base = make_instance(rules=HARD | FLAT)
    instance = with_requests(
        base,
        published_week(),
        day(2),
        needs=[parse_need(f"{day(2)}:D:eksp+1")],
        swaps=[parse_swap(f"E1 E3 {day(4)}")],
    )
    assert instance.demand[2, "D", "1", "eksp"].min == 2
    assert instance.demand[3, "D", "1", "eksp"].min == 1
    outcome = reroster(instance, SolveParams(time_limit=10, workers=1))
    assert outcome.result.has_solution
    shifts = outcome.result.schedule.shifts()
    assert ("E1", day(4)) not in shifts and shifts["E3", day(4)] == "D"
    assert sum(1 for e, d in shifts if d == day(2)) == 2


def test_unknown_person_in_a_request() -> None:
    with pytest.raises(InputError, match="unknown employee 'E9'"):
        with_requests(make_instance(), published_week(), day(1), [parse_absence("E9 2027-01-05")])


def test_cover_ranks_fairest_first_and_names_what_stops_the_others() -> None:
    """Wednesday's shift opens when E1 falls sick. E3 (no shift yet) has the most minus hours
    and comes first, then E2; E1 is sick; E4 lacks the competence."""
    base = make_instance(
        rules=HARD,
        employees=[
            *(
                {"id": f"E{i}", "name": f"P{i}", "competences": {"eksp": "competent"}}
                for i in (1, 2, 3)
            ),
            {"id": "E4", "name": "P4", "competences": {"skriv": "competent"}},
        ],
    )
    sick = with_requests(base, published_week(), day(2), [parse_absence(f"E1 {day(2)}")])
    sick.published = None
    ranked = cover(sick, published_week(), day(2), "D", "eksp")
    assert [c.employee for c in ranked if not c.blockers] == ["E3", "E2"]
    reasons = {c.employee: " ".join(c.blockers) for c in ranked if c.blockers}
    assert "during an absence (sick)" in reasons["E1"]
    assert "without eksp" in reasons["E4"]


def test_bundled_month_sick_week_changes_no_past_day() -> None:
    """Poliklinikk, January: a published roster, then a week of sick leave from Monday 11
    January for Kari (P01). Nothing before the 11th changes; the new roster is valid."""
    instance = load_instance(SCENARIOS_DIR / "poliklinikk.yaml")
    started = time.perf_counter()
    # a quick roster, not an optimal one: validate checks its hard rules (the objective of a
    # roster stopped early is not compared here)
    published = solve(instance, SolveParams(time_limit=4, workers=2))
    assert published.has_solution and validate(instance, published.schedule).is_feasible
    start = dt.date(2027, 1, 11)
    new = with_requests(instance, published.schedule, start, [parse_absence("P01 2027-01-11..15")])
    outcome = reroster(new, SolveParams(time_limit=4, workers=2))
    assert outcome.result.has_solution
    assert validate(new, outcome.result.schedule).is_feasible
    assert outcome.changes and all(c.date >= start for c in outcome.changes)
    sick_days = {
        d for (e, d) in published.schedule.shifts() if e == "P01" and start.day <= d.day <= 15
    }
    assert sick_days <= {c.date for c in outcome.changes if c.employee == "P01"}
    assert time.perf_counter() - started < 30
