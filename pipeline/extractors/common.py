"""What several extractors read the same way: lexicon files, jieba's dictionary, the words
before a point of the `Doc`, whether a stretch reads as a name, and longest-first overlap."""

from __future__ import annotations

import bisect
import re
from importlib import resources
from typing import Iterable, NamedTuple, TypeVar

from spacy.tokens import Doc

from ..stages.segment import doc_text

# jieba's flags of names; x: a word it does not know
NAME_FLAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "x"}
Span = TypeVar("Span", bound=tuple)


def resource_lines(name: str, package: str) -> list[str]:
    """The non-blank, non-comment lines of the lexicon file `name` in the folder of `package`
    (the caller's `__package__`: an extractor's own words; "pipeline.language": shared ones),
    stripped."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def resource_table(name: str, package: str) -> list[list[str]]:
    """The rows of a tab-separated lexicon file in the folder of `package`."""
    return [line.split("\t") for line in resource_lines(name, package)]


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the words, the longest where several begin at one place (建成投产
    over 建成). Written as a trie (建(?:成(?:投产)?|设)): Python's regex engine tries the branches
    of a flat alternation one by one at every position, which costs a lexicon of hundreds of words
    hundreds of tries per character."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word may end before this node's branches: they are optional, tried first (longest)
        return body + "?" if len(branches) == 1 and len(branches[0]) == len(re.escape(branches[0][:1])) else f"(?:{body})?"
    return body


def word_flags() -> dict:
    """jieba's dictionary: word → part-of-speech flag."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def word_frequency(word: str) -> int:
    """How often jieba's dictionary says the word occurs (0: a word it does not know)."""
    import jieba

    return jieba.dt.FREQ.get(word) or 0


class Word(NamedTuple):
    idx: int  # where the word begins, as a token's idx
    text: str


def words_before(doc: Doc, end: int, reach: int) -> list[Word]:
    """The words that begin before `end`, from the one holding the character `reach` before it."""
    starts, ends = _word_table(doc)
    begin = max(0, end - reach)
    first = max(0, bisect.bisect_right(starts, begin) - 1)
    if first < len(starts) and ends[first] <= begin:
        first += 1  # `begin` is in the space after that word
    text = doc_text(doc)
    return [Word(starts[i], text[starts[i] : ends[i]]) for i in range(first, bisect.bisect_left(starts, end))]


def _word_table(doc: Doc) -> tuple[list[int], list[int]]:
    """Where the Doc's words begin and end, read once per tokenization (a span added later may
    split tokens: the table is read again when the count changes)."""
    cached = doc.user_data.get("word_table")
    if cached is None or cached[0] != len(doc):
        from spacy.attrs import IDX, LENGTH

        bounds = doc.to_array([IDX, LENGTH]) if len(doc) else None
        starts = bounds[:, 0].tolist() if bounds is not None else []
        ends = (bounds[:, 0] + bounds[:, 1]).tolist() if bounds is not None else []
        cached = (len(doc), starts, ends)
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
    kept: list = []  # in text order: they do not overlap, so only the kept one before `end` may
    starts: list[int] = []
    for candidate in sorted(set(candidates), key=lambda c: (c[0] - c[1], c[0], *c[2:])):
        start, end = candidate[0], candidate[1]
        i = bisect.bisect_left(starts, end)  # kept[i - 1] is the last to begin before `end`
        if i == 0 or kept[i - 1][1] <= start:
            kept.insert(i, candidate)
            starts.insert(i, start)
    return kept


class Spans:
    """Spans (start, end, …), looked up by where they begin: a long text has thousands (a scan
    of them all for each proposal or mention would make the extractor quadratic)."""

    REACH = 64  # no span of these kinds is longer

    def __init__(self, spans: Iterable[tuple]) -> None:
        self.spans = sorted(spans, key=lambda span: span[:2])
        self.starts = [span[0] for span in self.spans]
        self.set = {span[:2] for span in self.spans}

    def __contains__(self, span: tuple[int, int]) -> bool:
        return span in self.set

    def __iter__(self):
        return iter(self.spans)

    def starting_in(self, first: int, last: int) -> list[tuple]:
        """The spans that begin at first..last (both included)."""
        return self.spans[bisect.bisect_left(self.starts, first) : bisect.bisect_right(self.starts, last)]

    def starting_at(self, start: int) -> list[tuple]:
        return self.starting_in(start, start)

    def inside(self, start: int, end: int) -> list[tuple]:
        """The spans that lie within start..end."""
        return [span for span in self.starting_in(start, end - 1) if span[1] <= end]

    def overlapping(self, start: int, end: int) -> list[tuple]:
        """The spans that share a character with start..end, in text order."""
        return [span for span in self.starting_in(start - self.REACH, end - 1) if span[1] > start]

    def near(self, offset: int) -> list[tuple]:
        """The spans that begin at most REACH characters before `offset` or right after it."""
        return self.starting_in(offset - self.REACH, offset + 1)

    def ending_before(self, start: int, reach: int) -> list[tuple]:
        """The spans that end before `start`, at most `reach` characters before it."""
        return [span for span in self.starting_in(start - reach - self.REACH, start - 1) if start - reach <= span[1] <= start]
