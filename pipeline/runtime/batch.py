"""A batch run: articles in, records out through a sink, on one core or many.

Articles are read in this process and handed to `jobs` worker processes in small batches, at
most a few batches ahead of the writer, so memory stays flat however large the corpus; each
worker loads the pipeline once. Results come back in input order and reach the sink in
checkpoints. Articles whose id, bytes (sha256) and pipeline version match a record the sink
already holds are skipped.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from typing import Callable, Iterable, Iterator, Optional, Protocol, Union

from .core import Failure, batches
from ..stages.read import RawArticle, ReadError
from .sinks import Known
from ..version import pipeline_version

TASK_ARTICLES = 128  # articles per task sent to a worker (two batches of `Pipeline.run`)
TASK_CHARACTERS = 200_000  # …or fewer, when they are long
AHEAD = 3  # tasks in flight per worker
SERIAL_BELOW = 64  # fewer articles than this run in this process: starting workers costs more
CHECKPOINT_RECORDS = 500  # records per durable write
CHECKPOINT_SECONDS = 5.0
# failures reported one by one and kept; beyond, counted only: an input of a million bad lines
# must not fill the memory or the terminal
MAX_FAILURES_KEPT = 1000


@dataclass
class Outcome:
    """What a run did, for its summary."""

    written: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)  # the first MAX_FAILURES_KEPT
    failure_count: int = 0
    characters: int = 0
    articles: int = 0
    duplicate_ids: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, source, first source, id given


Result = Union[tuple[str, dict], Failure]  # (JSON line, record) or a failure


class RecordSink(Protocol):
    """What a run uses of its sink: a `sinks.Sink`, or one that keeps nothing (`bench`)."""

    known: Known
    wants_tables: bool

    def write(self, records: list[tuple[str, dict]]) -> None: ...


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(
    items: Iterable[Union[RawArticle, ReadError]],
    sink: RecordSink,
    jobs: int = 1,
    on_progress: Optional[Callable[[int, int], None]] = None,
    on_failure: Optional[Callable[[Failure], None]] = None,
    on_record: Optional[Callable[[dict], None]] = None,
) -> Outcome:
    """Process every article not already in the sink and write its record there; `on_record`
    sees each new record whole (the review pages)."""
    writer = _Writer(sink, on_progress, on_failure, on_record)
    queue = writer.todo(items)
    first = list(itertools.islice(queue, SERIAL_BELOW))
    tables = sink.wants_tables or on_record is not None
    if jobs <= 1 or len(first) < SERIAL_BELOW:  # a few articles: not worth starting workers
        results = _process_serially(itertools.chain(first, queue), tables)
    else:
        results = _process_in_parallel(itertools.chain(first, queue), jobs, tables)
    for result, characters in results:
        writer.take(result, characters)
    writer.checkpoint()
    return writer.outcome


class _Writer:
    """One run's side of the sink: which articles to process, and the results written in
    checkpoints, counted in the outcome."""

    def __init__(
        self,
        sink: RecordSink,
        on_progress: Optional[Callable[[int, int], None]],
        on_failure: Optional[Callable[[Failure], None]],
        on_record: Optional[Callable[[dict], None]],
    ) -> None:
        self.sink = sink
        self.on_progress = on_progress
        self.on_failure = on_failure
        self.on_record = on_record
        self.outcome = Outcome()
        self.sources: dict[str, str] = {}  # id → the source of the article that has it
        self.version = pipeline_version()
        self.pending: list[tuple[str, dict]] = []
        self.last_checkpoint = time.monotonic()

    def todo(self, items: Iterable[Union[RawArticle, ReadError]]) -> Iterator[Union[RawArticle, ReadError]]:
        """The items to process: read errors, and the articles the sink does not hold as they are."""
        for item in items:
            if isinstance(item, RawArticle):
                item = self.unique(item)
                if self.sink.known.get(item.id) == (item.sha256, self.version):
                    self.outcome.unchanged += 1
                    self.progress(len(item.text))
                    continue
            yield item

    def unique(self, item: RawArticle) -> RawArticle:
        """The article, its id followed by #2, #3 … where an earlier article of the run has it:
        every record keeps its own id, the same in every run over the same inputs."""
        if item.id not in self.sources:
            self.sources[item.id] = item.source
            return item
        n = 2
        while f"{item.id}#{n}" in self.sources:
            n += 1
        given = f"{item.id}#{n}"
        self.outcome.duplicate_ids.append((item.id, item.source, self.sources[item.id], given))
        self.sources[given] = item.source
        return replace(item, id=given)

    def progress(self, characters: int) -> None:
        if self.on_progress:
            self.on_progress(1, characters)

    def take(self, result: Result, characters: int) -> None:
        """One article's result: a failure counted (and kept, up to MAX_FAILURES_KEPT), or a
        record queued for the next checkpoint."""
        self.outcome.articles += 1
        self.outcome.characters += characters
        self.progress(characters)
        if isinstance(result, Failure):
            self.failed(result)
            return
        line, record = result
        if self.on_record:
            self.on_record(record)
        self.pending.append((line, record))
        if len(self.pending) >= CHECKPOINT_RECORDS or time.monotonic() - self.last_checkpoint > CHECKPOINT_SECONDS:
            self.checkpoint()

    def failed(self, failure: Failure) -> None:
        self.outcome.failure_count += 1
        if self.outcome.failure_count <= MAX_FAILURES_KEPT:
            self.outcome.failures.append(failure)
            if self.on_failure:
                self.on_failure(failure)

    def checkpoint(self) -> None:
        """A durable write of the records queued (the last one may be empty)."""
        self.sink.write(self.pending)
        self.outcome.written += len(self.pending)
        self.pending, self.last_checkpoint = [], time.monotonic()


def _process_serially(items: Iterable[Union[RawArticle, ReadError]], tables: bool) -> Iterator[tuple[Result, int]]:
    from .. import load

    yield from process(load(), items, tables)


def _process_in_parallel(items: Iterable[Union[RawArticle, ReadError]], jobs: int, tables: bool) -> Iterator[tuple[Result, int]]:
    """Batches of articles to `jobs` worker processes, at most AHEAD batches each in flight."""
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(), initializer=_start_worker) as pool:
        in_flight: deque[Future] = deque()
        for batch in batches(items, TASK_ARTICLES, TASK_CHARACTERS):
            in_flight.append(pool.submit(_process_batch, batch, tables))
            if len(in_flight) >= jobs * AHEAD:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def _worker_context():
    """How workers start. On Linux, forked from this process with the pipeline loaded once here:
    they start at once and share its pages (started afresh, each spends seconds importing spaCy
    and loading the models, a large part of a run of a few thousand articles on two cores).
    Elsewhere (macOS and Windows, where forking a process with threads is unsafe or
    impossible), a fresh interpreter each."""
    if sys.platform.startswith("linux"):
        from .. import load

        load()
        return get_context("fork")
    return get_context("spawn")


_PIPELINE = None  # the worker's pipeline, loaded once


def _start_worker() -> None:
    global _PIPELINE
    from .. import load

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _PIPELINE = load()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the process that started it is gone (killed with -9, it could not
    tell its workers, which would go on holding their memory): a worker whose parent dies is
    handed to another process."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _process_batch(batch: list, tables: bool) -> list[tuple[Result, int]]:
    return list(process(_PIPELINE, batch, tables))


def process(pipeline, items: Iterable[Union[RawArticle, ReadError]], tables: bool = True) -> Iterator[tuple[Result, int]]:
    """Each article → (its record as a JSON line and a dict, or a failure) and its length.
    The dict is the whole record for table outputs, else only what identifies it."""
    items, lengths = itertools.tee(items)
    for result, item in zip(pipeline.run(items), lengths):
        length = len(item.text) if isinstance(item, RawArticle) else 0
        if isinstance(result, Failure):
            yield result, length
        elif tables:
            yield (result.model_dump_json(), result.model_dump(mode="json")), length
        else:
            yield (
                (
                    result.model_dump_json(),
                    {"id": result.id, "source": result.source, "sha256": result.sha256, "pipeline_version": result.pipeline_version},
                ),
                length,
            )


class Progress:
    """A progress bar on standard error when it is a terminal: articles, articles/s,
    characters/s and the time left; nothing otherwise."""

    def __init__(self, total: Optional[int], enabled: bool) -> None:
        self.bar = None
        self.characters = 0
        self.started = time.monotonic()
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True, smoothing=0.1, mininterval=0.5)

    def __call__(self, articles: int, characters: int) -> None:
        if self.bar is None:
            return
        self.characters += characters
        self.bar.update(articles)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{self.characters / elapsed:,.0f} chars/s", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
