"""Reading a scenario from a planner's workbook, with every problem named by sheet and cell.

The sheets and columns are those of :mod:`turnus.io.columns` (see there for the mapping), found
by name in any order and any case; hidden sheets are read like others. Above the header row and
between data rows, blank rows are skipped; rows whose filled cells all start with ``# `` are
notes. Extra columns and sheets are ignored with a warning. Cell values are read as
:mod:`turnus.io.cells` describes; formulas give their saved values and are never evaluated.

All problems are collected and raised at once as an :class:`InputError` whose problems carry
``where`` (``Employees!C7``). First come problems of cells and of single records; when there are
none, references between sheets and the rules are checked against the profile.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from turnus.domain import Scenario
from turnus.exceptions import InputError, Location, Problem
from turnus.instance import check_references, resolve_rules
from turnus.io.cells import is_blank, read_cell
from turnus.io.columns import (
    LEVEL_COLUMNS,
    MAX_ROWS,
    NOTE_MARK,
    RULES,
    SETTINGS,
    Column,
    SheetSpec,
    normalise,
    record_child,
    workbook_layout,
)
from turnus.io.safety import open_workbook
from turnus.io.scenario_file import load_profile, problems_from

IGNORED_SHEETS = ("guide", "readme", "lesmeg", "info")
HEADER_SEARCH_ROWS = 20


class WorkbookWarning(UserWarning):
    """Something in a workbook that was ignored: an extra column or sheet."""


@dataclass(frozen=True)
class Place:
    """A row of a sheet, and the column letter of each of its fields."""

    sheet: str
    row: int
    columns: dict[str, str]
    default: str | None = None
    """The column meant when a problem names the row without a field."""
    label: str | None = None
    """What to put before a message about this row (a setting's name)."""

    def cell(self, name: str | None) -> str:
        letter = self.columns.get(name or "") or (self.columns.get(self.default or ""))
        return f"{self.sheet}!{letter}{self.row}" if letter else f"{self.sheet} row {self.row}"


@dataclass
class Locator:
    """Where in the workbook each part of the scenario came from."""

    rows: dict[Location, Place] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    """Section -> the title of the sheet it was read from."""

    def where(self, loc: Location, message: str = "") -> tuple[str, str | None]:
        """``Employees!C7`` for a field, ``Employees row 7`` for a record, else the sheet;
        and the column's name when a cell is meant."""
        for n in range(len(loc), 0, -1):
            place = self.rows.get(loc[:n])
            if place is None:
                continue
            rest = [p for p in loc[n:] if isinstance(p, str)]
            for k in range(len(rest), 0, -1):
                if ".".join(rest[:k]) in place.columns:
                    return place.cell(".".join(rest[:k])), ".".join(rest[:k])
            if rest == ["[key]"]:
                name = list(place.columns)[1]
                return place.cell(name), name
            mentioned = [c for c in place.columns if f" {c} " in f" {message} "]
            return place.cell(mentioned[0] if mentioned else place.default), place.label
        section = str(loc[0]) if loc else ""
        return self.sheets.get(section, ""), None

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """The problems with ``where`` filled in, and the column's name before the message."""
        located = []
        for problem in problems:
            where, column = self.where(problem.location, problem.message)
            message = problem.message
            if column and column not in message:
                message = f"{column}: {message}"
            located.append(Problem(problem.location, message, problem.where or where))
        return located


@dataclass
class WorkbookScenario:
    """A scenario read from a workbook, where each part came from, and what was ignored."""

    scenario: Scenario
    locator: Locator
    warnings: list[Problem]


# -- reading sheets ------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row: its number, the values read (by column name) and their column letters."""

    number: int
    values: dict[str, Any]
    letters: dict[str, str]


@dataclass
class SheetRead:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _text(cell: Any) -> str:
    return "" if is_blank(cell.value) else str(cell.value).strip()


def _is_note(cells: tuple[Any, ...]) -> bool:
    filled = [c.value for c in cells if not is_blank(c.value)]
    return all(isinstance(v, str) and v.lstrip().startswith(NOTE_MARK) for v in filled)


def _header_row(sheet: Worksheet, names: set[str]) -> int | None:
    """The first row naming a known column (so a title above it is skipped), else the first
    filled row."""
    first = None
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, HEADER_SEARCH_ROWS)):
        if any(normalise(c.value) in names for c in row if isinstance(c.value, str)):
            return row[0].row
        if first is None and any(_text(c) for c in row) and not _is_note(row):
            first = row[0].row
    return first


def _last_filled_row(sheet: Worksheet) -> int:
    """The last row with a value: formatted empty rows below it are not read (it is slow)."""
    cells = getattr(sheet, "_cells", None)  # openpyxl's own store; max_row counts formats too
    if not isinstance(cells, dict):
        return sheet.max_row
    return max((row for (row, _), cell in cells.items() if not is_blank(cell.value)), default=0)


def read_sheet(
    sheet: Worksheet, columns: tuple[Column, ...], extra: tuple[str, ...] = ()
) -> SheetRead:
    """Rows of a sheet by header name; ``extra`` are headers known but not read."""
    found = SheetRead()
    by_name = {normalise(c.name): c for c in columns}
    header = _header_row(sheet, set(by_name))
    if header is None:
        return found
    index: dict[int, Column] = {}
    for cell in sheet[header]:
        name = _text(cell)
        if not name:
            continue
        column = by_name.get(normalise(name))
        where = f"{sheet.title}!{cell.coordinate}"
        if column is None:
            if normalise(name) not in extra:
                found.warnings.append(
                    Problem((), f"column '{name}' is not part of the scenario; ignored", where)
                )
        elif column in index.values():
            found.problems.append(Problem((), f"column '{name}' appears twice", where))
        else:
            index[cell.column] = column
    if _last_filled_row(sheet) - header > MAX_ROWS:
        found.problems.append(
            Problem((), f"more than {MAX_ROWS} rows; is this the right sheet?", sheet.title)
        )
        return found
    for cells in sheet.iter_rows(min_row=header + 1, max_row=_last_filled_row(sheet)):
        if all(is_blank(c.value) for c in cells if c.column in index) or _is_note(cells):
            continue  # blank, a note, or filled only in ignored columns
        found.rows.append(_read_row(sheet.title, cells, index, found.problems))
    missing = [c.name for c in columns if c.required and c not in index.values()]
    if missing and found.rows:
        found.problems.append(
            Problem(
                (), f"missing column(s) {', '.join(missing)}", f"{sheet.title}!{header}:{header}"
            )
        )
    return found


def _read_row(
    title: str, cells: tuple[Any, ...], index: dict[int, Column], problems: list[Problem]
) -> Row:
    row = Row(cells[0].row, {}, {})
    for cell in cells:
        column = index.get(cell.column)
        if column is None:
            continue
        row.letters[column.name] = get_column_letter(cell.column)
        if cell.data_type == "e":
            problems.append(
                Problem((), f"{column.name}: the formula gives the error {cell.value}",
                        f"{title}!{cell.coordinate}")
            )  # fmt: skip
            continue
        if is_blank(cell.value):
            if column.blank_is_none:
                row.values[column.name] = None
            continue
        try:
            row.values[column.name] = read_cell(cell.value, column, cell.number_format)
        except ValueError as error:
            problems.append(Problem((), f"{column.name}: {error}", f"{title}!{cell.coordinate}"))
    return row


# -- from rows to scenario data ------------------------------------------------------------------


def _set(record: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        record = record.setdefault(part, {})
    record[path[-1]] = value


class _Assembler:
    """Builds the scenario's data from the sheets, recording where each part came from."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.locator = Locator()
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, int]] = {}
        """Section -> id -> index of the record, for child sheets."""

    def settings(self, spec: SheetSpec, read: SheetRead, title: str) -> None:
        settings = {normalise(c.name): c for c in spec.columns}
        for row in read.rows:
            name = row.values.get("setting")
            column = settings.get(normalise(name))
            if column is None:
                letter = row.letters.get("setting", "A")
                known = ", ".join(c.name for c in spec.columns)
                self.problems.append(
                    Problem(
                        (),
                        f"unknown setting '{name}'; known: {known}",
                        f"{title}!{letter}{row.number}",
                    )
                )
                continue
            self.locator.rows.setdefault(column.path[:1], Place(title, row.number, {}))
            self.locator.rows[column.path] = Place(
                title,
                row.number,
                {column.name: row.letters.get("value", "B")},
                column.name,
                label=column.name,
            )
            raw = row.values.get("value")
            if len(column.path) > 1:  # so a blank period.start is missing, not all of period
                self.data.setdefault(column.path[0], {})
            if raw is None:
                continue
            try:
                _set(self.data, column.path, read_cell(raw, column))
            except ValueError as error:
                where = f"{title}!{row.letters.get('value', 'B')}{row.number}"
                self.problems.append(Problem((), f"{column.name}: {error}", where))

    def table(self, spec: SheetSpec, read: SheetRead, title: str) -> None:
        records = self.data.setdefault(spec.section, [])
        ids = self.ids.setdefault(spec.section, {})
        for row in read.rows:
            record: dict[str, Any] = {}
            for column in spec.columns:
                if column.name in row.values:
                    _set(record, column.path, row.values[column.name])
            if "id" in record and isinstance(record["id"], str):
                ids.setdefault(record["id"], len(records))
            self.locator.rows[(spec.section, len(records))] = Place(title, row.number, row.letters)
            records.append(record)

    def child(self, spec: SheetSpec, read: SheetRead, title: str) -> None:
        parent, name = spec.parent or "", spec.field or ""
        parents = self.data.get(parent, [])
        ids = self.ids.get(parent, {})
        for row in read.rows:
            owner = row.values.get(spec.parent_column or "")
            if owner not in ids:
                letter = row.letters.get(spec.parent_column or "", "A")
                known = ", ".join(list(ids)[:12])
                self.problems.append(
                    Problem((), f"{spec.parent_column}: unknown id '{owner}' (not in the sheet "
                            f"{self.locator.sheets.get(parent, parent)}); known: {known}",
                            f"{title}!{letter}{row.number}")
                )  # fmt: skip
                continue
            record = parents[ids[owner]]
            if spec.is_dict:
                self._dict_entry(
                    spec, row, title, (parent, ids[owner], name), record.setdefault(name, {})
                )
                continue
            children = record.setdefault(name, [])
            child: dict[str, Any] = {}
            for column in spec.columns[1:]:
                if column.name in row.values:
                    _set(child, column.path, row.values[column.name])
            self.locator.rows[(parent, ids[owner], name, len(children))] = Place(
                title, row.number, row.letters
            )
            children.append(child)

    def _dict_entry(
        self, spec: SheetSpec, row: Row, title: str, loc: Location, mapping: dict[str, Any]
    ) -> None:
        key_col, value_col = (c.name for c in spec.columns[1:3])
        key = row.values.get(key_col)
        if key is None or value_col not in row.values:
            missing = key_col if key is None else value_col
            where = Place(title, row.number, row.letters).cell(missing)
            self.problems.append(Problem((), f"{missing}: required, the cell is empty", where))
            return
        if key in mapping:
            self.problems.append(
                Problem(
                    (),
                    f"{key_col} '{key}' appears twice for this {spec.parent_column}",
                    f"{title}!{row.letters[key_col]}{row.number}",
                )
            )
            return
        mapping[key] = row.values[value_col]
        self.locator.rows[(*loc, key)] = Place(title, row.number, row.letters, value_col)

    def match_levels(self, layout: tuple[SheetSpec, ...]) -> None:
        """Competence levels as the scenario spells them (``Competent`` -> ``competent``)."""
        levels = self.data.get("levels") or Scenario.model_fields["levels"].default
        if not isinstance(levels, list | tuple):
            return
        spelled = {str(level).casefold(): level for level in levels}

        def match(value: Any) -> Any:
            return spelled.get(value.casefold(), value) if isinstance(value, str) else value

        for spec in layout:
            records = self.data.get(spec.parent or spec.section)
            if not isinstance(records, list):
                continue
            for record in records:
                if spec.is_dict and isinstance(record.get(spec.field), dict):
                    mapping = record[spec.field]
                    mapping.update({k: match(v) for k, v in mapping.items()})
                elif spec.parent is None:
                    record.update({c: match(record[c]) for c in LEVEL_COLUMNS if c in record})

    def rules(self, read: SheetRead, title: str) -> None:
        rules = self.data.setdefault(RULES, {})
        for row in read.rows:
            name = row.values.get("rule")
            if not isinstance(name, str) or not name:
                self.problems.append(
                    Problem((), "rule: give the rule's name", f"{title} row {row.number}")
                )
                continue
            settings = rules.setdefault(name, {})
            self.locator.rows.setdefault(
                (RULES, name), Place(title, row.number, row.letters, "rule")
            )
            setting = row.values.get("setting")
            if setting is None:
                continue
            path = tuple(str(setting).split("."))
            self.locator.rows[(RULES, name, *path)] = Place(
                title, row.number, row.letters, "value"
            )
            try:
                _set(settings, path, row.values.get("value"))
            except TypeError:  # 'weights' given a value, then 'weights.nights' too
                where = Place(title, row.number, row.letters).cell("setting")
                self.problems.append(
                    Problem((), f"setting '{setting}' clashes with one above", where)
                )


# -- the workbook --------------------------------------------------------------------------------


def _match_sheets(
    book: Any, layout: tuple[SheetSpec, ...]
) -> tuple[dict[str, Worksheet], list[Problem]]:
    names = {}
    for spec in layout:
        names[normalise(spec.title)] = spec
        names[normalise(spec.section.replace(".", "_"))] = spec
    found: dict[str, Worksheet] = {}
    ignored = []
    for sheet in book.worksheets:
        spec = names.get(normalise(sheet.title))
        if spec is None or spec.section in found:
            if normalise(sheet.title) not in IGNORED_SHEETS:
                ignored.append(
                    Problem((), "sheet is not part of a scenario; ignored", sheet.title)
                )
            continue
        found[spec.section] = sheet
    return found, ignored


def read_workbook(path: str | Path, check: bool = True) -> WorkbookScenario:
    """The scenario in a workbook; raise :class:`InputError` with every problem found.

    With ``check``, references between sheets and the rules (against the scenario's profile,
    looked up next to the workbook) are checked too, so their problems also name cells.
    """
    path = Path(path)
    book = open_workbook(path)
    layout = workbook_layout()
    sheets, ignored = _match_sheets(book, layout)
    assembler = _Assembler()
    warned = list(ignored)
    for spec in layout:
        sheet = sheets.get(spec.section)
        if sheet is None:
            continue
        assembler.locator.sheets[spec.section] = sheet.title
        if spec.section == SETTINGS:
            columns = (Column("setting", (), "text"), Column("value", (), "text"))
            read = read_sheet(sheet, columns, extra=("explanation",))
        else:
            read = read_sheet(sheet, spec.columns)
        warned += read.warnings
        assembler.problems += read.problems
        if spec.section == SETTINGS:
            assembler.settings(spec, read, sheet.title)
        elif spec.section == RULES:
            assembler.rules(read, sheet.title)
        elif spec.parent is None:
            assembler.table(spec, read, sheet.title)
        else:
            assembler.child(spec, read, sheet.title)
    assembler.match_levels(layout)
    scenario, problems = _validate(assembler, layout)
    if check:
        problems += _check(path, assembler, scenario)
    if problems or scenario is None:
        order = {sheet.title: i for i, sheet in enumerate(book.worksheets)}
        raise InputError(str(path), sorted(problems, key=lambda p: _reading_order(p, order)))
    return WorkbookScenario(scenario, assembler.locator, warned)


def _reading_order(problem: Problem, sheets: dict[str, int]) -> tuple[int, int, int, str]:
    """Problems sheet by sheet, row by row, column by column."""
    match = re.match(r"^(.*?)(?:!([A-Z]+)(\d+)| row (\d+))?$", problem.where)
    if match is None:
        return (len(sheets), 0, 0, problem.where)
    sheet, letters, row, whole_row = match.groups()
    column = column_index_from_string(letters) if letters else 0
    return (sheets.get(sheet, len(sheets)), int(row or whole_row or 0), column, problem.message)


def _validate(
    assembler: _Assembler, layout: tuple[SheetSpec, ...]
) -> tuple[Scenario | None, list[Problem]]:
    """The scenario if valid, and the problems of cells and records."""
    problems = list(assembler.problems)
    reported = {p.where for p in problems}
    try:
        scenario = Scenario.model_validate(assembler.data)
    except ValidationError as error:
        for problem in assembler.locator.locate(problems_from(error, Scenario)):
            if problem.where not in reported:  # else the cell could not be read: said already
                problems.append(_missing_sheet(problem, assembler.locator, layout))
        return None, problems
    return scenario, problems


def _missing_sheet(problem: Problem, locator: Locator, layout: tuple[SheetSpec, ...]) -> Problem:
    """'required field is missing' for a whole section or setting, in words for planners."""
    if problem.where or not problem.message.endswith("required field is missing"):
        return problem
    section = str(problem.location[0]) if problem.location else ""
    spec = next((s for s in layout if s.section == section), None)
    if spec is not None:
        return Problem(problem.location, f"the sheet {spec.title} is missing; add it", spec.title)
    name = ".".join(str(p) for p in problem.location)
    title = locator.sheets.get(SETTINGS, "Settings")
    return Problem(problem.location, f"setting {name} is missing; add a row '{name}'", title)


def _check(path: Path, assembler: _Assembler, scenario: Scenario | None) -> list[Problem]:
    """Problems of references between sheets and of rule settings, named by cell.

    When some records are invalid (reported already), the others are still checked; references
    to the ids of invalid records are not reported again.
    """
    locator, data = assembler.locator, assembler.data
    invalid: set[str] = set()
    positions: dict[str, list[int]] = {}
    if scenario is None:
        scenario, positions, invalid = _valid_part(data)
    problems: list[Problem] = []
    try:
        profile = load_profile(scenario.profile, path.parent)
    except InputError as error:
        problems += locator.locate(list(error.problems))
        profile = {}
    rules = data.get(RULES)
    if isinstance(rules, dict) and all(isinstance(v, dict) for v in rules.values()):
        problems += locator.locate(resolve_rules(profile, rules)[1])
    for problem in check_references(scenario):
        loc = problem.location
        if loc[:1] and str(loc[0]) in positions and len(loc) > 1 and isinstance(loc[1], int):
            loc = (loc[0], positions[str(loc[0])][loc[1]], *loc[2:])
        moved = Problem(loc, problem.message)
        if not _about_invalid(moved, data, invalid):
            problems += locator.locate([moved])
    return problems


def _valid_part(data: dict[str, Any]) -> tuple[Scenario, dict[str, list[int]], set[str]]:
    """A scenario of the valid records (positions kept), and the ids of the invalid ones."""
    fallback: dict[str, Any] = {
        "name": "-",
        "period": {"start": "2000-01-01", "end": "2000-01-01"},
    }
    sections: dict[str, Any] = {}
    invalid: set[str] = set()
    for name in Scenario.model_fields:
        model = record_child(Scenario, name)
        records = data.get(name)
        if model is None or not isinstance(records, list):
            continue
        sections[name] = []
        for record in records:
            try:
                sections[name].append(model.model_validate(record))
            except ValidationError:
                sections[name].append(None)
                if isinstance(record, dict) and isinstance(record.get("id"), str):
                    invalid.add(record["id"])
    settings = {k: v for k, v in data.items() if k not in sections and k != RULES}
    try:
        base = Scenario.model_validate(settings | {k: () for k in sections})
    except ValidationError:
        base = Scenario.model_validate(fallback | {k: () for k in sections})
        sections.pop("history", None)  # its dates cannot be judged without a period
    kept = {k: tuple(r for r in v if r is not None) for k, v in sections.items()}
    positions = {k: [i for i, r in enumerate(v) if r is not None] for k, v in sections.items()}
    return Scenario.model_validate(dict(base) | kept), positions, invalid


def _about_invalid(problem: Problem, data: dict[str, Any], invalid: set[str]) -> bool:
    """Whether a reference problem names the id of a record reported invalid already."""
    if not invalid:
        return False
    value: Any = data
    for part in problem.location:
        in_list = isinstance(value, list) and isinstance(part, int) and part < len(value)
        if not (in_list or (isinstance(value, dict) and part in value)):
            break
        value = value[part]
    named = {*(value if isinstance(value, list) else [value]), problem.location[-1]}
    return bool(named & invalid)


def read_scenario_workbook(path: str | Path) -> Scenario:
    """The scenario in a workbook; what was ignored is issued as :class:`WorkbookWarning`."""
    result = read_workbook(path)
    for problem in result.warnings:
        warnings.warn(str(problem), WorkbookWarning, stacklevel=2)
    return result.scenario
