"""The notebooks run top to bottom (their code cells, in order, in one namespace)."""
import json

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, monkeypatch):
    monkeypatch.chdir(path.parent)
    namespace: dict = {}
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code
    for n, cell in enumerate(code):
        assert not any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        exec(compile("".join(cell["source"]), f"{path.name}[{n}]", "exec"), namespace)
