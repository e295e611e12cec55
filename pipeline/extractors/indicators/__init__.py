"""Indicators: the aggregates an article states, with the period they cover.

The rules and the spaCy component "indicators" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import (
    COMPONENT,
    COUNTS,
    KIND,
    PART,
    PERIOD,
    PROJECTS_FOLLOW,
    PROJECT_COUNT,
    Periods,
    RELATIVE,
    YEAR,
    extract,
    find_indicators,
    indicator_name,
)

__all__ = [
    "COMPONENT",
    "COUNTS",
    "KIND",
    "PART",
    "PERIOD",
    "PROJECTS_FOLLOW",
    "PROJECT_COUNT",
    "Periods",
    "RELATIVE",
    "YEAR",
    "extract",
    "find_indicators",
    "indicator_name",
]
