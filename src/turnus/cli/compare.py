"""``turnus compare`` and ``turnus staffing``: scenario variants side by side, for the
department head."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from turnus.cli.app import app, console, friendly
from turnus.compare import (
    DEFAULT_TIME_LIMIT,
    ExecutorKind,
    Outcome,
    Settings,
    comparison_table,
    run_comparison,
    staffing_search,
)
from turnus.io.atomic import check_target
from turnus.io.comparison_out import write_comparison_files
from turnus.io.staffing_plot import plot_staffing
from turnus.variants import Variant, load_variants, parse_staff_profile, with_added_staff

TimeLimit = Annotated[
    float, typer.Option("--time-limit", "-t", min=0.1, help="Seconds of search per variant.")
]
Jobs = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Solves at once (default: one per CPU).")
]
Workers = Annotated[
    int | None,
    typer.Option(min=1, max=64, help="Solver threads per solve (default: CPUs / jobs)."),
]
Seed = Annotated[int, typer.Option(help="Random seed; same seed, same rosters.")]
Executor = Annotated[
    ExecutorKind,
    typer.Option(
        "--executor",
        help="local: a pool of processes here; dask: a dask.distributed cluster "
        "(needs the optional 'distributed' extra of turnus).",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="With --executor dask: address of a running scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: a local cluster)."
    ),
]
Lang = Annotated[str | None, typer.Option(help="nb or en (default: the first scenario's locale).")]


COMPARE_HELP = (
    "Solve every variant (in parallel) and compare them: one workbook with a row of figures "
    "per variant and charts, plus each variant's roster in its own workbook beside it.\n\n"
    "A comparison file is YAML with 'base: scenario.yaml' and 'variants:', each a 'name' and "
    "changes: add_staff, remove_staff, staffing (lines to set), scale_staffing, rules, period, "
    "profile, overrides. Scenario files given directly are variants as they are."
)


@app.command("compare", help=COMPARE_HELP)
@friendly
def compare_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="Scenario files and comparison files (a base and its variants)."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Comparison workbook to write.")
    ] = Path("comparison.xlsx"),
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    jobs: Jobs = None,
    workers: Workers = None,
    seed: Seed = 0,
    executor: Executor = ExecutorKind.LOCAL,
    scheduler: Scheduler = None,
    lang: Lang = None,
) -> None:
    """Solve and compare variants; see :data:`COMPARE_HELP`."""
    check_target(output, inputs=files)
    variants = load_variants(files)
    settings = Settings(time_limit=time_limit, jobs=jobs, workers=workers, seed=seed)
    lang = lang or variants[0].scenario.locale
    outcomes = _run_with_progress(
        variants,
        settings,
        lambda done: run_comparison(variants, settings, executor, scheduler, done),
    )
    print_table(outcomes, lang)
    rosters = write_comparison_files(output, variants, outcomes, files, lang)
    console.print(f"Comparison written to [bold]{output}[/]")
    for path in filter(None, rosters):
        console.print(f"  roster: {path}", highlight=False)
    if not any(o.has_solution for o in outcomes):
        raise typer.Exit(1)


def _run_with_progress(
    variants: Sequence[Variant],
    settings: Settings,
    run: Callable[[Callable[[Outcome], None]], Any],
) -> Any:
    jobs, workers = settings.plan(len(variants))
    console.print(
        f"{len(variants)} variant(s), {jobs} at a time with {workers} solver thread(s) each, "
        f"up to {settings.time_limit:g} s each"
    )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("solving", total=len(variants))

        def done(outcome: Outcome) -> None:
            progress.advance(task)
            progress.console.print(f"  {outcome.name}: {outcome.status}", highlight=False)

        return run(done)


def print_table(outcomes: Sequence[Outcome], lang: str) -> None:
    """The comparison table, one column per variant (figures down the side)."""
    frame = comparison_table(outcomes, lang)
    frame = frame.set_index(frame.columns[0])
    table = Table(show_lines=False)
    table.add_column("")
    for name in frame.index:
        table.add_column(str(name), justify="right")
    for column in frame.columns:
        table.add_row(column, *(_cell(v) for v in frame[column]))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


PROFILE_HELP = (
    "Who to add: key=value pairs separated by commas, lists by '+', a competence's level after "
    "':' (competent if left out). Keys: pct, hours, role (authorised, secretary, new_hire, "
    "trainee, leader), competences, shifts, nights (yes/no), wage, id, name. Example: "
    "'pct=100, role=authorised, competences=ekspedisjon:expert+sentralbord, shifts=D+A'. "
    "Or a YAML file (.yaml) with the same fields (position_pct, weekly_hours, shift_types ...)."
)


@app.command("staffing")
@friendly
def staffing_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (or a comparison's base).")],
    add: Annotated[str, typer.Option("--add", help=PROFILE_HELP)],
    most: Annotated[int, typer.Option("--max", min=0, max=50, help="Most staff to add.")] = 3,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Plot to write (PNG; default <scenario>-staffing.png)."
        ),
    ] = None,
    time_limit: TimeLimit = DEFAULT_TIME_LIMIT,
    jobs: Jobs = None,
    workers: Workers = None,
    seed: Seed = 0,
    executor: Executor = ExecutorKind.LOCAL,
    scheduler: Scheduler = None,
    lang: Lang = None,
) -> None:
    """How many do we need? Solve with 0 ... MAX people of a profile added and report the
    smallest number that meets the staffing plan's minimum with no shortfall, with the
    coverage and cost curve (table and plot)."""
    out = output or Path(f"{scenario.stem}-staffing.png")
    check_target(out, inputs=[scenario])
    base = load_variants([scenario])[0]
    profile = parse_staff_profile(add)
    # Check the profile against the scenario (competences, shift types) before solving.
    with_added_staff(base, profile, 1).instance()
    settings = Settings(time_limit=time_limit, jobs=jobs, workers=workers, seed=seed)
    lang = lang or base.scenario.locale
    answer = _run_with_progress(
        [base] * (most + 1),
        settings,
        lambda done: staffing_search(base, profile, most, settings, executor, scheduler, done),
    )
    print_table(answer.outcomes, lang)
    plot_staffing(answer, out, title=base.scenario.name, lang=lang)
    console.print(f"Plot written to [bold]{out}[/]")
    if answer.smallest is None:
        console.print(
            f"[yellow]Even {most} more do not meet the minimum without shortfall[/] "
            "(or no roster was found in time); try a larger --max or --time-limit."
        )
        raise typer.Exit(1)
    console.print(
        f"[green]Smallest number to add:[/] {answer.smallest} "
        f"(coverage of the minimum 100 %, no shortfall)"
    )
