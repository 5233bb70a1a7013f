"""The single entry point for solving: :func:`solve` builds the model, runs CP-SAT and reads
the roster back. No file I/O here."""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import ortools
from ortools.sat.python import cp_model

from turnus.branch_price import BOUND_EPS, BranchAndPrice
from turnus.column_search import ColumnSearch, LinearProgramFailed
from turnus.instance import DemandKey, Instance
from turnus.model import BuiltModel, add_hint, build_model, read_schedule, set_hint
from turnus.person_search import PersonSearch, separable
from turnus.result import Assignment, PenaltyLine, Result, Schedule, SolveStatus
from turnus.rules.base import SCALE
from turnus.validator import validate

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
    warm_start: bool = True
    """Start from a roster found first under the hard rules and the staffing plan alone (see
    :func:`_first_stage`); CP-SAT's local search then improves a good roster instead of
    building one."""
    proof_share: float = 0.1
    """Of the search after the warm start, the share for a search that can prove optimality;
    CP-SAT's LNS alone has the rest (1: no LNS-only phase)."""
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
    stage: str = "search"
    """``first``: a roster under the hard rules and the staffing plan only (its objective is
    that stage's); ``person``: built person by person (the objective leaves out the soft
    rules that compare people); ``search``: the full objective."""


ProgressCallback = Callable[[Progress], None]

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.NO_SOLUTION,
    cp_model.MODEL_INVALID: SolveStatus.INVALID,
}


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, on_progress: ProgressCallback | None, started: float, stage: str = "search"
    ):
        super().__init__()
        self.on_progress = on_progress
        self.started = started
        self.stage = stage
        self.first_time: float | None = None
        self.solutions = 0
        self.bound = 0.0
        """The best bound so far: every penalty is >= 0, and a later search (LNS alone)
        may prove less than an earlier one."""

    def on_solution_callback(self) -> None:
        self.solutions += 1
        elapsed = time.perf_counter() - self.started
        if self.first_time is None:
            self.first_time = elapsed
        self.bound = max(self.bound, self.best_objective_bound / SCALE)
        if self.on_progress is not None:
            objective = self.objective_value / SCALE
            self.on_progress(
                Progress(
                    time=elapsed,
                    objective=objective,
                    bound=min(self.bound, objective),
                    solutions=self.solutions,
                    stage=self.stage,
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
        p.max_deterministic_time = params.time_limit * DTIME_PER_SECOND
        p.max_time_in_seconds = params.time_limit * WALL_GUARD
        if params.workers > 1 and not params.subsolvers:
            p.subsolvers.extend(DETERMINISTIC_SUBSOLVERS)
    else:
        p.max_time_in_seconds = params.time_limit
    p.presolve_probing_deterministic_time_limit = params.probing_time
    p.lns_initial_deterministic_limit = LNS_CALL_DTIME
    p.hint_conflict_limit = 100000
    if params.subsolvers and params.workers > 1:
        p.subsolvers.extend(params.subsolvers)


def local_search_parameters(solver: cp_model.CpSolver, params: SolveParams) -> None:
    """CP-SAT's LNS alone, from the roster hinted: the main search's last phase."""
    solver_parameters(solver, params)
    solver.parameters.use_lns_only = True
    solver.parameters.interleave_batch_size = params.workers


def solve(
    instance: Instance,
    params: SolveParams | None = None,
    on_progress: ProgressCallback | None = None,
    hint: Schedule | None = None,
) -> Result:
    """Build and solve the roster model; returns the best roster found and the solve facts."""
    params = params or SolveParams()
    started = time.perf_counter()
    first_time = None
    warm = hint is None and params.warm_start and not params.best_effort
    warm = warm and (separable(instance) or _first_stage_rules(instance) is not None)
    stopped = False
    start = _Start(None, None, False)
    if warm:
        start = _first_stage(instance, params, on_progress, started)
        hint, first_time, stopped = start.schedule, start.first_time, start.stopped
    if start.proven and hint is not None:  # branch and price searched its whole tree
        result = _new_result(params, started, first_time, SolveStatus.OPTIMAL, stopped)
        result.schedule, result.penalties = hint, _scored(instance, hint)
        result.objective = result.bound = sum(line.scaled for line in result.penalties) / SCALE
        return result
    built = build_model(instance, elastic=params.best_effort)
    if hint is not None:
        add_hint(built, instance, hint)
    # after Ctrl-C in the first stage, only turn its roster into a full solution, in one search
    share = _first_stage_share(instance) if warm else 0.0
    budget = FINISH_TIME if stopped else _remaining(params, started, share) + start.unused
    watcher = _Watcher(on_progress, started)
    main = replace(params, proof_share=1.0) if stopped else params
    search = _main_search(built, main, budget, watcher)
    status = _STATUS.get(search.status, SolveStatus.NO_SOLUTION)
    first_time = first_time if first_time is not None else watcher.first_time
    result = _new_result(params, started, first_time, status, stopped or search.interrupted)
    if result.has_solution:
        solver = search.solver
        result.schedule = read_schedule(solver, built, instance)
        result.penalties = penalty_lines(solver, built)
    elif warm and hint is not None and result.status is SolveStatus.NO_SOLUTION:
        # the full model found nothing in its time (too large to presolve, say): the first
        # stage's roster keeps every hard rule, so it is the best roster there is
        result.status, result.schedule = SolveStatus.FEASIBLE, hint
        result.penalties = _scored(instance, hint)
    if result.has_solution:
        # The objective of the roster returned, from its own values: a search stopped by the
        # wall-clock guard can report the objective of another solution than the one it keeps.
        result.objective = sum(line.scaled for line in result.penalties) / SCALE
        # every penalty is >= 0; a relaxation can prove less, never more than the roster
        result.bound = min(max(search.bound / SCALE, start.bound, 0.0), result.objective)
    return result


def _new_result(
    params: SolveParams,
    started: float,
    first_time: float | None,
    status: SolveStatus,
    interrupted: bool,
) -> Result:
    """The solve's facts, before its roster is read."""
    return Result(
        status=status,
        schedule=Schedule(),
        runtime=time.perf_counter() - started,
        first_solution_time=first_time,
        seed=params.seed,
        workers=params.workers,
        ortools_version=ortools.__version__,
        interrupted=interrupted,
    )


def _scored(instance: Instance, schedule: Schedule) -> list[PenaltyLine]:
    """The soft-rule costs of a roster, by the validator."""
    return [
        PenaltyLine(v.rule, v.key, v.amount, v.scaled_penalty / SCALE, v.scaled_penalty)
        for v in validate(instance, schedule).soft
        if v.scaled_penalty
    ]


@dataclass
class _Search:
    solver: cp_model.CpSolver
    """The solver holding the best roster."""
    status: int
    bound: float
    """The best bound proven, in the solver's units."""
    interrupted: bool


def _main_search(
    built: BuiltModel, params: SolveParams, budget: float, watcher: _Watcher
) -> _Search:
    """The full model: a search that can prove optimality for a share of the budget, then,
    when it has a roster but no proof, CP-SAT's local search (LNS) alone from that roster.

    LNS alone improves a large roster fastest: on the 24/7 example, from the same first
    stage and with the same budget, 840.54 against 925.00 with the full solver interleaved
    with LNS throughout (``benchmarks/README.md``).
    """
    # LNS needs a roster to start from: without a hint, the full search has all the time
    hinted = len(built.model.proto.solution_hint.vars) > 0 and not params.best_effort
    prove = replace(params, time_limit=budget * params.proof_share if hinted else budget)
    solver = cp_model.CpSolver()
    solver_parameters(solver, prove)
    status = solver.solve(built.model, watcher)
    interrupted = _interrupted(solver, prove, status)
    search = _Search(solver, status, solver.best_objective_bound, interrupted)
    proven = status not in (cp_model.FEASIBLE, cp_model.UNKNOWN)
    if not hinted or interrupted or proven or params.proof_share >= 1:
        return search
    if status == cp_model.FEASIBLE:  # else the hint given stands
        built.model.clear_hints()
        set_hint(built.model, enumerate(solver.response_proto.solution))
    left = budget - (prove.time_limit if params.deterministic else solver.wall_time)
    improve = replace(params, time_limit=max(left, 0.1 * budget))
    local = cp_model.CpSolver()
    local_search_parameters(local, improve)
    local_status = local.solve(built.model, watcher)
    if local_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return search  # stopped before it had taken the roster over
    return _Search(
        local,
        local_status,
        max(search.bound, local.best_objective_bound),
        _interrupted(local, improve, local_status),
    )


FIRST_STAGE_SHARE = 0.3
COLUMN_STAGE_SHARE = 0.85
"""The first stage's share of the limit where it ends in column generation: the dive is
what finds the best rosters (on Curtois & Qu 10, the best known in 45 s of converging and
diving). What it leaves unused goes to the main search."""
WHOLE_OFFICE_SHARE = 0.1
"""Of that stage, the share for the whole office's first roster."""
COLUMNS_SHARE = 0.8
"""Of that stage, the share for column generation; polishing person by person has the
rest."""
LAST_LEAST_SHARE = 0.1
"""Of the column stage, the least share for solving anew the people its dive fixed last,
and in wall-clock time the least it runs without a better roster before it is stopped."""
IDLE_POLL_SECONDS = 0.1
"""How often a solve that may be stopped when idle is looked at."""
PERSON_FIRST_PERSON_DAYS = 8_000
"""From this many person-days (staff x days), an office where every hard rule is one
person's is built person by person without trying the whole office first: on Curtois &
Qu 20-24 (9,100-54,600 person-days) the whole office never found a roster in its 90 s of a
600 s limit, and on 24 the people then took the rest of the limit. Instances 1-19 (at most
3,360) are better started by the whole office (``benchmarks/README.md``)."""
FINISH_TIME = 5.0
"""After Ctrl-C in the first stage, the limit for turning its roster into a full solution of
the model (presolve included: a 1 s limit lost the roster on the 24/7 example)."""
CONTRACT_BAND_HOURS = 4.0
"""How much wider than the rule's tolerance the first stage's hard contract-hours band is."""
DTIME_PER_SECOND = 0.25
"""Deterministic seconds per second of the time limit: CP-SAT's deterministic time runs about
four times slower than the clock on these models with 2 interleaved workers (LNS most of
the time), so ``-t 60`` takes about a minute on a 2-core machine (56-76 s on the 24/7
example; about twice the limit on 160 staff), and the same roster on any machine."""
LNS_CALL_DTIME = 0.05
"""CP-SAT's deterministic limit for one LNS neighbourhood (its default is 0.1). On the 24/7
example half of the neighbourhoods improved the roster at 0.1, and each took about 0.26 s
of wall clock for 0.05 deterministic seconds (copying and presolving the neighbourhood is
not counted): more, shorter neighbourhoods gave 771.83 / 679.25 against 889.75 / 851.67 at
seeds 0 / 1 in the same wall clock (``benchmarks/README.md``)."""
WALL_GUARD = 5
"""The wall clock stops a deterministic search only at this many times the limit."""
DETERMINISTIC_SUBSOLVERS = ("default_lp",)
"""The full-problem solver interleaved with CP-SAT's LNS workers in deterministic mode. The
whole portfolio gave LNS too little time: 8,093 against 1,655 on the 24/7 example at 60 s
(``benchmarks/README.md``)."""


def _remaining(params: SolveParams, started: float, first_share: float) -> float:
    """The main search's limit: what the first stage left (in deterministic time, its fixed
    share, so that the same input and seed give the same roster)."""
    if params.deterministic:
        return params.time_limit * (1 - first_share)
    return max(params.time_limit - (time.perf_counter() - started), 0.1 * params.time_limit)


def _first_stage_rules(instance: Instance, band: bool = True) -> tuple[Any, ...] | None:
    """The hard rules and the staffing plan, or None when that is all there is.

    With ``band``, contract hours too, as a hard band ``CONTRACT_BAND_HOURS`` wider than the
    rule's tolerance: a roster with hours near the contract is the best start, as moving
    hours between people is what the later local search does slowest.
    """
    rules = tuple(r for r in instance.rules if r.hard or r.kind == "coverage")
    if len(rules) == len(instance.rules):
        return None
    return rules + _contract_band(instance) if band else rules


def _contract_band(instance: Instance) -> tuple[Any, ...]:
    """The soft contract-hours rules as hard ones, ``CONTRACT_BAND_HOURS`` wider."""
    return tuple(
        r.model_copy(
            update={"hard": True, "tolerance_hours": r.tolerance_hours + CONTRACT_BAND_HOURS}
        )
        for r in instance.rules
        if r.kind == "contract_hours" and not r.hard
    )


class _Start(NamedTuple):
    """What the first stage hands on."""

    schedule: Schedule | None
    first_time: float | None
    stopped: bool
    """Ctrl-C came."""
    bound: float = 0.0
    """A lower bound on the objective proven on the way (column generation's)."""
    unused: float = 0.0
    """Seconds of a deterministic limit the stage did not use, for the main search."""
    proven: bool = False
    """The roster is proven optimal (branch and price searched its whole tree)."""


def _first_stage_share(instance: Instance) -> float:
    """The first stage's share of the limit: larger where column generation runs."""
    return COLUMN_STAGE_SHARE if _prices_columns(instance) else FIRST_STAGE_SHARE


def _prices_columns(instance: Instance) -> bool:
    """Whether the first stage ends in column generation (:func:`_columns`)."""
    large = instance.num_days * len(instance.employees) >= PERSON_FIRST_PERSON_DAYS
    return separable(instance) and not large and _first_stage_rules(instance) is not None


def _first_stage(
    instance: Instance,
    params: SolveParams,
    on_progress: ProgressCallback | None,
    started: float,
) -> _Start:
    """A roster to start from: the whole office under the hard rules, the staffing plan and
    the contract band (:func:`_whole_office`). Where every hard rule is one person's, that
    roster (or, if the whole office found none, one built person by person in the same
    time) seeds column generation (:func:`_columns`); a large such office is built person by
    person (:func:`_person_by_person`)."""
    stage = replace(params, time_limit=_first_stage_share(instance) * params.time_limit)
    if not _prices_columns(instance):
        if separable(instance):
            return _person_by_person(instance, stage, on_progress, started)
        return _whole_office(instance, stage, on_progress, started)
    whole = replace(stage, time_limit=stage.time_limit * WHOLE_OFFICE_SHARE)
    found = _whole_office(instance, whole, on_progress, started)
    if found.schedule is None and not found.stopped:
        found = _person_by_person(instance, whole, on_progress, started)
    if found.stopped:
        return found
    if found.schedule is None:  # no roster to start from: the main search has the time
        left = stage.time_limit - whole.time_limit if stage.deterministic else 0.0
        return found._replace(unused=left)
    columns = replace(stage, time_limit=stage.time_limit * COLUMNS_SHARE)
    found = _columns(instance, columns, found, on_progress, started)
    if found.stopped or found.proven:
        return found
    polish = replace(stage, time_limit=stage.time_limit * (1 - WHOLE_OFFICE_SHARE - COLUMNS_SHARE))
    return _person_by_person(instance, polish, on_progress, started, found)


def _columns(
    instance: Instance,
    stage: SolveParams,
    whole: _Start,
    on_progress: ProgressCallback | None,
    started: float,
) -> _Start:
    """Column generation from the whole office's roster (:mod:`turnus.column_search`): the
    roster its dive finds, if cheaper, and the Lagrangian bound. On Curtois & Qu 5-7, 10
    and 11 the dive came within 0.5 % of the best known values (``benchmarks/README.md``)."""
    begun = time.perf_counter()
    with _catching_sigint() as interrupted:

        def clock() -> float:  # in deterministic time, only the wall-clock guard
            passed = (time.perf_counter() - begun) / stage.time_limit
            return passed / WALL_GUARD if stage.deterministic else passed

        with ColumnSearch(
            instance,
            stage.time_limit * DTIME_PER_SECOND,
            stage.seed,
            stage.workers,
            stop=interrupted,
            clock=clock,
            by_clock=not stage.deterministic,
        ) as search:
            assert whole.schedule is not None
            search.add_roster(whole.schedule)
            try:
                dived = search.dive()
            except LinearProgramFailed:
                dived = None  # the whole office's roster stands; the bound so far is still valid
            solved = None
            if dived is not None and not interrupted():
                solved = _solve_last(instance, search, dived, stage, interrupted)
            rosters = [r for r in (whole.schedule, dived, solved) if r is not None]
            # the first of the cheapest: a later roster only where it is cheaper
            best, cost = min(((r, _cost(instance, r)) for r in rosters), key=lambda rc: rc[1])
            bound = search.bound / SCALE
            if search.walks_everyone() and not search.done():
                best, cost, bound = _branch_and_price(instance, search, best, cost, bound)
            if on_progress is not None:
                elapsed = time.perf_counter() - started
                on_progress(Progress(elapsed, cost, bound, 1, stage="person"))
            unused = whole.unused + _unused(stage, search.budget, search.used)
            proven = bound >= cost - BOUND_EPS
            return _Start(best, whole.first_time, interrupted(), bound, unused, proven)


def _solve_last(
    instance: Instance,
    search: ColumnSearch,
    dived: Schedule,
    stage: SolveParams,
    interrupted: Callable[[], bool],
) -> Schedule | None:
    """The dive's roster with the people it fixed last (:meth:`ColumnSearch.last_fixed`)
    solved anew by CP-SAT, from their months and with everyone else's fixed; None if it
    finds none. It gets half of what is left of the column stage, and at least
    ``LAST_LEAST_SHARE`` of it (the dive may have used it all); in wall-clock time it is
    stopped sooner once idle (:meth:`_Stopper.idle`), leaving the time to branch and price
    and the main search."""
    last = set(search.last_fixed())
    if not last:
        return None
    cover: Counter[DemandKey] = Counter()
    for who, index in search.fixed.items():
        if who not in last:
            cover.update(dict(search.months[who][index].cover))
    part = instance.restricted_to([e.id for e in instance.employees if e.id in last], cover)
    built = build_model(part)
    add_hint(built, part, Schedule(assignments=_rows_of(dived, last)))
    passed = search.used / search.budget if stage.deterministic else search.clock()
    share = max((1 - passed) / 2, LAST_LEAST_SHARE)
    solver = cp_model.CpSolver()
    solver_parameters(solver, replace(stage, time_limit=share * stage.time_limit))
    solver.parameters.catch_sigint_signal = False  # ``interrupted`` sees Ctrl-C
    stopper = _Stopper(interrupted)
    least = LAST_LEAST_SHARE * stage.time_limit
    # in deterministic time, a stop by the clock would make the roster the clock's
    idle_stop = (
        nullcontext() if stage.deterministic else _stopped_when_idle(solver, stopper, least)
    )
    with idle_stop:
        status = solver.solve(built.model, stopper)
    search.used += solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    others = _rows_of(dived, {e.id for e in instance.employees} - last)
    return Schedule(assignments=others + read_schedule(solver, built, part).assignments).sorted()


def _rows_of(schedule: Schedule, people: set[str]) -> tuple[Assignment, ...]:
    return tuple(row for row in schedule.assignments if row.employee in people)


class _Stopper(cp_model.CpSolverSolutionCallback):
    """Stops a solve at its next roster once ``interrupted`` is true (Ctrl-C); notes when
    its rosters came."""

    def __init__(self, interrupted: Callable[[], bool]):
        super().__init__()
        self.interrupted = interrupted
        self.began = self.found = time.perf_counter()

    def on_solution_callback(self) -> None:
        self.found = time.perf_counter()
        if self.interrupted():
            self.stop_search()

    def idle(self, least: float) -> bool:
        """Whether the solve has found nothing better for as long as it took to find its
        best, and for at least ``least`` seconds. On Curtois & Qu 7 at 60 s, CP-SAT's
        solve of the dive's last people found nothing after its hint in 18.6 s; on 8 its
        last roster came 5.3 s in, and nothing in the 9.7 s after."""
        now = time.perf_counter()
        return now - self.found >= max(self.found - self.began, least)


@contextmanager
def _stopped_when_idle(
    solver: cp_model.CpSolver, stopper: _Stopper, least: float
) -> Iterator[None]:
    """Stop ``solver``'s solve from a thread once ``stopper`` is idle for ``least``
    seconds or more (:meth:`_Stopper.idle`): between rosters, no callback runs."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(IDLE_POLL_SECONDS):
            if stopper.idle(least):
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _branch_and_price(
    instance: Instance, search: ColumnSearch, best: Schedule, cost: float, bound: float
) -> tuple[Schedule, float, float]:
    """What the dive left of column generation's budget, for branch and price
    (:mod:`turnus.branch_price`) below the best roster so far: a cheaper roster if it
    finds one, and its bound (the roster's cost where it searched the whole tree)."""
    search.unfix()
    tree = BranchAndPrice(search, cost * SCALE)
    try:
        months = tree.run()
    except LinearProgramFailed:
        return best, cost, bound
    if months is not None:
        found = search.schedule(months)
        if (found_cost := _cost(instance, found)) < cost:
            best, cost = found, found_cost
    return best, cost, max(bound, min(tree.bound / SCALE, cost))


def _unused(stage: SolveParams, budget: float, used: float) -> float:
    """Seconds of the limit a stage left of its deterministic ``budget``, for the main
    search (in wall-clock time, what is left is the main search's anyway)."""
    return max(budget - used, 0.0) / DTIME_PER_SECOND if stage.deterministic else 0.0


def _cost(instance: Instance, schedule: Schedule) -> float:
    return sum(line.scaled for line in _scored(instance, schedule)) / SCALE


def _whole_office(
    instance: Instance,
    stage: SolveParams,
    on_progress: ProgressCallback | None,
    started: float,
) -> _Start:
    """A roster under the hard rules, the staffing plan and the contract band alone; without
    the band if none is found that keeps it (a second budget).

    With only the coverage costs to weigh, CP-SAT finds a roster that meets the plan in a
    few seconds; the full objective's many small soft terms make that much slower.
    """
    watcher = _Watcher(on_progress, started, stage="first")
    for band in (True, False) if _contract_band(instance) else (False,):
        core = Instance(instance.scenario, _first_stage_rules(instance, band) or ())
        core.published = instance.published
        built = build_model(core)
        solver = cp_model.CpSolver()
        solver_parameters(solver, stage)
        # a light presolve: on 160 staff, symmetry detection and repeated presolve rounds
        # took most of this stage's budget before any roster (benchmarks/README.md)
        solver.parameters.symmetry_level = 0
        solver.parameters.max_presolve_iterations = 1
        status = solver.solve(built.model, watcher)
        stopped = _interrupted(solver, stage, status)
        if stopped or status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Start(None, None, stopped)
    return _Start(read_schedule(solver, built, core), watcher.first_time, stopped)


def _person_by_person(
    instance: Instance,
    stage: SolveParams,
    on_progress: ProgressCallback | None,
    started: float,
    given: _Start | None = None,
) -> _Start:
    """The first stage where every hard rule is about one person, in ``stage``'s limit
    from now: build the roster a person at a time, in the band of contract hours
    where each person can keep it, or take the ``given`` one, then improve it person by
    person (:mod:`turnus.person_search`). Half a year of Curtois & Qu (Instance 20) had no
    roster in 600 s without it. Polishing the whole office's roster so lowered the mean gap
    over Instances 1-12 at 60 s from 18.62 % to 12.83 % (``benchmarks/README.md``)."""
    deadline = time.perf_counter() + stage.time_limit
    with _catching_sigint() as interrupted:

        def late() -> bool:
            return not stage.deterministic and time.perf_counter() > deadline

        budget = stage.time_limit * DTIME_PER_SECOND
        search = PersonSearch(instance, budget, stage.seed, stop=interrupted, late=late)
        band = _contract_band(instance)
        first_time = given.first_time if given else None
        if given and given.schedule:
            search.start_from(given.schedule)
        elif search.build([instance.rules + band, instance.rules] if band else [instance.rules]):
            first_time = time.perf_counter() - started
        else:
            return _Start(None, None, interrupted())
        found = 0

        def report(objective: float) -> None:
            nonlocal found
            found += 1
            if on_progress is not None:
                elapsed = time.perf_counter() - started
                on_progress(Progress(elapsed, objective, 0.0, found, stage="person"))

        if search.costed:
            report(search.objective)
        search.improve(report)
        bound, unused = (given.bound, given.unused) if given else (0.0, 0.0)
        unused += _unused(stage, budget, search.used)
        return _Start(search.schedule(), first_time, interrupted(), bound, unused)


@contextmanager
def _catching_sigint() -> Iterator[Callable[[], bool]]:
    """Ctrl-C noted rather than raised, for a loop of many short solves; yields whether it
    came. Only the main thread can handle signals: elsewhere nothing is caught."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    caught: list[bool] = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    try:
        yield lambda: bool(caught)
    finally:
        signal.signal(signal.SIGINT, previous)


def _interrupted(solver: cp_model.CpSolver, params: SolveParams, status: int) -> bool:
    """Whether a search ended before its limit without finishing: Ctrl-C (CP-SAT catches it
    and stops as at a time limit)."""
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        return False
    if params.deterministic:
        budget = params.time_limit * DTIME_PER_SECOND
        guard = params.time_limit * WALL_GUARD
        return solver.deterministic_time < 0.95 * budget and solver.wall_time < 0.95 * guard
    return solver.wall_time < 0.95 * params.time_limit


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
