"""What several extractors read the same way: lexicon files, jieba's dictionary, the words
before a point of the `Doc`, whether a stretch reads as a name, longest-first overlap, where a
name ending at a point begins (`name_start`) and the items of a list (`list_items`), what differs
between the kinds given as named parameters (`NameWords`, `ListShape`)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Callable, Iterable, Iterator, NamedTuple, Optional, TypeVar

from spacy.tokens import Doc

from ..language import dictionary
from ..stages.segment import doc_text, word_bounds

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


def resource_groups(name: str, package: str) -> dict[str, tuple[str, ...]]:
    """A lexicon file of word<TAB>role rows in the folder of `package`: role → its words, in file order."""
    groups: dict[str, list[str]] = {}
    for word, role, *_ in resource_table(name, package):
        groups.setdefault(role, []).append(word)
    return {role: tuple(words) for role, words in groups.items()}


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


def first_characters(*word_lists: Iterable[str]) -> str:
    """A lookahead for the first characters of these words, to open a pattern whose own first
    part is optional ((?:市|省)?交通局): the regex engine then turns most positions down on one
    character, where it would try the branches of every part at each (five times slower over
    news). Patterns that open with a word list need none: the engine scans for their first characters itself."""
    return "(?=[" + "".join(re.escape(char) for char in sorted({word[0] for words in word_lists for word in words if word})) + "])"


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
    return dictionary.load().flags


def word_frequency(word: str) -> int:
    """How often jieba's dictionary says the word occurs (0: a word it does not know)."""
    return dictionary.load().frequencies.get(word) or 0


class Word(NamedTuple):
    idx: int  # where the word begins, as a token's idx
    text: str


def words_before(doc: Doc, end: int, reach: int) -> list[Word]:
    """The words that begin before `end`, from the one holding the character `reach` before it."""
    _, starts, ends = word_bounds(doc)
    begin = max(0, end - reach)
    first = max(0, bisect.bisect_right(starts, begin) - 1)
    if first < len(starts) and ends[first] <= begin:
        first += 1  # `begin` is in the space after that word
    last = bisect.bisect_left(starts, end)
    text = doc_text(doc)
    return [Word(start, text[start:stop]) for start, stop in zip(starts[first:last], ends[first:last])]


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


def words_between(doc: Doc, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, word) of the words between start and end, a word running past `end` cut there
    (重大项目 before its head word 项目 is 重大)."""
    _, starts, ends = word_bounds(doc)
    first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    text = doc_text(doc)
    return [(word_start, text[word_start : min(word_end, end)]) for word_start, word_end in zip(starts[first:last], ends[first:last])]


# --- where a name begins -------------------------------------------------------------------------


@dataclass(frozen=True)
class NameWords:
    """What the words of one kind of name may be: the parameters in which the kinds differ, for
    `name_start` to read a name back from its end (a company's name holds verbal nouns, a
    project's a bracketed phase, neither a verb of the sentence)."""

    reach: int  # characters a name runs back at most
    not_in_names: frozenset[str]  # jieba flags (their first letter) of the words a name cannot hold
    stop_words: frozenset[str] = frozenset()  # words before a name that it never holds (企业 + 浙江万华…; 推进 + …项目)
    kept_words: frozenset[str] = frozenset()  # words a name holds whatever their flag (现代, 当代: time words)
    kept_flags: frozenset[str] = frozenset()  # flags a name holds though their letter is in not_in_names (a company's vn: 投资, 发展)
    numbers: bool = True  # whether a name may hold a bare number (中铁十五局; a list's company names do not)
    inner_marks: frozenset[str] = frozenset()  # punctuation a name holds (·, —)
    brackets: bool = False  # whether a name holds bracketed parts (产业园(二期)), read back to their opening
    phases: Optional[re.Pattern] = None  # words a name holds whatever jieba says of them (一期, 二号)
    joiners: frozenset[str] = frozenset()  # words that join two parts of one name (培训及制造基地, 黄家埠至牟山段)
    glued_function_chars: frozenset[str] = frozenset()  # 有 + 哈麻: a function character jieba glued to an unknown name
    amount_units: Optional[frozenset[str]] = None  # units of the amounts a name comes after (投资5亿元的, 13个); others are in it (10GW)
    whole_words: bool = False  # a word running past the end is read whole (集团股份 + 有限公司), not cut there (重大 + 项目)
    counted: Optional[re.Pattern] = None  # a count a name never begins with (一条 + OLED生产线)

    @cached_property
    def rules(self) -> tuple["NameWordRule", ...]:
        """The rules of `NAME_WORD_RULES` these words call for (those whose parameter is set), in order."""
        return tuple(rule for rule, needs in NAME_WORD_RULES if needs is None or getattr(self, needs))


class _Walk:
    """A name read back word by word from its end (`name_start`)."""

    __slots__ = ("doc", "text", "end", "words", "first_word_counts", "amounts", "part_ends", "start", "opened")

    def __init__(
        self,
        doc: Doc,
        end: int,
        words: NameWords,
        first_word_counts: bool,
        amounts: Optional[Spans],
        part_ends: Optional[Callable[[int], bool]],
    ) -> None:
        self.doc, self.text, self.end, self.words = doc, doc_text(doc), end, words
        self.first_word_counts = first_word_counts
        self.amounts = amounts
        self.part_ends = part_ends
        self.start = end
        self.opened = 0  # brackets closed inside the name, not yet opened


# what a rule says of a word before a name's end: it is the name's (go on), the name begins after
# it, or nothing (the next rule tells)
TAKE, STOP = True, False
NameWordRule = Callable[[_Walk, int, str, str], Optional[bool]]


def name_start(
    doc: Doc,
    end: int,
    words: NameWords,
    *,
    first_word_counts: bool = False,
    amounts: Optional[Spans] = None,
    part_ends: Optional[Callable[[int], bool]] = None,
) -> int:
    """Where a name ending at `end` begins: after the last word before it that the name cannot
    hold, by the first of `NAME_WORD_RULES` to say (punctuation, a word of the flags `words`
    excludes, a word that introduces names), at most `words.reach` characters back. With
    `first_word_counts`, the word right before `end` is the name's whatever its flag (已有 + 上工:
    a name jieba reads as a verb); `amounts` are the text's quantities (a capacity is a name's, an
    amount of money comes before it); `part_ends(offset)` tells whether a part of the name ends at
    offset (then a joiner before the next part does not join: the name begins after it)."""
    walk = _Walk(doc, end, words, first_word_counts, amounts, part_ends)
    flags = word_flags()
    for token in reversed(words_before(doc, end, words.reach)):
        word = token.text if words.whole_words else token.text[: end - token.idx]
        flag = flags.get(word, "x")
        verdict = TAKE
        for rule in words.rules:
            said = rule(walk, token.idx, word, flag)
            if said is not None:
                verdict = said
                break
        if verdict is STOP:
            break
        walk.start = token.idx
        if word[0] in words.glued_function_chars and word not in flags and len(word) >= 3:
            return walk.start + 1  # 有哈麻: 有 + 哈麻
    start = _after_unmatched_bracket(walk.text, walk.start, end) if words.brackets else walk.start
    return _without_leading_stop_words(walk, start)


def _beyond_reach(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """A word more than `reach` characters back, or a space: the name begins after it."""
    return STOP if walk.end - idx > walk.words.reach or not word.strip() else None


def _bracket(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """产业园(二期): with `brackets`, a closing bracket is the name's, and its opening one; an
    opening bracket the name did not close begins it after."""
    if not walk.words.brackets or word not in ("(", "（", ")", "）"):
        return None
    if word in (")", "）"):
        walk.opened += 1
        return TAKE
    if not walk.opened:
        return STOP
    walk.opened -= 1
    return TAKE


CAPACITY_JOIN = re.compile(r"[\w][/×*]\d")  # two capacities joined (45万吨合成氨/80万吨尿素, 2×135兆瓦)


def _in_a_capacity(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """20万吨/年, 2*7500t/d, 100MW/200MWh: a capacity (an amount of neither money nor a count) and
    the marks joining capacities are the name's."""
    amounts, units = walk.amounts, walk.words.amount_units
    if amounts is None or units is None:
        return None
    if any(q_start < idx < q_end and attrs.get("unit") not in units for q_start, q_end, attrs in amounts.near(idx)):
        return TAKE
    return TAKE if word in ("/", "×", "*") and CAPACITY_JOIN.match(walk.text, idx - 1) else None


def _punctuation(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """Punctuation the name does not hold, and a dash pair setting a name beside what describes
    it (国内最大货运机场——X): the name begins after them."""
    if (not word[0].isalnum() and word not in walk.words.inner_marks) or walk.text[idx - 1 : idx + 1] == "——":
        return STOP
    return None


def _phase(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """一期, 三期: jieba reads them as adverbs and times; they are the name's."""
    phases = walk.words.phases
    return TAKE if phases is not None and phases.fullmatch(word) else None


def _not_a_name_word(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """A word introducing names (`stop_words`), of a flag names do not hold (`not_in_names`:
    verbs, prepositions, adverbs …, but `kept_flags`, `kept_words`) or a bare number where names
    hold none: the name begins after it, unless it joins two parts of the name (培训及制造基地: a
    joiner after a part that is no whole name) or is the word `first_word_counts` keeps."""
    words = walk.words
    stop_word = word in words.stop_words
    excluded = flag not in words.kept_flags and (
        flag[:1] in words.not_in_names and word not in words.kept_words or not words.numbers and word.isdigit()
    )
    if not (stop_word or excluded):
        return None
    if word in words.joiners and walk.start < walk.end and not (walk.part_ends is not None and walk.part_ends(idx)):
        return TAKE
    if walk.first_word_counts and walk.start == walk.end and not stop_word:
        return TAKE
    return STOP


def _an_amount_before(walk: _Walk, idx: int, word: str, flag: str) -> Optional[bool]:
    """投资5亿元的, 13个: an amount of money, a count, a share or a time comes before a name, not in
    it (10GW, 年产20万台 are; 千亿化工产业园: a bare scale word is)."""
    amounts, units = walk.amounts, walk.words.amount_units
    if amounts is None or units is None:
        return None
    end = idx + len(word)
    for q_start, q_end, attrs in amounts.overlapping(idx, end):
        if q_start < end and idx < q_end:
            scale_only = not any(ch.isdigit() for ch in walk.text[q_start:q_end])
            return STOP if attrs.get("unit") in units and not scale_only else None
    return None


# the rules for a word before a name's end, in the order they are asked (none saying: the word is
# the name's), each with the parameter of `NameWords` it reads, if it is asked only where that is set
NAME_WORD_RULES: tuple[tuple[NameWordRule, Optional[str]], ...] = (
    (_beyond_reach, None),
    (_bracket, "brackets"),
    (_in_a_capacity, "amount_units"),
    (_punctuation, None),
    (_phase, "phases"),
    (_not_a_name_word, None),
    (_an_amount_before, "amount_units"),
)


def _after_unmatched_bracket(text: str, start: int, end: int) -> int:
    """`start` moved past a closing bracket whose opening one lies before the name (2.4米)OLED生产线)."""
    depth = 0
    for i in range(end - 1, start - 1, -1):
        if text[i] in ")）":
            depth += 1
        elif text[i] in "(（":
            depth -= 1
    if depth <= 0:
        return start
    for i in range(start, end):  # the first unmatched ")" from the left
        if text[i] in ")）":
            opened = sum(text[j] in "(（" for j in range(start, i)) - sum(text[j] in ")）" for j in range(start, i))
            if opened <= 0:
                start = i + 1
    return start


def _without_leading_stop_words(walk: _Walk, start: int) -> int:
    """`start` moved past the words introducing names that a joiner let into the name (以及一批5G装置
    → 5G装置), and past a count it begins with (`counted`: 一条OLED生产线)."""
    words = walk.words
    for offset, word in _words_from(walk.doc, start, walk.end, whole=words.whole_words):
        if word not in words.stop_words:
            counted = words.counted.match(walk.text, offset, walk.end) if words.counted is not None else None
            return counted.end() if counted else offset
    return walk.end


def _words_from(doc: Doc, start: int, end: int, whole: bool) -> list[tuple[int, str]]:
    """(offset, word) of the words beginning at start..end, the last whole or cut at `end`."""
    if not whole:
        return words_between(doc, start, end)
    return [(t.idx, t.text) for t in words_before(doc, end, reach=end - start + 8) if t.idx >= start]


# --- the items of a list -------------------------------------------------------------------------

CLAUSE_MARKS = re.compile(r"[，,。！？；;!?\n：:]")


@dataclass(frozen=True)
class ListShape:
    """How one kind's lists are written, for `list_items` to read them back from their end
    (before 等…企业, 等一批项目): the parameters in which the kinds differ."""

    name: NameWords  # where an item's name begins
    reach: int  # words_only: characters the whole list runs back at most; else: how far back an item's clause begins at most
    # the list is a run of words, 、 its only punctuation (a list of companies); else any 、 of an
    # item's clause ends the item before
    words_only: bool
    joiners: frozenset[str] = frozenset()  # words besides 、 that separate the last two items (和, 及, 与)
    whole_items: bool = False  # an item between two separators is whole (上工、兄弟标准、贵衣); else it begins where its name does
    first_word_counts: bool = False  # the first item's name holds the word right before its end (`name_start`)
    lone_item: bool = True  # whether an item with no separator is a list (X等重大项目), or a kind of thing (X等企业)
    activity: Optional[re.Pattern] = None  # what an item may end with after its name (电子商务 + 建设等27个项目)
    max_items: int = 1_000


def list_items(
    doc: Doc, end: int, shape: ListShape, *, amounts: Optional[Spans] = None, part_ends: Optional[Callable[[int], bool]] = None
) -> list[tuple[int, int]]:
    """The items of the 、-separated list ending at `end`, read back separator by separator, from
    the last to the first (`amounts`, `part_ends`: as `name_start` takes them)."""
    text = doc_text(doc)
    while end > 0 and text[end - 1] == "、":
        end -= 1
    separators = _separators_in_words(doc, end, shape) if shape.words_only else _separators_in_clauses(text, end, shape.reach)
    items: list[tuple[int, int]] = []
    item_end = end
    for separator in itertools.chain(separators, [None]):
        if separator is None and item_end == end and not shape.lone_item:
            return []  # X等企业: a lone item names a kind of thing
        if shape.whole_items and separator is not None:
            start = separator[1]
        else:
            start = _item_start(doc, text, item_end, shape, first=separator is None, amounts=amounts, part_ends=part_ends)
        if item_end - start >= 2:
            items.append((start, item_end))
        if separator is None or len(items) > shape.max_items:
            break
        item_end = separator[0]
    return items


def _item_start(
    doc: Doc,
    text: str,
    item_end: int,
    shape: ListShape,
    *,
    first: bool,
    amounts: Optional[Spans],
    part_ends: Optional[Callable[[int], bool]],
) -> int:
    """Where an item's name begins: before the activity it may end with (电子商务 + 建设), if a
    name of two characters or more stands there (else the item is empty)."""
    activity = shape.activity.search(text, max(0, item_end - 4), item_end) if shape.activity is not None else None
    name_end = activity.start() if activity else item_end
    first_word_counts = shape.first_word_counts and first
    start = name_start(doc, name_end, shape.name, first_word_counts=first_word_counts, amounts=amounts, part_ends=part_ends)
    return item_end if activity and activity.start() - start < 2 else start


def _separators_in_words(doc: Doc, end: int, shape: ListShape) -> Iterator[tuple[int, int]]:
    """(start, end) of the separators of a list that is a run of words before `end`, from the
    last: 、, and a joiner between words of two characters or more unless it begins an item
    (研究所、和利时) or sits inside a name (必和必拓); the run ends at other punctuation, a space
    or `reach` characters back."""
    tokens = words_before(doc, end, shape.reach)
    item_end = end
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        after = token.idx + len(token.text)
        if (token.text == "、" and item_end > after) or (
            token.text in shape.joiners and item_end - after >= 2 and i > 0 and tokens[i - 1].text != "、" and len(tokens[i - 1].text) >= 2
        ):
            yield token.idx, after
            item_end = token.idx
        elif not token.text.strip() or not token.text[0].isalnum() or end - token.idx > shape.reach:
            return


def _separators_in_clauses(text: str, end: int, reach: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the 、 before each item, from the last: the last 、 of the item's clause
    (which begins at the last clause mark at most `reach` characters back, else with the text)."""
    item_end = end
    while True:
        clause = max([m.end() for m in CLAUSE_MARKS.finditer(text, max(0, item_end - reach), item_end)] or [0])
        separator = text.rfind("、", clause, item_end)
        if separator < 0:
            return
        yield separator, separator + 1
        item_end = separator
