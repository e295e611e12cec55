"""The stages composed: read → clean → segment → extract → assemble and validate."""

from __future__ import annotations

import dataclasses
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Union, cast

from pydantic import ValidationError
from spacy.tokens import Doc

from schemas import ArticleRecord

from ..stages.assemble import assemble
from ..stages.clean import CleanArticle, clean, extraction_view, front_matter, front_matter_date
from ..extractors import COMPONENTS
from ..stages.html import main_text
from ..ner import one_blas_thread
from ..stages.read import RawArticle, ReadError, writable
from ..stages.segment import build_nlp
from ..version import pipeline_version


class ArticleError(ValueError):
    """An article that cannot become a record (the reason is the message)."""


@dataclass
class Failure:
    """An input that produced no record: where it came from and why."""

    source: str
    reason: str


class Pipeline:
    """The reusable pipeline: load once, then call on one text or stream many articles."""

    def __init__(self) -> None:
        self.nlp = build_nlp()
        for component in COMPONENTS.values():
            self.nlp.add_pipe(component)
        self.version = pipeline_version()

    def extract(
        self,
        text: str,
        *,
        id: Optional[str] = None,
        source: Optional[str] = None,
        title: Optional[str] = None,
        published: Optional[str] = None,
        url: Optional[str] = None,
        format: str = "txt",
    ) -> ArticleRecord:
        """Extract a validated record from one article's text (plain text, or a page with format="html")."""
        if not isinstance(text, str):
            raise TypeError(f"extract() takes the article's text as a str, not {type(text).__name__}")
        if format not in ("txt", "html"):
            raise ValueError(f"format must be 'txt' or 'html', not {format!r}")
        text = writable(text)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        raw = RawArticle(
            id=id or f"text-{digest[:12]}",
            source=source or "<text>",
            format=format,
            text=text,
            sha256=digest,
            encoding=None,
            title=title and writable(title),
            date=published,
            url=url,
        )
        return self.process(raw)

    def process(self, article: RawArticle) -> ArticleRecord:
        """Clean, segment, extract and assemble one article; raise ArticleError if it cannot be done."""
        return self._extract(article, *self._segment(article))

    def _segment(self, article: RawArticle) -> tuple[CleanArticle, Doc]:
        cleaned = self.clean(article)
        if not cleaned.text.strip():
            if not article.text.strip():
                raise ArticleError("the text is empty")
            raise ArticleError("no article text left once page chrome is removed")
        return cleaned, self.nlp.make_doc(extraction_view(cleaned.text))

    def _extract(self, article: RawArticle, cleaned: CleanArticle, doc: Doc) -> ArticleRecord:
        with one_blas_thread():
            for _, component in self.nlp.pipeline:
                doc = component(doc)
        return self._assemble(article, cleaned, doc)

    @staticmethod
    def clean(article: RawArticle) -> CleanArticle:
        """The article without chrome; a front matter block gives its title and date; HTML pages
        first lose their markup and page furniture."""
        fields, text = front_matter(article.text)
        if fields:
            article = dataclasses.replace(
                article,
                text=text,
                title=article.title or fields.get("title"),
                date=article.date or front_matter_date(fields.get("date", "")),
            )
        if article.format != "html":
            return clean(article)
        page = main_text(article.text)
        article = dataclasses.replace(article, title=article.title or page.title, date=article.date or page.date)
        return clean(article, body=page.body)

    def run(self, items: Iterable[Union[RawArticle, ReadError]]) -> Iterator[Union[ArticleRecord, Failure]]:
        """Turn read results into records, one per item in order; a bad article becomes a
        Failure and the run goes on.

        Articles go through the stages BATCH at a time, each stage over the whole batch before
        the next: jieba's dictionary, the model's weights and each extractor's tables stay in
        the processor's cache for a batch, where taking each article through every stage in
        turn costs a fifth more time."""
        for group in batches(items):
            # the words a batch adds to spaCy's vocabulary leave with it: memory stays flat
            with self.nlp.memory_zone(), one_blas_thread():
                batch = [self._segmented(item) for item in group]
                for _, component in self.nlp.pipeline:
                    for article in batch:
                        article.through(component)
                results = [self._assembled(article) for article in batch]
            yield from results

    def _segmented(self, item: Union[RawArticle, ReadError]) -> _InBatch:
        """A read result as it enters a batch: cleaned and segmented, or failed."""
        if isinstance(item, ReadError):
            return _InBatch(item.source, failure=Failure(item.source, item.reason))
        article = _InBatch(item.source, raw=item)
        with article.guarded():
            article.cleaned, article.doc = self._segment(item)
        return article

    def _assembled(self, article: _InBatch) -> Union[ArticleRecord, Failure]:
        """An article of a batch once every component has run: its validated record, or its failure."""
        if article.raw is not None and article.cleaned is not None and article.doc is not None and article.failure is None:
            with article.guarded():
                return self._assemble(article.raw, article.cleaned, article.doc)
        return cast(Failure, article.failure)  # failed before, or in assembly just now

    def _assemble(self, article: RawArticle, cleaned: CleanArticle, doc: Doc) -> ArticleRecord:
        try:
            return assemble(doc, article, cleaned, self.version)
        except ValidationError as exc:
            raise ArticleError(f"record failed validation: {exc.errors()[0]['msg']}") from exc


# articles taken through the stages together: 256 ran the stages only 1 % faster over news and
# raised a corpus run's peak memory by 50 MB
BATCH = 64


@dataclass
class _InBatch:
    """An article of a batch on its way through the stages: its cleaned text and Doc so far,
    or the failure that stopped it."""

    source: str
    raw: Optional[RawArticle] = None
    cleaned: Optional[CleanArticle] = None
    doc: Optional[Doc] = None
    failure: Optional[Failure] = None

    def through(self, component: Callable[[Doc], Doc]) -> None:
        """The article after one more component of the pipeline (none once it has failed)."""
        if self.doc is not None and self.failure is None:
            with self.guarded():
                self.doc = component(self.doc)

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """A stage of this article: if it raises, the article fails and the batch goes on."""
        try:
            yield
        except ArticleError as exc:
            self.failure = Failure(self.source, str(exc))
        except Exception as exc:  # one article must never stop a batch
            self.failure = Failure(self.source, f"extraction failed: {type(exc).__name__}: {exc}")


def batches(items: Iterable[Union[RawArticle, ReadError]], articles: int = BATCH, characters: Optional[int] = None) -> Iterator[list]:
    """The items in batches of `articles`, or fewer holding `characters` of text."""
    batch: list = []
    held = 0
    for item in items:
        batch.append(item)
        held += len(item.text) if isinstance(item, RawArticle) else 0
        if len(batch) >= articles or (characters is not None and held >= characters):
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
