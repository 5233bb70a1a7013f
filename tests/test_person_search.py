"""Building and improving a roster one person at a time (:mod:`turnus.person_search`)."""

from __future__ import annotations

import os
import signal

import pytest

from helpers import own_cost, scenario_instance, separable_office, solve_checked
from turnus.instance import Instance
from turnus.person_search import PersonSearch, separable
from turnus.rules.base import SCALE
from turnus.solve import _catching_sigint, _Start
from turnus.validator import validate


@pytest.fixture(scope="module")
def office() -> Instance:
    return separable_office()


def test_only_offices_without_mentors_or_supervisors_are_separable(office: Instance) -> None:
    assert separable(office)
    assert not separable(scenario_instance("akuttmottak.yaml"))  # trainees and new hires


def test_the_roster_built_keeps_every_hard_rule_and_costs_what_the_validator_says(
    office: Instance,
) -> None:
    search = PersonSearch(office, budget=20)
    assert search.build([office.rules])
    report = validate(office, search.schedule())
    assert report.hard == [], [v.message for v in report.hard]
    assert search.objective == own_cost(office, search.schedule()) / SCALE


def test_improving_never_makes_the_roster_worse(office: Instance) -> None:
    search = PersonSearch(office, budget=20)
    search.build([office.rules])
    built = search.objective
    seen: list[float] = []
    search.improve(seen.append)
    assert seen == sorted(seen, reverse=True)
    assert search.objective <= built
    assert validate(office, search.schedule()).hard == []


def test_a_roster_from_elsewhere_is_costed_then_polished_never_worse(office: Instance) -> None:
    """The whole office's roster, taken person by person: the first pass learns each
    month's cost from it, and no month comes back worse than it went in."""
    start = PersonSearch(office, budget=0.5)
    assert start.build([office.rules])
    own_before = own_cost(office, start.schedule()) / SCALE
    search = PersonSearch(office, budget=10)
    search.start_from(start.schedule())
    assert search.complete and not search.costed
    search.improve()
    assert search.costed
    assert validate(office, search.schedule()).hard == []
    assert search.objective == own_cost(office, search.schedule()) / SCALE <= own_before


def test_others_cover_counts_toward_the_staffing_plan(office: Instance) -> None:
    """With everyone else's cover meeting every line, a person's month has no staffing cost."""
    person = office.employees[0].id
    full = {key: 100 * (line.target or line.min) for key, line in office.demand.items()}
    alone = PersonSearch(office.restricted_to([person], full), budget=5)
    assert alone.build([office.rules])
    assert alone.cover_cost == 0
    short = PersonSearch(office.restricted_to([person], {}), budget=5)
    assert short.build([office.rules])
    assert short.cover_cost > 0


def test_solve_goes_person_by_person_when_the_whole_office_finds_no_roster(
    office: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages: list[str] = []
    result = solve_checked(office, time_limit=5, on_progress=lambda p: stages.append(p.stage))
    assert stages[0] == "first"  # the whole office finds a roster, then it is polished

    monkeypatch.setattr("turnus.solve._whole_office", lambda *args: _Start(None, None, False))
    stages.clear()
    result = solve_checked(office, time_limit=5, on_progress=lambda p: stages.append(p.stage))
    assert result.has_solution
    assert stages[0] == "person"


def test_a_large_office_goes_person_by_person_without_trying_the_whole_office(
    office: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("turnus.solve.PERSON_FIRST_PERSON_DAYS", office.num_days)
    stages: list[str] = []
    result = solve_checked(office, time_limit=5, on_progress=lambda p: stages.append(p.stage))
    assert result.has_solution
    assert stages[0] == "person"
    assert "first" not in stages


def test_ctrl_c_between_solves_is_noted_not_raised() -> None:
    with _catching_sigint() as interrupted:
        assert not interrupted()
        os.kill(os.getpid(), signal.SIGINT)
        assert interrupted()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_stop_request_ends_the_build_with_no_roster(office: Instance) -> None:
    search = PersonSearch(office, budget=20, stop=lambda: True)
    assert not search.build([office.rules])
    assert search.schedule().assignments == ()


def test_the_first_roster_is_kept_when_the_full_search_finds_none(
    office: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model too large to presolve in the time left ends with no solution: the first
    stage's roster, which keeps every hard rule, is returned and scored by the validator."""
    from ortools.sat.python import cp_model

    import turnus.solve as solving

    def nothing(built, params, budget, watcher):  # type: ignore[no-untyped-def]
        return solving._Search(cp_model.CpSolver(), cp_model.UNKNOWN, 0, False)

    monkeypatch.setattr(solving, "_main_search", nothing)
    result = solve_checked(office, time_limit=5)
    assert result.status == "feasible"
    assert result.schedule.assignments


def test_people_left_without_a_month_are_tried_again_with_more_time(
    office: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no time for CP-SAT's tree search, a month comes only from the local search; when
    it finds none on the first try (forced here), each person gets a longer one."""
    import turnus.person_search as person_search

    real = PersonSearch._start_feasible
    limits: dict[int | None, list[float]] = {}

    def first_try_fails(self, model, limit, seed):  # type: ignore[no-untyped-def]
        limits.setdefault(seed, []).append(limit)
        return None if seed is None else real(self, model, limit, seed)

    monkeypatch.setattr(PersonSearch, "_start_feasible", first_try_fails)
    monkeypatch.setattr(person_search, "MIN_PART_DTIME", 0.0)
    search = PersonSearch(office, budget=0)
    assert search.build([office.rules])
    assert validate(office, search.schedule()).hard == []
    assert len(limits[None]) == len(limits[1]) == len(office.employees)
    assert min(limits[1]) > max(limits[None])
