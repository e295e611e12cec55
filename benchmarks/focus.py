"""How often the record's `focus` is the division a reader says the article is about.

    python -m pipeline ../shared/gold/dev -o dev.jsonl
    python benchmarks/focus.py dev.jsonl

The annotation is tests/examples/focus.jsonl, one dev article a line, {"article": ID, "focus":
{"name": …, "code": …}}: the division it is about, annotated by reading the article (not derived
from the pipeline). Articles about the whole country, several regions, or a place the text never
names are left out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANNOTATION = Path(__file__).resolve().parents[1] / "tests" / "examples" / "focus.jsonl"


def score(records_path: Path) -> tuple[int, int, list[str]]:
    """(right, total, misses) of the focus codes against the annotation."""
    records = {}
    for line in records_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[record["id"]] = record
    right, total, misses = 0, 0, []
    for line in ANNOTATION.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        annotated = json.loads(line)
        article, code, name = annotated["article"], annotated["focus"]["code"], annotated["focus"]["name"]
        total += 1
        got = (records.get(article, {}).get("focus") or {}).get("code")
        if got == code:
            right += 1
        else:
            misses.append(f"{article}: expected {name} {code}, got {got}")
    return right, total, misses


if __name__ == "__main__":
    right, total, misses = score(Path(sys.argv[1]))
    print(f"focus equal to the annotation: {right}/{total} = {right / total:.1%}")
    print("\n".join(misses))
