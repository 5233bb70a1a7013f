"""The staffing search's curve as a PNG: coverage of the minimum and labour cost against the
number of staff added."""

from __future__ import annotations

from pathlib import Path

from turnus.compare import StaffingAnswer
from turnus.io.atomic import atomic_write

LABELS = {
    "nb": ("Ekstra ansatte", "Dekning av minimum (%)", "Lønnskostnad", "minimum nådd"),
    "en": ("Staff added", "Coverage of minimum (%)", "Labour cost", "minimum met"),
}


def plot_staffing(answer: StaffingAnswer, path: Path, title: str = "", lang: str = "nb") -> None:
    """Coverage (left axis) and cost (right axis) for 0 ... N added, the answer marked."""
    import matplotlib

    matplotlib.use("Agg")  # files only; no display needed
    import matplotlib.pyplot as plt

    x_label, cover_label, cost_label, met_label = LABELS.get(lang, LABELS["nb"])
    curve = answer.curve()
    added = [p["added"] for p in curve]
    figure, cover_axis = plt.subplots(figsize=(7, 4))
    cover_axis.plot(added, [p["coverage_min_pct"] for p in curve], "o-", color="tab:blue")
    cover_axis.set_xlabel(x_label)
    cover_axis.set_ylabel(cover_label, color="tab:blue")
    cover_axis.set_xticks(added)
    cost_axis = cover_axis.twinx()
    cost_axis.plot(added, [p["labour_cost"] for p in curve], "s--", color="tab:red")
    cost_axis.set_ylabel(cost_label, color="tab:red")
    if answer.smallest is not None:
        cover_axis.axvline(answer.smallest, color="tab:green", linestyle=":", label=met_label)
        cover_axis.legend(loc="lower right")
    cover_axis.set_title(title)
    figure.tight_layout()
    try:
        atomic_write(path, lambda tmp: figure.savefig(tmp, format="png", dpi=120))
    finally:
        plt.close(figure)
