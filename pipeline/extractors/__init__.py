"""Extractors: each reads the segmented `Doc` and writes what it finds to `doc.spans[kind]`.

Every extractor is a spaCy pipeline component registered under its kind, and a plain function
`extract(text)` returning validated mentions, for use on one sentence in a notebook.
"""
from . import documents, places, quantities

#: extractor kind → spaCy component name, in the order the pipeline runs them
COMPONENTS = {"quantities": quantities.COMPONENT, "places": places.COMPONENT, "documents": documents.COMPONENT}

__all__ = ["COMPONENTS", "documents", "places", "quantities"]
