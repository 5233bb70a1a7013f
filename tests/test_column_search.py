"""Column generation over people's months (:mod:`turnus.column_search`)."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
from ortools.linear_solver import pywraplp

import turnus.month_walk as month_walk
import turnus.solve as solve_module
from helpers import own_cost, random_curtois_text, separable_office, solve_checked
from turnus.column_search import ColumnSearch, LinearProgramFailed, _Master, _reduced_cost
from turnus.instance import Instance
from turnus.io.curtois import load_curtois
from turnus.month_walk import MonthWalk
from turnus.person_search import PersonSearch, separable
from turnus.result import Schedule
from turnus.solve import SolveParams, _prices_columns, _Start, solve
from turnus.validator import validate


@pytest.fixture(scope="module")
def office() -> Instance:
    return separable_office()


@pytest.fixture(scope="module")
def start(office: Instance) -> Schedule:
    """A roster that keeps every hard rule, built person by person."""
    search = PersonSearch(office, budget=2)
    assert search.build([office.rules])
    return search.schedule()


@pytest.fixture(scope="module")
def converged(office: Instance, start: Schedule) -> ColumnSearch:
    search = ColumnSearch(office, budget=200, workers=2)
    search.add_roster(start)
    assert search.generate()
    return search


def test_the_offices_it_runs_on(office: Instance) -> None:
    assert separable(office) and _prices_columns(office)


def test_a_month_costs_what_the_validator_says(office: Instance, converged: ColumnSearch) -> None:
    """Months from pricing carry their own soft rules' cost; the validator agrees."""
    for who, months in converged.months.items():
        pricing = converged.pricing[who]
        for month in months[-3:]:
            rows = pricing.rows(month)
            assert pricing.month_of(rows) == month  # cost, cover and rows as read
            assert all(row.employee == who for row in rows)


def test_reduced_costs_match_the_linear_programs(converged: ColumnSearch) -> None:
    """The prices read from the program's duals give its own reduced costs (sign and all):
    the pricing problems minimise the right thing."""
    _, prices, convexity = converged._lp.solve()
    for who, months in converged.months.items():
        for month, weight in zip(months, converged._lp.weights[who], strict=True):
            ours = _reduced_cost(month, prices, convexity[who])
            assert ours == pytest.approx(weight.reduced_cost(), abs=1e-6)
            assert ours >= -1e-6  # converged: no month pays for itself


def test_the_bound_is_below_every_roster_and_the_dive_keeps_every_hard_rule(
    office: Instance, start: Schedule, converged: ColumnSearch
) -> None:
    bound = converged.bound
    assert 0 < bound <= converged.lp_value + 1e-6
    dived = converged.dive()
    assert dived is not None
    report = validate(office, dived)
    assert report.hard == [], [v.message for v in report.hard]
    # with everyone fixed, the program's value is the roster's cost, as the validator has it
    cost = own_cost(office, dived)
    assert converged.lp_value == pytest.approx(cost)
    assert bound <= cost and bound <= own_cost(office, start)


@pytest.mark.parametrize("deterministic", [True, False])
def test_the_people_the_dive_fixed_last_are_solved_anew(
    office: Instance, start: Schedule, deterministic: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the dive its last people are solved by CP-SAT, the others' months fixed: the
    roster keeps every hard rule, the others' months stand, and it costs no more. Only in
    wall-clock time may the solve be stopped when idle (the roster would be the clock's)."""
    idle_stops: list[float] = []
    stopped_when_idle = solve_module._stopped_when_idle

    def recorded(solver: Any, stopper: Any, least: float) -> Any:
        idle_stops.append(least)
        return stopped_when_idle(solver, stopper, least)

    monkeypatch.setattr(solve_module, "_stopped_when_idle", recorded)
    search = ColumnSearch(office, budget=200, workers=2)
    search.add_roster(start)
    with search:
        dived = search.dive()
        assert dived is not None
        last = search.last_fixed()
        assert last == list(search.fixed)[-len(last) :] and len(last) == 5  # half of 10
        params = SolveParams(time_limit=10, workers=2, deterministic=deterministic)
        solved = solve_module._solve_last(office, search, dived, params, lambda: False)
    assert idle_stops == ([] if deterministic else [solve_module.LAST_LEAST_SHARE * 10])
    assert solved is not None  # the dive's months are a start: CP-SAT has a roster
    report = validate(office, solved)
    assert report.hard == [], [v.message for v in report.hard]
    kept = set(search.fixed) - set(last)
    assert [r for r in solved.assignments if r.employee in kept] == [
        r for r in dived.assignments if r.employee in kept
    ]
    assert solve_module._cost(office, solved) <= solve_module._cost(office, dived)


def test_a_solve_is_idle_once_it_found_nothing_for_as_long_as_its_best_took() -> None:
    stopper = solve_module._Stopper(lambda: False)
    now = time.perf_counter()
    stopper.began, stopper.found = now - 10, now - 6  # best after 4 s, nothing for 6 s
    assert stopper.idle(least=1) and not stopper.idle(least=7)
    stopper.found = now - 3  # best after 7 s, nothing for 3 s
    assert not stopper.idle(least=1)


class _StoppableSolver:
    stopped_at: float | None = None

    def stop_search(self) -> None:
        self.stopped_at = time.perf_counter()


def test_an_idle_solve_is_stopped_and_not_before() -> None:
    """The watching thread stops the solve once it is idle, though no roster comes to call
    back: never sooner (a roster every 0.3 s, the last 1.2 s in, makes it wait 1.2 s more
    than the least 0.9 s), and soon after."""
    solver, stopper = _StoppableSolver(), solve_module._Stopper(lambda: False)
    with solve_module._stopped_when_idle(solver, stopper, least=0.9):  # type: ignore[arg-type]
        for _ in range(4):  # each roster well within 0.9 s of the last
            time.sleep(0.3)
            assert solver.stopped_at is None
            stopper.found = time.perf_counter()  # as a roster found now would
        time.sleep(3)
    assert solver.stopped_at is not None
    best_took = stopper.found - stopper.began
    assert best_took > 0.9
    assert best_took <= solver.stopped_at - stopper.found < best_took + 0.5


def test_solve_reports_the_column_bound_and_a_checked_roster(office: Instance) -> None:
    result = solve_checked(office, time_limit=20, workers=2)
    assert 0 < result.bound <= result.objective


@pytest.mark.parametrize("failures", [1, 2, 3])
def test_the_linear_program_is_solved_from_scratch_after_a_numerical_failure(
    converged: ColumnSearch, failures: int
) -> None:
    """GLOP's warm start rarely ends ``ABNORMAL`` after many columns, and a solve from
    scratch with its presolve now and then too; the next settings give the program's
    value."""
    master = converged._lp
    expected = master.solve()[0]
    real = master.lp

    class Fails:
        def __init__(self) -> None:
            self.failures = failures

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def Solve(self, *params: Any) -> int:
            if self.failures:
                self.failures -= 1
                return pywraplp.Solver.ABNORMAL
            (settings,) = params
            incremental = settings.GetIntegerParam(settings.INCREMENTALITY)
            assert incremental == settings.INCREMENTALITY_OFF, "the same warm start again"
            return real.Solve(*params)

    master.lp = Fails()
    try:
        assert master.solve()[0] == pytest.approx(expected)
    finally:
        master.lp = real


def test_a_program_that_fails_from_scratch_too_is_built_again(
    office: Instance, start: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When GLOP fails warm and from scratch, a new program with the same months (the
    fixed people's own) gives the same value."""
    search = ColumnSearch(office, budget=200, workers=2)
    search.add_roster(start)
    search.generate(3)
    search.fixed[office.employees[0].id] = 0
    search._lp.fix(office.employees[0].id, 0)
    expected = search._solve_lp()[0]
    failing = search._lp
    real = _Master.solve

    def fail_once(self: _Master) -> Any:
        if self is failing:
            raise LinearProgramFailed("GLOP ended with status 4")
        return real(self)

    monkeypatch.setattr(_Master, "solve", fail_once)
    assert search._solve_lp()[0] == pytest.approx(expected)
    assert search._lp is not failing
    assert len(search.months[office.employees[0].id]) == 1


def test_a_failed_linear_program_leaves_the_whole_offices_roster(
    office: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: Any) -> None:
        raise LinearProgramFailed("GLOP ended with status 4")

    monkeypatch.setattr("turnus.column_search._Master.solve", fail)
    result = solve_checked(office, time_limit=5, workers=2)
    assert result.has_solution


def test_the_column_stage_gives_the_same_roster_twice(office: Instance) -> None:
    """Deterministic time throughout, what the column stage leaves included."""
    params = SolveParams(time_limit=3, workers=2, seed=1)
    first, second = solve(office, params), solve(office, params)
    assert first.schedule == second.schedule and first.objective == second.objective


def test_without_a_first_roster_the_main_search_has_the_stages_time(
    office: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the whole office nor person by person finds a roster: the main search gets
    the column stage's time, and still finds a checked roster."""
    budgets: list[float] = []
    main_search = solve_module._main_search

    def recorded(built: Any, params: SolveParams, budget: float, watcher: Any) -> Any:
        budgets.append(budget)
        return main_search(built, params, budget, watcher)

    nothing = _Start(None, None, False)
    monkeypatch.setattr(solve_module, "_whole_office", lambda *args: nothing)
    monkeypatch.setattr(solve_module, "_person_by_person", lambda *args: nothing)
    monkeypatch.setattr(solve_module, "_main_search", recorded)
    result = solve_checked(office, time_limit=4, workers=2)
    assert result.has_solution
    # the limit less the whole office's share of the stage, the only part spent
    spent = solve_module.COLUMN_STAGE_SHARE * solve_module.WHOLE_OFFICE_SHARE
    assert budgets == [pytest.approx(4 * (1 - spent))]


def test_a_staffing_lines_pieces_cost_what_its_terms_do() -> None:
    """One row per staffing line: filling its pieces cheapest first (as the linear program
    does, the costs being convex) costs what the shortfall and excess terms say."""
    from turnus.column_search import _PiecewiseCost

    cost = _PiecewiseCost(
        short=[(200, 30.0, True), (300, 5.0, False)], over=[(300, 1.0, False), (500, 99.0, True)]
    )
    level = cost.cheapest_level()
    assert level == 300
    pieces = cost.pieces()
    for heads in range(0, 800, 25):
        gap = level - heads
        filled, paid = abs(gap), 0.0
        side = [p for p in pieces if (p[1] <= level) == (gap > 0)]
        side.sort(key=lambda p: abs(p[2]))  # the cheapest first
        for low, high, slope, _ in side:
            width = high - low if abs(high) < float("inf") and abs(low) < float("inf") else 1e9
            take = min(filled, width)
            paid, filled = paid + take * abs(slope), filled - take
        terms = sum(c * max(0, lv - heads) for lv, c, _ in cost.short)
        terms += sum(c * max(0, heads - lv) for lv, c, _ in cost.over)
        assert paid == pytest.approx(terms), heads
    hard = [(low, high) for low, high, _, is_hard in pieces if is_hard]
    assert hard == [(-float("inf"), 200), (500, float("inf"))]


@pytest.mark.parametrize("seed", [3, 4])  # a first roster, and limits that bind
def test_limits_priced_converge_to_the_exact_walks_relaxation(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walks price their shift-type limits until they find no month; the exact walks then
    prove convergence, so the relaxation's value is the one exact walks alone reach."""
    monkeypatch.setattr(month_walk, "PRICED_FROM", 0.0)  # however cheap walking them is
    path = tmp_path / f"Random{seed}.txt"
    path.write_text(random_curtois_text(random.Random(seed)))
    _, instance = load_curtois(path)
    start = PersonSearch(instance, budget=5)
    assert start.build([instance.rules])

    def converged() -> float:
        with ColumnSearch(instance, budget=1000) as search:
            search.add_roster(start.schedule())
            assert search.generate()
            return search.lp_value

    priced = converged()
    exact_only = MonthWalk.cheapest
    monkeypatch.setattr(
        MonthWalk, "cheapest", lambda walk, *ask, exact=True: exact_only(walk, *ask[:3])
    )
    assert priced == pytest.approx(converged(), rel=1e-9)
