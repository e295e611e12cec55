"""The package's layout by role, and the old module names that still work: every name of
`pipeline._moved.MOVED` imports as the very module of its new name, and still runs as a command."""

import importlib
import subprocess
import sys

import pytest

import pipeline
from conftest import ROOT
from pipeline._moved import MOVED

KINDS = ("documents", "indicators", "organizations", "persons", "places", "projects", "quantities")
TOP_LEVEL_FILES = {"__init__.py", "__main__.py", "version.py", "_moved.py"}
PACKAGES = {"extractors", "language", "ner", "runtime", "stages", "tools"}
COMMANDS = ("bench", "evaluate", "train", "project_model", "review")


@pytest.mark.parametrize("old, new", sorted(MOVED.items()))
def test_an_old_name_imports_as_the_same_module(old, new):
    module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__name__ == new and module.__spec__.name == new  # imported under the old name, still itself
    assert getattr(pipeline, old.rpartition(".")[2]) is module  # `from pipeline import read` too


def test_an_old_name_gives_the_same_classes():
    from pipeline.read import RawArticle
    from pipeline.stages.read import RawArticle as NewRawArticle

    assert RawArticle is NewRawArticle


@pytest.mark.parametrize("name", COMMANDS)
def test_an_old_name_still_runs_as_a_command(name):
    result = subprocess.run([sys.executable, "-m", f"pipeline.{name}", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "RuntimeWarning" not in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_each_extractor_is_a_folder_with_its_readme_examples_and_rules(kind):
    folder = ROOT / "pipeline" / "extractors" / kind
    assert {"__init__.py", "README.md", "examples.jsonl"} <= {p.name for p in folder.iterdir()}
    lines = (folder / "README.md").read_text(encoding="utf-8").splitlines()
    assert 20 <= len(lines) <= 50, f"{kind}/README.md has {len(lines)} lines"
    extractor = importlib.import_module(f"pipeline.extractors.{kind}")
    assert callable(extractor.extract) and extractor.COMPONENT and extractor.KIND == kind


def test_the_top_level_holds_only_the_entry_points_and_the_packages():
    top = ROOT / "pipeline"
    files = {p.name for p in top.iterdir() if p.is_file()}
    folders = {p.name for p in top.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert files == TOP_LEVEL_FILES
    assert folders == PACKAGES | {"models"}
    assert all((top / name / "__init__.py").is_file() for name in PACKAGES)
