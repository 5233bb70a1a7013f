"""Fairness: the spread of weekend, evening, night and holiday work per full-time equivalent.

Counts are scaled by round(10000 / position %): 100 per shift at 100 %, 200 at 50 %; the
amount is in hundredths of a shift per FTE and a weight is per shift per FTE.
"""

from __future__ import annotations

import pytest
from rulekit import assert_rejected, assert_same_cost, optimum, roster, violations, worked

from helpers import make_instance

STAFF = [
    {"id": "E1", "name": "Full", "competences": {"eksp": "competent"}},
    {"id": "E2", "name": "Half", "position_pct": 50, "competences": {"eksp": "competent"}},
    {"id": "E3", "name": "Writer", "competences": {"skriv": "competent"}},
]
"""E1 full time, E2 half time, E3 cannot do eksp (so cannot share the weekend)."""
WEEKEND = [
    {"day": "saturday", "shift": "D", "task": "eksp", "min": 1},
    {"day": "sunday", "shift": "D", "task": "eksp", "min": 1},
]
ONLY_WEEKENDS = {"weights": {"weekends": 10, "evenings": 0, "nights": 0, "holidays": 0}}


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"weights": {"mornings": 3}}, "rules.fairness.weights.mornings.[key]"),  # unknown
        ({"weights": {"weekends": -1}}, "rules.fairness.weights.weekends"),  # negative
        ({"weights": {"nights": "high"}}, "rules.fairness.weights.nights"),  # not a number
        ({"weight": 1, "spread": 2}, "rules.fairness.spread"),  # unknown parameter
    ],
)
def test_invalid_parameters_are_rejected(params: dict, path: str) -> None:
    assert_rejected({"fairness": params}, path)


def test_weekend_spread_changes_the_optimum() -> None:
    """One weekend to cover. E1 working it: 100 vs 0 per FTE, spread 1 shift x 10 = 10;
    E2 working it alone: 200 vs 0, cost 20; one day each: 200 vs 100, cost 10.
    E3 is not eligible and does not count."""
    rules = {"coverage": {"hard": True}}
    off = make_instance(rules=rules, employees=STAFF, staffing=WEEKEND)
    assert optimum(off).objective == 0
    inst = make_instance(
        rules=rules | {"fairness": ONLY_WEEKENDS}, employees=STAFF, staffing=WEEKEND
    )
    result = optimum(inst)
    assert result.objective == 10
    assert "E1" in {e for e, _, _ in worked(result)}  # E1 alone, or E1 and E2 (100 vs 200)
    assert_same_cost(inst, result, "fairness")


def test_evening_spread_shared_in_proportion() -> None:
    """Three evenings to cover by E1 (100 %) and E2 (50 %): shares 2 and 1 give 200 vs 200,
    spread 0; any other split costs."""
    lines = [
        {"day": d, "shift": "A", "task": "eksp", "min": 1}
        for d in ("2027-01-04", "2027-01-05", "2027-01-06")
    ]
    rules = {"coverage": {"hard": True}, "fairness": {"weights": {"evenings": 3}}}
    inst = make_instance(rules=rules, employees=STAFF[:2], staffing=lines)
    result = optimum(inst)
    assert result.objective == 0
    assert sorted(e for e, _, _ in worked(result)) == ["E1", "E1", "E2"]


def test_validator_reports_the_spread() -> None:
    inst = make_instance(rules={"fairness": ONLY_WEEKENDS}, employees=STAFF, staffing=WEEKEND)
    found = violations(inst, roster(inst, ("E2", 5, "D"), ("E2", 6, "D")), "fairness")
    assert [(v.key, v.amount, v.penalty, v.hard) for v in found] == [
        ("fairness:weekends", 200, 20, False)
    ]
    assert found[0].message == "weekends: 2 per FTE for Half (E2) against 0 for Full (E1)"


def test_holiday_spread_on_ascension_day() -> None:
    """Thursday 6 May 2027 is a public holiday with one D to cover: E1 (100 %) working it costs
    1 holiday per FTE x 5 = 5; E2 (50 %) alone would cost 2 x 5 = 10."""
    inst = make_instance(
        rules={"coverage": {"hard": True}, "fairness": {"weights": {"holidays": 5}}},
        period={"start": "2027-05-03", "end": "2027-05-09"},
        employees=STAFF[:2],
        staffing=[{"day": "holiday", "shift": "D", "task": "eksp", "min": 1}],
    )
    result = optimum(inst)
    assert result.objective == 5
    assert "E1" in {e for e, _, _ in worked(result)}  # alone, or with E2 (200 vs 100)
    assert_same_cost(inst, result, "fairness")
    found = violations(inst, roster(inst, ("E2", 3, "D")), "fairness")
    assert [(v.amount, v.penalty) for v in found] == [(200, 10)]


def test_nights_compare_only_those_allowed_to_work_them() -> None:
    """E2 may not work nights, so E1's nights are compared with nobody: no spread."""
    night = {"id": "N", "start": "22:00", "end": "07:00", "paid_hours": 8.5}
    staff = [STAFF[0] | {"nights": True}, STAFF[1]]
    inst = make_instance(
        rules={"fairness": {"weights": {"nights": 5}}},
        shift_types=[night],
        employees=staff,
        staffing=[{"day": "weekday", "shift": "N", "task": "eksp", "min": 1}],
    )
    assert violations(inst, roster(inst, ("E1", 0, "N"), ("E1", 1, "N")), "fairness") == []
    both = make_instance(
        rules={"fairness": {"weights": {"nights": 5}}},
        shift_types=[night],
        employees=[staff[0], staff[1] | {"nights": True}],
        staffing=[{"day": "weekday", "shift": "N", "task": "eksp", "min": 1}],
    )
    found = violations(both, roster(both, ("E1", 0, "N"), ("E1", 1, "N")), "fairness")
    assert [(v.amount, v.penalty) for v in found] == [(200, 10)]  # 2 nights per FTE vs 0
