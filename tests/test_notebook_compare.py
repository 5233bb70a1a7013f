"""The scenario-comparison notebook runs from top to bottom (with its short parameters)."""

from __future__ import annotations

import pytest

from helpers import ROOT

NOTEBOOK = ROOT / "notebooks" / "02_compare_scenarios.ipynb"


def test_compare_notebook_runs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": NOTEBOOK.parent}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # coverage/hours/cost, shortfall by task, hours per person
