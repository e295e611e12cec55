"""Projects: one generic test over the examples table (extractors/projects/examples.tsv), which
holds what the rules propose and keep sentence by sentence (the shipped classifier's choice among
the proposals is tested, with its cross-validated figures, in test_project_model.py)."""

import pytest

from pipeline.extractors.projects import model as project_model
from pipeline.extractors import projects

from conftest import examples_of, read_table


def expected(cell: str) -> list[dict]:
    out = []
    for item in filter(None, (c.strip() for c in cell.split("|"))):
        name, status, investment, location, investors = (f.strip() for f in item.split("/"))
        out.append(
            {
                "name": name,
                "status": status or None,
                "investment": investment or None,
                "location": location or None,
                "investors": [i for i in investors.split(";") if i],
            }
        )
    return out


ROWS = [(row[0], expected(row[1] if len(row) > 1 else "")) for row in read_table(examples_of("projects"))]


@pytest.mark.parametrize("sentence, projects_expected", ROWS, ids=[r[0][:16] for r in ROWS])
def test_projects_examples(sentence, projects_expected):
    with project_model.using(None):
        found = projects.extract(sentence)
    assert [
        {
            "name": p.name,
            "status": p.status,
            "investment": p.investment.text if p.investment else None,
            "location": p.location,
            "investors": p.investors,
        }
        for p in found
    ] == projects_expected
    for project in found:
        assert sentence[project.start : project.end] == project.text
