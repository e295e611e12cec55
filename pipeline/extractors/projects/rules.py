"""Projects: named undertakings with their stage, the money invested, where and by whom.

A project is found three ways, the longest reading winning where they overlap:
- a name ending in a word that says it is a project (…项目, …产业园, …基地, …一体化;
  project_heads.txt), begun after the words that introduce it (推进, 签订, 的,
  punctuation; project_frame_words.txt); a name made only of what kind of project it
  is (重点项目, 亿元以上项目; project_generic.txt) is a reference, not a name. Words
  such as 中心 or 公路 end a project's name only where the text says it is one: in a list of
  projects, after the money invested in it, or with its stage;
- the items of a list the text calls projects (A、B等一批重大项目; A、B等13个项目);
- a quoted name called a project (“眼镜之都”项目).

Each project takes, from its sentence (project_status.tsv), the stage the text gives
it — the first stage word after it, else the last before it, else the stage the headline gives
the article; the amount invested in it (投资5亿元的X, X总投资52亿元); the place named in it
or before it in the sentence; and the companies that invest (与X公司签订…项目).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...stages.segment import add_spans, declare_kind, doc_text, span_attrs
from ..organizations import KIND as organizations_kind
from ..common import (
    ListShape,
    NameWords,
    Spans,
    alternation,
    list_items,
    longest_first,
    looks_like_a_name,
    name_start,
    resource_groups,
    resource_lines,
    resource_table,
    word_flags,
    word_frequency,
    words_before,
    words_between,
)
from ..organizations import LIMITED_COMPANY
from . import model as project_model

KIND = "projects"
COMPONENT = "projects"

# the word lists of project_words.tsv, by role (its header says how each is used)
_WORDS = resource_groups("project_words.tsv", __package__)
MAX_NAME = 30  # characters before the head word
PHASE = r"(?:[(（]?[一二三四五六七八九十\d]{1,2}[期号][)）]?)"  # 二期, (二期), 二号
PHASE_WORD = re.compile(PHASE)
NOT_A_WORD = re.compile(r"[^\w]")
# a head word, then what may follow it in the same name: a phase, 建设 or 项目 (产业园二期项目)
SECTION = r"(?:[(（][^()（）\n]{1,8}段[)）])?"  # (上杭段)
TAIL = rf"(?:[东西南北]线)?{PHASE}?{SECTION}(?:(?:建设|开发|改造)?(?:项目|工程))?{SECTION}"
CLAUSE_END = re.compile(r"[，,。！？；;!?\n：:]")
SENTENCE_END = re.compile(r"[。！？!?\n]")
# a list the text calls projects: …等一批投资规模大、带动能力强的优质项目; …等13个项目; …等重大科技平台
LISTED_AS_PROJECTS = re.compile(
    rf"等(?:[^，,。；;！？!?\n]{{0,30}}?(?:项目|工程)|[^，,。；;！？!?\n、]{{0,8}}?{alternation(_WORDS['list_kind'])})"
)
# a list closed by its count, without 等: A、B、C三个项目 (its items are proposals only: the count may be of anything)
COUNTED_LIST = re.compile(r"(?<=[^\s\d、，,。；;等])[\d一二两三四五六七八九十]{1,3}个[^，,。；;！？!?\n、]{0,8}?项目")
# words after a head word that make the whole a body's name (航天工程办公室, 项目指挥部)
BODY_WORDS = set(_WORDS["body"])
SECTORS = re.compile(alternation(_WORDS["sector"]))
QUOTED_PROJECT = re.compile(r"[“\"]([^”\"\n]{2,30})[”\"]项目")
CLAUSE_MARK = re.compile(r"[，,；;：:]")
ITEM_END = re.compile("[、等和及]")  # an item of a 、 list ends before 、, 等, 和 or at the clause's end
# a sentence that goes on with the items of what the sentence before spoke of (其中包括X、Y)
LIST_OPENING = re.compile(rf"\s*{alternation(_WORDS['list_opening'])}")
FUTURE = re.compile(rf"{alternation(_WORDS['future'])}[^，,。；;]*$")  # a stage still to come
OF_A_GROUP = re.compile(r"的?[\d一二三四五六七八九十百千万两几多余]+[个项批]")
INVESTED_REACH = 30  # characters at most between the amount invested and the name (总投资5亿元、…的X)
INVESTED = re.compile(alternation(_WORDS["invested"]))
MONEY_UNITS = set(_WORDS["money"])
# what may stand between the amount invested and the name: other figures of the project (、总建筑面积10万平方米的)
BEFORE_THE_NAME = re.compile(r"(?:、[^，,。；;、\n]{1,20})*的?")
CONJUNCTIONS = set(_WORDS["conjunction"])
JOINING = {"至", "到"}  # 黄家埠至牟山段工程, 大隐至二六市公路
TIMELESS = set(_WORDS["timeless"])  # time words (jieba's t) that names hold
INNER_MARKS = set("()（）—-·")
ACTIVITY_AT_END = re.compile(f"{alternation(_WORDS['activity'])}$")  # what a list item's name may end with
# numbers, 八大, and qualities (引领性, 清单化): no name by themselves
UNSPECIFIC_WORD = re.compile(r"[\d.]+|[一二三四五六七八九十百千两几\d]+大|\w+[性化]")
COUNTED = re.compile(r"[\d一二三四五六七八九十两几百千万]+[条个座家项台套批所处]")
UNSPECIFIC_FLAGS = {"v", "vn", "m", "q", "mq", "t", "a", "ad", "d", "p", "c", "u", "r", "f"}
TITLE_WORD = re.compile(alternation(_WORDS["title"]))
# what is being built right before a name (由中国建筑承建的X)
BUILT_BEFORE = re.compile(f"(?:{alternation(_WORDS['built'])})的?$")
# a name right after these is where someone arrives or what a strike hits, no undertaking
NOT_AFTER_WORDS = re.compile(alternation(_WORDS["not_after"]))
NOT_AFTER = re.compile(f"(?:{NOT_AFTER_WORDS.pattern})$")
# a military base (空军基地, 美军横田基地) is no undertaking of investment news
MILITARY_BASE = re.compile(r"(?:军|军事)基地$|^美军")
BODY_END = re.compile(f"{alternation(_WORDS['body_end'])}$")
LATIN, QUOTE_MARK, BRACKET = re.compile("[A-Za-z]"), re.compile('[“”"]'), re.compile("[()（）]")
MONEY_OR_COUNT_UNITS = MONEY_UNITS | set(_WORDS["count"])


class _Lexicons(NamedTuple):
    head: re.Pattern  # a head word and what may follow it in the name (project_heads.txt, TAIL)
    strong: set[str]  # head words that end a project's name wherever they stand
    generic: set[str]  # words that alone name no project (project_generic.txt)
    frame: set[str]  # words that introduce a name (project_frame_words.txt)
    status: re.Pattern  # stage words (project_status.tsv)
    status_words: dict[str, str]  # stage word → stage
    clause_only: set[str]  # stage words that count only in the project's own clause


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    heads = resource_lines("project_heads.txt", __package__)
    strong = [h for h in heads if not h.startswith("?")]
    weak = [h[1:] for h in heads if h.startswith("?")]
    head = re.compile(rf"(?P<head>{alternation(strong + weak)}){TAIL}")
    generic = set(resource_lines("project_generic.txt", __package__))
    frame = set(resource_lines("project_frame_words.txt", __package__))
    status_rows = resource_table("project_status.tsv", __package__)
    status_words = {row[0]: row[1] for row in status_rows}
    clause_only = {row[0] for row in status_rows if row[2:] == ["clause"]}
    status = re.compile(alternation(status_words))
    return _Lexicons(head, set(strong), generic, frame, status, status_words, clause_only)


@lru_cache(maxsize=1)
def _project_name() -> NameWords:
    """Where a project's name ends at a point begins (`common.name_start`): after the nearest word
    that introduces a name (project_frame_words.txt), punctuation, a preposition, adverb, pronoun,
    particle, time word or conjunction (unless it joins two parts of the name: 培训及制造基地), an
    amount of money or a count, at most MAX_NAME characters back. Other verbs are part of it
    (综合整治工程, 文旅开发项目): jieba reads too many words of names as verbs (拔萃, 集成) for its tags
    to draw the line. A name holds brackets, phases (一期), capacities (20万吨/年) and time words
    such as 现代; it does not begin with a count (一条OLED生产线)."""
    return NameWords(
        reach=MAX_NAME,
        not_in_names=frozenset("pdrutyeoc"),
        stop_words=frozenset(_lexicons().frame),
        kept_words=frozenset(TIMELESS),
        inner_marks=frozenset(INNER_MARKS),
        brackets=True,
        phases=PHASE_WORD,
        joiners=frozenset(CONJUNCTIONS | JOINING),
        amount_units=frozenset(MONEY_OR_COUNT_UNITS),
        counted=COUNTED,
    )


@lru_cache(maxsize=1)
def _project_list() -> ListShape:
    """A list the text calls projects: any 、 of an item's clause ends the item before, and each
    item begins where its name does, before an activity it ends with (电子商务 + 建设等27个项目)."""
    return ListShape(_project_name(), reach=MAX_NAME + 12, words_only=False, activity=ACTIVITY_AT_END, max_items=30)


@Language.component(
    COMPONENT,
    assigns=[declare_kind(KIND)],
    requires=[declare_kind("quantities"), declare_kind("places"), declare_kind("organizations"), declare_kind("persons")],
)
def find_projects(doc: Doc) -> Doc:
    """Add a span to doc.spans["projects"] for every project named, with its attributes."""
    found = scan(doc_text(doc), doc)
    # an organization the recognizer read in a project's name is resolved with the records
    # (`assemble.claimed`), not here: each extractor writes its own kind only
    return add_spans(doc, KIND, [(start, end, "PROJECT", attrs) for start, end, attrs in found])


@dataclass
class Proposal:
    """A stretch that may name a project, with what the rules say of it and its features."""

    start: int
    end: int
    rule: bool  # the rules alone keep it
    features: list[str] = field(default_factory=list)
    excluded: bool = False  # never a project, whatever the classifier says (it still learns from it)


def scan(text: str, doc: Doc) -> list[tuple[int, int, dict]]:
    """(start, end, attributes) of every project mention in `text` (the extraction view)."""
    quantities = quantities_of(doc)

    kept = choose(propose(text, doc, quantities), project_model.current())
    names = _fullest_names(text, kept)
    spans = {kind: Spans((s.start_char, s.end_char, s) for s in doc.spans.get(kind, [])) for kind in ("places", organizations_kind)}
    mentions = [_attributes(doc, text, start, end, kept, quantities, spans) for start, end in kept]
    merged = _merged(text, kept, names, mentions)
    return [(start, end, {"name": name, **merged[text[name[0] : name[1]]]}) for (start, end), name in zip(kept, names)]


def choose(proposals: list[Proposal], model) -> list[tuple[int, int]]:
    """The mentions kept, in text order: the rules' choice, or, with a model, the likeliest
    proposals above its threshold, none overlapping another."""
    if model is None:
        return sorted((p.start, p.end) for p in proposals if p.rule and not p.excluded)
    scored = sorted(((model.probability(p.features), p.start, p.end) for p in proposals if not p.excluded), key=lambda s: (-s[0], s[1]))
    kept: list[tuple[int, int]] = []
    for probability, start, end in scored:
        if probability >= model.threshold and all(end <= s or start >= e for s, e in kept):
            kept.append((start, end))
    return sorted(kept)


def quantities_of(doc: Doc) -> Spans:
    """The amounts found in `doc`, (start, end, attributes), looked up by offset."""
    return Spans((s.start_char, s.end_char, span_attrs(doc, "quantities", s)) for s in doc.spans.get("quantities", []))


def propose(text: str, doc: Doc, quantities: Spans) -> list[Proposal]:
    """Every stretch that may name a project: the rules' readings (`READING_RULES`, in order),
    and beside each name found before a head word the shorter readings that begin at a later word
    (市长某某宣布重大项目 may be 重大项目), each with its features."""
    p = _Proposing.of(text, doc, quantities)
    for rule in READING_RULES:
        rule(p)
    kept = _kept(p)
    context = _Context(
        doc,
        text,
        quantities,
        set(p.listed),
        p.categories,
        Spans(p.organizations),
        p.divisions,
        p.generic,
        Spans((s.start_char, s.end_char) for s in doc.spans.get("persons", [])),
        _paragraph_end(text, 0),
        Spans(p.zones),
    )
    return [
        Proposal(
            start,
            end,
            (start, end) in kept,
            [f"rule={(start, end) in kept}", *_features(context, start, end, reading)],
            excluded=_excluded(context, start, end, reading),
        )
        for (start, end), reading in sorted(p.readings.items())
        if not (text[start].isspace() or text[end - 1].isspace())
    ]


@dataclass(frozen=True)
class Reading:
    """How a stretch was proposed: by which rule (`origin`), the head word it ends with and where
    that begins, where the rule began the name and what follows the head word in it."""

    origin: str  # head, list_projects, list_open, list_sectors, list_counted, neighbour, quoted
    head: str
    head_start: int
    rule_start: int
    tail: str = ""
    ending: str = "ok"  # what follows the name (`_name_ending`)

    @classmethod
    def item(cls, origin: str, text: str, start: int, end: int) -> "Reading":
        """An item of a list: its last two characters stand for a head word."""
        return cls(origin, text[max(start, end - 2) : end], end, start)


@dataclass
class _Proposing:
    """What the reading rules of one text read and add to: the readings proposed, the candidates
    the rules themselves keep (start, end, whether the text says it is a project), and the lists
    the text calls projects."""

    text: str
    doc: Doc
    quantities: Spans
    head: re.Pattern
    strong: set[str]
    generic: set[str]
    divisions: Spans
    zones: list[tuple[int, int]]  # a named zone (临江新材料产业园) may be a project
    organizations: set[tuple[int, int]]
    readings: dict[tuple[int, int], Reading] = field(default_factory=dict)  # every reading proposed → how it was found
    candidates: list[tuple[int, int, bool]] = field(default_factory=list)
    listed: list[tuple[int, int]] = field(default_factory=list)  # items of lists the text calls projects
    categories: list[tuple[int, int]] = field(default_factory=list)  # what the text calls them: 等一批重大项目 is no name

    @classmethod
    def of(cls, text: str, doc: Doc, quantities: Spans) -> "_Proposing":
        head, strong, generic = _lexicons()[:3]
        places = [(s.start_char, s.end_char, _is_division(doc, s)) for s in doc.spans.get("places", [])]
        return cls(
            text,
            doc,
            quantities,
            head,
            strong,
            generic,
            Spans((s, e) for s, e, division in places if division),
            [(s, e) for s, e, division in places if not division],
            {(s.start_char, s.end_char) for s in doc.spans.get("organizations", [])},
        )

    def specific(self, start: int, end: int) -> bool:
        return _specific(self.doc, start, end, self.generic, self.divisions)


def _listed_projects(p: _Proposing) -> None:
    """X、Y等一批重大项目, X、Y等13个项目, X、Y等重大科技平台: the items of a list the text calls projects
    (`LISTED_AS_PROJECTS`); a list of sectors (等领域…项目) or one whose last word runs on (等工程类产品)
    gives readings only."""
    for match in LISTED_AS_PROJECTS.finditer(p.text):
        items = _list_items(p.doc, p.text, match.start(), p.quantities)
        if SECTORS.search(match.group()):
            kind = "sectors"
        else:
            kind = "projects" if _ends_a_name(p.doc, p.text, match.end(), weak=True) else "open"
        for s, e in items:
            p.readings.setdefault((s, e), Reading.item("list_" + kind, p.text, s, e))
        if kind == "projects":
            p.listed += items
            p.categories.append(match.span())


def _counted_lists(p: _Proposing) -> None:
    """A、B、C三个项目: the items of a list closed by its count (`COUNTED_LIST`), as readings only
    (the count may be of anything)."""
    for match in COUNTED_LIST.finditer(p.text):
        if "、" in p.text[max(0, match.start() - MAX_NAME) : match.start()]:
            for s, e in _list_items(p.doc, p.text, match.start(), p.quantities):
                p.readings.setdefault((s, e), Reading.item("list_counted", p.text, s, e))


def _named_before_heads(p: _Proposing) -> None:
    """…项目, …产业园, …基地 (project_heads.txt): the name before a head word, begun where
    `_name_start` says (推进 + 青山湖智能装备制造基地项目), and its readings beginning a word or
    two earlier or later; a candidate where it ends a name and names something (`_head_candidate`)."""
    for match in p.head.finditer(p.text):
        ending = _name_ending(p.doc, p.text, match.end())
        if ending in ("inside a word", "a body") or _inside_a_short_word(p.text, match.start("head"), match.end("head")):
            continue  # 工程机械, 工程办公室; 宅基地, 根据地: the head word is only part of another word
        one_head = match.group().endswith(("项目", "工程"))  # 干线及高速公路建设项目: two undertakings, one project
        start = _without_leading_verbs(p.doc, _name_start(p.doc, p.text, match.start(), p.quantities, one_head), match.start())
        found = Reading("head", match["head"], match.start(), start, match.group()[len(match["head"]) :], ending)
        end = match.end()
        p.readings.setdefault((start, end), found)
        for offset, _ in words_between(p.doc, start, match.start()):
            if match.start() - offset >= 2:
                p.readings.setdefault((offset, end), found)
        for token in words_before(p.doc, start, 12)[-2:]:  # a word or two before where the rules begin it (超高 of 超高纯铜材料产线)
            if not NOT_A_WORD.search(p.text, token.idx, start):
                p.readings.setdefault((token.idx, end), found)
        _head_candidate(p, match, start, ending)


def _head_candidate(p: _Proposing, match: re.Match, start: int, ending: str) -> None:
    """The name before a head word as a candidate: where it ends a name (a strong head word may
    stand before a noun), holds two characters or more before the head, names something
    (`_specific`) and is no category of a list; certain with a strong head word, 项目 or 工程, or
    as an item of a list of projects."""
    end = match.end()
    if (
        not (ending == "ok" or (ending == "before a noun" and match["head"] in p.strong))
        or match.start() - start < 2
        or not p.specific(start, match.start())
        or any(s <= start and end <= e for s, e in p.categories)
    ):
        return
    certain = match["head"] in p.strong or match.group().endswith(("项目", "工程")) or any(s <= start and end <= e for s, e in p.listed)
    p.candidates.append((start, end, certain))


def _later_list_words(p: _Proposing) -> None:
    """A list item's readings beginning at a later word (投向 + 石家庄…一期)."""
    for (s, e), reading in list(p.readings.items()):
        if reading.origin.startswith("list"):
            for offset, _ in words_between(p.doc, s, e)[1:]:
                if e - offset >= 2:
                    p.readings.setdefault((offset, e), reading)


def _list_neighbours(p: _Proposing) -> None:
    """The other items of a 、 list a head word's reading is in (A基地、B中心)."""
    for (s, e), reading in list(p.readings.items()):
        if reading.origin == "head" and (p.text[e : e + 1] == "、" or p.text[s - 1 : s] == "、"):
            for item in _list_around(p.doc, p.text, s, e, p.quantities):
                p.readings.setdefault(item, Reading.item("neighbour", p.text, *item))


def _listed_names(p: _Proposing) -> None:
    """An item of a list of projects with no head word, as a candidate where it reads as a name
    (泰格家具; not 土方机械 or 人脸识别) and is no organization."""
    p.candidates += [
        (s, e, True) for s, e in p.listed if looks_like_a_name(p.doc, s, e) and p.specific(s, e) and (s, e) not in p.organizations
    ]


def _quoted_projects(p: _Proposing) -> None:
    """“眼镜之都”项目: a quoted name called a project (`QUOTED_PROJECT`)."""
    for m in QUOTED_PROJECT.finditer(p.text):
        p.readings[m.start(), m.end()] = Reading("quoted", "项目", m.end() - 2, m.start())
        if p.specific(m.start(1), m.end(1)):
            p.candidates.append((m.start(), m.end(), True))


# the reading rules, in the order they are applied (a stretch keeps the first reading given it, a
# quoted project excepted)
READING_RULES: tuple[Callable[[_Proposing], None], ...] = (
    _listed_projects,
    _counted_lists,
    _named_before_heads,
    _later_list_words,
    _list_neighbours,
    _listed_names,
    _quoted_projects,
)


def _kept(p: _Proposing) -> set[tuple[int, int]]:
    """The candidates the rules alone keep: the longest where they overlap, certain where any
    reading says so or a neighbour in a 、 list is (A基地、B中心), or said to be a project in their
    sentence (`_said_to_be_a_project`); not a division, nor an organization unless certain."""
    certainty: dict[tuple[int, int], bool] = {}
    for start, end, certain in p.candidates:  # one reading of a stretch: certain if any says so
        certainty[start, end] = certainty.get((start, end), False) or certain
    candidates = longest_first((start, end, certain) for (start, end), certain in certainty.items())
    for _ in range(2):  # a project's neighbours in a 、 list are projects too (A基地、B中心)
        candidates = _certain_by_neighbours(p.text, candidates)
    kept = set()
    for start, end, certain in candidates:
        if (start, end) in p.divisions or ((start, end) in p.organizations and not certain):
            continue  # a body named like a project (…研究院); 格力电器西南产业基地 is a project whatever the recognizer says
        if certain or _said_to_be_a_project(p.text, start, end, p.quantities):
            kept.add((start, end))
    return kept


def _certain_by_neighbours(text: str, candidates: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """The candidates, certain too where a certain one stands right before or after across a 、."""
    certain_starts = {s for s, _, c in candidates if c}
    certain_ends = {e for _, e, c in candidates if c}
    return [
        (
            start,
            end,
            certain
            or (text[start - 1 : start] == "、" and start - 1 in certain_ends)
            or (text[end : end + 1] == "、" and end + 1 in certain_starts),
        )
        for start, end, certain in candidates
    ]


def _excluded(c: "_Context", start: int, end: int, reading: Reading) -> bool:
    """Whether a reading is never a project: a division (天津 in a list of towns); one word of the
    dictionary that names a body (央视网) or is a common noun or phrase (系统工程, 民心工程); a head
    word that ends a person's name (商务部部长高虎城: 城 is no town here); an organization named
    as it is, with nothing that makes it an undertaking (`_a_body_as_it_is`); a military base;
    what a plane lands at or a strike hits (专机抵达X机场, 打击X基地)."""
    return (
        (start, end) in c.divisions
        or word_flags().get(c.text[start:end]) in ("nt", "n", "l")
        or any(s < end <= e for s, e in c.persons.near(end))
        or _a_body_as_it_is(c, start, end, reading)
        or bool(MILITARY_BASE.search(c.text[start:end]))
        or bool(NOT_AFTER.search(c.text, max(0, start - 4), start) or NOT_AFTER_WORDS.search(c.text, start, end))
    )


def _a_body_as_it_is(c: "_Context", start: int, end: int, reading: Reading) -> bool:
    """An organization the recognizer read (北京儿童医院, 交通运输部科学研究院, 美国疾控中心) is
    an undertaking only where the text makes it one: 项目 or 工程 after it, a list of projects,
    being built (承建的X), the money invested in it, or a stage its sentence gives it. Without
    any, it is the body (an operating hospital, institute or plant is an organization)."""
    if (start, end) not in c.organizations or reading.tail or (start, end) in c.listed:
        return False
    if BUILT_BEFORE.search(c.text, max(0, start - 4), start):
        return False
    # said: money invested in it right before it, or its stage right after it
    return not (_said_to_be_a_project(c.text, start, end, c.quantities) or _status(c.text, start, end))


@dataclass
class _Context:
    """What the features of every proposal of one text are read from."""

    doc: Doc
    text: str
    quantities: Spans
    listed: set
    categories: list
    organizations: Spans
    divisions: Spans
    generic: set
    persons: Spans
    headline_end: int
    zones: Spans


def _bucket(n: int, bounds=(0, 1, 2, 3, 4, 6, 8, 11, 16)) -> str:
    return str(max([b for b in bounds if n >= b] or [0]))


def _features(c: _Context, start: int, end: int, reading: Reading) -> list[str]:
    """What a classifier weighs to accept a stretch as a project's name: how it was found, its
    head word, the words it is made of (as jieba's flags and, for the words, themselves), the
    words around it, the names and amounts inside it, and what its sentence says of it."""
    text, doc, flags = c.text, c.doc, word_flags()
    head_start = reading.head_start
    words = words_between(doc, start, head_start)
    features = [
        "bias",
        "origin=" + reading.origin,
        "head=" + reading.head,
        "tail=" + reading.tail,
        "body_len=" + _bucket(head_start - start),
        "words=" + _bucket(len(words)),
        "at_rule_start=" + str(start == reading.rule_start),
        "ending=" + reading.ending,
        "before_rule_start=" + str(start < reading.rule_start),
        "dropped=" + _bucket(len(words_between(doc, reading.rule_start, start))),
    ]
    for i, (_, word) in enumerate(words):
        flag = flags.get(word, "x")
        features += ["w=" + word, "f=" + flag]
        if i == 0:
            features += ["first=" + word, "first_f=" + flag]
        if i == len(words) - 1:
            features += ["last=" + word, "last_f=" + flag]
    # how common the rarest word is in jieba's dictionary: 农产品加工 and 汽车制造 are made of
    # everyday words, a name holds a rare or unknown one (阿尔卡迪亚, 宏储源)
    body_words = words if words else words_between(doc, start, end)
    rarest = min((word_frequency(w) for _, w in body_words), default=0)
    features.append("rarest=" + ("unknown" if rarest == 0 else str(min(4, int(math.log10(rarest))))))
    near = words_before(doc, start, 12)
    two_before = near[-2:]
    if len(two_before) == 2:
        features.append("prev2=" + two_before[0].text)
    specific = [
        w
        for _, w in words
        if not _generic(w, c.generic) and flags.get(w, "x") not in UNSPECIFIC_FLAGS and w[0].isalnum() and not UNSPECIFIC_WORD.fullmatch(w)
    ]
    features += ["specific=" + _bucket(len(specific), (0, 1, 2, 3)), "generic_only=" + str(not specific)]
    before = [w for w in near if w.idx + len(w.text) > start - 6]  # words_before(doc, start, 6)
    if before:
        word = before[-1].text[: start - before[-1].idx]
        features += ["prev=" + word, "prev_f=" + flags.get(word, "x")]
    else:
        features.append("prev=<start>")
    following = text[end : end + 1]
    features.append("next=" + (following if following and not following.isalnum() else "<word>" if following else "<end>"))
    for kind, spans in (("division", c.divisions), ("org", c.organizations)):
        inside = spans.inside(start, end)
        features += [
            f"has_{kind}={bool(inside)}",
            f"starts_{kind}={any(s == start for s, _ in inside)}",
            f"is_{kind}={(start, end) in spans}",
        ]
    features.append(f"has_person={bool(c.persons.inside(start, end))}")
    # a zone before a name is where it stands (格尔木工业园A、B等4个项目), a zone alone a place
    features += [
        f"zone_first={any(e < head_start for _, e in c.zones.starting_at(start))}",
        f"after_zone={any(e == start for _, e in c.zones.near(start))}",
        f"is_zone={any(e >= head_start for _, e in c.zones.starting_at(start))}",
    ]
    amounts = [attrs.get("unit") for _, _, attrs in c.quantities.inside(start, end)]
    invested = any(_invested_in(text, s, e, a, start) for s, e, a in c.quantities.ending_before(start, INVESTED_REACH))
    features += ["amount_unit=" + (amounts[0] if amounts else "-")]
    name = text[start:end]
    body = (start, head_start if head_start - start >= 2 else end)
    features += [
        f"name_like={looks_like_a_name(doc, *body)}",
        f"dash={'—' in name or '--' in name}",
        f"title={bool(TITLE_WORD.search(name))}",
        f"body_ends_like_a_body={bool(BODY_END.search(text[body[0] : body[1]]))}",
        f"body_is_a_place={body in c.divisions}",
    ]
    features += [
        f"digit={any(ch.isdigit() for ch in name)}",
        f"latin={bool(LATIN.search(name))}",
        f"quote={bool(QUOTE_MARK.search(name))}",
        f"bracket={bool(BRACKET.search(name))}",
    ]
    features += [
        f"listed={(start, end) in c.listed}",
        f"in_category={any(s <= start and end <= e for s, e in c.categories)}",
        f"list_neighbour={text[end : end + 1] == '、' or text[start - 1 : start] == '、'}",
        f"said={invested or _said_to_be_a_project(text, start, end, c.quantities)}",
        f"invested={invested}",
        f"status={_status(text, start, end) or '-'}",
        f"repeated={_times_named(text, name, start, end) > 1}",
        f"headline={end <= c.headline_end}",
    ]
    # what a feature means depends on how the reading was found: a list item must be a name by itself
    origin = reading.origin
    features += [
        f"{origin}&{f}"
        for f in features
        if f.startswith(("name_like=", "specific=", "generic_only=", "first_f=", "has_org=", "rarest=", "body_len=", "words="))
    ]
    return features


def _merged(text: str, found: list[tuple[int, int]], names: list[tuple[int, int]], mentions: list[dict]) -> dict[str, dict]:
    """Each project's attributes from all its mentions, the first given in the body winning: the
    stage a sentence gives it, else the headline's; the amount invested; the place; every investor."""
    headline_end = _paragraph_end(text, 0)
    out: dict[str, dict] = {}
    first_said: dict[str, int] = {}
    # the body's mentions first: a headline says less (中联拟建华东基地, then 华东基地…签约仪式)
    for (start, _), (name_from, name_end), attrs in sorted(zip(found, names, mentions), key=lambda m: m[0][0] < headline_end):
        project = out.setdefault(text[name_from:name_end], {"investors": []})
        first_said.setdefault(text[name_from:name_end], start)
        for key in ("status", "investment", "location"):
            if attrs.get(key) is not None and project.get(key) is None:
                project[key] = attrs[key]
        project["investors"] += [name for name in attrs.get("investors", []) if name not in project["investors"]]
    for name, project in out.items():
        if project.get("status") is None:
            project["status"] = _heading_stage(text, first_said[name])
    return out


def _fullest_names(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where each project's name is written in full: 西南产业基地 after 格力电器西南产业基地 is the
    same project, named short (as offsets: the record quotes the name as written)."""
    written: dict[str, tuple[int, int]] = {}
    for start, end in found:
        written.setdefault(text[start:end], (start, end))
    out = []
    for start, end in found:
        name = text[start:end]
        fuller = {n for n in written if n != name and name in n}
        out.append(written[fuller.pop() if len(fuller) == 1 else name])  # two fuller forms: which is meant is not known
    return out


def _inside_a_short_word(text: str, start: int, end: int) -> bool:
    """Whether the head word at start..end is the end of a three-character word of jieba's
    dictionary (宅基地, 根据地) rather than a name's last word (生产基地, 研发中心)."""
    return start > 0 and text[start - 1 : end] in word_flags()


def _without_leading_verbs(doc: Doc, start: int, end: int) -> int:
    """`start` moved past the verbs a name begins with (修建饮水工程, 深化重大合作项目): they act on it."""
    for offset, word in words_between(doc, start, end):
        if word_flags().get(word) != "v":
            return offset
    return end


def _ends_a_name(doc: Doc, text: str, end: int, weak: bool) -> bool:
    """Whether a name may end at `end`: not inside a word (工程机械), nor, after a word such as
    中心, before a noun it only describes (中心城区; 中心建设 is fine: 建设 names an activity)."""
    ending = _name_ending(doc, text, end)
    return ending == "ok" or (ending == "before a noun" and not weak)


def _name_ending(doc: Doc, text: str, end: int) -> str:
    """What follows `end`: "ok", "inside a word" (工程机械), "a body" (工程办公室), or "before a
    noun" the words before may only describe (中心城区)."""
    if end >= len(text):
        return "ok"
    following = doc.char_span(end, min(len(text), end + 1), alignment_mode="expand")
    if following is None or not len(following):
        return "ok"
    token = following[0]
    if token.idx < end:
        return "inside a word"
    if token.text in BODY_WORDS:
        return "a body"
    flag = word_flags().get(token.text, "x")
    if flag.startswith("n") and flag not in ("nr", "ns", "nt", "nz") and token.text != "项目":
        return "before a noun"
    return "ok"


def _name_start(doc: Doc, text: str, end: int, quantities: Spans, one_head: bool = False) -> int:
    """Where the name before `end` (a head word's start, or a list item's end) begins
    (`_project_name`). 和, 及 join two parts of one name (培训及制造基地) unless a project ends before
    them; under one 项目 (`one_head`) they join two undertakings of one project, unless the first
    has its own 项目."""
    return name_start(doc, end, _project_name(), amounts=quantities, part_ends=_part_ends(text, one_head))


def _part_ends(text: str, one_head: bool) -> Callable[[int], bool]:
    """Whether a project's part ends at an offset: with one 项目 for the whole, a part with its
    own 项目 or 工程; else any head word (`_ends_with_head`)."""
    if one_head:
        return lambda at: text.endswith(("项目", "工程"), 0, at)
    return lambda at: _ends_with_head(text, at)


def _ends_with_head(text: str, end: int) -> bool:
    head = _lexicons().head
    return any(m.end() == end for m in head.finditer(text, max(0, end - 12), end))


def _specific(doc: Doc, start: int, end: int, generic: set, divisions: Spans) -> bool:
    """Whether the words before the head word name something: one of them is neither generic
    (重点, 亿元以上, 产业), nor a verb, numeral, time or adjective (夯实项目, 6大工程, 三季度重大项目),
    nor a division (姜堰开发区项目 is the zone's projects)."""
    for offset, word in words_between(doc, start, end):
        flag = word_flags().get(word, "x")
        if _generic(word, generic) or flag in UNSPECIFIC_FLAGS or not word[0].isalnum() or UNSPECIFIC_WORD.fullmatch(word):
            continue
        if any(s <= offset and offset + len(word) <= e for s, e in divisions.overlapping(offset, offset + len(word))):
            continue
        return True
    return False


def _list_items(doc: Doc, text: str, end: int, quantities: Spans) -> list[tuple[int, int]]:
    """The items of the 、-separated list ending at `end` (before 等…项目: `_project_list`), each
    begun where its name begins (投资5亿元的 and 推动 are not part of it)."""
    return list_items(doc, end, _project_list(), amounts=quantities, part_ends=_part_ends(text, False))


def _list_around(doc: Doc, text: str, start: int, end: int, quantities) -> list[tuple[int, int]]:
    """The other items of the 、-separated list that the name at start..end is an item of."""
    clause = CLAUSE_END.search(text, end)
    stop = clause.start() if clause else len(text)
    items: list[tuple[int, int]] = []
    before = text.rfind("、", max(0, start - 200), start)
    while before >= 0 and len(items) < 10 and before == start - 1:  # items before it
        item_start = _name_start(doc, text, before, quantities)
        if before - item_start < 2:
            break
        items.append((item_start, before))
        start = item_start
        before = text.rfind("、", max(0, start - 200), start)
    position = end
    while text[position : position + 1] == "、" and len(items) < 20:  # items after it
        following = ITEM_END.search(text, position + 2, stop)
        item_end = following.start() if following else stop
        item_start = _name_start(doc, text, item_end, quantities)
        if item_end - item_start < 2 or item_start <= position:
            break
        items.append((item_start, item_end))
        position = item_end
    return items


def _said_to_be_a_project(text: str, start: int, end: int, quantities) -> bool:
    """Whether the text calls a name with a word such as 中心 a project: money is invested in it
    right before it (总投资5亿元的X), or its stage follows it in the same clause."""
    status = _lexicons().status
    if any(_invested_in(text, q_start, q_end, attrs, start) for q_start, q_end, attrs in quantities.ending_before(start, INVESTED_REACH)):
        return True
    clause = CLAUSE_END.search(text, end)
    return bool(status.search(text, end, min(clause.start() if clause else len(text), end + 6)))


def _is_division(doc: Doc, place) -> bool:
    """A place that is a division or a country; a named zone (临江新材料产业园) may be a project."""
    return span_attrs(doc, "places", place).get("level") != "zone"


def _generic(word: str, generic: set) -> bool:
    """A generic word, or two run together (水利建设)."""
    return word in generic or any(word[:i] in generic and word[i:] in generic for i in range(1, len(word)))


# --- attributes -------------------------------------------------------------------------------


def _attributes(doc: Doc, text: str, start: int, end: int, projects: list[tuple[int, int]], quantities, spans: dict) -> dict:
    """What one mention's sentence says of the project."""
    return {
        "status": _status(text, start, end),
        "investment": _investment(text, start, end, projects, quantities),
        "location": _location(doc, text, start, end, spans),
        "investors": _investors(doc, text, start, end, projects, spans[organizations_kind]),
    }


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in SENTENCE_END.finditer(text, max(0, start - 300), start)]
    after = SENTENCE_END.search(text, end)
    return (before[-1] if before else max(0, start - 300)), (after.start() if after else len(text))


def _status(text: str, start: int, end: int) -> Optional[str]:
    """The stage the text gives the project: in its own clause first, then in its sentence (the
    first stage word after it, else the last one before it; a stage still to come, 预计…竣工投产,
    only where there is no other); for an item of a list the sentence opens (其中包括X、Y), the
    stage of the sentence before; else the stage of the paragraph's sentence before it."""
    first, last = _sentence(text, start, end)
    clause_start = max([m.end() for m in CLAUSE_MARK.finditer(text, first, start)] + [first])
    clause_end = CLAUSE_MARK.search(text, end, last)
    found = _stage_around(text, clause_start, start, end, clause_end.start() if clause_end else last, own_clause=True) or _stage_around(
        text, first, start, end, last
    )
    if found or first == 0:
        return found
    previous_end = first
    while previous_end > 0 and (text[previous_end - 1].isspace() or SENTENCE_END.match(text, previous_end - 1)):
        previous_end -= 1  # back over the sentence's end and a line break
    previous, _ = _sentence(text, previous_end, previous_end)
    same_paragraph = "\n" not in text[previous_end:first]
    if LIST_OPENING.match(text, first, start) or same_paragraph:
        return _status_in(text, previous, previous_end, last_one=True) or _status_in(
            text, previous, previous_end, last_one=True, to_come=True
        )
    return None


def _stage_around(text: str, first: int, start: int, end: int, last: int, own_clause: bool = False) -> Optional[str]:
    """The first stage word in text[end:last], else the last in text[first:start]; stages still
    to come only where there is no other."""
    return (
        _status_in(text, end, last, own_clause=own_clause)
        or _status_in(text, first, start, last_one=True, own_clause=own_clause)
        or _status_in(text, end, last, to_come=True, own_clause=own_clause)
        or _status_in(text, first, start, last_one=True, to_come=True, own_clause=own_clause)
    )


def _status_in(text: str, start: int, end: int, last_one: bool = False, to_come: bool = False, own_clause: bool = False) -> Optional[str]:
    """The first (or last) stage word in text[start:end]; only stages still to come with `to_come`
    (a word of its clause such as 预计 or 将 puts a stage in the future); words such as 洽谈 only
    in the project's own clause."""
    lexicons = _lexicons()
    status, words, clause_only = lexicons.status, lexicons.status_words, lexicons.clause_only
    found = []
    for m in status.finditer(text, start, end):
        if m.group() in clause_only and not own_clause:
            continue
        clause_start = max([c.end() for c in CLAUSE_MARK.finditer(text, start, m.start())] + [start])
        if to_come or not FUTURE.search(text, clause_start, m.start()):
            found.append(m)
    if not found:
        return None
    chosen = len(found) - 1 if last_one else 0
    while chosen > 0 and text[found[chosen - 1].end() : found[chosen].start()] in ("", "、", "和", "并"):
        chosen -= 1  # two stages joined (集中开工投产, 开工、投产): the first is the one reported
    return words[found[chosen].group()]


def _heading_stage(text: str, position: int) -> Optional[str]:
    """The stage of the nearest heading before `position`: a block of short lines without a
    sentence's end (a section's or the article's title), else the article's first line."""
    lines, is_title, last_title, block_start = _title_lines(text)
    i = bisect.bisect_left(lines, (position,)) - 1  # the last line that begins before `position`
    if i >= 0 and lines[i][1] > position:  # that line read up to `position` only
        s = lines[i][0]
        if _is_title_line(text, s, position):
            return _stage_of_lines(
                text, [(s, position)] if i == 0 or not is_title[i - 1] else lines[block_start[i - 1] : i] + [(s, position)]
            )
        i -= 1
    i = last_title[i] if i >= 0 else -1
    return _stage_of_lines(text, lines[block_start[i] : i + 1] if i >= 0 else [])


def _is_title_line(text: str, start: int, end: int) -> bool:
    return end - start <= 40 and not re.search(r"[。；;]", text[start:end])


@lru_cache(maxsize=2)
def _title_lines(text: str) -> tuple[list, list, list, list]:
    """The text's lines (start, end), whether each is a title line, the last title line at or
    before each (-1: none), and where the block of title lines each one is in begins: read once
    per text, not once per project."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    is_title = [_is_title_line(text, s, e) for s, e in lines]
    last_title: list[int] = []
    block_start: list[int] = []
    for i, title in enumerate(is_title):
        last_title.append(i if title else (last_title[-1] if i else -1))
        block_start.append(block_start[-1] if i and title and is_title[i - 1] else i)
    return lines, is_title, last_title, block_start


def _stage_of_lines(text: str, lines: list[tuple[int, int]]) -> Optional[str]:
    """The stage the first of these lines to give one gives, else the article's first line's."""
    for s, e in lines:
        found = _status_in(text, s, e)
        if found:
            return found
    return _status_in(text, 0, _paragraph_end(text, 0))


NAMED_AGAIN_REACH = 20_000  # characters either side: in a book-length text, "named again" means nearby


def _times_named(text: str, name: str, start: int, end: int) -> int:
    """How often `name` is written within NAMED_AGAIN_REACH of start..end (all the text of an article)."""
    return text.count(name, max(0, start - NAMED_AGAIN_REACH), end + NAMED_AGAIN_REACH)


def _investment(text: str, start: int, end: int, projects, quantities) -> Optional[dict]:
    """The money invested in the project: an amount right before its name (总投资5亿元的X) or
    the first investment after it, before the next project is named (X…总投资52亿元)."""
    for q_start, q_end, attrs in quantities.ending_before(start, INVESTED_REACH):
        if _invested_in(text, q_start, q_end, attrs, start):
            return _quantity(text, q_start, q_end, attrs)
    after = bisect.bisect_left(projects, (end, end))  # projects: in text order
    following = [s for s, _ in projects[after : after + 1]]
    if following and text[end : following[0]].strip("、和及与等 ") == "":
        return None  # an item of a list: an amount after the list belongs to them all
    stop = min(following[0] if following else len(text), _paragraph_end(text, end))
    for q_start, q_end, attrs in quantities.starting_in(end, stop - 1):
        if attrs.get("unit") in ("个", "项"):
            return None  # 6个项目总投资311.6亿元: what follows is their total
        if attrs.get("unit") in MONEY_UNITS and INVESTED.search(text, max(end, q_start - 8), q_start):
            if OF_A_GROUP.match(text, q_end):
                return None  # 总投资超过1万亿元的500个大项目: the total of others
            return _quantity(text, q_start, q_end, attrs)
    return None


def _invested_in(text: str, q_start: int, q_end: int, attrs: dict, start: int) -> bool:
    """Whether an amount is the money invested in what the name at `start` names: 总投资5亿元的X."""
    return (
        attrs.get("unit") in MONEY_UNITS
        and q_end <= start
        and start - q_end <= INVESTED_REACH
        and bool(BEFORE_THE_NAME.fullmatch(text, q_end, start))
        and bool(INVESTED.search(text, max(0, q_start - 5), q_start))
    )


def _paragraph_end(text: str, end: int) -> int:
    found = text.find("\n", end)
    return found if found >= 0 else len(text)


def _quantity(text: str, start: int, end: int, attrs: dict) -> dict:
    """The fields of a `schemas.Quantity`; words given by offsets are quoted as written."""
    return {"text": (start, end), "start": start, "end": end, **attrs}


def _location(doc: Doc, text: str, start: int, end: int, spans: dict) -> Optional[str]:
    """The code of the division the project is in: the most specific of the places named in its
    name and before it in its sentence that lie one inside the other (广州 … 广东省实验室 →
    广州), a township given as its county (the level projects are filed under). A place inside
    a company's name (荣德铵家(上海)建材) says where the company is from, not the project."""
    first, _ = _sentence(text, start, end)
    companies = [(s, e) for s, e, _ in spans[organizations_kind].starting_in(first - Spans.REACH, end) if first <= e]
    found: list[tuple[str, list[str]]] = []  # (code, parents), nearest first
    for _, span_end, span in spans["places"].starting_in(first, end):
        if span_end > end:
            continue
        attrs = span_attrs(doc, "places", span)
        code, parents = attrs.get("code"), attrs.get("parents") or []
        if not code or any(s <= span.start_char and span.end_char <= e for s, e in companies):
            continue
        if attrs.get("level") == "township" and parents:
            code, parents = parents[-1], parents[:-1]
        found.insert(0, (code, parents))
    if not found:
        return None
    best = found[0][0]
    for code, parents in found[1:]:
        if best in parents:
            best = code  # a place inside the one chosen
    return best


def _investors(doc: Doc, text: str, start: int, end: int, projects, organizations: Spans) -> list[str]:
    """Companies in the project's clause before its name (与X公司签订…项目; X公司拟投资…的Y项目),
    after any earlier project, and a company the name begins with (格力电器西南产业基地)."""
    clause_start = max([m.end() for m in CLAUSE_END.finditer(text, max(0, start - 80), start)] or [max(0, start - 80)])
    before = bisect.bisect_left(projects, (start, start))  # projects: in text order
    while before > 0 and projects[before - 1][1] > start:
        before -= 1
    if before > 0:
        clause_start = max(clause_start, projects[before - 1][1])
    names = []
    for _, _, span in organizations.starting_in(clause_start, start):
        name = span_attrs(doc, "organizations", span).get("name") or (span.start_char, span.end_char)
        written = text[name[0] : name[1]] if isinstance(name, tuple) else name
        company = LIMITED_COMPANY.search(written) or re.search(r"(?:集团|公司|企业)$", written)
        if clause_start <= span.start_char and span.end_char <= start and company:
            names.append(written)
        elif (
            span.start_char == start
            and span.end_char < end
            and _times_named(text, written, start, end) > _times_named(text, text[start:end], start, end)
        ):
            names.append(written)  # 格力电器 of 格力电器西南产业基地, named on its own too
    return list(dict.fromkeys(names))


def extract(text: str):
    """The projects named in `text`, as validated `schemas.Project` mentions."""
    from ... import load

    return load().extract(text).projects
