"""Cell values as planners type them, to and from the values of the scenario records.

Reading accepts what people do in Excel and LibreOffice: numbers stored as text, decimal
commas, ``80 %`` or ``0.8`` for a percentage, dates as date cells or as text (``2027-01-31``,
``31.01.2027``), times as time cells or as text (``07:30``, ``7.30``), ``ja``/``nei``.
Each reader raises :class:`ValueError` with a message saying what was expected.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

import yaml
from openpyxl.utils.datetime import from_excel

from turnus.io.columns import FALSE_WORDS, NO, TRUE_WORDS, YES, Column, Kind

_DATE_TEXT = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$")
_TIME_TEXT = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2}))?$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_cell(value: Any, column: Column, number_format: str = "General") -> Any:
    """The record value of a non-blank cell, or ValueError saying what was expected."""
    if column.kind == "list":
        return read_list(value, column.item)
    if column.kind == "mapping":
        return read_mapping(value, column.item)
    if column.kind == "percent":
        return read_percent(value, number_format)
    if column.kind == "choice":
        return read_choice(value, column.choices)
    if column.kind == "text" and column.choices:
        return read_day(value, column.choices)
    return read_scalar(value, column.kind)


def read_scalar(value: Any, kind: Kind) -> Any:
    readers = {
        "text": read_text,
        "int": read_int,
        "number": read_number,
        "bool": read_bool,
        "date": read_date,
        "time": read_time,
        "any": read_any,
    }
    return readers.get(kind, read_text)(value)


def read_text(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id like 101 typed as a number
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def read_number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {_show(value)}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"expected a number, got {value}")
        return value
    text = _SPACES.sub("", str(value))
    if not _NUMBER_TEXT.match(text):
        raise ValueError(f"expected a number, got {_show(value)}")
    number = float(text.replace(",", "."))
    return int(number) if number.is_integer() and "." not in text and "," not in text else number


def read_int(value: Any) -> int:
    number = read_number(value)
    if not float(number).is_integer():
        raise ValueError(f"expected a whole number, got {_show(value)}")
    return int(number)


def read_percent(value: Any, number_format: str = "General") -> float:
    """``80``, ``80 %``, ``"0,8"``, or a percent-formatted 0.8 cell, as 80."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            return _tidy(float(read_number(text[:-1])))
        number = float(read_number(text))
    else:
        number = float(read_number(value))
        if "%" in number_format.replace('"%"', "").replace("\\%", ""):
            return _tidy(number * 100)
    return _tidy(number * 100 if 0 < number <= 1 else number)


def _tidy(number: float) -> float:
    """Undo binary noise from scaling by 100 (0.333 * 100 = 33.300000000000004)."""
    return round(number, 9)


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = read_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"expected yes or no, got {_show(value)}")


def read_choice(value: Any, choices: tuple[str, ...]) -> str:
    text = read_text(value)
    for choice in choices:
        if text.lower() == choice.lower():
            return choice
    raise ValueError(f"expected one of {', '.join(choices)}, got {_show(value)}")


def read_day(value: Any, choices: tuple[str, ...]) -> str:
    """A day selector (weekday, saturday ...) or a date, as text."""
    try:
        return read_choice(value, choices)
    except ValueError:
        pass
    try:
        return read_date(value).isoformat()
    except ValueError:
        raise ValueError(
            f"expected one of {', '.join(choices)} or a date, got {_show(value)}"
        ) from None


def read_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return from_excel(value).date()  # a date stored as a plain serial number
    text = str(value).strip()
    try:
        match = _DATE_TEXT.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: Any) -> dt.date:
    raise ValueError(f"expected a date like 31.01.2027 or 2027-01-31, got {_show(value)}")


def read_time(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.timedelta):
        value = value.total_seconds() / 86400
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 1440)  # a time stored as a fraction of a day
        return dt.time(minutes // 60 % 24, minutes % 60)
    match = _TIME_TEXT.match(str(value).strip())
    try:
        if match is None:
            raise ValueError
        hour, minute, second = (int(g) if g else 0 for g in match.groups())
        return dt.time(hour, minute, second)
    except ValueError:
        raise ValueError(f"expected a time like 07:30, got {_show(value)}") from None


def read_list(value: Any, item: Kind) -> list[Any]:
    text = read_text(value)
    if text == "-":
        return []
    return [read_scalar(part.strip(), item) for part in re.split(r"[,;\n]", text) if part.strip()]


def read_mapping(value: Any, item: Kind) -> dict[str, Any]:
    found = {}
    for part in re.split(r"[,;\n]", read_text(value)):
        if not part.strip():
            continue
        key, sep, rest = part.partition("=") if "=" in part else part.partition(":")
        if not sep or not key.strip():
            raise ValueError(f"expected key=value pairs like N=0, A=4, got {_show(value)}")
        found[key.strip()] = read_scalar(rest.strip(), item)
    return found


def read_any(value: Any) -> Any:
    """A rule setting: a number, yes/no, null, a quoted string, a YAML list or mapping."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text[:1] in ('"', "'", "[", "{"):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise ValueError(f"cannot read {_show(value)}: {error}") from None
    if text.lower() == "null":
        return None
    if text.lower() in ("true", "false", "yes", "no", "ja", "nei"):
        return read_bool(text)
    if _NUMBER_TEXT.match(_SPACES.sub("", text)):
        return read_number(text)
    return text


def _show(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return repr(value)


# -- writing -------------------------------------------------------------------------------------


def write_cell(value: Any, column: Column) -> tuple[Any, str | None]:
    """A cell value and number format for a record value (None: leave the cell blank)."""
    if value is None:
        return None, None
    kind = column.kind
    if kind == "date":
        return value, "dd.mm.yyyy"
    if kind == "time":
        return value, "hh:mm"
    if kind == "percent":
        return value / 100, "0%" if float(value).is_integer() else "0.0##%"
    if kind == "bool":
        return (YES if value else NO), None
    if kind == "list":
        empty = "" if column.default in ((), []) else "-"  # "-": empty, where blank is not
        return (", ".join(write_scalar(v) for v in value) if value else empty or None), None
    if kind == "mapping":
        return (", ".join(f"{k}={write_scalar(v)}" for k, v in value.items()) or None), None
    if kind == "any":
        return write_any(value), None
    return write_scalar(value), None


def write_scalar(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, int | float):  # an enum member
        return value.value
    return value


def write_any(value: Any) -> Any:
    """A rule setting so that :func:`read_any` gives it back."""
    if isinstance(value, bool | int | float):
        return value
    if value is None:
        return "null"
    if isinstance(value, str):
        try:
            plain = read_any(value) == value and value == value.strip() and value != ""
        except ValueError:
            plain = False
        return value if plain else json.dumps(value, ensure_ascii=False)
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()
