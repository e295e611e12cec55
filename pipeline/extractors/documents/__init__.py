"""Documents: titles of policies, plans, reports and books, written in 《》.

The rules and the spaCy component "documents" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import *  # noqa: F403 (the package's names are the rules' public ones)
