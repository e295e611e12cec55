"""The notebooks run top to bottom in a Jupyter kernel, as a reader runs them, with their charts'
Chinese labels drawn in a CJK font."""

import json

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_the_notebooks_are_stored_without_error_outputs():
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert not [o for c in cells for o in c.get("outputs", []) if o.get("output_type") == "error"], path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises on the first cell that fails
    streams = "".join(
        o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "stream"
    )
    assert "missing from font" not in streams  # a chart label drawn as empty boxes


def test_the_corpus_chart_is_drawn_with_a_cjk_font():
    notebook = nbformat.read(ROOT / "notebooks" / "corpus.ipynb", as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    font = notebook.cells[2].outputs[-1]["data"]["text/plain"]
    assert "CJK" in font
    chart = notebook.cells[-1].outputs[-1]["data"]["text/plain"]
    Image = pytest.importorskip("PIL.Image")
    image = Image.open(chart.split("'")[1]).convert("RGB")
    assert image.size[0] > 800 and len(image.getcolors(maxcolors=1 << 20)) > 50
