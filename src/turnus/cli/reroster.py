"""``turnus reroster`` and ``turnus cover``: changing a published roster."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from turnus.cli.app import app, console, friendly
from turnus.cli.diagnose import print_explanation, print_findings, print_violations
from turnus.diagnose import diagnose
from turnus.exceptions import InputError, Problem
from turnus.instance import Instance
from turnus.io.atomic import atomic_write, check_target
from turnus.io.mark_violations import mark_violations
from turnus.io.roster_in import read_roster
from turnus.io.scenario_file import load_instance
from turnus.io.workbook_out import write_workbook
from turnus.reroster import (
    ABSENCE_SYNTAX,
    NEED_SYNTAX,
    SWAP_SYNTAX,
    Candidate,
    Change,
    change_date,
    check_published,
    cover,
    parse_absence,
    parse_need,
    parse_swap,
    reroster,
    with_requests,
    without_absent,
)
from turnus.result import SolveStatus
from turnus.solve import SolveParams
from turnus.validator import validate

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (.yaml or .xlsx).")]
PublishedOpt = Annotated[
    Path, typer.Option("--published", "-p", help="The published roster (.xlsx or .csv).")
]
AbsenceOpt = Annotated[
    list[str] | None,
    typer.Option("--absence", help=f"A new absence: {ABSENCE_SYNTAX}. Kind defaults to sick."),
]


@app.command("reroster")
@friendly
def reroster_command(
    scenario: ScenarioArg,
    published: PublishedOpt,
    absence: AbsenceOpt = None,
    need: Annotated[
        list[str] | None,
        typer.Option("--need", help=f"An extra (or smaller, -N) need: {NEED_SYNTAX}."),
    ] = None,
    swap: Annotated[
        list[str] | None,
        typer.Option("--swap", help=f"Two people exchange their shifts: {SWAP_SYNTAX}."),
    ] = None,
    start: Annotated[
        dt.datetime | None,
        typer.Option(
            "--from",
            formats=["%Y-%m-%d"],
            help="First day that may change; days before stay as published. Defaults to the "
            "first day a request touches.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="New roster workbook to write.")
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.1, help="Seconds to search.")
    ] = 30.0,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same roster.")] = 0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Solver threads.")] = 2,
    best_effort: Annotated[
        bool, typer.Option("--best-effort", help="Break hard rules at a high cost if needed.")
    ] = False,
) -> None:
    """Change a published roster as little as possible after a new absence, an extra need or
    a swap request, and list every change (who, which day, from → to).

    Every option may be given several times. Examples:

      turnus reroster akutt.yaml -p januar.xlsx --absence "E07 2027-01-12..15"

      turnus reroster akutt.yaml -p januar.xlsx --need "2027-01-13:D:ekspedisjon+1"

      turnus reroster akutt.yaml -p januar.xlsx --swap "E03 E05 2027-01-14"

    Changes soon cost more than changes later, and moving a shift or day off costs more than
    changing a task (rule ``changes`` in the profile).
    """
    out = output or published.with_name(f"{published.stem}-ny.xlsx")
    check_target(out, inputs=[scenario, published])
    instance = load_instance(scenario)
    old = read_roster(published, instance)
    check_published(instance, old, str(published))
    absences = [parse_absence(a) for a in absence or ()]
    needs = [parse_need(n) for n in need or ()]
    swaps = [parse_swap(s) for s in swap or ()]
    if not (absences or needs or swaps) and start is None:
        raise InputError(
            "turnus reroster", [Problem((), "give --absence, --need, --swap or --from")]
        )
    first = start.date() if start else change_date(instance, absences, needs, swaps)
    new = with_requests(instance, old, first, absences, needs, swaps)
    console.print(f"Days before {first:%a %d %b %Y} stay as published.")
    print_findings(diagnose(new))
    params = SolveParams(
        time_limit=time_limit, seed=seed, workers=workers, best_effort=best_effort
    )
    with console.status("re-rostering ..."):
        outcome = reroster(new, params)
    result = outcome.result
    if not result.has_solution:
        console.print(f"[red]No new roster ({result.status.value}).[/]")
        if result.status is SolveStatus.INFEASIBLE and not best_effort:
            print_explanation(new)
            console.print("Try --best-effort for a roster anyway.")
        raise typer.Exit(1)
    print_changes(new, outcome.changes)
    report = validate(new, result.schedule)
    print_violations(report.violations)

    def write(tmp: Path) -> None:
        write_workbook(tmp, new, result.schedule)
        if report.hard:
            mark_violations(tmp, new, report.violations)

    atomic_write(out, write, inputs=[scenario, published])
    console.print(f"New roster written to [bold]{out}[/] ({result.status.value})")


def print_changes(instance: Instance, changes: list[Change]) -> None:
    if not changes:
        console.print("No assignment changes.")
        return
    table = Table(title=f"{len(changes)} change(s)", title_justify="left")
    for column in ("who", "day", "from", "to"):
        table.add_column(column)
    for c in changes:
        name = instance.employee[c.employee].name
        table.add_row(f"{name} ({c.employee})", f"{c.date:%a %d %b}", c.before, c.after)
    console.print(table)


@app.command("cover")
@friendly
def cover_command(
    scenario: ScenarioArg,
    published: PublishedOpt,
    shift: Annotated[
        str, typer.Option("--shift", help="The open shift: DATE:SHIFT, e.g. 2027-01-13:A.")
    ],
    task: Annotated[str, typer.Option("--task", help="The task to cover, e.g. ekspedisjon.")],
    absence: AbsenceOpt = None,
    show: Annotated[int, typer.Option(help="How many people who cannot take it to list.")] = 50,
) -> None:
    """Rank who can take an open shift, fairest first (most minus hours, fewest shifts of that
    kind per full-time post, least extra cost), and say for the others which rule stops them.

    Give the absence that opened the shift with --absence to take the absent person's shifts
    out of the published roster first.
    """
    instance = load_instance(scenario)
    old = read_roster(published, instance)
    check_published(instance, old, str(published))
    date_text, _, shift_id = shift.partition(":")
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise InputError(
            "--shift", [Problem((), f"cannot read {shift!r}; write DATE:SHIFT, e.g. 2027-01-13:A")]
        ) from None
    absences = [parse_absence(a) for a in absence or ()]
    if absences:
        instance = with_requests(instance, old, instance.scenario.period.start, absences)
        instance.published = None
        old = without_absent(instance, old)
    print_candidates(instance, cover(instance, old, date, shift_id, task), show)


def print_candidates(instance: Instance, candidates: list[Candidate], show: int = 50) -> None:
    able = [c for c in candidates if not c.blockers]
    table = Table(title=f"{len(able)} can take it, fairest first", title_justify="left")
    for column in ("", "who", "plus/minus h", "same kind per FTE", "extra cost"):
        table.add_column(column)
    for rank, c in enumerate(able, start=1):
        table.add_row(
            str(rank),
            f"{c.name} ({c.employee})",
            f"{c.balance_hours:+.1f}",
            f"{c.same_kind:.1f}",
            f"{float(c.cost):+g}",
        )
    console.print(table)
    others = [c for c in candidates if c.blockers]
    if others:
        console.print(f"[bold]{len(others)} cannot take it:[/]")
    for c in others[:show]:
        console.print(
            f"  {c.name} ({c.employee}): {escape('; '.join(c.blockers))}",
            highlight=False,
            emoji=False,
        )
