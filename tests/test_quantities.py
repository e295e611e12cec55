"""Quantities: properties of the numeral parser and the scanner (the examples, pipeline/extractors/quantities/examples.jsonl,
are run by test_examples.py)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import quantities
from pipeline.language.numerals import parse_number
from pipeline.stages.segment import Words


def render_chinese(n: int, financial: bool = False) -> str:
    """n in Chinese numerals, the standard way (一万零五百, 两千 is written 二千 here)."""
    digits = "零壹贰叁肆伍陆柒捌玖" if financial else "零一二三四五六七八九"
    small = ["", "拾", "佰", "仟"] if financial else ["", "十", "百", "千"]
    if n == 0:
        return digits[0]

    def below_10000(x: int) -> str:
        out, zero = "", False
        for power in (3, 2, 1, 0):
            d = x // 10**power % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += digits[0]
                zero = False
            out += digits[d] + small[power]
        return out

    parts, out = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")], ""
    for i, (chunk, scale) in enumerate(parts):
        if chunk:
            if out and chunk < 1000:
                out += digits[0]
            out += below_10000(chunk) + scale
        elif out and i < 2 and any(p[0] for p in parts[i + 1 :]):
            pass
    return out


def colloquial(text: str) -> str:
    """The spoken style: 两 for 二 before a unit (两千, 两万), 十 for a leading 一十."""
    text = text[1:] if text.startswith("一十") else text
    for unit in "百千万亿":
        text = text.replace("二" + unit, "两" + unit)
    return text


@settings(max_examples=400)
@given(st.integers(min_value=0, max_value=10**12 - 1), st.sampled_from(["standard", "financial", "colloquial"]))
def test_chinese_numerals_parse_back(n, style):
    text = render_chinese(n, financial=style == "financial")
    assert parse_number(colloquial(text) if style == "colloquial" else text) == n


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=9999))
def test_mixed_arabic_and_scale_words_parse_back(whole, frac):
    text = f"{whole}.{frac:04d}万"
    assert parse_number(text) == Decimal(f"{whole}.{frac:04d}") * 10000
    assert parse_number(f"{whole:,}") == whole


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_arbitrary_strings_never_raise(text):
    for q in quantities.scan(text, Words(__import__("pipeline").load().nlp(text))):
        assert 0 <= q.start < q.end <= len(text)
    try:
        parse_number(text)
    except ValueError:
        pass
