"""The staffing plan against the roster, per day, shift, task period and task."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from turnus.calendar import EN_WEEKDAYS, NB_WEEKDAYS
from turnus.io.sheets.cells import ITALIC, TITLE, print_setup, put, table, widths
from turnus.io.sheets.context import SheetContext

SHORT_FILL = PatternFill("solid", bgColor="F4B6B6")
BELOW_TARGET_FILL = PatternFill("solid", bgColor="FFE699")
SURPLUS_FILL = PatternFill("solid", bgColor="BDD7EE")
COLUMNS = (
    "col.date",
    "col.weekday",
    "col.shift",
    "col.time",
    "col.task",
    "col.min",
    "col.target",
    "col.max",
    "col.planned",
    "col.cover",
    "col.shortfall",
    "col.below_target",
    "col.surplus",
)
HEADER_ROW = 3


def write_coverage(sheet: Worksheet, ctx: SheetContext) -> None:
    inst, t = ctx.instance, ctx.t
    names = NB_WEEKDAYS if t.lang == "nb" else EN_WEEKDAYS
    put(sheet, 1, 1, f"{t('sheet.coverage')} {ctx.office} {ctx.period}", font=TITLE)
    put(sheet, 2, 1, t("coverage.note"), font=ITALIC)
    rows = [
        (
            c.date,
            names[c.date.weekday()],
            c.shift,
            f"{c.start}–{c.end}",
            inst.task[c.task].name or c.task,
            c.min,
            c.target,
            c.max,
            c.planned,
            c.cover,
            c.shortfall,
            c.below_target,
            c.surplus,
        )
        for c in ctx.metrics.coverage
    ]
    last = table(
        sheet,
        HEADER_ROW,
        [t(k) for k in COLUMNS],
        rows,
        {9: "0.##", 10: "0.##", 11: "0.##", 12: "0.##"},
    )
    if rows:
        _highlight(sheet, HEADER_ROW + 1, last)
    end = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{end}{max(last, HEADER_ROW)}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.row_dimensions[HEADER_ROW].height = 30
    widths(sheet, {1: 11, 2: 5, 3: 6, 4: 12, 5: 24} | dict.fromkeys(range(6, 14), 9))
    print_setup(
        sheet,
        landscape=True,
        header=ctx.header(t("sheet.coverage")),
        footer=ctx.footer(),
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
    )


def _highlight(sheet: Worksheet, first: int, last: int) -> None:
    """Planned and cover cells: red below minimum, yellow below target, blue above it."""
    cells = f"I{first}:J{last}"
    minimum, target, cover = f"$F{first}", f"$G{first}", f"$J{first}"
    rules = (
        (f"{cover}<{minimum}", SHORT_FILL),
        (f"{cover}<{target}", BELOW_TARGET_FILL),
        (f"{cover}>{target}", SURPLUS_FILL),
    )
    for formula, fill in rules:
        sheet.conditional_formatting.add(
            cells, FormulaRule(formula=[formula], fill=fill, stopIfTrue=True)
        )
