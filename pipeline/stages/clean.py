"""Stage 2, clean: a raw article → its text (headline and body), title, publication date, page metadata.

Scraped pages carry chrome around the article: breadcrumbs, 发布时间/来源 lines, bylines, share
buttons and 上一篇/下一篇 links to other articles. Those lines are recognized by the patterns in
`pipeline/stages/chrome.tsv`, kept as metadata where useful, and left out of the text, so that nothing
named only there leaks into the record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Optional

from .read import RawArticle

# Full-width ASCII forms (！ to ～) and the ideographic space map one-to-one onto ASCII, so the
# extractors can read "２０２５" as "2025" while offsets still point into the original text.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20


def extraction_view(text: str) -> str:
    """The text as the extractors read it: full-width digits, letters and signs made ASCII, and
    traditional characters read as simplified (縣 → 县, 億 → 亿), so one set of rules and one
    gazetteer serve both scripts.

    Same length as `text`, character for character, so every offset means the same in both:
    a line whose simplified form would differ in length is left as written.
    """
    view = text.translate(_FULL_WIDTH)
    simplified = _to_simplified(view)
    if len(simplified) == len(view):
        return simplified
    return "\n".join(s if len(s) == len(line) else line for line, s in ((line, _to_simplified(line)) for line in view.split("\n")))


@lru_cache(maxsize=1)
def _converter():
    import opencc  # OpenCC's own phrase and character tables, t2s

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return _converter().convert(text)


@dataclass
class CleanArticle:
    """The article without page chrome: what offsets in a record refer to."""

    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    outlet: Optional[str] = None
    credits: list[str] = field(default_factory=list)
    related: list[tuple[str, str]] = field(default_factory=list)  # (上一篇/下一篇, title)


@dataclass(frozen=True)
class ChromePattern:
    kind: str
    regex: re.Pattern


@lru_cache(maxsize=1)
def chrome_patterns() -> tuple[ChromePattern, ...]:
    """The chrome line patterns of chrome.tsv (beside this module), in file order."""
    rows = []
    table = resources.files(__package__).joinpath("chrome.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern = line.split("\t", 1)
        rows.append(ChromePattern(kind, re.compile(pattern)))
    return tuple(rows)


# Chrome lines are short: a long line or one that ends a sentence is article text.
MAX_CHROME_LINE = {"breadcrumb": 160, "related": 200, "related_list": 20, "footer": 120}
HEADER_LINES = 6  # 时间：… counts as page metadata only this near the top
DEFAULT_MAX_CHROME_LINE = 60
SENTENCE_END = re.compile(r"[。！？!?]$")

DATE_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})(?:月|(?![\d./-]))"),
)
OUTLET = re.compile(r"(?:来源|來源|文章来源|信息来源|稿件来源)\s*[:：]\s*(?P<outlet>[^\s:：]+)")
BYLINE_KEYS = re.compile(r"(作者|记者|記者|编辑|編輯|通讯员|摄影)\s*[:：]")
DATE_KEYS = re.compile(r"^(date|发布时间|发布日期|發佈時間|发表时间)\s*[:：]", re.I)
# A first line that is a photo caption or a dateline lead, not a headline.
NOT_A_HEADLINE = re.compile(r"^图为|^圖為|摄\s*$|攝\s*$|^\S{0,12}(网|社|报|台)\S{0,10}\d{1,2}月\d{1,2}日电")
MAX_HEADLINE = 100
SITE_SUFFIX = re.compile(r"\s*[-_|–—]+\s*\S{2,20}$")


def parse_date(text: str) -> Optional[str]:
    """The first calendar date in `text` as YYYY-MM-DD (or YYYY-MM when no day is given)."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            year, month = int(match["y"]), int(match["m"])
            day = int(match["d"]) if "d" in pattern.groupindex else None
            try:
                dt.date(year, month, day or 1)
            except ValueError:  # 2023-02-29, 2025-13-01: not a date
                continue
            return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return None


def classify_line(line: str) -> Optional[tuple[str, re.Match]]:
    """(kind, match) when the stripped line is page chrome, else None."""
    view = extraction_view(line)
    for pattern in chrome_patterns():
        limit = MAX_CHROME_LINE.get(pattern.kind, DEFAULT_MAX_CHROME_LINE)
        if len(view) > limit or SENTENCE_END.search(view):
            continue
        match = pattern.regex.fullmatch(view)
        if match:
            return pattern.kind, match
    return None


FRONT_MATTER = re.compile(r"\ufeff?\s*(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<block>.*?)\r?\n(?P=fence)[ \t]*(?:\r?\n|$)", re.S)
FRONT_MATTER_FIELD = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(?P<value>.*?)[ \t]*$", re.M)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The fields of a YAML (---) or TOML (+++) block opening a text, as exported by site
    generators and crawlers (title: '…', date: Tue, 08 Feb 2022 08:00:05 GMT), and the text
    after it; ({}, text) when there is none."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in FRONT_MATTER_FIELD.finditer(match["block"]):
        value = line["value"].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if value:
            fields.setdefault(line["key"].lower(), value)
    return fields, text[match.end() :]


def front_matter_date(value: str) -> Optional[str]:
    """A front matter date as YYYY-MM-DD: ISO or Chinese forms, or the e-mail form of feeds
    (Tue, 08 Feb 2022 08:00:05 GMT)."""
    found = parse_date(value)
    if found:
        return found
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def clean(article: RawArticle, body: Optional[str] = None) -> CleanArticle:
    """Separate the article from page chrome; return its text with title and date.

    `body` replaces `article.text` when an HTML extractor already found the main text.
    """
    lines = [ln.strip() for ln in (body if body is not None else article.text).splitlines()]
    page = _Page([ln for ln in lines if ln])
    page.read()
    return page.article(article)


@dataclass
class _Page:
    """A page read line by line: the lines of the article kept, and what its chrome lines say
    (`CHROME_RULES` by kind of line)."""

    lines: list[str]
    out: CleanArticle = field(default_factory=lambda: CleanArticle(text=""))
    dated: list[tuple[int, int, str]] = field(default_factory=list)  # (priority, line, date): explicit date keys win
    kept: list[str] = field(default_factory=list)
    skip_next: bool = False  # the next line was read with this one (a related article's title)
    ended: bool = False  # the article ended before the page did

    def read(self) -> None:
        for i, line in enumerate(self.lines):
            if self.skip_next:
                self.skip_next = False
                continue
            found = classify_line(line)
            if found and found[0] == "header_field":
                found = ("field", found[1]) if i < HEADER_LINES else None
            if not found:
                self.kept.append(line)
                continue
            kind, match = found
            rule = CHROME_RULES.get(kind)
            if rule is not None:
                rule(self, i, line, match)
            if self.ended:
                break

    def article(self, article: RawArticle) -> CleanArticle:
        """The clean article: the title given, else a first line that reads as a headline, heading
        the text once; the date given, else the best dated chrome line."""
        out, kept = self.out, self.kept
        out.title = article.title.strip() if article.title and article.title.strip() else None
        if out.title is None and len(kept) > 1 and _looks_like_headline(kept[0]):
            out.title = kept[0]
        if out.title is not None:
            kept = _without_repeated_title(kept, out.title)
            if not kept or kept[0] != out.title:
                kept.insert(0, out.title)
        given = parse_date(article.date) if article.date else None
        if given:
            self.dated.append((-1, 0, given))
        out.published = min(self.dated)[2] if self.dated else None
        out.text = "\n".join(kept)
        return out


def _related(page: _Page, i: int, line: str, match: re.Match) -> None:
    """上一篇：title (or the title on the next line): a link to another article, kept as metadata."""
    rest = (match["rest"] or "").strip()
    if not rest and i + 1 < len(page.lines):
        rest, page.skip_next = page.lines[i + 1], True
    if rest:
        page.out.related.append((match["key"], rest))


def _related_list(page: _Page, i: int, line: str, match: re.Match) -> None:
    """相关新闻 in the second half of the page, with links after it: the article has ended."""
    if i >= len(page.lines) // 2 and _links_follow(page.lines[i + 1 : i + 4]):
        page.ended = True


def _field(page: _Page, i: int, line: str, match: re.Match) -> None:
    """发布时间：…, 来源：…, 作者：…: the date (an explicit date key first), the outlet, a credit."""
    date = parse_date(line)
    if date:
        page.dated.append((0 if DATE_KEYS.match(extraction_view(line)) else 1, i, date))
    outlet = OUTLET.search(extraction_view(line))
    if outlet and not page.out.outlet:
        page.out.outlet = outlet["outlet"]
    if BYLINE_KEYS.search(line):
        page.out.credits.append(line)


def _credit(page: _Page, i: int, line: str, match: re.Match) -> None:
    """A byline or an editor's line: a credit, and its date as the last resort."""
    page.out.credits.append(line)
    date = parse_date(line)
    if date:
        page.dated.append((2, i, date))


# what a chrome line of each kind of chrome.tsv gives the article (breadcrumbs, footers and
# noise only leave the text)
CHROME_RULES: dict[str, Callable[[_Page, int, str, re.Match], None]] = {
    "related": _related,
    "related_list": _related_list,
    "field": _field,
    "credit": _credit,
}


def _links_follow(lines: list[str]) -> bool:
    """Short lines without sentence ends: the titles of linked articles."""
    return all(len(ln) <= 40 and not SENTENCE_END.search(ln) and "。" not in ln for ln in lines)


def _looks_like_headline(line: str) -> bool:
    return (
        len(line) <= MAX_HEADLINE
        and not SENTENCE_END.search(line)
        and not line.endswith(("；", ";", "，", ",", "：", ":"))
        and not NOT_A_HEADLINE.search(line)
    )


def _without_repeated_title(lines: list[str], title: str) -> list[str]:
    """Drop the page-title echoes of the headline (`headline - 站点名`) that scrapers keep."""
    out = []
    for line in lines:
        if line != title and line.startswith(title) and SITE_SUFFIX.fullmatch(line[len(title) :]):
            continue
        out.append(line)
    return out
