"""The validator's findings summed per rule: how often each rule is broken and what it costs."""

from __future__ import annotations

from dataclasses import dataclass

from turnus.validator import Report


@dataclass(frozen=True, slots=True)
class RuleLine:
    """One rule's share of a roster's penalties (``hard`` rules cost nothing: they must hold)."""

    rule: str
    hard: bool
    count: int
    cost: float


def rule_lines(report: Report) -> tuple[RuleLine, ...]:
    """Rules with at least one violation: hard ones first, then by cost, largest first."""
    found: dict[tuple[str, bool], tuple[int, float]] = {}
    for v in report.violations:
        count, cost = found.get((v.rule, v.hard), (0, 0.0))
        found[v.rule, v.hard] = (count + 1, cost + float(v.penalty))
    lines = [RuleLine(rule, hard, n, c) for (rule, hard), (n, c) in found.items()]
    return tuple(sorted(lines, key=lambda r: (not r.hard, -r.cost, r.rule)))
