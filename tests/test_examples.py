"""The bundled example scenarios and the office generator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import SCENARIOS_DIR, scenario_instance, solve_checked
from turnus.cli import app
from turnus.domain import Role, ShiftCategory
from turnus.generate import generate_office
from turnus.instance import Instance
from turnus.io.scenario_file import builtin_profiles_dir, load_profile, load_scenario
from turnus.model import build_model

EXAMPLES = {"poliklinikk.yaml": 15, "akuttmottak.yaml": 30}


@pytest.mark.parametrize(("name", "staff"), EXAMPLES.items())
def test_bundled_example_loads_and_builds(name: str, staff: int) -> None:
    """Each example reads, passes the cross-reference checks and builds a model."""
    instance = scenario_instance(name)
    roles = [e.role for e in instance.employees]
    assert len(roles) == staff
    assert roles.count(Role.TRAINEE) == 2
    assert roles.count(Role.NEW_HIRE) == 2
    assert all(e.supervisors for e in instance.employees if e.role is Role.TRAINEE)
    assert instance.num_days == 31
    assert instance.scenario.absences and instance.scenario.wishes
    assert build_model(instance).penalties


def test_akuttmottak_is_round_the_clock_with_history() -> None:
    """The 24/7 example has nights, weekend and holiday lines, and November's last shifts."""
    instance = scenario_instance("akuttmottak.yaml")
    kinds = {s.kind for s in instance.shift_types}
    assert kinds == {ShiftCategory.DAY, ShiftCategory.EVENING, ShiftCategory.NIGHT}
    open_days = {day for day, *_ in instance.demand}
    assert open_days == set(range(instance.num_days))
    assert {instance.day(d).date.day for d in open_days if instance.day(d).is_holiday} == {25, 26}
    assert instance.history_length > 0


def test_poliklinikk_short_solve_is_valid() -> None:
    """A short solve of the outpatient example gives a roster the validator agrees with."""
    result = solve_checked(scenario_instance("poliklinikk.yaml"), time_limit=5, workers=2)
    assert result.has_solution
    worked_days = {a.date for a in result.schedule.assignments}
    assert all(d.weekday() < 5 for d in worked_days)  # weekdays only
    assert dt.date(2027, 1, 1) not in worked_days  # closed on New Year's Day


def test_generator_is_deterministic() -> None:
    """The same arguments give an equal scenario; another seed gives another office."""
    assert generate_office(40, seed=3) == generate_office(40, seed=3)
    assert generate_office(40, seed=3) != generate_office(40, seed=4)


@pytest.mark.parametrize("staff", [20, 160])
def test_generated_office_is_in_proportion(staff: int) -> None:
    """Staffing grows with the head-count; night lines only need night workers' competences."""
    scenario = generate_office(staff, seed=1)
    instance = Instance.build(scenario, load_profile("aml", builtin_profiles_dir()))
    roles = [e.role for e in scenario.employees]
    assert len(roles) == staff
    assert roles.count(Role.TRAINEE) == round(staff * 0.06)
    assert roles.count(Role.NEW_HIRE) == max(1, round(staff * 0.06))
    weekday_min = sum(line.min for line in scenario.staffing if line.day == "weekday")
    assert 0.25 * staff <= weekday_min <= 0.45 * staff
    night_workers = [e for e in scenario.employees if e.nights]
    for line in scenario.staffing:
        if instance.is_night(line.shift) and line.min:
            qualified = [e for e in night_workers if line.task in e.competences]
            assert len(qualified) >= 3 * line.min


def test_generate_command_writes_yaml_that_loads_back_equal(tmp_path: Path) -> None:
    """``turnus generate`` writes a scenario file that reads back as the same scenario."""
    out = tmp_path / "office.yaml"
    args = ["generate", "--staff", "25", "--seed", "2", "--start", "2027-02-01", "--days", "28"]
    result = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = generate_office(25, seed=2, start=dt.date(2027, 2, 1), days=28)
    assert load_scenario(out) == expected


def test_generate_command_rejects_a_bad_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["generate", "--staff", "25", "--start", "1 March", "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.yaml").exists()


def test_examples_are_in_the_scenarios_folder() -> None:
    assert all((SCENARIOS_DIR / name).is_file() for name in EXAMPLES)
