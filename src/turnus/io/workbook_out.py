"""The roster workbook: what the section leader prints and pins up, and sends on.

Sheets, in order: the roster grid, the daily task list, staffing-plan coverage, hours and
fairness per person, utilization (with charts), the rule report, one sheet per optional metrics
section (training, cost ...), and the machine-readable ``Assignments`` sheet, whose name and
columns never change with the language. Every figure comes from :mod:`turnus.metrics`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from turnus.i18n import TEXTS, Texts
from turnus.instance import Instance
from turnus.io.assignments import COLUMNS, SHEET, assignment_rows
from turnus.io.sheets.cells import FORMULA_START, header_row, put_row, unique_title, widths
from turnus.io.sheets.context import SheetContext
from turnus.io.sheets.coverage import write_coverage
from turnus.io.sheets.hours import write_hours
from turnus.io.sheets.roster import write_roster
from turnus.io.sheets.rules import write_rules
from turnus.io.sheets.tasks import write_tasks
from turnus.io.sheets.utilization import write_utilization
from turnus.metrics import Metrics, compute_metrics
from turnus.result import Result, Schedule
from turnus.validator import Report, validate

SHEETS: tuple[tuple[str, Callable[[Worksheet, SheetContext], None]], ...] = (
    ("sheet.roster", write_roster),
    ("sheet.tasks", write_tasks),
    ("sheet.coverage", write_coverage),
    ("sheet.hours", write_hours),
    ("sheet.utilization", write_utilization),
    ("sheet.rules", write_rules),
)


def safe_text(value: object) -> object:
    """User text that would start a formula, prefixed with ``'`` for a plain ``append``.

    The sheets here write through :func:`turnus.io.sheets.cells.put` instead, which keeps the
    text exactly and marks the cell as text; numbers are never changed by either.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_workbook(
    path: Path,
    instance: Instance,
    schedule: Schedule,
    result: Result | None = None,
    report: Report | None = None,
    lang: str | None = None,
    metrics: Metrics | None = None,
) -> None:
    """Write the roster workbook to ``path`` (use :func:`turnus.io.atomic.atomic_write`).

    ``report`` and ``metrics`` are computed when not given; ``lang`` (``nb`` or ``en``)
    defaults to the scenario's ``locale``; ``result`` adds the solve's facts.
    """
    report = report if report is not None else validate(instance, schedule)
    metrics = metrics if metrics is not None else compute_metrics(instance, schedule, report)
    ctx = SheetContext(
        instance=instance,
        schedule=schedule,
        metrics=metrics,
        report=report,
        result=result,
        t=Texts(lang or instance.scenario.locale),
    )
    book = Workbook()
    book.remove(book.active)
    for key, write in SHEETS:
        write(book.create_sheet(ctx.t(key)), ctx)
    for name, section in metrics.sections.items():
        title = ctx.t(f"sheet.{name}") if f"sheet.{name}" in TEXTS else name
        write_frame(book.create_sheet(unique_title(book, title)), section.to_frame())
    write_assignments(book.create_sheet(SHEET), instance, schedule)
    book.save(path)


def write_frame(sheet: Worksheet, frame: Any) -> None:
    """A pandas DataFrame as a plain table (an optional metrics section)."""
    header_row(sheet, 1, [str(c) for c in frame.columns])
    for row, values in enumerate(frame.itertuples(index=False), start=2):
        put_row(sheet, row, [_plain(v) for v in values])
    widths(sheet, dict.fromkeys(range(1, len(frame.columns) + 1), 14))
    sheet.freeze_panes = "A2"


def _plain(value: Any) -> Any:
    """NumPy scalars and missing values as what openpyxl writes."""
    if value is None or value != value:  # NaN
        return None
    return value.item() if hasattr(value, "item") else value


def write_assignments(sheet: Worksheet, instance: Instance, schedule: Schedule) -> None:
    """The machine-readable rows of :mod:`turnus.io.assignments`, exactly."""
    put_row(sheet, 1, COLUMNS)
    for row, values in enumerate(assignment_rows(instance, schedule), start=2):
        put_row(sheet, row, values)
    sheet.freeze_panes = "A2"
