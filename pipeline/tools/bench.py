"""How fast the pipeline is, stage by stage, against bare `jieba.cut` on the same texts.

    python -m pipeline.bench [--articles 2000] [--runs 3] [--corpus PATH]
    python -m pipeline.bench --articles 6000 --jobs 1 2      # two workers against one
    python -m pipeline.bench --lengths 10000 100000 1000000  # time per character, by article length
    python -m pipeline.bench --peers --articles 300          # peers on the same texts (`benchmark` extra)

Texts: the first N articles of the 20k news corpus (../shared/corpus/xwlb-news-20k.jsonl.gz by
default), one process, one core. Each run times `jieba.cut` over the texts (the floor: any
Chinese pipeline segments its text), then the whole pipeline stage by stage
(clean, segment, each extractor, assemble), each over a batch as `Pipeline.run` goes. Prints characters and articles per second for each
(median of the runs), the pipeline's share of jieba's speed, the load time of a fresh pipeline
(its first article included) and the peak memory of a worker process running them. With --lengths: one article of each length (the corpus's
articles joined, the same text at the start of each), and the time per character of each stage,
which stays flat if every stage is linear in the article's length. With --peers: the peer
libraries installed (JioNLP; Baidu's LAC where it installs) run on the same texts in the same
process, and this pipeline's speed is given as a multiple of each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

import jieba

from ..stages.assemble import assemble
from ..stages.clean import extraction_view
from ..runtime.core import batches
from ..stages.read import RawArticle

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "xwlb-news-20k.jsonl.gz"


def first_articles(path: Path, n: int) -> list[RawArticle]:
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            item = json.loads(line)
            text = item["text"]
            articles.append(
                RawArticle(
                    id=str(i),
                    source=f"{path}:{i + 1}",
                    format="txt",
                    text=text,
                    sha256="0" * 64,
                    encoding="utf-8",
                    title=item.get("title"),
                    date=None,
                    url=None,
                )
            )
            if len(articles) == n:
                break
    return articles


def time_jieba(texts: list[str]) -> float:
    """Seconds bare `jieba.cut` takes over the texts: the floor any Chinese pipeline stands on."""
    started = time.perf_counter()
    for text in texts:
        for _word in jieba.cut(text):
            pass
    return time.perf_counter() - started


def time_pipeline(pipeline, articles: list[RawArticle]) -> dict[str, float]:
    """Seconds spent in each stage over all articles (the stages of `Pipeline.process`)."""
    seconds: dict[str, float] = defaultdict(float)
    nlp = pipeline.nlp
    clock = time.perf_counter
    for articles_of_batch in batches(articles):  # as `Pipeline.run` goes: each stage over a batch
        batch = []
        for article in articles_of_batch:
            started = clock()
            cleaned = pipeline.clean(article)
            view = extraction_view(cleaned.text)
            seconds["clean"] += clock() - started
            started = clock()
            batch.append([article, cleaned, nlp.make_doc(view)])
            seconds["segment"] += clock() - started
        for name, component in nlp.pipeline:
            started = clock()
            for entry in batch:
                entry[2] = component(entry[2])
            seconds["segment" if name == "sentences" else name] += clock() - started
        started = clock()
        for article, cleaned, doc in batch:
            assemble(doc, article, cleaned, pipeline.version)
        seconds["assemble"] += clock() - started
    seconds["whole pipeline"] = sum(seconds.values())
    return seconds


class _Discard:
    """A sink that keeps nothing: the workers' throughput alone."""

    known: dict = {}
    written = 0
    wants_tables = False

    def write(self, records) -> None:
        self.written += len(records)


def parallel(articles: list[RawArticle], jobs: int) -> float:
    """Seconds `batch.run` takes over the articles with `jobs` workers, their start included."""
    from ..runtime.batch import run

    started = time.perf_counter()
    run(iter(articles), _Discard(), jobs=jobs)
    return time.perf_counter() - started


def joined_article(articles: list[RawArticle], length: int) -> RawArticle:
    """One article of at least `length` characters: the articles' texts joined by line breaks."""
    texts, total = [], 0
    for article in articles:
        if total >= length:
            break
        texts.append(article.text)
        total += len(article.text) + 1
    if total < length:
        raise ValueError(f"the corpus holds fewer than {length:,} characters")
    return RawArticle(
        id=f"joined-{length}",
        source=f"{length} characters",
        format="txt",
        text="\n".join(texts),
        sha256="0" * 64,
        encoding="utf-8",
        title=None,
        date=None,
        url=None,
    )


def per_character(pipeline, articles: list[RawArticle], lengths: list[int], runs: int) -> None:
    """Print each stage's microseconds per character on one article of each length."""
    table: dict[str, dict[int, float]] = defaultdict(dict)
    for length in lengths:
        article = joined_article(articles, length)
        times: dict[str, list[float]] = defaultdict(list)
        for _ in range(runs):
            for stage, seconds in time_pipeline(pipeline, [article]).items():
                times[stage].append(seconds)
        for stage, values in times.items():
            table[stage][length] = statistics.median(values) / len(article.text) * 1e6
    print(f"microseconds per character, one article of each length, median of {runs} runs, one core")
    print(f"{'stage':<20}" + "".join(f"{length:>12,}" for length in lengths) + f"{'last/first':>12}")
    for stage, by_length in table.items():
        first, last = by_length[lengths[0]], by_length[lengths[-1]]
        print(
            f"{stage:<20}"
            + "".join(f"{by_length[length]:>12.1f}" for length in lengths)
            + f"{last / first if first else float('nan'):>12.2f}"
        )


def peer_tools() -> dict[str, Callable[[str], object]]:
    """The peers that are installed, each as what it runs on one text for this job."""
    tools: dict[str, Callable[[str], object]] = {}
    try:
        import jionlp
    except ImportError:
        pass
    else:

        def money_and_time(text: str) -> object:
            return jionlp.ner.extract_money(text), jionlp.ner.extract_time(text)

        def this_job(text: str) -> object:  # amounts, dates and places: what JioNLP has of this job
            return money_and_time(text), jionlp.recognize_location(text)

        tools["JioNLP money + time"] = money_and_time
        tools["JioNLP money + time + places"] = this_job
    try:
        from LAC import LAC
    except ImportError:
        pass
    else:
        lac = LAC(mode="lac")  # segmentation, parts of speech and names
        tools["Baidu LAC"] = lac.run
    return tools


def peers(pipeline, articles: list[RawArticle], runs: int) -> None:
    """Print characters per second of bare jieba, this pipeline and each peer on the same texts."""
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    tools = peer_tools()
    for tool in tools.values():
        tool(texts[0])  # each loads its tables on its first call, outside the timing
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        timings["jieba.cut (floor)"].append(time_jieba(texts))
        timings["this pipeline"].append(time_pipeline(pipeline, articles)["whole pipeline"])
        for name, tool in tools.items():
            started = time.perf_counter()
            for text in texts:
                tool(text)
            timings[name].append(time.perf_counter() - started)
    ours = statistics.median(timings["this pipeline"])
    print(f"{len(articles)} articles, {chars:,} characters, median of {runs} runs, one core")
    print(f"{'tool':<32}{'chars/s':>12}{'this pipeline is':>20}")
    for name, times in timings.items():
        seconds = statistics.median(times)
        print(f"{name:<32}{chars / seconds:>12,.0f}{seconds / ours:>19.2f}x")
    if not tools:
        print("no peer installed: pip install '.[benchmark]' (JioNLP; LAC where it installs)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="*",
        default=None,
        metavar="N",
        help="instead of the stages: the throughput of batch runs with these numbers of "
        "worker processes (1 2: the speed-up of two workers over one)",
    )
    parser.add_argument(
        "--lengths",
        type=int,
        nargs="*",
        default=None,
        metavar="CHARS",
        help="instead of the stages over many articles: each stage's time per character on "
        "one article of each of these lengths (10000 100000 1000000)",
    )
    parser.add_argument(
        "--peers", action="store_true", help="instead of the stages: the peers installed, on the same texts (`benchmark` extra)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"{args.corpus}: no such corpus file")
    if args.jobs:
        articles = first_articles(args.corpus, args.articles)
        chars = sum(len(a.text) for a in articles)
        print(f"{len(articles)} articles, {chars:,} characters, batch runs (workers started inside the timing), median of {args.runs} runs")
        base = None
        for jobs in args.jobs:
            seconds = statistics.median(parallel(articles, jobs) for _ in range(args.runs))
            base = base or len(articles) / seconds
            print(
                f"-j {jobs}: {len(articles) / seconds:,.1f} articles/s, {chars / seconds:,.0f} chars/s, "
                f"{len(articles) / seconds / base:.2f}x the first"
            )
        return 0

    from .. import Pipeline

    # with --lengths: enough articles for the longest (the corpus's articles average under 1,000 characters)
    articles = first_articles(args.corpus, max(args.articles, max(args.lengths or [0]) // 100))
    chars = sum(len(a.text) for a in articles)
    started = time.perf_counter()
    pipeline = Pipeline()
    pipeline.extract(articles[0].text)  # the tables and the model load on first use: warmed outside the timing
    load_seconds = time.perf_counter() - started
    jieba.initialize()
    if args.lengths:
        per_character(pipeline, articles, sorted(args.lengths), args.runs)
        return 0
    if args.peers:
        peers(pipeline, articles, args.runs)
        return 0

    runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.runs):
        runs["jieba.cut (floor)"].append(time_jieba([article.text for article in articles]))
        for stage, seconds in time_pipeline(pipeline, articles).items():
            runs[stage].append(seconds)
        started = time.perf_counter()
        for article in articles:  # as a notebook calls it: each article alone, through every stage
            pipeline.extract(article.text)
        runs["extract(), one by one"].append(time.perf_counter() - started)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = worker_peak_memory(articles)
    print(f"{len(articles)} articles, {chars:,} characters, median of {args.runs} runs, one core")
    print(f"{'stage':<20}{'chars/s':>14}{'articles/s':>12}{'seconds':>10}")
    for stage, times in runs.items():
        seconds = statistics.median(times)
        print(f"{stage:<20}{chars / seconds:>14,.0f}{len(articles) / seconds:>12,.1f}{seconds:>10.2f}")
    floor = statistics.median(runs["jieba.cut (floor)"])
    print(
        f"whole pipeline / jieba.cut: {floor / statistics.median(runs['whole pipeline']):.1%}; "
        f"extract() one by one / jieba.cut: {floor / statistics.median(runs['extract(), one by one']):.1%}"
    )
    print(
        f"load time: {load_seconds:.2f} s; peak memory: {worker_mb:.0f} MB in a worker over these articles "
        f"({peak_mb:.0f} MB in this process, which holds bare jieba's dictionary too)"
    )
    return 0


def worker_peak_memory(articles: list[RawArticle]) -> float:
    """Peak memory (MB) of a fresh process that loads the pipeline and runs the articles as a
    worker of `python -m pipeline` does: this process also holds bare jieba's own dictionary,
    which the pipeline does not load."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_run_and_measure, (articles,))


def _run_and_measure(articles: list[RawArticle]) -> float:
    from .. import Pipeline

    for _ in Pipeline().run(articles):
        pass
    # the process's own high-water mark: Linux's ru_maxrss of a process started by fork and exec
    # is at least its parent's peak at the fork
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
