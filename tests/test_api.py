"""The Python API a notebook uses."""

import pytest

import pipeline
from pipeline import extract, load
from pipeline.extractors import documents
from schemas import ArticleRecord


def test_extract_returns_a_validated_record():
    record = extract("四平市招商引资工作回眸\n紧扣《吉林省招商引资综合改革实施方案》部署。", id="siping", published="2026-01-14")
    assert isinstance(record, ArticleRecord)
    assert (record.id, record.title, record.published) == ("siping", "四平市招商引资工作回眸", "2026-01-14")
    assert [d.name for d in record.documents] == ["吉林省招商引资综合改革实施方案"]
    assert record.pipeline_version.startswith(pipeline.__version__ + "+")


def test_load_returns_one_reusable_pipeline():
    assert load() is load()
    records = [load().extract(f"第{i}条：《规划{i}》。") for i in range(3)]
    assert [r.documents[0].name for r in records] == ["规划0", "规划1", "规划2"]


def test_an_extractor_runs_on_its_own():
    assert [d.name for d in documents.extract("按照《四平招商推介》执行。")] == ["四平招商推介"]


def test_html_text_through_the_api():
    page = (
        "<html><head><title>站点</title></head><body><h1>项目签约</h1><div><p>发布时间：2025-03-01</p>"
        "<p>按照《四平招商推介》执行，全市签约项目十个，项目总投资较大，带动就业明显。</p>"
        "<p>会议要求各地加快项目建设进度，确保项目早日投产达效，形成新的经济增长点。</p></div></body></html>"
    )
    record = extract(page, format="html")
    assert "《四平招商推介》" in record.text and "<p>" not in record.text
    assert [d.name for d in record.documents] == ["四平招商推介"]


@pytest.mark.parametrize(
    "text, error, message",
    [
        (None, TypeError, "as a str, not NoneType"),
        (b"\xe6\x96\x87", TypeError, "as a str, not bytes"),
        ("", pipeline.ArticleError, "the text is empty"),
        ("  \n\u3000", pipeline.ArticleError, "the text is empty"),
    ],
)
def test_what_is_no_text_gets_an_error_that_says_so(text, error, message):
    with pytest.raises(error, match=message):
        extract(text)


def test_plain_text_given_as_a_page_still_gives_its_record():
    record = extract("全市签约项目十个，总投资52亿元。", format="html")
    assert "总投资52亿元" in record.text and [q.value for q in record.quantities if q.unit == "元"] == [5200000000]
    with pytest.raises(ValueError, match="format must be"):
        extract("全市签约项目十个。", format="pdf")


def test_a_lone_surrogate_in_the_text_is_a_replacement_character():
    record = extract("总投资12亿元的青山湖\ud83d智能装备制造基地项目正式开工。", title="标题\udc00")
    assert "青山湖\ufffd智能" in record.text and record.title == "标题\ufffd"
    assert [q.value for q in record.quantities] == [1_200_000_000]
