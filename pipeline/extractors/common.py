"""What several extractors read the same way: resource files, jieba's dictionary, the words
before a point of the `Doc`, whether a stretch reads as a name, and longest-first overlap."""
from __future__ import annotations

import bisect
import re
from importlib import resources
from typing import Iterable, NamedTuple, TypeVar

from spacy.tokens import Doc

# jieba's flags of names; x: a word it does not know
NAME_FLAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "x"}
Span = TypeVar("Span", bound=tuple)


def resource_lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of a file of `pipeline/resources`, stripped."""
    text = resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def resource_table(name: str) -> list[list[str]]:
    """The rows of a tab-separated resource file."""
    return [line.split("\t") for line in resource_lines(name)]


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of the words, longest first (so 建成投产 wins over 建成)."""
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


def word_flags() -> dict:
    """jieba's dictionary: word → part-of-speech flag."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


class Word(NamedTuple):
    idx: int  # where the word begins, as a token's idx
    text: str


def words_before(doc: Doc, end: int, reach: int) -> list[Word]:
    """The words that begin before `end`, from the one holding the character `reach` before it."""
    starts, words = _word_table(doc)
    begin = max(0, end - reach)
    first = max(0, bisect.bisect_right(starts, begin) - 1)
    if first < len(words) and words[first].idx + len(words[first].text) <= begin:
        first += 1  # `begin` is in the space after that word
    return words[first:bisect.bisect_left(starts, end)]


def _word_table(doc: Doc) -> tuple[list[int], list[Word]]:
    """The Doc's words and where they begin, built once per tokenization (a span added later
    may split tokens: the table is rebuilt when the count changes)."""
    cached = doc.user_data.get("word_table")
    if cached is None or cached[0] != len(doc):
        from spacy.attrs import IDX, LENGTH

        from ..segment import doc_text

        text = doc_text(doc)
        bounds = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        words = [Word(start, text[start:start + length]) for start, length in bounds]
        cached = (len(doc), [start for start, _ in bounds], words)
        doc.user_data["word_table"] = cached
    return cached[1], cached[2]


def looks_like_a_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a stretch reads as a name rather than a trade or a thing (汽车、装备制造等企业,
    新能源汽车): it holds a word jieba knows as a name or does not know at all, or characters
    jieba could not join into words (中/煤 in 中煤集团)."""
    flags = word_flags()
    words = [w.text for w in words_before(doc, end, end - start)]
    if any(flags.get(word, "x") in NAME_FLAGS for word in words):
        return True
    return any(len(a) == 1 and len(b) == 1 for a, b in zip(words, words[1:]))


def longest_first(candidates: Iterable[Span]) -> list[Span]:
    """Non-overlapping candidates (start, end, …), a longer one winning over any it overlaps
    (then the earlier, then the one sorting first by its other fields), in text order."""
    kept: list = []
    for candidate in sorted(set(candidates), key=lambda c: (c[0] - c[1], c[0], *c[2:])):
        start, end = candidate[0], candidate[1]
        if all(end <= k[0] or start >= k[1] for k in kept):
            kept.append(candidate)
    return sorted(kept)
