"""Patterns opened by a lookahead of their first characters (`common.first_characters`, the
indicators' PERIOD_FIRST) find what they find without it: the lookahead only lets the regex
engine turn positions down sooner."""

import re

import pytest

from conftest import SHARED, needs_shared
from pipeline.extractors.common import first_characters
from pipeline.extractors.indicators import rules as indicators
from pipeline.extractors.organizations import rules as organizations

LOOKAHEAD = re.compile(r"^\(\?=\[[^\]]*\]\)")
TEXTS = [
    "余姚市交通局、市发改委和国家统计局，省级财政厅；北京市政府采购中心、上海海关，黄石市驻汉办、驻京办",
    "2023年1-9月，今年前三季度，去年全年，上半年，本年度以来，2021年10月5日，二〇二二年，当年12月份",
    "",
]


def guarded_patterns() -> dict[str, re.Pattern]:
    lexicons = organizations._lexicons()
    return {
        "government departments": lexicons.body,
        "units": lexicons.units,
        "posted offices": organizations.POSTED_OFFICE,
        "periods": indicators.PERIOD,
    }


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def assert_same_spans(texts: list[str]) -> None:
    for name, pattern in guarded_patterns().items():
        assert LOOKAHEAD.match(pattern.pattern), f"{name}: no lookahead of first characters"
        plain = re.compile(LOOKAHEAD.sub("", pattern.pattern))
        for text in texts:
            assert spans(pattern, text) == spans(plain, text), (name, text[:60])


def test_lookahead_finds_what_the_plain_pattern_finds():
    assert_same_spans(TEXTS)
    assert all(spans(pattern, TEXTS[0] + TEXTS[1]) for pattern in guarded_patterns().values())


@needs_shared
def test_lookahead_finds_what_the_plain_pattern_finds_in_every_gold_article():
    texts = [path.read_text(encoding="utf-8") for path in sorted((SHARED / "gold").glob("*/*.txt"))]
    assert len(texts) >= 100
    assert_same_spans(texts)


@pytest.mark.parametrize(
    "words, text, allowed",
    [
        (["市", "省级"], "市交通局", [0]),
        (["^a", "]b", "-c", "\\d"], "x^a]b-c\\d", [1, 3, 5, 7]),
    ],
)
def test_first_characters_allows_only_the_words_first_characters(words, text, allowed):
    lookahead = re.compile(first_characters(words))
    assert [i for i in range(len(text)) if lookahead.match(text, i)] == allowed
