"""The scenario workbook for planners: one sheet per part of a scenario, explained, with
drop-downs, date and time formats; empty, or filled in from a scenario.

The layout comes from :mod:`turnus.io.columns`; :mod:`turnus.io.workbook_in` reads it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from turnus.domain import Scenario
from turnus.io.cells import write_cell
from turnus.io.columns import (
    LEVEL_COLUMNS,
    NO,
    NOTE_MARK,
    RULES,
    SETTINGS,
    YES,
    Column,
    SheetSpec,
    workbook_layout,
)

GUIDE = "Guide"
DATA_ROW = 3
"""First data row: row 1 holds the headers, row 2 the explanations."""
PREPARED_ROWS = 20
"""Empty rows below the data given date, time and percent formats, for planners to fill in."""
VALIDATED_ROWS = 500
"""Empty rows below the data given drop-downs (cheap: one range per column)."""

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NOTE_FONT = Font(italic=True, color="808080", size=9)
BOLD = Font(bold=True)
DEFAULT_LEVELS = ("learning", "competent", "expert")

GUIDE_TEXT = (
    "turnus scenario workbook",
    "",
    "One sheet per part of the scenario. Row 1 holds the column names (do not rename them);",
    f"row 2 explains each column. Rows whose filled cells all start with '{NOTE_MARK}' are notes.",
    "Blank rows are skipped; columns may be in any order; extra columns are ignored (warning).",
    "Dates: date cells or text 31.01.2027 / 2027-01-31. Times: time cells or text 07:30.",
    "Percentages: 80 %, 80 or 0.8. Yes/no: yes, no, ja, nei. Lists: comma separated.",
    "Formulas are allowed: their saved values are read (save the file in Excel/LibreOffice).",
    "Rules: override a rule of the profile, one setting per row (daily_rest | min_hours | 8).",
    "Use it: turnus solve FILE.xlsx; turnus convert FILE.xlsx FILE.yaml shows what was read.",
)


def write_template(path: str | Path, scenario: Scenario | None = None) -> None:
    """Write the scenario workbook to ``path``: empty, or filled in from ``scenario``."""
    book = Workbook()
    book.remove(book.active)
    levels = scenario.levels if scenario else DEFAULT_LEVELS
    layout = workbook_layout()
    for spec in layout:
        sheet = book.create_sheet(spec.title)
        if spec.section == SETTINGS:
            _settings_sheet(sheet, spec, scenario)
        elif spec.section == RULES:
            _table(sheet, spec, _rule_rows(scenario), layout, levels)
        else:
            _table(sheet, spec, _rows(spec, scenario), layout, levels)
    _guide(book.create_sheet(GUIDE))
    book.save(path)


# -- rows from a scenario ------------------------------------------------------------------------


def _get(record: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        record = getattr(record, part)
    return record


def _rows(spec: SheetSpec, scenario: Scenario | None) -> list[list[Any]]:
    """Record values in column order (the parent id first for a child sheet)."""
    if scenario is None:
        return []
    if spec.parent is None:
        return [[_get(r, c.path) for c in spec.columns] for r in getattr(scenario, spec.section)]
    rows = []
    for parent in getattr(scenario, spec.parent):
        children = getattr(parent, spec.field or "")
        if spec.is_dict:
            rows += [[parent.id, key, value] for key, value in children.items()]
        else:
            rows += [
                [parent.id, *(_get(child, c.path) for c in spec.columns[1:])] for child in children
            ]
    return rows


def _rule_rows(scenario: Scenario | None) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for name, settings in (scenario.rules if scenario else {}).items():
        flat = _flatten(settings)
        rows += [[name, key, value] for key, value in flat.items()] or [[name, None, None]]
    return rows


def _flatten(settings: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{weights: {weekends: 10}}`` -> ``{"weights.weekends": 10}``; ``{}`` stays a value."""
    flat: dict[str, Any] = {}
    for key, value in settings.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


# -- sheets --------------------------------------------------------------------------------------


def _header(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=column.name)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.comment = Comment(column.explanation(), "turnus", width=300, height=90)
        note = sheet.cell(row=2, column=col, value=f"{NOTE_MARK}{column.explanation()}")
        note.font, note.alignment = NOTE_FONT, Alignment(wrap_text=True, vertical="top")
        width = max(len(column.name) + 4, 14 if column.kind in ("date", "text", "list") else 10)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = f"A{DATA_ROW}"


def _put(sheet: Worksheet, row: int, col: int, value: Any, column: Column) -> None:
    value, number_format = write_cell(value, column)
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type, cell.quotePrefix = "s", True  # text, never a formula
    if number_format:
        cell.number_format = number_format


def _table(
    sheet: Worksheet,
    spec: SheetSpec,
    rows: list[list[Any]],
    layout: tuple[SheetSpec, ...],
    levels: tuple[str, ...],
) -> None:
    _header(sheet, spec.columns)
    for r, values in enumerate(rows, start=DATA_ROW):
        for c, (value, column) in enumerate(zip(values, spec.columns, strict=True), start=1):
            _put(sheet, r, c, value, column)
    end = DATA_ROW + len(rows)
    for c, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(c)
        cells = f"{letter}{DATA_ROW}:{letter}{end + VALIDATED_ROWS}"
        _formats(sheet, column, c, end, end + PREPARED_ROWS)
        validation = _validation(column, layout, levels)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(cells)


def _formats(sheet: Worksheet, column: Column, col: int, first: int, last: int) -> None:
    """Date, time and percent formats on the empty rows, so typed values show as meant."""
    number_format = {"date": "dd.mm.yyyy", "time": "hh:mm", "percent": "0%"}.get(column.kind)
    if number_format:
        for row in range(first, last + 1):
            sheet.cell(row=row, column=col).number_format = number_format


def _validation(
    column: Column, layout: tuple[SheetSpec, ...], levels: tuple[str, ...]
) -> DataValidation | None:
    """A drop-down for choices, yes/no, levels and ids of another sheet."""
    if column.kind == "bool":
        return _inline([YES, NO], "stop")
    if column.kind == "choice":
        return _inline(list(column.choices), "stop")
    if column.name in LEVEL_COLUMNS:
        return _inline(list(levels), "stop")
    if column.choices:  # a day type, or a date
        return _inline(list(column.choices), "warning")
    target = next((s for s in layout if s.section == column.reference), None)
    if target is None or column.kind != "text" or target.column("id") is None:
        return None
    letter = get_column_letter(target.columns.index(target.column("id")) + 1)
    formula = f"'{target.title}'!${letter}${DATA_ROW}:${letter}${DATA_ROW + 2000}"
    return DataValidation(
        type="list", formula1=formula, allow_blank=True, errorStyle="warning",
        error=f"Not an id from the sheet {target.title}", errorTitle="Unknown id",
    )  # fmt: skip


def _inline(choices: list[str], style: str) -> DataValidation | None:
    text = ",".join(choices)
    if len(text) > 250 or any("," in c or '"' in c for c in choices):
        return None  # Excel's limit for a list written into the rule
    return DataValidation(
        type="list", formula1=f'"{text}"', allow_blank=True, errorStyle=style,
        error=f"Use one of: {', '.join(choices)}", errorTitle="Not in the list",
    )  # fmt: skip


def _settings_sheet(sheet: Worksheet, spec: SheetSpec, scenario: Scenario | None) -> None:
    for col, name in enumerate(("setting", "value", "explanation"), start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for row, column in enumerate(spec.columns, start=2):
        sheet.cell(row=row, column=1, value=column.name).font = BOLD
        value = _get(scenario, column.path) if scenario else None
        if value is None and scenario is None and column.default not in (None, ""):
            value = column.default
        _put(sheet, row, 2, value, column)
        if value is None:
            _formats(sheet, column, 2, row, row)
        note = sheet.cell(row=row, column=3, value=f"{NOTE_MARK}{column.explanation()}")
        note.font = NOTE_FONT
        if column.kind == "choice":
            validation = _inline(list(column.choices), "stop")
            if validation is not None:
                sheet.add_data_validation(validation)
                validation.add(f"B{row}")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 80


def _guide(sheet: Worksheet) -> None:
    for row, line in enumerate(GUIDE_TEXT, start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100
