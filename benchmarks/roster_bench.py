"""Roster benchmark: the bundled 24/7 example and a scaling study on generated offices.

Measures, with a wall-clock limit and a fixed number of workers:

* on ``scenarios/akuttmottak.yaml``: model build time, time to the first feasible roster,
  the objective at the short limit, the best objective of a long run, the gap between the two,
  and the gap to the proven bound;
* on offices from :func:`turnus.generate.generate_office` of 20, 40, 80, 160 (and 320) staff:
  build time, time to first feasible, objective and gap at the short limit.

Every roster found is checked by the validator (hard violations are reported, never hidden).
Writes ``roster_bench.md`` (markdown tables), ``roster_bench.json`` (raw figures) and
``roster_bench.png`` (plots) into the output folder.

Usage (from the repository root)::

    .venv/bin/python benchmarks/roster_bench.py             # 60 s, 600 s, 20..320 staff
    .venv/bin/python benchmarks/roster_bench.py --quick     # a smoke run of about 2 minutes
    .venv/bin/python benchmarks/roster_bench.py --log-dir /tmp/logs   # CP-SAT search logs too
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import ortools

from turnus.generate import generate_office
from turnus.instance import Instance
from turnus.io.scenario_file import builtin_profiles_dir, load_instance, load_profile
from turnus.model import build_model
from turnus.solve import Progress, SolveParams, solve
from turnus.validator import validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "akuttmottak.yaml"


@dataclass
class Run:
    """The figures of one solve."""

    name: str
    staff: int
    limit: float
    workers: int
    load_s: float = 0.0
    build_s: float = 0.0
    first_s: float | None = None
    """Time to the first roster from the call to ``solve``, model build included."""
    first_search_s: float | None = None
    """Time to the first roster from the start of the search (build excluded)."""
    wall_s: float = 0.0
    cpu_s: float | None = None
    """CPU time of all solver threads during the solve; about workers x wall on an idle machine."""
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    hard_violations: int | None = None
    variables: int = 0
    constraints: int = 0
    trace: list[tuple[float, float, float]] = field(default_factory=list)
    """(seconds since the solve call, objective, bound) at each improvement."""


def measure(
    name: str,
    instance: Instance,
    limit: float,
    args: argparse.Namespace,
    log: Path | None,
) -> Run:
    """Build once to time it, then solve and record each improvement."""
    workers, seed, deterministic = args.workers, args.seed, args.deterministic
    run = Run(name=name, staff=len(instance.employees), limit=limit, workers=workers)
    started = time.perf_counter()
    built = build_model(instance)
    run.build_s = time.perf_counter() - started
    run.variables = len(built.model.proto.variables)
    run.constraints = len(built.model.proto.constraints)
    del built

    params = SolveParams(
        time_limit=limit,
        workers=workers,
        seed=seed,
        deterministic=deterministic,
        log=log is not None,
    )
    called, cpu = time.perf_counter(), time.process_time()

    def on_progress(progress: Progress) -> None:
        now = time.perf_counter() - called
        if run.first_s is None:
            run.first_s, run.first_search_s = now, progress.time
        run.trace.append((round(now, 3), progress.objective, progress.bound))

    with _log_to(log):
        result = solve(instance, params, on_progress=on_progress)
    run.wall_s = time.perf_counter() - called
    run.cpu_s = time.process_time() - cpu
    run.status = result.status.value
    if result.has_solution:
        run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
        run.hard_violations = len(validate(instance, result.schedule).hard)
    return run


@contextlib.contextmanager
def _log_to(path: Path | None) -> Iterator[None]:
    """Send the solver's log (written by C++ to file descriptor 1) to ``path``."""
    if path is None:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    with path.open("w") as handle:
        os.dup2(handle.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def example_runs(args: argparse.Namespace) -> list[Run]:
    started = time.perf_counter()
    instance = load_instance(EXAMPLE)
    load_s = time.perf_counter() - started
    runs = []
    for limit in (args.limit, args.long):
        if not limit:
            continue
        log = args.log_dir / f"akuttmottak-{limit:g}s.log" if args.log_dir else None
        print(f"akuttmottak: {limit:g} s ...", flush=True)
        run = measure("akuttmottak", instance, limit, args, log)
        run.load_s = load_s
        runs.append(run)
        print(f"  {summary(run)}", flush=True)
    return runs


def scaling_runs(args: argparse.Namespace) -> list[Run]:
    profile = load_profile("aml", builtin_profiles_dir())
    runs = []
    for staff in args.sizes:
        started = time.perf_counter()
        scenario = generate_office(staff, seed=args.seed, start=dt.date(2027, 3, 1), days=31)
        instance = Instance.build(scenario, profile)
        load_s = time.perf_counter() - started
        log = args.log_dir / f"office-{staff}.log" if args.log_dir else None
        print(f"office of {staff}: {args.limit:g} s ...", flush=True)
        run = measure(f"office-{staff}", instance, args.limit, args, log)
        run.load_s = load_s
        runs.append(run)
        print(f"  {summary(run)}", flush=True)
    return runs


def summary(run: Run) -> str:
    first = "none" if run.first_s is None else f"{run.first_s:.1f} s"
    return (
        f"build {run.build_s:.1f} s, first roster {first}, status {run.status}, "
        f"objective {fmt(run.objective)}, gap {pct(run.gap)}, hard {run.hard_violations}"
    )


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None or math.isinf(value) else f"{value:,.{digits}f}"


def pct(value: float | None) -> str:
    return "–" if value is None or math.isinf(value) else f"{value:.1%}"


def secs(value: float | None) -> str:
    return "none" if value is None else f"{value:.1f}"


def relative(value: float | None, best: float | None) -> float | None:
    if value is None or best is None:
        return None
    return 0.0 if value == best else (value - best) / max(abs(best), 1e-9)


def markdown(example: list[Run], scaling: list[Run], machine: dict[str, str]) -> str:
    lines = [
        f"Measured {machine['date']} on {machine['machine']}; {machine['command']}; "
        f"limits in {machine['limits']}.",
        "",
    ]
    if example:
        best = min((r.objective for r in example if r.objective is not None), default=None)
        lines += [
            "| run | load s | build s | first roster s (search only) | wall s | CPU s | "
            "objective | bound | gap to bound | gap to best of all runs | hard broken |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for run in example:
            lines.append(
                f"| {run.name}, {run.limit:g} s, {run.workers} workers | {run.load_s:.1f} | "
                f"{run.build_s:.1f} | {secs(run.first_s)} ({secs(run.first_search_s)}) | "
                f"{run.wall_s:.0f} | {fmt(run.cpu_s, 0)} | {fmt(run.objective)} | "
                f"{fmt(run.bound)} | {pct(run.gap)} | {pct(relative(run.objective, best))} | "
                f"{run.hard_violations} |"
            )
        lines.append("")
    if scaling:
        lines += [
            "| staff | variables | constraints | build s | first roster s (search only) | "
            "CPU s | status | objective | bound | gap to bound | hard broken |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for run in scaling:
            lines.append(
                f"| {run.staff} | {run.variables:,} | {run.constraints:,} | {run.build_s:.1f} | "
                f"{secs(run.first_s)} ({secs(run.first_search_s)}) | {fmt(run.cpu_s, 0)} | "
                f"{run.status} | {fmt(run.objective)} | {fmt(run.bound)} | {pct(run.gap)} | "
                f"{run.hard_violations} |"
            )
        lines.append("")
    return "\n".join(lines)


def plot(example: list[Run], scaling: list[Run], path: Path) -> None:
    """Objective over time for the example; build and first-roster times against staff."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for run in example:
        if run.trace:
            times, objectives, _ = zip(*run.trace, strict=True)
            left.step(times, objectives, where="post", label=f"{run.limit:g} s run")
    left.set(
        xscale="log", yscale="log", xlabel="seconds (model build included)", ylabel="objective",
        title="akuttmottak.yaml: best roster over time",
    )  # fmt: skip
    if example:
        left.legend()
    if scaling:
        staff = [r.staff for r in scaling]
        right.plot(staff, [r.build_s for r in scaling], "s--", label="model build")
        solved = [r for r in scaling if r.first_s is not None]
        right.plot(
            [r.staff for r in solved], [r.first_s for r in solved], "o-", label="first roster"
        )
        unsolved = [r for r in scaling if r.first_s is None]
        right.plot(
            [r.staff for r in unsolved], [r.limit for r in unsolved], "x", color="red",
            markersize=10, label="no roster within the limit",
        )  # fmt: skip
        right.set(xscale="log", yscale="log", xlabel="staff", ylabel="seconds")
        right.set_xticks(staff, [str(s) for s in staff])
        right.legend(loc="upper left")
    for axis in (left.xaxis, left.yaxis, right.xaxis, right.yaxis):
        axis.set_minor_formatter(NullFormatter())
    right.set_title(f"generated offices, {scaling[0].limit:g} s each" if scaling else "")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def replot(folder: Path) -> None:
    """Rewrite the table and the plot from a saved ``roster_bench.json``."""
    raw = json.loads((folder / "roster_bench.json").read_text())
    example = [Run(**r) for r in raw["example"]]
    scaling = [Run(**r) for r in raw["scaling"]]
    (folder / "roster_bench.md").write_text(markdown(example, scaling, raw["machine"]))
    plot(example, scaling, folder / "roster_bench.png")


def machine_facts(argv: list[str], deterministic: bool) -> dict[str, str]:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": (
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, "
            f"load average at the end {load}"
        ),
        "command": "`.venv/bin/python benchmarks/roster_bench.py " + " ".join(argv) + "`",
        "limits": "CP-SAT deterministic time" if deterministic else "wall-clock seconds",
    }


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 10 s, 30 s, 20/40")
    parser.add_argument("--limit", type=float, default=60.0, help="short limit, seconds")
    parser.add_argument("--long", type=float, default=600.0, help="long run, seconds (0: none)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[20, 40, 80, 160, 320])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="limit by CP-SAT's deterministic time (as `turnus solve` does) instead of wall time",
    )
    parser.add_argument("--skip-example", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--log-dir", type=Path, default=None, help="write CP-SAT logs here")
    parser.add_argument(
        "--replot", action="store_true", help="only redraw from roster_bench.json in --out"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.limit, args.long, args.sizes = 10.0, 30.0, [20, 40]
        if args.out == parser.get_default("out"):
            args.out = Path(tempfile.gettempdir()) / "roster-bench-quick"
    return args


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if args.replot:
        replot(args.out)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.log_dir:
        args.log_dir.mkdir(parents=True, exist_ok=True)
    example = [] if args.skip_example else example_runs(args)
    scaling = scaling_runs(args)
    machine = machine_facts(argv, args.deterministic)
    (args.out / "roster_bench.md").write_text(markdown(example, scaling, machine))
    raw = {"machine": machine, "example": [asdict(r) for r in example]}
    raw["scaling"] = [asdict(r) for r in scaling]
    (args.out / "roster_bench.json").write_text(json.dumps(raw, indent=1))
    plot(example, scaling, args.out / "roster_bench.png")
    print(markdown(example, scaling, machine))


if __name__ == "__main__":
    main()
