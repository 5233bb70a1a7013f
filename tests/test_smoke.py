"""End to end on the tiny scenario: solve, validate, objective recomputed."""

from helpers import DATA_DIR, solve_checked
from turnus.io.scenario_file import load_instance


def test_tiny_solves_to_a_valid_roster() -> None:
    instance = load_instance(DATA_DIR / "tiny.yaml")
    result = solve_checked(instance, time_limit=20, workers=2)
    assert result.has_solution
    assert result.schedule.assignments
