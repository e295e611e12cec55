"""Documents: one generic test over the examples table (extractors/documents/examples.tsv)."""

import pytest

from pipeline.extractors import documents

from conftest import examples_of, read_table

ROWS = [
    (row[0].replace("\\n", "\n"), [n for n in (row[1] if len(row) > 1 else "").split("|") if n])
    for row in read_table(examples_of("documents"))
]


@pytest.mark.parametrize("sentence, names", ROWS, ids=[r[0][:16] for r in ROWS])
def test_documents_examples(sentence, names):
    found = documents.extract(sentence)
    assert [d.name for d in found] == names
    for doc in found:
        assert sentence[doc.start : doc.end] == doc.text
