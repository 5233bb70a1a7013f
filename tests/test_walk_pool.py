"""Month walks shared out over processes (:mod:`turnus.walk_pool`): the same months and
bounds as walked in one process, whatever the number of workers."""

from __future__ import annotations

import random
from pathlib import Path

from ortools.sat.python import cp_model

from helpers import random_curtois_text
from turnus.column_search import ColumnSearch
from turnus.io.curtois import load_curtois
from turnus.model import build_model, read_schedule


def test_shared_out_walks_price_as_one_process_does(tmp_path: Path) -> None:
    path = tmp_path / "Random4.txt"
    path.write_text(random_curtois_text(random.Random(4)))
    _, instance = load_curtois(path)
    built = build_model(instance)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.stop_after_first_solution = True
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    start = read_schedule(solver, built, instance)
    runs = []
    for workers in (1, 3):
        with ColumnSearch(instance, budget=1_000, workers=workers) as search:
            assert search.walks_everyone()
            assert len(search.walk_pool.away) == workers - 1  # processes, where asked
            search.add_roster(start)
            bounds = [search.round_bound for _ in range(4) if search.price_round() >= 0]
            runs.append((search.months, bounds, search.used))
        assert search.walk_pool.away == []  # stopped on leaving
    assert runs[0] == runs[1]
