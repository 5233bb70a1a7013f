"""The single entry point for solving: :func:`solve` builds the model, runs CP-SAT and reads
the roster back. No file I/O here."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import ortools
from ortools.sat.python import cp_model

from turnus.instance import Instance
from turnus.model import BuiltModel, build_model
from turnus.result import Assignment, PenaltyLine, Result, Schedule, SolveStatus
from turnus.rules.base import SCALE

DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True)
class SolveParams:
    """How to solve.

    ``deterministic`` makes the same instance, seed and worker count give the same roster,
    by interleaving the workers and limiting by the solver's deterministic time (roughly
    seconds); the wall-clock limit then only guards against a slow machine.
    """

    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = 2
    seed: int = 0
    deterministic: bool = True
    best_effort: bool = False
    log: bool = False
    subsolvers: tuple[str, ...] = ()
    """CP-SAT's full-problem subsolvers (e.g. ``("max_lp",)``), LNS workers come on top;
    empty for CP-SAT's own portfolio. ``max_lp`` alone is far better on the Curtois & Qu
    benchmark (see ``benchmarks/README.md``)."""
    probing_time: float = 1.0
    """Budget of CP-SAT's presolve probing, in deterministic seconds. CP-SAT's default (30)
    made presolve most of the time to the first roster on the 24/7 example."""


@dataclass(frozen=True)
class Progress:
    """A new best roster was found."""

    time: float
    objective: float
    bound: float
    solutions: int


ProgressCallback = Callable[[Progress], None]

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.NO_SOLUTION,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
}


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: ProgressCallback | None):
        super().__init__()
        self.on_progress = on_progress
        self.started = time.perf_counter()
        self.first_time: float | None = None
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        elapsed = time.perf_counter() - self.started
        if self.first_time is None:
            self.first_time = elapsed
        if self.on_progress is not None:
            self.on_progress(
                Progress(
                    time=elapsed,
                    objective=self.objective_value / SCALE,
                    bound=self.best_objective_bound / SCALE,
                    solutions=self.solutions,
                )
            )


def solver_parameters(solver: cp_model.CpSolver, params: SolveParams) -> None:
    p = solver.parameters
    p.num_workers = params.workers
    p.random_seed = params.seed
    p.log_search_progress = params.log
    p.catch_sigint_signal = True
    if params.deterministic:
        p.interleave_search = params.workers > 1
        p.max_deterministic_time = params.time_limit
        p.max_time_in_seconds = params.time_limit * 3
    else:
        p.max_time_in_seconds = params.time_limit
    p.presolve_probing_deterministic_time_limit = params.probing_time
    if params.subsolvers and params.workers > 1:
        p.subsolvers.extend(params.subsolvers)


def solve(
    instance: Instance,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    hint: Schedule | None = None,
) -> Result:
    """Build and solve the roster model; returns the best roster found and the solve facts."""
    params = params or SolveParams()
    built = build_model(instance, elastic=params.best_effort)
    if hint is not None:
        add_hint(built, instance, hint)
    solver = cp_model.CpSolver()
    solver_parameters(solver, params)
    watcher = _Watcher(on_progress)
    status = solver.solve(built.model, watcher)
    result = Result(
        status=_STATUS.get(status, SolveStatus.NO_SOLUTION),
        schedule=Schedule(),
        runtime=solver.wall_time,
        first_solution_time=watcher.first_time,
        seed=params.seed,
        workers=params.workers,
        ortools_version=ortools.__version__,
    )
    if result.has_solution:
        result.schedule = read_schedule(solver, built, instance)
        result.penalties = penalty_lines(solver, built)
        # The objective of the roster returned, from its own values: a search stopped by the
        # wall-clock guard can report the objective of another solution than the one it keeps.
        result.objective = sum(line.scaled for line in result.penalties) / SCALE
        # every penalty is >= 0; a relaxation can prove less, never more than the roster
        result.bound = min(max(solver.best_objective_bound / SCALE, 0.0), result.objective)
    return result


def read_schedule(solver: cp_model.CpSolver, built: BuiltModel, instance: Instance) -> Schedule:
    rows = []
    for (employee, day, shift, period, task), lit in built.variables.task_vars.items():
        if solver.boolean_value(lit):
            date = instance.day(day).date
            rows.append(
                Assignment(employee=employee, date=date, shift=shift, period=period, task=task)
            )
    return Schedule(assignments=tuple(rows)).sorted()


def penalty_lines(solver: cp_model.CpSolver, built: BuiltModel) -> list[PenaltyLine]:
    lines = []
    for penalty in built.penalties:
        amount = (
            penalty.amount if isinstance(penalty.amount, int) else solver.value(penalty.amount)
        )
        if amount:
            scaled = int(amount) * penalty.coefficient
            lines.append(
                PenaltyLine(penalty.rule, penalty.key, int(amount), scaled / SCALE, scaled)
            )
    return lines


def add_hint(built: BuiltModel, instance: Instance, schedule: Schedule) -> None:
    """Suggest a roster to start from (a published roster when re-rostering)."""
    planned = {(a.employee, instance.index_of(a.date), a.shift) for a in schedule.assignments}
    tasks = {
        (a.employee, instance.index_of(a.date), a.shift, a.period, a.task)
        for a in schedule.assignments
    }
    for key, lit in built.variables.shift_vars.items():
        built.model.add_hint(lit, key in planned)
    for key, lit in built.variables.task_vars.items():
        if (
            key[:3] not in built.variables.shift_vars
            or lit is not built.variables.shift_vars[key[:3]]
        ):
            built.model.add_hint(lit, key in tasks)
