"""Chinese government and economic news → validated, structured records.

    >>> from pipeline import extract
    >>> record = extract("紧扣《吉林省招商引资综合改革实施方案》部署。")
    >>> [d.name for d in record.documents]
    ['吉林省招商引资综合改革实施方案']

`load()` returns the reusable pipeline object (`.extract(text)`, `.process(article)`,
`.run(articles)`). The package, by role:

- `stages`: read, clean (and html), segment, assemble: what an article goes through;
- `extractors`: one package per kind of mention (quantities, places, documents, organizations,
  persons, projects, indicators), each with its rules, lexicons, examples and README;
- `ner`: the statistical name recognizer the organizations and persons extractors read;
- `language`: numerals, the gazetteer, the article's focus, and the tables several of them share;
- `runtime`: the stages composed (core), batch runs, output sinks and tables, Dask;
- `tools`: train, project_model, evaluate, bench, review (`python -m pipeline.tools.NAME`).

The modules' names from before this arrangement (`pipeline.read`, `pipeline.bench` …) still
import, as the same modules, and still run with `python -m` (`_moved`).
"""

from __future__ import annotations

from typing import Optional

from schemas import ArticleRecord

from . import _moved
from .runtime.core import ArticleError, Failure, Pipeline
from .version import __version__

_moved.install()

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
