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
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...language.gazetteer import surnames
from ...ner import model_entities
from ...stages.segment import Words, add_spans, declare_kind, doc_text, span_attrs
from ..common import (
    NAME_FLAGS,
    Spans,
    alternation,
    longest_first,
    looks_like_a_name,
    resource_lines,
    word_flags,
    word_frequency,
    words_before,
)

KIND = "organizations"
COMPONENT = "organizations"

LEVEL = "国家|中央|省|市|县|区|州|盟|旗|镇|乡|街道"
# department words, unless they begin another word (部门, 局面, 委托, 办理) or a title (局长, 部长)
DEPARTMENT = "委员会|办公室|总局|委(?![托员屈婉派任])|局(?![面势长限])|厅(?!长)|部(?![门署分位队长件])|办(?![理法事公])|署(?![名长理])"
COMPANY_FORM = re.compile(
    r"(?:[(（][\u4e00-\u9fff]{2,8}[)）])?"
    r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)"
)
# 委 ends the organ unless it begins a word (委托, 委员, 委派)
ORGAN = re.compile(rf"(?:{LEVEL})?(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|管委会|委(?![托员派任屈婉]))|(?:市|县|区|州)府")
SHORT_GOVERNMENT = re.compile(r"府(?![路街前后第邸上中内里学院])")  # 莱州市 + 府: the city's government
GOVERNMENT = re.compile(r"政府(?!网)")  # what a country's organ is named in Chinese news (缅甸政府, 中国政府)
# what a short form leaves out of the full one: levels (市), places (余姚市) or both
ABBREVIATED = re.compile(rf"(?:[\u4e00-\u9fff]{{1,8}}?(?:{LEVEL}))?(?:{LEVEL})*")
# a list of companies: 中煤集团、阳光新能源等重点企业; 苏泰沥青、蓝色魅力等16家企业
LISTED_AS_COMPANIES = re.compile(
    r"(?:、|…+)?等(?:[0-9一二三四五六七八九十百千多余]+[家个户])?[\u4e00-\u9fff]{0,10}?"
    r"(?:企业|公司|集团|巨头|机构|银行|高校|院校|车企|房企|药企|厂家|厂商|券商)"
)
# what the words between 等 and 企业 say when the list is not one of companies
NOT_COMPANIES = re.compile(r"地区|地方|城市|国家|省份|方面|领域|部门|单位|对接|引进|招引|支持|帮助|推动|服务")
MAX_LIST_ITEM = 12
MAX_COMPANY_NAME = 20  # characters a company's name before 有限公司 may run back
JOINERS = {"和", "及", "与", "、", "以及"}
NOT_IN_NAMES = set("vpcdurmts")  # jieba flags: verb, preposition, conjunction, adverb, particle, pronoun, numeral,
# time (目前), place word (当地)
# what a company's name never begins with: the generic word before it (知名企业 + 浙江万华…, 矿企 + CMP公司)
GENERIC_HEADS = {
    "企业",
    "公司",
    "集团",
    "矿企",
    "钢企",
    "车企",
    "房企",
    "药企",
    "民企",
    "国企",
    "央企",
    "外企",
    "钢厂",
    "厂家",
    "厂商",
    "巨头",
    "龙头",
    "机构",
    "知名企业",
    "龙头企业",
    "民营企业",
    "合作伙伴",
    "子公司",
}
# a function character jieba glued to an unknown name (有 + 哈麻 → 有哈麻)
GLUED_FUNCTION_CHAR = set("有是在和与及对向被把从由经为跟给")
FUNCTION_CHARS = GLUED_FUNCTION_CHAR | set("或并的了等")  # never the first character a recognized name misses
ASCII_LETTER = re.compile(r"[A-Za-z]")
# 四部委, 两家银行, 多家企业: a count of bodies, not a name; 浙商, 世界浙商: merchants of a province
NUMBERED_GENERIC = r"^[一二三四五六七八九十两几多数]+(?:部委|家|个|所)|^(?:世界|全球)?[浙晋徽湘粤闽鲁苏赣川渝豫楚秦潮]商$"
ASSEMBLY_END = re.compile(r"(?:议院|议会|国会|委员会|秘书处|中央|党)$")
NUMBERED_UNIT = re.compile(r"[一二三四五六七八九十]+(?:局|处|公司|厂|院|所)$")
NATIONAL = re.compile(r"国家|中国|全国|中央|国际|世界|全球|亚洲|欧洲")
COMPANY_END = re.compile(r"(?:公司|集团|银行|证券|控股|股份|株式会社)$")
KNOWN_BUSINESS = re.compile(r"(?:地产|电器|物流|集团|股份|控股|置业|实业|商城|易购|证券|重工|药业){1,2}(?:有限公司|公司)?")
MEDIA_CREDIT = re.compile(r"网|(?!央视)[\u4e00-\u9fff]{0,4}频道|记者|报道|消息|客户端")
SHORT_COMPANY = re.compile(r"[\u4e00-\u9fff](?:公司|集团)")  # 德公司, 该公司: no name before the company word
BROKEN_NAME = re.compile(r"[《》〈〉]|^[^“]*”|“[^”]*$|^号|”号|号”")
EDGE_MARKS = set("《》〈〉‘’\"'·・、，,。：:；;")  # never the first or last character of a name
HAN = re.compile(r"[\u4e00-\u9fff]")
DESCRIBED_END = re.compile(r"(?:中心|公司|集团|实验室|研究院|研究所|工厂|厂|部|局)$")  # heads descriptions end with
NOUN_FLAGS = set("nvx")  # jieba flags of the words that may run into a name (nouns, verbal nouns, unknown)
COMMON_WORD_FREQUENCY = 100  # a word that describes (房地产: 1603) rather than names (中船: 22)
CUT_WORD_FREQUENCY = 100  # a word jieba's dictionary counts as common (机械: 7077; 业大: 27)
COMMON_WORD_FLAGS = {"n", "vn", "v", "an"}  # not names (华为 nr), places or abbreviations
TITLE_WORD = re.compile(r"(?:部长|局长|厅长|院长|处长|所长|社长|台长|行长|会长|校长|署长|委员)")
SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# a Latin word that is a fragment of an English phrase (The, of, Limited), not a name of its own
LATIN_PLAIN_WORD = re.compile(r"[A-Z]?[a-z]+")
# what follows an industry, not a company (湖南工程机械 + 产业, 中国工程机械 + 装备制造)
INDUSTRY_AFTER = re.compile(r"(?:产业|行业|装备制造|板块)")
# what ends a line or a work, not a body (甬温线, 武广铁路, 布纳维斯塔铁矿, 蓄能电站)
NOT_A_BODY_END = re.compile(
    r"(?:总部|(?<!阵)线|铁路|客专|高铁|高速|公路|系统|集成|铁矿|[金铜铁锌铅煤]矿|电站|机场|隧道|大桥|码头|工程|项目)$"
)
# a body's name followed by these is an event's name (中国国际 + 进口博览会, 东盟 + 峰会)
EVENT_AFTER = re.compile(r"(?:论坛|峰会|博览会|年会|展会|展览会|洽谈会|推介会|交易会|运动会|展(?![台区位厅馆示开现出望览]))")
# 政府 + 采购, 政府 + 债务: terms, not the government of the place
TERM_AFTER_GOVERNMENT = re.compile(r"(?:采购|投资|债务|债券|性)")
# a short line of page furniture: a source, a breadcrumb, a site's links, a dateline
CHROME_LINE = re.compile(r"来源[:：]|>>|\s[|｜]\s|客户端|网站无障碍|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")
MAX_CHROME_LINE = 60
# the generic words a recognized name may begin with (矿企 + CMP公司, 民资钢厂 + 兴华钢铁公司)
# generic words after a body's name (…科学院 + 科研团队, 中铁电化局 + 联合体, 市政府办公室 + 党组)
TRAILING_GENERIC = re.compile(r"(?:科研团队|研发团队|技术团队|专家团队|团队|联合体|子公司|母公司|党组成员|党组)$")
GENERIC_LEAD = re.compile(r".*(?:矿企|钢企|车企|房企|药企|民企|国企|央企|外企|钢厂|知名企业|龙头企业|民营企业|合作伙伴)")
# a meeting of a congress (十三届全国人大一次会议, 区五届人大三次会议): an event, not a body
SESSION = re.compile(r"届")
MEETING_AFTER = re.compile(r"(?:第?[0-9一二三四五六七八九十]+次|[一二三四五六七八九十]中)")
# 十九届二中、三中、四中全会: plenary sessions, not schools
PLENUM = re.compile(r"[一二三四五六七八九十]中")
LEVEL_FIRST = re.compile(LEVEL)
BRAND_AFTER_PLACE = 3  # characters of a place a company's name may begin with before its brand (广东 + 卓霖…)
# the last words of an organization's name that say what kind it is
ORG_TYPE_END = re.compile(
    r"(?:公司|集团|局|厅|委|委员会|办|院|所|部|署|银行|大学|学院|学校|中心|协会|商会|学会|"
    r"联合会|基金会|医院|社|台|站|馆|会|队|处|室|厂|行|店|网|报)$"
)
BRANCH = re.compile(r"(?:分行|支行|分公司|子公司|分院|分局|办事处|营业部|中心支行)")
LIMITED_COMPANY = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
DIVISION_END = re.compile(r"(?:省|市|县|自治区|自治州|自治县|镇|乡|村|旗|盟|地区)$")  # a place, not a body
# 市委, 省政府, 省委省政府: organs without their place, optional in the gold and too vague to list
BARE_ORGANS = re.compile(rf"(?:(?:{LEVEL})?(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|委))+")
# an office a place keeps elsewhere (黄石市驻汉办, 省驻京办)
POSTED_OFFICE = re.compile(rf"(?:{LEVEL})?驻[\u4e00-\u9fff]{{1,2}}?(?:办事处|联络处|办)")
# a working group of a place or of the centre (重庆市电子产业保链稳链工作专班, 中央全面深化改革领导小组)
WORKING_GROUP = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,16}?)(?:领导小组|工作专班|总指挥部|指挥部)(?:办公室)?")
CENTRE = re.compile(r"中央|国务院")
GROUP_NOT_NAMED = re.compile(r"成立|组建|设立|召开|主持|要求|部署|派出|按照|落实|各|的")
# a unit of a body written right after it (辽宁省财政厅 + 政府采购监督管理处, 水利部 + 水规总院)
UNIT_END = re.compile(r"(?:处|科|室|中心|研究所|研究院|总院|设计院|实验室|办公室)$")
BODY_END = re.compile(r"(?:厅|局|委|部|院|署|办|政府)$")
# the office of an organ (市政府办公室, 县委办公室): a department, required in the gold
OFFICE = re.compile(r"(?:办公室|办公厅)")
LEVEL_OFFICE = re.compile(rf"(?:{LEVEL})(?:人民政府|政府|委|人大常委会|政协)(?:办公室|办公厅)")
LEVEL_ORGAN_FIRST = re.compile(rf"(?:{LEVEL})(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|委)(?!员)")
LEVEL_ORGAN_END = re.compile(rf"(?:{LEVEL})(?:党工委|党委|人民政府|政府|人大常委会|人大|政协|纪委|委)$")
PLACE_TABLE = "_organizations_places"  # doc.user_data: the places, for the scan's lookups
ORGAN_PLACE_LEVELS = {"province", "prefecture", "county", "township", "zone"}


@lru_cache(maxsize=1)
def _lexicons() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """Government departments, national bodies named as they are, generic references, units
    named by their place or level (org_units.txt) and companies and media news names
    by a short form (org_known.txt)."""
    body = re.compile(
        rf"(?:(?:{LEVEL})级|{LEVEL})?(?P<stem>{alternation(resource_lines('government_bodies.txt', __package__))})"
        rf"(?:监督管理|管理|服务)?(?:{DEPARTMENT})"
    )
    units = re.compile(rf"(?:(?:{LEVEL})级?)?(?:人民政府|政府)?(?:{alternation(resource_lines('org_units.txt', __package__))})")
    national = re.compile(alternation(resource_lines("org_names.txt", __package__)))
    generic = resource_lines("org_generic.txt", __package__)
    words = [w for w in generic if not w.startswith("^")]
    heads = [w[1:] for w in generic if w.startswith("^")]
    known = re.compile(alternation(resource_lines("org_known.txt", __package__)))
    generic_words = rf"^(?:全国|全球|国内|国外|海外|各地)?(?:{LEVEL})?(?:{alternation(words)})$"
    return body, national, re.compile(rf"{generic_words}|^(?:{alternation(heads)})|{NUMBERED_GENERIC}"), units, known


@Language.component(COMPONENT, assigns=[declare_kind(KIND)], requires=[declare_kind("places"), declare_kind("entities")])
def find_organizations(doc: Doc) -> Doc:
    """Add a span to doc.spans["organizations"] for every organization named."""
    doc = add_spans(doc, KIND, [(start, end, "ORG", {"name": name}) for start, end, name in scan(doc_text(doc), doc)])
    return doc


def scan(text: str, doc: Doc) -> list[tuple[int, int, tuple[int, int]]]:  # noqa: C901
    """(start, end, where the name is written in full) of every organization mention in `text` (the extraction view)."""
    body, national, generic, units, known = _lexicons()
    words = Words(doc)
    place_spans = list(doc.spans.get("places", []))
    places = {span.end_char: span for span in place_spans}
    place_starts = {span.start_char: span for span in place_spans}
    place_offsets = Spans((span.start_char, span.end_char) for span in place_spans)
    doc.user_data[PLACE_TABLE] = _PlaceTable(sorted((span.start_char, span.end_char, _place_level(doc, span)) for span in place_spans))
    candidates, units_only = [], []
    person_ends = {end for _, end, label in model_entities(doc) if label == "PER"}
    for start, end, label in model_entities(doc):
        if label != "ORG":
            continue
        parts = list(national.finditer(text, start, end))
        if parts and parts[0].start() == start and parts[-1].end() == end and sum(p.end() - p.start() for p in parts) == end - start:
            continue  # 党中央国务院: national bodies side by side, found below one by one
        if SENTENCE_END.search(text, start, end) or (TITLE_WORD.match(text, end - 1) and not _titled_body(text, end)):
            continue  # 共和国部|长: the last character begins a title (部长); 国防部 + 长 is a body's head
        start, end = _whole_words(doc, text, start, end)
        if start not in words.starts and text[start] in FUNCTION_CHARS and end - start > 3:
            start += 1  # 华|为自然资源部: the end of the word before, not the name's
        start = doc.user_data[PLACE_TABLE].around(start)  # 郑州经|开区经济发展局: the place is the name's
        while end > start and text[end - 1] in "·・":
            end -= 1  # 湖南日报·新湖南客户端
        if _latin_fragment(text, start, end) or INDUSTRY_AFTER.match(text, end):
            continue
        form = COMPANY_FORM.match(text, end)
        start, end = _bracket_start(doc, text, start, end), form.end() if form else end
        place = place_starts.get(end)
        branch = BRANCH.match(text, place.end_char) if place is not None else None
        end = branch.end() if branch else end  # 中国银行 + 四平 + 分行
        start = _without_leading_verbs(doc, start, end)  # 锚定市委: "anchor on" the 市委
        start = _after_inner_verb(doc, text, start, end)  # 中国通号联合 + 中国机械工业集团
        end = _without_trailing_words(doc, text, start, end)
        lead = GENERIC_LEAD.match(text, start, end)
        if lead and end - lead.end() >= 2:
            start = lead.end()
        place = places.get(start)
        if place is not None and _place_level(doc, place) in ("country", "province", "prefecture") and COMPANY_END.search(text, start, end):
            start = place.start_char  # 澳大利亚 + 里奇蒙德矿业公司
        if (
            text[start - 1 : start] in ("、", "，", ",")
            and (start - 1) in person_ends
            and end - start <= 3
            and text[start] in surnames(common=False)
            and not ORG_TYPE_END.search(text, start, end)
        ):
            continue  # 杨运春、伍昌军: a name in a list of persons
        if text[start - 1 : start] in ("(", "（") and text[end : end + 1] in (")", "）") and text[start:end].isascii():
            continue  # 吉孚(GRC): the Latin form of the name before it
        before = places.get(start)
        if _reads_as_a_name(doc, text, start, end, words):
            candidates.append((start, end))
        elif before is not None and _place_level(doc, before) in ORGAN_PLACE_LEVELS | {"country"}:
            candidates.append((before.start_char, end))  # 中国 + 大熊猫保护研究中心: named by its place
        else:
            units_only.append((start, end))  # 政府采购监督管理处: a name after its body only
    for match in LIMITED_COMPANY.finditer(text):  # 荣德铵家(上海)建材股份有限公司, whatever the model read
        start = _company_start(doc, text, match.start())
        if start < match.start():
            candidates.append((start, match.end()))
    for match in body.finditer(text):
        # the place before it, which may end in the level word itself (余姚市 + 交通局)
        before = places.get(match.start()) or places.get(match.start("stem"))
        candidates.append((before.start_char if before is not None else match.start(), match.end()))
    candidates += [match.span() for match in national.finditer(text)]
    # 中石油, 国网: a word of its own (not 国网 of 全国网络), ending a word or before a non-Han character,
    # not part of a person's name
    persons = [(s, e) for s, e, label in model_entities(doc) if label == "PER"]
    for match in known.finditer(text):
        s, e = match.span()
        if (
            s in words.starts
            and (e in words.ends or not HAN.match(text, e))
            and not MEDIA_CREDIT.match(text, e)
            and "·" not in text[s - 1 : e + 1]
            and not any(a < e and s < b and not (s <= a and b <= e) for a, b in persons)
        ):
            more = KNOWN_BUSINESS.match(text, e)  # 格力 + 地产, 京东 + 物流: the company of the group
            candidates.append((s, more.end() if more else e))  # not 福特 of 道格·福特, 丰田 of 丰田章男, 华为 of 王广华为…
    for pattern in (units, POSTED_OFFICE):  # 北京市政府采购中心, 黄石市驻汉办: with their place or level
        for match in pattern.finditer(text):
            # the place before it, which may end in the level word itself (北京市 + 政府采购中心)
            before = places.get(match.start()) or places.get(match.start() + 1)
            if before is not None and before.end_char == match.start() + 1 and not LEVEL_FIRST.match(text, match.start()):
                before = None
            if before is not None or LEVEL_FIRST.match(text, match.start()):
                candidates.append((before.start_char if before is not None else match.start(), match.end()))
    # 重庆市电子产业保链稳链工作专班, 中央全面深化改革领导小组: a working group named after its place or the centre
    group_starts = [(place.start_char, end) for end, place in places.items()] + [(m.start(), m.end()) for m in CENTRE.finditer(text)]
    for start, after in group_starts:
        working = WORKING_GROUP.match(text, after)
        if working and not GROUP_NOT_NAMED.search(working.group("what")):
            candidates.append((start, working.end()))
    for match in LISTED_AS_COMPANIES.finditer(text):
        if not NOT_COMPANIES.search(match.group()):  # 京津冀、成渝等地区对接重点企业: places
            candidates += _list_items(doc, match.start())
    for end, place in places.items():
        level = _place_level(doc, place)
        organ = ORGAN.match(text, end) if level in ORGAN_PLACE_LEVELS else GOVERNMENT.match(text, end) if level == "country" else None
        if organ is None and level in ORGAN_PLACE_LEVELS and text[end - 1 : end] in "市县区州":
            organ = SHORT_GOVERNMENT.match(text, end)  # 莱州市 + 府
        if organ:
            office = OFFICE.match(text, organ.end())
            start = place.start_char
            parent = places.get(start)  # 山东省 + 莱州市府
            if parent is not None and _place_level(doc, parent) == "province" and level in ("prefecture", "county"):
                start = parent.start_char
            candidates.append((_party_start(text, start), office.end() if office else organ.end()))
    for match in LEVEL_OFFICE.finditer(text):  # 市政府办公室: a department, named with its level
        before = places.get(match.start()) or places.get(match.start() + 1)
        candidates.append((before.start_char if before is not None else match.start(), match.end()))
    indexed = Spans(candidates)
    candidates = [c for c in candidates if not _joins_two(text, c, indexed)]
    candidates += _with_units(text, candidates, candidates + units_only)

    chrome = _chrome_lines(text)
    kept = []
    for start, end in candidates:
        start, end = _trimmed(text, start, end)
        if _acceptable(text, start, end, generic, place_offsets) and not any(a <= start < b for a, b in chrome):
            kept.append((start, end))
    found = [(start, end, text[start:end]) for start, end in longest_first(kept)]
    del doc.user_data[PLACE_TABLE]
    return _fullest_names(found)


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
    start = _name_start(doc, end, reach=MAX_COMPANY_NAME, company=True)
    # a place inside after words that name nothing begins the name (光热发电 + 德令哈昆仑…)
    place = doc.user_data[PLACE_TABLE].first_inside(start, end)
    if place is not None and end - place[1] >= 2 and not looks_like_a_name(doc, start, place[0]):
        start = place[0]
    start = _without_location(doc, start, end)
    while start >= 1 and text[start - 1] == ")":
        opening = text.rfind("(", max(0, start - 10), start)
        if opening < 1:
            break
        before = _name_start(doc, opening, reach=MAX_COMPANY_NAME, company=True)
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
    begin = _name_start(doc, start - 1)
    return begin if begin < start - 2 else start


def _list_items(doc: Doc, end: int) -> list[tuple[int, int]]:
    """The items of the 、-separated list ending at `end` (before 等…企业): from one 、 to the
    next, the first from where its name begins (`_name_start`). 和, 及 and 与 join the last two
    items unless they begin an item (研究所、和利时) or sit inside a name (必和必拓). When most
    items read as names, the list is one of companies and every item counts (上工、兄弟标准、贵衣
    …); otherwise only the items that read as names do (汽车、装备制造等企业: none)."""
    text = doc_text(doc)
    while end > 0 and text[end - 1] == "、":
        end -= 1
    items, item_end = [], end
    tokens = words_before(doc, end, MAX_LIST_ITEM * 4)
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        after = token.idx + len(token.text)
        if token.text == "、" and item_end > after:
            items.append((after, item_end))
            item_end = token.idx
        elif (
            token.text in ("和", "及", "与")
            and item_end - after >= 2
            and i > 0
            and tokens[i - 1].text != "、"
            and len(tokens[i - 1].text) >= 2
        ):
            items.append((after, item_end))
            item_end = token.idx
        elif not token.text.strip() or not token.text[0].isalnum() or end - token.idx > MAX_LIST_ITEM * 4:
            break
    if not items:
        return []
    items.append((_name_start(doc, item_end, at_least_one=True), item_end))
    items = [(start, stop) for start, stop in items if stop - start >= 2]
    names = [item for item in items if looks_like_a_name(doc, *item)]
    return items if len(items) >= 3 and 2 * len(names) >= len(items) else names


def _name_start(doc: Doc, end: int, at_least_one: bool = False, reach: int = MAX_LIST_ITEM, company: bool = False) -> int:
    """Where a name ending at `end` begins: after the last word before it that cannot be part of a
    name (punctuation, a verb, preposition, conjunction, adverb, particle, a time or generic word),
    at most `reach` characters back (a company's name may hold verbal nouns); with `at_least_one`, the word right before `end` always counts
    (已有 + 上工, a name jieba reads as a verb)."""
    flags = word_flags()
    start = end
    for token in reversed(words_before(doc, end, MAX_LIST_ITEM * 4)):
        word = token.text
        if not word.strip() or not word[0].isalnum() or end - token.idx > reach or word in GENERIC_HEADS:
            break
        flag = flags.get(word, "x")
        if (
            (flag[:1] in NOT_IN_NAMES or word.isdigit()) and not (at_least_one and start == end) and not (company and flag == "vn")
        ):  # a company's name holds verbal nouns (投资, 发展, 建设)
            break
        start = token.idx
        if word[0] in GLUED_FUNCTION_CHAR and word not in flags and len(word) >= 3:
            start += 1  # 有哈麻: 有 + 哈麻
            break
    return start


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
