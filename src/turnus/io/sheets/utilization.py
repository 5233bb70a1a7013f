"""Utilization: office totals, demand hours covered per task and per day, hours per person,
with native Excel charts (coverage by day, hours against contract per person)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

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

OFFICE = (
    ("staff", "0"),
    ("fte", "0.00"),
    ("capacity_hours", HOURS_FORMAT),
    ("planned_hours", HOURS_FORMAT),
    ("demand_hours", HOURS_FORMAT),
    ("target_hours", HOURS_FORMAT),
    ("covered_hours", HOURS_FORMAT),
    ("shortfall_hours", HOURS_FORMAT),
    ("overtime_hours", HOURS_FORMAT),
    ("minus_hours", HOURS_FORMAT),
    ("utilization", PERCENT_FORMAT),
    ("demand_ratio", PERCENT_FORMAT),
    ("coverage", PERCENT_FORMAT),
    ("hard_violations", "0"),
    ("penalty", "0.00"),
)
HOURS = {1: HOURS_FORMAT, 2: HOURS_FORMAT, 3: HOURS_FORMAT, 4: PERCENT_FORMAT}
CHART_COLUMN = "H"


def write_utilization(sheet: Worksheet, ctx: SheetContext) -> None:
    t, m = ctx.t, ctx.metrics
    put(sheet, 1, 1, f"{t('sheet.utilization')} {ctx.office} {ctx.period}", font=TITLE)
    put(sheet, 3, 1, t("util.office"), font=BOLD)
    row = 3
    for name, number_format in OFFICE:
        row += 1
        put(sheet, row, 1, t(f"util.{name}"))
        put(sheet, row, 2, getattr(m.office, name), number_format=number_format)
    row += 2
    put(sheet, row, 1, t("util.by_task"), font=BOLD)
    labels = [
        t("col.task"),
        t("col.required_hours"),
        t("col.covered_hours"),
        t("col.shortfall_hours"),
        t("col.coverage"),
    ]
    tasks = [
        (c.name, c.required_hours, c.covered_hours, c.shortfall_hours, c.coverage) for c in m.tasks
    ]
    row = table(sheet, row + 1, labels, tasks, HOURS) + 2
    put(sheet, row, 1, t("util.by_day"), font=BOLD)
    labels[0] = t("col.date")
    days = [
        (d.date, d.required_hours, d.covered_hours, d.shortfall_hours, d.coverage) for d in m.days
    ]
    day_header = row + 1
    row = table(sheet, day_header, labels, days, HOURS | {0: "dd.mm"}) + 2
    _day_chart(sheet, ctx, day_header, len(days))
    put(sheet, row, 1, t("util.by_person"), font=BOLD)
    labels = [
        t("col.name"),
        t("col.contract_hours"),
        t("col.planned_hours"),
        t("col.plus_minus_hours"),
        t("col.utilization"),
    ]
    people = [
        (p.name, p.contract_hours, p.planned_hours, p.plus_minus_hours, p.utilization)
        for p in m.people
    ]
    people_header = row + 1
    table(sheet, people_header, labels, people, HOURS | {3: "+0.0;-0.0;0.0"})
    _people_chart(sheet, ctx, people_header, len(people))
    widths(sheet, {1: 30, 2: 14, 3: 14, 4: 14, 5: 12})
    print_setup(
        sheet, landscape=False, header=ctx.header(t("sheet.utilization")), footer=ctx.footer()
    )


def _bar_chart(title: str, y_title: str, sheet: Worksheet, header: int, count: int) -> BarChart:
    """A clustered bar chart of columns B and C of a table, categories from column A."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height, chart.width = 8, 22
    data = Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=header + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + count))
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    return chart


def _day_chart(sheet: Worksheet, ctx: SheetContext, header: int, count: int) -> None:
    if count:
        chart = _bar_chart(ctx.t("chart.by_day"), ctx.t("chart.axis"), sheet, header, count)
        chart.x_axis.number_format = "dd.mm"
        sheet.add_chart(chart, f"{CHART_COLUMN}3")


def _people_chart(sheet: Worksheet, ctx: SheetContext, header: int, count: int) -> None:
    if count:
        chart = _bar_chart(ctx.t("chart.hours"), ctx.t("chart.axis"), sheet, header, count)
        sheet.add_chart(chart, f"{CHART_COLUMN}22")
