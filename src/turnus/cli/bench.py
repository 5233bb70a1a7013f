"""``turnus bench curtois``: solve a Curtois & Qu benchmark instance with the turnus model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from turnus.cli.app import app, console, friendly
from turnus.io.atomic import atomic_write
from turnus.io.curtois import (
    SUBSOLVERS,
    benchmark_bound,
    benchmark_objective,
    benchmark_status,
    load_curtois,
    roster_lines,
)
from turnus.solve import SolveParams, solve
from turnus.validator import validate

bench_app = typer.Typer(
    help="Public benchmarks solved with the turnus model.", no_args_is_help=True
)
app.add_typer(bench_app, name="bench")


@bench_app.command("curtois")
@friendly
def curtois_command(
    instance_file: Annotated[Path, typer.Argument(help="Instance file, e.g. Instance7.txt.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Roster to write (employee_id,day,shift_id).")
    ] = Path("roster.csv"),
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.1, help="Seconds to search.")
    ] = 60.0,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same roster.")] = 0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Solver threads.")] = 2,
    log: Annotated[bool, typer.Option(help="Show the solver's own log.")] = False,
) -> None:
    """Solve an instance, write the roster, and report the objective in benchmark terms."""
    raw, instance = load_curtois(instance_file)
    console.print(
        f"[bold]{raw.name}[/]: {len(raw.staff)} staff, {raw.horizon} days, "
        f"{len(raw.lengths)} shift types; searching up to {time_limit:g} s"
    )
    params = SolveParams(
        time_limit=time_limit, seed=seed, workers=workers, log=log, subsolvers=SUBSOLVERS
    )
    result = solve(instance, params)
    if not result.has_solution:
        console.print(f"[red]{result.status.value}[/]: no roster written.")
        raise typer.Exit(1)
    lines = roster_lines(instance, result.schedule)
    report = validate(instance, result.schedule)
    score = benchmark_objective(raw, lines)
    atomic_write(
        output,
        lambda tmp: tmp.write_text("".join(f"{e},{d},{s}\n" for e, d, s in lines)),
        inputs=[instance_file],
    )
    status = benchmark_status(score.objective, result.bound, result.status.value)
    console.print(
        f"status {status}; objective {score.objective} (benchmark rules), "
        f"{float(report.objective):g} (turnus validator), bound {benchmark_bound(result.bound)}; "
        f"first roster {result.first_solution_time or 0:.1f} s, total {result.runtime:.1f} s"
    )
    broken = len(report.hard) + len(score.hard)
    console.print(f"hard constraints broken: {broken}; roster written to [bold]{output}[/]")
    if broken or score.objective != report.objective:
        console.print("[red]The benchmark evaluator and the turnus validator disagree.[/]")
        raise typer.Exit(1)
