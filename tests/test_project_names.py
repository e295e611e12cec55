"""Project names: the shipped extractor (rules and classifier) over real sentences from the gold
articles and the unlabeled corpora, annotated by GOLD.md's rules (tests/examples/project_names.tsv).

Each row gives the names a correct extractor reports, as written in the sentence and in order of
first mention. A row with a third column `known error: …` is a mistake the extractor makes today:
it is an xfail with strict=True, so a change that fixes it (or changes it) shows in the suite."""

import pytest

from pipeline.extractors import projects

from conftest import read_table

KNOWN_ERROR = "known error:"


def _rows():
    params = []
    for number, row in enumerate(read_table("project_names.tsv"), 1):
        sentence = row[0]
        names = [name for name in (row[1] if len(row) > 1 else "").split("|") if name]
        note = row[2].strip() if len(row) > 2 else ""
        assert not note or note.startswith(KNOWN_ERROR), f"row {number}: third column {note!r}"
        marks = [pytest.mark.xfail(strict=True, reason=note)] if note else []
        params.append(pytest.param(sentence, names, marks=marks, id=f"{number:03d}-{sentence[:12]}"))
    return params


ROWS = _rows()


@pytest.mark.parametrize("sentence, names", ROWS)
def test_project_names(sentence, names):
    assert [p.name for p in projects.extract(sentence)] == names


@pytest.mark.parametrize("sentence", sorted({p.values[0] for p in ROWS}))
def test_project_offsets(sentence):
    """Every row, known errors included: whatever is found is found where the sentence says it."""
    for project in projects.extract(sentence):
        assert sentence[project.start : project.end] == project.text
        for mention in project.occurrences:
            assert sentence[mention.start : mention.end] == mention.text


def test_table_is_balanced():
    """The table keeps at least 120 rows, a third of them with no project."""
    assert len(ROWS) >= 120
    assert sum(1 for p in ROWS if not p.values[1]) * 3 >= len(ROWS)
