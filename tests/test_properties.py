"""Properties over arbitrary input: nothing raises unexpectedly, offsets always hold."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import load
from pipeline.stages.read import DecodeError, decode

from conftest import offset_errors

# Characters the genre is made of, plus the awkward ones: brackets, full-width forms, spaces.
ALPHABET = st.sampled_from(
    list("四平市项目投资亿元万千百十个家年多余几数超过不到以上约近第《》〈〉“”，。！？；：、 \u3000\n\t\r１２３ＡＢ－％1234567890.-/ab*")
)
ARTICLES = st.text(ALPHABET, min_size=1, max_size=300)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLES)
def test_any_text_gives_a_valid_record_or_a_clear_error(text):
    try:
        record = load().extract(text)
    except ValueError as exc:  # ArticleError: nothing left once chrome is removed
        assert text.strip() == "" or "no article text" in str(exc)
        return
    assert not offset_errors(json.loads(record.model_dump_json()))
    for line in record.text.split("\n"):
        assert line and line == line.strip()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["txt", "html", "jsonl"]))
def test_decoding_arbitrary_bytes_returns_text_or_says_why(data, fmt):
    try:
        text, encoding = decode(data, fmt)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and encoding
