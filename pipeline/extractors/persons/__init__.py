"""Persons: named people, with the title (职务) the text gives them.

The rules and the spaCy component "persons" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import (
    AFTER_NAME,
    AFTER_NAME_CHARS,
    AFTER_NAME_VERB,
    COMMON_WORD_FREQUENCY,
    COMPANY_AFTER,
    COMPANY_BEFORE,
    COMPONENT,
    CREDIT_AFTER,
    FOREIGN_REST,
    GENERIC_TITLE,
    KIND,
    LEVEL_CHARS,
    LISTED_NAME,
    LIST_JOINT,
    MAX_TITLE_WORD,
    NAME,
    NAME_LIKE_FLAGS,
    STRUCTURE_END,
    ZONE_AFTER,
    extract,
    find_persons,
    scan,
)

__all__ = [
    "AFTER_NAME",
    "AFTER_NAME_CHARS",
    "AFTER_NAME_VERB",
    "COMMON_WORD_FREQUENCY",
    "COMPANY_AFTER",
    "COMPANY_BEFORE",
    "COMPONENT",
    "CREDIT_AFTER",
    "FOREIGN_REST",
    "GENERIC_TITLE",
    "KIND",
    "LEVEL_CHARS",
    "LISTED_NAME",
    "LIST_JOINT",
    "MAX_TITLE_WORD",
    "NAME",
    "NAME_LIKE_FLAGS",
    "STRUCTURE_END",
    "ZONE_AFTER",
    "extract",
    "find_persons",
    "scan",
]
