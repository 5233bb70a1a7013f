"""Errors meant for people: each names where the problem is and what to do about it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Location = tuple[str | int, ...]


def format_location(location: Location) -> str:
    """``("employees", 3, "position_pct")`` -> ``employees[3].position_pct``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is and what to do."""

    location: Location
    message: str
    where: str = ""
    """A ready-made place for people, e.g. ``Employees!D7``; else the field path is shown."""

    def __str__(self) -> str:
        place = self.where or format_location(self.location)
        return f"{place}: {self.message}" if place else self.message


class TurnusError(Exception):
    """Base of errors turnus reports to the user without a traceback."""


class InputError(TurnusError):
    """A scenario, roster or workbook that cannot be used, with every problem found."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{self.source}: {len(self.problems)} problem(s)"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class OutputError(TurnusError):
    """An output that cannot be written (open elsewhere, read-only, missing folder)."""
