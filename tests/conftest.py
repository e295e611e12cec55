"""Shared fixtures. Tests that need ../shared skip cleanly where it is absent (a fresh clone).

Every record the pipeline builds while the tests run is captured, and after each test its
offsets are checked against its text: `record.text[m.start:m.end] == m.text` for every mention.
"""

from __future__ import annotations

import json
from pathlib import Path
import pytest

import pipeline.runtime.core
from schemas import MENTION_FIELDS, ArticleRecord

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_DEV = SHARED / "gold" / "dev"
GOLD_HTML = SHARED / "gold" / "dev-html"
EXAMPLES = Path(__file__).resolve().parent / "examples"
EXTRACTORS = ROOT / "pipeline" / "extractors"

needs_shared = pytest.mark.skipif(not GOLD_DEV.is_dir(), reason="../shared is absent (fresh clone)")

_built: list[ArticleRecord] = []
_assemble = pipeline.runtime.core.assemble


def _recording_assemble(*args, **kwargs):
    record = _assemble(*args, **kwargs)
    _built.append(record)
    return record


pipeline.runtime.core.assemble = _recording_assemble


def offset_errors(record: dict) -> list[str]:
    """Every mention (and occurrence) whose offsets do not pick its text out of record['text']."""
    text, errors = record["text"], []
    for field in MENTION_FIELDS:
        for mention in record.get(field) or []:
            spans = [mention, *(mention.get("occurrences") or [])]
            if field == "projects" and mention.get("investment"):
                spans.append(mention["investment"])
            for span in spans:
                if not (0 <= span["start"] < span["end"] <= len(text)) or text[span["start"] : span["end"]] != span["text"]:
                    errors.append(f"{record['id']} {field}: {span['text']!r} at {span['start']}..{span['end']}")
    return errors


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def every_record_keeps_its_offsets():
    start = len(_built)
    yield
    for record in _built[start:]:
        assert not offset_errors(json.loads(record.model_dump_json()))


@pytest.fixture(scope="session")
def nlp_pipeline():
    return pipeline.load()


def examples_of(kind: str) -> Path:
    """The examples of an extractor, in its folder: pipeline/extractors/KIND/examples.jsonl (read by test_examples.py)."""
    return EXTRACTORS / kind / "examples.jsonl"
