"""Speed of the quantity stage against JioNLP's money extractor, on the same texts, in one process.

    pip install ".[benchmark]"          # JioNLP is a benchmark-only dependency
    python benchmarks/quantities_speed.py [--articles 2000] [--runs 3] [--shared PATH]

Texts: the first N articles of ../shared/corpus/xwlb-news-20k.jsonl.gz. The quantity stage is
timed alone, on Docs already segmented (jieba's share is the segmentation stage's, measured by
the pipeline benchmark); JioNLP's `extract_money` is timed on the raw texts after one warm-up
call. Prints characters per second (median of the runs), the ratio, and what each found.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import statistics
import time
from pathlib import Path

from pipeline import load
from pipeline.stages.clean import extraction_view
from pipeline.extractors.quantities import scan
from pipeline.stages.segment import Words

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def first_articles(shared: Path, n: int) -> list[str]:
    texts = []
    with gzip.open(shared / "corpus" / "xwlb-news-20k.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            texts.append(obj["title"] + "\n" + obj["text"])
            if len(texts) == n:
                break
    return texts


def sample(description: str, default_articles: int) -> tuple[argparse.Namespace, list[str], list]:
    """Parse the common options; return them, the texts, and the texts segmented into Docs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=default_articles)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    texts = first_articles(args.shared, args.articles)
    nlp = load().nlp
    with nlp.select_pipes(enable=["sentences"]):
        docs = [nlp(extraction_view(t)) for t in texts]
    return args, texts, docs


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    args, texts, docs = sample(__doc__.split("\n\n")[0], 2000)
    chars = sum(map(len, texts))
    texts_seen = [doc.text for doc in docs]

    def quantity_stage():  # what the component does with a Doc: word boundaries, then the scan
        return [scan(text, Words(doc)) for doc, text in zip(docs, texts_seen)]

    import jionlp

    jionlp.ner.extract_money(texts[0])  # JioNLP loads its tables on the first call

    def jionlp_money():
        return [jionlp.ner.extract_money(t) for t in texts]

    ours, found = timed(quantity_stage, args.runs)
    theirs, money = timed(jionlp_money, args.runs)
    kinds = collections.Counter(q.kind for per_text in found for q in per_text)
    print(f"texts: {len(texts)} articles, {chars:,} characters; median of {args.runs} runs")
    print("| stage | chars/s | found |")
    print("|---|---|---|")
    print(
        f"| quantities (this project, all kinds) | {chars / ours:,.0f} | {sum(kinds.values())} "
        f"({', '.join(f'{k} {v}' for k, v in kinds.most_common())}) |"
    )
    print(f"| jionlp.ner.extract_money (money only) | {chars / theirs:,.0f} | {sum(map(len, money))} |")
    print(f"speed ratio (this project / JioNLP): {theirs / ours:.2f}x; money found here: {kinds['money']}")


if __name__ == "__main__":
    main()
