"""Subjects of quantities against an independent hand annotation (benchmarks/subjects.py)."""

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from subjects import score  # noqa: E402


def test_most_subjects_match_the_annotation():
    right, total, misses = score()
    assert total >= 80
    assert right / total >= 0.8, misses
