"""Segmentation: jieba words on one Doc, sentence boundaries, spans at exact character offsets."""

import jieba
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.stages.segment import Words, add_span, jieba_words, span_attrs, word_bounds

from conftest import SHARED, needs_shared

LATIN_RUNS = "今年1-5月，1.8L和2.0T车型、F-16战机、TFT-LCD面板、MFG.com平台、0731-84802117、5%-8%、3.5亿元 增长12.3%"


def test_the_fast_words_are_jiebas_words():
    assert list(jieba_words(LATIN_RUNS)) == list(jieba.cut(LATIN_RUNS, cut_all=False))
    assert "1-5" not in jieba_words(LATIN_RUNS)  # a Latin run is cut as jieba cuts it
    broken = "项目\ud800开工\udfff\ud83d测试\x00\u200b零宽"  # lone surrogates, as a JSON escape may give
    assert list(jieba_words(broken)) == list(jieba.cut(broken, cut_all=False))


PIECES = [
    "项目",
    "开工",
    "中",
    "的",
    "亿元",
    "1",
    "2.5",
    "-",
    "L",
    "TFT",
    ".",
    "%",
    " ",
    "\n",
    "，",
    "A",
    "x7",
    "#",
    "+",
    "\ud800",
    "\x00",
    "\r",
    "\t",
    "\u3000",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_fast_words_are_jiebas_on_any_mix_of_chinese_latin_and_signs(pieces):
    text = "".join(pieces)
    assert list(jieba_words(text)) == list(jieba.cut(text, cut_all=False))


@needs_shared
@pytest.mark.parametrize("folder", ["dev", "train"])
def test_the_fast_words_are_jiebas_on_every_gold_article(folder):
    for path in sorted((SHARED / "gold" / folder).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert list(jieba_words(text)) == list(jieba.cut(text, cut_all=False)), path.name


def test_words_cover_the_text_exactly(nlp_pipeline):
    text = " 全市实现到位资金218.82亿元。\n\n双方  举行签约仪式\t现场\r\n"
    doc = nlp_pipeline.nlp(text)
    assert doc.text == text
    assert "218.82" in [t.text for t in doc]


def test_sentences_end_at_stops_and_line_breaks(nlp_pipeline):
    doc = nlp_pipeline.nlp("第一句。第二句！“引号里。”后面；第四\n第五句？最后")
    assert [s.text.strip() for s in doc.sents] == ["第一句。", "第二句！", "“引号里。”", "后面；", "第四", "第五句？", "最后"]
    doc = nlp_pipeline.nlp("总投资50亿元!!!二期工程？！答案")
    assert [s.text for s in doc.sents] == ["总投资50亿元!!!", "二期工程？！", "答案"]


def test_spans_inside_words_split_them_and_keep_earlier_spans(nlp_pipeline):
    doc = nlp_pipeline.nlp("全市市外1000万元以上有资金到位的项目337个")
    doc = add_span(doc, "test", 4, 10, "AMOUNT", unit="元")  # 1000万元
    doc = add_span(doc, "other", 5, 7, "NUM")  # inside "1000": the token is split
    assert [s.text for s in doc.spans["other"]] == ["00"]
    assert [s.text for s in doc.spans["test"]] == ["1000万元"]
    assert span_attrs(doc, "test", doc.spans["test"][0]) == {"unit": "元"}
    assert doc.text == "全市市外1000万元以上有资金到位的项目337个"


def test_word_bounds_are_the_tokens_and_follow_a_split(nlp_pipeline):
    def token_bounds(doc):
        return [t.idx for t in doc], [t.idx + len(t.text) for t in doc]

    doc = nlp_pipeline.nlp("全市市外1000万元以上有资金到位的项目337个")
    _, starts, ends = word_bounds(doc)
    assert (starts, ends) == token_bounds(doc) and 5 not in starts
    doc = add_span(doc, "test", 5, 7, "NUM")  # inside "1000": the token is split, the bounds read again
    _, starts, ends = word_bounds(doc)
    assert (starts, ends) == token_bounds(doc) and 5 in starts and 7 in Words(doc).ends


def test_a_doc_built_afresh_for_many_splits_equals_one_split_in_place(nlp_pipeline, monkeypatch):
    import pipeline.stages.segment as segment

    text = "全市市外1000万元以上有资金到位的项目337个。\n双方举行签约仪式，总投资50亿元。"
    spans = [(5, 7, "NUM", {}), (4, 10, "AMOUNT", {"unit": "元"}), (38, 40, "NUM", {})]
    results = []
    for rebuild_above in (10**12, 0):  # split in place; built afresh
        monkeypatch.setattr(segment, "REBUILD_ABOVE", rebuild_above)
        doc = nlp_pipeline.nlp(text)
        doc = segment.add_spans(doc, "earlier", [(0, 2, "X", {})])
        doc = segment.add_spans(doc, "test", spans)
        results.append(
            (
                [t.text_with_ws for t in doc],
                [s.text for s in doc.sents],
                {key: [(s.start_char, s.end_char, s.label_) for s in group] for key, group in doc.spans.items()},
                span_attrs(doc, "test", doc.spans["test"][1]),
                doc.text,
            )
        )
    assert results[0] == results[1]
    assert results[1][2]["test"] == [(5, 7, "NUM"), (4, 10, "AMOUNT"), (38, 40, "NUM")]


def test_the_dictionary_tables_are_jiebas():
    import jieba.posseg

    from pipeline.language import dictionary

    tables = dictionary.load()
    assert tables.flags == jieba.posseg.dt.word_tag_tab
    jieba.dt.check_initialized()
    assert tables.frequencies == {word: count for word, count in jieba.dt.FREQ.items() if word in tables.flags}
    assert tables.total == jieba.dt.total


def test_latin_runs_are_cut_as_jieba_cuts_them():
    from pipeline.language.dictionary import cut_latin

    for run in ["1-5", "C++11", "AT&T", "c#and", "1.8L", "TFT-LCD", "MFG.com", "a b", "x/y:z", "5%-8%", "0731-84802117"]:
        assert cut_latin(run) == list(jieba.cut(run, cut_all=False)), run
