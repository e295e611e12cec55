"""Projects: named undertakings with their stage, the money invested, where and by whom.

The rules and the spaCy component "projects" are in rules.py, named here as they are there;
README.md tells how they are organized, examples.jsonl holds the examples tests/test_examples.py checks; the
classifier that chooses among the proposals, at run time, is model.py.
"""

from .rules import *  # noqa: F403 (the package's names are the rules' public ones)
