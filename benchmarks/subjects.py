"""How often a quantity's `subject` equals a hand annotation.

    python benchmarks/subjects.py [--show-misses]

The sample is tests/examples/subjects.tsv: 80 quantities from the dev articles, each with
the subject a reader gives it (`-` where the sentence names none), annotated independently
of the extractor. A quantity counts as right when the extractor finds it in the sentence and
its subject is exactly the annotated one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.extractors import quantities

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "examples" / "subjects.tsv"


def score(sample: Path = SAMPLE) -> tuple[int, int, list[tuple[str, str, str, str]]]:
    """(right, total, misses as (sentence, quantity, expected, got))."""
    right, total, misses = 0, 0, []
    for line in sample.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, sentence, amount, expected = line.split("\t")
        found = [q for q in quantities.extract(sentence) if amount in q.text or q.text in amount]
        got = (found[0].subject or "-") if found else "(amount not found)"
        total += 1
        if got == expected:
            right += 1
        else:
            misses.append((sentence, amount, expected, got))
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
