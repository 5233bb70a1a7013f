"""Scenario variants: a base scenario and named small changes, as the department head asks them.

A comparison file (YAML) names a base scenario and lists variants::

    name: Poliklinikk – bemanning våren 2027
    base: poliklinikk.yaml            # relative to this file
    variants:
      - name: Ett årsverk færre
        remove_staff: [P07]
      - name: Ett årsverk mer
        add_staff: [{count: 1, position_pct: 100, competences: {ekspedisjon: competent}}]
      - name: Kveldsåpent
        staffing: [{day: weekday, shift: A, task: ekspedisjon, min: 1}]
      - name: Travlere
        scale_staffing: 1.5           # or {factor: 1.5, tasks: [skriv], shifts: [D]}
      - name: Hver annen helg
        rules: {max_weekends: {max: 1, weeks: 2}}
      - name: Februar
        period: {start: 2027-02-01, end: 2027-02-28}

Each change makes a new :class:`~turnus.domain.Scenario` through validated construction
(``replace``), so a variant is checked exactly like a scenario file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Self

from pydantic import Field, ValidationError, field_validator, model_validator

from turnus.domain import (
    Employee,
    Id,
    Period,
    Role,
    Scenario,
    StaffingLine,
    TurnusModel,
)
from turnus.exceptions import InputError, Problem
from turnus.instance import MAX_HISTORY_DAYS, Instance
from turnus.io.pay import load_pay
from turnus.io.scenario_file import (
    deep_merge,
    load_profile,
    parse_scenario,
    problems_from,
    read_with_extends,
    read_yaml,
)
from turnus.metrics.cost import PayRates

BASE_NAME = "Grunnlag"


class StaffProfile(TurnusModel):
    """``count`` new people alike, with ids ``id_prefix1``, ``id_prefix2`` ... not yet taken.

    ``weekly_hours`` defaults to the most common weekly hours among the office's staff.
    """

    count: int = Field(default=1, ge=0, le=500)
    id_prefix: Id = "NY"
    name: str = "Ny"
    position_pct: float = Field(default=100, gt=0, le=100)
    weekly_hours: float | None = Field(default=None, gt=0, le=60)
    role: Role = Role.AUTHORISED
    competences: dict[Id, str] = Field(default_factory=dict)
    shift_types: tuple[Id, ...] | None = None
    nights: bool = False
    hourly_wage: float | None = Field(default=None, ge=0)

    def employees(self, scenario: Scenario, count: int | None = None) -> list[Employee]:
        """The new people for ``scenario``, with ids that do not clash with its staff."""
        taken = {e.id for e in scenario.employees}
        hours = self.weekly_hours or _usual_weekly_hours(scenario)
        found: list[Employee] = []
        number = 0
        while len(found) < (self.count if count is None else count):
            number += 1
            employee_id = f"{self.id_prefix}{number}"
            if employee_id in taken:
                continue
            found.append(
                Employee(
                    id=employee_id,
                    name=f"{self.name} {number}",
                    position_pct=self.position_pct,
                    weekly_hours=hours,
                    role=self.role,
                    competences=self.competences,
                    shift_types=self.shift_types,
                    nights=self.nights,
                    hourly_wage=self.hourly_wage,
                )
            )
        return found


def _usual_weekly_hours(scenario: Scenario) -> float:
    counts = Counter(e.weekly_hours for e in scenario.employees)
    return counts.most_common(1)[0][0] if counts else Employee.model_fields["weekly_hours"].default


class StaffingScale(TurnusModel):
    """Multiply the staffing plan's head-counts by ``factor`` (rounded half up), optionally
    only for some shifts, tasks or day selectors (``weekday``, ``saturday`` ...)."""

    factor: float = Field(gt=0, le=10)
    shifts: tuple[Id, ...] | None = None
    tasks: tuple[Id, ...] | None = None
    days: tuple[str, ...] | None = None

    def applies(self, line: StaffingLine) -> bool:
        return (
            (self.shifts is None or line.shift in self.shifts)
            and (self.tasks is None or line.task in self.tasks)
            and (self.days is None or line.day in self.days)
        )

    def scale(self, line: StaffingLine) -> StaffingLine:
        if not self.applies(line):
            return line
        low = _round(line.min * self.factor)
        target = None if line.target is None else max(low, _round(line.target * self.factor))
        top = None if line.max is None else max(low, target or 0, _round(line.max * self.factor))
        return line.replace(min=low, target=target, max=top)


def _round(value: float) -> int:
    return math.floor(value + 0.5)


class VariantSpec(TurnusModel):
    """A named variant: changes applied to the base scenario in the order listed here.

    ``overrides`` is merged into the scenario's fields last, as ``extends:`` would.
    """

    name: str = Field(min_length=1, max_length=60)
    description: str = ""
    period: Period | None = None
    profile: str | None = None
    remove_staff: tuple[Id, ...] = ()
    add_staff: tuple[StaffProfile, ...] = ()
    staffing: tuple[StaffingLine, ...] = ()
    """Lines that replace the base line for the same day, shift, task and period, or are added."""
    scale_staffing: StaffingScale | None = None
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Rule overrides by rule name, merged into the scenario's own (e.g. a new weight)."""
    overrides: dict[str, Any] = Field(default_factory=dict)

    @field_validator("scale_staffing", mode="before")
    @classmethod
    def _bare_factor(cls, value: Any) -> Any:
        return {"factor": value} if isinstance(value, int | float) else value


class ComparisonFile(TurnusModel):
    """A comparison file: the base scenario and its variants."""

    name: str = ""
    base: str = Field(min_length=1)
    """The base scenario file, relative to the comparison file."""
    include_base: bool = True
    base_name: str = Field(default=BASE_NAME, min_length=1, max_length=60)
    variants: tuple[VariantSpec, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        names = [self.base_name] if self.include_base else []
        names += [v.name for v in self.variants]
        if not names:
            raise ValueError("list at least one variant, or set include_base: true")
        repeated = sorted(n for n, c in Counter(names).items() if c > 1)
        if repeated:
            raise ValueError(f"variant names must be unique; repeated: {', '.join(repeated)}")
        return self


@dataclass(frozen=True)
class Variant:
    """A scenario ready to solve, with its profile's rules and pay rates resolved."""

    name: str
    scenario: Scenario
    profile: dict[str, dict[str, Any]]
    pay: PayRates
    source: str
    description: str = ""

    def instance(self) -> Instance:
        return Instance.build(self.scenario, self.profile, source=self.source)


# -- applying changes ---------------------------------------------------------------------------


def apply_variant(base: Scenario, spec: VariantSpec) -> tuple[Scenario, list[Problem]]:
    """The base scenario with the variant's changes; problems are located within the spec."""
    problems: list[Problem] = []
    data = base.model_dump()
    if spec.period is not None:
        data = _with_period(data, spec.period)
    if spec.profile is not None:
        data["profile"] = spec.profile
    if spec.remove_staff:
        data = _without_staff(data, spec.remove_staff, problems)
    scenario = _validated(data, problems, ())
    if scenario is None:
        return base, problems
    added = [e for profile in spec.add_staff for e in profile.employees(scenario)]
    # Profiles after the first must not reuse the ids the first one took.
    added = _unique_ids(scenario, added)
    staffing = _set_lines(scenario.staffing, spec.staffing)
    if spec.scale_staffing is not None:
        staffing = tuple(spec.scale_staffing.scale(line) for line in staffing)
    data = scenario.model_dump()
    data["employees"] = [*data["employees"], *(e.model_dump() for e in added)]
    data["staffing"] = [line.model_dump() for line in staffing]
    data["rules"] = deep_merge(data["rules"], spec.rules)
    data = deep_merge(data, spec.overrides)
    result = _validated(data, problems, ("overrides",) if spec.overrides else ())
    return (result or base), problems


def _validated(data: dict[str, Any], problems: list[Problem], loc: tuple[str, ...]) -> Any:
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        problems += [
            Problem((*loc, *p.location), p.message) for p in problems_from(error, Scenario)
        ]
        return None


def _with_period(data: dict[str, Any], period: Period) -> dict[str, Any]:
    """A new period; wishes and fixed shifts outside it and history too old are dropped."""
    inside = lambda d: period.start <= d <= period.end  # noqa: E731
    earliest = period.start - dt.timedelta(days=MAX_HISTORY_DAYS)
    return data | {
        "period": period.model_dump(),
        "wishes": [w for w in data["wishes"] if inside(w["date"])],
        "fixed": [f for f in data["fixed"] if inside(f["date"])],
        "history": [h for h in data["history"] if earliest <= h["date"] < period.start],
    }


PERSON_LISTS = ("supervisors", "mentors", "employees")
"""Fields of scenario records that list people, cleaned when staff are removed."""


def _without_staff(
    data: dict[str, Any], ids: Sequence[str], problems: list[Problem]
) -> dict[str, Any]:
    """Staff removed, with every record about them (absences, wishes, training plans ...) and
    their names taken out of others' lists (a trainee's supervisors, a plan's mentors ...)."""
    known = {e["id"] for e in data["employees"]}
    for j, employee_id in enumerate(ids):
        if employee_id not in known:
            hint = ", ".join(sorted(known)[:12])
            problems.append(
                Problem(("remove_staff", j), f"unknown employee '{employee_id}'; known: {hint}")
            )
    gone = set(ids)
    cleaned = dict(data)
    for section, items in data.items():
        if not isinstance(items, list | tuple):
            continue
        cleaned[section] = [
            _without_people(item, gone) for item in items if not _about(section, item, gone)
        ]
    return cleaned


def _about(section: str, item: Any, gone: set[str]) -> bool:
    """Whether a record is one of the removed people or about one of them."""
    if not isinstance(item, dict):
        return False
    who = item.get("id") if section == "employees" else item.get("employee")
    return who in gone


def _without_people(item: Any, gone: set[str]) -> Any:
    if not isinstance(item, dict):
        return item
    return item | {
        key: [p for p in item[key] if p not in gone]
        for key in PERSON_LISTS
        if isinstance(item.get(key), list | tuple)
    }


def _unique_ids(scenario: Scenario, added: list[Employee]) -> list[Employee]:
    taken = {e.id for e in scenario.employees}
    unique = []
    for employee in added:
        new_id, number = employee.id, 1
        while new_id in taken:
            number += 1
            new_id = f"{employee.id}-{number}"
        taken.add(new_id)
        unique.append(employee if new_id == employee.id else employee.replace(id=new_id))
    return unique


def _line_key(line: StaffingLine) -> tuple[str, str, str, str | None]:
    return line.day, line.shift, line.task, line.period


def _set_lines(
    lines: tuple[StaffingLine, ...], changes: tuple[StaffingLine, ...]
) -> tuple[StaffingLine, ...]:
    changed = {_line_key(line): line for line in changes}
    kept = [changed.pop(_line_key(line), line) for line in lines]
    return (*kept, *changed.values())


def derive(variant: Variant, name: str | None = None, **changes: Any) -> Variant:
    """``variant`` with the changes of a :class:`VariantSpec` (e.g. ``period=...``) applied.

    The rule profile stays the variant's own (a ``profile`` change needs a comparison file).
    """
    spec = VariantSpec.model_validate({"name": name or variant.name, **changes})
    if spec.profile is not None:
        raise ValueError("derive keeps the rule profile; change it in a comparison file")
    scenario, problems = apply_variant(variant.scenario, spec)
    if problems:
        raise InputError(f"{variant.source} (variant '{spec.name}')", problems)
    derived = replace(variant, name=spec.name, scenario=scenario)
    derived.instance()  # cross-references, as for a variant read from a file
    return derived


def with_added_staff(variant: Variant, profile: StaffProfile, count: int) -> Variant:
    """``variant`` with ``count`` more people of ``profile`` (the staffing search's step)."""
    scenario = variant.scenario
    added = profile.employees(scenario, count)
    scenario = scenario.replace(employees=(*scenario.employees, *added))
    return Variant(f"+{count}", scenario, variant.profile, variant.pay, variant.source)


# -- reading files ------------------------------------------------------------------------------


def is_comparison(data: dict[str, Any]) -> bool:
    return "variants" in data or ("base" in data and "employees" not in data)


def load_variants(paths: Sequence[Path]) -> list[Variant]:
    """Variants from scenario files (one each) and comparison files (base and variants)."""
    variants: list[Variant] = []
    for path in map(Path, paths):
        data = read_yaml(path) if path.suffix.lower() in (".yaml", ".yml") else {}
        if is_comparison(data):
            variants += _comparison_variants(path, data)
        else:
            variants.append(_scenario_variant(path))
    return _unique_names(variants)


def _scenario_variant(path: Path) -> Variant:
    from turnus.io.scenario_file import load_scenario

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from turnus.io.workbook_in import read_scenario_workbook

        scenario = read_scenario_workbook(path)
    else:
        scenario = load_scenario(path)
    return _resolved(scenario.name or path.stem, scenario, path.parent, str(path))


def _resolved(
    name: str, scenario: Scenario, base_dir: Path, source: str, description: str = ""
) -> Variant:
    profile = load_profile(scenario.profile, base_dir)
    pay = load_pay(scenario.profile, base_dir)
    variant = Variant(name, scenario, profile, pay, source, description)
    variant.instance()  # check every cross-reference now, not in a worker
    return variant


def _comparison_variants(path: Path, data: dict[str, Any]) -> list[Variant]:
    source = str(path)
    try:
        spec = ComparisonFile.model_validate(data)
    except ValidationError as error:
        raise InputError(source, problems_from(error, ComparisonFile)) from None
    base_path = (path.parent / spec.base).resolve()
    if not base_path.is_file():
        raise InputError(
            source,
            [Problem(("base",), f"scenario file '{spec.base}' not found next to this file")],
        )
    base = parse_scenario(read_with_extends(base_path), str(base_path))
    variants = []
    if spec.include_base:
        variants.append(_resolved(spec.base_name, base, base_path.parent, str(base_path)))
    for i, variant_spec in enumerate(spec.variants):
        scenario, problems = apply_variant(base, variant_spec)
        label = f"{source} (variant '{variant_spec.name}')"
        if problems:
            raise InputError(
                label, [Problem(("variants", i, *p.location), p.message) for p in problems]
            )
        # Cross-reference problems are located in the variant's resulting scenario.
        variants.append(
            _resolved(
                variant_spec.name, scenario, base_path.parent, label, variant_spec.description
            )
        )
    return variants


def _unique_names(variants: list[Variant]) -> list[Variant]:
    seen: Counter[str] = Counter()
    unique = []
    for variant in variants:
        seen[variant.name] += 1
        if seen[variant.name] > 1:
            variant = replace(variant, name=f"{variant.name} ({seen[variant.name]})")
        unique.append(variant)
    return unique


# -- the staffing search's --add option -----------------------------------------------------------

PROFILE_KEYS = {
    "pct": "position_pct",
    "hours": "weekly_hours",
    "shifts": "shift_types",
    "wage": "hourly_wage",
    "id": "id_prefix",
}
"""Short names accepted in ``--add`` besides the fields' own names."""


def parse_staff_profile(text: str, base_dir: Path = Path()) -> StaffProfile:
    """A :class:`StaffProfile` from ``--add``: a YAML file, or ``key=value`` pairs.

    Pairs are separated by commas; lists (competences, shift types) by ``+``, and a
    competence's level follows a colon (``competent`` when left out), e.g.
    ``pct=80,role=authorised,competences=ekspedisjon:expert+skriv,shifts=D+A,nights=no``.
    """
    source = f"--add {text}"
    path = base_dir / text
    if text.endswith((".yaml", ".yml")):
        data, source = read_yaml(path), str(path)
    else:
        data = _profile_pairs(text, source)
    try:
        return StaffProfile.model_validate({"count": 1, **data})
    except ValidationError as error:
        raise InputError(source, problems_from(error, StaffProfile)) from None


def _profile_pairs(text: str, source: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = (s.strip() for s in part.partition("="))
        if not sep:
            raise InputError(source, [Problem((), f"'{part}' is not key=value; see --help")])
        key = PROFILE_KEYS.get(key, key)
        if key == "competences":
            levels = (c.partition(":") for c in value.split("+") if c)
            data[key] = {c.strip(): (level.strip() or "competent") for c, _, level in levels}
        elif key == "shift_types":
            data[key] = [s.strip() for s in value.split("+") if s.strip()]
        elif key == "nights":
            data[key] = value.lower() in ("yes", "ja", "true", "1")
        else:
            data[key] = value
    return data
