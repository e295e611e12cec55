"""Main text of a news web page, without navigation, sidebars and footers.

trafilatura does the boilerplate removal (benchmarks/html_extractors.py compares it with
readability-lxml and jusText on real pages): it returns the headline and the publication date
as separate fields and the article body as plain text, one paragraph a line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class PageText:
    title: Optional[str]
    date: Optional[str]
    body: str


def main_text(html: str) -> PageText:
    """Return the page's headline, date and main text; the body is empty when none is found."""
    import trafilatura  # imported on first HTML page: plain-text runs do not pay for it

    result = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True,
                                         include_comments=False, include_tables=True)
    if result is None or not (result.text or "").strip():
        result = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True,
                                             include_comments=False, include_tables=True)
    if result is None:
        return PageText(None, None, "")
    return PageText(title=(result.title or "").strip() or None, date=result.date or None,
                    body=result.text or "")
