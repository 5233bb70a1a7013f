"""Sheet and column names of the scenario workbook, in one place, derived from ``domain.py``.

How a :class:`~turnus.domain.Scenario` maps onto sheets (so new sections need no code here):

* a scenario field holding a tuple of records (``employees``, ``staffing`` ...) is a sheet with
  one row per record and one column per field of the record;
* a record field holding a tuple of records (``ShiftType.periods``) is a *child* sheet whose
  first column names the parent's id (``TaskPeriods``: ``shift, id, start, end``);
* a record field holding a mapping named in :data:`CHILD_DICTS` (``Employee.competences``) is a
  child sheet of ``parent, key, value`` rows (``EmployeeCompetences``: ``employee, competence,
  level``); other mappings are one cell ``key=value, key=value`` (``max_shifts``: ``N=0, A=4``);
* a tuple of plain values is one cell, comma separated; ``-`` is an empty list;
* a field of a nested record is a dotted column (``period.start``);
* every other scenario field is a row of the ``Settings`` sheet (``setting, value``);
* ``rules`` is the ``Rules`` sheet: ``rule, setting, value`` rows, nested settings dotted
  (``fairness | weights.weekends | 10``).

Sheet names come from :data:`SHEET_NAMES`, else from the field name (``training_plans`` ->
``TrainingPlans``). Column headers are the field names. Explanations come from :data:`HELP`
(by field name), else from the field's description, and always say the format and the default.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from turnus.domain import DAY_SELECTORS, Scenario

SETTINGS = "settings"
RULES = "rules"

SHEET_NAMES = {
    SETTINGS: "Settings",
    "shift_types": "ShiftTypes",
    "shift_types.periods": "TaskPeriods",
    "competences": "Competences",
    "tasks": "Tasks",
    "employees": "Employees",
    "employees.competences": "EmployeeCompetences",
    "staffing": "Staffing",
    "absences": "Absences",
    "fixed": "Fixed",
    "wishes": "Wishes",
    "history": "History",
    RULES: "Rules",
}
"""Sheet name of each section; a child section is ``parent.field``."""

CHILD_DICTS = {"employees.competences": ("competence", "level")}
"""Mappings written as child sheets: section -> (key column, value column)."""

REFERENCES = {
    "employee": "employees",
    "supervisor": "employees",
    "mentor": "employees",
    "shift": "shift_types",
    "task": "tasks",
    "competence": "competences",
}
"""Columns holding an id of another section, by column name (drop-downs of those ids)."""

LEVEL_COLUMNS = ("level", "min_level")
"""Columns holding a competence level (drop-down of the scenario's levels)."""

YES, NO = "yes", "no"
TRUE_WORDS = ("yes", "y", "ja", "j", "true", "sann", "x", "1")
FALSE_WORDS = ("no", "n", "nei", "false", "usann", "0")

DATE_FORMAT = "dd.mm.yyyy"
TIME_FORMAT = "hh:mm"
NOTE_MARK = "# "
"""Rows whose filled cells all start with this are notes, not data (ids hold no spaces, so a
record is never taken for a note)."""

MAX_ROWS = 20_000
"""Rows read from one sheet at most; a workbook with more is not a scenario."""

HELP = {
    "id": "Short id without spaces, unique in this sheet, e.g. E01",
    "name": "Name shown in rosters and reports",
    "office": "Name of the office or section",
    "locale": "Language of outputs: nb (norsk) or en",
    "profile": "Rule profile: aml (Arbeidsmiljøloven), dagtid, or a profile file",
    "period.start": "First day of the roster period",
    "period.end": "Last day of the roster period",
    "levels": "Competence levels, lowest first, comma separated",
    "start": "Start (date, or clock time for a shift)",
    "end": "End (date, or clock time; a shift ending at or before its start ends next day)",
    "paid_hours": "Paid hours of the shift, breaks deducted",
    "category": "day, evening or night; blank: from the clock times",
    "colour": "Colour in rosters, six hex digits, e.g. FFD966",
    "competence": "Competence id (sheet Competences)",
    "min_level": "Lowest competence level that may do the task",
    "unpopular": "yes if the task is unpopular and should be shared fairly",
    "position_pct": "Stillingsprosent, e.g. 80 % or 0.8",
    "weekly_hours": "Contract hours per week at 100 %, e.g. 35.5 or 37.5",
    "role": "authorised, secretary, new_hire, trainee or leader",
    "shift_types": "Shift codes this person may work, comma separated; blank: all",
    "nights": "yes if the person may work nights",
    "hourly_wage": "Hourly wage in NOK, for cost figures",
    "cover": "Fraction of a head counted toward staffing (0-1); blank: by role",
    "min_hours": "Fewest hours to plan in the period",
    "max_hours": "Most hours to plan in the period",
    "max_shifts": "Most shifts of a type in the period, e.g. N=0, A=4",
    "supervisors": "For trainees: ids of their supervisors, comma separated",
    "employee": "Employee id (sheet Employees)",
    "level": "Competence level",
    "day": "weekday, saturday, sunday, holiday, a weekday name, or a date",
    "shift": "Shift code (sheet ShiftTypes)",
    "task": "Task id (sheet Tasks)",
    "period": "Task period id of the shift (sheet TaskPeriods); blank: all",
    "min": "Fewest people needed",
    "target": "People wanted; blank: the minimum",
    "max": "Most people allowed; blank: no limit",
    "kind": "What kind",
    "from_time": "Only from this time of day; blank: whole days",
    "to_time": "Only until this time of day",
    "note": "Free text",
    "date": "Date",
    "priority": "1 (low) to 5 (high)",
    "rule": "Rule name from the profile, e.g. daily_rest",
    "setting": "Setting of the rule, e.g. min_hours, hard, weight; blank for none",
    "value": "New value",
}

Kind = Literal[
    "text", "int", "number", "percent", "bool", "date", "time", "choice", "list", "mapping", "any"
]


@dataclass(frozen=True)
class Column:
    """One column of a sheet (or one row of ``Settings``) and how its cells are read."""

    name: str
    path: tuple[str, ...]
    """Where the value goes in the record, e.g. ``("period", "start")``."""
    kind: Kind
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    item: Kind = "text"
    """Kind of the items of a list, or of the values of a mapping."""
    blank_is_none: bool = False
    """Whether a blank cell means None while the default is something else."""
    help: str = ""

    @property
    def reference(self) -> str | None:
        """The section whose ids this column holds, for drop-downs and hints."""
        return REFERENCES.get(self.name)

    def explanation(self) -> str:
        text = HELP.get(self.name) or HELP.get(".".join(self.path)) or self.help
        fmt = {
            "date": "date dd.mm.yyyy",
            "time": "time hh:mm",
            "bool": "yes/no",
            "percent": "percent",
            "int": "whole number",
            "number": "number",
            "list": "list, comma separated",
            "mapping": "key=value, comma separated",
        }.get(self.kind)
        if self.kind == "choice" and self.choices and len(self.choices) <= 9:
            fmt = "one of " + ", ".join(self.choices)
        parts = [text, fmt, "required" if self.required else _default_text(self.default)]
        return ". ".join(p[:1].upper() + p[1:] for p in parts if p)


def _default_text(default: Any) -> str:
    if default in (None, "", (), {}):
        return "optional"
    if isinstance(default, bool):
        return f"default {YES if default else NO}"
    if isinstance(default, Enum):
        return f"default {default.value}"
    if isinstance(default, tuple):
        return "default " + ", ".join(map(str, default))
    return f"default {default}"


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the workbook: a scenario section, or a child section of one."""

    section: str
    title: str
    columns: tuple[Column, ...]
    model: type[BaseModel] | None = None
    parent: str | None = None
    """For a child sheet, the parent section; its first column is the parent's id."""
    field: str | None = None
    """For a child sheet, the field of the parent record it fills."""

    @property
    def parent_column(self) -> str | None:
        return singular(self.parent) if self.parent else None

    @property
    def is_dict(self) -> bool:
        return self.section in CHILD_DICTS

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def singular(section: str) -> str:
    """``employees`` -> ``employee``, ``shift_types`` -> ``shift``: the parent column's name."""
    special = {"shift_types": "shift", "staffing": "staffing", "fixed": "fixed"}
    return special.get(section, section.removesuffix("s"))


def sheet_title(section: str) -> str:
    if section in SHEET_NAMES:
        return SHEET_NAMES[section]
    return "".join(part.title() for part in section.replace(".", "_").split("_"))[:31]


# -- deriving the layout from the pydantic models ------------------------------------------------


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Annotated`` and ``| None``, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return Any, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_kind(annotation: Any, name: str) -> tuple[Kind, tuple[str, ...]]:
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice", tuple(str(m.value) for m in annotation)
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return ("percent" if name.endswith("_pct") else "number"), ()
    if annotation is dt.date:
        return "date", ()
    if annotation is dt.time:
        return "time", ()
    if annotation is str:
        return "text", ()
    return "any", ()


def record_child(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    """The record type of a tuple-of-records field, else None."""
    annotation, _ = _unwrap(model.model_fields[field].annotation)
    if typing.get_origin(annotation) is tuple:
        item, _ = _unwrap(typing.get_args(annotation)[0])
        if _is_model(item):
            return item
    return None


def columns_of(
    model: type[BaseModel], section: str, prefix: tuple[str, ...] = ()
) -> tuple[list[Column], list[str]]:
    """Columns of a record's sheet, and the fields that become child sheets."""
    columns, children = [], []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        annotation, optional = _unwrap(info.annotation)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        common = {
            "path": path,
            "required": info.is_required(),
            "default": default,
            "help": info.description or "",
            "blank_is_none": optional and default is not None,
        }
        origin = typing.get_origin(annotation)
        dotted = ".".join(path)
        if _is_model(annotation):
            nested, _ = columns_of(annotation, section, path)
            columns += nested
        elif f"{section}.{name}" in CHILD_DICTS or record_child(model, name) is not None:
            children.append(name)
        elif origin is tuple:
            item, _ = _scalar_kind(_unwrap(typing.get_args(annotation)[0])[0], name)
            columns.append(Column(dotted, kind="list", item=item, **common))
        elif origin is dict:
            value_type = _unwrap(typing.get_args(annotation)[1])[0]
            item, _ = _scalar_kind(value_type, name)
            columns.append(Column(dotted, kind="mapping", item=item, **common))
        else:
            kind, choices = _scalar_kind(annotation, name)
            if name == "day" and kind == "text":
                choices = DAY_SELECTORS
            columns.append(Column(dotted, kind=kind, choices=choices, **common))
    return columns, children


def _child_spec(parent: str, parent_model: type[BaseModel], field: str) -> SheetSpec:
    section = f"{parent}.{field}"
    parent_col = Column(singular(parent), (), "text", required=True)
    if section in CHILD_DICTS:
        key, value = CHILD_DICTS[section]
        annotation, _ = _unwrap(parent_model.model_fields[field].annotation)
        value_kind, _ = _scalar_kind(_unwrap(typing.get_args(annotation)[1])[0], value)
        cols = (
            parent_col,
            Column(key, (), "text", required=True),
            Column(value, (), value_kind, required=True),
        )
        return SheetSpec(section, sheet_title(section), cols, None, parent, field)
    model = record_child(parent_model, field)
    assert model is not None
    columns, _ = columns_of(model, section)
    return SheetSpec(section, sheet_title(section), (parent_col, *columns), model, parent, field)


@cache
def workbook_layout(scenario: type[BaseModel] = Scenario) -> tuple[SheetSpec, ...]:
    """Every sheet of the scenario workbook, in the order written."""
    fields, sections = columns_of(scenario, SETTINGS)
    settings = [c for c in fields if c.path[0] != RULES]
    tables: list[SheetSpec] = []
    for name in sections:
        model = record_child(scenario, name)
        assert model is not None
        columns, children = columns_of(model, name)
        tables.append(SheetSpec(name, sheet_title(name), tuple(columns), model))
        tables += [_child_spec(name, model, child) for child in children]
    rules = SheetSpec(
        RULES,
        sheet_title(RULES),
        (
            Column("rule", (), "text", required=True),
            Column("setting", (), "text"),
            Column("value", (), "any"),
        ),
    )
    settings_spec = SheetSpec(SETTINGS, sheet_title(SETTINGS), tuple(settings))
    return (settings_spec, *_ordered(tables), rules)


def _ordered(tables: list[SheetSpec]) -> list[SheetSpec]:
    """Sections named in SHEET_NAMES in that order (a child after its parent), then the rest."""
    order = {name: float(i) for i, name in enumerate(SHEET_NAMES)}

    def key(spec: SheetSpec) -> float:
        if spec.section in order:
            return order[spec.section]
        return order.get(spec.parent or "", len(order)) + 0.5

    return sorted(tables, key=key)


def normalise(name: Any) -> str:
    """A header or sheet name compared loosely: case, spaces, dashes and underscores ignored."""
    text = str(name or "").strip().lower()
    return "".join(ch for ch in text if ch not in " _-")


# -- rosters kept by hand ------------------------------------------------------------------------

ROSTER_SHEETS = ("turnus", "roster", "vaktplan", "arbeidsplan")
"""Sheet names tried first for a roster grid (then every other sheet, in order)."""

OFF_CODES = ("f1", "f2", "f3", "f4", "f5", "fri", "x", "-", "/", "avsp", "off")
"""Grid codes for a day off (F1 ukefridag, F2 helgefri, F3 helgedagsfri, F4/avsp avspasering)."""

ABSENCE_CODES = {
    "fe": "vacation", "ferie": "vacation", "fer": "vacation",
    "s": "sick", "sm": "sick", "syk": "sick", "sykm": "sick", "egm": "sick",
    "p": "leave", "perm": "leave", "permisjon": "leave", "pm": "leave",
    "k": "course", "kurs": "course",
    "sk": "school", "skole": "school",
}  # fmt: skip
"""Grid codes for an absence, by :class:`~turnus.domain.AbsenceKind`, besides the codes turnus
writes itself (:data:`turnus.i18n.ABSENCE`: F ferie, S syk ...); shift codes win."""
