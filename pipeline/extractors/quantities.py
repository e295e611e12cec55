"""Quantities: every amount with its unit, resolved to an exact value and a canonical unit.

Detection reads the extraction view of the text (full-width forms as ASCII) and the jieba
words of the `Doc`: a Chinese numeral counts only where it starts a word and its unit ends
one, which keeps 统一, 万一, 千家万户 and 一成不变 out. Resolution folds scale words into the
value (`numerals.parse_number`) and maps the written unit through `resources/units.tsv`;
qualifiers come from `resources/qualifiers.tsv`, the direction of a rate from
`resources/change_words.tsv`.

Not quantities: calendar years and dates, ordinals (第三) and ranks (前五位), numbers inside
short quoted slogans (“1288”, “1+1+N”), masked digits (**.*亿元), numbers without a unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..numerals import ARABIC, CN_DIGIT_CHARS, CN_NUMERAL_CHARS, parse_number
from ..segment import add_span

KIND = "quantities"
COMPONENT = "quantities"

CN_NUMBER = rf"[{CN_NUMERAL_CHARS}]+(?:[点點][{CN_DIGIT_CHARS}]+[十百千万亿萬億]*)?"
NUMBER = re.compile(rf"(?:{ARABIC})[十百千万亿萬億]*|{CN_NUMBER}")
SCALE_ONLY = re.compile(r"[十百千万亿]*[百千万亿]")
PERCENT_WORDS = re.compile(rf"百分之(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+(?:[点點][{CN_NUMERAL_CHARS}]+)?)")
RANGE_SEPARATORS = ("至", "到", "-", "—", "–", "~", "～", "－", "―")
CLAUSE_END = set("，,。；;！!？?\n：:、")
QUOTES = {"“": "”", '"': '"', "「": "」", "‘": "’"}
MAX_SLOGAN = 12  # a quoted run this short is a slogan or a name, not a sentence
YEAR_LIKE = re.compile(r"(1[89]|20)\d\d|[一二〇零○][〇零○一二三四五六七八九]{3}")
CALENDAR_AFTER = re.compile(r"^(年)(?:[一二三四五六七八九十\d]{1,2}月|度|底|初|末|中|内|前|后|以来|起|至|到|—|-|第|上半年|下半年|全年|，|,|的|是|在|新)")
RANK_BEFORE = ("第", "前", "后", "倒数第")
PERSON_WORDS = ("人口", "人次", "群众", "居民", "农民", "职工", "游客", "劳动力", "学生", "就业")
MONEY_WORDS = ("投资", "资金", "资本", "金额", "产值", "收入", "营收", "销售", "利润", "税", "资产", "融资",
               "签约", "到位", "总额", "规模", "生产总值", "GDP", "增加值", "消费", "贷款", "存款", "财政", "预算", "元")
SCALE_WORDS_WITH_MONEY = ("投资", "资金", "产值", "规模", "项目", "产业", "企业", "集群", "市场")


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    kind: str
    factor: Decimal


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """Written unit → Unit, from resources/units.tsv."""
    out = {}
    for row in _table("units.tsv"):
        out[row[0]] = Unit(row[0], row[1], row[2], Decimal(row[3]) if len(row) > 3 else Decimal(1))
    return out


@lru_cache(maxsize=1)
def qualifiers() -> tuple[dict[str, str], dict[str, str]]:
    """(words before the number, words after the unit) → qualifier."""
    before, after = {}, {}
    for word, position, qualifier in _table("qualifiers.tsv"):
        (before if position == "before" else after)[word] = qualifier
    return before, after


@lru_cache(maxsize=1)
def change_words() -> dict[str, str]:
    return {word: direction for word, direction in _table("change_words.tsv")}


def _table(name: str) -> list[list[str]]:
    text = resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern:
    written = sorted(units(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, written)))


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


class Words:
    """Where the jieba words of a Doc start and end."""

    def __init__(self, doc: Doc) -> None:
        self.starts = {t.idx for t in doc}
        self.ends = {t.idx + len(t.text) for t in doc}

    def aligned(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends


@Language.component(COMPONENT)
def find_quantities(doc: Doc) -> Doc:
    """Add a span to doc.spans["quantities"] for every amount, in text order."""
    for found in scan(doc.text, Words(doc)):
        add_span(doc, KIND, found.start, found.end, "QUANTITY", value=found.value, unit=found.unit,
                 kind=found.kind, qualifier=found.qualifier, value_max=found.value_max, change=found.change)
    return doc


def scan(text: str, words: Words) -> list[Found]:
    """Every quantity in `text` (the extraction view), left to right, not overlapping."""
    found: list[Found] = []
    taken_until = 0
    candidates = sorted([(m.start(), "number", m) for m in NUMBER.finditer(text)]
                        + [(m.start(), "percent", m) for m in PERCENT_WORDS.finditer(text)])
    for start, how, match in candidates:
        if start < taken_until:
            continue
        item = _percent_words(text, match) if how == "percent" else _read_amount(text, match, words)
        if item is None or item.start < taken_until:
            continue
        found.append(item)
        taken_until = item.end
    return found


def _percent_words(text: str, match: re.Match) -> Optional[Found]:
    try:
        value = parse_number(match["num"])
    except ValueError:
        return None
    item = Found(match.start(), match.end(), value, "%", "percent")
    _qualify(text, item)
    return item


def _read_amount(text: str, match: re.Match, words: Words) -> Optional[Found]:
    """Read number, range, unit and qualifiers starting at a number match; None if no amount."""
    start, end = match.span()
    numeral = match.group()
    chinese = not numeral[0].isdigit()
    if chinese and start not in words.starts:
        return None
    if _excluded_context(text, start, end):
        return None
    value_max = None
    approx_infix = False
    # 5—10亿元, 100万至200万元, 6%-6.5%: a second number after a range separator
    first_end, first_numeral = end, numeral
    rng = _range_tail(text, end)
    if rng is not None:
        second, end = rng
        numeral_max = second
    else:
        numeral_max = None
    # 450多个, 20多亿元: 多/余 between the number and its unit or scale
    if end < len(text) and text[end] in "多余" and not text.startswith(("多元", "多家企业"), end):
        scale = re.match(r"[万亿]*", text[end + 1:]).group()
        if _unit_at(text, end + 1 + len(scale)) or scale:
            approx_infix = True
            numeral = numeral + scale if rng is None else numeral
            numeral_max = numeral_max + scale if numeral_max else None
            end = end + 1 + len(scale)
    # 50个亿元: a measure word between the number and the scale
    if text.startswith(("个亿", "个万"), end):
        numeral, end = numeral + text[end + 1], end + 2
    unit, value, unit_end = _unit_and_value(text, numeral, numeral_max, end, first_numeral)
    if unit is None:
        return _implicit(text, match, numeral, end, words, chinese, approx_infix)
    value, value_max = value
    if chinese and unit_end not in words.ends and not text.startswith(tuple(qualifiers()[1]), unit_end):
        if not _ends_inside_known_word(text, unit_end):
            return None
    if unit.unit == "年" and _calendar_year(text, first_numeral, start, unit_end):
        return None
    if unit.unit in ("个", "名", "位") and text.startswith("百分点", unit_end - 1 if unit.written.endswith("百分点") else unit_end):
        return None
    item = Found(start, unit_end, value, unit.unit, unit.kind, value_max=value_max)
    if value_max is not None:
        item.qualifier = "range" if value_max > value else "exact"
        if value_max <= value:
            item.value_max = None
    elif approx_infix:
        item.qualifier = "approx"
    _qualify(text, item)
    return item


def _ends_inside_known_word(text: str, end: int) -> bool:
    """A unit may end inside a jieba word when that word is the unit plus a noun (个重点)."""
    return end < len(text) and text[end] not in CN_NUMERAL_CHARS


def _range_tail(text: str, end: int) -> Optional[tuple[str, int]]:
    for sep in RANGE_SEPARATORS:
        if text.startswith(sep, end):
            m = NUMBER.match(text, end + len(sep))
            if m:
                return m.group(), m.end()
    # a unit between the two numbers: 100万元至200万元 is read as its two ends
    return None


def _unit_at(text: str, pos: int) -> Optional[Unit]:
    m = _unit_pattern().match(text, pos)
    if not m:
        return None
    written = m.group()
    if written.isascii() and written[-1].isalpha() and pos + len(written) < len(text) and text[pos + len(written)].isascii() and text[pos + len(written)].isalpha():
        return None  # 5th, 3Gbps: letters run on
    return units()[written]


def _unit_and_value(text, numeral, numeral_max, end, first_numeral):
    """Find the unit after the number (moving trailing scale characters into it when that makes a
    longer unit, as in 20万千瓦), and resolve the value or the range."""
    candidates = []
    base, tail = numeral, ""
    target = numeral_max if numeral_max is not None else numeral
    for cut in range(0, 2):
        scale_tail = target[len(target) - cut:] if cut else ""
        if cut and (not scale_tail or scale_tail not in "千百十"):
            break
        unit = _unit_at(text, end - len(scale_tail))
        if unit is not None:
            candidates.append((len(unit.written) - len(scale_tail), cut, unit))
    if not candidates:
        unit, cut = None, 0
    else:
        _, cut, unit = max(candidates, key=lambda c: (c[0], -c[1]))
    if unit is None:
        return None, None, end
    unit_end = end - cut + len(unit.written) if cut else end + len(unit.written)
    try:
        if numeral_max is None:
            n = numeral[: len(numeral) - cut] if cut else numeral
            value = parse_number(n) * unit.factor
            value_max = None
        else:
            hi = numeral_max[: len(numeral_max) - cut] if cut else numeral_max
            lo = numeral
            lo_scale = re.search(r"[十百千万亿萬億]+$", lo)
            hi_scale = re.search(r"[十百千万亿萬億]+$", hi)
            if hi_scale and not lo_scale:
                lo = lo + hi_scale.group()  # 5—10亿元: the scale of the second applies to both
            value, value_max = parse_number(lo) * unit.factor, parse_number(hi) * unit.factor
    except ValueError:
        return None, None, end
    # compound units: 万吨/年, 公里/小时
    slash = re.match(r"/(年|日|天|小时|月|秒|人|吨|平方米|立方米|公里|千米)", text[unit_end:])
    if slash and "/" not in unit.unit:
        denominator = units().get(slash.group(1))
        unit = Unit(unit.written + slash.group(), f"{unit.unit}/{denominator.unit if denominator else slash.group(1)}",
                    unit.kind if unit.kind != "money" else "other", unit.factor)
        unit_end += len(slash.group())
    return unit, (value, value_max), unit_end


def _implicit(text, match, numeral, end, words, chinese, approx) -> Optional[Found]:
    """Numbers with a scale word and no unit: money in a money clause, people before 人口 …"""
    start = match.start()
    if not re.search(r"[万亿]$", numeral):
        return _scale_only(text, match, words)
    if chinese and start not in words.starts:
        return None
    try:
        value = parse_number(numeral)
    except ValueError:
        return None
    after = text[end:end + 8]
    if any(after.startswith(w) or w in after[:6] for w in PERSON_WORDS):
        unit, kind = "人", "count"
    elif numeral.endswith("亿") or any(w in _clause_before(text, start) for w in MONEY_WORDS):
        unit, kind = "元", "money"
    else:
        return None
    item = Found(start, end, value, unit, kind, qualifier="approx" if approx else "exact")
    _qualify(text, item)
    return item


def _scale_only(text: str, match: re.Match, words: Words) -> Optional[Found]:
    """亿元以上, 千亿级, 百亿投资: a scale word standing for its number."""
    start, end = match.span()
    numeral = match.group()
    if not SCALE_ONLY.fullmatch(numeral) or numeral in ("十", "百", "千") or start not in words.starts:
        return None
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in CN_NUMERAL_CHARS):
        return None
    value = parse_number(numeral)
    rest = text[end:]
    qualifier = "exact"
    if rest.startswith("元"):
        end += 1
        rest = text[end:]
        if rest.startswith(("项目", "以上项目")) and not rest.startswith("以上"):
            qualifier = "at_least"
    elif rest.startswith("级"):
        end += 1
        qualifier = "approx"
    elif rest.startswith(SCALE_WORDS_WITH_MONEY) and numeral not in ("万",):
        qualifier = "approx"
    else:
        return None
    item = Found(start, end, value, "元", "money", qualifier=qualifier)
    _qualify(text, item)
    return item


def _clause_before(text: str, start: int) -> str:
    i = start
    while i > 0 and text[i - 1] not in CLAUSE_END and start - i < 40:
        i -= 1
    return text[i:start]


def _excluded_context(text: str, start: int, end: int) -> bool:
    """Ordinals, ranks, masked digits, slogans in short quotes, codes glued to letters."""
    before = text[max(0, start - 3):start]
    if before.endswith(RANK_BEFORE):
        return True
    if "*" in text[max(0, start - 1):end + 1]:
        return True
    if start > 0 and (text[start - 1].isascii() and text[start - 1].isalpha() or text[start - 1] in "+-/.·"):
        if not (text[start - 1] == "-" and (start < 2 or not text[start - 2].isalnum())):
            return True
    if end < len(text) and text[end] in "+":
        return True
    return _inside_short_quote(text, start, end)


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    for opening, closing in QUOTES.items():
        left = text.rfind(opening, max(0, start - MAX_SLOGAN), start)
        if left < 0 or text.find(closing, left + 1, start) >= 0:
            continue
        right = text.find(closing, end, left + MAX_SLOGAN + 2)
        if right >= 0 and "\n" not in text[left:right]:
            return True
    return False


def _calendar_year(text: str, numeral: str, start: int, unit_end: int) -> bool:
    """2025年, 二〇二五年, 2020年3月: a year on the calendar, not a duration."""
    if YEAR_LIKE.fullmatch(numeral):
        return True
    return bool(CALENDAR_AFTER.match(text[unit_end - 1:unit_end + 4])) and numeral.isdigit() and len(numeral) == 4


def _qualify(text: str, item: Found) -> None:
    """Extend the mention over qualifier words before and after it, and find a rate's direction."""
    before, after = qualifiers()
    if item.qualifier in ("exact", "approx"):
        for word in sorted(after, key=len, reverse=True):
            if text.startswith(word, item.end) and not (word in "多余" and item.qualifier == "approx"):
                if word in ("多", "余") and item.unit not in ("年", "个月", "天", "小时"):
                    break
                item.qualifier = after[word] if item.qualifier == "exact" else item.qualifier
                item.end += len(word)
                break
        for word in sorted(before, key=len, reverse=True):
            if text.endswith(word, 0, item.start):
                item.qualifier = before[word]
                item.start -= len(word)
                break
    if item.kind in ("percent", "percentage_point", "ratio"):
        item.change = _direction(text, item.start)


def _direction(text: str, start: int) -> Optional[str]:
    clause = _clause_before(text, start)
    best, best_at = None, -1
    for word, direction in change_words().items():
        at = clause.rfind(word)
        if at >= 0 and at + len(word) > best_at and not clause.startswith("增加值", at):
            best, best_at = direction, at + len(word)
    if best is None or len(clause) - best_at > 6:
        return None
    between = clause[best_at:]
    if re.search(r"[占为达是]", between) and not re.search(r"(增速|增幅|涨幅|降幅)", clause):
        return None
    return best


def extract(text: str):
    """The quantities in `text`, as validated `schemas.Quantity` mentions in text order."""
    from .. import load

    return load().extract(text).quantities
