"""The local-search phase of a solve, alone, from one fixed start, under CP-SAT parameters of
your choice: for comparing settings of that phase without the noise of the stages before it.

Usage (from the repository root)::

    .venv/bin/python benchmarks/lns_study.py scenarios/akuttmottak.yaml \
        --seeds 0 1 2 --wall 40 linearization_level=0

The start is what ``turnus solve -t LIMIT --seed SEED`` hands its LNS-only phase (the first
stage's roster, then the proving search's best); it is computed once per scenario, limit
and seed and kept in ``--cache`` (under ``out/``, which git ignores; delete it when the
stages before the LNS phase change). Each run then gives that phase ``--dtime``
deterministic seconds (by default what the solve gives it, where the first stage uses all
of its share), or ``--wall`` seconds of wall clock, with CP-SAT's ``random_seed`` set to
each of ``--seeds`` and the parameters given as ``name=value``. Prints one line per run:
objective, wall clock, deterministic time, better rosters found, and how many
neighbourhoods were tried.
"""

from __future__ import annotations

import argparse
import ast
import pickle
import time
from dataclasses import replace
from pathlib import Path

from ortools.sat.python import cp_model

from turnus import solve as pipeline
from turnus.instance import Instance
from turnus.io.scenario_file import load_instance
from turnus.model import add_hint, build_model, set_hint
from turnus.rules.base import SCALE


def main_budget(instance: Instance, limit: float) -> float:
    """Seconds of the limit for the solve's main search, when the first stage uses its own."""
    params = pipeline.SolveParams(time_limit=limit)
    return pipeline._remaining(params, time.perf_counter(), pipeline._first_stage_share(instance))


def start_of(instance: Instance, limit: float, seed: int) -> list[int]:
    """The roster the LNS-only phase of a solve with this limit and seed starts from: the
    first stage's, then the proving search's best."""
    params = pipeline.SolveParams(time_limit=limit, seed=seed)
    first = pipeline._first_stage(instance, params, None, time.perf_counter())
    built = build_model(instance)
    add_hint(built, instance, first.schedule)
    budget = (main_budget(instance, limit) + first.unused) * params.proof_share
    watcher = pipeline._Watcher(None, time.perf_counter())
    proving = replace(params, proof_share=1.0)  # the proving search only
    search = pipeline._main_search(built, proving, budget, watcher)
    return list(search.solver.response_proto.solution)


def run(instance: Instance, start: list[int], args: argparse.Namespace, seed: int) -> str:
    built = build_model(instance)
    set_hint(built.model, enumerate(start))
    solver = cp_model.CpSolver()
    limit = args.dtime / pipeline.DTIME_PER_SECOND  # as the solve's own LNS phase has it
    pipeline.local_search_parameters(solver, pipeline.SolveParams(time_limit=limit, seed=seed))
    p = solver.parameters
    if args.wall:
        p.max_deterministic_time, p.max_time_in_seconds = 1e9, args.wall
    for setting in args.params:
        name, value = setting.split("=", 1)
        setattr(p, name, type(getattr(p, name))(ast.literal_eval(value)))
    p.log_search_progress = True
    tried = 0

    def count(message: str) -> None:  # a table of the log comes as one message
        nonlocal tried
        for line in message.splitlines():
            fields = line.split()
            if len(fields) > 10 and fields[0].endswith("_lns':"):
                tried += int(fields[1])  # a row of the task-timing table (calls, times)

    p.log_to_stdout = False
    solver.log_callback = count
    found = 0

    class Count(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            nonlocal found
            found += 1

    began = time.perf_counter()
    solver.solve(built.model, Count())
    return (
        f"seed {seed} {' '.join(args.params) or '(defaults)'}: "
        f"objective {solver.objective_value / SCALE:.2f}, "
        f"wall {time.perf_counter() - began:.1f} s, dtime {solver.deterministic_time:.2f}, "
        f"{found} better rosters, {tried} neighbourhoods"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", type=Path)
    parser.add_argument("params", nargs="*", help="CP-SAT parameters as name=value")
    parser.add_argument("--limit", type=float, default=60.0, help="the solve's -t")
    parser.add_argument("--start-seed", type=int, default=0, help="the solve's --seed")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--dtime", type=float, help="deterministic seconds")
    parser.add_argument("--wall", type=float, help="wall-clock s instead of --dtime")
    parser.add_argument("--cache", type=Path, default=Path("out/lns-start.pkl"))
    args = parser.parse_intermixed_args()
    instance = load_instance(args.scenario)
    if args.dtime is None:  # the LNS phase's share of the limit, as the solve has it
        share = 1 - pipeline.SolveParams().proof_share
        args.dtime = main_budget(instance, args.limit) * share * pipeline.DTIME_PER_SECOND
    key = (str(args.scenario), args.limit, args.start_seed)
    cached = pickle.loads(args.cache.read_bytes()) if args.cache.exists() else {}
    if key not in cached:
        cached[key] = start_of(instance, args.limit, args.start_seed)
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        args.cache.write_bytes(pickle.dumps(cached))
    for seed in args.seeds:
        print(run(instance, cached[key], args, seed), flush=True)


if __name__ == "__main__":
    main()
