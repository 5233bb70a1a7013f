"""The rule report: the solve's facts, penalties per rule, every hard violation and every
soft penalty the validator found."""

from __future__ import annotations

from importlib import metadata

from openpyxl.worksheet.worksheet import Worksheet

from turnus.io.sheets.cells import BOLD, ITALIC, TITLE, WRAP, print_setup, put, table, widths
from turnus.io.sheets.context import SheetContext
from turnus.rules.base import Violation


def turnus_version() -> str:
    try:
        return metadata.version("turnus")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_rules(sheet: Worksheet, ctx: SheetContext) -> None:
    t = ctx.t
    put(sheet, 1, 1, f"{t('sheet.rules')} {ctx.office} {ctx.period}", font=TITLE)
    row = _facts(sheet, ctx, 3) + 2
    put(sheet, row, 1, t("rules.summary"), font=BOLD)
    summary = [
        (r.rule, t("yes") if r.hard else t("no"), r.count, r.cost) for r in ctx.metrics.rules
    ]
    labels = [t("col.rule"), t("col.hard"), t("col.count"), t("col.cost")]
    row = _or_none(sheet, ctx, row + 1, labels, summary, {3: "0.00"}) + 2
    put(sheet, row, 1, t("rules.hard"), font=BOLD)
    hard = [_violation_row(v) for v in ctx.report.hard]
    labels = [
        t("col.rule"),
        t("col.date"),
        t("col.employee"),
        t("col.amount"),
        t("col.cost"),
        t("col.message"),
    ]
    row = _or_none(sheet, ctx, row + 1, labels, hard) + 2
    put(sheet, row, 1, t("rules.soft"), font=BOLD)
    soft = sorted(ctx.report.soft, key=lambda v: (-v.penalty, v.key))
    _or_none(sheet, ctx, row + 1, labels, [_violation_row(v) for v in soft], {4: "0.00"})
    widths(sheet, {1: 24, 2: 20, 3: 12, 4: 10, 5: 10, 6: 90})
    print_setup(sheet, landscape=True, header=ctx.header(t("sheet.rules")), footer=ctx.footer())


def _facts(sheet: Worksheet, ctx: SheetContext, row: int) -> int:
    """Status, objective, bound, gap, time, seed and versions; returns the last row."""
    t, result = ctx.t, ctx.result
    put(sheet, row, 1, t("rules.facts"), font=BOLD)
    facts: list[tuple[str, object, str]] = []
    if result is not None:
        facts += [
            ("rules.status", t(f"status.{result.status.value}"), "General"),
            ("rules.objective", result.objective if result.has_solution else None, "0.00"),
            ("rules.bound", result.bound if result.has_solution else None, "0.00"),
            ("rules.gap", result.gap if result.has_solution else None, "0.00%"),
            ("rules.time", result.runtime, "0.0"),
            ("rules.seed", result.seed, "0"),
            ("rules.workers", result.workers, "0"),
            ("rules.ortools", result.ortools_version, "General"),
        ]
    facts += [
        ("rules.turnus", turnus_version(), "General"),
        ("rules.written", ctx.written, "yyyy-mm-dd hh:mm"),
    ]
    for key, value, number_format in facts:
        row += 1
        put(sheet, row, 1, t(key))
        put(sheet, row, 2, value, number_format=number_format)
    return row


def _or_none(
    sheet: Worksheet,
    ctx: SheetContext,
    row: int,
    labels: list[str],
    rows: list,
    formats: dict[int, str] | None = None,
) -> int:
    """A table, or the word "none" when there is nothing to list; returns the last row."""
    if not rows:
        put(sheet, row, 1, ctx.t("rules.none"), font=ITALIC)
        return row
    last = table(sheet, row, labels, rows, formats)
    for r in range(row + 1, last + 1):
        sheet.cell(row=r, column=len(labels)).alignment = WRAP
    return last


def _violation_row(v: Violation) -> tuple:
    return (v.rule, v.date, v.employee, v.amount, float(v.penalty), v.message)
