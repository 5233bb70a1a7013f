"""Comparing scenario variants: independent solves in parallel, one row of figures for each.

Solves run in a pool of processes (``local``) or on a dask.distributed cluster (``dask``); both
give the same rosters, because every solve is deterministic (same instance, seed and worker
count, limited by the solver's deterministic time) and the worker count per solve does not
depend on the executor. The figures come from :mod:`turnus.metrics`; labour cost from
:mod:`turnus.metrics.cost`. No CLI and no file output here.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from turnus.exceptions import TurnusError
from turnus.instance import Instance
from turnus.metrics import Metrics, compute_metrics
from turnus.metrics.cost import PayRates, labour_cost
from turnus.result import Schedule
from turnus.solve import SolveParams, solve
from turnus.validator import Report, validate
from turnus.variants import StaffProfile, Variant, with_added_staff

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_TIME_LIMIT = 30.0

Figures = dict[str, Any]

FIGURES: dict[str, tuple[str, str]] = {
    "status": ("Status", "Status"),
    "gap_pct": ("Gap (%)", "Gap (%)"),
    "staff": ("Ansatte", "Head-count"),
    "fte": ("Årsverk", "FTE"),
    "contract_hours": ("Avtalte timer", "Contract hours"),
    "planned_hours": ("Planlagte timer", "Planned hours"),
    "coverage_min_pct": ("Dekning minimum (%)", "Coverage of minimum (%)"),
    "coverage_target_pct": ("Dekning mål (%)", "Coverage of target (%)"),
    "shortfall_hours": ("Underdekning (t)", "Shortfall (h)"),
    "plus_minus_hours": ("Pluss/minus netto (t)", "Plus/minus net (h)"),
    "plus_hours": ("Plusstimer/overtid (t)", "Plus hours/overtime (h)"),
    "minus_hours": ("Minustimer (t)", "Minus hours (h)"),
    "labour_cost": ("Lønnskostnad", "Labour cost"),
    "base_pay": ("Grunnlønn", "Base pay"),
    "supplements": ("Tillegg", "Supplements"),
    "wishes_granted": ("Ønsker innfridd", "Wishes granted"),
    "wishes_total": ("Ønsker i alt", "Wishes in all"),
    "penalty": ("Straffekostnad", "Penalty"),
    "hard_violations": ("Brudd på harde regler", "Hard rules broken"),
}
"""Figure keys in column order, with their Norwegian and English labels. Variable columns
(fairness spreads, shortfall by task, supplements, training) follow with generated labels."""

SPREAD_LABELS = {
    "weekends": ("helger", "weekends"),
    "evenings": ("kvelder", "evenings"),
    "nights": ("netter", "nights"),
    "holidays": ("helligdager", "holidays"),
}

SOLVE_FIGURES = ("status", "gap_pct", "penalty")
"""Facts of the solve rather than of the roster (the rest recompute from the roster file)."""


class ExecutorKind(StrEnum):
    LOCAL = "local"
    DASK = "dask"


@dataclass(frozen=True)
class Settings:
    """How to solve a set of variants.

    ``jobs`` solves run at once (default: one per CPU, at most one per variant); each gets
    ``workers`` solver threads (default: the CPUs shared out between the jobs).
    """

    time_limit: float = DEFAULT_TIME_LIMIT
    jobs: int | None = None
    workers: int | None = None
    seed: int = 0

    def plan(self, variants: int) -> tuple[int, int]:
        """(jobs, solver workers per job) for ``variants`` solves on this machine."""
        cpus = os.cpu_count() or 1
        jobs = max(1, min(self.jobs or cpus, variants))
        workers = self.workers or max(1, cpus // jobs)
        return jobs, workers


@dataclass(frozen=True)
class Job:
    """One solve, self-contained so it can go to another process or machine."""

    variant: Variant
    params: SolveParams


@dataclass
class Outcome:
    """A solved variant: the solve facts, the roster and its figures."""

    name: str
    status: str
    has_solution: bool
    objective: float | None
    bound: float | None
    gap: float | None
    runtime: float
    schedule: Schedule
    figures: Figures = field(default_factory=dict)


# -- figures -------------------------------------------------------------------------------------


def variant_figures(
    instance: Instance, schedule: Schedule, pay: PayRates, report: Report | None = None
) -> Figures:
    """The comparison's figures of one roster, from the metrics library and the pay rates."""
    report = report if report is not None else validate(instance, schedule)
    metrics = compute_metrics(instance, schedule, report)
    office = metrics.office
    cost = labour_cost(instance, schedule, pay)
    figures: Figures = {
        "staff": office.staff,
        "fte": office.fte,
        "contract_hours": office.capacity_hours,
        "planned_hours": office.planned_hours,
        "coverage_min_pct": _pct(office.coverage),
        "coverage_target_pct": _pct(target_coverage(metrics)),
        "shortfall_hours": office.shortfall_hours,
        "plus_minus_hours": office.planned_hours - office.capacity_hours,
        "plus_hours": office.overtime_hours,
        "minus_hours": office.minus_hours,
        "labour_cost": cost.total,
        "base_pay": cost.base,
        "supplements": sum(cost.supplements.values()),
        "wishes_granted": sum(p.wishes_granted for p in metrics.people),
        "wishes_total": sum(p.wishes_total for p in metrics.people),
        "penalty": office.penalty,
        "hard_violations": office.hard_violations,
    }
    figures |= {f"supplement:{name}": amount for name, amount in cost.supplements.items()}
    figures |= {f"spread:{c}": spread for c, spread in fairness_spreads(instance, report).items()}
    figures |= {f"shortfall:{t.task}": t.shortfall_hours for t in metrics.tasks}
    figures |= training_figures(metrics)
    return {key: _rounded(value) for key, value in figures.items()}


def target_coverage(metrics: Metrics) -> float | None:
    """Target demand hours covered ÷ target demand hours, over every staffing-plan line."""
    wanted = sum(line.target * line.hours for line in metrics.coverage)
    missing = sum(line.below_target * line.hours for line in metrics.coverage)
    return (wanted - missing) / wanted if wanted else None


def fairness_spreads(instance: Instance, report: Report) -> dict[str, float]:
    """Most minus least per FTE of each category the fairness rule measures, as it found it."""
    rules = [rule for rule in instance.rules if rule.kind == "fairness"]
    measured = {c: 0.0 for rule in rules for c, weight in rule.weights.items() if weight}
    names = {rule.name for rule in rules}
    for violation in report.violations:
        if violation.rule in names:
            measured[violation.key.rsplit(":", 1)[-1]] = violation.amount / 100
    return measured


def training_figures(metrics: Metrics) -> Figures:
    """Training plans completed (every period delivered by the deadline) of those in force."""
    plans = getattr(metrics.sections.get("training"), "plans", ())
    if not plans:
        return {}
    return {
        "training_completed": sum(1 for plan in plans if plan.shortfall == 0),
        "training_plans": len(plans),
    }


def _pct(ratio: float | None) -> float | None:
    return None if ratio is None else 100 * ratio


def _rounded(value: Any) -> Any:
    """Figures to 2 decimals so a workbook round trip compares exactly."""
    return round(value, 2) if isinstance(value, float) else value


def label(key: str, lang: str = "nb") -> str:
    """A figure's column heading."""
    pick = 0 if lang == "nb" else 1
    if key in FIGURES:
        return FIGURES[key][pick]
    kind, _, name = key.partition(":")
    if kind == "shortfall":
        return f"{('Underdekning', 'Shortfall')[pick]} {name} ({('t', 'h')[pick]})"
    if kind == "spread":
        what = SPREAD_LABELS.get(name, (name, name))[pick]
        return f"{('Spredning', 'Spread')[pick]} {what} {('per årsverk', 'per FTE')[pick]}"
    if kind == "supplement":
        return f"{('Tillegg', 'Supplement')[pick]} {name}"
    return {
        "training_completed": ("Opplæring fullført", "Training completed"),
        "training_plans": ("Opplæringsplaner", "Training plans"),
    }.get(key, (key, key))[pick]


# -- solving -------------------------------------------------------------------------------------


def run_job(job: Job) -> Outcome:
    """Solve one variant and compute its figures (runs in a worker process)."""
    instance = job.variant.instance()
    result = solve(instance, job.params)
    outcome = Outcome(
        name=job.variant.name,
        status=result.status.value,
        has_solution=result.has_solution,
        objective=result.objective if result.has_solution else None,
        bound=result.bound if result.has_solution else None,
        gap=result.gap if result.has_solution else None,
        runtime=result.runtime,
        schedule=result.schedule,
    )
    outcome.figures = {"status": outcome.status, "gap_pct": None}
    if result.has_solution:
        outcome.figures["gap_pct"] = _rounded(100 * result.gap)
        report = validate(instance, result.schedule)
        outcome.figures |= variant_figures(instance, result.schedule, job.variant.pay, report)
    return outcome


@contextmanager
def open_executor(
    kind: ExecutorKind | str, jobs: int, scheduler: str | None = None
) -> Iterator[Executor]:
    """A process pool, or a dask.distributed client (a local cluster unless ``scheduler``)."""
    if ExecutorKind(kind) is ExecutorKind.LOCAL:
        # spawn: a clean interpreter per worker, as on every platform (no fork of threads).
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield pool
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TurnusError(
            "--executor dask needs dask.distributed: install the 'distributed' extra of turnus "
            "(or the packages dask and distributed)"
        ) from None
    if scheduler:
        with Client(scheduler) as client:
            yield client.get_executor(pure=False)
        return
    cluster_args = {
        "n_workers": jobs,
        "threads_per_worker": 1,
        "dashboard_address": None,
        "silence_logs": logging.ERROR,  # no worker shutdown chatter in the terminal
    }
    with LocalCluster(**cluster_args) as cluster, Client(cluster) as client:
        yield client.get_executor(pure=False)


def solve_variants(
    variants: Sequence[Variant],
    settings: Settings,
    executor: Executor | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Solve every variant; without an ``executor`` they are solved here one after another.

    Outcomes come back in the order of ``variants``; ``on_done`` sees each as it finishes.
    """
    _, workers = settings.plan(len(variants))
    params = SolveParams(time_limit=settings.time_limit, workers=workers, seed=settings.seed)
    jobs = [Job(variant, params) for variant in variants]
    outcomes: dict[int, Outcome] = {}
    if executor is None:
        for i, job in enumerate(jobs):
            outcomes[i] = _guarded(job, run_job)
            if on_done is not None:
                on_done(outcomes[i])
    else:
        futures: dict[Future[Outcome], int] = {
            executor.submit(run_job, job): i for i, job in enumerate(jobs)
        }
        for future in as_completed(futures):
            i = futures[future]
            outcomes[i] = _guarded(jobs[i], lambda _, f=future: f.result())
            if on_done is not None:
                on_done(outcomes[i])
    return [outcomes[i] for i in range(len(jobs))]


def _guarded(job: Job, run: Callable[[Job], Outcome]) -> Outcome:
    """The outcome of a job; a job that fails (a worker lost, a bug) does not stop the rest."""
    try:
        return run(job)
    except Exception as error:  # reported in the variant's row, not as a traceback
        status = f"failed: {type(error).__name__}: {error}"
        return Outcome(
            job.variant.name,
            status,
            False,
            None,
            None,
            None,
            0.0,
            Schedule(),
            {"status": status, "gap_pct": None},
        )


def run_comparison(
    variants: Sequence[Variant],
    settings: Settings,
    kind: ExecutorKind | str = ExecutorKind.LOCAL,
    scheduler: str | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Solve every variant in parallel on the chosen executor (in-process for a single job)."""
    jobs, _ = settings.plan(len(variants))
    if jobs == 1 and ExecutorKind(kind) is ExecutorKind.LOCAL:
        return solve_variants(variants, settings, None, on_done)
    with open_executor(kind, jobs, scheduler) as executor:
        return solve_variants(variants, settings, executor, on_done)


# -- tables ---------------------------------------------------------------------------------------


def figure_keys(outcomes: Sequence[Outcome]) -> list[str]:
    """Every figure any outcome has, fixed ones first in :data:`FIGURES` order."""
    seen = dict.fromkeys(k for o in outcomes for k in o.figures)
    fixed = [k for k in FIGURES if k in seen]
    return fixed + [k for k in seen if k not in FIGURES]


def comparison_table(outcomes: Sequence[Outcome], lang: str = "nb") -> pd.DataFrame:
    """A row per variant and a labelled column per figure."""
    import pandas as pd

    keys = figure_keys(outcomes)
    rows = [[o.figures.get(k) for k in keys] for o in outcomes]
    frame = pd.DataFrame(rows, columns=[label(k, lang) for k in keys])
    frame.insert(0, ("Variant", "Variant")[lang != "nb"], [o.name for o in outcomes])
    return frame


# -- how many do we need? ------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffingAnswer:
    """The staffing search: outcomes for 0 ... N added, and the smallest with no shortfall."""

    profile: StaffProfile
    outcomes: tuple[Outcome, ...]
    smallest: int | None

    def curve(self) -> list[dict[str, Any]]:
        """Added staff, coverage of the minimum (%), shortfall hours and labour cost."""
        return [
            {
                "added": added,
                "status": o.status,
                "coverage_min_pct": o.figures.get("coverage_min_pct"),
                "shortfall_hours": o.figures.get("shortfall_hours"),
                "labour_cost": o.figures.get("labour_cost"),
            }
            for added, o in enumerate(self.outcomes)
        ]


def meets_minimum(outcome: Outcome) -> bool:
    """A roster was found and it has no shortfall against the staffing plan's minimum."""
    return outcome.has_solution and math.isclose(
        outcome.figures.get("shortfall_hours", math.inf), 0.0, abs_tol=1e-9
    )


def staffing_variants(base: Variant, profile: StaffProfile, most: int) -> list[Variant]:
    return [with_added_staff(base, profile, added) for added in range(most + 1)]


def staffing_search(
    base: Variant,
    profile: StaffProfile,
    most: int,
    settings: Settings,
    kind: ExecutorKind | str = ExecutorKind.LOCAL,
    scheduler: str | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> StaffingAnswer:
    """Solve the base with 0 ... ``most`` people of ``profile`` added.

    Every count is solved (the curve is the point), so no assumption that more staff always
    helps within a time limit; the answer is the smallest count whose roster has no shortfall.
    """
    variants = staffing_variants(base, profile, most)
    outcomes = run_comparison(variants, settings, kind, scheduler, on_done)
    smallest = next((n for n, o in enumerate(outcomes) if meets_minimum(o)), None)
    return StaffingAnswer(profile, tuple(outcomes), smallest)
