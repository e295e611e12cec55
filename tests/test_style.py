"""The code keeps the house style: ruff's lint rules and formatting, and mypy's type checks of the
package (settings in pyproject.toml), and the documentation site builds without a warning, so a
change that breaks them fails here, in the same test run CI makes."""

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT

CHECKED = ["."]  # the code, the notebooks, and the Python examples of README.md and docs/
needs_ruff = pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed (pip install '.[test]')")
needs_mkdocs = pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed (pip install '.[docs]')")
needs_mypy = pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install '.[test]')")


def ruff(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *arguments, *CHECKED], cwd=ROOT, capture_output=True, text=True)


@needs_ruff
def test_the_code_passes_the_lint_rules():
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


@needs_ruff
def test_the_code_is_formatted():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


@needs_mypy
def test_the_package_type_checks():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)  # the files pyproject.toml names
    assert result.returncode == 0, result.stdout + result.stderr


@needs_mkdocs
def test_the_documentation_site_builds_strictly(tmp_path):
    # strict: a broken link or anchor, or an API page naming what the code no longer has, fails
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # mkdocs-material's end-of-life banner, not a warning
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
