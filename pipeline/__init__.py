"""Chinese government and economic news → validated, structured records.

    >>> from pipeline import extract
    >>> record = extract("紧扣《吉林省招商引资综合改革实施方案》部署。")
    >>> [d.name for d in record.documents]
    ['吉林省招商引资综合改革实施方案']

`load()` returns the reusable pipeline object (`.extract(text)`, `.process(article)`,
`.run(articles)`); the stages are the modules read, clean, segment, extractors, assemble.
"""

from __future__ import annotations

from typing import Optional

from schemas import ArticleRecord

from .core import ArticleError, Failure, Pipeline
from .version import __version__

_loaded: Optional[Pipeline] = None


def load() -> Pipeline:
    """The pipeline, built on first use and shared afterwards."""
    global _loaded
    if _loaded is None:
        _loaded = Pipeline()
    return _loaded


def extract(text: str, **metadata) -> ArticleRecord:
    """Extract a validated record from one article's text.

    Metadata (all optional): id, source, title, published, url, format ("txt" or "html").
    """
    return load().extract(text, **metadata)


__all__ = ["ArticleError", "ArticleRecord", "Failure", "Pipeline", "__version__", "extract", "load"]
