"""Shared test helpers: small instances built in code, and solving with the validator's check.

Every roster a test produces goes through :func:`solve_checked`, which asserts the validator
finds no broken hard rule and recomputes exactly the solver's objective.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from turnus.domain import Scenario
from turnus.generate import generate_office
from turnus.instance import Instance
from turnus.io.scenario_file import builtin_profiles_dir, load_instance, load_profile
from turnus.result import Result, Schedule
from turnus.solve import SolveParams, solve
from turnus.validator import Report, validate

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parent / "data"
SCENARIOS_DIR = ROOT / "scenarios"


def base_scenario(**overrides: Any) -> dict[str, Any]:
    """A one-week, three-person office with a day and an evening shift, as plain data."""
    data: dict[str, Any] = {
        "name": "test",
        "period": {"start": "2027-01-04", "end": "2027-01-10"},
        "competences": [{"id": "eksp"}, {"id": "skriv"}],
        "tasks": [
            {"id": "eksp", "competence": "eksp"},
            {"id": "skriv", "competence": "skriv"},
        ],
        "shift_types": [
            {"id": "D", "start": "08:00", "end": "15:30", "paid_hours": 7.0},
            {"id": "A", "start": "14:00", "end": "21:30", "paid_hours": 7.0},
        ],
        "employees": [
            {"id": f"E{i}", "name": f"Person {i}", "competences": {"eksp": "competent"}}
            for i in (1, 2, 3)
        ],
        "staffing": [{"day": "weekday", "shift": "D", "task": "eksp", "min": 1}],
    }
    data.update(overrides)
    return data


def make_instance(
    rules: dict[str, dict[str, Any]] | None = None,
    profile: str | dict[str, dict[str, Any]] = "empty",
    **overrides: Any,
) -> Instance:
    """An instance from :func:`base_scenario` with ``overrides``.

    ``profile="empty"`` starts from no rules at all, so a test switches on only what it tests;
    give a profile name (``"aml"``) to start from a real profile.
    """
    scenario = Scenario.model_validate(base_scenario(**overrides) | {"rules": rules or {}})
    if isinstance(profile, dict):
        profile_rules = profile
    elif profile == "empty":
        profile_rules = {}
    else:
        profile_rules = load_profile(profile, builtin_profiles_dir())
    return Instance.build(scenario, profile_rules)


def solve_checked(
    instance: Instance, time_limit: float = 10.0, seed: int = 0, workers: int = 1, **kw: Any
) -> Result:
    """Solve, then check the roster with the validator (no hard violation, same objective)."""
    on_progress = kw.pop("on_progress", None)
    params = SolveParams(time_limit=time_limit, seed=seed, workers=workers, **kw)
    result = solve(instance, params, on_progress=on_progress)
    if result.has_solution and not kw.get("best_effort"):
        report = validate(instance, result.schedule)
        assert report.hard == [], [v.message for v in report.hard]
        assert report.objective == round_objective(result.objective), (
            float(report.objective),
            result.objective,
            report.by_rule(),
        )
    return result


def round_objective(value: float) -> Any:
    from fractions import Fraction

    from turnus.rules.base import SCALE

    return Fraction(round(value * SCALE), SCALE)


def check(instance: Instance, schedule: Schedule) -> Report:
    return validate(instance, schedule)


COMPARING = {"fairness", "unpopular_tasks"}
"""The soft rules between people, which the person-by-person searches do not see."""


def separable_office() -> Instance:
    """A 24/7 office of 10 over two weeks without new hires or trainees: every hard rule is
    one person's."""
    scenario = generate_office(10, seed=3, days=14)
    return Instance.build(scenario, load_profile("aml", builtin_profiles_dir()))


def own_cost(instance: Instance, schedule: Schedule) -> int:
    """A roster's cost without the soft rules that compare people, in solver units."""
    report = validate(instance, schedule)
    return sum(v.scaled_penalty for v in report.soft if v.rule not in COMPARING)


def scenario_instance(name: str) -> Instance:
    return load_instance(SCENARIOS_DIR / name)


def day(n: int) -> dt.date:
    """The n-th day (0-based) of the base scenario's week, Monday 4 January 2027."""
    return dt.date(2027, 1, 4) + dt.timedelta(days=n)


def run_notebook(path: Path, parameters: str = "", timeout: int = 300) -> list[Any]:
    """Execute a notebook from its own folder and return every code cell's outputs.

    ``parameters`` (code) is appended to the cell tagged ``parameters``, e.g. a short time
    limit. Asserts that no cell raised.
    """
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    if parameters:
        (cell,) = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        cell.source += "\n" + parameters
    resources = {"metadata": {"path": path.parent}}
    nbclient.NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources=resources
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    return outputs


CURTOIS_SHIFTS = (("E", 480), ("D", 480), ("L", 600), ("N", 600))


def random_curtois_text(rng: random.Random) -> str:
    """A Curtois & Qu instance of 14 or 21 days with every per-person limit the format
    has, drawn so that most people can work some month."""
    days = rng.choice((14, 21))
    shifts = CURTOIS_SHIFTS[: rng.randint(2, 4)]
    ids = [s for s, _ in shifts]
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS"]
    for s, minutes in shifts:
        banned = [t for t in ids if t != s and rng.random() < 0.3]
        lines.append(f"{s},{minutes},{'|'.join(banned)}")
    lines += ["", "SECTION_STAFF"]
    staff = "ABCDEF"[: rng.randint(3, 6)]
    for who in staff:
        limits = "|".join(f"{s}={rng.choice((0, 2, 4, days))}" for s in ids)
        most = rng.randint(days // 2, days - 2) * 480
        least = max(most - rng.choice((480, 1440, 2880)), 0)
        runs = f"{rng.randint(3, 6)},{rng.randint(1, 3)},{rng.randint(1, 3)}"
        lines.append(f"{who},{limits},{most},{least},{runs},{rng.randint(1, days // 7)}")
    lines += ["", "SECTION_DAYS_OFF"]
    lines += [f"{who},{rng.randrange(days)}" for who in staff if rng.random() < 0.5]
    for section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        lines += ["", section]
        for _ in range(rng.randint(0, 2 * len(staff))):
            lines.append(
                f"{rng.choice(staff)},{rng.randrange(days)},{rng.choice(ids)},{rng.randint(1, 3)}"
            )
    lines += ["", "SECTION_COVER"]
    lines += [f"{d},{s},{rng.randint(0, 2)},100,1" for d in range(days) for s in ids]
    return "\n".join(lines) + "\n"
