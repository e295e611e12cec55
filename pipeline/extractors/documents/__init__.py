"""Documents: titles of policies, plans, reports and books, written in 《》.

The rules and the spaCy component "documents" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks.
"""

from .rules import COMPONENT, KIND, TITLE, extract, find_documents

__all__ = ["COMPONENT", "KIND", "TITLE", "extract", "find_documents"]
