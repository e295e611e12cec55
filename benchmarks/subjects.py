"""How often a quantity's `subject` equals a hand annotation.

    python benchmarks/subjects.py [--show-misses]

The sample is every quantity of pipeline/extractors/quantities/examples.jsonl that gives a
`subject`: 80 quantities from the dev articles (rows whose `source` is dev/ID), each with the
subject a reader gives it (null where the sentence names none), annotated independently of the
extractor. A quantity counts as right when the extractor finds it in the sentence (a quantity
overlapping its span) and its subject is exactly the annotated one.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.extractors import quantities

SAMPLE = Path(__file__).resolve().parents[1] / "pipeline" / "extractors" / "quantities" / "examples.jsonl"


def score(sample: Path = SAMPLE) -> tuple[int, int, list[tuple[str, str, str, str]]]:
    """(right, total, misses as (sentence, quantity, expected, got)); "-" stands for no subject."""
    right, total, misses = 0, 0, []
    for line in sample.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        annotated = [q for q in row["quantities"] if "subject" in q]
        if not annotated:
            continue
        sentence, extracted = row["text"], quantities.extract(row["text"])
        for amount in annotated:
            found = [q for q in extracted if q.start < amount["end"] and amount["start"] < q.end]
            expected = amount["subject"] or "-"
            got = (found[0].subject or "-") if found else "(amount not found)"
            total += 1
            if got == expected:
                right += 1
            else:
                misses.append((sentence, amount["text"], expected, got))
    return right, total, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    right, total, misses = score()
    print(f"subject equal to the annotation: {right}/{total} = {right / total:.1%}")
    if args.show_misses:
        for sentence, amount, expected, got in misses:
            print(f"{amount}\texpected {expected}\tgot {got}\t{sentence[:60]}")


if __name__ == "__main__":
    main()
