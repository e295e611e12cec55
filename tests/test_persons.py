"""Persons: one generic test over the examples table (extractors/persons/examples.tsv)."""

import pytest

from pipeline.extractors import persons

from conftest import examples_of, read_table


def expected(cell: str) -> list[tuple[str, str, bool]]:
    items = []
    for item in filter(None, cell.split("|")):
        name, _, title = item.partition(":")
        items.append((name, title.rstrip("*"), title.endswith("*")))
    return items


ROWS = [(row[0], expected(row[1] if len(row) > 1 else "")) for row in read_table(examples_of("persons"))]


@pytest.mark.parametrize("sentence, people", ROWS, ids=[r[0][:16] for r in ROWS])
def test_persons_examples(sentence, people):
    found = persons.extract(sentence)
    assert [(p.name, p.title or "", p.byline) for p in found] == people
    for person in found:
        assert sentence[person.start : person.end] == person.text
