"""Scenario comparison and the staffing search (``turnus compare`` / ``turnus staffing``).

The office: one week (Mon 4 - Sun 10 January 2027, no holidays), one task, a day shift D
(08:00-15:30) and an evening shift A (14:00-21:30), 7 paid hours each. The plan asks for
2 on D and 1 on A every weekday and 1 on D on Saturday: 16 shifts of 7.5 clock hours. At most
3 days in a row let one person work at most 4 of the 5 weekdays, and Saturday needs one, so
2 people cover at most 9 shifts, 3 at most 13, and 4 can cover all 16. Surplus heads cost 1,
so no one works a shift nobody asked for and planned hours equal covered shifts x 7.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from helpers import round_objective
from turnus.cli import app
from turnus.compare import (
    SOLVE_FIGURES,
    Settings,
    label,
    run_comparison,
    solve_variants,
    staffing_search,
    variant_figures,
)
from turnus.io.roster_in import read_roster
from turnus.metrics.cost import PayRates, labour_cost
from turnus.result import Assignment, Schedule
from turnus.validator import validate
from turnus.variants import load_variants, parse_staff_profile

PROFILE = """
rules:
  coverage: {weight: 1000, target_weight: 0, over_weight: 1}
  max_consecutive_days: {hard: true, max: 3}
  daily_rest: {hard: true, min_hours: 11}
pay:
  hourly_wage: 300
  supplements:
    evening: {start: "17:00", end: "21:00", min_per_hour: 50}
    weekend: {days: [saturday, sunday], min_per_hour: 60}
"""

SCENARIO = """
name: Lite kontor
profile: office.yaml
period: {start: 2027-01-04, end: 2027-01-10}
competences: [{id: eksp}]
tasks: [{id: eksp, name: Ekspedisjon, competence: eksp}]
shift_types:
  - {id: D, start: "08:00", end: "15:30", paid_hours: 7.0}
  - {id: A, start: "14:00", end: "21:30", paid_hours: 7.0}
employees:
  - {id: E1, name: Kari, competences: {eksp: competent}}
  - {id: E2, name: Ola, competences: {eksp: competent}}
  - {id: E3, name: Per, competences: {eksp: competent}}
staffing:
  - {day: weekday, shift: D, task: eksp, min: 2}
  - {day: weekday, shift: A, task: eksp, min: 1}
  - {day: saturday, shift: D, task: eksp, min: 1}
"""

COMPARISON = """
name: Lite kontor – bemanning
base: office-scenario.yaml
variants:
  - name: Ett årsverk færre
    remove_staff: [E3]
  - name: Ett årsverk mer
    add_staff: [{count: 1, competences: {eksp: competent}}]
"""

FAST = Settings(time_limit=10, jobs=1, workers=1)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The comparison file of the small office, with its scenario and profile beside it."""
    (tmp_path / "office.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "office-scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    path = tmp_path / "compare.yaml"
    path.write_text(COMPARISON, encoding="utf-8")
    return path


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- variants ----------------------------------------------------------------------------------


def test_variants_apply_their_changes(office: Path) -> None:
    """Base first, then the variants; staff removed with their records, added with new ids."""
    base, fewer, more = load_variants([office])
    assert [v.name for v in (base, fewer, more)] == [
        "Grunnlag", "Ett årsverk færre", "Ett årsverk mer",
    ]  # fmt: skip
    assert [e.id for e in fewer.scenario.employees] == ["E1", "E2"]
    assert [e.id for e in more.scenario.employees] == ["E1", "E2", "E3", "NY1"]
    assert more.scenario.employees[-1].weekly_hours == 35.5  # the office's usual hours
    assert base.pay.hourly_wage == 300


def test_every_kind_of_change(office: Path, tmp_path: Path) -> None:
    """Staffing lines set and scaled, rules, period and overrides all reach the scenario."""
    path = _write(
        tmp_path,
        "more.yaml",
        """
        base: office-scenario.yaml
        include_base: false
        variants:
          - name: Alt
            period: {start: 2027-01-11, end: 2027-01-17}
            staffing: [{day: weekday, shift: A, task: eksp, min: 2}]
            scale_staffing: {factor: 1.5, shifts: [D]}
            rules: {daily_rest: {min_hours: 8}}
            overrides: {office: Nytt kontor}
        """,
    )
    (variant,) = load_variants([path])
    scenario = variant.scenario
    assert scenario.period.start.isoformat() == "2027-01-11"
    assert [(s.day, s.shift, s.min) for s in scenario.staffing] == [
        ("weekday", "D", 3),
        ("weekday", "A", 2),
        ("saturday", "D", 2),
    ]  # fmt: skip  (2 x 1.5 = 3; 1 x 1.5 = 1.5 rounds half up to 2; A set, not scaled)
    assert scenario.rules == {"daily_rest": {"min_hours": 8}}
    assert scenario.office == "Nytt kontor"


@pytest.mark.parametrize(
    ("variant", "where", "words"),
    [
        ("{name: X, remove_staff: [E9]}", "variants[0].remove_staff[0]", "unknown employee 'E9'"),
        ("{name: X, remov_staff: [E1]}", "variants[0].remov_staff", "did you mean 'remove_staff'"),
        ("{name: X, scale_staffing: -1}", "variants[0].scale_staffing.factor", "greater than 0"),
        (  # a competence the office does not have, found in the variant's scenario
            "{name: X, add_staff: [{competences: {kaffe: competent}}]}",
            "employees[3].competences.kaffe",
            "unknown competence 'kaffe'",
        ),
        ("{name: Grunnlag}", "", "variant names must be unique"),  # clashes with the base
    ],
)
def test_bad_comparison_files_name_file_and_field(
    office: Path, variant: str, where: str, words: str
) -> None:
    """A mistake in a comparison file: exit 2, the file, the field path and what is wrong."""
    path = office.with_name("bad.yaml")
    path.write_text(f"base: office-scenario.yaml\nvariants:\n  - {variant}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(path), "-o", str(office.with_name("o.xlsx"))])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "bad.yaml" in text and where in text and words in text, text


# -- the comparison ----------------------------------------------------------------------------


def test_coverage_and_cost_are_monotone_in_staff(office: Path) -> None:
    """2, 3, 4 people: coverage 9/16, 13/16, 16/16 of the minimum; cost follows the hours."""
    fewer, base, more = (o.figures for o in _solved(office, order=(1, 0, 2)))
    assert [f["coverage_min_pct"] for f in (fewer, base, more)] == [56.25, 81.25, 100.0]
    assert [f["planned_hours"] for f in (fewer, base, more)] == [63.0, 91.0, 112.0]
    assert fewer["labour_cost"] < base["labour_cost"] < more["labour_cost"]
    assert [f["shortfall_hours"] for f in (fewer, base, more)] == [52.5, 22.5, 0.0]


def _solved(office: Path, order: tuple[int, ...]) -> list:
    variants = load_variants([office])
    outcomes = solve_variants(variants, FAST)
    for variant, outcome in zip(variants, outcomes, strict=True):
        assert outcome.status == "optimal"
        _check(variant, outcome)
    return [outcomes[i] for i in order]


def _check(variant, outcome) -> None:
    """The validator agrees: no hard rule broken and the same objective."""
    report = validate(variant.instance(), outcome.schedule)
    assert report.hard == []
    assert report.objective == round_objective(outcome.objective)


def test_workbook_figures_equal_each_rosters_own(office: Path) -> None:
    """Every figure in the comparison workbook recomputes from that variant's roster file."""
    out = office.with_name("cmp.xlsx")
    result = CliRunner().invoke(app, ["compare", str(office), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out, read_only=True)["Sammenligning"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    variants = load_variants([office])
    assert [r[0] for r in rows] == [v.name for v in variants]
    for i, (variant, row) in enumerate(zip(variants, rows, strict=True)):
        roster = out.with_name(f"cmp-{i:02d}-{_slug(variant.name)}.xlsx")
        schedule = read_roster(roster)
        assert validate(variant.instance(), schedule).hard == []
        figures = variant_figures(variant.instance(), schedule, variant.pay)
        shown = dict(zip(header[1:], row[1:], strict=True))
        recomputed = {label(k): v for k, v in figures.items() if k not in SOLVE_FIGURES}
        assert {k: shown[k] for k in recomputed} == recomputed
    charts = load_workbook(out)["Diagrammer"]._charts
    assert len(charts) == 4


def _slug(name: str) -> str:
    from turnus.io.comparison_out import slug

    return slug(name)


def test_same_results_with_a_process_pool_and_dask(office: Path) -> None:
    """In-process, a pool of 2 processes and a dask cluster give the same rosters."""
    distributed = pytest.importorskip("distributed")
    variants = load_variants([office])
    settings = Settings(time_limit=10, jobs=2, workers=1)
    inline = solve_variants(variants, settings)
    pooled = run_comparison(variants, settings, "local")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        dasked = run_comparison(variants, settings, "dask", cluster.scheduler_address)
    for outcomes in (pooled, dasked):
        assert [o.schedule for o in outcomes] == [o.schedule for o in inline]
        assert [o.figures for o in outcomes] == [o.figures for o in inline]


# -- labour cost -------------------------------------------------------------------------------


def test_labour_cost_by_hand(office: Path) -> None:
    """One evening shift on Saturday 9 January: 14:00-21:30, 7 paid of 7.5 clock hours.

    base 7 h x 300 = 2100; evening 17-21 is 4 clock h = 4 x 7/7.5 paid h at 50 = 186.67;
    weekend all 7 paid h at 60 = 420; a 25 % night supplement from 21:00 gives 0.5 x 7/7.5
    paid h x 75 = 35.
    """
    (variant, *_) = load_variants([office])
    night = {"start": "21:00", "end": "06:00", "pct": 25}
    pay = PayRates.model_validate(
        variant.pay.model_dump() | {"supplements": {**variant.pay.supplements, "night": night}}
    )
    saturday = variant.instance().day(5).date
    schedule = Schedule(
        assignments=(Assignment(employee="E1", date=saturday, shift="A", period="1", task="eksp"),)
    )
    assert validate(variant.instance(), schedule).hard == []
    cost = labour_cost(variant.instance(), schedule, pay)
    assert cost.base == pytest.approx(2100)
    assert cost.supplements["evening"] == pytest.approx(4 * 7 / 7.5 * 50)
    assert cost.supplements["weekend"] == pytest.approx(420)
    assert cost.supplements["night"] == pytest.approx(0.5 * 7 / 7.5 * 75)


def test_pay_section_of_the_bundled_profiles() -> None:
    """dagtid extends aml: its own wage, aml's supplements."""
    from turnus.io.pay import load_pay
    from turnus.io.scenario_file import builtin_profiles_dir

    aml = load_pay("aml", builtin_profiles_dir())
    dagtid = load_pay("dagtid", builtin_profiles_dir())
    assert dagtid.hourly_wage == 300 != aml.hourly_wage
    assert set(dagtid.supplements) == {"evening", "night", "weekend", "holiday"}


# -- how many do we need? ----------------------------------------------------------------------


def test_staffing_search_finds_the_smallest_number(office: Path) -> None:
    """3 people leave 3 shifts short; one more person closes the gap, so the answer is 1."""
    base = load_variants([office.with_name("office-scenario.yaml")])[0]
    profile = parse_staff_profile("pct=100,competences=eksp,shifts=D+A,id=X")
    answer = staffing_search(base, profile, 2, FAST)
    assert answer.smallest == 1
    curve = answer.curve()
    assert [p["coverage_min_pct"] for p in curve] == [81.25, 100.0, 100.0]
    assert curve[0]["labour_cost"] < curve[1]["labour_cost"]
    for outcome, variant in zip(answer.outcomes, range(3), strict=True):
        assert outcome.status == "optimal", variant


def test_staffing_command_writes_the_plot(office: Path) -> None:
    plot = office.with_name("curve.png")
    scenario = office.with_name("office-scenario.yaml")
    args = ["staffing", str(scenario), "--add", "competences=eksp", "--max", "1", "-o", str(plot)]
    result = CliRunner().invoke(app, [*args, "-j", "1", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Smallest number to add: 1" in " ".join(result.output.split())
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("pct=150", "less than or equal to 100"),  # a position above 100 %
        ("pct", "is not key=value"),  # no value
        ("role=boss", "role"),  # an unknown role
        ("colour=red", "unknown field 'colour'"),  # not a field
        ("competences=kaffe", "unknown competence 'kaffe'"),  # not in this office
    ],
)
def test_bad_staff_profiles_are_explained(office: Path, text: str, words: str) -> None:
    """A bad --add: exit 2 and a message saying what is wrong, before any solving."""
    scenario = office.with_name("office-scenario.yaml")
    result = CliRunner().invoke(app, ["staffing", str(scenario), "--add", text, "-j", "1"])
    assert result.exit_code == 2, result.output
    assert words in " ".join(result.output.split())


def test_a_failed_solve_is_reported_not_raised(office: Path) -> None:
    """A worker that fails gives its variant a 'failed' row; the other variants still come."""
    from concurrent.futures import Future, ThreadPoolExecutor

    class Flaky(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
            if args[0].variant.name == "Grunnlag":
                broken: Future = Future()
                broken.set_exception(MemoryError("worker lost"))
                return broken
            return super().submit(fn, *args, **kwargs)

    with Flaky(max_workers=1) as executor:
        base, fewer, more = solve_variants(load_variants([office]), FAST, executor)
    assert base.status == "failed: MemoryError: worker lost" and not base.has_solution
    assert fewer.status == more.status == "optimal"
