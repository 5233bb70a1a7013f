"""Reading the ``pay:`` section of a rule profile (wage and supplement rates for labour cost)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from turnus.exceptions import InputError, Problem
from turnus.io.scenario_file import (
    MAX_EXTENDS_DEPTH,
    builtin_profiles_dir,
    deep_merge,
    problems_from,
    profile_path,
    read_yaml,
)
from turnus.metrics.cost import PayRates


def _pay_data(name: str, base_dir: Path, depth: int = 0) -> tuple[dict[str, Any], str]:
    path = profile_path(name, base_dir)
    if path is None:
        known = sorted(p.stem for p in builtin_profiles_dir().glob("*.yaml"))
        raise InputError(
            name, [Problem(("profile",), f"unknown rule profile; use one of {', '.join(known)}")]
        )
    data = read_yaml(path)
    pay = data.get("pay") or {}
    if not isinstance(pay, dict):
        raise InputError(str(path), [Problem(("pay",), "must be a mapping of pay settings")])
    parent = data.get("extends")
    if parent and depth < MAX_EXTENDS_DEPTH:
        inherited, _ = _pay_data(str(parent), path.parent, depth + 1)
        pay = deep_merge(inherited, pay)
    return pay, str(path)


def load_pay(profile: str, base_dir: Path) -> PayRates:
    """Pay rates of a profile by name or path, merged over the profile it ``extends``."""
    data, source = _pay_data(profile, base_dir)
    try:
        return PayRates.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(("pay", *p.location), p.message) for p in problems_from(error, PayRates)
        ]
        raise InputError(source, problems) from None
