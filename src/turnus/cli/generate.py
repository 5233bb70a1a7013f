"""``turnus generate``: a realistic 24/7 office of any size, written as a scenario file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from turnus.cli.app import app, console, friendly
from turnus.generate import generate_office
from turnus.io.atomic import atomic_write
from turnus.io.scenario_yaml import write_scenario_yaml


@app.command("generate")
@friendly
def generate_command(
    staff: Annotated[int, typer.Option("--staff", "-n", min=6, max=2000, help="Head-count.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Scenario file to write.")],
    seed: Annotated[int, typer.Option(help="Same seed, same office.")] = 0,
    start: Annotated[
        dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="First day of the period.")
    ] = dt.datetime(2027, 3, 1),
    days: Annotated[int, typer.Option(min=7, max=366, help="Days in the period.")] = 31,
) -> None:
    """Write a generated 24/7 secretary office (for trying turnus out, and for benchmarks)."""
    first = start.date()
    scenario = generate_office(staff, seed=seed, start=first, days=days)
    atomic_write(output, lambda tmp: write_scenario_yaml(tmp, scenario))
    console.print(
        f"{scenario.name}: {len(scenario.employees)} staff, {days} days from {first}, "
        f"written to [bold]{output}[/]"
    )
