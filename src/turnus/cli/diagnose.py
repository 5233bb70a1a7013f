"""``turnus diagnose``, and the words ``solve`` and ``reroster`` print when the plan cannot be
met: pre-solve findings, the explanation of an infeasible model, and best-effort violations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from turnus.best_effort import best_effort
from turnus.cli.app import app, console, friendly
from turnus.diagnose import Finding, diagnose
from turnus.explain import explain
from turnus.instance import Instance
from turnus.io.scenario_file import load_instance
from turnus.result import Result
from turnus.rules.base import Violation
from turnus.solve import SolveParams

EXPLAIN_TIME_LIMIT = 30.0


@app.command("diagnose")
@friendly
def diagnose_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario file (.yaml or .xlsx).")],
    explain_conflict: Annotated[
        bool,
        typer.Option(
            "--explain/--no-explain",
            help="Also search for hard rules that cannot all hold (uses the solver).",
        ),
    ] = True,
    harden: Annotated[
        list[str] | None,
        typer.Option(
            "--harden",
            help="Treat this soft rule as hard while explaining, e.g. --harden coverage to ask "
            "why the staffing plan's minimum cannot be met. Repeatable.",
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.1, help="Seconds for the explanation.")
    ] = EXPLAIN_TIME_LIMIT,
) -> None:
    """Check whether the staffing plan can be met, before solving.

    Staff per shift and task, contract against demand hours per week, trainees' supervisors
    and training plans; then the hard rules that cannot all hold, if any. Exit 1 when
    something was found.
    """
    instance = load_instance(scenario)
    findings = diagnose(instance)
    print_findings(findings)
    conflict = False
    if explain_conflict:
        conflict = print_explanation(instance, time_limit, harden or ())
    if findings or conflict:
        raise typer.Exit(1)


def print_findings(findings: Sequence[Finding]) -> None:
    """The pre-solve findings, or one line saying there are none."""
    if not findings:
        console.print("Pre-solve checks: the staffing plan can be met as far as they can tell.")
        return
    console.print(f"[bold yellow]Pre-solve checks: {len(findings)} problem(s)[/]")
    for finding in findings:
        console.print(
            f"  [yellow]{finding.topic}[/] {escape(finding.message)}", highlight=False, emoji=False
        )


def print_explanation(
    instance: Instance, time_limit: float = EXPLAIN_TIME_LIMIT, harden: Sequence[str] = ()
) -> bool:
    """Search for and print conflicting hard rules; True when the hard rules cannot all hold."""
    with console.status("looking for the rules that conflict ..."):
        explanation = explain(instance, time_limit=time_limit, harden=harden)
    if explanation is None:
        console.print("The hard rules can all hold together.")
        return False
    if not explanation.infeasible:
        console.print(explanation.note)
        return False
    console.print("[bold red]Why no roster can be made[/]")
    for line in explanation.lines(instance):
        console.print(f"  {line}", highlight=False, markup=False, emoji=False)
    return True


def print_violations(violations: Sequence[Violation]) -> None:
    """Every broken hard rule of a best-effort roster."""
    hard = [v for v in violations if v.hard]
    if not hard:
        return
    console.print(f"[bold red]{len(hard)} hard rule(s) broken in this roster[/]")
    for v in hard:
        console.print(
            f"  [red]HARD[/] {v.rule}: {escape(v.message)}", highlight=False, emoji=False
        )


def solve_best_effort(instance: Instance, params: SolveParams) -> Result:
    """A roster anyway (:mod:`turnus.best_effort`), saying which conflicts were relaxed."""
    with console.status("solving; relaxing only the rules that conflict ..."):
        outcome = best_effort(instance, params)
    for explanation in outcome.relaxed:
        console.print("[bold yellow]Relaxed, because they cannot all hold:[/]")
        for line in explanation.lines(instance):
            console.print(f"  {line}", highlight=False, markup=False, emoji=False)
    if outcome.fallback:
        console.print("Every hard rule was made elastic (a high cost per break).")
    return outcome.result
