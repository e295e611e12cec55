"""Main text of a news web page, without navigation, sidebars and footers.

trafilatura does the boilerplate removal (benchmarks/html_extractors.py compares it with
readability-lxml and jusText on real pages): it returns the headline and the publication date
as separate fields and the article body as plain text, one paragraph a line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

TITLE_CLASS = re.compile(r"tit|headline", re.I)  # title, tit, news_tit, headline: the CMS names of a headline


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
    title = ((result.title if result else None) or "").strip() or None
    body = (result.text if result else None) or ""
    paragraphs = _paragraphs(html)
    # a fragment or an unusual page can defeat the boilerplate remover: the page's own paragraphs
    # then hold the article (a crawler's export of <p> elements after front matter)
    if len(body.strip()) < 0.25 * sum(len(p) for p in paragraphs):
        body = "\n".join(paragraphs)
    return PageText(title=title or _headline(html), date=(result.date if result else None) or None, body=body)


def _tree(html: str):
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):  # empty, or nothing but a declaration
        return None


def _paragraphs(html: str) -> list[str]:
    """The text of the page's <p> elements, outside scripts and styles, in order."""
    tree = _tree(html)
    if tree is None:
        return []
    texts = (" ".join(p.text_content().split()) for p in tree.iter("p"))
    return [text for text in texts if text]


def _headline(html: str) -> Optional[str]:
    """A headline where <title> gives none: the first <h1>, else the first short element whose
    class or id says title (<div class="article-title">, "tit", "headline")."""
    tree = _tree(html)
    if tree is None:
        return None
    candidates = list(tree.iter("h1")) + [e for e in tree.iter() if isinstance(e.tag, str)
                                          and TITLE_CLASS.search(f"{e.get('class', '')} {e.get('id', '')}")]
    for element in candidates:
        text = " ".join(element.text_content().split())
        if 2 <= len(text) <= 80:
            return text
    return None
