"""Hours and fairness per person: contract, planned, plus/minus, unpopular shifts, wishes."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from turnus.i18n import TEXTS
from turnus.io.sheets.cells import (
    BOLD,
    HOURS_FORMAT,
    PERCENT_FORMAT,
    TITLE,
    print_setup,
    put,
    table,
    widths,
)
from turnus.io.sheets.context import SheetContext

PLUS_MINUS = "+0.0;[Red]-0.0;0.0"
FIELDS = (
    "employee",
    "name",
    "position_pct",
    "contract_hours",
    "planned_hours",
    "plus_minus_hours",
    "utilization",
    "shifts",
    "evenings",
    "nights",
    "weekends",
    "holidays",
    "absence_days",
    "wishes_granted",
    "wishes_total",
)
FORMATS = {
    "contract_hours": HOURS_FORMAT,
    "planned_hours": HOURS_FORMAT,
    "plus_minus_hours": PLUS_MINUS,
    "utilization": PERCENT_FORMAT,
}
NOT_SUMMED = ("employee", "name", "position_pct", "utilization")
HEADER_ROW = 3


def write_hours(sheet: Worksheet, ctx: SheetContext) -> None:
    t, metrics = ctx.t, ctx.metrics
    extras = metrics.person_extras()
    extra_columns = list(dict.fromkeys(c for cols in extras.values() for c in cols))
    labels = [t(f"col.{f}") for f in FIELDS] + [
        t(f"col.{c}") if f"col.{c}" in TEXTS else c for c in extra_columns
    ]
    rows = [
        [getattr(p, f) for f in FIELDS] + [extras[p.employee].get(c) for c in extra_columns]
        for p in metrics.people
    ]
    put(sheet, 1, 1, f"{t('sheet.hours')} {ctx.office} {ctx.period}", font=TITLE)
    formats = {i: FORMATS[f] for i, f in enumerate(FIELDS) if f in FORMATS}
    last = table(sheet, HEADER_ROW, labels, rows, formats)
    _totals(sheet, ctx, last + 1, rows, len(FIELDS))
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    widths(sheet, {1: 9, 2: 22} | dict.fromkeys(range(3, len(labels) + 1), 10))
    sheet.row_dimensions[HEADER_ROW].height = 30
    print_setup(
        sheet,
        landscape=True,
        header=ctx.header(t("sheet.hours")),
        footer=ctx.footer(),
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
    )


def _totals(sheet: Worksheet, ctx: SheetContext, row: int, rows: list, fields: int) -> None:
    """A total row: sums of the numeric columns, office utilization in its column."""
    put(sheet, row, 2, ctx.t("row.total"), font=BOLD)
    for i, name in enumerate(FIELDS):
        if name in NOT_SUMMED:
            continue
        total = sum(r[i] or 0 for r in rows)
        put(sheet, row, i + 1, total, font=BOLD, number_format=FORMATS.get(name, "General"))
    put(
        sheet,
        row,
        FIELDS.index("utilization") + 1,
        ctx.metrics.office.utilization,
        font=BOLD,
        number_format=PERCENT_FORMAT,
    )
    for column in range(fields + 1, len(rows[0]) + 1 if rows else 0):
        values = [r[column - 1] for r in rows]
        if all(isinstance(v, int | float) or v is None for v in values):
            put(sheet, row, column, sum(v or 0 for v in values), font=BOLD)
