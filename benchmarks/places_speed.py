"""Speed and load time of place recognition against JioNLP's `recognize_location`, same texts.

    pip install ".[benchmark]"          # JioNLP is a benchmark-only dependency
    python benchmarks/places_speed.py [--articles 200] [--shared PATH]

Texts: the first N articles of ../shared/corpus/xwlb-news-20k.jsonl.gz. The place stage is
timed alone on Docs already segmented (as in the pipeline); JioNLP's `recognize_location` on
the raw texts after one warm-up call. Load times are measured in fresh processes: importing
the gazetteer and building it, against JioNLP's first call.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quantities_speed import sample  # noqa: E402

from pipeline.extractors.places import scan  # noqa: E402
from pipeline.stages.segment import Words  # noqa: E402

LOAD_OURS = (
    "import time; t = time.perf_counter(); from pipeline.language import gazetteer; gazetteer.load(); print(time.perf_counter() - t)"
)
LOAD_JIONLP = (
    "import time; t = time.perf_counter(); import jionlp; jionlp.recognize_location('四平市梨树县'); print(time.perf_counter() - t)"
)


def fresh_process_seconds(code: str) -> float:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    args, texts, docs = sample(__doc__.split("\n\n")[0], 200)
    chars = sum(map(len, texts))
    pairs = [(doc.text, doc) for doc in docs]
    scan(pairs[0][0], Words(pairs[0][1]))  # the gazetteer is built on first use

    ours = []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = [scan(text, Words(doc)) for text, doc in pairs]
        ours.append(time.perf_counter() - started)
    import jionlp

    jionlp.recognize_location(texts[0])
    theirs = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for text in texts:
            jionlp.recognize_location(text)
        theirs.append(time.perf_counter() - started)
    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    print(f"texts: {len(texts)} articles, {chars:,} characters; median of {args.runs} runs")
    print("| stage | chars/s | load time (fresh process) |")
    print("|---|---|---|")
    print(f"| places (this project) | {chars / ours_s:,.0f} | {fresh_process_seconds(LOAD_OURS):.2f} s |")
    print(f"| jionlp.recognize_location | {chars / theirs_s:,.0f} | {fresh_process_seconds(LOAD_JIONLP):.2f} s |")
    print(f"speed ratio (this project / JioNLP): {theirs_s / ours_s:.1f}x; places found here: {sum(map(len, found))}")


if __name__ == "__main__":
    main()
