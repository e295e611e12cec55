"""A page per article with every mention highlighted by kind, details on hover and on click,
and an index page linking them with their counts — to check an extractor by looking at it.

    python -m pipeline corpus/ --html review/      # review/index.html and one page per article
    from pipeline.tools.review import write_review; write_review(records, "review/")

Self-contained HTML: the style and the few lines of script are inline, nothing is fetched.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Iterable, Optional, Union, cast

from schemas import MENTION_FIELDS, ArticleRecord

KINDS = list(MENTION_FIELDS)
COLOURS = {
    "quantities": "#ffe08a",
    "places": "#a8e6a1",
    "organizations": "#a7c7ff",
    "persons": "#f6b3d7",
    "projects": "#ffb38a",
    "documents": "#d5c4ff",
    "indicators": "#9ee6e0",
}

SINGULAR = {
    "quantities": "quantity",
    "places": "place",
    "organizations": "organization",
    "persons": "person",
    "projects": "project",
    "documents": "document",
    "indicators": "indicator",
}

STYLE = """
body { font: 16px/1.8 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 56em; padding: 0 1em; color: #222; }
.text { white-space: pre-wrap; }
mark { border-radius: 3px; padding: 0 1px; cursor: pointer; }
mark.selected { outline: 2px solid #333; }
.legend span { display: inline-block; margin: 0 .6em .4em 0; padding: 0 .4em; border-radius: 3px; }
#details { position: sticky; top: 0; background: #fafafa; border: 1px solid #ddd; padding: .4em .8em;
           min-height: 1.8em; font-size: 14px; white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .2em .6em; text-align: left; }
""" + "\n".join(f"mark.{kind}, .legend .{kind} {{ background: {colour}; }}" for kind, colour in COLOURS.items())

SCRIPT = """
document.addEventListener('click', function (event) {
  var mark = event.target.closest('mark');
  if (!mark) return;
  document.querySelectorAll('mark.selected').forEach(function (m) { m.classList.remove('selected'); });
  mark.classList.add('selected');
  document.getElementById('details').textContent = mark.title;
});
"""


def _as_dict(record: Union[ArticleRecord, dict]) -> dict:
    return record.model_dump(mode="json") if isinstance(record, ArticleRecord) else record


def details(kind: str, item: dict) -> str:
    """What a mention says, for its tooltip: value and unit, code and parents, stage, investment …"""
    fields = {
        "quantities": ("value", "unit", "qualifier", "value_max", "change", "subject"),
        "places": ("name", "code", "level", "parents"),
        "organizations": ("name",),
        "persons": ("name", "title", "byline"),
        "projects": ("name", "status", "investment", "location", "investors"),
        "documents": ("name",),
        "indicators": ("name", "value", "unit", "period", "subject"),
    }[kind]
    parts = [SINGULAR[kind]]
    for field in fields:
        value = item.get(field)
        if value in (None, [], False):
            continue
        if isinstance(value, dict):
            value = value.get("text") or json.dumps(value, ensure_ascii=False)
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        parts.append(f"{field}: {value}")
    return "\n".join(parts)


def _spans(record: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, details) of every mention and further occurrence."""
    out = []
    for kind in KINDS:
        for item in record.get(kind) or []:
            text = details(kind, item)
            for located in [item, *(item.get("occurrences") or [])]:
                out.append((located["start"], located["end"], kind, text))
            investment = item.get("investment") if kind == "projects" else None
            if investment:
                out.append((investment["start"], investment["end"], "quantities", f"investment of {item['name']}"))
    return out


def highlighted(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text as HTML, each stretch covered by mentions in a <mark> of the innermost one's kind
    (overlaps are cut where they cross: 深圳 inside 深圳桦森…项目 is a place within a project)."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starting: dict[int, list[int]] = {}
    for n, (s, _, _, _) in enumerate(spans):
        starting.setdefault(s, []).append(n)
    active: set[int] = set()  # the spans covering the stretch, swept left to right
    out = []
    for start, end in zip(cuts, cuts[1:]):
        active = {n for n in active if spans[n][1] > start} | set(starting.get(start, ()))
        covering = sorted((spans[n][1] - spans[n][0], spans[n][2], spans[n][3]) for n in active)
        piece = html.escape(text[start:end])
        if covering:
            _, kind, _ = covering[0]
            kinds = " ".join(dict.fromkeys(k for _, k, _ in covering))
            title = html.escape("\n\n".join(dict.fromkeys(info for _, _, info in covering)), quote=True)
            piece = f'<mark class="{kind}" data-kinds="{kinds}" title="{title}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


def counts(record: dict) -> dict[str, int]:
    return {kind: len(record.get(kind) or []) for kind in KINDS}


def render_article(record: Union[ArticleRecord, dict]) -> str:
    """One article's page."""
    record = _as_dict(record)
    title = record.get("title") or record["id"]
    legend = "".join(f'<span class="{kind}">{kind} {n}</span>' for kind, n in counts(record).items())
    focus = record.get("focus") or {}
    # an empty focus is falsy, and filtered out with the missing fields
    facts = " · ".join(
        filter(
            None,
            [record.get("source"), record.get("published"), cast(Optional[str], focus and f"focus: {focus['name']} ({focus['code']})")],
        )
    )
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{STYLE}</style></head>
<body>
<p><a href="index.html">← all articles</a></p>
<h1>{html.escape(title)}</h1>
<p>{html.escape(facts)}</p>
<p class="legend">{legend}</p>
<div id="details">Click a highlighted stretch for its details.</div>
<div class="text">{highlighted(record["text"], _spans(record))}</div>
<script>{SCRIPT}</script>
</body></html>
"""


def page_name(article_id: str) -> str:
    """A file name for an article's page (ids may hold any character)."""
    safe = re.sub(r"[^\w.-]+", "_", article_id).strip("._") or "article"
    return f"{safe[:80]}.html"


def render_index(entries: list[tuple[str, str, dict]]) -> str:
    """The index: (page, title, counts) of every article."""
    head = "".join(f"<th>{kind}</th>" for kind in KINDS)
    rows = "".join(
        f'<tr><td><a href="{html.escape(page, quote=True)}">{html.escape(title)}</a></td>'
        + "".join(f"<td>{n}</td>" for n in counts_.values())
        + "</tr>"
        for page, title, counts_ in entries
    )
    totals = "".join(f"<td>{sum(c[kind] for _, _, c in entries)}</td>" for kind in KINDS)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>Review: {len(entries)} articles</title><style>{STYLE}</style></head>
<body><h1>{len(entries)} articles</h1>
<table><tr><th>article</th>{head}</tr>{rows}<tr><th>total</th>{totals}</tr></table>
</body></html>
"""


class ReviewWriter:
    """Writes each article's page as its record arrives, and the index when closed."""

    def __init__(self, directory: Union[str, Path]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.entries: list[tuple[str, str, dict]] = []
        self.used: set[str] = set()

    def add(self, record: Union[ArticleRecord, dict]) -> None:
        record = _as_dict(record)
        page = page_name(record["id"])
        n = 1
        while page in self.used:  # two ids that make the same file name
            n += 1
            page = page_name(f"{record['id']}-{n}")
        self.used.add(page)
        (self.directory / page).write_text(render_article(record), encoding="utf-8")
        self.entries.append((page, record.get("title") or record["id"], counts(record)))

    def close(self) -> Path:
        index = self.directory / "index.html"
        index.write_text(render_index(self.entries), encoding="utf-8")
        return index


def write_review(records: Iterable[Union[ArticleRecord, dict]], directory: Union[str, Path]) -> Path:
    """Write a page per record and the index into `directory`; return the index's path."""
    writer = ReviewWriter(directory)
    for record in records:
        writer.add(record)
    return writer.close()
