"""Main text of a news web page, without navigation, sidebars and footers.

trafilatura does the boilerplate removal (benchmarks/html_extractors.py compares it with
readability-lxml and jusText on real pages): it returns the headline and the publication date
as separate fields and the article body as plain text, one paragraph a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, cast

if TYPE_CHECKING:
    from trafilatura.settings import Document

TITLE_CLASS = re.compile(r"tit|headline", re.I)  # title, tit, news_tit, headline: the CMS names of a headline


@dataclass
class PageText:
    title: Optional[str]
    date: Optional[str]
    body: str


def main_text(html: str) -> PageText:
    """Return the page's headline, date and main text; the body is empty when none is found."""
    import trafilatura  # imported on first HTML page: plain-text runs do not pay for it

    html = CODE.sub(" ", html)  # megabytes of script in <head> would leave the parsers no body
    # a Document, not a dict: as_dict is left False
    result = cast(
        "Optional[Document]",
        trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True, include_comments=False, include_tables=True),
    )
    if result is None or not (result.text or "").strip():
        result = cast(
            "Optional[Document]",
            trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True, include_comments=False, include_tables=True),
        )
    title = ((result.title if result else None) or "").strip() or None
    body = (result.text if result else None) or ""
    tree = _tree(html)  # parsed once, for the fallbacks below
    paragraphs = _paragraphs(tree)
    # a fragment or an unusual page can defeat the boilerplate remover: the page's own paragraphs
    # then hold the article (a crawler's export of <p> elements after front matter)
    if len(body.strip()) < 0.25 * sum(len(p) for p in paragraphs):
        body = "\n".join(paragraphs)
    if not body.strip():  # nesting deeper than the parsers follow (255 levels): the page's text, tags out
        body = _flat_text(html)
    return PageText(title=title or _headline(tree, html, body), date=(result.date if result else None) or None, body=body)


# scripts (but the JSON-LD that holds a date), styles and comments
CODE = re.compile(r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<(style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
BLOCK_END = re.compile(r"<(?:/(?:p|div|h[1-6]|li|tr|section|article|blockquote)|br\s*/?)\s*>", re.I)
TAG = re.compile(r"<[^>]*>")
TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)


def _flat_text(html: str) -> str:
    """The text of the <body>, a line per block element, without parsing (a last resort)."""
    import html as entities

    start = re.search(r"<body[^>]*>", html, re.I)
    text = TAG.sub("", BLOCK_END.sub("\n", html[start.end() if start else 0 :]))
    lines = (_squeezed(entities.unescape(line)) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _tree(html: str):
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):  # empty, or nothing but a declaration
        return None


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(tree) -> list[str]:
    """The text of the page's <p> elements, outside scripts and styles, in order."""
    if tree is None:
        return []
    texts = (_squeezed(p.text_content()) for p in tree.iter("p"))
    return [text for text in texts if text]


def _headline(tree, html: str, body: str) -> Optional[str]:
    """A headline where <title> gives none: the first <h1>, else the first short element whose
    class or id says title (<div class="article-title">, "tit", "headline"), else the short block
    that shares the longest run of words with the body's first sentence (a lede restates its
    headline: 推介会在武汉举行！ over 6月6日，…推介会在武汉举行，…)."""
    if tree is None:
        return None
    element = TITLE_ELEMENT.search(html)
    if element and _squeezed(element.group(1)):
        return _squeezed(element.group(1))  # a <title> the parsers did not reach (deep nesting)
    candidates = list(tree.iter("h1")) + [
        e for e in tree.iter() if isinstance(e.tag, str) and TITLE_CLASS.search(f"{e.get('class', '')} {e.get('id', '')}")
    ]
    for element in candidates:
        text = _squeezed(element.text_content())
        if 2 <= len(text) <= 80:
            return text
    return _restated_in_lede(tree, body)


def _restated_in_lede(tree, body: str) -> Optional[str]:
    from difflib import SequenceMatcher

    lede = body.strip().split("\n", 1)[0][:200]
    if not lede:
        return None
    best, best_run = None, 11  # a run of a dozen characters or more: not a shared phrase
    blocks = (_squeezed(e.text_content()) for e in tree.iter() if isinstance(e.tag, str) and len(e) == 0)
    for text in list(dict.fromkeys(b for b in blocks if 8 <= len(b) <= 80 and b not in lede))[:500]:
        match = SequenceMatcher(None, text, lede, autojunk=False).find_longest_match(0, len(text), 0, len(lede))
        if match.size > best_run:
            best, best_run = text, match.size
    return best
