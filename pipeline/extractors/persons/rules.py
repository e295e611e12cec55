"""Persons: named people, with the title (职务) the text gives them.

Names are the name recognizer's PER entities (`pipeline.ner`) of two to four characters, or of
foreign names joined with ·. A name right after a title and starting with a common surname is
taken even where the model hesitates (市长李四); a name the places extractor read as a place
(马渚, 叶赫), or as part of an organization (苏泰 in 苏泰沥青), is not a person, and neither is a
short name with no title that does not begin with a surname or that ends like the name of a
sluice, bridge or village (夏家闸), that is a common word (公文, 强强), a brand after a place or a
company word (天津富怡, 测试公司吉孚), a name followed by a company word (宏齐 + 科技, everywhere in
the article) or by a zone or structure (大柴旦工业园, 谢古泵站). A name the model read a character
short or long is mended from the names around it (李盛|其向记者表示, 局长安|路生, 王晨作 → 王晨,
何光 where 何光中 is named), and a foreign name joined with · stays whole (马克斯·宁德).

The title is the run right before the name made of title words (person_titles.txt),
organizations, places and 、: 市委常委、常务副市长邳树家, 中联重科董事长詹纯新,
县发改委主任王景昌. Names listed after one title share it (市领导张帆、胡万源、林友华). A name
credited as 记者, 通讯员, 编辑 or 摄 is a byline. A name with no title before it may have one
right after it (习近平总书记). A person named several times is listed once,
with the first title given to them alone, else the first given to a list they are in (a post such
as 市委书记 before a generic 市领导).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...language.gazetteer import surnames
from ...ner import model_entities
from ...stages.segment import Words, add_spans, declare_kind, doc_text
from ..common import Spans, alternation, resource_groups, resource_table, word_flags, word_frequency

KIND = "persons"
# the word lists of person_words.tsv, by role (its header says how each is used)
_WORDS = resource_groups("person_words.tsv", __package__)
COMPONENT = "persons"
NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+")
LIST_JOINT = re.compile(r"[、，,]|和|及|与")  # between names of one list
CREDIT_AFTER = re.compile(r"\s*(?:摄|/摄|报道|文/图)")
MAX_TITLE_WORD = 6
LEVEL_CHARS = set("省市县区州镇乡")
AFTER_NAME_CHARS = set(_WORDS["after_name_char"])  # words that follow a name, never end one
GENERIC_TITLE = re.compile(r"领导$")  # 市领导: a person's own post, named elsewhere, says more
STRUCTURE_END = re.compile(r"[闸坝桥村港湾站库渠堤滩岭峪沟塘垸寨]$")
# what follows a name in news: punctuation, or a verb of what officials do (主持, 出席, 表示 …)
AFTER_NAME = re.compile(rf"[,，、。；;:：(（]|{alternation(_WORDS['after_name'])}")
# verbs that follow a name (张三 + 向记者表示, + 出席): a two-character name read before them lacks its last character
AFTER_NAME_VERB = re.compile(alternation(_WORDS["after_name_verb"]))
FOREIGN_REST = re.compile(r"(?:·[\u4e00-\u9fff]{1,8})+")
COMPANY_BEFORE = re.compile(f"{alternation(_WORDS['company_before'])}$")
NAME_LIKE_FLAGS = {"nr", "nrt", "nrfg", "ns", "nz", "nt", "t", "j"}
COMMON_WORD_FREQUENCY = 20
COMPANY_AFTER = re.compile(alternation(_WORDS["company_after"]))
ZONE_AFTER = re.compile(rf"(?:{alternation(_WORDS['zone_after'])}|[东南西北]麓)")
LISTED_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}(?=[、，,。；等和及与]|同志)")


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Title word → kind (title, part, byline)."""
    return dict(resource_table("person_titles.txt", __package__))


@lru_cache(maxsize=1)
def _title_words() -> re.Pattern:
    """Any word that ends a title or a credit, longest first."""
    return re.compile(alternation(w for w, kind in _titles().items() if kind != "part"))


@Language.component(
    COMPONENT, assigns=[declare_kind(KIND)], requires=[declare_kind("places"), declare_kind("organizations"), declare_kind("entities")]
)
def find_persons(doc: Doc) -> Doc:
    """Add a span to doc.spans["persons"] for every person named, with title and byline."""
    doc = add_spans(doc, KIND, [(start, end, "PER", attrs) for start, end, attrs in scan(doc_text(doc), doc)])
    return doc


def scan(text: str, doc: Doc) -> list[tuple[int, int, dict]]:
    """(start, end, attributes) of every person mention in `text` (the extraction view): the
    recognizer's names, the names listed after them and the names right after a title, each
    with the title before or after it, kept when titled or when they read as a person's."""
    titles = _titles()
    named_ends = {s.end_char: s.start_char for key in ("organizations", "places") for s in doc.spans.get(key, [])}
    organizations = Spans((s.start_char, s.end_char) for s in doc.spans.get("organizations", []))
    names, companies = _recognized_names(text, doc, titles, organizations)
    taken = {start for start, _ in names}
    for _, end in sorted(names):  # 我市领导王斌、田军、樊冬、邳树家等: the rest of a list
        names += _listed_after(text, end, taken)
    # [start, end, title]; lists: a name listed after a titled one takes its title (`_first_titles`)
    found: list[list] = [
        [start, end, _title_before(text, start, titles, named_ends) or _title_after(text, end, titles)] for start, end in sorted(set(names))
    ]
    found += [[start, end, title] for start, end, title in _names_after_titles(text, titles, named_ends, Words(doc), taken)]
    found = _as_written_in_full(text, [item for item in found if text[item[0] : item[1]] not in companies])
    first_title = _first_titles(text, found)
    place_ends = {s.end_char for s in doc.spans.get("places", [])}
    organization_ends = {end for _, end in organizations}
    return [
        (start, end, _attributes(text, end, first_title.get(text[start:end]), titles))
        for start, end, _ in found
        if text[start:end] in first_title or not _untitled_non_person(text, start, end, place_ends, organization_ends)
    ]


def _recognized_names(text: str, doc: Doc, titles: dict[str, str], organizations: Spans) -> tuple[list[tuple[int, int]], set[str]]:
    """The recognizer's PER entities, mended where it read a character short or long (`_name_start`,
    `_name_end`) and a foreign name kept whole; and the names that are a company's (苏泰 in 苏泰沥青,
    宏齐 + 科技), which are no person anywhere in the article. A name the places or organizations
    extractor read (马渚, 叶赫: towns) is neither."""
    named = Spans((s.start_char, s.end_char) for key in ("places", "organizations") for s in doc.spans.get(key, []))
    names, companies = [], set()
    for start, end, label in model_entities(doc):
        if label != "PER":
            continue
        start, end = _name_start(text, start, end, titles), _name_end(text, start, end)
        foreign = FOREIGN_REST.match(text, end)
        end = foreign.end() if foreign else end
        if "·" in text[start:end]:
            pass  # 马克斯·宁德: a foreign name, whatever its parts read as alone
        elif organizations.overlapping(start, end) or COMPANY_AFTER.match(text, end):
            companies.add(text[start:end])  # 苏泰 in 苏泰沥青, 宏齐 + 科技: a company, everywhere in the article
            continue
        elif named.overlapping(start, end):
            continue  # 马渚, 叶赫: a place here
        if NAME.fullmatch(text, start, end) and text[start:end] not in titles and not _conjoined_word(text, start, end):
            names.append((start, end))
    return names, companies


def _first_titles(text: str, found: list[list]) -> dict[str, tuple[int, int]]:
    """Name → the title to give it: the first given to it alone, else the first given to a list
    it is in (市领导张帆、胡万源: the list shares one title), a generic post (市领导) after a
    specific one (市委书记)."""
    best_title: dict[str, tuple[int, tuple[int, int]]] = {}  # name → (rank, title); lower ranks first
    previous: Optional[list] = None
    for item in found:
        start, end, title = item
        rank = 0
        if title is None and previous is not None and previous[2] is not None and LIST_JOINT.fullmatch(text, previous[1], start):
            item[2] = title = previous[2]  # 市领导张帆、胡万源: one title for the list
            rank = 2
        previous = item
        if title is not None:
            if GENERIC_TITLE.search(text, title[0], title[1]):
                rank = max(rank, 1)
            name = text[start:end]
            if name not in best_title or rank < best_title[name][0]:
                best_title[name] = (rank, title)
    return {name: title for name, (_, title) in best_title.items()}


def _untitled_non_person(text: str, start: int, end: int, place_ends: set[int], organization_ends: set[int]) -> bool:
    """Whether a name given no title is no person: a short one without a surname (泽林), a
    structure's name (夏家闸) or one that reads as something else (`_not_a_person`: 公文)."""
    name = text[start:end]
    return (
        len(name) <= 3
        and name[0] not in surnames(common=False)
        or bool(STRUCTURE_END.search(name))
        or _not_a_person(text, start, end, place_ends, organization_ends)
    )


def _attributes(text: str, end: int, title: Optional[tuple[int, int]], titles: dict[str, str]) -> dict:
    """A person's title (as offsets: it is quoted as written) and whether the mention is a
    byline (记者李四, 张三 摄)."""
    attrs: dict = {}
    if title is not None:
        attrs["title"] = title
        attrs["byline"] = titles.get(text[title[0] : title[1]]) == "byline"
    if CREDIT_AFTER.match(text, end) and text[end : end + 3].strip().startswith(("摄", "/", "文")):
        attrs["byline"] = True
    return attrs


def _title_before(text: str, start: int, titles: dict[str, str], named_ends: dict[int, int]) -> Optional[tuple[int, int]]:
    """(start, end) of the title written right before a name, if there is one."""
    title_end = start
    while title_end > 0 and text[title_end - 1] in " \u3000":
        title_end -= 1
    word = _title_word_ending(text, title_end, titles)
    if word is None or titles[text[word:title_end]] == "part":
        return None
    begin = pos = word
    while pos > 0:
        word = _title_word_ending(text, pos, titles)
        if word is not None:
            pos = word
        elif pos in named_ends and named_ends[pos] < pos:
            pos = named_ends[pos]
        elif text[pos] in LEVEL_CHARS and named_ends.get(pos + 1, pos) < pos:
            pos = named_ends[pos + 1]  # 重庆市 + 市领导 share the 市
        elif text[pos - 1] == "、" and _title_word_ending(text, pos - 1, titles) is not None:
            pos -= 1
        elif text[pos - 2 : pos] == "全国":
            pos -= 2  # 全国 + 政协副主席
        elif text[pos - 1] in LEVEL_CHARS and (pos < 2 or not "\u4e00" <= text[pos - 2] <= "\u9fff"):
            pos -= 1  # 市 + 政协主席, where no place ends with the 市
        else:
            break
        begin = pos
    return begin, title_end


def _name_end(text: str, start: int, end: int) -> int:
    """The end of a name the model read one character too far, into a word that follows names
    (薛良率临港 → 薛良), or one too short before the 、 of a list (王进足、张帆 read as 王进)."""
    if end - start >= 3 and text[end - 1] in AFTER_NAME_CHARS:
        return end - 1
    if (
        end - start == 2
        and (text[end + 1 : end + 2] == "、" or AFTER_NAME_VERB.match(text, end + 1))
        and NAME.fullmatch(text, start, end + 1)
        and text[end] not in AFTER_NAME_CHARS
        and text[end] not in "的了着过"
    ):
        return end + 1  # 李盛|其向记者表示, 何光|中出席
    return end


def _as_written_in_full(text: str, found: list[list]) -> list[list]:
    """The mentions, sorted, each widened to a longer name of the article that covers it where it
    stands (何光 in 何光中说 once 何光中 is named; 路生 in 安路生的讲话), duplicates dropped."""
    longer = {text[start:end] for start, end, _ in found if end - start >= 3}
    out, seen = [], set()
    for start, end, title in sorted(found):
        if end - start == 2:
            if text[start : end + 1] in longer:
                end += 1
            elif start > 0 and text[start - 1 : end] in longer:
                start -= 1
        if (start, end) not in seen:
            seen.add((start, end))
            out.append([start, end, title])
    return out


def _common_word(chars: str) -> bool:
    """Whether jieba's dictionary has these characters as a common word, not a name or a word it
    mistags (公文 n, 强强 v; not 周恩来 t, 巴沙尔 ns, 祖马 n seen 6 times)."""
    flag = word_flags().get(chars)
    return flag is not None and flag not in NAME_LIKE_FLAGS and word_frequency(chars) >= COMMON_WORD_FREQUENCY


def _adverb_inside(text: str, start: int, end: int) -> bool:
    """Whether two characters of a three-character name are an adverb, preposition or conjunction of
    jieba's dictionary, or its last two a verb after a surname that is also a function word (曾 + 先后,
    曾经 + 为, 时 + 表示; not 华 + 立新): words that follow a title, not a name."""
    flags = word_flags()
    return end - start == 3 and (
        any(flags.get(text[i : i + 2], "x") in ("d", "p", "c", "t") for i in (start, start + 1))
        or text[start] in "时从向经曾在"
        and flags.get(text[start + 1 : end], "x") == "v"
    )  # 国王 + 时表示


def _conjoined_word(text: str, start: int, end: int) -> bool:
    """和 + 列席: a conjunction before a word, not a name beginning with the surname 和."""
    return text[start] in "和与及并" and _is_word(text[start + 1 : end])


def _not_a_person(text: str, start: int, end: int, place_ends: set[int], organization_ends: set[int]) -> bool:
    """Whether a name given no title reads as something else: a word of jieba's dictionary other
    than a name (公文, 强强), a conjunction before a word (和 + 列席), the brand after a place
    (天津 + 富怡, 台湾 + 宏齐) or after a company word that ends no organization's name (测试公司 +
    吉孚; 海螺集团 + 高登榜 is a person of the group), or the name of a zone
    or a road (大柴旦 + 工业园)."""
    name = text[start:end]
    if _common_word(name) or _conjoined_word(text, start, end):
        return True
    if (
        start in place_ends
        or text[end : end + 2] == "”号"
        or (COMPANY_BEFORE.search(text, max(0, start - 4), start) and start not in organization_ends)
    ):
        return True  # 天津 + 富怡, 测试公司 + 吉孚, “圣奥尔本斯”号: a brand, a company, a ship
    return bool(ZONE_AFTER.match(text, end))


def _name_start(text: str, start: int, end: int, titles: dict[str, str]) -> int:
    """The start of a name the model began one character late, after a title whose last
    character makes a word with the surname (局长安路生 read as 路生: 局长 + 安路生, 长安 a word)."""
    if (
        end - start == 2
        and start >= 3
        and text[start - 1] in surnames(common=False)
        and _title_word_ending(text, start - 1, titles) is not None
        and _title_word_ending(text, start, titles) is None
        and _is_word(text[start - 2 : start])
    ):
        return start - 1
    return start


def _is_word(chars: str) -> bool:
    """Whether jieba's dictionary has these characters as a word other than a name."""
    return word_flags().get(chars, "nr")[:2] != "nr"


def _listed_after(text: str, end: int, taken: set[int]) -> list[tuple[int, int]]:
    """Names of two or three characters, each with a surname, listed after a name."""
    family = surnames(common=False)
    out = []
    while end < len(text) and text[end] == "、":
        match = LISTED_NAME.match(text, end + 1)
        # a name needs a surname, unless the list names someone else right after it (润道宏)
        if not match or (text[match.start()] not in family and match.end() + 1 not in taken):
            break
        if match.start() not in taken:
            out.append(match.span())
            taken.add(match.start())
        end = match.end()
    return out


def _title_after(text: str, end: int, titles: dict[str, str]) -> Optional[tuple[int, int]]:
    """A title written right after the name (习近平总书记, 李四董事长)."""
    match = _title_words().match(text, end)
    return (match.start(), match.end()) if match and titles[match.group()] == "title" else None


def _title_word_ending(text: str, end: int, titles: dict[str, str]) -> Optional[int]:
    """The start of the longest title word ending at `end`, if one does."""
    for length in range(min(MAX_TITLE_WORD, end), 0, -1):
        if text[end - length : end] in titles:
            return end - length
    return None


def _names_after_titles(
    text: str, titles: dict[str, str], named_ends: dict[int, int], words: Words, taken: set[int]
) -> list[tuple[int, int, tuple[int, int]]]:
    """Names the model missed right after a title word: two or three characters beginning with a
    common surname and ending a jieba word (市长李四), or with any surname and followed by
    punctuation or a verb of officials (副市长房欣, 常务副市长邳树家主持)."""
    common, family = surnames(), surnames(common=False)
    out = []
    for match in _title_words().finditer(text):
        start = match.end()
        if start in taken or start >= len(text) or text[start] not in family:
            continue
        for length in (3, 2):
            end = start + length
            if not NAME.fullmatch(text, start, end):
                continue
            if _is_word(text[start:end]) or _conjoined_word(text, start, end) or _adverb_inside(text, start, end):
                continue  # 总书记强调，, 总统曾先后: a word, not a name
            if (text[start] in common and end in words.ends) or AFTER_NAME.match(text, end):
                title = _title_before(text, start, titles, named_ends)
                if title is not None:
                    out.append((start, end, title))
                    taken.add(start)
                break
    return out


def extract(text: str):
    """The persons named in `text`, as validated `schemas.Person` mentions."""
    from ... import load

    return load().extract(text).persons
