"""Reading scenarios and rule profiles from YAML, with ``extends:`` and precise errors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from turnus.domain import Scenario
from turnus.exceptions import InputError, Location, Problem
from turnus.instance import Instance

MAX_EXTENDS_DEPTH = 10


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so ``kind: off`` and ``shift: N`` stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping from ``path``; syntax errors name the line and column."""
    if not path.exists():
        raise InputError(str(path), [Problem((), "file not found; check the path")])
    if path.is_dir():
        raise InputError(str(path), [Problem((), "is a folder; give a scenario file")])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(
            str(path), [Problem((), f"YAML syntax error: {error.problem}", where=where)]
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(str(path), [Problem((), f"not a readable YAML file: {error}")]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(str(path), [Problem((), "must be a mapping of fields (key: value)")])
    return data


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else (lists too) in ``override`` replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_with_extends(path: Path, depth: int = 0) -> dict[str, Any]:
    """A scenario's data with the files it ``extends`` merged in underneath."""
    data = read_yaml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if depth >= MAX_EXTENDS_DEPTH:
        raise InputError(str(path), [Problem(("extends",), "too deep; is there a cycle?")])
    parent_path = (path.parent / str(parent)).resolve()
    if not parent_path.exists():
        raise InputError(
            str(path), [Problem(("extends",), f"file '{parent}' not found next to this file")]
        )
    return deep_merge(read_with_extends(parent_path, depth + 1), data)


def builtin_profiles_dir() -> Path:
    """``models/`` shipped with the package, or the repository's own in a source checkout."""
    packaged = Path(str(resources.files("turnus"))) / "models"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "models"


def profile_path(name: str, base_dir: Path) -> Path | None:
    """A profile by path (relative to the scenario) or by name from ``models/``."""
    candidates = [base_dir / name, base_dir / f"{name}.yaml"]
    candidates += [builtin_profiles_dir() / f"{name}.yaml"]
    return next((p for p in candidates if p.is_file()), None)


def load_profile(
    name: str, base_dir: Path, depth: int = 0, source: str = ""
) -> dict[str, dict[str, Any]]:
    """Rules of a profile by name, merged over the profile it ``extends``.

    ``source`` is the file that names the profile, for the error message.
    """
    path = profile_path(name, base_dir)
    if path is None:
        known = ", ".join(sorted(p.stem for p in builtin_profiles_dir().glob("*.yaml")))
        problem = Problem(("profile",), f"unknown rule profile '{name}'; use one of {known}")
        raise InputError(source or name, [problem])
    data = read_yaml(path)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise InputError(str(path), [Problem(("rules",), "must map rule names to settings")])
    parent = data.get("extends")
    if parent and depth < MAX_EXTENDS_DEPTH:
        rules = deep_merge(load_profile(str(parent), path.parent, depth + 1, str(path)), rules)
    return rules


def problems_from(error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Pydantic errors as problems with field paths and a hint of what to do."""
    problems = []
    for err in error.errors():
        loc: Location = tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown field '{loc[-1]}'{_suggest(model, loc)}"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif "input" in err and not isinstance(err["input"], dict | list):
            message = f"{message}, got {err['input']!r}"
        problems.append(Problem(loc, message))
    return problems


def _suggest(model: type[BaseModel], loc: Location) -> str:
    """'; did you mean ...' from the fields of the model at ``loc``."""
    fields = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known fields: {', '.join(fields)}" if fields else ""


def _fields_at(model: type[BaseModel], loc: Location) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def parse_scenario(data: Mapping[str, Any], source: str) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise InputError(source, problems_from(error, Scenario)) from None


def load_scenario(path: Path) -> Scenario:
    return parse_scenario(read_with_extends(path), str(path))


def load_instance(path: str | Path) -> Instance:
    """A scenario file (YAML, or an Excel workbook) as a checked :class:`Instance`."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from turnus.io.workbook_in import read_scenario_workbook

        scenario = read_scenario_workbook(path)
    else:
        scenario = load_scenario(path)
    profile = load_profile(scenario.profile, path.parent, source=str(path))
    return Instance.build(scenario, profile, source=str(path))
