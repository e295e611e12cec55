"""The review pages: every mention highlighted in its article, details at hand, nothing fetched."""

import html
import re
from html.parser import HTMLParser

from pipeline import extract
from pipeline.__main__ import main
from pipeline.tools.review import page_name, render_article

ARTICLE = (
    "深圳桦森项目签约\n2024年1-12月，全市新签约项目156个。总投资12亿元的深圳桦森10GW方形低温锂离子电池项目正式开工，"
    "市长李四出席。按照《四平招商推介》执行。"
)


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self.text, self.in_text, self.fetches = [], [], 0, []
        self._mark = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("class") == "text":
            self.in_text = 1
        elif self.in_text and tag == "mark":
            self._mark = [attrs["class"], attrs["title"], ""]
        if attrs.get("src") or (tag == "link" and attrs.get("href")):
            self.fetches.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "mark" and self._mark:
            self.marks.append(tuple(self._mark))
            self._mark = None
        elif tag == "div" and self.in_text:
            self.in_text = 0

    def handle_data(self, data):
        if self.in_text:
            self.text.append(data)
            if self._mark:
                self._mark[2] += data


def test_every_mention_is_highlighted_with_its_details_and_the_text_is_kept_whole():
    record = extract(ARTICLE)
    page = Page()
    page.feed(render_article(record))
    assert "".join(page.text) == record.text
    kinds = {kind for kind, _, _ in page.marks}
    assert {"quantities", "places", "persons", "projects", "documents", "indicators"} <= kinds
    by_text = {text: (kind, title) for kind, title, text in page.marks}
    assert by_text["李四"][0] == "persons" and "title: 市长" in by_text["李四"][1]
    assert by_text["深圳"][0] == "places" and "code: 440300" in by_text["深圳"][1] and "project" in by_text["深圳"][1]
    assert "status: 开工" in by_text["方形低温锂离子电池项目"][1]  # cut by 10GW, a quantity inside
    assert not page.fetches  # self-contained: no script, style or font from elsewhere


def test_the_command_line_writes_a_page_per_article_and_an_index(tmp_path):
    for name, text in (("a", ARTICLE), ("b", "江阴市项目集中签约\n江阴市与瑞通集团签订滨江商务综合体项目。")):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert main([str(tmp_path), "-o", str(tmp_path / "r.jsonl"), "--html", str(tmp_path / "review")]) == 0
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert sorted(links) == ["a.html", "b.html"]
    assert "滨江商务综合体项目" in (tmp_path / "review" / "b.html").read_text(encoding="utf-8")
    assert html.escape("江阴市项目集中签约") in index


def test_page_names_are_safe_file_names():
    assert page_name("feed.jsonl:12/../x") == "feed.jsonl_12_.._x.html"
    assert page_name("...") == "article.html"
