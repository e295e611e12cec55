"""The benchmark's own helpers: the long articles it times are what it says they are."""

import pytest

from pipeline.tools.bench import joined_article
from pipeline.stages.read import RawArticle


def article(text: str) -> RawArticle:
    return RawArticle(id="a", source="s", format="txt", text=text, sha256="0" * 64, encoding="utf-8", title=None, date=None, url=None)


def test_a_joined_article_holds_at_least_the_length_asked_and_starts_with_the_first_text():
    articles = [article("一" * 40), article("二" * 40), article("三" * 40)]
    joined = joined_article(articles, 60)
    assert len(joined.text) >= 60
    assert joined.text == "一" * 40 + "\n" + "二" * 40
    with pytest.raises(ValueError, match="fewer than"):
        joined_article(articles, 500)
