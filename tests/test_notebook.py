"""The demand notebook runs from top to bottom against a real store, so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "demand.ipynb"


def test_the_demand_notebook_runs_and_recovers_the_truth(reference_copy, monkeypatch, tmp_path):
    _, store = reference_copy
    monkeypatch.setenv("LABORLENS_DEMO_DATABASE_URL", store.url)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend puts figures in the outputs
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "The true +5% lies inside" in text
    share = int(text.split("The true +5% lies inside ")[1].split("%")[0])
    assert share >= 85
    assert "proxy for openings" in text
    figures = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(figures) >= 2
