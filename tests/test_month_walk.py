"""The month walk (:mod:`turnus.month_walk`): the pricing problem solved by dynamic
programming gives the same least cost as CP-SAT on the person's own model, and the months it
reads back keep every hard rule and cost what the validator says."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from helpers import separable_office
from turnus.column_search import PRICE_SCALE, Month, _Pricing
from turnus.domain import FixedAssignment, Wish, WishKind
from turnus.instance import Instance
from turnus.io.curtois import load_curtois
from turnus.month_walk import MonthWalk
from turnus.result import Schedule
from turnus.rules.base import SCALE
from turnus.validator import validate

SHIFTS = (("E", 480), ("D", 480), ("L", 600), ("N", 600))


def _random_instance_text(rng: random.Random) -> str:
    """A Curtois & Qu instance of 14 or 21 days with every per-person limit the format
    has, drawn so that most people can work some month."""
    days = rng.choice((14, 21))
    shifts = SHIFTS[: rng.randint(2, 4)]
    ids = [s for s, _ in shifts]
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS"]
    for s, minutes in shifts:
        banned = [t for t in ids if t != s and rng.random() < 0.3]
        lines.append(f"{s},{minutes},{'|'.join(banned)}")
    lines += ["", "SECTION_STAFF"]
    staff = "ABCDEF"[: rng.randint(3, 6)]
    for who in staff:
        limits = "|".join(f"{s}={rng.choice((0, 2, 4, days))}" for s in ids)
        most = rng.randint(days // 2, days - 2) * 480
        least = max(most - rng.choice((480, 1440, 2880)), 0)
        runs = f"{rng.randint(3, 6)},{rng.randint(1, 3)},{rng.randint(1, 3)}"
        lines.append(f"{who},{limits},{most},{least},{runs},{rng.randint(1, days // 7)}")
    lines += ["", "SECTION_DAYS_OFF"]
    lines += [f"{who},{rng.randrange(days)}" for who in staff if rng.random() < 0.5]
    for section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        lines += ["", section]
        for _ in range(rng.randint(0, 2 * len(staff))):
            lines.append(
                f"{rng.choice(staff)},{rng.randrange(days)},{rng.choice(ids)},{rng.randint(1, 3)}"
            )
    lines += ["", "SECTION_COVER"]
    lines += [f"{d},{s},{rng.randint(0, 2)},100,1" for d in range(days) for s in ids]
    return "\n".join(lines) + "\n"


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


@pytest.mark.parametrize("seed", range(8))
def test_the_walk_finds_cp_sats_least_cost_and_a_month_that_keeps_every_rule(
    seed: int, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    path = tmp_path / f"Random{seed}.txt"
    path.write_text(_random_instance_text(rng))
    _, instance = load_curtois(path)
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
                month = pricing._month_of_walk(walked)
                schedule = Schedule(assignments=pricing.rows(month))
                report = validate(pricing.part, schedule)
                assert report.hard == [], [v.message for v in report.hard]
                assert pricing.month_of(schedule.assignments) == month  # own cost and cover
                assert walked.cost == pytest.approx(_priced_cost(month, prices))


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
    text = _random_instance_text(rng)
    lines = text.splitlines()
    staff = lines.index("SECTION_STAFF") + 1
    name, *_ = lines[staff].split(",")
    limits = "|".join(f"{s}=0" for s, _ in SHIFTS if f"\n{s}," in text)
    lines[staff] = f"{name},{limits},960,0,3,1,1,1"
    path.write_text("\n".join(lines) + "\n")
    _, instance = load_curtois(path)
    walk = MonthWalk.of(instance, name)
    assert walk is not None and walk.shifts == []
    months, lowest, _ = walk.cheapest(np.zeros_like(walk.own), 2)
    assert [m.shifts for m in months] == [()]  # only one month: every day off
    assert lowest == months[0].cost == months[0].own_cost  # the shifts they wished, refused
