"""The Curtois & Qu benchmark import: all 24 instances parse and translate; Instance1 solves
to its known optimum 607, and the benchmark's own evaluator agrees with the turnus validator.

The instances live outside the repository (``../shared/benchmarks/curtois`` or
``$TURNUS_CURTOIS_DIR``); the tests that need them are skipped when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import solve_checked
from turnus.cli import app
from turnus.exceptions import InputError
from turnus.io.curtois import (
    benchmark_bound,
    benchmark_objective,
    data_dir,
    instance_path,
    load_curtois,
    read_curtois,
    roster_lines,
    schedule_from_lines,
    to_profile,
)
from turnus.validator import validate

needs_data = pytest.mark.skipif(
    not instance_path(1).is_file(), reason=f"benchmark instances not found in {data_dir()}"
)

SMALL = """SECTION_HORIZON
7

SECTION_SHIFTS
E,480,L
L,600,

SECTION_STAFF
A,E=7|L=0,2880,960,3,2,2,1
B,E=7|L=7,2880,960,3,2,2,0

SECTION_DAYS_OFF
A,0

SECTION_SHIFT_ON_REQUESTS
B,1,L,2

SECTION_SHIFT_OFF_REQUESTS
A,2,E,3

SECTION_COVER
0,E,1,100,1
0,L,0,100,1
1,E,1,100,1
1,L,1,100,1
2,E,1,100,1
2,L,0,100,1
3,E,1,100,1
3,L,0,100,1
4,E,1,100,1
4,L,0,100,1
5,E,0,100,1
5,L,0,100,1
6,E,0,100,1
6,L,0,100,1
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A one-week instance with two staff, written with CRLF line endings."""
    path = tmp_path / "Small.txt"
    path.write_bytes(SMALL.replace("\n", "\r\n").encode())
    return path


@needs_data
@pytest.mark.parametrize("number", range(1, 25))
def test_every_instance_parses(number: int) -> None:
    raw = read_curtois(instance_path(number))
    assert raw.horizon % 7 == 0
    assert len(raw.cover) == raw.horizon * len(raw.lengths)
    assert {c.weight_under for c in raw.cover.values()} == {100}
    assert to_profile(raw)["coverage"]["over_weight"] == 1


def test_small_instance_translates(small: Path) -> None:
    raw, instance = load_curtois(small)
    assert raw.no_follow == {"E": ("L",), "L": ()}
    assert instance.day(0).date.weekday() == 0  # day 0 is a Monday
    assert ("A", 0) in instance.whole_day_absence
    assert not instance.can_work(instance.employee["A"], 1, "L")  # MaxShifts L=0
    rules = {rule.name: rule for rule in instance.rules}
    assert rules["forbidden_successions"].successions == {"E": ("L",)}
    assert rules["max_weekends_0"].weeks is None  # the whole horizon
    assert rules["max_weekends_0"].employees == ("B",)  # A may work its one weekend


def test_small_instance_solves_and_evaluators_agree(small: Path) -> None:
    raw, instance = load_curtois(small)
    result = solve_checked(instance, time_limit=10)
    assert result.status == "optimal"
    score = benchmark_objective(raw, roster_lines(instance, result.schedule))
    assert score.hard == []
    assert score.objective == result.objective


def test_evaluators_agree_on_a_hand_made_roster(small: Path) -> None:
    """E then L (forbidden), a working day off, and shortfalls: both evaluators see them."""
    raw, instance = load_curtois(small)
    lines = [("A", 0, "E"), ("B", 0, "E"), ("B", 1, "L"), ("A", 2, "E")]
    score = benchmark_objective(raw, lines)
    report = validate(instance, schedule_from_lines(lines))
    assert any("after E" in h for h in score.hard)
    assert any("day off" in h for h in score.hard)
    assert {v.rule for v in report.hard} >= {"forbidden_successions", "assignment"}
    # over 1 on day 0, short 1 on days 1, 3 and 4, request off broken (3): 1 + 300 + 3
    assert score.objective == report.objective == 304


def test_a_bound_rounds_up_to_the_next_whole_objective() -> None:
    """The benchmark's objective is whole: 1,000.94 proves 1,001; floating point just below
    a whole number proves that number, and not more."""
    assert benchmark_bound(1000.94) == 1001
    assert benchmark_bound(1001 - 1e-9) == 1001
    assert benchmark_bound(1001.0) == 1001
    assert benchmark_bound(0.0) == 0


def test_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "Bad.txt"
    path.write_text("SECTION_HORIZON\nseven\n")
    with pytest.raises(InputError) as caught:
        read_curtois(path)
    assert caught.value.source == str(path)
    assert "line 2" in str(caught.value)


@needs_data
def test_instance1_reaches_the_known_optimum() -> None:
    raw, instance = load_curtois(instance_path(1))
    result = solve_checked(instance, time_limit=10, workers=2)
    score = benchmark_objective(raw, roster_lines(instance, result.schedule))
    assert score.hard == []
    assert score.objective == result.objective == 607


def test_bench_command_writes_the_roster_and_scores_it(small: Path, tmp_path: Path) -> None:
    """``turnus bench curtois``: one ``employee_id,day,shift_id`` line per worked day, the
    objective in the benchmark's terms, and "optimal" when the bound proves it."""
    raw, instance = load_curtois(small)
    out = tmp_path / "roster.csv"
    run = CliRunner().invoke(app, ["bench", "curtois", str(small), "-o", str(out), "-t", "10"])
    assert run.exit_code == 0, run.output
    lines = [tuple(line.split(",")) for line in out.read_text().splitlines()]
    roster = [(e, int(d), s) for e, d, s in lines]
    score = benchmark_objective(raw, roster)
    assert score.hard == [] and not validate(instance, schedule_from_lines(roster)).hard
    assert f"objective {score.objective} (benchmark rules)" in run.output
    assert "status optimal" in run.output and "hard constraints broken: 0" in run.output
