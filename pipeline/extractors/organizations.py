"""Organizations: companies, government bodies, associations, universities, banks.

Five sources, the longest reading winning where they overlap:
- the name recognizer's ORG entities (`pipeline.ner`), run on past a company form that follows
  them (格力电器 + (重庆)有限公司) or a place's branch (中国银行 + 四平分行);
- government departments as news abbreviates them: a department stem of
  resources/government_bodies.txt and a department word, with the place or level before it
  (余姚市交通局, 市发改委, 国家统计局, 省商务厅);
- party and government organs of a place the places extractor found (台州市委, 金刚台镇党委,
  龙泉驿区人民政府);
- national bodies named as they are (国务院, 党中央; resources/org_names.txt);
- the items of a list of companies (中煤集团、阳光新能源等重点企业).
Generic references (各开发区, 市直部门, 商协会; resources/org_generic.txt) are not names, and
neither is a stretch made of places (山东烟台) or ending like a division (广西自治区). Each
organization is listed once, under its fullest form: 市交通局 and 交通局 after 余姚市交通局 are
the same body, and so is the brand 格力 after 格力电器. Organs named without their place (市委,
省委省政府) are left out: which place is meant is not said.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..ner import model_entities
from ..segment import add_span, doc_text, span_attrs
from .common import alternation, longest_first, looks_like_a_name, resource_lines, word_flags, words_before

KIND = "organizations"
COMPONENT = "organizations"

LEVEL = "国家|中央|省|市|县|区|州|盟|旗|镇|乡|街道"
# department words, unless they begin another word (部门, 局面, 委托, 办理) or a title (局长, 部长)
DEPARTMENT = "委员会|办公室|委(?![托员屈婉派任])|局(?![面势长限])|厅(?!长)|部(?![门署分位队长件])|办(?![理法事])|署(?![名长理])"
COMPANY_FORM = re.compile(r"(?:[(（][\u4e00-\u9fff]{2,8}[)）])?"
                          r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)")
# 委 ends the organ unless it begins a word (委托, 委员, 委派)
ORGAN = re.compile(rf"(?:{LEVEL})?(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|管委会|委(?![托员派任屈婉]))")
# what a short form leaves out of the full one: levels (市), places (余姚市) or both
ABBREVIATED = re.compile(rf"(?:[\u4e00-\u9fff]{{1,8}}?(?:{LEVEL}))?(?:{LEVEL})*")
# a list of companies: 中煤集团、阳光新能源等重点企业; 苏泰沥青、蓝色魅力等16家企业
LISTED_AS_COMPANIES = re.compile(r"等(?:[0-9一二三四五六七八九十百千多余]+[家个])?[\u4e00-\u9fff]{0,6}?"
                                 r"(?:企业|公司|集团|巨头|机构|银行|高校|院校)")
MAX_LIST_ITEM = 12
JOINERS = {"和", "及", "与", "、", "以及"}
NOT_IN_NAMES = set("vpcdurm")  # jieba flags: verb, preposition, conjunction, adverb, particle, pronoun, numeral
LEVEL_FIRST = re.compile(LEVEL)
# the last words of an organization's name that say what kind it is
ORG_TYPE_END = re.compile(r"(?:公司|集团|局|厅|委|委员会|办|院|所|部|署|银行|大学|学院|学校|中心|协会|商会|学会|"
                          r"联合会|基金会|医院|社|台|站|馆|会|队|处|厂|行|店|网|报)$")
BRANCH = re.compile(r"(?:分行|支行|分公司|子公司|分院|分局|办事处|营业部|中心支行)")
LIMITED_COMPANY = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
DIVISION_END = re.compile(r"(?:省|市|县|自治区|自治州|自治县|镇|乡|村|旗|盟|地区)$")  # a place, not a body
# 市委, 省政府, 省委省政府: organs without their place, optional in the gold and too vague to list
BARE_ORGANS = re.compile(rf"(?:(?:{LEVEL})?(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|委))+")
LEVEL_ORGAN_END = re.compile(rf"(?:{LEVEL})(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|委)$")
ORGAN_PLACE_LEVELS = {"province", "prefecture", "county", "township", "zone"}


@lru_cache(maxsize=1)
def _lexicons() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Government departments, national bodies named as they are, and generic references."""
    body = re.compile(rf"(?:{LEVEL})?(?P<stem>{alternation(resource_lines('government_bodies.txt'))})(?:{DEPARTMENT})")
    national = re.compile(alternation(resource_lines("org_names.txt")))
    generic = resource_lines("org_generic.txt")
    words = [w for w in generic if not w.startswith("^")]
    heads = [w[1:] for w in generic if w.startswith("^")]
    return body, national, re.compile(rf"^(?:{LEVEL})?(?:{alternation(words)})$|^(?:{alternation(heads)})")


@Language.component(COMPONENT)
def find_organizations(doc: Doc) -> Doc:
    """Add a span to doc.spans["organizations"] for every organization named."""
    for start, end, name in scan(doc_text(doc), doc):
        add_span(doc, KIND, start, end, "ORG", name=name)
    return doc


def scan(text: str, doc: Doc) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, where the name is written in full) of every organization mention in `text` (the extraction view)."""
    body, national, generic = _lexicons()
    place_spans = list(doc.spans.get("places", []))
    places = {span.end_char: span for span in place_spans}
    place_starts = {span.start_char: span for span in place_spans}
    place_offsets = sorted((span.start_char, span.end_char) for span in place_spans)
    candidates = []
    for start, end, label in model_entities(doc):
        if label != "ORG":
            continue
        parts = list(national.finditer(text, start, end))
        if parts and parts[0].start() == start and parts[-1].end() == end \
                and sum(p.end() - p.start() for p in parts) == end - start:
            continue  # 党中央国务院: national bodies side by side, found below one by one
        form = COMPANY_FORM.match(text, end)
        start, end = _bracket_start(doc, text, start, end), form.end() if form else end
        place = place_starts.get(end)
        branch = BRANCH.match(text, place.end_char) if place is not None else None
        end = branch.end() if branch else end  # 中国银行 + 四平 + 分行
        start = _without_leading_verbs(doc, start, end)  # 锚定市委: "anchor on" the 市委
        if looks_like_a_name(doc, start, end) or ORG_TYPE_END.search(text, start, end):
            candidates.append((start, end))
    for match in LIMITED_COMPANY.finditer(text):  # 荣德铵家(上海)建材股份有限公司, whatever the model read
        start = _company_start(doc, text, match.start())
        if start < match.start():
            candidates.append((start, match.end()))
    for match in body.finditer(text):
        # the place before it, which may end in the level word itself (余姚市 + 交通局)
        before = places.get(match.start()) or places.get(match.start("stem"))
        candidates.append((before.start_char if before is not None else match.start(), match.end()))
    candidates += [match.span() for match in national.finditer(text)]
    for match in LISTED_AS_COMPANIES.finditer(text):
        candidates += _list_items(doc, match.start())
    for end, place in places.items():
        organ = ORGAN.match(text, end)
        if organ and _place_level(doc, place) in ORGAN_PLACE_LEVELS:
            candidates.append((place.start_char, organ.end()))
    candidates = [c for c in candidates if not _joins_two(text, c, candidates)]

    found = []
    for start, end in longest_first(candidates):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        name = text[start:end]
        organ = LEVEL_ORGAN_END.search(name)
        if organ and not _all_places(start, start + organ.start(), place_offsets):
            continue  # 市委 after words that are no place (锚定市委): which 市 is not said
        if len(name) >= 2 and not generic.search(name) and not DIVISION_END.search(name) \
                and not BARE_ORGANS.fullmatch(name) and not _all_places(start, end, place_offsets):
            found.append((start, end, name))
    return _fullest_names(found)


def _joins_two(text: str, candidate: tuple[int, int], candidates: list[tuple[int, int]]) -> bool:
    """Whether a candidate is two others joined by 和, 及, 与 or 、 (市经合局和省商务厅, which the
    recognizer may read as one name)."""
    start, end = candidate
    inside = [(s, e) for s, e in candidates if start <= s and e <= end and (s, e) != candidate]
    return any(s1 == start and e2 == end and text[e1:s2] in JOINERS for s1, e1 in inside for s2, e2 in inside)


def _without_leading_verbs(doc: Doc, start: int, end: int) -> int:
    """`start` moved past the verbs a name cannot begin with."""
    span = doc.char_span(start, end, alignment_mode="expand")
    for token in span if span is not None else []:
        if word_flags().get(token.text, "x")[:1] != "v" or token.idx + len(token.text) >= end:
            return max(start, token.idx)
    return start


def _company_start(doc: Doc, text: str, end: int) -> int:
    """Where a company name ending at `end` (before 有限公司) begins, stepping over a bracketed
    place in it: 荣德铵家(上海)建材 → 荣德铵家."""
    start = _name_start(doc, end)
    while start >= 1 and text[start - 1] == ")":
        opening = text.rfind("(", max(0, start - 10), start)
        if opening < 1:
            break
        before = _name_start(doc, opening)
        if before == opening:
            break
        start = before
    return start


def _bracket_start(doc: Doc, text: str, start: int, end: int) -> int:
    """Where a name the model began inside brackets really begins: 荣德铵家(上海)建材股份有限公司,
    read as 上海)建材股份有限公司, begins where the name before its "(" does."""
    if text.count(")", start, end) <= text.count("(", start, end) or start < 1 or text[start - 1] != "(":
        return start
    begin = _name_start(doc, start - 1)
    return begin if begin < start - 2 else start


def _list_items(doc: Doc, end: int) -> list[tuple[int, int]]:
    """The items of the 、-separated list ending at `end` (before 等…企业): from one 、 to the
    next, the first from where its name begins (`_name_start`)."""
    items, item_end = [], end
    for token in reversed(words_before(doc, end, MAX_LIST_ITEM * 4)):
        if token.text in ("、", "和", "及", "与") and item_end > token.idx + len(token.text):
            items.append((token.idx + len(token.text), item_end))
            item_end = token.idx
        elif not token.text.strip() or not token.text[0].isalnum() or end - token.idx > MAX_LIST_ITEM * 4:
            break
    if items:
        items.append((_name_start(doc, item_end), item_end))
    return [(start, end) for start, end in items if end - start >= 2 and looks_like_a_name(doc, start, end)]


def _name_start(doc: Doc, end: int) -> int:
    """Where a name ending at `end` begins: after the last word before it that cannot be part of a
    name (punctuation, a verb, preposition, conjunction, adverb, particle), at most MAX_LIST_ITEM back."""
    flags = word_flags()
    start = end
    for token in reversed(words_before(doc, end, MAX_LIST_ITEM * 4)):
        word = token.text
        if not word.strip() or not word[0].isalnum() or end - token.idx > MAX_LIST_ITEM \
                or flags.get(word, "x")[:1] in NOT_IN_NAMES:
            break
        start = token.idx
    return start


def _all_places(start: int, end: int, places: list[tuple[int, int]]) -> bool:
    """Whether places (sorted offsets) cover the whole stretch (山东烟台 is two places, not a body)."""
    covered = start
    for place_start, place_end in places:
        if place_start <= covered < place_end:
            covered = place_end
    return covered >= end


def _place_level(doc: Doc, place) -> str:
    return span_attrs(doc, "places", place).get("level") or ""


def _fullest_names(found: list[tuple[int, int, str]]) -> list[tuple[int, int, tuple[int, int]]]:
    """Each mention with where its name is written in full: 市交通局 → 余姚市交通局, 市委 → 台州市委.

    The name is given as offsets, so the record quotes it as written (the scan reads 縣 as 县)."""
    written: dict[str, tuple[int, int]] = {}
    for start, end, name in found:
        written.setdefault(name, (start, end))
    out = []
    for start, end, name in found:
        fuller = [n for n in written if n != name and n.endswith(name)
                  and (LEVEL_FIRST.match(name) or ABBREVIATED.fullmatch(n[:-len(name)]))]
        if not fuller and len(name) == 2:  # a brand: 格力 for 格力电器
            fuller = sorted((n for n in written if n != name and n.startswith(name)), key=len)[:1]
        # with two different fuller forms, which one is meant is not known
        out.append((start, end, written[fuller[0] if len(fuller) == 1 else name]))
    return out


def extract(text: str):
    """The organizations named in `text`, as validated `schemas.Organization` mentions."""
    from .. import load

    return load().extract(text).organizations
