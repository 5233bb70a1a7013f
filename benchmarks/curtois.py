"""Run the Curtois & Qu benchmark instances with the turnus model and tabulate the results.

Usage (from the repository root)::

    .venv/bin/python benchmarks/curtois.py 1-12 --time-limit 60 --workers 2 \
        --out benchmarks/results/curtois-60s.md

Each instance is solved once; the table gives the objective (recomputed by the benchmark's own
evaluator and checked against the turnus validator), the best known value, the gap to it, the
solver's proven bound, and the times to the first roster and to the best one.
The instances are read from ``$TURNUS_CURTOIS_DIR`` or ``../shared/benchmarks/curtois``.
"""

from __future__ import annotations

import argparse
import csv
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from turnus.io.curtois import (
    SUBSOLVERS,
    benchmark_bound,
    benchmark_objective,
    benchmark_status,
    data_dir,
    instance_path,
    load_curtois,
    roster_lines,
)
from turnus.solve import Progress, SolveParams, solve
from turnus.validator import validate


@dataclass
class Row:
    instance: str
    objective: int | None
    best_known: int
    bound: float
    first: float | None
    best_time: float | None
    build: float
    cpu: float
    hard: int
    status: str

    @property
    def gap(self) -> float | None:
        if self.objective is None:
            return None
        return (self.objective - self.best_known) / self.best_known

    def cells(self) -> list[str]:
        def opt(value: float | None, fmt: str) -> str:
            return "-" if value is None else format(value, fmt)

        return [
            self.instance,
            opt(self.objective, "d"),
            str(self.best_known),
            opt(self.gap, ".2%"),
            f"{self.bound:g}",
            opt(self.first, ".1f"),
            opt(self.best_time, ".1f"),
            f"{self.build:.1f}",
            f"{self.cpu:.0f}",
            str(self.hard),
            self.status,
        ]


HEADER = [
    "instance", "objective", "best known", "gap", "bound", "first (s)", "best (s)",
    "build (s)", "CPU (s)", "hard broken", "status",
]  # fmt: skip


def best_known() -> dict[str, int]:
    with (data_dir() / "best_known.csv").open(newline="") as handle:
        return {row["instance"]: int(row["best_ub"]) for row in csv.DictReader(handle)}


def parse_instances(specs: list[str]) -> list[int]:
    """``["1-7", "9"]`` -> ``[1, ..., 7, 9]``."""
    found: list[int] = []
    for spec in specs:
        first, _, last = spec.partition("-")
        found += range(int(first), int(last or first) + 1)
    return found


def run(number: int, params: SolveParams, known: dict[str, int]) -> Row:
    started, cpu = time.perf_counter(), time.process_time()
    raw, instance = load_curtois(instance_path(number))
    times: list[float] = []
    result = solve(instance, params, on_progress=lambda p: times.append(_at(p, started)))
    build = result.runtime and (time.perf_counter() - started - result.runtime)
    cpu = time.process_time() - cpu  # all threads: shows how much of 2 cores the run got
    row = Row(raw.name, None, known[raw.name], benchmark_bound(result.bound), None, None, build,
              cpu, 0, result.status.value)  # fmt: skip
    if result.has_solution:
        lines = roster_lines(instance, result.schedule)
        score = benchmark_objective(raw, lines)
        report = validate(instance, result.schedule)
        row.status = benchmark_status(score.objective, result.bound, row.status)
        if score.objective != report.objective:
            row.status += f" (validator says {float(report.objective):g})"
        row.objective, row.hard = score.objective, len(score.hard) + len(report.hard)
        row.first, row.best_time = (times[0], times[-1]) if times else (None, None)
    return row


def _at(progress: Progress, started: float) -> float:
    return time.perf_counter() - started


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    gaps = [row.gap for row in rows if row.gap is not None]
    if gaps:
        lines.append(f"\nmean gap {sum(gaps) / len(gaps):.2%} over {len(gaps)} solved instances")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="+", help="numbers or ranges, e.g. 1-7 9")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--parallel", action="store_true", help="plain parallel search (not deterministic)"
    )
    parser.add_argument(
        "--portfolio", action="store_true", help="CP-SAT's default subsolvers, not max_lp"
    )
    parser.add_argument(
        "--proof-share",
        type=float,
        default=SolveParams.proof_share,
        help="share of the search for the proving solver before LNS alone (1: no LNS phase)",
    )
    parser.add_argument("--out", type=Path, help="write the table here (markdown)")
    args = parser.parse_args(argv)
    params = SolveParams(
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        deterministic=not args.parallel,
        subsolvers=() if args.portfolio else SUBSOLVERS,
        proof_share=args.proof_share,
    )
    known = best_known()
    rows = []
    for number in parse_instances(args.instances):
        rows.append(run(number, params, known))
        print(" | ".join(rows[-1].cells()), flush=True)
    mode = "parallel" if args.parallel else "deterministic"
    mode += ", CP-SAT portfolio" if args.portfolio else f", subsolvers {'+'.join(SUBSOLVERS)}"
    mode += f", proof share {args.proof_share:g}"
    text = (
        f"`{' '.join(['benchmarks/curtois.py', *(argv or sys.argv[1:])])}`: "
        f"{args.time_limit:g} s, {args.workers} workers, {mode}, seed {args.seed}; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}\n\n"
        + table(rows)
    )
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
