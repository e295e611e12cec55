"""Extractors: each reads the segmented `Doc` and writes what it finds to `doc.spans[kind]`.

Every extractor is a spaCy pipeline component registered under its kind, and a plain function
`extract(text)` returning validated mentions, for use on one sentence in a notebook. Each kind is
a package of its own (`quantities/` …): its rules (rules.py), the lexicons only it reads, its
examples (examples.jsonl, which tests/test_examples.py runs) and a README.md on how its rules are
organized; `common` holds what several of them read the same way.
Organizations and persons read the entities of the name recognizer (`pipeline.ner`), which runs
as the component "entities" before them, and the places found before that.
"""

from .. import ner
from . import documents, indicators, organizations, persons, places, projects, quantities

#: extractor kind → spaCy component name, in the order the pipeline runs them
COMPONENTS = {
    "quantities": quantities.COMPONENT,
    "places": places.COMPONENT,
    "documents": documents.COMPONENT,
    ner.ENTITIES: ner.COMPONENT,
    "organizations": organizations.COMPONENT,
    "persons": persons.COMPONENT,
    "projects": projects.COMPONENT,
    "indicators": indicators.COMPONENT,
}

__all__ = ["COMPONENTS", "documents", "indicators", "organizations", "persons", "places", "projects", "quantities"]
