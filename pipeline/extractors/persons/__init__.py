"""Persons: named people, with the title (职务) the text gives them.

The rules and the spaCy component "persons" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import *  # noqa: F403 (the package's names are the rules' public ones)
