"""Stage 3, segment: text → one spaCy `Doc` per article, jieba words and sentences.

The words are jieba's. They are cut by jieba-rs (the `rjieba` package, jieba's algorithm and
dictionary in Rust, eight times faster than jieba's Python); a run of Latin letters, digits and
signs it leaves whole (1-5, 1.8L) is cut again as jieba cuts it (`language.dictionary`): the
words are then jieba's own, to the last word over the 21k corpus and the gold articles (a test
holds them to it), without jieba's in-memory dictionary.

The `Doc` is the one object the later stages share. Extractors write what they find onto it
as spans in `doc.spans[kind]`, with exact character offsets, through `add_spans`; their
attributes (a normalized name, a value, a code) travel with the span in `span_attrs`.
"""

from __future__ import annotations

import bisect
import logging
import re
from functools import cached_property
from typing import Any, Iterable, Optional, Protocol, cast

import jieba
import numpy
import rjieba
import spacy
from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.util import get_words_and_spaces
from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.tokens import Doc, Span

from ..language.dictionary import cut_latin, jieba_splits
from .read import LONE_SURROGATE

# Sentence ends: 。！？； and their ASCII forms end a sentence, and so does every line break;
# closing quotes and brackets, spaces and further end marks stay with the sentence before.
SENTENCE_BREAK = re.compile(r"[。！？；!?;\n][\s”’」』）)\"'。！？；!?;]*")
MAX_CHARS = 20_000_000  # spaCy refuses longer texts; a whole book fits below this

jieba.setLogLevel(logging.WARNING)


def jieba_words(text: str) -> Iterable[str]:
    """jieba's words of `text` (`jieba.cut(text)`, with its HMM for unknown words), fast."""
    at = 0
    for surrogate in LONE_SURROGATE.finditer(text):  # jieba-rs reads UTF-8: each a word of its own, as jieba has it
        yield from _words_of(text[at : surrogate.start()])
        yield surrogate.group()
        at = surrogate.end()
    yield from _words_of(text[at:])


def _words_of(text: str) -> Iterable[str]:
    for word in rjieba.cut(text, hmm=True):
        if jieba_splits(word):
            yield from cut_latin(word)  # 1-5 → 1, -, 5 as jieba cuts it
        else:
            yield word


def declare_kind(kind: str) -> str:
    """`doc._.<kind>`: the spans of `doc.spans[kind]`, as the components' `assigns` and
    `requires` name them, so that `nlp.analyze_pipes()` checks the order of the pipeline."""
    if not Doc.has_extension(kind):
        Doc.set_extension(kind, getter=lambda doc: doc.spans.get(kind, []))
    return f"doc._.{kind}"


@Language.component("sentences", assigns=["token.is_sent_start"])
def mark_sentences(doc: Doc) -> Doc:
    """Set sentence starts after 。！？； and at line breaks."""
    if not len(doc):
        return doc
    text = doc_text(doc)
    starts = numpy.full(len(doc), -1, dtype="int64")  # SENT_START: 1 starts, -1 does not
    starts[0] = 1
    breaks = [match.end() for match in SENTENCE_BREAK.finditer(text)]
    # the first token at or after each break (a break inside a token starts the next one)
    first = numpy.searchsorted(doc.to_array(IDX).astype("int64"), breaks)
    starts[first[first < len(doc)]] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]  # stub wants thinc's Ints2d
    return doc


class JiebaTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer with jieba's words (`jieba_words`), aligned to the text in linear time.

    spaCy's own alignment (util.get_words_and_spaces) re-slices the remaining text for every
    word, which takes minutes on a book-length article; jieba's words already tile the text.
    Made with spaCy's "char" segmenter, which loads nothing: spaCy's "jieba" one would load
    jieba's own dictionary tables, which the words no longer need.
    """

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for word in jieba_words(text):
            if word == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True  # a single space after a word is that token's trailing space
            elif word:
                words.append(word)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if text_length(doc) != len(text):  # never seen; spaCy's alignment is the safe fallback
            doc = Doc(self.vocab, *get_words_and_spaces([w for w in jieba_words(text) if w], text))
        doc.user_data["text"] = text  # doc.text would join every token again for each reader
        return doc


def build_nlp() -> Language:
    """A blank Chinese spaCy pipeline segmenting with jieba, with sentence boundaries."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = JiebaTokenizer(nlp.vocab, segmenter="char")  # type: ignore[arg-type]  # spaCy takes the name as well
    # spaCy computes a dozen attributes (shape, like_num, prefix …) for every new word; no stage
    # reads them, and they cost a fifth of segmenting a text full of new names and numbers
    nlp.vocab.lex_attr_getters = {}  # type: ignore[attr-defined]  # an attribute spaCy's stub leaves out
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("sentences")
    return nlp


def add_span(doc: Doc, key: str, start: int, end: int, label: str, **attrs: Any) -> Doc:
    """Add a span with these exact character offsets to `doc.spans[key]` (see `add_spans`)."""
    return add_spans(doc, key, [(start, end, label, attrs)])


def add_spans(doc: Doc, key: str, spans: Iterable[tuple[int, int, str, dict]]) -> Doc:
    """Add spans (start, end, label, attributes) with these exact character offsets to
    `doc.spans[key]`; return the Doc that holds them, which a component returns in turn.

    Where jieba's words do not break at a span's start or end, the token there is split, and
    every span group is rebuilt from its character offsets, which a split leaves valid (a Span
    object held from before a split is not: read spans back from `doc.spans`). The tokens are
    split once for all the spans given: split span by span, a long text's every mention would
    rebuild every group. On a long text with many splits the Doc is built afresh (a new object:
    hence the return value), as spaCy's retokenizer shifts every later token for each split.
    """
    spans = list(spans)
    length = text_length(doc)
    for start, end, _, _ in spans:
        if not 0 <= start < end <= length:
            raise ValueError(f"span {start}..{end} is outside the text (length {length})")
    split = _split_at(doc, [offset for start, end, _, _ in spans for offset in (start, end)])
    if split is not None:
        doc = split
        _rebuild_span_groups(doc)
    group = doc.spans.setdefault(key, [])
    for start, end, label, attrs in spans:
        span = doc.char_span(start, end, label=label)
        if span is None:  # the offsets fall on a token's trailing space
            raise ValueError(f"span {start}..{end} starts or ends on whitespace")
        group.append(span)
        doc.user_data[("attrs", key, start, end)] = attrs  # type: ignore[index]  # any key: the stub says str
    return doc


def doc_text(doc: Doc) -> str:
    """The Doc's text, kept by the tokenizer (spaCy rebuilds `doc.text` from the tokens)."""
    text = doc.user_data.get("text")
    return text if text is not None else doc.text


def text_length(doc: Doc) -> int:
    """len(doc.text) without building the text (spaCy joins every token for it)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def span_attrs(doc: Doc, key: str, span: Span) -> dict:
    """The attributes an extractor gave a span of `doc.spans[key]`."""
    return doc.user_data.get(("attrs", key, span.start_char, span.end_char), {})  # type: ignore[call-overload]  # any key


WORD_BOUNDS = "word_bounds"  # doc.user_data: the token count they were read at, and `word_bounds`


def word_bounds(doc: Doc) -> tuple[numpy.ndarray, list[int], list[int]]:
    """Where the Doc's tokens begin and end: (start, length) rows, and the starts and the ends as
    lists, read once per tokenization for every stage (a span added later may split tokens: they
    are read again when the count changes)."""
    cached = doc.user_data.get(WORD_BOUNDS)
    if cached is None or cached[0] != len(doc):
        bounds = doc.to_array([IDX, LENGTH]).astype(numpy.int64) if len(doc) else numpy.zeros((0, 2), numpy.int64)
        cached = (len(doc), bounds, bounds[:, 0].tolist(), (bounds[:, 0] + bounds[:, 1]).tolist())
        doc.user_data[WORD_BOUNDS] = cached
    return cached[1:]


# tokens shifted (splits × tokens) above which building the Doc afresh is faster than splitting
REBUILD_ABOVE = 2_000_000


def _split_at(doc: Doc, offsets: Iterable[int]) -> Optional[Doc]:
    """Split tokens so that each offset falls on a token boundary: the Doc split (in place, or
    built afresh), or None if no offset falls inside a token."""
    cuts: dict[int, list[int]] = {}
    bounds = word_bounds(doc)[0]
    wanted = numpy.fromiter(offsets, dtype=numpy.int64)
    # the token each offset falls strictly inside, if any (not its trailing space)
    holder = numpy.searchsorted(bounds[:, 0], wanted, side="right") - 1
    holder_start = bounds[holder, 0]
    inside = (holder >= 0) & (holder_start < wanted) & (wanted < holder_start + bounds[holder, 1])
    for i, offset in zip(holder[inside].tolist(), (wanted - holder_start)[inside].tolist()):
        cuts.setdefault(i, []).append(offset)
    if not cuts:
        return None
    # spans keep token indices across a retokenization: remember them by characters first
    saved = {key: [(s.start_char, s.end_char, s.label_) for s in group] for key, group in doc.spans.items()}
    doc.user_data["_saved_spans"] = saved
    pieces = {i: _pieces(doc[i].text, inner) for i, inner in cuts.items()}
    if len(cuts) * len(doc) > REBUILD_ABOVE:
        return _rebuilt(doc, pieces)
    with doc.retokenize() as retokenizer:
        for i, parts in pieces.items():
            token = doc[i]
            # a blank pipeline has no parser: each piece is attached to the first
            retokenizer.split(token, parts, heads=[(token, 0)] * len(parts))
    return doc


def _pieces(word: str, cuts: list[int]) -> list[str]:
    bounds = [0, *sorted(set(cuts)), len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:])]


def _rebuilt(doc: Doc, pieces: dict[int, list[str]]) -> Doc:
    """A new Doc of the same text with the tokens of `pieces` split into them; sentence starts,
    the text and the extractors' data kept (span groups are rebuilt by the caller)."""
    text = doc_text(doc)
    bounds = doc.to_array([IDX, LENGTH, SPACY, SENT_START]).astype(numpy.int64)  # no Token object per word
    words, spaces = [], []
    counts = numpy.ones(len(doc), dtype=numpy.int64)
    for i, (start, length, space) in enumerate(zip(bounds[:, 0].tolist(), bounds[:, 1].tolist(), bounds[:, 2].tolist())):
        parts = pieces.get(i)
        if parts is None:
            words.append(text[start : start + length])
            spaces.append(bool(space))
        else:
            words += parts
            spaces += [False] * (len(parts) - 1) + [bool(space)]
            counts[i] = len(parts)
    sentence_starts = numpy.repeat(bounds[:, 3], counts)
    later_pieces = numpy.ones(len(words), dtype=bool)
    later_pieces[numpy.cumsum(counts) - counts] = False  # each token's first piece keeps its value
    sentence_starts[later_pieces] = -1  # SENT_START: the pieces after the first start no sentence
    rebuilt = Doc(doc.vocab, words=words, spaces=spaces)
    rebuilt.from_array([SENT_START], sentence_starts.astype("uint64"))  # type: ignore[arg-type]  # stub wants thinc's Ints2d
    rebuilt.user_data.update(doc.user_data)
    return rebuilt


def _rebuild_span_groups(doc: Doc) -> None:
    saved = doc.user_data.pop("_saved_spans", {})
    for key, spans in saved.items():
        # no None: the offsets of spans fall on token boundaries, which a split keeps
        doc.spans[key] = cast("list[Span]", [doc.char_span(a, b, label=label) for a, b, label in spans])


class Boundaries(Protocol):
    """Membership of character offsets."""

    def __contains__(self, offset: int, /) -> bool: ...


class WordBoundaries(Protocol):
    """What the readers of `Words` ask: whether an offset starts or ends a word (a text read
    alone may answer yes everywhere)."""

    @property
    def starts(self) -> Boundaries: ...

    @property
    def ends(self) -> Boundaries: ...


class Words:
    """Where the jieba words of a Doc start and end (looked up by binary search: building sets
    of every boundary would cost more than the whole scan)."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc

    @cached_property
    def _bounds(self) -> tuple["_Sorted", "_Sorted"]:  # on first use: many texts never need the words
        _, starts, ends = word_bounds(self._doc)
        return _Sorted(starts), _Sorted(ends)

    @property
    def starts(self) -> "_Sorted":
        return self._bounds[0]

    @property
    def ends(self) -> "_Sorted":
        return self._bounds[1]


class _Sorted:
    """Membership in a sorted list of integers."""

    def __init__(self, values: list[int]) -> None:
        self.values = values

    def __contains__(self, value: int) -> bool:
        i = bisect.bisect_left(self.values, value)
        return i < len(self.values) and self.values[i] == value
