"""The monthly-roster notebook runs from top to bottom, with a short time limit injected into
its parameter cell, and shows its tables and plots."""

from __future__ import annotations

import pytest

from helpers import ROOT, run_notebook

NOTEBOOK = ROOT / "notebooks" / "01_monthly_roster.ipynb"


def test_monthly_roster_notebook_runs() -> None:
    pytest.importorskip("nbclient")
    outputs = run_notebook(NOTEBOOK, "TIME_LIMIT = 3.0", timeout=120)
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(tables) >= 3  # office, people, tasks
    assert len(images) == 2  # heat map, coverage by day
