"""The comparison workbook: a row of figures per variant, native Excel charts, and each
variant's roster in a workbook of its own next to it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from turnus.compare import Outcome, figure_keys, label
from turnus.io.atomic import atomic_write
from turnus.io.workbook_out import safe_text, write_workbook
from turnus.variants import Variant

BOLD = Font(bold=True)
SHEETS = {
    "table": ("Sammenligning", "Comparison"),
    "charts": ("Diagrammer", "Charts"),
    "variants": ("Varianter", "Variants"),
}
CHARTS = (
    # (title nb, title en, figure keys, y-axis nb, y-axis en)
    ("Dekning av bemanningsplanen", "Coverage of the staffing plan",
     ("coverage_min_pct", "coverage_target_pct"), "%", "%"),
    ("Lønnskostnad", "Labour cost", ("base_pay", "supplements"), "kr", "NOK"),
    ("Timer", "Hours", ("contract_hours", "planned_hours"), "timer", "hours"),
    ("Underdekning per oppgave", "Shortfall by task", ("shortfall:*",), "timer", "hours"),
)  # fmt: skip


def _pick(lang: str) -> int:
    return 0 if lang == "nb" else 1


def roster_paths(out: Path, names: Sequence[str]) -> list[Path]:
    """``<out stem>-<nn>-<variant slug>.xlsx`` beside the comparison workbook."""
    return [out.with_name(f"{out.stem}-{i:02d}-{slug(name)}.xlsx") for i, name in enumerate(names)]


def slug(name: str) -> str:
    """A file-name-safe form of a variant name (æøå kept readable as ae, o, a)."""
    text = name.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40] or "variant"


def write_comparison_files(
    out: Path,
    variants: Sequence[Variant],
    outcomes: Sequence[Outcome],
    inputs: Sequence[Path] = (),
    lang: str = "nb",
) -> list[Path | None]:
    """The comparison workbook at ``out`` and each solved variant's roster workbook.

    Returns the roster files, None where a variant has no roster.
    """
    rosters: list[Path | None] = []
    for variant, outcome, path in zip(
        variants, outcomes, roster_paths(out, [v.name for v in variants]), strict=True
    ):
        if not outcome.has_solution:
            rosters.append(None)
            continue
        _write_roster(path, variant, outcome, inputs)
        rosters.append(path)
    atomic_write(out, lambda tmp: write_comparison(tmp, variants, outcomes, rosters, lang), inputs)
    return rosters


def _write_roster(path: Path, variant: Variant, outcome: Outcome, inputs: Sequence[Path]) -> None:
    instance = variant.instance()
    atomic_write(path, lambda tmp: write_workbook(tmp, instance, outcome.schedule), inputs)


def write_comparison(
    path: Path,
    variants: Sequence[Variant],
    outcomes: Sequence[Outcome],
    rosters: Sequence[Path | None],
    lang: str = "nb",
) -> None:
    book = Workbook()
    table = book.active
    table.title = SHEETS["table"][_pick(lang)]
    keys = figure_keys(outcomes)
    _table(table, outcomes, keys, lang)
    _charts(book.create_sheet(SHEETS["charts"][_pick(lang)]), table, outcomes, keys, lang)
    _variants(book.create_sheet(SHEETS["variants"][_pick(lang)]), variants, rosters, lang)
    book.save(path)


def _table(sheet: Worksheet, outcomes: Sequence[Outcome], keys: list[str], lang: str) -> None:
    sheet.append(["Variant", *(label(k, lang) for k in keys)])
    for outcome in outcomes:
        sheet.append([safe_text(outcome.name), *(outcome.figures.get(k) for k in keys)])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 45
    sheet.column_dimensions["A"].width = 24
    for col, key in enumerate(keys, start=2):
        sheet.column_dimensions[get_column_letter(col)].width = 13
        number_format = "#,##0" if "cost" in key or key in ("base_pay", "supplements") else "0.0"
        if key.startswith("supplement:"):
            number_format = "#,##0"
        for row in range(2, len(outcomes) + 2):
            cell = sheet.cell(row=row, column=col)
            if isinstance(cell.value, float):
                cell.number_format = number_format
    sheet.freeze_panes = "B2"


def _charts(
    sheet: Worksheet, table: Worksheet, outcomes: Sequence[Outcome], keys: list[str], lang: str
) -> None:
    """Clustered bar charts reading the comparison table (native, so they follow edits)."""
    pick = _pick(lang)
    names = Reference(table, min_col=1, min_row=2, max_row=len(outcomes) + 1)
    anchor_row = 1
    for *titles, wanted, y_nb, y_en in CHARTS:
        columns = [
            keys.index(k) + 2
            for k in keys
            if k in wanted or ("shortfall:*" in wanted and k.startswith("shortfall:"))
        ]
        if not columns:
            continue
        chart = BarChart()
        chart.type = "col"
        chart.title = titles[pick]
        chart.y_axis.title = (y_nb, y_en)[pick]
        chart.height, chart.width = 7.5, 16
        for col in columns:
            data = Reference(table, min_col=col, min_row=1, max_row=len(outcomes) + 1)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(names)
        sheet.add_chart(chart, f"A{anchor_row}")
        anchor_row += 16


def _variants(
    sheet: Worksheet, variants: Sequence[Variant], rosters: Sequence[Path | None], lang: str
) -> None:
    headers = {
        "nb": ["Variant", "Beskrivelse", "Periode", "Ansatte", "Kilde", "Turnusfil"],
        "en": ["Variant", "Description", "Period", "Staff", "Source", "Roster file"],
    }[lang if lang in ("nb", "en") else "nb"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
    for variant, roster in zip(variants, rosters, strict=True):
        period = variant.scenario.period
        sheet.append(
            [
                safe_text(variant.name),
                safe_text(variant.description),
                f"{period.start} – {period.end}",
                len(variant.scenario.employees),
                safe_text(variant.source),
                roster.name if roster else "",
            ]
        )
    for col, width in zip("ABCDEF", (24, 40, 24, 9, 40, 40), strict=True):
        sheet.column_dimensions[col].width = width
