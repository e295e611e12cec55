"""The code keeps the house style: ruff's lint rules and formatting, and mypy's type checks of the
package (settings in pyproject.toml), so a change that breaks them fails here, in the same test
run CI makes."""

import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT

CHECKED = ["pipeline", "schemas", "tests", "benchmarks"]
needs_ruff = pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed (pip install '.[test]')")
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
