"""``turnus solve``, ``turnus check`` and ``turnus schema``."""

from __future__ import annotations

import json
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live
from rich.table import Table
from rich.text import Text

from turnus.cli.app import app, console, friendly
from turnus.cli.diagnose import (
    print_explanation,
    print_findings,
    print_violations,
    solve_best_effort,
)
from turnus.diagnose import diagnose
from turnus.diagnose_training import training_problems
from turnus.domain import Scenario
from turnus.i18n import Language, text
from turnus.instance import Instance
from turnus.io.assignments import write_csv
from turnus.io.atomic import atomic_write, check_target
from turnus.io.mark_violations import mark_violations
from turnus.io.roster_in import read_roster_file, with_history, with_roster_absences
from turnus.io.scenario_file import load_instance
from turnus.io.workbook_out import write_workbook
from turnus.metrics import Metrics, TrainingMetrics, compute_metrics
from turnus.result import Result, SolveStatus
from turnus.solve import DEFAULT_TIME_LIMIT, Progress, SolveParams, solve
from turnus.validator import Report, validate


class OutputFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (.yaml or .xlsx).")]


@app.command("solve")
@friendly
def solve_command(
    scenario: ScenarioArg,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Roster file to write.")
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            "-t",
            min=0.1,
            help="Seconds of search, counted in CP-SAT's deterministic time so that runs "
            "repeat (one to three wall seconds each; see --wall-clock).",
        ),
    ] = DEFAULT_TIME_LIMIT,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same roster.")] = 0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Solver threads.")] = 2,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="xlsx or csv.")
    ] = OutputFormat.XLSX,
    best_effort: Annotated[
        bool, typer.Option("--best-effort", help="Break hard rules at a high cost if needed.")
    ] = False,
    log: Annotated[bool, typer.Option(help="Show the solver's own log.")] = False,
    wall_clock: Annotated[
        bool,
        typer.Option(
            "--wall-clock",
            help="Search for exactly the time limit in wall seconds with the full parallel "
            "portfolio: usually a better roster in the same time, but not reproducible.",
        ),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help="Workbook and summary language (default: the scenario's)."),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option("--history", help="Last period's roster (.xlsx grid or Assignments, .csv)."),
    ] = None,
) -> None:
    """Build next period's roster and task distribution, check it, and write it out."""
    instance = load_instance(scenario)
    if history is not None:
        instance = with_history(instance, history)
    out = output or Path(f"{scenario.stem}-turnus.{fmt.value}")
    check_target(out, inputs=[scenario])
    params = SolveParams(
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        best_effort=best_effort,
        log=log,
        deterministic=not wall_clock,
    )
    console.print(
        f"[bold]{instance.scenario.name}[/]: {len(instance.employees)} staff, "
        f"{instance.num_days} days from {instance.scenario.period.start}; "
        f"searching up to {time_limit:g} s with {workers} worker(s)"
    )
    print_findings(diagnose(instance))
    if best_effort:  # relax only the rules that conflict, not all at once
        result = solve_best_effort(instance, params)
    else:
        result = _solve_with_progress(instance, params)
    report = validate(instance, result.schedule) if result.has_solution else None
    metrics = compute_metrics(instance, result.schedule, report) if report else None
    language = lang.value if lang else instance.scenario.locale
    print_summary(result, report, metrics, language)
    if not result.has_solution:
        if result.status is SolveStatus.INFEASIBLE and not best_effort:
            print_explanation(instance)
        hint = "" if best_effort else " Try --best-effort for a roster anyway."
        console.print(f"[red]No roster written.[/]{hint}")
        raise typer.Exit(1)
    writer = (
        partial(write_workbook, result=result, report=report, lang=language, metrics=metrics)
        if fmt is OutputFormat.XLSX
        else write_csv
    )
    violations = report.violations if report is not None and report.hard else ()
    print_violations(violations)

    def write(tmp: Path) -> None:
        writer(tmp, instance, result.schedule)
        if violations and fmt is OutputFormat.XLSX:
            mark_violations(tmp, instance, violations)

    atomic_write(out, write, inputs=[scenario])
    console.print(f"Roster written to [bold]{out}[/]")


def _solve_with_progress(instance: Instance, params: SolveParams) -> Result:
    status = Text("building the model ...")

    with Live(status, console=console, transient=True, refresh_per_second=4) as live:

        def show(progress: Progress) -> None:
            if progress.stage == "first":  # its objective counts the staffing plan only
                line = (
                    f"{progress.time:6.1f} s  first stage: a roster within the hard rules, "
                    f"staffing-plan cost {progress.objective:,.2f}"
                )
            elif progress.stage == "person":  # fairness between people is not weighed yet
                line = (
                    f"{progress.time:6.1f} s  person by person: a roster of cost "
                    f"{progress.objective:,.2f} before fairness"
                )
            else:
                gap = _gap(progress.objective, progress.bound)
                line = (
                    f"{progress.time:6.1f} s  best {progress.objective:,.2f}  "
                    f"bound {progress.bound:,.2f}  gap {gap:.1%}  "
                    f"({progress.solutions} rosters found)"
                )
            live.update(Text(line))
            if not console.is_terminal:
                console.print(f"  {line}", highlight=False)

        live.update(Text("searching ..."))
        return solve(instance, params, on_progress=show)


def _gap(objective: float, bound: float) -> float:
    return 0.0 if objective == bound else abs(objective - bound) / max(abs(objective), 1e-9)


def print_summary(
    result: Result, report: Report | None, metrics: Metrics | None = None, lang: str = "en"
) -> None:
    def t(key: str, **fields: object) -> str:
        return text(key, lang, **fields)

    table = Table(show_header=False, box=None, pad_edge=False)
    interrupted = t("sum.interrupted") if result.interrupted else ""
    table.add_row(t("sum.status"), t(f"status.{result.status.value}") + interrupted)
    if result.has_solution:
        table.add_row(t("sum.objective"), f"{result.objective:,.2f}")
        table.add_row(t("sum.bound"), f"{result.bound:,.2f}")
        table.add_row(t("sum.gap"), f"{result.gap:.2%}")
    table.add_row(t("sum.time"), f"{result.runtime:.1f} s")
    if result.first_solution_time is not None:
        table.add_row(t("sum.first"), f"{result.first_solution_time:.1f} s")
    if metrics is not None:
        office = metrics.office
        hours = f"{office.planned_hours:,.1f} / {office.capacity_hours:,.1f}"
        table.add_row(t("sum.hours"), hours)
        if office.coverage is not None:
            table.add_row(t("sum.coverage"), f"{office.coverage:.1%}")
        table.add_row(t("sum.shortfall"), f"{office.shortfall_hours:,.1f} h")
        training = metrics.sections.get("training")
        lines = training.lines() if isinstance(training, TrainingMetrics) else []
        for i, line in enumerate(lines):
            table.add_row("training" if i == 0 else "", line)
    if report is not None:
        table.add_row(t("sum.hard"), str(len(report.hard)))
        for rule, (count, cost) in sorted(report.by_rule().items()):
            table.add_row(f"  {rule}", t("sum.rule", count=count, cost=f"{float(cost):,.2f}"))
    console.print(table)


@app.command("check")
@friendly
def check_command(
    scenario: ScenarioArg,
    roster: Annotated[
        Path, typer.Argument(help="Roster: .xlsx (Assignments sheet, or a grid) or .csv.")
    ],
    show: Annotated[int, typer.Option(help="Soft penalties to list in full.")] = 50,
) -> None:
    """Check a roster against every rule: broken hard rules in words, and soft penalties."""
    instance = load_instance(scenario)
    found = read_roster_file(roster, instance)
    for problem in found.warnings:
        console.print(f"[yellow]warning[/] {problem}", highlight=False)
    if found.grid:
        instance = with_roster_absences(instance, found)
    report = validate(instance, found.schedule)
    for problem in training_problems(instance):
        console.print(f"[yellow]note[/] {problem}", highlight=False)
    for violation in report.hard:
        at = f"{found.where(violation)}: " if found.where(violation) else ""
        console.print(f"[red]HARD[/] {violation.rule}: {at}{violation.message}", highlight=False)
    for violation in report.soft[:show]:
        at = f"{found.where(violation)}: " if found.where(violation) else ""
        console.print(
            f"[yellow]soft[/] {violation.rule} (cost {float(violation.penalty):g}): "
            f"{at}{violation.message}",
            highlight=False,
        )
    if len(report.soft) > show:
        console.print(f"... and {len(report.soft) - show} more soft penalties")
    console.print(
        f"{len(report.hard)} hard rule(s) broken; soft penalties {float(report.objective):,.2f}"
    )
    if report.hard:
        raise typer.Exit(1)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a scenario file."""
    console.print_json(json.dumps(Scenario.model_json_schema()))
