"""Organizations: one generic test over the examples table (extractors/organizations/examples.tsv)."""

import pytest

from pipeline.extractors import organizations

from conftest import examples_of, read_table

ROWS = [(row[0], [n for n in (row[1] if len(row) > 1 else "").split("|") if n]) for row in read_table(examples_of("organizations"))]


@pytest.mark.parametrize("sentence, names", ROWS, ids=[r[0][:16] for r in ROWS])
def test_organizations_examples(sentence, names):
    found = organizations.extract(sentence)
    assert [o.name for o in found] == names
    for org in found:
        assert sentence[org.start : org.end] == org.text
