"""The month walk (:mod:`turnus.month_walk`): the pricing problem solved by dynamic
programming gives the same least cost as CP-SAT on the person's own model, and the months it
reads back keep every hard rule and cost what the validator says."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import turnus.month_walk as month_walk
from helpers import CURTOIS_SHIFTS, random_curtois_text, separable_office
from turnus.column_search import PRICE_SCALE, Month, _Pricing
from turnus.domain import FixedAssignment, Wish, WishKind
from turnus.instance import DemandKey, Instance
from turnus.io.curtois import load_curtois
from turnus.month_walk import MonthWalk, WalkedMonth
from turnus.result import Schedule
from turnus.rules.base import SCALE
from turnus.validator import validate


def _with_fixed_and_off_wishes(instance: Instance, rng: random.Random) -> Instance:
    """The instance with a fixed shift, a fixed day off and wishes for days off: parts of
    a scenario the benchmark's format has no words for."""
    scenario = instance.scenario
    first, last = scenario.employees[0].id, scenario.employees[-1].id
    start = scenario.period.start
    shift = scenario.shift_types[0].id
    day_of = [start + dt.timedelta(days=d) for d in range(instance.num_days)]
    fixed = (
        FixedAssignment(employee=first, date=day_of[3], shift="off"),
        FixedAssignment(employee=last, date=day_of[5], shift=shift),
    )
    wishes = tuple(
        Wish(employee=e.id, date=rng.choice(day_of), kind=WishKind.OFF, priority=2)
        for e in scenario.employees
    )
    scenario = scenario.model_copy(update={"fixed": fixed, "wishes": scenario.wishes + wishes})
    return Instance(scenario, instance.rules)


def _random_instance(seed: int, tmp_path: Path) -> tuple[Instance, random.Random]:
    """A random Curtois & Qu instance, and the generator that made it, to draw prices."""
    rng = random.Random(seed)
    path = tmp_path / f"Random{seed}.txt"
    path.write_text(random_curtois_text(rng))
    return load_curtois(path)[1], rng


@pytest.mark.parametrize("seed", range(8))
def test_the_walk_finds_cp_sats_least_cost_and_a_month_that_keeps_every_rule(
    seed: int, tmp_path: Path
) -> None:
    instance, rng = _random_instance(seed, tmp_path)
    if seed % 2:
        instance = _with_fixed_and_off_wishes(instance, rng)
    for employee in instance.employees:
        pricing = _Pricing(instance, employee.id)
        walk = MonthWalk.of(instance, employee.id)
        assert walk is not None and pricing.walk is not None
        for _ in range(3):
            prices = {k: rng.choice((0.0, rng.uniform(0, 4 * SCALE))) for k in instance.demand}
            months, lowest, _ = walk.cheapest(pricing.earned(prices), 3)
            pricing.walk, walked_pricing = None, pricing.walk
            solved, bound, _ = pricing.price(prices, 0.0, 50.0, 0)
            pricing.walk = walked_pricing
            if not months:  # no month keeps the person's rules: CP-SAT finds none either
                assert lowest == np.inf and not solved and bound == -np.inf
                continue
            best = min(_priced_cost(m, prices) for m in solved)
            assert months[0].cost == pytest.approx(best, abs=pricing.most_priced / PRICE_SCALE)
            assert months[0].cost == lowest
            assert [m.cost for m in months] == sorted(m.cost for m in months)
            for walked in months:
                month, schedule = _checked(pricing, walked, prices)
                assert pricing.month_of(schedule.assignments) == month  # own cost and cover


def _checked(pricing: _Pricing, walked: WalkedMonth, prices: dict) -> tuple[Month, Schedule]:
    """The walked month as a month and its rows, asserted to keep every hard rule and to
    cost what the walk says at ``prices``."""
    month = pricing._month_of_walk(walked)
    schedule = Schedule(assignments=pricing.rows(month))
    report = validate(pricing.part, schedule)
    assert report.hard == [], [v.message for v in report.hard]
    assert walked.cost == pytest.approx(_priced_cost(month, prices))
    return month, schedule


def _priced_cost(month: Month, prices: dict) -> float:
    return month.own_cost - sum(prices.get(key, 0.0) * heads for key, heads in month.cover)


def test_the_walk_declines_rules_beyond_it() -> None:
    """The AML profile's soft rules (contract hours, fairness, ...) are CP-SAT's."""
    office = separable_office()
    assert all(MonthWalk.of(office, e.id) is None for e in office.employees)
    assert all(_Pricing(office, e.id).walk is None for e in office.employees[:2])


def test_a_person_with_no_shift_they_may_work_walks_to_a_month_off(tmp_path: Path) -> None:
    path = tmp_path / "Idle.txt"
    rng = random.Random(1)
    text = random_curtois_text(rng)
    lines = text.splitlines()
    staff = lines.index("SECTION_STAFF") + 1
    name, *_ = lines[staff].split(",")
    limits = "|".join(f"{s}=0" for s, _ in CURTOIS_SHIFTS if f"\n{s}," in text)
    lines[staff] = f"{name},{limits},960,0,3,1,1,1"
    path.write_text("\n".join(lines) + "\n")
    _, instance = load_curtois(path)
    walk = MonthWalk.of(instance, name)
    assert walk is not None and walk.shifts == []
    months, lowest, _ = walk.cheapest(np.zeros_like(walk.own), 2)
    assert [m.shifts for m in months] == [()]  # only one month: every day off
    assert lowest == months[0].cost == months[0].own_cost  # the shifts they wished, refused


def _twin_walks(
    instance: Instance, rng: random.Random
) -> Iterator[tuple[_Pricing, MonthWalk, MonthWalk, dict[DemandKey, float]]]:
    """Per person, their pricing, two walks of their month (one to ask not exactly, one
    exactly) and, four times, random prices."""
    for employee in instance.employees:
        pricing = _Pricing(instance, employee.id)
        loose, exact = MonthWalk.of(instance, employee.id), MonthWalk.of(instance, employee.id)
        assert loose is not None and exact is not None
        for _ in range(4):
            yield pricing, loose, exact, {k: rng.uniform(0, 4 * SCALE) for k in instance.demand}


@pytest.mark.parametrize("seed", range(6))
def test_a_walk_that_prices_its_limits_keeps_them_and_bounds_the_exact_walk(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not exact, the shift-type limits are priced, not walked: every month it gives keeps
    every rule and costs what it says, and its bound is at most the exact least cost."""
    monkeypatch.setattr(month_walk, "PRICED_FROM", 0.0)  # however cheap walking them is
    priced_limits = 0
    for pricing, priced, exact, prices in _twin_walks(*_random_instance(seed, tmp_path)):
        earned = pricing.earned(prices)
        months, bound, _ = priced.cheapest(earned, 3, exact=False)
        _, lowest, _ = exact.cheapest(earned, 1)
        assert bound <= lowest + 1e-6
        priced_limits += bool(exact.exact_walked)
        for walked in months:
            _checked(pricing, walked, prices)
            assert walked.cost >= lowest - 1e-6
    assert priced_limits  # some limit bound the cheapest month, and was priced


@pytest.mark.parametrize("seed", range(3))
def test_a_walk_whose_limits_are_cheap_to_walk_walks_them_though_not_asked_to(
    seed: int, tmp_path: Path
) -> None:
    """Where walking the limits is not much slower than walking without them, a walk not
    asked for an exact answer gives the exact one: the same months and bound."""
    walked_limits = 0
    for pricing, loose, exact, prices in _twin_walks(*_random_instance(seed, tmp_path)):
        earned = pricing.earned(prices)
        months, bound, _ = loose.cheapest(earned, 3, exact=False)
        assert (months, bound) == exact.cheapest(earned, 3)[:2]
        assert exact.exact_seconds <= month_walk.PRICED_FROM * exact.free_seconds
        walked_limits += bool(exact.exact_walked)
    assert walked_limits  # some limit bound the cheapest month, and was walked
