"""Bad input through the command line: a short message naming the file, the field path and
what to do, exit code 2, never a traceback. Each case edits a copy of ``tests/data/tiny.yaml``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import DATA_DIR
from turnus.cli import app

TINY = (DATA_DIR / "tiny.yaml").read_text(encoding="utf-8")

# (name, text replaced in tiny.yaml, replacement, field path, words of the message)
EDITS = [
    ("yaml-syntax", "period: {start: 2027-01-04, end: 2027-01-17}",
     "period: {start: 2027-01-04, end: 2027-01-17", "line 5, column 12", "YAML syntax error"),
    ("misspelt-field", "position_pct: 80", "positon_pct: 80",
     "employees[3].positon_pct", "unknown field 'positon_pct'; did you mean 'position_pct'?"),
    ("unknown-competence", "{id: skriv, name: Skrivetjeneste, competence: skriv}",
     "{id: skriv, name: Skrivetjeneste, competence: skrive}",
     "tasks[1].competence", "unknown competence 'skrive'; known: ekspedisjon, skriv"),
    ("unknown-shift", "{day: weekday, shift: A, task: ekspedisjon, min: 1}",
     "{day: weekday, shift: K, task: ekspedisjon, min: 1}",
     "staffing[2].shift", "unknown shift type 'K'; known: A, D"),
    ("negative-number", "position_pct: 80", "position_pct: -80",
     "employees[3].position_pct", "greater than 0, got -80"),
    ("impossible-percentage", "position_pct: 80", "position_pct: 180",
     "employees[3].position_pct", "less than or equal to 100, got 180"),
    ("impossible-paid-hours", '"07:30", end: "15:00", paid_hours: 7.0',
     '"07:30", end: "15:00", paid_hours: 9.0',
     "shift_types[0]", "paid_hours 9.0 is longer than the shift (7.5 h from 07:30 to 15:00)"),
    ("impossible-time", 'start: "07:30"', 'start: "25:30"',
     "shift_types[0].start", "hour value is outside expected range"),
    ("negative-head-count", "task: skriv, min: 1, target: 1", "task: skriv, min: -1",
     "staffing[1].min", "greater than or equal to 0, got -1"),
    ("period-end-before-start", "end: 2027-01-17}", "end: 2027-01-01}",
     "period", "end 2027-01-01 is before start 2027-01-04"),
    ("absence-end-before-start", "start: 2027-01-11, end: 2027-01-13",
     "start: 2027-01-13, end: 2027-01-11", "absences[0]", "end 2027-01-11 is before start"),
    ("duplicate-id", "{id: E5, name: Nina", "{id: E1, name: Nina",
     "employees[4].id", "duplicate id 'E1'; ids must be unique"),
    ("unknown-employee", "{employee: E1, date: 2027-01-08", "{employee: E9, date: 2027-01-08",
     "wishes[0].employee", "unknown employee 'E9'"),
]  # fmt: skip

# (name, lines of a variant that extends tiny.yaml, field path, words of the message)
VARIANTS = [
    ("rule-parameter-misspelt", "rules: {daily_rest: {min_hourz: 8}}",
     "rules.daily_rest.min_hourz", "unknown parameter 'min_hourz'; did you mean 'min_hours'?"),
    ("rule-parameter-negative", "rules: {daily_rest: {min_hours: -3}}",
     "rules.daily_rest.min_hours", "greater than or equal to 0, got -3"),
    ("rule-parameter-text", "rules: {max_weekends: {max: many}}",
     "rules.max_weekends.max", "valid integer"),
    ("rule-name-misspelt", "rules: {dayly_rest: {min_hours: 8}}",
     "rules.dayly_rest", "unknown rule 'dayly_rest'; did you mean 'daily_rest'?"),
    ("unknown-profile", "profile: amll",
     "profile", "unknown rule profile 'amll'; use one of aml, dagtid"),
    ("extends-missing", "extends: nowhere.yaml",
     "extends", "file 'nowhere.yaml' not found next to this file"),
]  # fmt: skip


def run(*args: str | Path) -> tuple[int, str]:
    """Exit code and all output (stdout and stderr), with line wrapping undone."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, " ".join(result.output.split())


def assert_input_error(args: list[str | Path], source: Path, path: str, words: str) -> None:
    code, output = run(*args)
    assert code == 2, output
    assert "Traceback" not in output
    assert f"Error in {source}" in output  # the file
    assert f"{path}: " in output  # the field path
    assert words in output  # what is wrong, often with the fix
    assert f"Correct the above in {source} and run again." in output


@pytest.mark.parametrize(("name", "old", "new", "path", "words"), EDITS, ids=[e[0] for e in EDITS])
def test_bad_scenario_is_reported(
    tmp_path: Path, name: str, old: str, new: str, path: str, words: str
) -> None:
    assert TINY.count(old) == 1, "the edit must apply to exactly one place"
    source = tmp_path / f"{name}.yaml"
    source.write_text(TINY.replace(old, new), encoding="utf-8")
    assert_input_error(["solve", source, "-t", "1"], source, path, words)


@pytest.mark.parametrize(
    ("name", "lines", "path", "words"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_bad_variant_is_reported(
    tmp_path: Path, name: str, lines: str, path: str, words: str
) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    source = tmp_path / f"{name}.yaml"
    extends = "" if lines.startswith("extends:") else "extends: tiny.yaml\n"
    source.write_text(f"{extends}{lines}\n", encoding="utf-8")
    assert_input_error(["solve", source, "-t", "1"], source, path, words)


def test_missing_scenario_file(tmp_path: Path) -> None:
    source = tmp_path / "absent.yaml"
    code, output = run("solve", source)
    assert code == 2 and "Traceback" not in output
    assert f"Error in {source}" in output and "file not found; check the path" in output


def test_check_with_missing_or_bad_roster(tmp_path: Path) -> None:
    scenario = DATA_DIR / "tiny.yaml"
    absent = tmp_path / "absent.csv"
    code, output = run("check", scenario, absent)
    assert code == 2 and "Traceback" not in output
    assert f"Error in {absent}" in output and "file not found" in output
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,date,shift_id\nE1,2027-01-04,D\n", encoding="utf-8")
    code, output = run("check", scenario, bad)
    assert code == 2 and "Traceback" not in output
    assert "missing column(s) start, end, period, task_id" in output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(
        "employee_id,date,shift_id,start,end,period,task_id\nE1,4 January,D,,,1,skriv\n",
        encoding="utf-8",
    )
    code, output = run("check", scenario, wrong)
    assert code == 2 and "Traceback" not in output
    assert "row 2" in output and "cannot read this row" in output
