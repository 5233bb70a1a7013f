"""Checks before solving, in words, and the commands that print them: ``turnus diagnose``,
``turnus solve`` on an infeasible plan (explanation, then ``--best-effort``), ``turnus
reroster`` and ``turnus cover``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from helpers import base_scenario, day, make_instance
from turnus.cli import app
from turnus.diagnose import diagnose

EKSP = {"eksp": "competent"}


def messages(instance: Any, topic: str) -> list[str]:
    return [f.message for f in diagnose(instance) if f.topic == topic]


def test_base_week_has_no_findings() -> None:
    assert diagnose(make_instance(profile="aml")) == []


def test_seat_short_of_qualified_staff_names_who_is_away() -> None:
    """Two needed on Wednesday; Kari and Ola have the competence; Ola is on vacation."""
    instance = make_instance(
        employees=[
            {"id": "E1", "name": "Kari", "competences": EKSP},
            {"id": "E2", "name": "Ola", "competences": EKSP},
            {"id": "E3", "name": "Per", "competences": {"skriv": "competent"}},
        ],
        staffing=[{"day": "2027-01-06", "shift": "D", "task": "eksp", "min": 2}],
        absences=[{"employee": "E2", "start": "2027-01-06", "end": "2027-01-06"}],
    )
    assert messages(instance, "staffing") == [
        "Wednesday 06 January, D: the plan needs 2 with eksp competence for eksp; "
        "only Kari and Ola have it and Ola is on vacation"
    ]


def test_one_person_cannot_fill_two_shifts_or_two_tasks() -> None:
    """Only Kari has eksp: eksp on D and on A the same day cannot both be met (one shift a
    day), nor eksp and skriv in the same task period if she alone can do both."""
    instance = make_instance(
        employees=[{"id": "E1", "name": "Kari", "competences": EKSP | {"skriv": "competent"}}],
        staffing=[
            {"day": "2027-01-04", "shift": "D", "task": "eksp", "min": 1},
            {"day": "2027-01-04", "shift": "A", "task": "eksp", "min": 1},
            {"day": "2027-01-05", "shift": "D", "task": "eksp", "min": 1},
            {"day": "2027-01-05", "shift": "D", "task": "skriv", "min": 1},
        ],
    )
    found = messages(instance, "staffing")
    assert any(
        m.startswith("Monday 04 January: the plan needs 2 on eksp over the day") for m in found
    )
    assert any(
        m.startswith("Tuesday 05 January, D: the plan needs 1 eksp, 1 skriv") for m in found
    )


def test_week_needs_more_hours_than_contracts() -> None:
    """Two heads on D (7 h) every weekday = 70 h; three half-time staff owe 3 x 17.75 h."""
    instance = make_instance(
        employees=[
            {"id": f"E{i}", "name": f"P{i}", "position_pct": 50, "competences": EKSP}
            for i in (1, 2, 3)
        ],
        staffing=[{"day": "weekday", "shift": "D", "task": "eksp", "min": 2}],
    )
    [message] = messages(instance, "hours")
    assert "needs 70.0 h of shifts; the staff owe 53.2 h" in message


def test_trainee_without_a_supervisor_on_some_days() -> None:
    """Siri's only supervisor Kari is away Tuesday to Wednesday: Siri cannot work then."""
    instance = make_instance(
        rules={"supervision": {}},
        employees=[
            {"id": "E1", "name": "Kari", "competences": EKSP},
            {"id": "E2", "name": "Ola", "competences": EKSP},
            {
                "id": "E3",
                "name": "Siri",
                "role": "trainee",
                "competences": EKSP,
                "supervisors": ["E1"],
            },
        ],
        absences=[{"employee": "E1", "start": str(day(1)), "end": str(day(2))}],
    )
    assert messages(instance, "supervision") == [
        "Siri (E3, trainee): no supervisor (Kari) can work the same shift on Tue 05 Jan to "
        "Wed 06 Jan, so the trainee cannot work then"
    ]


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def write_scenario(folder: Path, **overrides: Any) -> Path:
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(base_scenario(**overrides) | {"profile": "aml"}))
    return path


def test_commands_on_an_infeasible_plan(tmp_path: Path) -> None:
    """diagnose names the cause; solve explains and suggests --best-effort; the best-effort
    roster is written and ``turnus check`` confirms the broken rule."""
    plan = write_scenario(
        tmp_path,
        rules={"coverage": {"hard": True}},
        staffing=[{"day": "2027-01-06", "shift": "D", "task": "eksp", "min": 4}],
    )
    code, output = run("diagnose", plan, "-t", "10")
    assert code == 1 and "the plan needs 4" in output and "cannot all hold" in output
    code, output = run("solve", plan, "-t", "2", "--workers", "1", "-o", tmp_path / "r.xlsx")
    assert code == 1 and "Why no roster" in output and "--best-effort" in output
    out = tmp_path / "best.xlsx"
    code, output = run("solve", plan, "-t", "2", "--workers", "1", "--best-effort", "-o", out)
    assert code == 0 and "HARD coverage" in output, output
    code, output = run("check", plan, out)
    assert code == 1 and "HARD coverage" in output


def test_reroster_and_cover_commands(tmp_path: Path) -> None:
    """A published roster, E1 sick on Wednesday: reroster lists the change; cover ranks."""
    plan = write_scenario(tmp_path)
    published = tmp_path / "pub.csv"
    code, output = run(
        "solve", plan, "-t", "2", "--workers", "1", "--format", "csv", "-o", published
    )
    assert code == 0, output
    new = tmp_path / "new.xlsx"
    code, output = run(
        "reroster", plan, "-p", published, "--absence", f"E1 {day(2)}", "-t", "2", "-o", new
    )
    assert code == 0, output
    assert "Days before Wed 06 Jan 2027 stay as published" in output
    assert "change(s)" in output or "No assignment changes" in output
    code, output = run(
        "cover", plan, "-p", published, "--shift", f"{day(2)}:D", "--task", "eksp",
        "--absence", f"E1 {day(2)}",
    )  # fmt: skip
    assert code == 0 and "can take it" in output, output
    code, output = run("reroster", plan, "-p", published, "--absence", "E1 someday")
    assert code == 2 and "cannot read" in output
