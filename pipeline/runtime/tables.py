"""Records as flat tables for analysts: `articles`, and one table per kind of mention keyed by
`article_id` — what Parquet and DuckDB outputs hold.

Each mention is one row at its first mention (`mentions` counts every time it is named); a
project's investment is spread into `investment_value`, `investment_unit` and
`investment_text`, and its division into `location` and `province` (the province's code), so
that "total investment by province" is one GROUP BY. Amounts are DOUBLE: exact decimals stay
in the JSON records.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

import pyarrow as pa

S, F, I, B = pa.string(), pa.float64(), pa.int64(), pa.bool_()
STRINGS = pa.list_(pa.string())

SPAN = [("text", S), ("start", I), ("end", I)]
NAMED = [("name", S), *SPAN, ("mentions", I)]

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", S),
            ("source", S),
            ("sha256", S),
            ("pipeline_version", S),
            ("schema_version", S),
            ("title", S),
            ("published", S),
            ("format", S),
            ("url", S),
            ("outlet", S),
            ("focus_name", S),
            ("focus_code", S),
            ("focus_level", S),
            ("characters", I),
            ("text", S),
        ]
    ),
    "quantities": pa.schema(
        [
            ("article_id", S),
            *SPAN,
            ("value", F),
            ("unit", S),
            ("kind", S),
            ("qualifier", S),
            ("value_max", F),
            ("change", S),
            ("subject", S),
        ]
    ),
    "places": pa.schema([("article_id", S), *NAMED, ("code", S), ("level", S), ("parents", STRINGS)]),
    "organizations": pa.schema([("article_id", S), *NAMED]),
    "persons": pa.schema([("article_id", S), *NAMED, ("title", S), ("byline", B)]),
    "projects": pa.schema(
        [
            ("article_id", S),
            *NAMED,
            ("status", S),
            ("investment_value", F),
            ("investment_unit", S),
            ("investment_text", S),
            ("location", S),
            ("province", S),
            ("investors", STRINGS),
        ]
    ),
    "documents": pa.schema([("article_id", S), *NAMED]),
    "indicators": pa.schema(
        [
            ("article_id", S),
            ("name", S),
            ("subject", S),
            ("value", F),
            ("unit", S),
            ("qualifier", S),
            ("period", S),
            *SPAN,
        ]
    ),
}
TABLES = list(SCHEMAS)


def rows(record: dict) -> dict[str, list[dict]]:
    """One record (as `ArticleRecord.model_dump(mode="json")` gives it) → rows of every table."""
    article_id = record["id"]
    meta, focus = record.get("meta") or {}, record.get("focus") or {}
    out: dict[str, list[dict]] = {
        "articles": [
            {
                "id": article_id,
                "source": record.get("source"),
                "sha256": record.get("sha256"),
                "pipeline_version": record.get("pipeline_version"),
                "schema_version": record.get("schema_version"),
                "title": record.get("title"),
                "published": record.get("published"),
                "format": meta.get("format"),
                "url": meta.get("url"),
                "outlet": meta.get("outlet"),
                "focus_name": focus.get("name"),
                "focus_code": focus.get("code"),
                "focus_level": focus.get("level"),
                "characters": len(record.get("text") or ""),
                "text": record.get("text"),
            }
        ]
    }
    for kind in TABLES[1:]:
        out[kind] = [_row(kind, article_id, item) for item in record.get(kind) or []]
    return out


def _row(kind: str, article_id: str, item: dict) -> dict:
    row: dict[str, Any] = {"article_id": article_id}
    for name in SCHEMAS[kind].names[1:]:
        if name == "mentions":
            row[name] = 1 + len(item.get("occurrences") or [])
        elif name.startswith("investment_"):
            investment = item.get("investment") or {}
            row[name] = investment.get({"investment_value": "value", "investment_unit": "unit", "investment_text": "text"}[name])
        elif name == "province":
            row[name] = _province(item.get("location"))
        else:
            row[name] = item.get(name)
    return row


def _province(code: Optional[str]) -> Optional[str]:
    return code[:2] + "0000" if code and len(code) >= 6 else None


def to_arrow(records: Iterable[dict]) -> dict[str, pa.Table]:
    """Every table of the records, with its fixed schema (empty tables included)."""
    columns: dict[str, list[dict]] = {kind: [] for kind in TABLES}
    for record in records:
        for kind, table_rows in rows(record).items():
            columns[kind].extend(table_rows)
    return {kind: pa.Table.from_pylist(columns[kind], schema=SCHEMAS[kind]) for kind in TABLES}
