"""Quantities: every amount with its unit, resolved to an exact value and a canonical unit.

Detection reads the extraction view of the text (full-width forms as ASCII) and the jieba
words of the `Doc`: a Chinese numeral counts only where it starts a word and its unit ends
one, which keeps 统一, 万一, 千家万户 and 一成不变 out. Resolution folds scale words into the
value (`numerals.parse_number`) and maps the written unit through `units.tsv`;
qualifiers come from `qualifiers.tsv`, the direction of a rate from
`change_words.tsv`.

Not quantities: calendar years and dates, ordinals (第三) and ranks (前五位), numbers inside
short quoted slogans (“1288”, “1+1+N”), masked digits (**.*亿元), numbers without a unit.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Optional, cast

from spacy.language import Language
from spacy.tokens import Doc

from ...language.numerals import ARABIC, CN_DIGIT_CHARS, CN_NUMERAL_CHARS, DIGITS as DIGITS_VALUE, parse_number
from ...stages.segment import WordBoundaries, Words, add_spans, declare_kind, doc_text
from ..common import alternation, resource_groups, resource_lines, resource_table

KIND = "quantities"
COMPONENT = "quantities"

CN_NUMBER = rf"[{CN_NUMERAL_CHARS}]+(?:[点點][{CN_DIGIT_CHARS}]+[十百千万亿萬億]*)?"
# a scale word before 分 belongs to the unit: 1.6百分点 is 1.6 个百分点
ARABIC_SCALE = r"(?:[十万亿萬億]|[百千](?!分))"
# 2 100万美元: a space (or a thin one) groups thousands; 1760 0元, 730 0万美元: a line wrap of a PDF
# left a space inside the number (four digits or more, then one or two, then money or a scale word)
SPACED_ARABIC = (
    r"[0-9]{1,3}(?:[ \u2009\u202f\u00a0][0-9]{3})+(?![0-9])(?:\.[0-9]+)?"
    r"|[0-9]{4,} [0-9]{1,2}(?=[万亿元美])"
)
# 369 亿元, and across a PDF line break 15.4\n亿元: the scale word may stand apart from the digits
SCALE_GAP = r"(?:[ ](?=[万亿萬億])|\n(?=[万亿萬億]+[元美]))?"
NUMBER = re.compile(
    rf"(?:(?:{SPACED_ARABIC}|{ARABIC}){SCALE_GAP}{ARABIC_SCALE}+)+"
    # 19万1369人, 3万5, 3亿5, 100万三千 (but not 20亿15个项目)
    rf"(?:(?<=[万萬])[0-9]{{1,4}}(?![0-9.,])|(?<=[亿億])[0-9](?![0-9.,])|[{CN_DIGIT_CHARS}]+[十百千])?"
    rf"|(?:{SPACED_ARABIC}|{ARABIC})|{CN_NUMBER}"
)
SCALE_ONLY = re.compile(r"[十百千万亿]*[百千万亿]")  # a scale word standing alone for its number
SCALE_WORDS = re.compile(r"[十百千万亿]+")  # the same, with 十 (数十家)
# the numeral stops before a 百分/千分 of its own (百分之七十百分位 is 70 %, not 170 %)
PERCENT_WORDS = re.compile(
    rf"(?P<per>百分之|千分之)(?P<num>{ARABIC}|(?:(?![百千]分)[{CN_NUMERAL_CHARS}])+(?:[点點][{CN_NUMERAL_CHARS}]+)?)"
)
# a percentage written with spaces between its characters (一 百 五 十 个 百 分 点, 六 点 五 成, 百 分之
# 一百二十点五): text laid out for display or wrapped by a PDF; read as if the spaces were not there
SPACED_CHARACTER = rf"[{CN_NUMERAL_CHARS}0-9.点]"
SPACED_PERCENT = re.compile(
    rf"(?<![{CN_NUMERAL_CHARS}0-9.点])(?:[百佰]\s*分\s*之\s*{SPACED_CHARACTER}(?:\s*{SPACED_CHARACTER})*"
    rf"|{SPACED_CHARACTER}(?:\s*{SPACED_CHARACTER})*\s*(?:(?:个\s*)?百\s*分\s*点|成))"
)
# 三分之一, 四分之三: a share, in percent (三分之一 → 33.333333 %); 五百分之2.2 and the like are left alone
FRACTION = re.compile(
    r"(?P<den>十[一二三四五六七八九]?|[二三四五六七八九])分之(?P<num>[一二三四五六七八九十]+)"
    r"(?![点點0-9一二三四五六七八九十百千万亿])"
)
RANGE_SEPARATORS = ("——", "--", "至", "到", "-", "—", "–", "~", "～", "－", "―")
URL = re.compile(r"(?:https?://|www\.)[!-~]+")
RANGE_FIRST = frozenset(sep[0] for sep in RANGE_SEPARATORS)
INCLUSION_NOTE = re.compile(r"[(（](?:不)?含[)）]")
CLAUSE_END = set("，,。；;！!？?\n：:、")
QUOTES = {"“": "”", '"': '"', "「": "」", "‘": "’"}
MAX_SLOGAN = 12  # a quoted run this short is a slogan or a name, not a sentence
# Arabic calendar years never become candidates (see _candidates); these are the Chinese ones
YEAR_LIKE = re.compile(r"[一二〇零○][〇零○一二三四五六七八九]{3}")
# the word lists of this folder's tables, by role (each table's header says how they are used)
_NOT_AMOUNT = resource_groups("not_amount_words.tsv", __package__)
_SCALE = resource_groups("scale_words.tsv", __package__)
_RATE = resource_groups("rate_words.tsv", __package__)
_SPAN = resource_groups("span_words.tsv", __package__)
_SUBJECT = resource_groups("subject_words.tsv", __package__)
CALENDAR_AFTER = re.compile(rf"^(年)(?:[一二三四五六七八九十\d]{{1,2}}月|[—\-，,]|{alternation(_NOT_AMOUNT['calendar'])})")
# before a bare scale word they make it an amount: 上千家, 近千亩, 逾千家, 突破百万人次
SCALE_WORD_MARKERS = _SCALE["marker"]

# in the clause before an amount in 万 or 亿 with no unit, they make it money (投资 … 22亿)
MONEY_WORDS = _SCALE["money_clause"]
# after a bare scale word they make it money (百亿投资)
SCALE_WORDS_WITH_MONEY = _SCALE["money_after"]


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    kind: str
    factor: Decimal
    scaled: bool = False  # only after 万 or 亿 (2.5亿度 is electricity, 30度 is not)
    arabic: bool = False  # only after Arabic digits or 万/亿 (1.5亿股, 100手; not 两股力量, 二手车)


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Written unit → Unit, from units.tsv."""
    out = {}
    for row in resource_table("units.tsv", __package__):
        if row[2] == "not":
            continue
        out[row[0]] = Unit(
            row[0],
            row[1],
            row[2],
            Decimal(row[3]) if len(row) > 3 else Decimal(1),
            scaled=len(row) > 4 and row[4] == "scaled",
            arabic=len(row) > 4 and row[4] == "arabic",
        )
    return out


@lru_cache(maxsize=1)
def qualifiers() -> tuple[dict[str, str], dict[str, str]]:
    """(words before the number, words after the unit) → qualifier."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for word, position, qualifier in resource_table("qualifiers.tsv", __package__):
        if position != "blocked":
            (before if position == "before" else after)[word] = qualifier
    return before, after


@lru_cache(maxsize=1)
def blocked_qualifiers() -> tuple[str, ...]:
    """Words ending in a qualifier that are not one (签约, 通过, 最近)."""
    return tuple(word for word, position, _ in resource_table("qualifiers.tsv", __package__) if position == "blocked")


@lru_cache(maxsize=1)
def _qualifier_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(a qualifier word ending where a slice ends, a qualifier word starting at a position)."""
    before, after = qualifiers()
    return re.compile(f"(?:{alternation(before)})$"), re.compile(alternation(after))


@lru_cache(maxsize=1)
def _change_pattern() -> re.Pattern:
    return re.compile(alternation(change_words()))


@lru_cache(maxsize=1)
def change_words() -> dict[str, str]:
    return {row[0]: row[1] for row in resource_table("change_words.tsv", __package__)}


@lru_cache(maxsize=1)
def _count_changes() -> tuple[str, ...]:
    """The change verbs that give the direction of a count or a sum right after them (减少35家)."""
    return tuple(row[0] for row in resource_table("change_words.tsv", __package__) if row[2:] == ["count"])


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern:
    return re.compile(alternation(units()))


@dataclass
class Found:
    start: int
    end: int
    value: Decimal
    unit: str
    kind: str
    qualifier: str = "exact"
    value_max: Optional[Decimal] = None
    change: Optional[str] = None
    written: str = ""


@Language.component(COMPONENT, assigns=[declare_kind(KIND)])
def find_quantities(doc: Doc) -> Doc:
    """Add a span to doc.spans["quantities"] for every amount, in text order."""
    text = doc_text(doc)
    words = Words(doc)
    doc = add_spans(
        doc,
        KIND,
        [
            (
                found.start,
                found.end,
                "QUANTITY",
                {
                    "value": found.value,
                    "unit": found.unit,
                    "kind": found.kind,
                    "qualifier": found.qualifier,
                    "value_max": found.value_max,
                    "change": found.change,
                    "subject": _subject_span(text, found, words),
                },
            )
            for found in scan(text, words)
        ],
    )
    return doc


@lru_cache(maxsize=1)
def _subject_words() -> dict[str, tuple[str, ...]]:
    """subject_words.tsv by position: between, front, verb (longest first)."""
    out: dict[str, list[str]] = {}
    for word, position in resource_table("subject_words.tsv", __package__):
        out.setdefault(position, []).append(word)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _indicators() -> re.Pattern:
    return re.compile(f"(?:{alternation(t.strip() for t in resource_lines('indicators.txt', 'pipeline.language'))})$")


SUBJECT_BREAK_WORDS = set(_SUBJECT["break"])
SUBJECT_BREAK_MARKS = re.compile(r".*[,，：:、)）“”\s]")
TIME_WORDS = re.compile(rf".*(?:[0-9一二三四五六七八九十〇]+(?:年|月|日|季度)(?:份|末|底|初)?|{alternation(_SUBJECT['time'])})")
MAX_SUBJECT = 14


COUNTED_AFTER = re.compile(
    rf"(?!{alternation(_SUBJECT['not_counted'])})"
    rf"[\u4e00-\u9fff]{{2,10}}?(?={alternation(_SUBJECT['counted_end'])}|[、，,。；]|$)"
)


@lru_cache(maxsize=1)
def _subject_breaks() -> re.Pattern:
    return re.compile(alternation(SUBJECT_BREAK_WORDS | set(_subject_words()["verb"])))


def _subject_span(text: str, found: "Found", words: WordBoundaries) -> Optional[tuple[int, int]]:
    """Where the subject stands, so the record can quote it as written (項目, not 项目)."""
    subject = subject_of(text, found.start, words, found.end, found.kind)
    if subject is None:
        return None
    after = text.find(subject, found.end, found.end + 12) if found.kind == "count" else -1
    at = after if after >= 0 else text.rfind(subject, max(0, found.start - 60), found.start)
    return (at, at + len(subject)) if at >= 0 else None


def subject_of(text: str, start: int, words: Optional[WordBoundaries] = None, end: Optional[int] = None, kind: str = "") -> Optional[str]:
    """What the amount at `start` measures, as the clause names it. A count names what it counts
    right after it (152个重大产业项目在上海签约 → 重大产业项目); otherwise the noun phrase right
    before the amount, past verbs, time and scope words (今年新开工项目15项 → 新开工项目;
    项目总投资50亿元 → 总投资). None when the text names nothing."""
    if kind == "count" and end is not None:
        after = COUNTED_AFTER.match(text, end)
        if after:
            return after.group()
    clause = _clause_before(text, start)
    if "从" in clause and clause.rstrip("的").endswith(("年", "月")):  # 从2012年的2.3万亿元增加到2021年的
        clause = clause[: clause.rfind("从")]
    return _phrase_before(clause, start - len(clause), words)


def _phrase_before(clause: str, origin: int, words: Optional[WordBoundaries]) -> Optional[str]:
    lists = _subject_words()
    while True:  # drop verbs and qualifiers between the subject and the amount
        word = next((w for w in lists["between"] if clause.endswith(w)), None)
        if word is None:
            break
        clause = clause[: -len(word)]
    indicator = _indicators().search(clause)
    if clause.endswith(lists["verb"]) and not indicator:
        return None  # 已建成2111套, 昆明市到位217.2亿元: the clause names an action, not a measure
    limit = indicator.start() if indicator else len(clause)  # never cut into 到位资金
    marks = SUBJECT_BREAK_MARKS.match(clause)
    cut = marks.end() if marks else 0
    timed = TIME_WORDS.match(clause)
    cut = max(cut, timed.end() if timed else 0)
    for m in _subject_breaks().finditer(clause, cut, limit):  # after the last function word or verb
        at = origin + m.start()
        if m.end() < len(clause) and (words is None or len(m.group()) > 1 or (at in words.starts and at + 1 in words.ends)):
            cut = max(cut, m.end())
    clause = clause[cut:]
    while True:  # and scope words in front of it
        word = next((w for w in lists["front"] if clause.startswith(w)), None)
        if word is None:
            break
        clause = clause[len(word) :]
    indicator = _indicators().search(clause)
    if indicator and clause[: indicator.start()] in lists["generic"] + ("",):
        clause = indicator.group()  # 项目总投资 → 总投资
    elif len(clause) > MAX_SUBJECT and indicator:
        clause = indicator.group()
    if not clause or len(clause) > MAX_SUBJECT or not re.search(r"[\u4e00-\u9fff]", clause):
        return None
    if clause[-1] in CN_NUMERAL_CHARS or clause[-1].isdigit():
        return None
    return clause


def scan(text: str, words: WordBoundaries) -> list[Found]:
    """Every quantity in `text` (the extraction view), left to right, not overlapping."""
    found: list[Found] = []
    taken_until = 0
    candidates = [(m.start(), "number", m) for m in _candidates().finditer(text)]
    if any(sign in text for sign in SIGN_CHARACTERS):  # $20, ￥300: the sign vouches for a number no unit follows
        listed = {c[0] for c in candidates}
        candidates = sorted(
            candidates + [(m.start(), "number", m) for m in SIGNED_NUMBER.finditer(text) if m.start() not in listed], key=lambda c: c[0]
        )
    if "分之" in text:  # 百分之五, 三分之一; but 五百分之2.2 is left alone
        candidates = sorted(
            candidates
            + [
                (m.start(), how, m)
                for how, pattern in (("percent", PERCENT_WORDS), ("fraction", FRACTION))
                for m in pattern.finditer(text)
                if not (m.start() and text[m.start() - 1] in CN_NUMERAL_CHARS)
            ],
            key=lambda c: c[0],
        )
    urls = [m.span() for m in URL.finditer(text)] if ("//" in text or "www." in text) else []
    if urls:  # %20 and friends are not percentages
        candidates = [c for c in candidates if not any(a <= c[0] < b for a, b in urls)]
    spaced = _spaced_percents(text, words) if " " in text else {}  # the view has made every ideographic space ASCII
    for start, how, match in candidates:
        if start < taken_until:
            continue
        item = spaced.get(start) or next((item for at, item in spaced.items() if at <= start < item.end), None)
        if item is None:
            item = _percent_words(text, match, words) if how in ("percent", "fraction") else _read_amount(text, match, words)
        if item is None and how == "number" and start not in words.starts and not match.group()[0].isdigit():
            item = _read_inner(text, match, words)
        if item is None or item.start < taken_until:
            continue
        found.append(_settled(item))
        taken_until = item.end
    _share_enumerated_units(text, found)
    return found


class _Everywhere:
    def __contains__(self, offset: int) -> bool:
        return True


class _EveryBoundary:
    """Word boundaries for a text read alone: every character offset is one."""

    starts = ends = _Everywhere()


def _spaced_percents(text: str, words: WordBoundaries) -> dict[int, Found]:
    """Start → the percentage written with spaces inside it that starts there, read as if
    written without them (统一 成本 is no 10 %: 成 begins a word there)."""
    out = {}
    for match in SPACED_PERCENT.finditer(text):
        if not any(ch.isspace() for ch in match.group()):
            continue  # read the ordinary way
        if match.group().endswith("成") and match.end() not in words.ends:
            continue  # 统一 成本: 成 begins a word
        squeezed = re.sub(r"\s+", "", match.group())
        found = scan(squeezed, _EveryBoundary())
        if found and found[0].start == 0 and found[0].end == len(squeezed) and found[0].unit in ("%", "个百分点"):
            item = found[0]
            item.start, item.end, item.qualifier, item.change = match.start(), match.end(), "exact", None
            _qualify(text, item, words)
            out[item.start] = item
    return out


GLUED_NUMERALS = set("陆陸伍柒叁參肆捌玖壹贰貳拾佰仟万萬亿億百千零")


def _read_inner(text: str, match: re.Match, words: WordBoundaries) -> Optional[Found]:
    """A Chinese numeral glued to the end of the word before it (大陆两条: 陆 is also a numeral, 6)
    is read again from the first word start inside it; only after a character that is seldom a
    numeral in running text (东四六条 and 统一三个 stay unread)."""
    if match.group()[0] not in GLUED_NUMERALS:
        return None
    for at in range(match.start() + 1, match.end()):
        if at in words.starts:
            inner = _candidates(True).match(text, at)
            return _read_amount(text, inner, words) if inner else None
    return None


def _settled(item: Found) -> Found:
    """An interval (数十亿) under a bound qualifier keeps the bound it names: 超过数十亿 is more than
    2e9, 不到十几个 less than 19."""
    if item.value_max is not None and item.qualifier not in ("approx", "range"):
        if item.qualifier in ("less_than", "at_most"):
            item.value = item.value_max
        item.value_max = None
    return item


def _percent_words(text: str, match: re.Match, words: WordBoundaries) -> Optional[Found]:
    """百分之五点二 (5.2 %), 千分之三 (3 ‰), 三分之一 (33.333333 %)."""
    try:
        value = parse_number(match["num"])
        if "den" in match.re.groupindex:
            denominator = parse_number(match["den"])
            if value >= denominator:
                return None
            value = (value / denominator * 100).quantize(Decimal("0.000001"))
            value = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
    except ValueError:
        return None
    unit = "%" if "den" in match.re.groupindex or match["per"] == "百分之" else "‰"
    item = Found(match.start(), match.end(), value, unit, "percent" if unit == "%" else "other", written=unit)
    _qualify(text, item, words)
    return item


def _read_amount(text: str, match: re.Match, words: WordBoundaries) -> Optional[Found]:
    """Read number, range, unit and qualifiers starting at a number match; None if no amount.

    The rules run in their declared order: `NOT_AN_AMOUNT` (the number is none), `NUMBER_RULES`
    (how far the number reads: ranges, 多, 个亿, 十几), then money named by a bare scale word
    (`_scale_word_money`), the first of `UNIT_RULES` to find a unit (without one, a list's shared
    unit or `_implicit`), `NOT_AN_AMOUNT_WITH_UNIT`, the `UNIT_ADJUSTMENTS` and `QUALIFIER_RULES`
    of the amount found; an article (一个) is no amount."""
    amount = _Amount.of(text, match, words)
    for excluded in NOT_AN_AMOUNT:
        if excluded(amount):
            return None
    for read in NUMBER_RULES:
        read(amount)
    money = _scale_word_money(amount)
    if money is not None:
        return money
    amount.gap = _gap(amount)
    for find in UNIT_RULES:
        measure = find(amount)
        if measure is not None:
            break
    else:
        return _list_sharing_a_unit(amount) or _implicit(amount)
    for excluded_with_unit in NOT_AN_AMOUNT_WITH_UNIT:
        if excluded_with_unit(amount, measure):
            return None
    for adjust in UNIT_ADJUSTMENTS:
        adjust(amount, measure)
    item = Found(amount.start, measure.end, measure.value, measure.unit.unit, measure.unit.kind, written=measure.unit.written)
    for qualify in QUALIFIER_RULES:
        qualify(amount, measure, item)
    return None if _an_article(amount, measure, item) else item


@dataclass(slots=True)
class _Amount:
    """The parts of a number match as the rules of `_read_amount` read them."""

    text: str
    words: WordBoundaries
    matched: str  # the number as the candidate pattern matched it
    start: int  # moved back over a sign or a currency written before the number
    end: int  # where the number ends: past a range's second number, 多/余 and a scale word
    numeral: str  # the number, or a range's first number
    chinese: bool  # written with Chinese numerals
    marker: str  # a word that makes a bare scale word an amount (上千家, 近万人), or ""
    range_tail: Optional[tuple[str, int]]  # a range's second number right after the match, and where it ends
    high: Optional[str] = None  # a range's second number
    approx: bool = False  # 多, 余, 几: about that much
    several: Optional[tuple[Decimal, Decimal]] = None  # 十几: the interval the vague ones digit leaves
    gap: int = 0  # a space or a line break between the number and its unit

    @classmethod
    def of(cls, text: str, match: re.Match, words: WordBoundaries) -> "_Amount":
        start, end = match.span()
        numeral = match.group()
        marked = SCALE_WORDS.fullmatch(numeral) and text.endswith(SCALE_WORD_MARKERS, 0, start)  # 上千家, 数十家, 近万人
        marker = next((m for m in SCALE_WORD_MARKERS if text.endswith(m, 0, start)), "") if marked else ""
        return cls(text, words, numeral, start, end, numeral, not numeral[0].isdigit(), marker, _range_tail(text, end))

    @property
    def last(self) -> str:
        """The number, or a range's second number: the one a unit follows."""
        return self.high if self.high is not None else self.numeral


@dataclass(slots=True)
class _Measure:
    """The unit of an amount and its value, as the rules after the unit mend them."""

    unit: Unit
    value: Decimal
    value_max: Optional[Decimal]
    end: int  # where the unit ends

    @classmethod
    def of(cls, unit: Unit, values: tuple[Decimal, Optional[Decimal]], end: int) -> "_Measure":
        return cls(unit, values[0], values[1], end)


# --- what makes a number no amount ------------------------------------------------------------


def _glued_to_the_word_before(a: _Amount) -> bool:
    """A Chinese numeral inside a word (统一, 万一): it counts where it starts one, or where a
    marker or a range vouches for it though jieba glued it to the word before (用三到五年, 近万人)."""
    return (
        a.chinese
        and a.start not in a.words.starts
        and not (a.marker and a.start - len(a.marker) in a.words.starts)
        and a.range_tail is None
    )


def _excluded_number(a: _Amount) -> bool:
    """3/4, H7N9, a slogan in short quotes (`_excluded_context`); 三次产业, 一带一路 (`_in_fixed_term`)."""
    return _excluded_context(a.text, a.start, a.end) or _in_fixed_term(a.text, a.start)


def _digits_one_by_one(a: _Amount) -> bool:
    """二六市, 一七二零: Chinese digits read one by one name or number something, they do not count
    (unless a range follows or they are neighbours, 八九亿; 一年零五个月 holds a place with 零)."""
    return (
        a.chinese
        and a.range_tail is None
        and not _neighbour_range(a.numeral)
        and bool(re.fullmatch(rf"[{CN_DIGIT_CHARS}]{{2,}}", a.numeral))
        and not YEAR_LIKE.fullmatch(a.numeral)
        and a.numeral[0] not in "零〇○"
    )


NOT_AN_AMOUNT: tuple[Callable[[_Amount], bool], ...] = (_glued_to_the_word_before, _excluded_number, _digits_one_by_one)


# --- how far the number reads --------------------------------------------------------------------


def _range(a: _Amount) -> None:
    """5—10亿元, 100万至200万元, 1-2场, 三到五年: a second number after a range separator."""
    if a.range_tail is not None:
        a.high, a.end = a.range_tail


def _neighbouring_digits(a: _Amount) -> None:
    """八九亿, 三五百, 两三个: neighbouring digits are a rough range (`_neighbour_range`)."""
    pair = _neighbour_range(a.numeral) if a.chinese and a.high is None else None
    if pair is not None:
        a.numeral, a.high = pair


def _and_some(a: _Amount) -> None:
    """450多个, 20多亿元, 5000余万: 多 or 余 after the number, before a unit or a scale word,
    makes it approximate (the scale word joins the number)."""
    text, end = a.text, a.end
    if end < len(text) and text[end] in "多余餘":
        scale = cast("re.Match[str]", re.match(r"[万亿]*", text[end + 1 :])).group()  # matches, if only the empty string
        if scale or _unit_at(text, end + 1):
            a.approx = True
            if a.high is None:
                a.numeral += scale
            else:
                a.high += scale
            a.end = end + 1 + len(scale)


def _ge_yi(a: _Amount) -> None:
    """50个亿元, 投入近3个亿: 个亿 is 亿 (but 15个亿元项目 counts projects)."""
    if a.text.startswith("个亿", a.end) and not a.text.startswith(("元项目", "元以上", "元级"), a.end + 2):
        a.numeral, a.end = a.numeral + "亿", a.end + 2


def _tens_and_some(a: _Amount) -> None:
    """十几亿, 二十几万: 几 after the tens leaves the ones digit open (十几亿: 11亿 to 19亿)."""
    if a.text.startswith("几", a.end) and a.numeral.endswith("十"):
        scale = cast("re.Match[str]", re.match(r"[万亿]*", a.text[a.end + 1 :])).group()  # matches, if only the empty string
        ones = parse_number(scale) if scale else Decimal(1)
        base = parse_number(a.numeral) * ones
        a.numeral, a.end, a.approx = a.numeral + scale, a.end + 1 + len(scale), True
        a.several = (base + ones, base + 9 * ones)


NUMBER_RULES: tuple[Callable[[_Amount], None], ...] = (_range, _neighbouring_digits, _and_some, _ge_yi, _tens_and_some)


def _scale_word_money(a: _Amount) -> Optional[Found]:
    """亿元以上, 千亿级, 百亿投资: money named by a bare scale word (`_scale_only`); 数十亿 is an interval."""
    if not (SCALE_ONLY.fullmatch(a.numeral) and a.high is None and not a.approx):
        return None
    money = _scale_only(a.text, a.start, a.numeral, a.end, a.words)
    return _vague_interval(a.text, money) if money is not None else None


def _gap(a: _Amount) -> int:
    """18.6 %; and a PDF line break between a sum and its currency (316 亿\n元; not a headline's 9亿\n张裕)."""
    text, end = a.text, a.end
    after = _unit_at(text, end + 1) if text.startswith((" ", "\n"), end) else None
    return 1 if after and (text[end] == " " or a.numeral[-1] in "万亿萬億" and after.kind == "money") else 0


# --- the unit: the first rule to find one --------------------------------------------------------


def _loose_months(a: _Amount) -> Optional[_Measure]:
    """8个多月, 两个多小时: 个多 before a month or an hour, an approximate duration."""
    loose = LOOSE_MONTHS.match(a.text, a.end) if a.high is None and a.several is None else None
    if not loose:
        return None
    unit = units()["个" + loose[1]]
    a.approx = True
    return _Measure(unit, parse_number(a.numeral) * unit.factor, None, loose.end())


def _unit_after(a: _Amount) -> Optional[_Measure]:
    """The unit written after the number, a trailing 千/百/十 of the number possibly its
    (20万千瓦, 5千米: `_unit_and_value`)."""
    unit, values, unit_end = _unit_and_value(a.text, a.numeral, a.high, a.end + a.gap)
    return _Measure.of(unit, values, unit_end) if unit is not None else None


def _unit_in_context(a: _Amount) -> Optional[_Measure]:
    """最低气温15度, 价格指数为110.8点: units only in their context (`_context_unit`)."""
    found = _context_unit(a.text, a.start, a.numeral, a.high, a.end + a.gap)
    return _Measure.of(*found) if found else None


def _currency_sign_before(a: _Amount) -> Optional[_Measure]:
    """$20, ￥300, US$5, HK$1.2亿: Arabic digits after a currency sign, the sign their unit and
    part of the amount's text."""
    signed = _currency_sign(a.text, a.start, a.numeral, a.high, a.end) if not a.chinese else None
    if not signed:
        return None
    unit, values, unit_end, a.start = signed
    return _Measure.of(unit, values, unit_end)


UNIT_RULES: tuple[Callable[[_Amount], Optional[_Measure]], ...] = (_loose_months, _unit_after, _unit_in_context, _currency_sign_before)


def _list_sharing_a_unit(a: _Amount) -> Optional[Found]:
    """12、8、5个, 12、8、5万元: bare Arabic numbers listed before the unit (and the scale word)
    that closes the list (`_list_unit`)."""
    shared = _list_unit(a.text, a.end) if not a.chinese and a.high is None else None
    if shared is None:
        return None
    unit, scale = shared
    scale = "" if re.search(r"[万亿萬億]", a.numeral) else scale
    return Found(a.start, a.end, parse_number(a.numeral + scale) * unit.factor, unit.unit, unit.kind, written=unit.written)


# --- what makes a number with its unit no amount -------------------------------------------------


def _implausible_chinese(a: _Amount, m: _Measure) -> bool:
    """七台河, 零部件: a Chinese numeral with its unit must end a word (`_plausible_chinese`)."""
    return a.chinese and not _plausible_chinese(a.text, a.start, a.numeral, m.end, a.words, a.approx)


def _place_name(a: _Amount, m: _Measure) -> bool:
    """九台区, 七台河, 三门峡: a Chinese numeral and a measure word begin a place's name."""
    return a.chinese and m.unit.written in PLACE_UNITS and a.text.startswith(PLACE_SUFFIXES, m.end)


def _rank_or_period(a: _Amount, m: _Measure) -> bool:
    """前五位 (a rank), 前5个月 (a period)."""
    text, start = a.text, a.start
    return (
        text.endswith(("前", "后"), 0, start)
        and m.unit.unit in ("位", "名", "强")
        or text.endswith("前", 0, start)
        and m.unit.kind == "duration"
    )


def _ranking(a: _Amount, m: _Measure) -> bool:
    """排名11位, 由99位提升至87位: a place in a ranking (`_rank`)."""
    return m.unit.unit == "位" and _rank(a.text, a.start, m.end)


def _model_year(a: _Amount, m: _Measure) -> bool:
    """2020款: a model year."""
    return m.unit.unit == "款" and bool(re.fullmatch(r"(?:19|20)[0-9]{2}", a.numeral))


def _calendar_years(a: _Amount, m: _Measure) -> bool:
    """2025年, 2024—2026年: years on the calendar, not durations (`_calendar_year`)."""
    return m.unit.unit == "年" and (
        _calendar_year(a.text, a.matched, m.end)
        or a.high is not None
        and all(re.fullmatch(r"(?:19|20)[0-9]{2}", n) for n in (a.numeral, a.high))
    )


NOT_AN_AMOUNT_WITH_UNIT: tuple[Callable[[_Amount, _Measure], bool], ...] = (
    _implausible_chinese,
    _place_name,
    _rank_or_period,
    _ranking,
    _model_year,
    _calendar_years,
)


# --- the amount's unit and value mended ----------------------------------------------------------


def _block_as_yuan(a: _Amount, m: _Measure) -> None:
    """每公斤3块涨到了6块: 块 is money with a price or a payment around it (but 4块牌子, 3000万块面板)."""
    if m.unit.written == "块" and (MONEY_AFTER.match(a.text, m.end) or MONEY_CONTEXT.search(_clause_before(a.text, a.start))):
        m.unit = Unit("块", "元", "money", Decimal(1))


def _range_with_units(a: _Amount, m: _Measure) -> None:
    """6%-6.5%, 100万元至200万元: a second amount with the same unit closes a range (`_unit_range`)."""
    if m.value_max is None:
        m.value_max, m.end = _unit_range(a.text, m.unit, m.end)


def _negative(a: _Amount, m: _Measure) -> None:
    """为负3.2亿元, 为-2.4亿元: a sign before the number (a - after a number or a unit is a dash)."""
    text, start = a.text, a.start
    if start > 0 and (text[start - 1] in "负負" or text[start - 1] == "-" and not _counts(text[start - 2 : start - 1])):
        a.start, m.value = start - 1, -m.value


def _yuan_in_full(a: _Amount, m: _Measure) -> None:
    """壹拾壹元肆角陆分 (`_jiao_fen`), 港币两千九百六十元, 9000元日币 (`_named_currency`)."""
    if m.unit.unit == "元":
        m.value, m.end = _jiao_fen(a.text, m.value, m.end)
        m.unit, m.end, a.start = _named_currency(a.text, m.unit, m.end, a.start)


def _and_a_half(a: _Amount, m: _Measure) -> None:
    """一吨半, 三成半: 半 after the unit adds half of it."""
    if a.text.startswith("半", m.end) and m.value_max is None and m.unit.kind != "count":
        m.value, m.end = m.value + Decimal("0.5") * m.unit.factor, m.end + 1


def _per_rate_word(a: _Amount, m: _Measure) -> None:
    """每年3000万吨 → 万吨/年, 时速350公里 → 公里/小时: a rate word before the amount (`_rate_before`)."""
    per = _rate_before(a.text, a.start)
    if per and "/" not in m.unit.unit:
        kind = "speed" if per == "小时" and m.unit.kind == "length" else "other"
        m.unit = Unit(m.unit.written, f"{m.unit.unit}/{per}", kind, m.unit.factor)


UNIT_ADJUSTMENTS: tuple[Callable[[_Amount, _Measure], None], ...] = (
    _block_as_yuan,
    _range_with_units,
    _negative,
    _yuan_in_full,
    _and_a_half,
    _per_rate_word,
)


# --- the amount's qualifier ------------------------------------------------------------------------


def _range_or_about(a: _Amount, m: _Measure, item: Found) -> None:
    """A range whose top is above its bottom (5—10亿元); else about that much (450多个); 十几亿
    spans what 几 leaves open."""
    if m.value_max is not None and m.value_max > m.value:
        item.qualifier, item.value_max = "range", m.value_max
    elif a.approx:
        item.qualifier = "approx"
    if a.several is not None:
        item.value, item.value_max = a.several[0] * m.unit.factor, a.several[1] * m.unit.factor


def _marked_scale_word(a: _Amount, m: _Measure, item: Found) -> None:
    """上千家, 数十家, 几百万: the marker belongs to the amount, which is approximate (an interval
    after 数 or 几: `_vague_interval`); the other markers are qualifier words (`_qualify`)."""
    if a.marker in ("上", "数", "几") and item.qualifier == "exact":
        item.qualifier, item.start = "approx", item.start - 1
        _vague_interval(a.text, item, moved=True)


def _of_about_that_size(a: _Amount, m: _Measure, item: Found) -> None:
    """10万吨级泊位: 级 after the unit, of about that size."""
    if a.text.startswith("级", item.end) and item.qualifier == "exact":
        item.qualifier, item.end = "approx", item.end + 1


def _qualifier_words(a: _Amount, m: _Measure, item: Found) -> None:
    """约, 超过, 以上 …: the qualifier words around the amount, and a rate's direction (`_qualify`)."""
    _qualify(a.text, item, a.words)


QUALIFIER_RULES: tuple[Callable[[_Amount, _Measure, Found], None], ...] = (
    _range_or_about,
    _marked_scale_word,
    _of_about_that_size,
    _qualifier_words,
)


def _an_article(a: _Amount, m: _Measure, item: Found) -> bool:
    """一个, 一项, 新的一年: 一 as an article, not an amount (but 建设期为一年 is a duration)."""
    return (
        a.numeral == "一"
        and item.qualifier == "exact"
        and (m.unit.kind == "count" or m.unit.unit in ("年", "天") and m.value == 1 and not _one_year_is_a_span(a.text, a.start, item.end))
    )


RANK_BEFORE = re.compile(
    rf"(?:{alternation(_NOT_AMOUNT['rank_before'])}|{alternation(_NOT_AMOUNT['rank_move'])}[至到])(?:全国|全省|全市)?(?:第)?\s*$"
)
RANK_AFTER = _NOT_AMOUNT["rank_after"]


def _rank(text: str, start: int, unit_end: int) -> bool:
    """N位 as a place in a ranking: 排名11位, 由99位提升至87位 (but 150余位嘉宾 counts people)."""
    return bool(RANK_BEFORE.search(text, max(0, start - 8), start)) or text.startswith(RANK_AFTER, unit_end)


_CONTEXT = {
    (unit, where): [w for w, u, at in resource_table("context_units.tsv", __package__) if (u, at) == (unit, where)]
    for unit, where in (("度", "clause"), ("点", "clause"), ("块", "clause"), ("块", "after"))
}
TEMPERATURE = re.compile(alternation(_CONTEXT["度", "clause"]))
INDEX = re.compile(alternation(_CONTEXT["点", "clause"]))
# 块 is money with a price or a payment around it (多挣1500块, 一斤4块多的价格, 11块5毛钱, 6万块贷款)
MONEY_CONTEXT = re.compile(alternation(_CONTEXT["块", "clause"]))
MONEY_AFTER = re.compile(rf"多?(?:[0-9一二三四五六七八九]?[毛角]|{alternation(_CONTEXT['块', 'after'])})")


def _context_unit(text: str, start: int, numeral: str, high: Optional[str], end: int):
    """Units that are units only in their context: 度 of a temperature (最低气温15度; 2.5亿度 is
    electricity, see units.tsv), 点 of an index (价格指数为110.8点; 10点 is a time)."""
    if re.search(r"[万亿萬億]$", high or numeral):
        return None
    if text.startswith("度", end) and TEMPERATURE.search(_clause_before(text, start)):
        unit = Unit("度", "度", "other", Decimal(1))
    elif (
        text.startswith("点", end)
        and numeral[0].isdigit()
        and not text.startswith(("点钟", "点半", "点多"), end)
        and INDEX.search(_clause_before(text, start))
    ):
        unit = Unit("点", "点", "other", Decimal(1))
    else:
        return None
    values = _values(numeral, high)
    return (unit, values, end + 1) if values else None


# a currency sign before the number, when no unit follows it: the sign is the unit
CURRENCY_SIGNS = dict(resource_table("currency_signs.tsv", __package__))
SIGN_CHARACTERS = "".join(dict.fromkeys(sign[-1] for sign in CURRENCY_SIGNS))  # $¥￥€£
SIGNED_NUMBER = re.compile(rf"(?<=[{re.escape(SIGN_CHARACTERS)}])(?:{NUMBER.pattern})")
CURRENCY_SIGN = re.compile("(?:" + "|".join(re.escape(sign) for sign in sorted(CURRENCY_SIGNS, key=len, reverse=True)) + r")\s?$")


def _currency_sign(text: str, start: int, numeral: str, high: Optional[str], end: int):
    """(unit, values, end, start) of an amount written after a currency sign: $20, ￥300, US$5,
    HK$1.2亿 (the sign is part of the amount's text)."""
    sign = CURRENCY_SIGN.search(text, max(0, start - 4), start)  # the leftmost, so the longest (US$ over $)
    if not sign or text[sign.start() - 1 : sign.start()].isascii() and text[sign.start() - 1 : sign.start()].isalpha():
        return None  # ABC$5: the end of a word
    written = sign.group().strip()
    values = _values(numeral, high)
    return (Unit(written, CURRENCY_SIGNS[written], "money", Decimal(1)), values, end, sign.start()) if values else None


PLACE_UNITS = _NOT_AMOUNT["place_unit"]  # measure words that also form place names
PLACE_SUFFIXES = _NOT_AMOUNT["place_suffix"]
SPAN_BEFORE = _SPAN["before"]
SPAN_AFTER = _SPAN["after"]
NOT_SINCE = _SPAN["not_since"]  # 新的一年来临


def _one_year_is_a_span(text: str, start: int, end: int) -> bool:
    """一年 (一天) is a length of time after 为/用/历时 or before 时间/内/来 (建设期为一年, 用一年时间, 一年来);
    elsewhere it is "the year" (关键一年, 新的一年, 最后一天)."""
    return (
        text.endswith(SPAN_BEFORE, 0, start)
        or text.startswith(SPAN_AFTER, end)
        or text.startswith("来", end)
        and not text.startswith(NOT_SINCE, end)
    )  # 一年来: over the past year


LOOSE_MONTHS = re.compile(r"个[多余](月|小时)")


def _vague_interval(text: str, item: Found, moved: bool = False) -> Found:
    """数十亿, 几百万: "several" of a scale word is taken as two to nine of it, kept as the interval
    value..value_max of an approximate amount."""
    at = item.start - (0 if moved else 1)
    if at >= 0 and text[at] in "数几" and item.value_max is None:
        item.value, item.value_max, item.qualifier = item.value * 2, item.value * 9, "approx"
        item.start = min(item.start, at)
    return item


JIAO_FEN = re.compile(rf"(?:(?P<jiao>[{CN_DIGIT_CHARS}0-9])[角毛])?(?:(?P<fen>[{CN_DIGIT_CHARS}0-9])分)?(?P<whole>整|正)?")


def _jiao_fen(text: str, value: Decimal, end: int) -> tuple[Decimal, int]:
    """壹拾壹元肆角陆分, 玖万捌仟元整: tenths and hundredths of a yuan, and the 整 that closes a sum."""
    m = JIAO_FEN.match(text, end)
    if not m or not m.group():
        return value, end
    for part, scale in (("jiao", Decimal("0.1")), ("fen", Decimal("0.01"))):
        if m[part]:
            value += parse_number(m[part]) * scale
    return value, m.end()


def _list_unit(text: str, end: int) -> Optional[tuple[Unit, str]]:
    """The unit (and the scale word before it) after the last of a list of bare numbers that
    starts at `end`: 12、8、5个 → 个; 12、8、5万元 → 元 and 万."""
    pos, items, scale = end, 0, ""
    while pos < len(text) and text[pos] in "、和及":
        m = NUMBER.match(text, pos + 1)
        if not m or not m.group()[0].isdigit():
            return None
        pos, items = m.end(), items + 1
        scale = cast("re.Match[str]", re.search(r"[万亿萬億]*$", m.group())).group()  # matches, if only the empty string
    if items and text.startswith(" ", pos):
        pos += 1  # 54、42 个百分点
    unit = _unit_at(text, pos) if items else None
    return (unit, scale) if unit is not None else None


@lru_cache(maxsize=1)
def _unit_false_friends() -> tuple[str, ...]:
    """Words that begin with a unit's characters without being a measure: 套餐, 条例 (units.tsv: 'not')."""
    return tuple(row[0] for row in resource_table("units.tsv", __package__) if len(row) > 2 and row[2] == "not")


@lru_cache(maxsize=1)
def _currency_words() -> tuple[re.Pattern, re.Pattern]:
    """(a currency word starting at a position, one ending where a slice ends); 元 itself excluded."""
    money = alternation(w for w, u in units().items() if u.kind == "money" and u.unit != "元")
    return re.compile(money), re.compile(f"(?:{money}) ?$")  # 新台币 177.1 亿元: a space may follow the word


def _named_currency(text: str, unit: Unit, unit_end: int, start: int) -> tuple[Unit, int, int]:
    """港币两千九百六十元, 三万元欧元, 9000元日币: 元 as the word for money, with the currency named
    before the amount or right after 元."""
    starting, ending = _currency_words()
    after = starting.match(text, unit_end)
    if after:
        return units()[after.group()], after.end(), start
    before = ending.search(text[max(0, start - 5) : start])
    if before:
        return units()[before.group().rstrip()], unit_end, start - len(before.group())
    return unit, unit_end, start


def _counts(ch: str) -> bool:
    """A character that can end a number or a unit (so a following - is a dash, not a sign)."""
    return bool(ch) and (ch.isascii() and ch.isalnum() or ch in CN_NUMERAL_CHARS or ch in units() or ch in ")）")


@lru_cache(maxsize=1)
def _amount_followers() -> frozenset[str]:
    """Characters that can follow a number in an amount: a unit's first character, 多/余, a range
    separator, a list separator, 个 (50个亿元), a space, 级, 点 (of an index)."""
    return frozenset({w[0] for w in units()} | set("多余几个 级、和及角分整正点") | {s[0] for s in RANGE_SEPARATORS})


@lru_cache(maxsize=2)
def _candidates(inner: bool = False) -> re.Pattern:
    """Numbers that may start an amount: followed by a character that can continue one, or
    ending in a scale word. The test runs inside the regex engine, so the many numeral
    characters of running text (统一, 一起) never reach Python code. `inner` drops the rule that
    a Chinese numeral never starts inside another (for a retry at a word start: 大陆|两条)."""
    follow = "".join(sorted(_amount_followers()))
    return re.compile(
        # never from inside another number; the leading lookaheads let the engine skip fast
        rf"(?:(?=[0-9])(?<![0-9])(?<![0-9][.,])|(?=[{CN_NUMERAL_CHARS}]){'' if inner else f'(?<![{CN_NUMERAL_CHARS}])'})"
        r"(?<![第*.·])(?<![0-9A-Za-z*]\+)"  # ordinals (第三), masks (**.*), decimals, 1+1+N (but 亿元+1000亿美元)
        r"(?!(?:19|20)[0-9]{2} ?年)"  # a calendar year (2020 年 in spaced text)
        r"(?!百分|千分之|万分之)"  # 百分之五 is read as a whole by PERCENT_WORDS
        rf"(?!一{alternation(_NOT_AMOUNT['article'])}(?![月多余半小百千]))"  # 一个, 一次: an article
        rf"(?>{NUMBER.pattern})"
        # not dates, 十分, 三分之一, 80年代, 二次会议, masks
        rf"(?!日(?!元)|分(?!钟)|分之|年代|次{alternation(_NOT_AMOUNT['meeting'])}|[*+])"
        rf"(?:(?=[{re.escape(follow)}])|(?<=[0-9{CN_NUMERAL_CHARS}][万亿萬億百千十])|(?<=[0-9][ \n][万亿萬億])"
        r"|(?<=[数几上近逾过破超][十百千万亿]))"
    )


def _plausible_chinese(text: str, start: int, numeral: str, unit_end: int, words: WordBoundaries, approx: Optional[bool]) -> bool:
    """A Chinese numeral with its unit must end where a word ends (七台河, 零部件 are words), and a
    bare scale word is an amount only when the text marks it as one (上千家, 近千亩, 万余人)."""
    if SCALE_ONLY.fullmatch(numeral) and not (approx or text.endswith(SCALE_WORD_MARKERS, 0, start)):
        return False
    return (
        unit_end in words.ends
        or text.startswith(tuple(qualifiers()[1]), unit_end)
        or text.startswith(("整", "正", "半"), unit_end)
        or cast("re.Match[str]", JIAO_FEN.match(text, unit_end)).group() != ""  # all optional: it always matches
    )


def _unit_range(text: str, unit: Unit, unit_end: int) -> tuple[Optional[Decimal], int]:
    """6%-6.5%, 100万元至200万元, 10万元(含)-50万元: a second amount with the same unit closes a range."""
    note = INCLUSION_NOTE.match(text, unit_end)
    at = note.end() if note else unit_end
    if at >= len(text) or text[at] not in RANGE_FIRST:
        return None, unit_end
    for sep in RANGE_SEPARATORS:
        if text.startswith(sep, at):
            m = NUMBER.match(text, at + len(sep))
            if m and text.startswith(unit.written, m.end()):
                try:
                    return parse_number(m.group()) * unit.factor, m.end() + len(unit.written)
                except ValueError:
                    return None, unit_end
    return None, unit_end


def _range_tail(text: str, end: int) -> Optional[tuple[str, int]]:
    note = INCLUSION_NOTE.match(text, end)  # 1万(含)-5万元: whether the low end is included
    if note:
        end = note.end()
    if end >= len(text) or text[end] not in RANGE_FIRST:
        return None
    for sep in RANGE_SEPARATORS:
        if text.startswith(sep, end):
            m = NUMBER.match(text, end + len(sep))
            if m:
                return m.group(), m.end()
    # a unit between the two numbers: 100万元至200万元 is read as its two ends
    return None


def _unit_at(text: str, pos: int) -> Optional[Unit]:
    m = _unit_pattern().match(text, pos)
    if not m or text.startswith(_unit_false_friends(), pos):
        return None  # 36900套餐, 3个亿项目: the unit's characters begin another word
    written = m.group()
    if (
        written.isascii()
        and written[-1].isalpha()
        and pos + len(written) < len(text)
        and text[pos + len(written)].isascii()
        and text[pos + len(written)].isalpha()
    ):
        return None  # 5th, 3Gbps: letters run on
    return units()[written]


def _unit_and_value(text: str, numeral: str, high: Optional[str], end: int):
    """The unit after the number, and the value (with the range's top when `high` is given).

    A trailing 千/百/十 of the number may belong to the unit instead (20万千瓦, 5千米): the
    reading with the longer unit wins. Returns (unit, (value, value_max), unit_end) or
    (None, None, end).
    """
    last = high if high is not None else numeral
    readings = []
    for moved in ("", last[-1:]) if last[-1] in "千百十" else ("",):
        unit = _unit_at(text, end - len(moved))
        if unit is not None and unit.scaled and last[len(last) - len(moved) - 1] not in "万亿萬億":
            unit = None
        if unit is not None and unit.arabic and not re.search(r"[0-9]", last) and last[len(last) - len(moved) - 1] not in "万亿萬億":
            unit = None
        if unit is not None:
            readings.append((len(unit.written) - len(moved), len(moved), unit))
    if not readings:
        return None, None, end
    _, cut, unit = max(readings, key=lambda r: (r[0], r[1])) if len(readings) > 1 else readings[0]
    unit_end = end - cut + len(unit.written)
    try:
        if high is None:
            value = parse_number(numeral[: len(numeral) - cut]) * unit.factor
            values: tuple[Decimal, Optional[Decimal]] = (value, None)
        else:
            values = _range_values(numeral, high[: len(high) - cut], unit.factor)
    except ValueError:
        return None, None, end
    # compound units: 万吨/年, 公里/小时
    slash = _per_unit().match(text, unit_end) or NOUN_PER.match(text, unit_end)
    if slash and "/" not in unit.unit:
        per = units().get(slash.group(1))
        unit = Unit(unit.written + slash.group(), f"{unit.unit}/{per.unit if per else slash.group(1)}", "other", unit.factor)
        unit_end += len(slash.group())
    return unit, values, unit_end


# a capacity names its product between the unit and the period: 9万片玻璃基板/月, 800吨镉/年
NOUN_PER = re.compile(rf"[\u4e00-\u9fff]{{1,6}}/({alternation(_RATE['period'])})")
PER_WORDS = _RATE["slash"]


@lru_cache(maxsize=1)
def _per_unit() -> re.Pattern:
    """/亩, /千瓦时, /年: the denominator of a compound unit written with a slash."""
    return re.compile(f"/({alternation(set(PER_WORDS) | set(units()))})")


RATE_BEFORE = re.compile(
    rf"(?:每(?P<per>{alternation(_RATE['every'])})|(?P<speed>时速)"
    r"|(?P<daily>日产|日產|日均)|(?P<yearly>年产|年產)|(?P<monthly>月产|月產))"
    rf"(?:{alternation(_RATE['between'])})?$"
)


def _rate_before(text: str, start: int) -> Optional[str]:
    """每年3000万吨 → 年, 每立方米33微克 → 立方米, 时速350公里 → 小时, 年产180颗 → 年, 每股0.4澳元 → 股:
    the denominator a rate word gives."""
    window = text[max(0, start - 8) : start]  # the rate word stands right before the amount (GOLD.md)
    if not any(w in window for w in ("每", "时速", "日", "产", "產")):
        return None
    m = RATE_BEFORE.search(window)
    if not m:
        return None
    if m["speed"]:
        return "小时"
    if m["daily"]:
        return "日"
    if m["yearly"] or m["monthly"]:
        return "年" if m["yearly"] else "月"  # 年产6000吨 (but 年产能6000吨, 年产值: a noun between)
    per = units().get(m["per"])  # the rate word stands right before the amount
    return per.unit if per else m["per"]


def _values(numeral: str, high: Optional[str]) -> Optional[tuple[Decimal, Optional[Decimal]]]:
    """(value, value_max) of a number or a range of numbers, None if one is no number."""
    try:
        return _range_values(numeral, high, Decimal(1)) if high is not None else (parse_number(numeral), None)
    except ValueError:
        return None


def _range_values(low: str, high: str, factor: Decimal) -> tuple[Decimal, Decimal]:
    """The second number's scale applies to a first written without it: 5—10亿, 十八至三十万,
    一百二十到一百五十万, 两到三仟."""
    top = parse_number(high)
    big = re.search(r"[万亿萬億]+$", high)
    small = None if big else re.search(r"[十百千拾佰仟]$", high)
    if big and not re.search(r"[万亿萬億]", low):
        scaled = low + big.group()
    elif small and re.fullmatch(rf"[0-9]+|[{CN_DIGIT_CHARS}]", low):
        scaled = low + small.group()
    else:
        scaled = low
    # a low end above the high end is a misreading: 从8500到3万 is 8500 to 30000, not 8500万
    if parse_number(scaled) <= top:
        low = scaled
    return parse_number(low) * factor, top * factor


NEIGHBOURS = re.compile(r"([一二两三四五六七八九])([二两三四五六七八九])([十百千万亿萬億拾佰仟]*)")


def _neighbour_range(numeral: str) -> Optional[tuple[str, str]]:
    """八九亿, 三五百, 二三十: two digits side by side before a scale word are a rough range; without
    one only close digits are (两三个, 七八个人, 三五天; 二六市 is a name)."""
    m = NEIGHBOURS.fullmatch(numeral)
    if m and DIGITS_VALUE[m[2]] > DIGITS_VALUE[m[1]] and (m[3] or DIGITS_VALUE[m[2]] - DIGITS_VALUE[m[1]] <= 2):
        return m[1] + m[3], m[2] + m[3]
    return None


def _implicit(a: _Amount) -> Optional[Found]:
    """Amounts with a scale word and no unit: 100亿级 and 22亿 are money, 1109万 before 农村人口
    are people; a bare scale word stands for its number (亿元以上, 千亿级, 百亿投资)."""
    text, start, end, last = a.text, a.start, a.end, a.last
    if not re.search(r"[万亿萬億]$", last):
        return None
    values = _values(a.numeral, a.high)
    if values is None:
        return None
    value, value_max = values
    qualifier = "approx" if a.approx or SCALE_ONLY.fullmatch(last) else "exact"  # 拟募资百亿: a round figure
    counted = COUNTED_AFTER.match(text, end)
    counted_unit = _counted_unit(counted.group()) if counted else None
    if text.startswith("级", end):
        unit, end, qualifier = "元", end + 1, "approx"
    elif counted_unit is not None:
        unit = counted_unit  # 1109万农村贫困人口, 近200万华侨华人, 50多万农户
    elif last.endswith(("亿", "億")) or any(w in _clause_before(text, start) for w in MONEY_WORDS):
        unit = "元"
    else:
        return None
    item = Found(start, end, value, unit, "money" if unit == "元" else "count", qualifier=qualifier)
    if value_max is not None and value_max > value:
        item.qualifier, item.value_max = "range", value_max
    _qualify(text, item, a.words)
    return item


@lru_cache(maxsize=1)
def _counted_units() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(unit, the words a noun counted in it ends with), from counted_words.tsv."""
    return tuple(resource_groups("counted_words.tsv", __package__).items())


def _counted_unit(noun: str) -> Optional[str]:
    """The unit a bare 万 or 亿 counts before this noun (人口 → 人, 农户 → 户), if it says one."""
    return next((unit for unit, words in _counted_units() if noun.endswith(words)), None)


def _scale_only(text: str, start: int, numeral: str, end: int, words: WordBoundaries) -> Optional[Found]:
    """亿元以上, 亿元项目, 千亿级, 百亿投资, 总投资超千亿: money named by its scale alone.

    A round scale word is approximate; a lone 亿元 or 万元 with nothing after it names a
    column's unit or money in general, not an amount.
    """
    if start not in words.starts or numeral in ("十", "百", "千"):
        return None
    if numeral in ("十万", "百万", "千万") and not text.startswith("元", end):
        return None  # 千万 is also an adverb
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in CN_NUMERAL_CHARS):
        return None
    value = parse_number(numeral)
    qualifier = "approx"
    if text.startswith("元", end):
        end += 1
        qualifier = "exact"  # 奖励百万元: a sum, written round
        if text.startswith("以上", end):
            qualifier, end = "at_least", end + 2
        elif text.startswith("项目", end) and not _qualifier_before(text, start):
            qualifier = "at_least"  # 亿元项目 (but 过百亿元项目 says more than)
        elif text.startswith("级", end):
            qualifier, end = "approx", end + 1
        elif numeral in ("亿", "万") and not _qualifier_before(text, start):
            return None  # a bare 亿元 heads a column or means money in general; 过亿元 is an amount
    elif text.startswith("级", end):
        end += 1
    elif not (
        text.startswith(SCALE_WORDS_WITH_MONEY, end)
        and numeral != "万"
        or any(w in _clause_before(text, start) for w in MONEY_WORDS)
        and value >= 10**8
    ):
        return None
    item = Found(start, end, value, "元", "money", qualifier=qualifier)
    _qualify(text, item, words)
    return item


CLAUSE_MARK = re.compile("[" + re.escape("".join(sorted(CLAUSE_END))) + "]")
_clause_marks: list = [None, []]  # the text last scanned and where its clause marks are


def _qualifier_before(text: str, start: int) -> bool:
    m = _qualifier_patterns()[0].search(text[max(0, start - 8) : start])
    return bool(m) and not text.endswith(blocked_qualifiers(), 0, start)


def _clause_before(text: str, start: int) -> str:
    """The text from the last clause break (at most 40 characters back) up to `start`."""
    if _clause_marks[0] is not text:  # found once per text, then looked up by bisection
        _clause_marks[:] = [text, [m.start() for m in CLAUSE_MARK.finditer(text)]]
    marks = _clause_marks[1]
    i = bisect.bisect_left(marks, start)
    begin = marks[i - 1] + 1 if i else 0
    return text[max(begin, start - 40) : start]


def _excluded_context(text: str, start: int, end: int) -> bool:
    """Fractions and dates with a slash, and slogans in short quotes. (Ordinals, ranks, masked
    digits and codes glued to letters never become candidates: see `_candidates`.)"""
    if start > 1 and text[start - 1] == "/" and text[start - 2].isdigit():
        return True  # 3/4, 2025/3/1
    if (
        start
        and text[start - 1].isascii()
        and text[start - 1].isalpha()
        and not (re.search(r"[十百千万亿]", text[start:end]) or text[end : end + 1] in ("%", "元"))
    ):
        return True  # codes and names glued to letters: H7N9, A380, PM2.5 (but GDP1234.5亿元, CPI2.1%)
    return _inside_short_quote(text, start, end)


@lru_cache(maxsize=1)
def _fixed_terms() -> re.Pattern:
    return re.compile(alternation(t.strip() for t in resource_lines("numeral_terms.txt", __package__)))


_term_spans: list = [None, []]  # the text last scanned and the fixed terms in it


def _in_fixed_term(text: str, start: int) -> bool:
    """三次产业, 两位数, 一带一路: fixed expressions whose numerals are not amounts."""
    if _term_spans[0] is not text:
        _term_spans[:] = [text, [m.span() for m in _fixed_terms().finditer(text)]]
    spans = _term_spans[1]
    i = bisect.bisect_right(spans, (start, len(text) + 1))
    return bool(i) and spans[i - 1][0] <= start < spans[i - 1][1]


QUOTE_OPENINGS = re.compile("|".join(map(re.escape, QUOTES)))


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    if not QUOTE_OPENINGS.search(text, max(0, start - MAX_SLOGAN), start):
        return False
    for opening, closing in QUOTES.items():
        left = text.rfind(opening, max(0, start - MAX_SLOGAN), start)
        if left < 0 or text.find(closing, left + 1, start) >= 0:
            continue
        right = text.find(closing, end, left + MAX_SLOGAN + 2)
        if right >= 0 and not re.search(r"[\n，。；！？,;!?]", text[left:right]):
            return True
    return False


def _calendar_year(text: str, numeral: str, unit_end: int) -> bool:
    """2025年, 二〇二五年, 2020年3月: a year on the calendar, not a duration."""
    if YEAR_LIKE.fullmatch(numeral):
        return True
    return numeral.isdigit() and len(numeral) == 4 and bool(CALENDAR_AFTER.match(text[unit_end - 1 : unit_end + 4]))


def _qualify(text: str, item: Found, words: WordBoundaries) -> None:
    """Extend the mention over qualifier words before and after it, and find a rate's direction."""
    before, after = qualifiers()
    before_pattern, after_pattern = _qualifier_patterns()
    if item.qualifier in ("exact", "approx"):
        m = after_pattern.match(text, item.end)
        # 多 after a count starts the next word (个多元); after a duration it is 一年多
        if m and not (m.group() in ("多", "余") and (item.qualifier == "approx" or item.kind != "duration")):
            item.qualifier = after[m.group()]
            item.end = m.end()
        # 突破了1万美元: a 了 may stand between the qualifier and the number
        gap = next((len(w) for w in ("了", "人民币") if text.endswith(w, 0, item.start)), 0)  # 约合人民币29亿元
        window_start = max(0, item.start - gap - 8)
        m = before_pattern.search(text[window_start : item.start - gap])
        if m and m.group() == "过" and text[item.start] not in "十百千万亿":
            m = None  # 举办过3次: an aspect marker; 过亿, 过千 are qualifiers
        if m and m.group() == "不过" and text.startswith("的", item.end):
            m = None  # 不过0.8%的增幅: "but"; 距离不过50公里: "no more than"
        if m and not text.endswith(blocked_qualifiers(), 0, window_start + m.end()):
            item.qualifier = before[m.group()]
            item.start = window_start + m.start()
    if item.kind == "duration" and item.qualifier == "exact":
        m = WITHIN.match(text, item.end)
        if m:
            item.qualifier, item.end = "at_most", m.end()  # 三年内, 十年之内, 36个月内
    if item.kind != "duration":
        item.change = _direction(text, item.start, rate=item.kind in ("percent", "percentage_point", "ratio"))


WITHIN = re.compile(r"(?:之内|内)(?![资容部涵需地陆销外蒙河江])")


def _direction(text: str, start: int, rate: bool = True) -> Optional[str]:
    """up or down from the nearest change verb shortly before the amount in its clause: within a
    few characters for a rate (同比增长5.2%), right before it for a count or a sum (减少35家)."""
    clause = _clause_before(text, start)
    best, best_at = None, -1
    for m in _change_pattern().finditer(clause):
        if not clause.startswith("增加值", m.start()):
            best, best_at = change_words()[m.group()], m.end()
    if best in (None, "level") or len(clause) - best_at > (6 if rate else 1):
        return None
    if not rate and not clause.rstrip("了").endswith(_count_changes()):
        return None
    if re.search(r"[占为达是到至]", clause[best_at:]) and not re.search(r"(增速|增幅|涨幅|降幅)", clause):
        return None  # 提高到72.3%, 增速为5%: a level reached, not a change by that much
    return best


RATE_LIST_GAP = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,8}[/、和及]")


def _share_enumerated_units(text: str, found: list[Found]) -> None:
    """Lists share what only one item says: 24个、7个、4.8个百分点 (the last item's unit when it
    extends the others'), 分别增长3.1%、5.4%和6.2% (the first item's direction), 年产45万吨合成氨/80万吨尿素
    (the first item's rate word)."""
    for i in range(len(found) - 2, -1, -1):
        item, nxt = found[i], found[i + 1]
        between = text[item.end : nxt.start].strip()
        if between in ("、", ",", "和", "及") and nxt.written.startswith(item.written) and nxt.written != item.written:
            item.unit, item.kind, item.written = nxt.unit, nxt.kind, nxt.written
    for item, nxt in zip(found, found[1:]):
        if text[item.end : nxt.start].strip() in ("、", "和", "及") and item.change and not nxt.change and nxt.unit == item.unit:
            nxt.change = item.change
    for item, nxt in zip(found, found[1:]):  # 年产45万吨合成氨/80万吨尿素: the rate word covers the list
        if (
            "/" in item.unit
            and "/" not in item.written
            and nxt.written == item.written
            and nxt.unit == item.unit.split("/")[0]
            and RATE_LIST_GAP.fullmatch(text, item.end, nxt.start)
        ):
            nxt.unit, nxt.kind = item.unit, item.kind


def extract(text: str):
    """The quantities in `text`, as validated `schemas.Quantity` mentions in text order."""
    from ... import load

    return load().extract(text).quantities
