"""The roster workbook, opened again with openpyxl: its figures must match its own Assignments."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from helpers import day, make_instance, solve_checked
from turnus.i18n import text
from turnus.instance import Instance
from turnus.io.assignments import COLUMNS, SHEET
from turnus.io.roster_in import read_roster
from turnus.io.sheets.roster import FIRST_DAY
from turnus.io.workbook_out import safe_text, write_workbook
from turnus.result import Assignment, Result, Schedule

SHIFTS = [
    {
        "id": "D",
        "name": "Dag",
        "start": "08:00",
        "end": "15:30",
        "paid_hours": 7.0,
        "periods": [
            {"id": "am", "start": "08:00", "end": "12:00"},
            {"id": "pm", "start": "12:00", "end": "15:30"},
        ],
    },
    {"id": "A", "name": "Aften", "start": "14:00", "end": "21:30", "paid_hours": 7.5},
]
BOTH = {"eksp": "competent", "skriv": "competent"}


@pytest.fixture(scope="module")
def office() -> Instance:
    """One week, four people (one a 50 % trainee counting no cover, one on vacation Friday).
    D has a morning and an afternoon task period; the plan asks for reception both, dictation
    in the morning, and one in the evening on weekdays."""
    return make_instance(
        rules={"coverage": {"over_weight": 1}},
        shift_types=SHIFTS,
        employees=[
            {"id": "E1", "name": "Kari", "competences": BOTH},
            {"id": "E2", "name": "Ola", "competences": BOTH},
            {"id": "E3", "name": "Per", "position_pct": 80, "competences": BOTH},
            {
                "id": "E4",
                "name": "Sofie",
                "role": "trainee",
                "position_pct": 50,
                "competences": {"eksp": "competent"},
            },
        ],
        staffing=[
            {"day": "weekday", "shift": "D", "task": "eksp", "min": 1, "target": 2},
            {"day": "weekday", "shift": "D", "period": "am", "task": "skriv", "min": 1},
            {"day": "weekday", "shift": "A", "task": "eksp", "min": 1},
        ],
        absences=[{"employee": "E2", "start": "2027-01-08", "end": "2027-01-08"}],
    )


@pytest.fixture(scope="module")
def solved(office: Instance) -> Result:
    result = solve_checked(office, time_limit=5)
    assert result.status.value == "optimal"
    return result


@pytest.fixture(scope="module")
def book(office: Instance, solved: Result, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("book") / "roster.xlsx"
    write_workbook(path, office, solved.schedule, solved, lang="nb")
    return load_workbook(path)


def records(sheet: Any, header_row: int) -> list[dict[str, Any]]:
    """Rows under a header row as dicts, up to the first empty row."""
    rows = sheet.iter_rows(min_row=header_row, values_only=True)
    header = next(rows)
    found = []
    for row in rows:
        if row[0] is None:
            break
        found.append(dict(zip(header, row, strict=False)))
    return found


def assignment_records(book: Workbook) -> list[dict[str, Any]]:
    return records(book[SHEET], 1)


def test_sheets_in_order_and_assignments_unchanged(book: Workbook, solved: Result) -> None:
    names = book.sheetnames
    assert names[:6] == ["Turnus", "Oppgaver", "Bemanning", "Timer", "Utnyttelse", "Regler"]
    assert names[-1] == SHEET  # optional metrics sections (training ...) come between
    assert [c.value for c in book[SHEET][1]] == list(COLUMNS)
    assert len(assignment_records(book)) == len(solved.schedule.assignments)


def test_coverage_head_counts_equal_those_counted_from_assignments(
    book: Workbook, office: Instance
) -> None:
    counted = Counter(
        (r["date"], r["shift_id"], r["start"][11:], office.task[r["task_id"]].name or r["task_id"])
        for r in assignment_records(book)
    )
    coverage = records(book["Bemanning"], 3)
    assert len(coverage) == len(office.demand)
    shown = {
        (r["Dato"].date().isoformat(), r["Vakt"], r["Tid"][:5], r["Oppgave"]): r["Planlagt"]
        for r in coverage
    }
    assert sum(counted.values()) == sum(shown.values())
    for key, planned in shown.items():
        assert planned == counted.get(key, 0), key


def paid_hours_from_assignments(book: Workbook, office: Instance) -> dict[str, float]:
    """Paid hours per person: each (employee, date, shift) once, whatever its task periods."""
    shifts = {(r["employee_id"], r["date"], r["shift_id"]) for r in assignment_records(book)}
    hours: dict[str, float] = dict.fromkeys(office.employee, 0.0)
    for employee, _, shift in shifts:
        hours[employee] += office.shift[shift].paid_hours
    return hours


def test_planned_hours_are_the_shifts_paid_hours(book: Workbook, office: Instance) -> None:
    expected = paid_hours_from_assignments(book, office)
    people = records(book["Timer"], 3)
    assert {r["Ansatt"]: r["Timer"] for r in people} == pytest.approx(expected)
    grid = book["Turnus"]
    hours_column = FIRST_DAY + office.num_days
    in_grid = {
        grid.cell(row=r, column=1).value: grid.cell(row=r, column=hours_column).value
        for r in range(5, grid.max_row + 1)
        if grid.cell(row=r, column=1).value in office.employee
    }
    assert in_grid == pytest.approx(expected)


def test_utilization_recomputes_from_hours(book: Workbook) -> None:
    people = records(book["Timer"], 3)
    for r in people:
        assert r["Utnyttelse"] == pytest.approx(r["Timer"] / r["Avtalt"])
        assert r["+/-"] == pytest.approx(r["Timer"] - r["Avtalt"])
    office = {
        row[0]: row[1]
        for row in book["Utnyttelse"].iter_rows(min_row=4, max_row=18, values_only=True)
    }
    planned, capacity = sum(r["Timer"] for r in people), sum(r["Avtalt"] for r in people)
    assert office["Planlagte timer"] == pytest.approx(planned)
    assert office["Kapasitet (avtalte timer)"] == pytest.approx(capacity)
    assert office["Planlagt ÷ kapasitet"] == pytest.approx(planned / capacity)
    assert office["Behov ÷ kapasitet"] == pytest.approx(
        office["Behov, minimum (timer)"] / capacity
    )


def test_roster_grid_codes_absences_and_print_setup(book: Workbook, office: Instance) -> None:
    grid = book["Turnus"]
    rows = {grid.cell(row=r, column=1).value: r for r in range(1, grid.max_row + 1)}
    friday = FIRST_DAY + 4
    assert grid.cell(row=rows["E2"], column=friday).value == "F"  # ferie
    assert grid.cell(row=4, column=FIRST_DAY).value == "4.1"
    assert grid.cell(row=3, column=FIRST_DAY + 5).value == "lør"
    assert rows["Elever og lærlinger"] > rows["E3"] > rows["Autoriserte helsesekretærer"]
    assert grid.freeze_panes == "D5"
    setup = grid.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert grid.sheet_properties.pageSetUpPr.fitToPage
    assert grid.print_title_rows == "$2:$4"
    assert grid.oddHeader.left.text == "test"
    assert "&D" in grid.oddFooter.left.text


def test_head_counts_and_charts_and_highlights(book: Workbook, office: Instance) -> None:
    grid = book["Turnus"]
    label = next(
        r for r in range(1, grid.max_row + 1) if grid.cell(r, 1).value == "Antall på vakt"
    )
    shifts = Counter(
        (r["date"], r["shift_id"], r["employee_id"]) for r in assignment_records(book)
    )
    monday_d = len({e for (d, s, e) in shifts if d == "2027-01-04" and s == "D"})
    assert grid.cell(row=label, column=3).value == "D"
    assert (grid.cell(row=label, column=FIRST_DAY).value or 0) == monday_d
    assert len(book["Utnyttelse"]._charts) == 2
    assert len(book["Bemanning"].conditional_formatting) == 1
    assert len(book["Oppgaver"].row_breaks.brk) == office.num_days


def test_rule_report_has_the_solve_facts(book: Workbook, solved: Result) -> None:
    facts = {
        row[0]: row[1] for row in book["Regler"].iter_rows(min_row=4, max_row=14, values_only=True)
    }
    assert facts["Status"] == "optimal"
    assert facts["Målfunksjon"] == pytest.approx(solved.objective)
    assert facts["OR-Tools-versjon"] == solved.ortools_version != ""
    assert facts["Frø (seed)"] == 0


def test_english_names_sheets_but_not_assignments(
    office: Instance, solved: Result, tmp_path: Path
) -> None:
    path = tmp_path / "en.xlsx"
    write_workbook(path, office, solved.schedule, solved, lang="en")
    book = load_workbook(path)
    assert book.sheetnames[:3] == ["Roster", "Tasks", "Coverage"]
    assert [c.value for c in book[SHEET][1]] == list(COLUMNS)
    assert book["Roster"].cell(row=4, column=1).value == "ID"
    assert text("sheet.roster", "en") == "Roster"
    assert read_roster(path).sorted() == solved.schedule.sorted()


def test_formula_like_text_stays_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    """Ids and names from user data that start like a formula are written as plain text."""
    instance = make_instance(
        employees=[
            {"id": "=E1", "name": '=HYPERLINK("x")', "competences": {"eksp": "competent"}},
            {"id": "@E2", "name": "-Kari", "competences": {"eksp": "competent"}},
            {"id": "+47", "name": "+47 22 00 00 00", "competences": {"eksp": "competent"}},
        ]
    )
    schedule = Schedule(
        assignments=(Assignment(employee="=E1", date=day(0), shift="D", period="1", task="eksp"),)
    )
    path = tmp_path / "safe.xlsx"
    write_workbook(path, instance, schedule)
    book = load_workbook(path)
    grid = book["Turnus"]
    cells = {grid.cell(row=r, column=2).value: grid.cell(row=r, column=2) for r in range(5, 9)}
    for name in ('=HYPERLINK("x")', "-Kari", "+47 22 00 00 00"):
        assert cells[name].data_type == "s"
    minus = grid.cell(row=6, column=FIRST_DAY + instance.num_days + 2)
    assert minus.data_type == "n" and minus.value < 0
    assert read_roster(path) == schedule  # the Assignments sheet reads back exactly
    assert safe_text("=1") == "'=1" and safe_text(-3.5) == -3.5


def test_holidays_are_labelled(tmp_path: Path) -> None:
    """17 May 2027 is a Monday and a public holiday (Grunnlovsdag)."""
    instance = make_instance(period={"start": "2027-05-16", "end": "2027-05-18"})
    path = tmp_path / "may.xlsx"
    write_workbook(path, instance, Schedule(), lang="nb")
    grid = load_workbook(path)["Turnus"]
    header = grid.cell(row=4, column=FIRST_DAY + 1)
    assert "Grunnlovsdag" in header.comment.text
    assert header.fill.fgColor.rgb.endswith("F8CBAD")
    legend = [c.value for row in grid.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("17.05") and "Grunnlovsdag" in v for v in legend)
