"""Documents: titles of policies, plans, reports and books, written in 《》.

The name is the title without its brackets; a title nested inside another
(《关于印发〈…办法〉的通知》) stays part of the outer one.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ...stages.segment import add_spans, declare_kind, doc_text

KIND = "documents"
COMPONENT = "documents"
# 《title》 on one line; 〈〉 inside is a nested title. Longer runs are unbalanced brackets.
TITLE = re.compile(r"《(?P<name>[^《》\n]{1,120})》")


@Language.component(COMPONENT, assigns=[declare_kind(KIND)])
def find_documents(doc: Doc) -> Doc:
    """Add a span for every 《》 title whose content is more than punctuation and space."""
    found: list[tuple[int, int, str, dict]] = []
    for match in TITLE.finditer(doc_text(doc)):
        name = match["name"].strip()
        if any(ch.isalnum() for ch in name):
            start = match.start("name") + match["name"].index(name)
            # the name is taken from the record's text as written (the Doc may read 縣 as 县)
            found.append((start, start + len(name), "DOCUMENT", {}))
    doc = add_spans(doc, KIND, found)
    return doc


def extract(text: str):
    """The documents named in `text`, as validated `schemas.Document` mentions."""
    from ... import load

    return load().extract(text).documents
