"""Indicators: the aggregates an article states, with the period they cover.

"2025年1-12月，全市…有资金到位的项目337个，实现到位资金218.82亿元" states two: a count of
projects (项目个数, 337 个) and money in place (到位资金, 218.82 亿元), both over 2025年1-12月.
An indicator is a quantity the quantities extractor found whose subject is an indicator of
pipeline/language/indicators.txt (总投资, 到位资金, 签约额, 地区生产总值 …), or a count of projects
(签约项目15个, 15个重大产业项目); an amount that is one project's investment is the project's,
not the article's. The period is the last one written before the amount in its sentence, else
in the sentences before it in the paragraph (a period opens a paragraph and holds for it).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...stages.segment import add_spans, declare_kind, doc_text, span_attrs
from ..common import resource_lines

KIND = "indicators"
COMPONENT = "indicators"
PROJECT_COUNT = "项目个数"

YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年度?"
# parts of a year; a month followed by its day is a date, not a period
PART = (
    r"(?:\d{1,2}\s*[-—－~～至到]\s*\d{1,2}月份?|前[一二三四两1-4]季度|[一二三四1-4]季度|[上下]半年|"
    r"前\d{1,2}个?月|\d{1,2}月份?(?!\s*\d{1,2}\s*[日号])|全年)"
)
RELATIVE = r"(?:今年|去年|本年度?|上年|当年)(?:以来)?"
# the characters a period opens with, looked ahead for: the pattern's first part is optional, and
# without them the regex engine tries all its branches at every position (five times slower)
PERIOD_FIRST = r"(?=[\d〇零一二三四五六七八九今去本上下当前全])"
PERIOD = re.compile(rf"{PERIOD_FIRST}(?:(?:{YEAR}|{RELATIVE})?{PART}|{YEAR}(?!\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*[日号])|{RELATIVE})")
COUNTS = {"个", "项"}
# a count of projects: its subject ends in 项目 (签约亿元项目15个) or 项目 follows it (15个重大产业项目)
PROJECTS_FOLLOW = re.compile(r"[^\W\d_的之由和与及]{0,6}?项目")


@lru_cache(maxsize=1)
def _indicator_names() -> frozenset[str]:
    return frozenset(resource_lines("indicators.txt", "pipeline.language"))


@Language.component(COMPONENT, assigns=[declare_kind(KIND)], requires=[declare_kind("quantities"), declare_kind("projects")])
def find_indicators(doc: Doc) -> Doc:
    """Add a span to doc.spans["indicators"] for every aggregate the article states."""
    text = doc_text(doc)
    invested = {
        (attrs["investment"]["start"], attrs["investment"]["end"])
        for attrs in (span_attrs(doc, "projects", s) for s in doc.spans.get("projects", []))
        if attrs.get("investment")
    }
    periods = Periods(text)
    indicators = []
    for span in doc.spans.get("quantities", []):
        start, end = span.start_char, span.end_char
        attrs = span_attrs(doc, "quantities", span)
        if (start, end) in invested:
            continue
        name = indicator_name(text, start, end, attrs)
        if name is None:
            continue
        found = {"name": name, "value": attrs["value"], "unit": attrs["unit"], "qualifier": attrs.get("qualifier", "exact")}
        if attrs.get("subject"):
            found["subject"] = attrs["subject"]
        period = periods.before(start)
        if period is not None:
            found["period"] = period
        indicators.append((start, end, "INDICATOR", found))
    doc = add_spans(doc, KIND, indicators)
    return doc


def indicator_name(text: str, start: int, end: int, attrs: dict) -> Optional[str]:
    """What the amount at start..end measures, if it is an aggregate: its subject when that is an
    indicator (总投资额), 项目个数 when it counts projects, else None."""
    subject = attrs.get("subject")
    written = text[subject[0] : subject[1]] if isinstance(subject, tuple) else subject or ""
    if attrs.get("unit") in COUNTS:
        if written.endswith("项目") or PROJECTS_FOLLOW.match(text, end):
            return PROJECT_COUNT
        return None
    names = _indicator_names()
    return next((written[i:] for i in range(len(written)) if written[i:] in names), None)  # the longest it ends with


class Periods:
    """The periods written in a text, found once; `before(offset)` is the last one written
    before the offset in its paragraph (in its sentence, else in the sentences before it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = [m.span() for m in PERIOD.finditer(text)]
        self.spans = found
        self.ends = [end for _, end in found]

    def before(self, offset: int) -> Optional[tuple[int, int]]:
        i = bisect.bisect_right(self.ends, offset) - 1
        if i < 0:
            return None
        start, end = self.spans[i]
        paragraph_start = self.text.rfind("\n", 0, offset) + 1
        return (start, end) if start >= paragraph_start else None


def extract(text: str):
    """The indicators `text` states, as validated `schemas.Indicator` records."""
    from ... import load

    return load().extract(text).indicators
