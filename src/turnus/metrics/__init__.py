"""Figures about a roster, as pure functions of ``(instance, schedule)``: no solver, no I/O.

The workbook, the terminal summary, the scenario comparison and the notebooks all read their
numbers from here. :func:`compute_metrics` gathers every section into one :class:`Metrics`;
optional sections (training, cost, ...) register themselves with :func:`register_section`
and are imported below so that they are always there.
"""

from turnus.metrics.base import (
    SECTIONS,
    Metrics,
    Section,
    compute_metrics,
    register_section,
    to_frame,
)
from turnus.metrics.coverage import (
    CoverageLine,
    DayCoverage,
    TaskCoverage,
    coverage_by_day,
    coverage_by_task,
    coverage_lines,
)
from turnus.metrics.office import OfficeMetrics, office_metrics
from turnus.metrics.people import PersonMetrics, person_metrics
from turnus.metrics.rules import RuleLine, rule_lines
from turnus.metrics.training import TrainingMetrics, training_metrics

__all__ = [
    "SECTIONS",
    "CoverageLine",
    "DayCoverage",
    "Metrics",
    "OfficeMetrics",
    "PersonMetrics",
    "RuleLine",
    "Section",
    "TaskCoverage",
    "TrainingMetrics",
    "compute_metrics",
    "coverage_by_day",
    "coverage_by_task",
    "coverage_lines",
    "office_metrics",
    "person_metrics",
    "register_section",
    "rule_lines",
    "to_frame",
    "training_metrics",
]
