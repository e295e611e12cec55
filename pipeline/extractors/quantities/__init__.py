"""Quantities: every amount with its unit, resolved to an exact value and a canonical unit.

The rules and the spaCy component "quantities" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import *  # noqa: F403 (the package's names are the rules' public ones)
