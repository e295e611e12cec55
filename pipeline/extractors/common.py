"""What several extractors read the same way: resource files, jieba's dictionary, the words
before a point of the `Doc`, whether a stretch reads as a name, and longest-first overlap."""
from __future__ import annotations

import re
from importlib import resources
from typing import Iterable, TypeVar

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


def words_before(doc: Doc, end: int, reach: int) -> list:
    """The tokens that begin in the `reach` characters before `end`."""
    span = doc.char_span(max(0, end - reach), end, alignment_mode="expand")
    return [t for t in span if t.idx < end] if span is not None else []


def looks_like_a_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a stretch reads as a name rather than a trade or a thing (汽车、装备制造等企业,
    新能源汽车): it holds a word jieba knows as a name or does not know at all, or characters
    jieba could not join into words (中/煤 in 中煤集团)."""
    flags = word_flags()
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t.text for t in span] if span is not None else []
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
