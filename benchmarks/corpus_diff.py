"""What changed between two runs of the pipeline over the same corpus.

    python benchmarks/corpus_diff.py OLD NEW [--sample N] [--seed S] [--top N]
                                     [--fields projects,organizations,...]

OLD and NEW are JSON Lines files written by `python -m pipeline ../shared/corpus -o X.jsonl`.
Lines that are blank, not JSON (a truncated last line of a `.part` file) or without an `id`
are skipped and counted (the pipeline reports failures on standard error, not in the file); a
repeated id keeps its first line. The report, on standard output:

1. per field, over the articles present in both files: distinct mentions in OLD and in NEW,
   how many were added, removed and unchanged; and the mentions of articles present in one
   file only (those articles are counted and their first ids listed, not diffed);
2. per field, a random sample (--sample, default 15; reproducible with --seed) of added and of
   removed mentions: article id and the record's text around the mention, the mention in 【】;
3. for projects and organizations, the names most often added and removed (--top, default 15),
   each with the number of articles.

A mention is identified by article id, field and a key: (start, end, value, unit) for
quantities, (name, start, end, value, unit) for indicators, the name (or, without one, the
text) for the other fields. Each article's mentions are counted once per key.

Memory: OLD is held as the keys and first offsets of its mentions (no texts); NEW is streamed
against it; the texts for the sampled snippets are re-read afterwards by byte offset.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from schemas import MENTION_FIELDS

FIELDS = MENTION_FIELDS
TOP_FIELDS = ("projects", "organizations")
CONTEXT = 25  # characters either side of a sampled mention
LIST_ONE_SIDED = 10  # ids shown of the articles present in one file only


def mention_key(field: str, mention: dict):
    """The identity of a mention within its article and field."""
    if field == "quantities":
        return (mention.get("start"), mention.get("end"), mention.get("value"), mention.get("unit"))
    if field == "indicators":
        # an article often has several indicators of one name (投资 in two periods): the name
        # alone would merge them and hide a changed value
        return (mention.get("name"), mention.get("start"), mention.get("end"), mention.get("value"), mention.get("unit"))
    name = mention.get("name") or mention.get("text")
    return sys.intern(name) if isinstance(name, str) else name


def article_mentions(record: dict, fields) -> dict:
    """field -> {key: (start, end)} of the first mention with that key (the snippet's place)."""
    out = {}
    for field in fields:
        keyed: dict = {}
        for mention in record.get(field) or ():
            if isinstance(mention, dict):
                keyed.setdefault(mention_key(field, mention), (mention.get("start"), mention.get("end")))
        out[field] = keyed
    return out


def text_digest(record: dict) -> bytes:
    # a changed text shifts offsets, so offset-keyed changes there may be mere shifts
    return hashlib.blake2b((record.get("text") or "").encode("utf-8"), digest_size=8).digest()


class Side:
    """Where each article's line is in one file, and what was skipped reading it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offsets: dict[str, int] = {}
        self.skipped = 0
        self.duplicates = 0

    def records(self):
        """(id, record) for each usable line, streaming; a repeated id keeps its first line."""
        with open(self.path, "rb") as fh:
            offset = 0
            for line in fh:
                start, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    self.skipped += 1
                    continue
                article_id = record.get("id") if isinstance(record, dict) else None
                if not isinstance(article_id, str) or not article_id:
                    self.skipped += 1
                    continue
                if article_id in self.offsets:
                    self.duplicates += 1
                    continue
                self.offsets[article_id] = start
                yield article_id, record

    def texts(self, ids) -> dict[str, str]:
        """The texts of a few articles, re-read from their lines."""
        out = {}
        with open(self.path, "rb") as fh:
            for article_id in sorted(ids, key=self.offsets.__getitem__):
                fh.seek(self.offsets[article_id])
                out[article_id] = json.loads(fh.readline()).get("text") or ""
        return out


class Diff:
    def __init__(self, fields) -> None:
        self.fields = fields
        self.counts = {f: Counter() for f in fields}  # old, new, added, removed, unchanged, old_only, new_only
        # field -> [(article id, key, start, end)]
        self.added = {f: [] for f in fields}
        self.removed = {f: [] for f in fields}
        self.shared = 0
        self.changed_articles = 0
        self.changed_texts = 0
        self.old_only: list[str] = []
        self.new_only: list[str] = []

    def compare(self, article_id: str, old: dict, new: dict) -> None:
        self.shared += 1
        changed = False
        for field in self.fields:
            before, after = old[field], new[field]
            counts = self.counts[field]
            counts["old"] += len(before)
            counts["new"] += len(after)
            unchanged = before.keys() & after.keys()
            counts["unchanged"] += len(unchanged)
            for key, (start, end) in after.items():
                if key not in unchanged:
                    self.added[field].append((article_id, key, start, end))
            for key, (start, end) in before.items():
                if key not in unchanged:
                    self.removed[field].append((article_id, key, start, end))
            counts["added"] += len(after) - len(unchanged)
            counts["removed"] += len(before) - len(unchanged)
            changed = changed or len(unchanged) != len(before) or len(unchanged) != len(after)
        self.changed_articles += changed

    def one_sided(self, article_id: str, mentions: dict, side: str) -> None:
        (self.old_only if side == "old" else self.new_only).append(article_id)
        for field in self.fields:
            self.counts[field][f"{side}_only"] += len(mentions[field])


def run_diff(old: Side, new: Side, fields) -> Diff:
    diff = Diff(fields)
    held = {}  # OLD, compact: id -> (text digest, mentions)
    for article_id, record in old.records():
        held[article_id] = (text_digest(record), article_mentions(record, fields))
    for article_id, record in new.records():
        mentions = article_mentions(record, fields)
        if article_id in held:
            digest, before = held.pop(article_id)
            diff.changed_texts += digest != text_digest(record)
            diff.compare(article_id, before, mentions)
        else:
            diff.one_sided(article_id, mentions, "new")
    for article_id, (_, mentions) in held.items():
        diff.one_sided(article_id, mentions, "old")
    return diff


def snippet(text: str, start, end) -> str:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        return f"(offsets {start}–{end} outside the text)"
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    out = ("…" if left else "") + text[left:start] + "【" + text[start:end] + "】" + text[end:right] + ("…" if right < len(text) else "")
    return out.replace("\r", " ").replace("\n", "⏎")


def describe(field: str, key, text: str, start, end) -> str:
    """What the key says beyond the marked text (the name, the value and unit)."""
    if field == "quantities":
        return f"value={key[2]} unit={key[3]}"
    if field == "indicators":
        return f"{key[0]} value={key[3]} unit={key[4]}"
    shown = text[start:end] if isinstance(start, int) and isinstance(end, int) else None
    return "" if key == shown else f"name={key}"


def pick(items: list, n: int, seed, label: str) -> list:
    # a seed per field and direction: the same sample whatever other fields are asked for,
    # and sorted first so that the order of lines in the files does not matter
    items = sorted(items, key=lambda m: (m[0], m[2] if isinstance(m[2], int) else -1, repr(m[1])))
    chosen = random.Random(f"{seed}:{label}").sample(items, min(n, len(items)))
    return sorted(chosen, key=lambda m: (m[0], m[2] if isinstance(m[2], int) else -1))


def report(diff: Diff, old: Side, new: Side, sample: int, seed, top: int, out=None) -> None:  # noqa: C901
    def say(line: str = "") -> None:
        print(line, file=out or sys.stdout)

    say(
        f"OLD {old.path}: {len(old.offsets)} article(s)"
        + (f", {old.skipped} line(s) skipped" if old.skipped else "")
        + (f", {old.duplicates} repeated id(s)" if old.duplicates else "")
    )
    say(
        f"NEW {new.path}: {len(new.offsets)} article(s)"
        + (f", {new.skipped} line(s) skipped" if new.skipped else "")
        + (f", {new.duplicates} repeated id(s)" if new.duplicates else "")
    )
    say(f"articles in both: {diff.shared}; with changed mentions: {diff.changed_articles}; with a changed text: {diff.changed_texts}")
    for side, ids in (("OLD", diff.old_only), ("NEW", diff.new_only)):
        if ids:
            shown = ", ".join(sorted(ids)[:LIST_ONE_SIDED]) + (", …" if len(ids) > LIST_ONE_SIDED else "")
            say(f"articles only in {side}: {len(ids)} ({shown})")
        else:
            say(f"articles only in {side}: 0")

    say()
    say("mentions in the articles in both files (only-OLD / only-NEW: in the articles of one file)")
    header = ("field", "OLD", "NEW", "added", "removed", "unchanged", "only-OLD", "only-NEW")
    rows = [header] + [
        (f, *(str(diff.counts[f][c]) for c in ("old", "new", "added", "removed", "unchanged", "old_only", "new_only"))) for f in diff.fields
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        say("  ".join(row[0].ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))

    if sample > 0:
        chosen = {}
        for field in diff.fields:
            chosen[field, "added"] = pick(diff.added[field], sample, seed, f"{field}:added")
            chosen[field, "removed"] = pick(diff.removed[field], sample, seed, f"{field}:removed")
        texts = {
            "added": new.texts({m[0] for (f, d), ms in chosen.items() if d == "added" for m in ms}),
            "removed": old.texts({m[0] for (f, d), ms in chosen.items() if d == "removed" for m in ms}),
        }
        for field in diff.fields:
            for direction in ("added", "removed"):
                items = chosen[field, direction]
                if not items:
                    continue
                total = len(getattr(diff, direction)[field])
                say()
                say(f"{field} {direction}: {len(items)} of {total}" + (" (text from NEW)" if direction == "added" else " (text from OLD)"))
                for article_id, key, start, end in items:
                    text = texts[direction][article_id]
                    extra = describe(field, key, text, start, end)
                    say(
                        f"  {'+' if direction == 'added' else '-'} {article_id}  {snippet(text, start, end)}"
                        + (f"  [{extra}]" if extra else "")
                    )

    for field in TOP_FIELDS:
        if field not in diff.fields or top <= 0:
            continue
        for direction in ("added", "removed"):
            # keys are distinct within an article, so a name's count is its number of articles
            names = Counter(m[1] for m in getattr(diff, direction)[field])
            if not names:
                continue
            say()
            say(f"{field} most often {direction} (articles): {len(names)} distinct name(s)")
            for name, n in names.most_common(top):
                say(f"  {n:6d}  {name}")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="records of the earlier run (JSON Lines)")
    parser.add_argument("new", type=Path, help="records of the later run (JSON Lines)")
    parser.add_argument("--sample", type=int, default=15, help="added and removed mentions shown per field (0: none)")
    parser.add_argument("--seed", default="0", help="seed of the samples")
    parser.add_argument("--top", type=int, default=15, help="names shown for projects and organizations")
    parser.add_argument("--fields", default=",".join(FIELDS), help="comma-separated fields (default: all)")
    args = parser.parse_args(argv)
    args.fields = tuple(f.strip() for f in args.fields.split(",") if f.strip())
    unknown = [f for f in args.fields if f not in FIELDS]
    if unknown or not args.fields:
        parser.error(f"--fields: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(FIELDS)}")
    for path in (args.old, args.new):
        if not path.is_file():
            parser.error(f"{path}: no such file")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    old, new = Side(args.old), Side(args.new)
    diff = run_diff(old, new, args.fields)
    report(diff, old, new, args.sample, args.seed, args.top)
    sys.stdout.flush()  # the timing after the report, also when both go to one file
    print(f"compared in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
