"""Whether two runs over the same articles wrote the same records, apart from when and by which
version of the pipeline (`processed_at`, `pipeline_version`): the check that a change meant to
leave every record as it was (a refactoring, a speed-up) did.

    python -m pipeline ../shared/gold/dev -o before.jsonl      # before the change
    python -m pipeline ../shared/gold/dev -o after.jsonl       # after it
    python benchmarks/same_records.py before.jsonl after.jsonl

Prints how many records each file holds and the ids of those that differ or are in one file
only (the first ten, and the first differing field of each); exit status 0 when there are none.
Records are matched by `id`. Both runs must be given the articles by the same paths, since
`source` names the path.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

VARYING = ("processed_at", "pipeline_version")


def records(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                for field in VARYING:
                    record.pop(field, None)
                out[record["id"]] = record
    return out


def differences(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """Each id whose record differs or is in one run only, with what differs first."""
    found = []
    for article_id in sorted(old.keys() | new.keys()):
        a, b = old.get(article_id), new.get(article_id)
        if a is None or b is None:
            found.append(f"{article_id}: only in {'NEW' if a is None else 'OLD'}")
        elif a != b:
            field = next(f for f in sorted(a.keys() | b.keys()) if a.get(f) != b.get(f))
            found.append(f"{article_id}: {field}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    old, new = records(args.old), records(args.new)
    found = differences(old, new)
    print(f"OLD {len(old)} record(s), NEW {len(new)}; {len(found)} differ apart from {' and '.join(VARYING)}")
    for line in found[:10]:
        print("  " + line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
