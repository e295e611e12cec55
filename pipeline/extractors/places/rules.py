"""Places: every place an article names, linked to its administrative division.

Names come from the gazetteer (`pipeline.language.gazetteer`): divisions with their full and short
names, countries and foreign cities, named zones. A name counts where the jieba words of the
`Doc` begin and end with it, so 浙 in 浙企 or 四平 inside 四平路 stay out; short names that
are everyday words (合作, 东方, 和平) count only in full (pipeline/language/place_false_friends.txt).
A name several divisions share (朝阳区, 城关镇, 楚雄) is resolved from the article's other
places: the candidate whose province or prefecture the article names wins, else the higher
level. Townships may be named without 镇/乡 (泗门 → 泗门镇) once the article names their
county. Named zones (重庆高新区, 江阴临港新城) are places too.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...language import gazetteer
from ...language.gazetteer import Gazetteer, Place
from ...stages.segment import Words, add_spans, declare_kind, doc_text
from ..common import alternation, resource_groups, word_frequency

KIND = "places"
COMPONENT = "places"
LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "zone": 4, "foreign_city": 4, "township": 5}
# the word lists of place_words.tsv, by role (its header says how each is used)
_WORDS = resource_groups("place_words.tsv", __package__)
ZONE_SUFFIX = re.compile(f"({alternation(_WORDS['zone'])})")  # 高新区, 产业园 …
COMMON_WORD = 100  # jieba's count above which a township's short name is read as a word
COMMON_SHORT_NAME = 500  # the same for a district's or county's short name, even with context
MAX_ZONE_MIDDLE = 6  # characters between a place name and the zone word: 海淀北部科技园区
ZONE_AFTER = re.compile(rf"(?P<middle>[\u4e00-\u9fff]{{0,{MAX_ZONE_MIDDLE}}}?){ZONE_SUFFIX.pattern}")
GENERIC_ZONE = re.compile(r"[的和与及、，。各将共有某等批多级个家座所全其该本我]|建设|新建|一批|[0-9一二三四五六七八九十]")


@Language.component(COMPONENT, assigns=[declare_kind(KIND)])
def find_places(doc: Doc) -> Doc:
    """Add a span to doc.spans["places"] for every place named, with its division."""
    doc = add_spans(doc, KIND, [(start, end, "PLACE", attrs) for start, end, attrs in scan(doc_text(doc), Words(doc))])
    return doc


def scan(text: str, words: Words) -> list[tuple[int, int, dict]]:
    """Every place named in `text` (the extraction view), as (start, end, attributes).

    A zone named after a division (重庆高新区) is listed besides the division (重庆)."""
    gaz = gazetteer.load()
    found = _matches(text, words, gaz, extra={})
    context = _context_codes(text, found, gaz)
    found = _with_context(text, found, context, gaz)
    townships = _township_short_names(context, gaz)
    if townships:
        found = _with_context(text, _matches(text, words, gaz, extra=townships), context, gaz)
        context = _context_codes(text, found, gaz)
    out = []
    zone_until, before = -1, None
    for start, end, candidates in found:
        place = _resolve(candidates, context, gaz, before if before and before[0] == start else None)
        lineage = gaz.parents(place) if place.code else []
        out.append((start, end, _attributes(place.name, place.code, place.level, lineage)))
        before = (end, place)
        zone_end = _zone_end(text, end, gaz)
        if zone_end and start >= zone_until and place.level not in ("country", "foreign_city", "township"):
            out.append((start, zone_end, _attributes(text[start:zone_end], None, "zone", lineage + [place.code] if place.code else [])))
            zone_until = zone_end
    return out


def _attributes(name: str, code: Optional[str], level: str, parents: list[str]) -> dict:
    attrs = {"name": name, "level": level, "parents": parents}
    if code:
        attrs["code"] = code
    return attrs


def _matches(text: str, words: Words, gaz: Gazetteer, extra: dict) -> list[tuple[int, int, list[Place]]]:
    """Longest gazetteer names that start and end on word boundaries, left to right.

    Only word starts are tried, and only word ends (or a zone word after the name) close a
    name, so a name is looked up a few times per word rather than per character."""
    out = []
    starts, ends = words.starts.values, words.ends.values
    zones = [m.start() for m in ZONE_SUFFIX.finditer(text)]
    extra_prefixes = {name[:2] for name in extra}
    taken_until = 0
    prefixes = gaz.prefixes
    for i in starts:
        if i < taken_until or (text[i : i + 2] not in prefixes and text[i : i + 2] not in extra_prefixes):
            continue
        first = bisect.bisect_left(ends, i + 2)
        last = bisect.bisect_right(ends, i + gaz.longest)
        for end in reversed(ends[first:last]):
            name = text[i:end]
            candidates = gaz.names.get(name) or extra.get(name)
            if candidates and _given_name(text, i, name, candidates, words):
                break
            if candidates:
                out.append((i, end, candidates))
                taken_until = end
                break
        else:
            word_end = ends[first - 1] if first and ends[first - 1] > i else (ends[first] if first < len(ends) else i)
            parts = _names_inside(text, i, word_end, gaz)  # 贵州省铜仁地区, 美国纽约: one jieba word
            if parts:
                out.extend(parts)
                taken_until = parts[-1][1]
                continue
            z = bisect.bisect_left(zones, i + 2)
            glued_end = (
                _glued_name_end(text, i, gaz, extra)  # 江阴临港新城: jieba glued a name to a zone word
                if z < len(zones) and zones[z] <= i + gaz.longest
                else None
            )
            if glued_end:
                out.append((i, glued_end, gaz.names.get(text[i:glued_end]) or extra.get(text[i:glued_end])))
                taken_until = glued_end
    return out


GOVERNMENT_TAILS = _WORDS["government_tail"]  # 北京市委, 上海市政府


def _names_inside(text: str, start: int, end: int, gaz: Gazetteer) -> list[tuple[int, int, list[Place]]]:
    """Names that together make up one jieba word (贵州省铜仁地区 → 贵州省, 铜仁地区), or a name
    before a government suffix (北京市委); empty when the word is something else."""
    parts, pos = [], start
    while pos < end:
        for length in range(min(gaz.longest, end - pos), 1, -1):
            candidates = gaz.names.get(text[pos : pos + length])
            if candidates:
                parts.append((pos, pos + length, candidates))
                pos += length
                break
        else:
            break
    if not parts or (pos < end and text[pos:end] not in GOVERNMENT_TAILS) or (len(parts) == 1 and pos == end):
        return []
    return parts


def _given_name(text: str, start: int, name: str, candidates: list[Place], words: Words) -> bool:
    """胡万源, 赵金华: a two-character short name after a one-character surname word is a given name."""
    return (
        len(name) == 2
        and start > 0
        and text[start - 1] in gazetteer.surnames()
        and start - 1 in words.starts
        and all(c.name != name for c in candidates)
    )


def _glued_name_end(text: str, start: int, gaz: Gazetteer, extra: dict) -> Optional[int]:
    """The end of a name followed by a zone word inside one jieba word (江阴临港新城)."""
    for length in range(min(gaz.longest, len(text) - start), 1, -1):
        name = text[start : start + length]
        if (name in gaz.names or name in extra) and ZONE_SUFFIX.match(text, start + length):
            return start + length
    return None


def _context_codes(text: str, found, gaz: Gazetteer) -> set[str]:
    """Codes of the divisions the article names without ambiguity (never through a short name
    that needs context), and their parents."""
    codes = set()
    for start, end, candidates in found:
        if len(candidates) == 1 and candidates[0].code and (text[start:end], candidates[0].code) not in gaz.needs_context:
            place = candidates[0]
            codes.add(place.code)
            codes.update(gaz.parents(place))
    return codes


def _with_context(text: str, found, context: set[str], gaz: Gazetteer):
    """Drop the readings of district and county short names whose province or prefecture the
    article does not name, or that are common words anyway (南岸, 资源, 新兴 are words first)."""
    kept = []
    for start, end, candidates in found:
        name = text[start:end]
        usable = [
            c
            for c in candidates
            if (name, c.code) not in gaz.needs_context or set(gaz.parents(c)) & context and word_frequency(name) < COMMON_SHORT_NAME
        ]
        if usable:
            kept.append((start, end, usable))
    return kept


def _township_short_names(context: set[str], gaz: Gazetteer) -> dict[str, list[Place]]:
    """泗门 → 泗门镇, for the townships of the counties the article names."""
    counties = {code for code in context if gaz.places.get(code) and gaz.places[code].level == "county"}
    if not counties:
        return {}
    names: dict[str, list[Place]] = {}
    for place in (p for code in counties for p in gaz.children.get(code, []) if p.level == "township"):
        for short in gazetteer.short_names(place.name, 4):
            if short not in gaz.names and word_frequency(short) < COMMON_WORD:  # 建设 is a word
                names.setdefault(short, []).append(place)
    return names


def _resolve(candidates: list[Place], context: set[str], gaz: Gazetteer, before: Optional[tuple[int, Place]] = None) -> Place:
    """The candidate inside the division written right before it (长春市朝阳区); else the one
    the article's other places point to; else the highest level; else the first."""
    if len(candidates) == 1:
        return candidates[0]
    right_before = before[1].code if before else None

    def score(place: Place) -> tuple:
        lineage = set(gaz.parents(place)) | {place.code}  # 吉林 next to 吉林省 is the province
        return (right_before not in lineage, -len(lineage & context), LEVEL_RANK.get(place.level, 9), place.code or "")

    return min(candidates, key=score)


def _zone_end(text: str, end: int, gaz: Gazetteer) -> Optional[int]:
    """Where a zone named after this place ends (重庆高新区, 海淀北部科技园区), if one follows
    and is not a place of its own (重庆两江新区 names 重庆 and 两江新区)."""
    m = ZONE_AFTER.match(text, end)
    if not m or GENERIC_ZONE.search(m.group("middle")) or m.group() in gaz.names:
        return None  # 吉林省各开发区, 四平市将建设物流园 name no zone
    return m.end()


def extract(text: str):
    """The places named in `text`, as validated `schemas.Place` mentions."""
    from ... import load

    return load().extract(text).places
