"""Column generation over people's months (:mod:`turnus.column_search`)."""

from __future__ import annotations

import pytest

from helpers import own_cost, separable_office, solve_checked
from turnus.column_search import ColumnSearch, _reduced_cost
from turnus.instance import Instance
from turnus.person_search import PersonSearch, separable
from turnus.result import Schedule
from turnus.solve import _prices_columns
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
            assert month.own_cost == pricing.month_of(month.rows).own_cost
            assert all(row.employee == who for row in month.rows)


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


def test_solve_reports_the_column_bound_and_a_checked_roster(office: Instance) -> None:
    result = solve_checked(office, time_limit=20, workers=2)
    assert 0 < result.bound <= result.objective
