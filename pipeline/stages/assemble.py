"""Stage 5, assemble: the annotated `Doc` and the article's metadata → a validated ArticleRecord."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import ValidationError
from spacy.tokens import Doc, Span

from schemas import MENTION_MODELS, ArticleRecord, FocusPlace, PageMeta, Place, Project, RelatedLink, TextSpan

from .clean import CleanArticle
from ..language.focus import focus_place
from .read import RawArticle
from .segment import span_attrs

# Every kind but quantities and indicators lists each distinct item once per article, located at
# its first mention, with the other mentions as `occurrences`.
LISTED_EVERY_TIME = {"quantities", "indicators"}


def claimed(doc: Doc) -> dict[str, list[Span]]:
    """Each kind's spans, the words two kinds claim given to one of them: the one place where the
    kinds' overlaps are resolved, each extractor having written only its own kind.

    An organization that ends where a project ends, and begins inside it, is the project's name
    read as a body's (格力电器西南产业基地; 区块链研究院 of 人工智能与区块链研究院): the project keeps
    it. 格力电器 at the start of 格力电器西南产业基地 stays a company."""
    spans = {kind: list(doc.spans.get(kind, [])) for kind in MENTION_MODELS}
    project_start: dict[int, int] = {}  # a project's end → the earliest start of a project ending there
    for span in spans["projects"]:
        project_start[span.end_char] = min(span.start_char, project_start.get(span.end_char, span.start_char))
    spans["organizations"] = [s for s in spans["organizations"] if not project_start.get(s.end_char, s.start_char + 1) <= s.start_char]
    return spans


def mentions(doc: Doc, text: str, kind: str, warnings: list[str], spans: Optional[list[Span]] = None) -> list:
    """The validated mentions of one kind, in text order: of `spans`, or else of all the spans the
    extractors put on `doc`.

    A mention that fails validation is left out and described in `warnings`: one extractor's
    mistake costs that mention, not the article."""
    model = MENTION_MODELS[kind]
    spans = sorted(doc.spans.get(kind, []) if spans is None else spans, key=lambda s: (s.start_char, -s.end_char))
    items: dict[object, dict] = {}
    for n, span in enumerate(spans):
        attrs = dict(span_attrs(doc, kind, span))
        located: dict[str, Any] = {"text": text[span.start_char : span.end_char], "start": span.start_char, "end": span.end_char}
        if "name" in model.model_fields and "name" not in attrs:
            attrs["name"] = located["text"]  # a name as written in the article
        attrs = _as_written(attrs, text)
        # a place is one item per division (two 朝阳区 are two places), anything else per name
        key = n if kind in LISTED_EVERY_TIME else attrs.get("code") or attrs.get("name", located["text"])
        if key in items:
            items[key]["occurrences"].append(TextSpan(**located))
        else:
            items[key] = {**attrs, **located} if kind in LISTED_EVERY_TIME else {**attrs, **located, "occurrences": []}
    out = []
    for fields in items.values():
        try:
            out.append(model(**fields))
        except ValidationError as exc:
            warnings.append(f"{kind} {fields['text']!r} at {fields['start']}: {exc.errors()[0]['msg']}")
    return out


def _as_written(attrs: dict, text: str) -> dict:
    """(start, end) values, here and in nested fields (a project's investment), become the words
    at those offsets as the article writes them (the extractors read 億 as 亿)."""
    return {
        key: text[value[0] : value[1]] if isinstance(value, tuple) else _as_written(value, text) if isinstance(value, dict) else value
        for key, value in attrs.items()
    }


def assemble(doc: Doc, article: RawArticle, cleaned: CleanArticle, version: str) -> ArticleRecord:
    """Build the article's record; pydantic validation rejects any inconsistency."""
    warnings: list[str] = []
    found: dict[str, Any] = {
        kind: mentions(doc, cleaned.text, kind, warnings, spans) for kind, spans in claimed(doc).items()
    }  # the record's list fields, passed as keywords
    meta = PageMeta(
        format=article.format,
        encoding=article.encoding,
        url=article.url,
        outlet=cleaned.outlet,
        credits=cleaned.credits,
        warnings=warnings,
        related=[RelatedLink(relation=rel, title=title) for rel, title in cleaned.related],
    )
    focus = focus_place(found["places"], cleaned.title, " ".join(filter(None, [cleaned.outlet, *cleaned.credits])))
    if focus is not None:
        found["projects"] = [_located(project, focus, found["places"]) for project in found["projects"]]
    return ArticleRecord(
        id=article.id,
        source=article.source,
        sha256=article.sha256,
        pipeline_version=version,
        title=cleaned.title,
        published=cleaned.published,
        text=cleaned.text,
        meta=meta,
        focus=focus,
        **found,
    )


def _located(project: Project, focus: FocusPlace, places: list[Place]) -> Project:
    """A project whose text names no place, or only one the article's focus lies in (河北 for
    an article on 霸州), is where the article is about."""
    focus_parents = next((p.parents for p in places if p.code == focus.code), [])
    if project.location is None or project.location in focus_parents:
        return project.model_copy(update={"location": focus.code})
    return project
