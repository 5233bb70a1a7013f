"""The planners' workbook: round trips, what people do in Excel, and precise error messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from helpers import DATA_DIR, SCENARIOS_DIR
from turnus.domain import Scenario
from turnus.exceptions import InputError
from turnus.io.columns import workbook_layout
from turnus.io.scenario_file import load_instance, load_scenario, read_yaml
from turnus.io.scenario_yaml import write_scenario_yaml
from turnus.io.template import write_template
from turnus.io.workbook_in import WorkbookWarning, read_workbook

BUNDLED = sorted(
    path
    for path in [*SCENARIOS_DIR.rglob("*.yaml"), DATA_DIR / "tiny.yaml"]
    if "variants" not in read_yaml(path)  # comparisons of scenarios, not scenarios
)


def roundtrip(scenario: Scenario, folder: Path) -> Scenario:
    path = folder / "scenario.xlsx"
    write_template(path, scenario)
    return read_workbook(path, check=False).scenario


@pytest.mark.parametrize("source", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenarios_survive_xlsx_and_back_to_yaml(source: Path, tmp_path: Path) -> None:
    """YAML -> xlsx -> scenario is equal, and so is xlsx -> YAML -> scenario."""
    scenario = load_scenario(source)
    back = roundtrip(scenario, tmp_path)
    assert back == scenario
    write_scenario_yaml(tmp_path / "again.yaml", back)
    assert load_scenario(tmp_path / "again.yaml") == scenario


def test_template_has_a_sheet_per_section_with_explanations_and_dropdowns(tmp_path: Path) -> None:
    write_template(tmp_path / "blank.xlsx")
    book = load_workbook(tmp_path / "blank.xlsx")
    titles = [spec.title for spec in workbook_layout()]
    assert book.sheetnames[: len(titles)] == titles
    for name in ("Training", "Events", "TaskPeriods", "EmployeeCompetences", "Rules"):
        assert name in book.sheetnames
    employees = book["Employees"]
    headers = {c.value: c for c in employees[1]}
    assert "Stillingsprosent" in headers["position_pct"].comment.text
    assert str(employees.cell(row=2, column=1).value).startswith("#")
    formulas = {dv.formula1: str(dv.sqref) for dv in employees.data_validations.dataValidation}
    assert '"authorised,secretary,new_hire,trainee,leader"' in formulas  # role
    assert '"yes,no"' in formulas  # nights
    competences = book["EmployeeCompetences"].data_validations.dataValidation
    assert {dv.formula1 for dv in competences} >= {
        "'Employees'!$A$3:$A$2003",  # employee ids
        "'Competences'!$A$3:$A$2003",
        '"learning,competent,expert"',  # levels
    }
    staffing = {dv.formula1 for dv in book["Staffing"].data_validations.dataValidation}
    assert any(f.startswith('"weekday,saturday,sunday,holiday') for f in staffing)
    assert book["Absences"]["B3"].number_format == "dd.mm.yyyy"
    assert book["ShiftTypes"]["C3"].number_format == "hh:mm"


def test_a_blank_template_says_what_to_fill_in(tmp_path: Path) -> None:
    write_template(tmp_path / "blank.xlsx")
    with pytest.raises(InputError) as error:
        read_workbook(tmp_path / "blank.xlsx")
    assert [str(p) for p in error.value.problems] == [
        "Settings!B2: name: required field is missing",
        "Settings!B6: period.start: required field is missing",
        "Settings!B7: period.end: required field is missing",
    ]


def _header(sheet) -> dict[str, str]:
    return {c.value: c.column_letter for c in sheet[1]}


def test_a_dozen_mistakes_give_a_dozen_precise_messages(tmp_path: Path) -> None:
    """Each mistake is reported once, by sheet and cell, all at once, in reading order."""
    path = tmp_path / "bad.xlsx"
    write_template(path, load_scenario(DATA_DIR / "tiny.yaml"))
    book = load_workbook(path)

    def put(sheet: str, column: str, row: int, value: object) -> None:
        book[sheet][f"{_header(book[sheet])[column]}{row}"] = value

    put("Settings", "value", 6, "31.02.2027")  # period.start: no such date
    put("ShiftTypes", "start", 3, "25:00")  # no such time
    put("ShiftTypes", "paid_hours", 4, "seven")  # not a number
    put("Employees", "position_pct", 4, "120 %")  # above 100
    put("Employees", "role", 5, "boss")  # not a role
    put("Employees", "nights", 6, "maybe")  # not yes/no
    put("EmployeeCompetences", "employee", 5, "E77")  # unknown employee
    put("EmployeeCompetences", "level", 10, "guru")  # unknown level
    put("Staffing", "day", 3, "someday")  # not a day type or date
    put("Staffing", "min", 4, -1)  # negative
    put("Staffing", "task", 5, "nosuchtask")  # unknown task
    put("Absences", "end", 3, dt.date(2027, 1, 1))  # before its start
    put("Wishes", "priority", 3, 9)  # above 5
    book.save(path)
    with pytest.raises(InputError) as error:
        read_workbook(path)
    assert [str(p) for p in error.value.problems] == [
        "Settings!B6: period.start: expected a date like 31.01.2027 or 2027-01-31, "
        "got '31.02.2027'",
        "ShiftTypes!C3: start: expected a time like 07:30, got '25:00'",
        "ShiftTypes!E4: paid_hours: expected a number, got 'seven'",
        "Employees!C4: position_pct: Input should be less than or equal to 100, got 120.0",
        "Employees!E5: role: expected one of authorised, secretary, new_hire, trainee, leader, "
        "got 'boss'",
        "Employees!G6: nights: expected yes or no, got 'maybe'",
        "EmployeeCompetences!A5: employee: unknown id 'E77' (not in the sheet Employees); "
        "known: E1, E2, E3, E4, E5, E6",
        "EmployeeCompetences!C10: unknown level 'guru'; use one of learning, competent, expert",
        "Staffing!A3: day: expected one of weekday, saturday, sunday, holiday, monday, tuesday, "
        "wednesday, thursday, friday or a date, got 'someday'",
        "Staffing!E4: min: Input should be greater than or equal to 0, got -1",
        "Staffing!C5: unknown task 'nosuchtask'; known: ekspedisjon, skriv",
        "Absences!B3: end 2027-01-01 is before start 2027-01-11",
        "Wishes!E3: priority: Input should be less than or equal to 5, got 9",
    ]


def test_rule_and_reference_problems_name_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "rules.xlsx"
    scenario = load_scenario(DATA_DIR / "tiny.yaml")
    write_template(path, scenario.replace(rules={"daily_rest": {"min_hourz": 8}}))
    book = load_workbook(path)
    book["Tasks"]["C4"] = "skrive"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_workbook(path)
    assert [str(p) for p in error.value.problems] == [
        "Tasks!C4: unknown competence 'skrive'; known: ekspedisjon, skriv",
        "Rules!C3: unknown parameter 'min_hourz'; did you mean 'min_hours'?",
    ]


def test_what_people_do_in_excel(tmp_path: Path) -> None:
    """Reordered, hidden and extra sheets and columns, blank rows, spaces, text numbers,
    Norwegian dates, times as text, percentages in every spelling."""
    book = Workbook()
    employees = book.active
    employees.title = "employees"  # other case, and first
    employees.append(["Kommentar", "Name ", "id", "position_pct", "Nights"])
    employees.append([None, "# navn", "# id", "# stilling", "# natt"])
    employees.append(["ny", " Kari ", "E1 ", "80 %", "ja"])
    employees.append([])
    employees.append([None, "Ola", 2, 0.6, "NEI"])
    employees["D5"].number_format = "General"
    employees.append([None, "Per", "E3", "100", True])
    employees.sheet_state = "hidden"
    settings = book.create_sheet("Settings")
    settings.append(["setting", "value"])
    settings.append(["period.end", "17.01.2027"])
    settings.append(["name", "  Kontor  "])
    settings.append(["period.start", dt.datetime(2027, 1, 4)])
    shifts = book.create_sheet("Shift Types")
    shifts.append([])
    shifts.append(["id", "end", "start", "paid_hours"])
    shifts.append(["D", "15.00", dt.time(7, 30), "7,5"])
    book.create_sheet("Notater").append(["anything"])
    for name in ("Competences", "Tasks", "Staffing"):
        book.create_sheet(name).append(["id"] if name != "Staffing" else ["day"])
    path = tmp_path / "planner.xlsx"
    book.save(path)
    read = read_workbook(path)
    assert [str(w) for w in read.warnings] == [
        "Notater: sheet is not part of a scenario; ignored",
        "employees!A1: column 'Kommentar' is not part of the scenario; ignored",
    ]
    scenario = read.scenario
    assert scenario.name == "Kontor"
    assert (scenario.period.start, scenario.period.end) == (
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 17),
    )
    assert [(e.id, e.name, e.position_pct, e.nights) for e in scenario.employees] == [
        ("E1", "Kari", 80, True),
        ("2", "Ola", 60, False),
        ("E3", "Per", 100, True),
    ]
    shift = scenario.shift_types[0]
    assert (shift.start, shift.end, shift.paid_hours) == (dt.time(7, 30), dt.time(15), 7.5)


def test_a_workbook_saved_by_libreoffice_imports() -> None:
    """``planner_libreoffice.xlsx`` was written by LibreOffice Calc from the flat ODS beside it
    (``soffice --headless --convert-to xlsx planner_libreoffice.fods``): its own styles, shared
    strings, date, time and percent cells, a formula with its saved value, booleans saved as
    0/1, a hidden sheet, sheets in another order and case, blank rows, trailing spaces, numbers
    as text, an extra column."""
    read = read_workbook(DATA_DIR / "planner_libreoffice.xlsx")
    assert [str(w) for w in read.warnings] == [
        "Employees!F1: column 'Kommentar' is not part of the scenario; ignored"
    ]
    s = read.scenario
    assert (s.name, s.profile, s.period.start, s.period.end) == (
        "Poliklinikk Øst", "aml", dt.date(2027, 1, 4), dt.date(2027, 1, 17)
    )  # fmt: skip
    assert [(e.id, e.name, e.position_pct, e.weekly_hours, e.nights) for e in s.employees] == [
        ("E1", "Kari Nordmann", 100, 35.5, False),
        ("E2", "Ola", 80, 35.5, False),
        ("3", "Per", 60, 37.5, True),
    ]
    assert s.employees[2].competences == {"eksp": "competent"}  # from the hidden sheet
    assert [(x.id, x.start, x.end, x.paid_hours) for x in s.shift_types] == [
        ("D", dt.time(7, 30), dt.time(15), 7.0),  # paid_hours by a formula =7.5-0.5
        ("A", dt.time(14, 30), dt.time(22), 7.0),
    ]
    assert s.staffing[-1].day == "2027-01-06"  # a date cell in the day column
    assert [(a.employee, a.start, a.end, a.kind.value) for a in s.absences] == [
        ("E2", dt.date(2027, 1, 11), dt.date(2027, 1, 13), "vacation"),
        ("3", dt.date(2027, 1, 14), dt.date(2027, 1, 14), "course"),
    ]
    assert s.rules["daily_rest"] == {"min_hours": 10}
    assert s.rules["wishes"] == {"weight": 3}
    with pytest.warns(WorkbookWarning, match="'Kommentar' is not part of the scenario"):
        instance = load_instance(DATA_DIR / "planner_libreoffice.xlsx")  # as solve, check do
    assert instance.scenario == s
    names = {rule.name for rule in instance.rules}
    assert "daily_rest" in names and "isolated_day_off" not in names  # enabled = 0
