"""``turnus template`` and ``turnus convert``: the planners' workbook, to and from YAML."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated, Any

import typer

from turnus.cli.app import app, console, err_console, friendly
from turnus.domain import Scenario
from turnus.exceptions import InputError, Problem
from turnus.io.atomic import atomic_write
from turnus.io.scenario_file import load_scenario
from turnus.io.scenario_yaml import write_scenario_yaml
from turnus.io.template import write_template
from turnus.io.workbook_in import WorkbookWarning, read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
YAML_SUFFIXES = (".yaml", ".yml")

_show_other_warning = warnings.showwarning


def _show_warning(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """Workbook warnings as one plain line each; other warnings as Python shows them."""
    if issubclass(category, WorkbookWarning):
        err_console.print(f"[yellow]warning[/] {message}", highlight=False)
    else:
        _show_other_warning(message, category, *args, **kwargs)


warnings.showwarning = _show_warning


def _read(path: Path, check: bool) -> Scenario:
    """A scenario from YAML or a workbook; workbook warnings are printed."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        read = read_workbook(path, check=check)
        for problem in read.warnings:
            err_console.print(f"[yellow]warning[/] {problem}", highlight=False)
        return read.scenario
    return load_scenario(path)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "xlsx"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    raise InputError(str(path), [Problem((), "give a .yaml or .xlsx file")])


@app.command("template")
@friendly
def template_command(
    output: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")],
    source: Annotated[
        Path | None, typer.Option("--from", help="Fill it in from this scenario (.yaml/.xlsx).")
    ] = None,
) -> None:
    """Write the scenario workbook for planners, empty or filled in from a scenario."""
    if output.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError(str(output), [Problem((), "the template is an .xlsx workbook")])
    scenario = _read(source, check=False) if source else None
    inputs = [source] if source else []
    atomic_write(output, lambda tmp: write_template(tmp, scenario), inputs=inputs)
    what = f"filled in from {source}" if source else "empty"
    console.print(f"Template ({what}) written to [bold]{output}[/]")


@app.command("convert")
@friendly
def convert_command(
    source: Annotated[Path, typer.Argument(help="Scenario to read (.yaml or .xlsx).")],
    output: Annotated[Path, typer.Argument(help="Scenario to write (.xlsx or .yaml).")],
) -> None:
    """Convert a scenario between YAML and the Excel workbook; the scenario stays the same."""
    _kind(source)
    target = _kind(output)
    scenario = _read(source, check=True)
    writer = write_template if target == "xlsx" else write_scenario_yaml
    atomic_write(output, lambda tmp: writer(tmp, scenario), inputs=[source])
    console.print(f"{source} -> [bold]{output}[/]")
