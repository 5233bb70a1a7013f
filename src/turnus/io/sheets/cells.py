"""Cell helpers shared by every sheet: safe text, header rows, tables, fills, print set-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from turnus.domain import ShiftCategory, ShiftType

FORMULA_START = ("=", "+", "-", "@")

FONT = "Calibri"  # the workbook default; named everywhere so no viewer falls back to a serif
BOLD = Font(name=FONT, bold=True)
TITLE = Font(name=FONT, bold=True, size=14)
SMALL = Font(name=FONT, size=8)
ITALIC = Font(name=FONT, italic=True, color="595959")
CENTER = Alignment(horizontal="center", vertical="center")
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
WEEKEND_FILL = PatternFill("solid", fgColor="E7E6E6")
HOLIDAY_FILL = PatternFill("solid", fgColor="F8CBAD")
ABSENCE_FONT = Font(name=FONT, italic=True, color="595959")

BOX = {"border": GRID}
CODE = {"border": GRID, "alignment": CENTER}
HEAD = {"font": BOLD, "fill": HEADER_FILL, "border": GRID, "alignment": CENTER}
"""Style presets for :func:`put`: ``put(sheet, r, c, v, **HEAD)``."""

# Shift colours by category when a shift type has none: light, so black codes stay readable.
PALETTE = {
    ShiftCategory.DAY: ("DDEBF7", "E2EFDA", "FFF2CC", "D0F0F0"),
    ShiftCategory.EVENING: ("FCE4D6", "FFD8B1", "F4CCCC"),
    ShiftCategory.NIGHT: ("D9D2E9", "C9C9E8", "BDD7EE"),
}

DATE_FORMAT = "yyyy-mm-dd"
HOURS_FORMAT = "0.0"
PLUS_MINUS_FORMAT = "+0.0;-0.0;0.0"
PERCENT_FORMAT = "0.0%"


def put(sheet: Worksheet, row: int, column: int, value: Any, **style: Any) -> Any:
    """Write one value; text that would start a formula stays text, numbers stay numbers.

    ``style`` gives the cell's whole style (``font``, ``fill``, ``number_format`` ...).
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        style["quotePrefix"] = True  # and Excel keeps it text when the cell is edited
    if isinstance(value, dt.date) and "number_format" not in style:
        style["number_format"] = DATE_FORMAT
    if style:
        _apply(cell, style)
    return cell


def _apply(cell: Any, style: dict[str, Any]) -> None:
    """Set a cell's style, reusing the style built for the same settings before.

    openpyxl hashes every style object on each assignment, which dominated the time to write
    a month of a large office; a workbook's styles are indexed per workbook, so the cache is.
    """
    cache = cell.parent.parent.__dict__.setdefault("_turnus_styles", {})
    key = tuple((name, _identity(value)) for name, value in sorted(style.items()))
    if key not in cache:
        cell._style = StyleArray()
        for name, value in style.items():
            setattr(cell, name, value)
        cache[key] = (copy(cell._style), style)  # keeping ``style`` keeps the ids in the key
    cell._style = copy(cache[key][0])


def _identity(value: Any) -> Any:
    return value if isinstance(value, (str, int, float)) else id(value)


def put_row(
    sheet: Worksheet, row: int, values: Iterable[Any], column: int = 1, **style: Any
) -> None:
    for offset, value in enumerate(values):
        put(sheet, row, column + offset, value, **style)


def header_row(sheet: Worksheet, row: int, labels: Sequence[str], column: int = 1) -> None:
    put_row(
        sheet,
        row,
        labels,
        column,
        font=BOLD,
        fill=HEADER_FILL,
        border=GRID,
        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    )


def table(
    sheet: Worksheet,
    row: int,
    labels: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: dict[int, str] | None = None,
    column: int = 1,
) -> int:
    """A header and rows from ``row`` on; ``formats`` maps a column offset to a number format.

    Returns the last row written.
    """
    header_row(sheet, row, labels, column)
    formats = formats or {}
    for row_values in rows:
        row += 1
        for offset, value in enumerate(row_values):
            put(sheet, row, column + offset, value, border=GRID)
            if offset in formats:
                sheet.cell(row=row, column=column + offset).number_format = formats[offset]
    return row


def widths(sheet: Worksheet, sizes: dict[int, float]) -> None:
    for column, size in sizes.items():
        sheet.column_dimensions[get_column_letter(column)].width = size


def shift_fills(shift_types: Sequence[ShiftType]) -> dict[str, PatternFill]:
    """A fill per shift type: its own ``colour``, else the next palette colour of its category."""
    used = dict.fromkeys(PALETTE, 0)
    fills = {}
    for shift in shift_types:
        if shift.colour:
            colour = shift.colour.upper()
        else:
            shades = PALETTE[shift.kind]
            colour = shades[used[shift.kind] % len(shades)]
            used[shift.kind] += 1
        fills[shift.id] = PatternFill("solid", fgColor=colour)
    return fills


def print_setup(
    sheet: Worksheet,
    landscape: bool,
    header: tuple[str, str, str] = ("", "", ""),
    footer: tuple[str, str, str] = ("", "", ""),
    title_rows: str | None = None,
    title_columns: str | None = None,
) -> None:
    """A4, one page wide (as many pages tall as needed), narrow margins, repeated titles.

    ``header`` and ``footer`` are (left, centre, right) texts with Excel's ``&D``, ``&P``,
    ``&N`` codes.
    """
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25
    )
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    for part, (left, centre, right) in (("oddHeader", header), ("oddFooter", footer)):
        hf = getattr(sheet, part)
        for side, words in (("left", left), ("center", centre), ("right", right)):
            if words:
                getattr(hf, side).text = _escape(words)
                getattr(hf, side).size = 9


def _escape(words: str) -> str:
    """``&`` starts a code in headers and footers: keep ``&D``/``&P``/``&N``, escape the rest."""
    out, i = [], 0
    while i < len(words):
        if words[i] == "&" and words[i + 1 : i + 2] in ("D", "P", "N", "T"):
            out.append(words[i : i + 2])
            i += 2
            continue
        out.append("&&" if words[i] == "&" else words[i])
        i += 1
    return "".join(out)


def unique_title(book: Any, title: str) -> str:
    """A sheet name Excel accepts (31 characters, no ``[]:*?/\\``), unique in ``book``."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31] or "Sheet"
    name, n = clean, 2
    while name in book.sheetnames:
        suffix = f" ({n})"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    return name
