"""The ``turnus`` command: solve writes the roster (xlsx or csv), check judges a roster, schema
prints a JSON Schema. Solves are short: the tiny scenario with a fraction of a second."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from helpers import DATA_DIR
from turnus.cli import app
from turnus.io.scenario_file import read_yaml

TINY = DATA_DIR / "tiny.yaml"
COLUMNS = ["employee_id", "date", "shift_id", "start", "end", "period", "task_id"]


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def solved_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny scenario's roster as CSV, from ``turnus solve --format csv``."""
    out = tmp_path_factory.mktemp("cli") / "tiny.csv"
    code, output = run("solve", TINY, "-t", "0.3", "--workers", "1", "--format", "csv", "-o", out)
    assert code == 0, output
    return out


def assert_iso_row(row: list[str]) -> None:
    """Dates and date-times as ISO 8601 strings; the task period inside the shift's day."""
    employee, date, shift, start, end, period, task = row
    day = dt.date.fromisoformat(date)
    begin, finish = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
    assert begin.date() == day and begin < finish
    assert all(isinstance(v, str) and v for v in (employee, shift, period, task))


def test_solve_writes_the_assignments_sheet(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    code, output = run("solve", TINY, "-t", "0.3", "--workers", "1", "-o", out)
    assert code == 0, output
    assert f"Roster written to {out}" in " ".join(output.split())
    book = load_workbook(out, read_only=True)
    rows = [list(r) for r in book["Assignments"].iter_rows(values_only=True)]
    book.close()
    assert rows[0] == COLUMNS
    assert len(rows) > 1
    for row in rows[1:]:
        assert_iso_row(row)


def test_solve_writes_csv(solved_csv: Path) -> None:
    with solved_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == COLUMNS
    assert len(rows) > 1
    for row in rows[1:]:
        assert_iso_row(row)


def test_check_accepts_a_solved_roster(solved_csv: Path) -> None:
    code, output = run("check", TINY, solved_csv)
    assert code == 0, output
    assert "0 hard rule(s) broken" in output


def test_check_reports_hand_edited_roster(solved_csv: Path, tmp_path: Path) -> None:
    """Put E2 on D during their vacation (11 January) and twice on 4 January."""
    rows = list(csv.reader(solved_csv.open(newline="", encoding="utf-8")))
    extra = [
        ["E2", "2027-01-11", "D", "2027-01-11T07:30", "2027-01-11T15:00", "1", "ekspedisjon"],
        ["E2", "2027-01-04", "D", "2027-01-04T07:30", "2027-01-04T15:00", "1", "ekspedisjon"],
        ["E2", "2027-01-04", "A", "2027-01-04T14:30", "2027-01-04T22:00", "1", "ekspedisjon"],
    ]
    edited = tmp_path / "edited.csv"
    with edited.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows + extra)
    code, output = run("check", TINY, edited)
    text = " ".join(output.split())
    assert code == 1, output
    assert "Traceback" not in output
    assert "HARD assignment: Ola (E2) on 2027-01-11: works D during an absence (vacation)" in text
    assert "HARD assignment: Ola (E2) on 2027-01-04: works 2 shifts (D, A)" in text


def test_schema_is_valid_json_schema() -> None:
    """The printed schema is JSON, and the tiny scenario validates against it."""
    jsonschema = pytest.importorskip("jsonschema")
    code, output = run("schema")
    assert code == 0
    schema = json.loads(output)
    jsonschema.Draft202012Validator.check_schema(schema)
    scenario = json.loads(json.dumps(read_yaml(TINY), default=str))
    jsonschema.validate(scenario, schema)
    scenario["employees"][0]["positon_pct"] = 80
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(scenario, schema)
