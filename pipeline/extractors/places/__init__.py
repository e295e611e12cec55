"""Places: every place an article names, linked to its administrative division.

The rules and the spaCy component "places" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import (
    COMMON_SHORT_NAME,
    COMMON_WORD,
    COMPONENT,
    GENERIC_ZONE,
    GOVERNMENT_TAILS,
    KIND,
    LEVEL_RANK,
    MAX_ZONE_MIDDLE,
    ZONE_AFTER,
    ZONE_SUFFIX,
    extract,
    find_places,
    scan,
)

__all__ = [
    "COMMON_SHORT_NAME",
    "COMMON_WORD",
    "COMPONENT",
    "GENERIC_ZONE",
    "GOVERNMENT_TAILS",
    "KIND",
    "LEVEL_RANK",
    "MAX_ZONE_MIDDLE",
    "ZONE_AFTER",
    "ZONE_SUFFIX",
    "extract",
    "find_places",
    "scan",
]
