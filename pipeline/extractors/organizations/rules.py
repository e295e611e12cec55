"""Organizations: companies, government bodies, associations, universities, banks.

Several sources, the longest reading winning where they overlap:
- the name recognizer's ORG entities (`pipeline.ner`), repaired where it cuts or runs on: widened
  to the whole word it cut (D isplaySear|ch, 政|府采购…, 友达光|电, 郑州经|开区…: the place it began
  in), to the quote it closes (“心连心”艺术团); run on past a company form (格力电器 + (重庆)有限公司)
  or a place's branch (中国银行 + 四平分行); cut before the generic words before or after it (矿企 +
  CMP公司, …科学院 + 科研团队, …公司 + 发布公告) and after a verb inside it (中国通号联合 + …集团);
  a run of common words is a description, not a name (市场部, 人工智能计算中心), and a plain English
  word of a longer phrase is no name (The, Limited);
- companies ending in 有限公司, from where their name begins (not 知名企业浙江万华…, 目前博昱…);
- government departments as news abbreviates them: a department stem of
  government_bodies.txt and a department word, with the place or level before it
  (余姚市交通局, 市发改委, 国家统计局, 山东省省级机关事务管理局), offices of organs (市政府办公室),
  units named with their place (北京市政府采购中心, 上海海关: org_units.txt), offices a
  place keeps elsewhere (黄石市驻汉办) and working groups (重庆市…工作专班, 中央…领导小组);
- party and government organs of a place the places extractor found (中共黄石市委, 金刚台镇党委,
  龙泉驿区人民政府, 山东省莱州市府), and the governments of countries (美国政府);
- national bodies named as they are (国务院, 党中央; org_names.txt), and companies and
  media news names by a short form (中石油, 国网, 新华网; org_known.txt), as words of
  their own (not 央视 of 央视网, 福特 of 道格·福特);
- the items of a list of companies (中煤集团、阳光新能源等重点企业; 上工、兄弟标准、贵衣…等一百多家企业).
Generic references (各开发区, 市直部门, 商协会, 董事会; org_generic.txt) are not names,
and neither is a stretch made of places (山东烟台), ending like a division (广西自治区), a line or
work (甬温线, 铁矿), a term (山东政府 + 采购), part of an event (十二届全国人大 + 三次会议, 十九届二中全会)
or of page furniture (来源:大众报业·大众日报). Each organization is listed once, under its fullest
form: 市交通局 and 交通局 after 余姚市交通局 are the same body, and so is the brand 格力 after 格力电器
(or 卓霖 after 广东卓霖电器有限公司). Organs named without their place (市委, 省委省政府) are left
out: which place is meant is not said.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ...language.gazetteer import surnames
from ...ner import model_entities
from ...stages.segment import Words, add_spans, declare_kind, doc_text, span_attrs
from ..common import (
    NAME_FLAGS,
    ListShape,
    NameWords,
    Spans,
    alternation,
    first_characters,
    list_items,
    longest_first,
    looks_like_a_name,
    name_start,
    resource_groups,
    resource_lines,
    word_flags,
    word_frequency,
    words_before,
)

KIND = "organizations"
COMPONENT = "organizations"

# the word lists of org_endings.tsv and org_context_words.tsv, by role (their headers say how each is used)
_ENDINGS = resource_groups("org_endings.tsv", __package__)
_CONTEXT = resource_groups("org_context_words.tsv", __package__)


def _ending(role: str) -> re.Pattern:
    """The words of a role of org_endings.tsv, ending where a search ends."""
    return re.compile(f"{alternation(_ENDINGS[role])}$")


LEVEL = alternation(_CONTEXT["level"])
# department words, unless they begin another word (部门, 局面, 委托, 办理) or a title (局长, 部长)
DEPARTMENT = "委员会|办公室|总局|委(?![托员屈婉派任])|局(?![面势长限])|厅(?!长)|部(?![门署分位队长件])|办(?![理法事公])|署(?![名长理])"
COMPANY_FORM = re.compile(r"(?:[(（][\u4e00-\u9fff]{2,8}[)）])?" + alternation(_ENDINGS["company_form"]))
ORGANS = alternation(_CONTEXT["organ"])  # the party and government organs of a place (市委, 人民政府)
# 委 ends the organ unless it begins a word (委托, 委员, 委派)
ORGAN = re.compile(rf"(?:{LEVEL})?(?:{alternation(_CONTEXT['organ'] + _CONTEXT['zone_organ'])}|委(?![托员派任屈婉]))|(?:市|县|区|州)府")
SHORT_GOVERNMENT = re.compile(r"府(?![路街前后第邸上中内里学院])")  # 莱州市 + 府: the city's government
GOVERNMENT = re.compile(r"政府(?!网)")  # what a country's organ is named in Chinese news (缅甸政府, 中国政府)
# what a short form leaves out of the full one: levels (市), places (余姚市) or both
ABBREVIATED = re.compile(rf"(?:[\u4e00-\u9fff]{{1,8}}?(?:{LEVEL}))?(?:{LEVEL})*")
# a list of companies: 中煤集团、阳光新能源等重点企业; 苏泰沥青、蓝色魅力等16家企业
LISTED_AS_COMPANIES = re.compile(
    r"(?:、|…+)?等(?:[0-9一二三四五六七八九十百千多余]+[家个户])?[\u4e00-\u9fff]{0,10}?" + alternation(_CONTEXT["company_kind"])
)
# what the words between 等 and 企业 say when the list is not one of companies
NOT_COMPANIES = re.compile(alternation(_CONTEXT["not_companies"]))
MAX_LIST_ITEM = 12
MAX_COMPANY_NAME = 20  # characters a company's name before 有限公司 may run back
JOINERS = {"和", "及", "与", "、", "以及"}
# what a company's name never begins with: the generic word before it (知名企业 + 浙江万华…, 矿企 + CMP公司)
GENERIC_HEADS = set(_CONTEXT["generic_head"])
# a function character jieba glued to an unknown name (有 + 哈麻 → 有哈麻)
GLUED_FUNCTION_CHAR = set(_CONTEXT["glued_function"])
# where the name of a body or a company ending at a point begins (`common.name_start`): after a verb,
# preposition, conjunction, adverb, particle, pronoun, numeral, time word (目前) or place word (当地)
# jieba reads there, a number, or the generic word before it, at most MAX_LIST_ITEM characters back;
# the word holding the end is read as jieba reads it (集团股份 + 有限公司)
ORG_NAME = NameWords(
    reach=MAX_LIST_ITEM,
    not_in_names=frozenset("vpcdurmts"),
    stop_words=frozenset(GENERIC_HEADS),
    numbers=False,
    glued_function_chars=frozenset(GLUED_FUNCTION_CHAR),
    whole_words=True,
)
# before 有限公司: a company's name runs further back and holds verbal nouns (投资, 发展, 建设)
COMPANY_NAME = replace(ORG_NAME, reach=MAX_COMPANY_NAME, kept_flags=frozenset({"vn"}))
# a list of companies (中煤集团、阳光新能源等重点企业): a run of words, 和, 及 and 与 joining the last
# two; the items between separators are whole, the first begins where its name does
COMPANY_LIST = ListShape(
    ORG_NAME,
    reach=MAX_LIST_ITEM * 4,
    words_only=True,
    joiners=frozenset({"和", "及", "与"}),
    whole_items=True,
    first_word_counts=True,
    lone_item=False,
)
FUNCTION_CHARS = GLUED_FUNCTION_CHAR | set(_CONTEXT["function"])  # never the first character a recognized name misses
ASCII_LETTER = re.compile(r"[A-Za-z]")
# 四部委, 两家银行, 多家企业: a count of bodies, not a name; 浙商, 世界浙商: merchants of a province
NUMBERED_GENERIC = r"^[一二三四五六七八九十两几多数]+(?:部委|家|个|所)|^(?:世界|全球)?[浙晋徽湘粤闽鲁苏赣川渝豫楚秦潮]商$"
ASSEMBLY_END = _ending("assembly")
NUMBERED_UNIT = re.compile(r"[一二三四五六七八九十]+(?:局|处|公司|厂|院|所)$")
NATIONAL = re.compile(alternation(_CONTEXT["national"]))
COMPANY_END = _ending("company")
KNOWN_BUSINESS = re.compile(rf"(?:{alternation(_CONTEXT['known_business'])}){{1,2}}(?:有限公司|公司)?")
MEDIA_CREDIT = re.compile(rf"(?!央视)[\u4e00-\u9fff]{{0,4}}频道|{alternation(_CONTEXT['media_credit'])}")
SHORT_COMPANY = re.compile(r"[\u4e00-\u9fff](?:公司|集团)")  # 德公司, 该公司: no name before the company word
BROKEN_NAME = re.compile(r"[《》〈〉]|^[^“]*”|“[^”]*$|^号|”号|号”")
EDGE_MARKS = set("《》〈〉‘’\"'·・、，,。：:；;")  # never the first or last character of a name
HAN = re.compile(r"[\u4e00-\u9fff]")
DESCRIBED_END = _ending("described")  # heads descriptions end with
NOUN_FLAGS = set("nvx")  # jieba flags of the words that may run into a name (nouns, verbal nouns, unknown)
COMMON_WORD_FREQUENCY = 100  # a word that describes (房地产: 1603) rather than names (中船: 22)
CUT_WORD_FREQUENCY = 100  # a word jieba's dictionary counts as common (机械: 7077; 业大: 27)
COMMON_WORD_FLAGS = {"n", "vn", "v", "an"}  # not names (华为 nr), places or abbreviations
TITLE_WORD = re.compile(alternation(_CONTEXT["title"]))
SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# a Latin word that is a fragment of an English phrase (The, of, Limited), not a name of its own
LATIN_PLAIN_WORD = re.compile(r"[A-Z]?[a-z]+")
# what follows an industry, not a company (湖南工程机械 + 产业, 中国工程机械 + 装备制造)
INDUSTRY_AFTER = re.compile(r"(?:产业|行业|装备制造|板块)")
# what ends a line or a work, not a body (甬温线, 武广铁路, 布纳维斯塔铁矿, 蓄能电站)
NOT_A_BODY_END = re.compile(rf"(?:(?<!阵)线|[金铜铁锌铅煤]矿|{alternation(_ENDINGS['not_a_body'])})$")
# a body's name followed by these is an event's name (中国国际 + 进口博览会, 东盟 + 峰会)
EVENT_AFTER = re.compile(rf"(?:{alternation(_CONTEXT['event_after'])}|展(?![台区位厅馆示开现出望览]))")
# 政府 + 采购, 政府 + 债务: terms, not the government of the place
TERM_AFTER_GOVERNMENT = re.compile(alternation(_CONTEXT["term_after_government"]))
# a short line of page furniture: a source, a breadcrumb, a site's links, a dateline
CHROME_LINE = re.compile(r"来源[:：]|>>|\s[|｜]\s|客户端|网站无障碍|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")
MAX_CHROME_LINE = 60
# the generic words a recognized name may begin with (矿企 + CMP公司, 民资钢厂 + 兴华钢铁公司)
# generic words after a body's name (…科学院 + 科研团队, 中铁电化局 + 联合体, 市政府办公室 + 党组)
TRAILING_GENERIC = _ending("trailing_generic")
GENERIC_LEAD = re.compile(f".*{alternation(_CONTEXT['generic_lead'])}")
# a meeting of a congress (十三届全国人大一次会议, 区五届人大三次会议): an event, not a body
SESSION = re.compile(r"届")
MEETING_AFTER = re.compile(r"(?:第?[0-9一二三四五六七八九十]+次|[一二三四五六七八九十]中)")
# 十九届二中、三中、四中全会: plenary sessions, not schools
PLENUM = re.compile(r"[一二三四五六七八九十]中")
LEVEL_FIRST = re.compile(LEVEL)
BRAND_AFTER_PLACE = 3  # characters of a place a company's name may begin with before its brand (广东 + 卓霖…)
# the last words of an organization's name that say what kind it is
ORG_TYPE_END = _ending("org_type")
BRANCH = re.compile(alternation(_ENDINGS["branch"]))
LIMITED_COMPANY = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
DIVISION_END = _ending("division")  # a place, not a body
# 市委, 省政府, 省委省政府: organs without their place, optional in the gold and too vague to list
BARE_ORGANS = re.compile(rf"(?:(?:{LEVEL})?(?:{ORGANS}|委))+")
# an office a place keeps elsewhere (黄石市驻汉办, 省驻京办)
POSTED_OFFICE = re.compile(rf"{first_characters(_CONTEXT['level'], ['驻'])}(?:{LEVEL})?驻[\u4e00-\u9fff]{{1,2}}?(?:办事处|联络处|办)")
# a working group of a place or of the centre (重庆市电子产业保链稳链工作专班, 中央全面深化改革领导小组)
WORKING_GROUP = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,16}?)(?:领导小组|工作专班|总指挥部|指挥部)(?:办公室)?")
CENTRE = re.compile(r"中央|国务院")
GROUP_NOT_NAMED = re.compile(alternation(_CONTEXT["group_not_named"]))
# a unit of a body written right after it (辽宁省财政厅 + 政府采购监督管理处, 水利部 + 水规总院)
UNIT_END = _ending("unit")
BODY_END = _ending("body")
# the office of an organ (市政府办公室, 县委办公室): a department, required in the gold
OFFICE = re.compile(r"(?:办公室|办公厅)")
LEVEL_OFFICE = re.compile(rf"(?:{LEVEL}){alternation(_CONTEXT['office_organ'])}(?:办公室|办公厅)")
LEVEL_ORGAN_FIRST = re.compile(rf"(?:{LEVEL})(?:{ORGANS}|委)(?!员)")
LEVEL_ORGAN_END = re.compile(rf"(?:{LEVEL})(?:{ORGANS}|委)$")
PLACE_TABLE = "_organizations_places"  # doc.user_data: the places, for the scan's lookups
ORGAN_PLACE_LEVELS = {"province", "prefecture", "county", "township", "zone"}


class _Lexicons(NamedTuple):
    body: re.Pattern  # government departments (市发改委)
    national: re.Pattern  # national bodies named as they are (国务院)
    generic: re.Pattern  # generic references (市直部门)
    units: re.Pattern  # units named by their place or level (政府采购中心)
    known: re.Pattern  # companies and media by a short form (中石油)


@lru_cache(maxsize=1)
def _lexicons() -> _Lexicons:
    """Government departments, national bodies named as they are, generic references, units
    named by their place or level (org_units.txt) and companies and media news names
    by a short form (org_known.txt)."""
    stems, unit_words = resource_lines("government_bodies.txt", __package__), resource_lines("org_units.txt", __package__)
    body = re.compile(
        rf"{first_characters(_CONTEXT['level'], stems)}(?:(?:{LEVEL})级|{LEVEL})?(?P<stem>{alternation(stems)})"
        rf"(?:监督管理|管理|服务)?(?:{DEPARTMENT})"
    )
    unit_first = first_characters(_CONTEXT["level"], ["人民政府", "政府"], unit_words)
    units = re.compile(rf"{unit_first}(?:(?:{LEVEL})级?)?(?:人民政府|政府)?(?:{alternation(unit_words)})")
    national = re.compile(alternation(resource_lines("org_names.txt", __package__)))
    generic = resource_lines("org_generic.txt", __package__)
    words = [w for w in generic if not w.startswith("^")]
    heads = [w[1:] for w in generic if w.startswith("^")]
    known = re.compile(alternation(resource_lines("org_known.txt", __package__)))
    generic_words = rf"^(?:{alternation(_CONTEXT['scope'])})?(?:{LEVEL})?(?:{alternation(words)})$"
    return _Lexicons(body, national, re.compile(rf"{generic_words}|^(?:{alternation(heads)})|{NUMBERED_GENERIC}"), units, known)


@Language.component(COMPONENT, assigns=[declare_kind(KIND)], requires=[declare_kind("places"), declare_kind("entities")])
def find_organizations(doc: Doc) -> Doc:
    """Add a span to doc.spans["organizations"] for every organization named."""
    doc = add_spans(doc, KIND, [(start, end, "ORG", {"name": name}) for start, end, name in scan(doc_text(doc), doc)])
    return doc


def scan(text: str, doc: Doc) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, where the name is written in full) of every organization mention in `text`
    (the extraction view): the candidates of every source (`_recognized`, then `SOURCES` in
    order), trimmed and judged, the longest winning where they overlap."""
    found = _Found.of(text, doc)
    candidates, units_only = _recognized(found)
    for source in SOURCES:
        candidates += source(found)
    indexed = Spans(candidates)
    candidates = [c for c in candidates if not _joins_two(text, c, indexed)]
    candidates += _with_units(text, candidates, candidates + units_only)

    chrome = _chrome_lines(text)
    kept = []
    for start, end in candidates:
        start, end = _trimmed(text, start, end)
        if _acceptable(text, start, end, found.lexicons.generic, found.place_offsets) and not any(a <= start < b for a, b in chrome):
            kept.append((start, end))
    named = [(start, end, text[start:end]) for start, end in longest_first(kept)]
    del doc.user_data[PLACE_TABLE]
    return _fullest_names(named)


@dataclass
class _Found:
    """What the sources of candidates read in one text: its words, its places (by where they
    end and begin) and the recognizer's persons."""

    text: str
    doc: Doc
    words: Words
    lexicons: _Lexicons
    places: dict[int, Span]  # end → place
    place_starts: dict[int, Span]
    place_offsets: Spans
    persons: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str, doc: Doc) -> "_Found":
        place_spans = list(doc.spans.get("places", []))
        doc.user_data[PLACE_TABLE] = _PlaceTable(sorted((span.start_char, span.end_char, _place_level(doc, span)) for span in place_spans))
        return cls(
            text,
            doc,
            Words(doc),
            _lexicons(),
            {span.end_char: span for span in place_spans},
            {span.start_char: span for span in place_spans},
            Spans((span.start_char, span.end_char) for span in place_spans),
            [(s, e) for s, e, label in model_entities(doc) if label == "PER"],
        )

    def place_before(self, start: int) -> Optional[Span]:
        """The place that ends where a name begins, or one character into it (北京市 + 政府采购中心:
        the level word is the place's last character and the name's first)."""
        return self.places.get(start) or self.places.get(start + 1)


# --- the recognizer's names ---------------------------------------------------------------------


def _recognized(f: _Found) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The recognizer's ORG entities, repaired (`_widened`, `_run_on`, `_cut`): (the candidates,
    the units named only after their body: 政府采购监督管理处)."""
    candidates, units_only = [], []
    person_ends = {end for _, end in f.persons}
    for start, end, label in model_entities(f.doc):
        if label != "ORG" or _unreadable_entity(f, start, end):
            continue
        start, end = _widened(f, start, end)
        if _latin_fragment(f.text, start, end) or INDUSTRY_AFTER.match(f.text, end):
            continue
        start, end = _cut(f, *_run_on(f, start, end))
        if _not_an_organization(f, start, end, person_ends):
            continue
        before = f.places.get(start)
        if _reads_as_a_name(f.doc, f.text, start, end, f.words):
            candidates.append((start, end))
        elif before is not None and _place_level(f.doc, before) in ORGAN_PLACE_LEVELS | {"country"}:
            candidates.append((before.start_char, end))  # 中国 + 大熊猫保护研究中心: named by its place
        else:
            units_only.append((start, end))  # 政府采购监督管理处: a name after its body only
    return candidates, units_only


def _unreadable_entity(f: _Found, start: int, end: int) -> bool:
    """National bodies side by side (党中央国务院: found one by one by `_national_bodies`), a name
    across a sentence's end, or one whose last character begins a title (共和国部|长; but 国防部 +
    长 is a body's head)."""
    parts = list(f.lexicons.national.finditer(f.text, start, end))
    if parts and parts[0].start() == start and parts[-1].end() == end and sum(p.end() - p.start() for p in parts) == end - start:
        return True
    return bool(SENTENCE_END.search(f.text, start, end)) or bool(TITLE_WORD.match(f.text, end - 1) and not _titled_body(f.text, end))


def _widened(f: _Found, start: int, end: int) -> tuple[int, int]:
    """An entity over the whole words it cut (D isplaySear|ch, 政|府采购…) and the place it began
    in (郑州经|开区经济发展局), without the end of the word before (华|为自然资源部) and the dots
    after it (湖南日报·)."""
    text = f.text
    start, end = _whole_words(f.doc, text, start, end)
    if start not in f.words.starts and text[start] in FUNCTION_CHARS and end - start > 3:
        start += 1  # 华|为自然资源部: the end of the word before, not the name's
    start = f.doc.user_data[PLACE_TABLE].around(start)  # 郑州经|开区经济发展局: the place is the name's
    while end > start and text[end - 1] in "·・":
        end -= 1  # 湖南日报·新湖南客户端
    return start, end


def _run_on(f: _Found, start: int, end: int) -> tuple[int, int]:
    """An entity run on past a company form (格力电器 + (重庆)有限公司) or a place's branch
    (中国银行 + 四平分行), and begun where a bracketed name begins (荣德铵家(上海)建材…)."""
    form = COMPANY_FORM.match(f.text, end)
    start, end = _bracket_start(f.doc, f.text, start, end), form.end() if form else end
    place = f.place_starts.get(end)
    branch = BRANCH.match(f.text, place.end_char) if place is not None else None
    return start, branch.end() if branch else end  # 中国银行 + 四平 + 分行


def _cut(f: _Found, start: int, end: int) -> tuple[int, int]:
    """An entity cut after the verbs before it (锚定市委) or inside it (中国通号联合 + …集团),
    before the generic words after it (…科学院 + 科研团队) and after those before it (矿企 +
    CMP公司); a country or a province before a company's name is the name's (澳大利亚 + …矿业公司)."""
    text, doc = f.text, f.doc
    start = _without_leading_verbs(doc, start, end)  # 锚定市委: "anchor on" the 市委
    start = _after_inner_verb(doc, text, start, end)  # 中国通号联合 + 中国机械工业集团
    end = _without_trailing_words(doc, text, start, end)
    lead = GENERIC_LEAD.match(text, start, end)
    if lead and end - lead.end() >= 2:
        start = lead.end()
    place = f.places.get(start)
    if place is not None and _place_level(doc, place) in ("country", "province", "prefecture") and COMPANY_END.search(text, start, end):
        start = place.start_char  # 澳大利亚 + 里奇蒙德矿业公司
    return start, end


def _not_an_organization(f: _Found, start: int, end: int, person_ends: set[int]) -> bool:
    """A name in a list of persons (杨运春、伍昌军) or the Latin form of the name before it (吉孚(GRC))."""
    text = f.text
    if (
        text[start - 1 : start] in ("、", "，", ",")
        and (start - 1) in person_ends
        and end - start <= 3
        and text[start] in surnames(common=False)
        and not ORG_TYPE_END.search(text, start, end)
    ):
        return True
    return text[start - 1 : start] in ("(", "（") and text[end : end + 1] in (")", "）") and text[start:end].isascii()


# --- the other sources, in the order they are read -------------------------------------------------


def _limited_companies(f: _Found) -> list[tuple[int, int]]:
    """…有限公司 from where the company's name begins (荣德铵家(上海)建材股份有限公司), whatever
    the recognizer read."""
    out = []
    for match in LIMITED_COMPANY.finditer(f.text):
        start = _company_start(f.doc, f.text, match.start())
        if start < match.start():
            out.append((start, match.end()))
    return out


def _government_departments(f: _Found) -> list[tuple[int, int]]:
    """A department stem and word with the place or level before it: 余姚市交通局, 市发改委, 国家统计局."""
    out = []
    for match in f.lexicons.body.finditer(f.text):
        # the place before it, which may end in the level word itself (余姚市 + 交通局)
        before = f.places.get(match.start()) or f.places.get(match.start("stem"))
        out.append((before.start_char if before is not None else match.start(), match.end()))
    return out


def _national_bodies(f: _Found) -> list[tuple[int, int]]:
    """National bodies named as they are (国务院, 党中央; org_names.txt)."""
    return [match.span() for match in f.lexicons.national.finditer(f.text)]


def _known_short_names(f: _Found) -> list[tuple[int, int]]:
    """Companies and media by a short form (中石油, 国网, 新华网; org_known.txt), as a word of its
    own (not 国网 of 全国网络), not a media credit, nor part of a person's name (not 福特 of 道格·福特,
    丰田 of 丰田章男); run on over the business of the group (格力 + 地产, 京东 + 物流)."""
    text, out = f.text, []
    for match in f.lexicons.known.finditer(text):
        s, e = match.span()
        if (
            s in f.words.starts
            and (e in f.words.ends or not HAN.match(text, e))
            and not MEDIA_CREDIT.match(text, e)
            and "·" not in text[s - 1 : e + 1]
            and not any(a < e and s < b and not (s <= a and b <= e) for a, b in f.persons)
        ):
            more = KNOWN_BUSINESS.match(text, e)
            out.append((s, more.end() if more else e))
    return out


def _units_of_places(f: _Found) -> list[tuple[int, int]]:
    """Units named with their place or level (北京市政府采购中心, 上海海关: org_units.txt) and offices
    a place keeps elsewhere (黄石市驻汉办)."""
    out = []
    for pattern in (f.lexicons.units, POSTED_OFFICE):
        for match in pattern.finditer(f.text):
            before = f.place_before(match.start())
            if before is not None and before.end_char == match.start() + 1 and not LEVEL_FIRST.match(f.text, match.start()):
                before = None
            if before is not None or LEVEL_FIRST.match(f.text, match.start()):
                out.append((before.start_char if before is not None else match.start(), match.end()))
    return out


def _working_groups(f: _Found) -> list[tuple[int, int]]:
    """A working group named after its place or the centre: 重庆市电子产业保链稳链工作专班,
    中央全面深化改革领导小组 (not one the text sets up: 成立…领导小组)."""
    starts = [(place.start_char, end) for end, place in f.places.items()] + [(m.start(), m.end()) for m in CENTRE.finditer(f.text)]
    out = []
    for start, after in starts:
        working = WORKING_GROUP.match(f.text, after)
        if working and not GROUP_NOT_NAMED.search(working.group("what")):
            out.append((start, working.end()))
    return out


def _listed_companies(f: _Found) -> list[tuple[int, int]]:
    """The items of a list before 等…企业 (中煤集团、阳光新能源等重点企业), unless the words after 等
    say the list is of places or of something else (京津冀、成渝等地区对接重点企业)."""
    out = []
    for match in LISTED_AS_COMPANIES.finditer(f.text):
        if not NOT_COMPANIES.search(match.group()):
            out += _list_items(f.doc, match.start())
    return out


def _organs_of_places(f: _Found) -> list[tuple[int, int]]:
    """The party and government organs of a place the places extractor found (中共黄石市委,
    龙泉驿区人民政府, 山东省莱州市府, 市政府办公室) and the governments of countries (美国政府)."""
    out = []
    for end, place in f.places.items():
        level = _place_level(f.doc, place)
        organ = _organ_after(f.text, end, level)
        if organ:
            office = OFFICE.match(f.text, organ.end())
            start = place.start_char
            parent = f.places.get(start)  # 山东省 + 莱州市府
            if parent is not None and _place_level(f.doc, parent) == "province" and level in ("prefecture", "county"):
                start = parent.start_char
            out.append((_party_start(f.text, start), office.end() if office else organ.end()))
    return out


def _organ_after(text: str, end: int, level: str) -> Optional[re.Match]:
    """The organ named right after a place of this level: 市委, 人民政府 after a division, 政府 after
    a country, 府 after a city or county (莱州市 + 府)."""
    if level == "country":
        return GOVERNMENT.match(text, end)
    if level not in ORGAN_PLACE_LEVELS:
        return None
    organ = ORGAN.match(text, end)
    if organ is None and text[end - 1 : end] in "市县区州":
        organ = SHORT_GOVERNMENT.match(text, end)  # 莱州市 + 府
    return organ


def _level_offices(f: _Found) -> list[tuple[int, int]]:
    """市政府办公室, 县委办公室: a department named with its level, and its place where one precedes it."""
    out = []
    for match in LEVEL_OFFICE.finditer(f.text):
        before = f.place_before(match.start())
        out.append((before.start_char if before is not None else match.start(), match.end()))
    return out


# the sources of candidates after the recognizer's names
SOURCES: tuple[Callable[[_Found], list[tuple[int, int]]], ...] = (
    _limited_companies,
    _government_departments,
    _national_bodies,
    _known_short_names,
    _units_of_places,
    _working_groups,
    _listed_companies,
    _organs_of_places,
    _level_offices,
)


def _acceptable(text: str, start: int, end: int, generic: re.Pattern, place_offsets: Spans) -> bool:
    """Whether a candidate names a body: not a generic reference (市直部门), a division (广西自治区),
    an organ without its place (市委, 锚定市委), a stretch of places (山东烟台), a line or work
    (甬温线, 铁矿), part of an event's name (世界浙商 + 大会, 十三届全国人大 + 一次会议) or of a
    term (政府 + 采购, 政府 + 工作报告)."""
    name = text[start:end]
    if BROKEN_NAME.search(name) or "某" in name:  # 北京某公司: a company not named
        return False  # 美国《纽约时报, 和平之友”小组, 号护卫舰, “和平方舟”号医院船: pieces of a title, a quote, a ship's name
    if (
        len(name) < 2
        or SHORT_COMPANY.fullmatch(name)
        or generic.search(name)
        or DIVISION_END.search(name)
        or BARE_ORGANS.fullmatch(name)
        or NOT_A_BODY_END.search(name)
        or _all_places(start, end, place_offsets)
        or _an_event(text, name, start, end)
    ):
        return False
    if EVENT_AFTER.match(text, end) or (name.endswith("政府") and TERM_AFTER_GOVERNMENT.match(text, end)):
        return False
    organ = LEVEL_ORGAN_END.search(name)
    party = 2 if name.startswith("中共") and len(name) > 4 else 0  # 中共黄石市委
    return not (organ and not _all_places(start + party, start + organ.start(), place_offsets))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A candidate without the spaces, quotes and punctuation at its edges, a bracket it does not
    open (中国通号”) → 中国通号) or an ordinal's 第 after it (华星光电第8.5代); a quote it closes
    is opened before it (“ + 心连心”艺术团)."""
    if start > 0 and text[start - 1] == "“" and "”" in text[start:end] and "“" not in text[start:end]:
        start -= 1
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in EDGE_MARKS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in EDGE_MARKS or text[end - 1] in "第"):
            end -= 1
        if (
            end > start
            and text[end - 1] in ")）"
            and text.count("(", start, end) + text.count("（", start, end) < text.count(")", start, end) + text.count("）", start, end)
        ):
            end -= 1
        if start < end and (text[start] == "”" or text[start] == "“" and "”" not in text[start:end]):
            start += 1  # a quote the name does not close (“心连心”艺术团 keeps its quotes)
        if start < end and (text[end - 1] == "“" or text[end - 1] == "”" and "“" not in text[start:end]):
            end -= 1
        if (start, end) == before:
            return start, end


def _chrome_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the short lines that are page furniture left in the text: a source, a
    dateline, a breadcrumb or a site's links (来源:大众报业·大众日报, 人民网>>山东频道>>要闻,
    湖南日报·新湖南客户端 2023-01-31): nothing named only there is annotated."""
    out: list[tuple[int, int]] = []
    line_end = -1
    for match in CHROME_LINE.finditer(text):
        if match.start() < line_end:
            continue  # the line is judged already
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start <= MAX_CHROME_LINE:
            out.append((line_start, line_end))
    return out


def _whole_words(doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    """A name the recognizer began or ended inside a word, widened to the whole word: a Latin
    word (D isplaySear|ch| → DisplaySearch), a list item after 、和 (和利时), a two-character word
    cut in half, as jieba reads it (友达光|电, 方正电|机) or as its dictionary has it where jieba
    left the other half alone (政|府采购…, 工程机|械)."""
    while start > 0 and ASCII_LETTER.match(text, start) and ASCII_LETTER.match(text, start - 1):
        start -= 1
    while end < len(text) and ASCII_LETTER.match(text, end) and ASCII_LETTER.match(text, end - 1):
        end += 1
    if start >= 2 and text[start - 1] in "和与" and text[start - 2] == "、":
        return start - 1, end
    if start > 0 and text[start - 1] not in FUNCTION_CHARS and _cut_word(text[start - 1 : start + 1]) and not _word_ending(text, start - 1):
        start -= 1
    if (
        end < len(text)
        and text[end] not in "长"
        and not ORG_TYPE_END.search(text, start, end)
        and text[end - 1] not in "党国"
        and _cut_word(text[end - 1 : end + 1])
        and not _word_starting(text, end)
    ):
        end += 1
    return start, end


def _titled_body(text: str, end: int) -> bool:
    """Whether a body ending at `end` and the title character after it make a word of jieba's
    dictionary (国防部长, 外交部长): the body is named in the title (not 共和国部长, 合作部长)."""
    flags = word_flags()
    return text[end : end + 2] == "长官" or any(text[end + 1 - n : end + 1] in flags for n in (4, 5) if end + 1 - n >= 0)


def _word_ending(text: str, i: int) -> bool:
    """Whether a word of jieba's dictionary ends with character i, begun before it (加拿 + 大)."""
    flags = word_flags()
    return any(text[i - n + 1 : i + 1] in flags for n in (2, 3, 4) if i - n + 1 >= 0)


def _word_starting(text: str, i: int) -> bool:
    """Whether a word of jieba's dictionary begins with character i and runs on past it."""
    flags = word_flags()
    return any(text[i : i + n] in flags for n in (2, 3, 4) if i + n <= len(text))


def _cut_word(pair: str) -> bool:
    """Whether two characters across a name's edge are a common word of jieba's dictionary
    (机关, 政府, 机械, 光电), which a name does not cut."""
    return (
        len(pair) == 2
        and "\u4e00" <= pair[0] <= "\u9fff"
        and "\u4e00" <= pair[1] <= "\u9fff"
        and word_flags().get(pair, "x") in COMMON_WORD_FLAGS
        and word_frequency(pair) >= CUT_WORD_FREQUENCY
    )


def _latin_fragment(text: str, start: int, end: int) -> bool:
    """Whether a name is one plain English word of a longer English phrase (The, Limited, of) or
    a single letter: the recognizer cut a foreign name, which is not a name then."""
    name = text[start:end]
    if not name.isascii():
        return False
    if len(name.strip()) < 2:
        return True
    if not LATIN_PLAIN_WORD.fullmatch(name):
        return False
    return bool(re.match(r"[ (]?[A-Za-z]", text[end : end + 2])) or bool(re.search(r"[A-Za-z][ )]?$", text[max(0, start - 2) : start]))


def _without_trailing_words(doc: Doc, text: str, start: int, end: int) -> int:
    """`end` moved back before the common words a name the recognizer ran on past ends with,
    after the word saying what kind of body it is (…科学院 + 科研团队, …公司 + 发布公告,
    市政府办公室 + 党组); 中国银行 + 四平分行 and 娲石集团 + 党委 stay whole (the rest is a body
    of its own)."""
    trail = TRAILING_GENERIC.search(text, start, end)
    if trail and ORG_TYPE_END.search(text, start, trail.start()):
        return trail.start()
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = [t for t in span if start <= t.idx and t.idx + len(t.text) <= end] if span is not None else []
    flags = word_flags()
    cut = end
    for token in reversed(tokens[1:]):
        if (
            flags.get(token.text, "x") in NAME_FLAGS
            or ORG_TYPE_END.search(text, start, token.idx + len(token.text))
            and token.idx + len(token.text) == end
        ):
            break
        if ORG_TYPE_END.search(text, start, token.idx):
            cut = token.idx
    return cut if cut - start >= 2 else end


def _party_start(text: str, start: int) -> int:
    """Where an organ of a place begins: with the party before it (中共 + 黄石市委)."""
    return start - 2 if text[max(0, start - 2) : start] == "中共" else start


def _an_event(text: str, name: str, start: int, end: int) -> bool:
    """Whether a name is part of an event's: a congress of one term before its meeting (十三届全国人大
    + 一次会议, 十二届 + 全国人大 + 三次会议), or a plenary session (十九届二中、三中全会)."""
    if (SESSION.search(name) or text[start - 1 : start] == "届") and MEETING_AFTER.match(text, end):
        return True
    return bool(PLENUM.fullmatch(name)) and "全会" in text[end : end + 12]


def _reads_as_a_name(doc: Doc, text: str, start: int, end: int, words: Words) -> bool:
    """Whether what the recognizer read as an organization is a name rather than a generic
    reference (市场部, 董事会, 科考队, 房地产公司): it holds a name-like word, or jieba's words
    do not fit it (从中 + 核集团: jieba did not know the name), or it is an assembly (国会), or a
    body named as national (国家大剧院, 全国总工会), by its level (市 + 科委) or by its number
    (中铁 + 十五局)."""
    if (
        looks_like_a_name(doc, start, end)
        or end not in words.ends
        or (start not in words.starts and text[start - 1] in GLUED_FUNCTION_CHAR)
    ):  # 从中 + 核集团
        return True
    if not ORG_TYPE_END.search(text, start, end):
        return False
    level = LEVEL_FIRST.match(text, start)
    if (
        ASSEMBLY_END.search(text, start, end)
        or NATIONAL.match(text, start)
        or NUMBERED_UNIT.search(text, start + 1, end)
        or LEVEL_ORGAN_FIRST.match(text, start, end)
        or (level and level.end() - start == 1 and start + 1 in words.starts)
    ):
        return True  # 国会, 民进中央; 国家大剧院; 中铁十五局; 市委 + 组织部; 市 + 科委
    # common words before a generic head: a description (人工智能计算中心, 房地产公司), unless
    # one of them is a word jieba's dictionary seldom meets (中船 + 集团: a name); 国民警卫队 and
    # 半岛电视台 are names of common words
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = [t.text for t in span] if span is not None else []
    if len(tokens) == 1:  # one word: a name where no noun runs into it (缅甸政府 + 投资部: a unit)
        before = words_before(doc, start, 4)
        return (
            not before
            or not before[-1].text[:1].isalnum()
            or len(before[-1].text) < 2
            or word_flags().get(before[-1].text, "x")[:1] not in NOUN_FLAGS
        )  # 原 + 化工部: a former body
    return not DESCRIBED_END.search(text, start, end) or any(word_frequency(t) < COMMON_WORD_FREQUENCY for t in tokens[:-1])


def _with_units(text: str, candidates: list[tuple[int, int]], units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A body and a unit of it written right after it, as one name: 辽宁省财政厅 +
    政府采购监督管理处, 水利部 + 水规总院 (a unit that begins with a level or place is a body
    of its own: 市发改委 + 市经信委)."""
    by_start: dict[int, list[int]] = {}
    for start, end in units:
        by_start.setdefault(start, []).append(end)
    out = []
    for start, end in candidates:
        if not BODY_END.search(text, start, end):
            continue
        for unit_end in by_start.get(end, []):
            if UNIT_END.search(text, end, unit_end) and not LEVEL_FIRST.match(text, end):
                out.append((start, unit_end))
    return out


def _joins_two(text: str, candidate: tuple[int, int], candidates: Spans) -> bool:
    """Whether a candidate is two others joined by 和, 及, 与 or 、 (市经合局和省商务厅, which the
    recognizer may read as one name)."""
    start, end = candidate
    inside = [(s, e) for s, e in candidates.inside(start, end) if (s, e) != candidate]
    return any(s1 == start and e2 == end and text[e1:s2] in JOINERS for s1, e1 in inside for s2, e2 in inside)


def _without_leading_verbs(doc: Doc, start: int, end: int) -> int:
    """`start` moved past the verbs a name cannot begin with."""
    span = doc.char_span(start, end, alignment_mode="expand")
    for token in span if span is not None else []:
        if word_flags().get(token.text, "x")[:1] != "v" or token.idx + len(token.text) >= end:
            return max(start, token.idx)
    return start


NAME_VERBS = {"驻"}  # verbs names of bodies hold (中国驻美国使馆)


def _after_inner_verb(doc: Doc, text: str, start: int, end: int) -> int:
    """Where a name the recognizer ran together with the words before it begins: after a verb
    inside it that a name of a body follows (中国通号联合 + 中国机械工业集团)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    flags = word_flags()
    for token in span if span is not None else []:
        after = token.idx + len(token.text)
        if (
            start + 2 <= token.idx
            and len(token.text) >= 2
            and flags.get(token.text) == "v"
            and token.text not in NAME_VERBS
            and end - after >= 4
            and ORG_TYPE_END.search(text, after, end)
            and looks_like_a_name(doc, after, end)
        ):
            return after
    return start


def _company_start(doc: Doc, text: str, end: int) -> int:
    """Where a company name ending at `end` (before 有限公司) begins, stepping over a bracketed
    place in it: 荣德铵家(上海)建材 → 荣德铵家."""
    start = name_start(doc, end, COMPANY_NAME)
    # a place inside after words that name nothing begins the name (光热发电 + 德令哈昆仑…)
    place = doc.user_data[PLACE_TABLE].first_inside(start, end)
    if place is not None and end - place[1] >= 2 and not looks_like_a_name(doc, start, place[0]):
        start = place[0]
    start = _without_location(doc, start, end)
    while start >= 1 and text[start - 1] == ")":
        opening = text.rfind("(", max(0, start - 10), start)
        if opening < 1:
            break
        before = name_start(doc, opening, COMPANY_NAME)
        if before == opening:
            break
        start = before
    return start


def _without_location(doc: Doc, start: int, end: int) -> int:
    """`start` moved past a county written before the city that begins a company's name: the
    county is where the company stands (公安县 + 荆州伟胜科技股份有限公司)."""
    table = doc.user_data[PLACE_TABLE]
    first = table.by_start.get(start)
    second = table.by_start.get(first[1]) if first is not None else None
    if second is not None and second[1] < end and first[2] == "county" and second[2] in ("prefecture", "province"):
        return second[0]
    return start


class _PlaceTable:
    """The places of an article as (start, end, level), sorted, looked up by binary search."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        self.rows = rows
        self.starts = [row[0] for row in rows]
        self.by_start = {row[0]: row for row in rows}

    def first_inside(self, start: int, end: int) -> Optional[tuple[int, int, str]]:
        """The first place beginning after `start` and before `end`."""
        i = bisect.bisect_right(self.starts, start)
        return self.rows[i] if i < len(self.rows) and self.rows[i][0] < end else None

    def around(self, i: int) -> int:
        """The start of the place holding character i past its first character, else i."""
        k = bisect.bisect_left(self.starts, i) - 1
        return self.rows[k][0] if k >= 0 and self.rows[k][0] < i < self.rows[k][1] else i


def _bracket_start(doc: Doc, text: str, start: int, end: int) -> int:
    """Where a name the model began inside brackets really begins: 荣德铵家(上海)建材股份有限公司,
    read as 上海)建材股份有限公司, begins where the name before its "(" does."""
    if start >= 2 and text[start - 1] == ")" and COMPANY_END.search(text, start, end):
        return _company_start(doc, text, start)  # 惠生(南京) + 清洁能源公司
    if text.count(")", start, end) <= text.count("(", start, end) or start < 1 or text[start - 1] != "(":
        return start
    begin = name_start(doc, start - 1, ORG_NAME)
    return begin if begin < start - 2 else start


def _list_items(doc: Doc, end: int) -> list[tuple[int, int]]:
    """The items of the 、-separated list ending at `end` (before 等…企业: `COMPANY_LIST`). When
    most items read as names, the list is one of companies and every item counts (上工、兄弟标准、贵衣
    …); otherwise only the items that read as names do (汽车、装备制造等企业: none)."""
    items = list_items(doc, end, COMPANY_LIST)
    names = [item for item in items if looks_like_a_name(doc, *item)]
    return items if len(items) >= 3 and 2 * len(names) >= len(items) else names


def _all_places(start: int, end: int, places: Spans) -> bool:
    """Whether places cover the whole stretch (山东烟台 is two places, not a body)."""
    covered = start
    for place_start, place_end in places.starting_in(start - places.REACH, end - 1):
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
    # the names that end with, begin with, or hold near their start each shorter string (looked up,
    # not searched: a book-length text names thousands of bodies)
    ending_with: dict[str, list[str]] = {}
    beginning_with: dict[str, list[str]] = {}
    holding: dict[str, list[str]] = {}
    for n in written:
        for i in range(1, len(n)):
            ending_with.setdefault(n[i:], []).append(n)
        if len(n) > 2:
            beginning_with.setdefault(n[:2], []).append(n)
        for i in range(1, min(BRAND_AFTER_PLACE, len(n) - 2) + 1):
            holding.setdefault(n[i : i + 2], []).append(n)
    fullest: dict[str, tuple[int, int]] = {}
    for name in written:
        fuller = [n for n in ending_with.get(name, []) if LEVEL_FIRST.match(name) or ABBREVIATED.fullmatch(n[: -len(name)])]
        if not fuller and len(name) == 2:  # a brand: 格力 for 格力电器, 卓霖 for 广东卓霖电器有限公司
            fuller = sorted(beginning_with.get(name, []), key=len)[:1] or sorted(
                {n for n in holding.get(name, []) if 0 < n.find(name) <= BRAND_AFTER_PLACE and len(n) > len(name) + 2}
            )
        # with two different fuller forms, which one is meant is not known
        fullest[name] = written[fuller[0] if len(fuller) == 1 else name]
    return [(start, end, fullest[name]) for start, end, name in found]


def extract(text: str):
    """The organizations named in `text`, as validated `schemas.Organization` mentions."""
    from ... import load

    return load().extract(text).organizations
