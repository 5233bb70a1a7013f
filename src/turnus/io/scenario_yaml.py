"""Writing a scenario as YAML that :func:`turnus.io.scenario_file.load_scenario` reads back equal.

Fields at their default are left out; dates stay YAML dates, times are written ``"07:30"``.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from turnus.domain import Scenario


def _plain(value: Any) -> Any:
    """Model dump values as YAML-friendly plain data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return value


def scenario_yaml(scenario: Scenario) -> str:
    data = _plain(scenario.model_dump(exclude_defaults=True))
    if scenario.rules:  # kept whole, also settings equal to a rule's default
        data["rules"] = _plain(scenario.rules)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=99)


def write_scenario_yaml(path: str | Path, scenario: Scenario) -> None:
    Path(path).write_text(scenario_yaml(scenario), encoding="utf-8")
