"""``turnus solve``, ``turnus check`` and ``turnus schema``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live
from rich.table import Table
from rich.text import Text

from turnus.cli.app import app, console, friendly
from turnus.domain import Scenario
from turnus.instance import Instance
from turnus.io.assignments import write_csv
from turnus.io.atomic import atomic_write
from turnus.io.roster_in import read_roster
from turnus.io.scenario_file import load_instance
from turnus.io.workbook_out import write_workbook
from turnus.result import Result
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
        float, typer.Option("--time-limit", "-t", min=0.1, help="Seconds to search.")
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
) -> None:
    """Build next period's roster and task distribution, check it, and write it out."""
    instance = load_instance(scenario)
    out = output or Path(f"{scenario.stem}-turnus.{fmt.value}")
    params = SolveParams(
        time_limit=time_limit, seed=seed, workers=workers, best_effort=best_effort, log=log
    )
    console.print(
        f"[bold]{instance.scenario.name}[/]: {len(instance.employees)} staff, "
        f"{instance.num_days} days from {instance.scenario.period.start}; "
        f"searching up to {time_limit:g} s with {workers} worker(s)"
    )
    result = _solve_with_progress(instance, params)
    report = validate(instance, result.schedule) if result.has_solution else None
    print_summary(result, report)
    if not result.has_solution:
        hint = "" if best_effort else " Try --best-effort for a roster anyway."
        console.print(f"[red]No roster written.[/]{hint}")
        raise typer.Exit(1)
    writer = write_workbook if fmt is OutputFormat.XLSX else write_csv
    atomic_write(out, lambda tmp: writer(tmp, instance, result.schedule), inputs=[scenario])
    console.print(f"Roster written to [bold]{out}[/]")


def _solve_with_progress(instance: Instance, params: SolveParams) -> Result:
    status = Text("building the model ...")

    with Live(status, console=console, transient=True, refresh_per_second=4) as live:

        def show(progress: Progress) -> None:
            gap = _gap(progress.objective, progress.bound)
            live.update(
                Text(
                    f"{progress.time:6.1f} s  best {progress.objective:,.2f}  "
                    f"bound {progress.bound:,.2f}  gap {gap:.1%}  "
                    f"({progress.solutions} rosters found)"
                )
            )
            if not console.is_terminal:
                console.print(f"  {progress.time:6.1f} s  best {progress.objective:,.2f}")

        live.update(Text("searching ..."))
        return solve(instance, params, on_progress=show)


def _gap(objective: float, bound: float) -> float:
    return 0.0 if objective == bound else abs(objective - bound) / max(abs(objective), 1e-9)


def print_summary(result: Result, report: Report | None) -> None:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("status", result.status.value + (" (interrupted)" if result.interrupted else ""))
    if result.has_solution:
        table.add_row("objective", f"{result.objective:,.2f}")
        table.add_row("bound", f"{result.bound:,.2f}")
        table.add_row("gap", f"{result.gap:.2%}")
    table.add_row("time", f"{result.runtime:.1f} s")
    if result.first_solution_time is not None:
        table.add_row("first roster", f"{result.first_solution_time:.1f} s")
    if report is not None:
        table.add_row("hard rules broken", str(len(report.hard)))
        for rule, (count, cost) in sorted(report.by_rule().items()):
            table.add_row(f"  {rule}", f"{count} x, cost {float(cost):,.2f}")
    console.print(table)


@app.command("check")
@friendly
def check_command(
    scenario: ScenarioArg,
    roster: Annotated[Path, typer.Argument(help="Roster (.xlsx with Assignments, or .csv).")],
    show: Annotated[int, typer.Option(help="Soft penalties to list in full.")] = 50,
) -> None:
    """Check a roster against every rule: broken hard rules in words, and soft penalties."""
    instance = load_instance(scenario)
    report = validate(instance, read_roster(roster))
    for violation in report.hard:
        console.print(f"[red]HARD[/] {violation.rule}: {violation.message}", highlight=False)
    for violation in report.soft[:show]:
        console.print(
            f"[yellow]soft[/] {violation.rule} (cost {float(violation.penalty):g}): "
            f"{violation.message}",
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
