"""The bundled scenarios use training, supervision and events, and nothing in them is
impossible before solving (solving them is for ``benchmarks/``, not the test suite)."""

from __future__ import annotations

import pytest

from helpers import scenario_instance
from turnus.diagnose_training import training_problems
from turnus.training import is_trainee


@pytest.mark.parametrize("name", ["poliklinikk.yaml", "akuttmottak.yaml"])
def test_bundled_scenario_trains_supervises_and_teaches(name: str) -> None:
    inst = scenario_instance(name)
    assert len({task for _, task in inst.training.plans}) >= 2  # two new hires, two tasks
    trainees = [e for e in inst.employees if is_trainee(e)]
    assert len(trainees) >= 2 and all(e.supervisors for e in trainees)
    kinds = {(o.event.kind.value, o.event.weekday is not None) for o in inst.training.occurrences}
    assert {("course", False), ("teaching", True)} <= kinds
    assert training_problems(inst) == []
