"""Why no roster exists: small infeasible cases whose minimal cause is known by hand, and the
best-effort roster that breaks exactly that."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from ortools.sat.python import cp_model

from helpers import day, make_instance, solve_checked
from turnus.best_effort import best_effort
from turnus.explain import explain
from turnus.io.mark_violations import HARD_FILL, mark_violations
from turnus.io.sheets.roster import FIRST_DAY, HEADER_ROWS
from turnus.io.workbook_out import write_workbook
from turnus.model import build_model
from turnus.result import SolveStatus
from turnus.solve import SolveParams
from turnus.validator import validate

KARI_OLA_PER = [
    {"id": "E1", "name": "Kari", "competences": {"eksp": "competent"}},
    {"id": "E2", "name": "Ola", "competences": {"eksp": "competent"}},
    {"id": "E3", "name": "Per", "competences": {"skriv": "competent"}},
]


def vacation_case(rules: dict[str, Any] | None = None) -> Any:
    """Wednesday's day shift needs 2 on eksp; only Kari and Ola have it; Ola is on vacation."""
    return make_instance(
        rules=rules if rules is not None else {"coverage": {"hard": True}},
        employees=KARI_OLA_PER,
        staffing=[
            {"day": "weekday", "shift": "D", "task": "eksp", "min": 1},
            {"day": "2027-01-06", "shift": "D", "task": "eksp", "min": 2},
        ],
        absences=[{"employee": "E2", "start": "2027-01-06", "end": "2027-01-06"}],
    )


def test_feasible_instance_has_no_explanation() -> None:
    """Nothing conflicts in the base week: explain says so with None."""
    assert explain(make_instance(rules={"coverage": {"hard": True}})) is None


def test_staffing_minimum_against_a_vacation() -> None:
    """One staffing line alone is the cause, told with the names and the vacation."""
    instance = vacation_case()
    assert solve_checked(instance).status is SolveStatus.INFEASIBLE
    explanation = explain(instance)
    assert explanation is not None and explanation.minimal
    [conflict] = explanation.conflicts
    assert conflict.key == f"min:{day(2)}:D:1:eksp"
    assert "needs 2" in conflict.message
    assert "only Kari and Ola have it and Ola is on vacation" in conflict.message


def test_fixed_shifts_against_daily_rest() -> None:
    """Evening (ends 21:30) then day (starts 08:00): 10.5 h < 11 h. The minimal set is the two
    fixed assignments and that one daily-rest pair; no other rule or day."""
    instance = make_instance(
        rules={"daily_rest": {"hard": True}, "max_consecutive_days": {"hard": True}},
        staffing=[{"day": "weekday", "shift": s, "task": "eksp", "min": 1} for s in "DA"],
        fixed=[
            {"employee": "E1", "date": str(day(0)), "shift": "A"},
            {"employee": "E1", "date": str(day(1)), "shift": "D"},
        ],
    )
    explanation = explain(instance)
    assert explanation is not None and explanation.minimal
    assert sorted(c.key for c in explanation.conflicts) == sorted(
        [f"E1:{day(0)}", f"E1:{day(1)}", f"E1:{day(0)}:A:D"]
    )
    assert explanation.rules == ["assignment", "daily_rest"]
    lines = "\n".join(explanation.lines(instance))
    assert "Person 1 (E1) is fixed to shift A on Monday 04 January" in lines


def test_one_person_seven_days_against_a_run_limit() -> None:
    """Only Kari can do eksp, needed every day; at most 5 days in a row. Any 6 consecutive
    days of need and the run limit conflict: a minimal set has exactly 6 + 1 members."""
    instance = make_instance(
        rules={"coverage": {"hard": True}, "max_consecutive_days": {"hard": True, "max": 5}},
        employees=KARI_OLA_PER[:1],
        staffing=[
            {"day": d, "shift": "D", "task": "eksp", "min": 1}
            for d in ("weekday", "saturday", "sunday")
        ],
    )
    explanation = explain(instance)
    assert explanation is not None and explanation.minimal
    rules = [c.rule for c in explanation.conflicts]
    assert rules.count("coverage") == 6 and rules.count("max_consecutive_days") == 1
    days = sorted(d for c in explanation.conflicts if c.rule == "coverage" for d in c.dates)
    assert (days[-1] - days[0]).days == 5


def test_harden_asks_why_a_soft_minimum_is_short() -> None:
    """With a soft minimum a roster exists; hardening coverage names the same cause."""
    instance = vacation_case(rules={"coverage": {}})
    assert explain(instance) is None
    explanation = explain(instance, harden=["coverage"])
    assert explanation is not None
    assert [c.key for c in explanation.conflicts] == [f"min:{day(2)}:D:1:eksp"]


def test_default_model_has_no_switches() -> None:
    """Without ``group_of`` the model is built as before: no switch literals, same size."""
    instance = vacation_case()
    built = build_model(instance)
    names = [v.name for v in built.model.proto.variables]
    assert not any(name.startswith("on:") for name in names)
    switched = cp_model.CpModel()
    build_model(instance, group_of=lambda rule, key: switched.new_bool_var("on"), model=switched)
    assert len(switched.proto.constraints) == len(built.model.proto.constraints)


def test_best_effort_breaks_the_cause_and_marks_it(tmp_path: Path) -> None:
    """The elastic roster breaks only the staffing minimum of Wednesday, the validator lists
    it, and the roster grid marks that day red."""
    instance = vacation_case()
    result = solve_checked(instance, best_effort=True)
    assert result.has_solution
    report = validate(instance, result.schedule)
    assert [v.key for v in report.hard] == [f"coverage:min:{day(2)}:D:1:eksp"]
    path = tmp_path / "roster.xlsx"
    write_workbook(path, instance, result.schedule)
    mark_violations(path, instance, report.violations)
    cell = load_workbook(path).worksheets[0].cell(HEADER_ROWS, FIRST_DAY + 2)
    assert cell.fill.fgColor.rgb[-6:] == HARD_FILL.fgColor.rgb[-6:]
    assert "minimum 2" in cell.comment.text


def test_best_effort_relaxes_only_the_conflict() -> None:
    """Kari alone covers eksp every day, at most 5 in a row. The conflict (the run limit for
    Kari, six days' staffing) is relaxed and everything else stays hard: one break is enough,
    either one day short or one run too long, each at the elastic weight."""
    instance = make_instance(
        rules={"coverage": {"hard": True}, "max_consecutive_days": {"hard": True, "max": 5}},
        employees=KARI_OLA_PER,
        staffing=[
            {"day": d, "shift": "D", "task": "eksp", "min": 1}
            for d in ("weekday", "saturday", "sunday")
        ],
        absences=[{"employee": "E2", "start": str(day(0)), "end": str(day(6))}],
    )
    outcome = best_effort(instance, SolveParams(time_limit=10, workers=1))
    assert not outcome.fallback and len(outcome.relaxed) == 1
    report = validate(instance, outcome.result.schedule)
    [broken] = report.hard
    assert broken.rule in ("coverage", "max_consecutive_days")
