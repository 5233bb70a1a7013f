"""Rosters made by hand: a grid of names x days with shift and absence codes, checked with the
cells concerned, and used as the history of the next month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from helpers import DATA_DIR, base_scenario, make_instance
from turnus.cli import app
from turnus.exceptions import InputError
from turnus.instance import Instance
from turnus.io.roster_in import (
    assign_tasks,
    read_roster,
    read_roster_file,
    with_history,
    with_roster_absences,
)
from turnus.io.scenario_file import load_scenario
from turnus.io.workbook_out import write_workbook
from turnus.validator import validate

# The rules checked here, so the expectations do not move with the bundled profiles.
PROFILE = {
    "assignment": {"hard": True},
    "coverage": {"weight": 1000, "target_weight": 20},
    "daily_rest": {"hard": True, "min_hours": 11},
    "weekly_rest": {"hard": True, "min_hours": 35},
    "max_consecutive_days": {"hard": True, "max": 6},
    "max_hours_per_week": {"hard": True, "max_hours": 40},
}

# Kari: A on Monday then D on Tuesday (9.5 h rest). Ola: D during his vacation (11-13 Jan).
# Per: D seven days in a row (49 h in a week, no weekly rest). Lise: FE (ferie) on 4-5 Jan.
HAND = {
    "Kari": ["A", "D", "", "", "", "", "", "D", "D"],
    "ola": ["", "", "", "", "", "", "", "d"],  # a name in other case, a code in lower case
    "Per": ["D", "D", "D", "D", "D", "D", "D"],
    "Lise": ["FE", "FE", "D", "F", "X"],
}


def hand_made(path: Path, title: str = "Turnus januar 2027") -> Path:
    """A sheet as an office keeps it: a title, day numbers, names, codes, a sum row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Vaktplan"
    sheet["A1"] = title
    sheet.append([])
    sheet.append(["Navn", "Stilling", *range(4, 18)])
    for name, codes in HAND.items():
        sheet.append([name, "100 %", *codes])
    sheet.append(["Sum D", None, *[1] * 14])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def tiny() -> Instance:
    return Instance.build(load_scenario(DATA_DIR / "tiny.yaml"), PROFILE)


def test_a_hand_made_grid_gets_exactly_its_broken_rules_with_cells(
    tiny: Instance, tmp_path: Path
) -> None:
    roster = read_roster_file(hand_made(tmp_path / "hand.xlsx"), tiny)
    instance = with_roster_absences(tiny, roster)
    report = validate(instance, roster.schedule)
    found = sorted((v.rule, roster.where(v)) for v in report.hard)
    assert found == [
        ("assignment", "Vaktplan!J5"),  # Ola, Mon 11 Jan, on vacation
        ("daily_rest", "Vaktplan!D4"),  # Kari, Tue 5 Jan after A on Monday
        ("max_consecutive_days", "Vaktplan!C6"),  # Per, 7 days from Mon 4 Jan
        ("max_hours_per_week", "Vaktplan!C6"),  # Per, 49 h from Mon 4 Jan
        ("max_hours_per_week", "Vaktplan!D6"),  # Per, 42 h from Tue 5 Jan
        ("weekly_rest", "Vaktplan!C6"),  # Per, no 35 h in the 7 days from Mon 4 Jan
    ]
    rest = next(v for v in report.hard if v.rule == "daily_rest")
    assert "9.5 h rest between A" in rest.message
    # coverage is about a day: the day's column of the grid
    short = [v for v in report.soft if v.rule == "coverage" and v.date == dt.date(2027, 1, 4)]
    assert {roster.where(v) for v in short} == {"Vaktplan!C3:C8"}
    # FE on 4-5 Jan became vacation for checking: Lise owes no hours those days
    lise = instance.employee["E4"]
    assert instance.contract_minutes(lise) < tiny.contract_minutes(lise)
    assert [str(w) for w in roster.warnings] == ["not in the roster (off all period): E5, E6"]


def test_grid_tasks_go_where_the_staffing_plan_is_short(tiny: Instance) -> None:
    """E1 and E2 can do both tasks, E3 only ekspedisjon: E3 first, then the largest shortfall
    (skriv has min 1 and none, ekspedisjon min 1 and E3), then the target of ekspedisjon."""
    monday = dt.date(2027, 1, 4)
    shifts = {("E1", monday): "D", ("E2", monday): "D", ("E3", monday): "D"}
    tasks = {a.employee: a.task for a in assign_tasks(tiny, shifts).assignments}
    assert tasks == {"E3": "ekspedisjon", "E1": "skriv", "E2": "ekspedisjon"}


def test_check_command_names_the_cells(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", str(DATA_DIR / "tiny.yaml"), str(hand_made(tmp_path / "hand.xlsx"))]
    )
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "HARD daily_rest: Vaktplan!D4: Kari (E1): 9.5 h rest" in text
    assert (
        "HARD assignment: Vaktplan!J5: Ola (E2) on 2027-01-11: works D during an absence" in text
    )


def test_the_title_dates_day_numbers(tiny: Instance, tmp_path: Path) -> None:
    """'Turnus januar 2027' above the days wins over the month the caller expects."""
    roster = read_roster_file(hand_made(tmp_path / "hand.xlsx"), tiny, month=(2026, 5))
    assert roster.shifts[("E1", dt.date(2027, 1, 4))] == "A"


def test_unknown_codes_name_their_cells(tiny: Instance, tmp_path: Path) -> None:
    path = hand_made(tmp_path / "hand.xlsx")
    book = load_workbook(path)
    book["Vaktplan"]["E4"] = "Q"
    book["Vaktplan"].append(["Bjørn (vikar)", None, "D"])
    book.save(path)
    with pytest.raises(InputError) as error:
        read_roster(path, tiny)
    assert [p.where for p in error.value.problems] == ["Vaktplan!E4"]
    assert "unknown code 'Q'; shift codes are A, D" in error.value.problems[0].message


def test_turnus_own_roster_grid_reads_back(tiny: Instance, tmp_path: Path) -> None:
    """The grid of the published workbook, without its Assignments sheet, gives the shifts."""
    days = [dt.date(2027, 1, 4) + dt.timedelta(days=i) for i in range(14)]
    shifts = {(e, d): s for e, s, k in (("E1", "D", 0), ("E2", "A", 1), ("E4", "D", 2))
              for d in days[k::3]}  # fmt: skip
    path = tmp_path / "published.xlsx"
    write_workbook(path, tiny, assign_tasks(tiny, shifts))
    book = load_workbook(path)
    del book["Assignments"]
    book.save(path)
    roster = read_roster_file(path, tiny)
    assert roster.grid and roster.shifts == shifts


def december(path: Path) -> Path:
    """Last month's grid: day numbers only, 27 Dec to 3 Jan; E1 ends with an evening."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Ansatt", 27, 28, 29, 30, 31, 1, 2, 3])
    sheet.append(["E1", None, "D", None, None, "D", None, None, "A"])
    sheet.append(["E2", None, "A", "A", None, None, None, "D", None])
    book.save(path)
    return path


def test_last_months_grid_is_the_history_of_the_next(tmp_path: Path) -> None:
    """Day numbers are taken as the month before the period, 1-3 as the next month; the
    evening on 3 Jan then leaves 10.5 h before a day shift on 4 Jan."""
    instance = make_instance(rules={"daily_rest": {"hard": True, "min_hours": 11}})
    instance = with_history(instance, december(tmp_path / "desember.xlsx"))
    history = {(h.employee, h.date): h.shift for h in instance.scenario.history}
    assert history == {
        ("E1", dt.date(2026, 12, 28)): "D",
        ("E1", dt.date(2026, 12, 31)): "D",
        ("E1", dt.date(2027, 1, 3)): "A",
        ("E2", dt.date(2026, 12, 28)): "A",
        ("E2", dt.date(2026, 12, 29)): "A",
        ("E2", dt.date(2027, 1, 2)): "D",
    }
    monday = assign_tasks(instance, {("E1", dt.date(2027, 1, 4)): "D"})
    assert [v.rule for v in validate(instance, monday).hard] == ["daily_rest"]


def test_solve_with_history_option(tmp_path: Path) -> None:
    """``turnus solve next.yaml --history last.xlsx``: E1 is not rostered early on 4 Jan."""
    import yaml

    scenario = tmp_path / "next.yaml"
    data = base_scenario(profile="dagtid")
    data["rules"] = {"daily_rest": {"hard": True, "min_hours": 11}}
    scenario.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "next.csv"
    result = CliRunner().invoke(
        app,
        ["solve", str(scenario), "--history", str(december(tmp_path / "dec.xlsx")),
         "-t", "5", "--format", "csv", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1:] and not any(r.startswith("E1,2027-01-04,D") for r in rows)
