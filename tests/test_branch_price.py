"""Branch and price (:mod:`turnus.branch_price`): searched to its end, it proves the same
optimum as CP-SAT on the whole model; every roster it gives keeps every hard rule and costs
what the validator says; the bans it branches by hold in pricing and in the program."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest
from ortools.sat.python import cp_model

from helpers import random_curtois_text
from turnus.branch_price import BranchAndPrice
from turnus.column_search import INTEGRAL_EPS, ColumnSearch
from turnus.instance import Instance
from turnus.io.curtois import load_curtois
from turnus.model import build_model, read_schedule
from turnus.month_walk import OFF
from turnus.result import Schedule, SolveStatus
from turnus.rules.base import SCALE
from turnus.solve import SolveParams, solve
from turnus.validator import validate


def _instance(seed: int, tmp_path: Path) -> Instance:
    path = tmp_path / f"Random{seed}.txt"
    path.write_text(random_curtois_text(random.Random(seed)))
    return load_curtois(path)[1]


def _cp_sat(
    instance: Instance, seconds: float, first: bool = False, workers: int = 2
) -> tuple[Schedule, float, bool]:
    """A roster of the whole model by CP-SAT (its first, or its best in ``seconds``), its
    cost and whether it is proven optimal; with one worker, the same roster every run."""
    built = build_model(instance)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.stop_after_first_solution = first
    status = solver.solve(built.model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    schedule = read_schedule(solver, built, instance)
    return schedule, solver.objective_value / SCALE, status == cp_model.OPTIMAL


def _cost(instance: Instance, schedule: Schedule) -> float:
    report = validate(instance, schedule)
    assert report.hard == [], [v.message for v in report.hard]
    return float(report.objective)


FEASIBLE_SEEDS = (3, 4, 10, 18, 29)
"""Random instances (``random_curtois_text``) where everyone can work a month; CP-SAT proves
18 and 29 optimal within a second or two, and not the others in 10 s."""


@pytest.mark.parametrize("seed", FEASIBLE_SEEDS)
def test_searched_to_its_end_it_proves_the_optimum(seed: int, tmp_path: Path) -> None:
    """From CP-SAT's first roster, the tree ends with a roster no dearer than CP-SAT's best
    (of equal cost where CP-SAT proves it optimal) and a bound equal to its cost."""
    instance = _instance(seed, tmp_path)
    start, _, _ = _cp_sat(instance, 5, first=True)
    start_cost = _cost(instance, start)
    search = ColumnSearch(instance, budget=1_000, workers=2)
    assert search.walks_everyone()
    search.add_roster(start)
    tree = BranchAndPrice(search, start_cost * SCALE)
    months = tree.run()
    assert tree.complete
    best = start_cost if months is None else _cost(instance, search.schedule(months))
    assert tree.bound / SCALE == pytest.approx(best)
    assert not search.banning  # the bans are lifted after
    cp_sat_roster, cp_sat_cost, proven = _cp_sat(instance, 2)
    assert _cost(instance, cp_sat_roster) == pytest.approx(cp_sat_cost)
    assert best <= cp_sat_cost + 1e-9
    if proven:
        assert best == pytest.approx(cp_sat_cost)


def test_bans_hold_in_pricing_and_in_the_program(tmp_path: Path) -> None:
    instance = _instance(3, tmp_path)
    start, _, _ = _cp_sat(instance, 5, first=True)
    search = ColumnSearch(instance, budget=1_000, workers=2)
    search.add_roster(start)
    assert search.generate()
    weights = search.weights()
    who = next(iter(weights))
    pricing = search.pricing[who]
    worked = pricing.choices(search.months[who][int(np.argmax(weights[who]))])
    banned = np.zeros_like(pricing.walk.walk.own, dtype=bool)  # type: ignore[union-attr]
    day = 0
    banned[day, worked[day]] = True  # what they do on day 0 in their heaviest month
    search.ban(who, banned)
    assert search.months_allowed(who)
    assert search.generate()
    for month, weight in zip(search.months[who], search.weights()[who], strict=True):
        if not pricing.allows(month):
            assert weight <= INTEGRAL_EPS
        assert pricing.choices(month)[day] != worked[day] or weight <= INTEGRAL_EPS
    search.ban(who, None)
    assert not search.banning


def test_solve_proves_a_small_office_optimal(tmp_path: Path) -> None:
    """The first stage's column generation ends in branch and price where everyone walks;
    where it searches its whole tree, solve returns that roster as optimal at once."""
    instance = _instance(18, tmp_path)
    _, optimum, proven = _cp_sat(instance, 20)
    assert proven
    result = solve(instance, SolveParams(time_limit=5, subsolvers=("max_lp",)))
    assert _cost(instance, result.schedule) == pytest.approx(optimum)
    assert result.objective == pytest.approx(optimum)
    assert result.bound == pytest.approx(optimum)
    assert result.status is SolveStatus.OPTIMAL


def test_a_bound_unknown_or_infinite_cuts_off_only_when_infinite(tmp_path: Path) -> None:
    """A pricing solve by CP-SAT that ends without an answer gives a bound of minus
    infinity (no cut); a person with no month under the bans, plus infinity (cut)."""
    search = ColumnSearch(_instance(18, tmp_path), budget=10, workers=2)
    tree = BranchAndPrice(search, 100.0 * SCALE)
    assert tree.step > 0
    assert not tree._cut_off(-math.inf)
    assert tree._cut_off(math.inf)
    assert tree._cut_off(100.0 * SCALE - tree.step / 2)
    assert not tree._cut_off(100.0 * SCALE - tree.step)


@pytest.mark.parametrize("seed", [3, 4])
def test_a_day_off_in_doubt_is_branched_on_before_a_shift(seed: int, tmp_path: Path) -> None:
    """Whether someone works a day is branched on before which shift they work: the day
    off nearest one half, even where a shift is nearer."""
    instance = _instance(seed, tmp_path)
    start, _, _ = _cp_sat(instance, 5, first=True, workers=1)
    search = ColumnSearch(instance, budget=1_000, workers=2)
    search.add_roster(start)
    assert search.generate()
    weights = search.weights()
    tree = BranchAndPrice(search, math.inf)
    doubts = {
        (who, day, choice): abs(share - 0.5)
        for who, values in weights.items()
        if max(values) < 1 - INTEGRAL_EPS
        for (day, choice), share in tree.shares(who, values).items()
        if share < 1 - INTEGRAL_EPS
    }
    days_off = {cell: doubt for cell, doubt in doubts.items() if cell[2] == OFF}
    shifts = {cell: doubt for cell, doubt in doubts.items() if cell[2] != OFF}
    nearest_day_off = min(days_off.values())
    assert min(shifts.values()) <= nearest_day_off + 1e-9  # a shift is as near or nearer
    branch = tree._branch(weights)
    assert branch.choice == OFF
    assert days_off[branch.who, branch.day, branch.choice] == pytest.approx(nearest_day_off)
