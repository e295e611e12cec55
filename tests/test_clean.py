"""Cleaning: chrome lines recognized, title and date found, offsets untouched by normalization."""

import pytest

from pipeline.stages.clean import classify_line, clean, extraction_view, parse_date
from pipeline.stages.read import RawArticle

from conftest import EXAMPLES, ROOT, read_jsonl

# a line of a scraped page → the chrome kind it is, or "text" for article text: {"line": …, "kind": …}
LINES = [(row["line"], row["kind"]) for row in read_jsonl(EXAMPLES / "clean_lines.jsonl")]


@pytest.mark.parametrize("line, kind", LINES, ids=[row[0][:20] for row in LINES])
def test_chrome_line_kinds(line, kind):
    found = classify_line(line)
    assert (found[0] if found else "text") == kind


def raw(text, **kw):
    return RawArticle(id="t", source="t.txt", format="txt", text=text, sha256="0" * 64, **kw)


def test_sample_article_loses_its_page_chrome():
    text = (ROOT / "corpus" / "siping-investment-review-2025.txt").read_text(encoding="utf-8")
    cleaned = clean(raw(text))
    assert cleaned.title == "招商赋能强引擎实干筑势启新程——四平市招商引资工作回眸"
    assert cleaned.published == "2026-01-14"
    assert cleaned.text.startswith(cleaned.title + "\n招商引资是经济发展的")
    for chrome in ("Title", "您当前的位置", "发布时间", "上一篇", "下一篇", "商丘", "青岛市李沧区"):
        assert chrome not in cleaned.text
    assert [rel for rel, _ in cleaned.related] == ["上一篇", "下一篇"]
    assert cleaned.related[0][1].startswith("商丘:全市首笔气候贷")


def test_metadata_lines_become_metadata():
    page = (
        "姜堰开发区项目建设再攀新高\n您现在的位置是:主页 > 发展改革 > 姜堰开发区项目建设再攀新高\n"
        "时间:2018-12-13 13:16  来源:姜堰日报   复制分享 我要评论\n2018年,姜堰经济开发区项目建设再攀新高。\n编辑:袁常娇\n"
    )
    cleaned = clean(raw(page))
    assert cleaned.text == "姜堰开发区项目建设再攀新高\n2018年,姜堰经济开发区项目建设再攀新高。"
    assert (cleaned.title, cleaned.published, cleaned.outlet) == ("姜堰开发区项目建设再攀新高", "2018-12-13", "姜堰日报")
    assert cleaned.credits == ["编辑:袁常娇"]


def test_an_explicit_date_line_wins_over_dates_in_bylines():
    page = "标题\n记者 李娅飞 商丘日报 2019-11-21 01:42\ndate: 2019-11-20\n正文第一句。"
    assert clean(raw(page)).published == "2019-11-20"


def test_container_title_and_date_are_used_and_title_is_prepended():
    cleaned = clean(raw("正文第一句。\n第二句。", title="新闻标题", date="2012-07-02 19:00"))
    assert cleaned.text == "新闻标题\n正文第一句。\n第二句。"
    assert (cleaned.title, cleaned.published) == ("新闻标题", "2012-07-02")


@pytest.mark.parametrize(
    "first_line",
    [
        "图为青海省副省长杨逢春作成果发布。 陈奇峰 摄",
        "全市实现到位资金218.82亿元。",
        "中新网西宁7月25日电 (记者 孙睿)第23届投资贸易洽谈会落幕",
    ],
)
def test_captions_and_sentences_are_not_headlines(first_line):
    assert clean(raw(first_line + "\n第二段。")).title is None


def test_a_single_sentence_has_no_title():
    assert clean(raw("总投资50亿元的项目开工")).title is None


def test_site_suffixed_echo_of_the_headline_is_dropped():
    page = "熊林副主任出席签约仪式\n熊林副主任出席签约仪式 - 商务之窗\n12月26日,签约项目共60个。"
    assert clean(raw(page)).text == "熊林副主任出席签约仪式\n12月26日,签约项目共60个。"


@pytest.mark.parametrize(
    "text, date",
    [
        ("发布时间:2026-01-14", "2026-01-14"),
        ("2018/6/5 10:00", "2018-06-05"),
        ("2021年5月10日", "2021-05-10"),
        ("31.12.2016  03:32", "2016-12-31"),
        ("2020年3月", "2020-03"),
        ("无日期", None),
        ("2025-13-40", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_extraction_view_keeps_every_offset():
    text = "总投资１２０亿元，ＧＤＰ增长５．２％　（同比）"
    view = extraction_view(text)
    assert view == "总投资120亿元,GDP增长5.2% (同比)"
    assert len(view) == len(text)


def test_meeting_time_in_the_body_stays_text_and_is_not_the_publication_date():
    page = (
        "关于召开招商引资工作会议的通知\n各县区：\n经研究，决定召开全市招商引资工作会议。\n现将有关事项通知如下。\n"
        "一、会议内容\n听取各地工作汇报。\n二、会议安排\n时间：2025年4月1日上午9时\n地点：市政府三楼会议室\n2025年3月28日"
    )
    cleaned = clean(raw(page))
    assert "时间：2025年4月1日上午9时" in cleaned.text
    assert cleaned.published == "2025-03-28"


def test_an_impossible_date_is_ignored_not_fatal():
    assert clean(raw("标题\n发布时间：2023-02-29\n正文第一句。")).published is None


def test_page_footer_and_buttons_leave_the_text():
    page = (
        "招商引资再创佳绩\n首页 | 新闻中心 | 政务动态\n全市签约项目45个。\n【打印】【关闭】\n【字号：大 中 小】\n"
        "【责任编辑：王五】\n版权所有：四平市人民政府\n吉ICP备05001843号-1\n网站地图 | 联系我们"
    )
    cleaned = clean(raw(page))
    assert cleaned.text == "招商引资再创佳绩\n全市签约项目45个。"
    assert cleaned.title == "招商引资再创佳绩"


def test_related_news_heading_ends_the_page_only_when_links_follow():
    body = "\n".join(f"第{i}段内容，介绍项目建设进展情况。" for i in range(4))
    links = "相关新闻：\n四平市召开招商大会\n长春新区项目开工"
    assert "长春新区" not in clean(raw("标题\n" + body + "\n" + links)).text
    story = "相关新闻\n另一篇报道说，全市新开工项目45个，总投资120亿元。\n项目涵盖新能源等领域。"
    assert "另一篇报道说" in clean(raw("标题\n" + body + "\n" + story)).text
