"""The same stages on a Dask cluster: `python -m pipeline PATH... -o OUT --dask ADDRESS`.

    python -m pipeline corpus/ -o out.parquet --dask tcp://scheduler:8786   # a running cluster
    python -m pipeline corpus/ -o out.parquet --dask local                  # a cluster on this machine

The inputs are cut into partitions — each JSON Lines file (a shard) on its own, other files in
groups — and each partition becomes one task. A worker loads the pipeline once and keeps it for
every task it runs; a task streams its records into one Parquet shard per table,
OUT/TABLE/shard-KEY.parquet, renamed into place when complete (the `articles` shard last).
KEY is a hash of the partition's files (path, size, modification time) and the pipeline
version: a re-run skips the partitions whose shards exist, and removes the shards of inputs
that changed or are no longer given. Workers need the inputs and OUT at the same paths (a
shared file system); the scheduler only hands out tasks.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Optional

from . import tables
from ..stages.read import ReadStats, article_files, article_format, read_paths
from ..version import pipeline_version

FILES_PER_PARTITION = 64  # small article files per task
ROWS_PER_GROUP = 500  # records per Parquet row group, written as they come


def input_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The article files under the paths, and a message for each path that holds none."""
    files, problems = [], []
    for path in map(Path, paths):
        if path.is_dir():
            found = article_files(path)[0]
            files += found
            if not found:
                problems.append(f"{path}: directory holds no articles")
        elif path.is_file() and article_format(path):
            files.append(path)
        else:
            problems.append(f"{path}: no such article file")
    return files, problems


def partitions(files: list[Path]) -> list[list[str]]:
    """JSON Lines files one per partition; other files FILES_PER_PARTITION at a time."""
    shards = [[str(f)] for f in files if article_format(f) == "jsonl"]
    singles = [str(f) for f in files if article_format(f) != "jsonl"]
    return shards + [singles[i : i + FILES_PER_PARTITION] for i in range(0, len(singles), FILES_PER_PARTITION)]


def partition_key(files: list[str], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for name in files:
        stat = os.stat(name)
        digest.update(f"{os.path.abspath(name)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:20]


def process_partition(files: list[str], out: str, key: str, max_gzip_bytes: int) -> dict:
    """One task: read the files, extract, stream the records into the shard of every table."""
    import pyarrow.parquet as pq

    from .. import load
    from .batch import process

    pipeline = load()  # once per worker process: load() keeps it
    root = Path(out)
    tmp = {table: root / table / f"shard-{key}.parquet.tmp" for table in tables.TABLES}
    writers = {table: pq.ParquetWriter(tmp[table], tables.SCHEMAS[table]) for table in tables.TABLES}
    written, failures = 0, []
    pending: list[dict] = []

    def flush() -> None:
        for table, data in tables.to_arrow(pending).items():
            writers[table].write_table(data)
        pending.clear()

    try:
        for result, _ in process(pipeline, read_paths(files, ReadStats(), max_gzip_bytes=max_gzip_bytes)):
            if isinstance(result, tuple):
                pending.append(result[1])
                written += 1
                if len(pending) >= ROWS_PER_GROUP:
                    flush()
            else:
                failures.append((result.source, result.reason))
        flush()
    finally:
        for writer in writers.values():
            writer.close()
    for table in tables.TABLES[1:] + ["articles"]:  # articles last: it marks the shard complete
        os.replace(tmp[table], root / table / f"shard-{key}.parquet")
    return {"written": written, "failures": failures}


def run_on_dask(
    paths: list[str], target: str, address: str, max_gzip_bytes: int, quiet: bool = False, workers: Optional[int] = None
) -> int:
    """Process the inputs on the cluster at `address` ("local": one on this machine) into the
    Parquet directory `target`; print a summary; return the exit status."""
    from dask.distributed import Client, LocalCluster

    from .batch import default_jobs

    started = time.perf_counter()
    out = Path(target)
    if out.exists() and not out.is_dir():
        print(f"python -m pipeline: error: --dask writes Parquet shards into a directory; {target} is a file", file=sys.stderr)
        return 2
    files, problems = input_files(paths)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    version = pipeline_version()
    parts = partitions(files)
    keys = [partition_key(p, version) for p in parts]
    for table in tables.TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)
        for leftover in (out / table).glob("*.tmp"):
            leftover.unlink()
    done = {p.name[len("shard-") : -len(".parquet")] for p in (out / "articles").glob("shard-*.parquet")}
    todo = [(key, part) for key, part in zip(keys, parts) if key not in done]

    cluster = (
        LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True, dashboard_address=None)
        if address == "local"
        else None
    )
    client = Client(cluster if cluster is not None else address)
    try:
        futures = client.map(
            process_partition,
            [part for _, part in todo],
            [str(out.resolve())] * len(todo),
            [key for key, _ in todo],
            [max_gzip_bytes] * len(todo),
            pure=False,
        )
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    current = set(keys)
    for table in tables.TABLES:  # shards of inputs that changed or are gone
        for shard in (out / table).glob("shard-*.parquet"):
            if shard.name[len("shard-") : -len(".parquet")] not in current:
                shard.unlink()
    written = sum(r["written"] for r in results)
    failures = [f for r in results for f in r["failures"]]
    for source, reason in failures:
        print(f"error: {source}: {reason}", file=sys.stderr)
    if not quiet:
        print(
            f"{len(parts)} partition(s) of {len(files)} file(s): {len(todo)} processed on the cluster, "
            f"{len(parts) - len(todo)} unchanged; wrote {written} record(s) to {out}/ (Parquet shards) in "
            f"{time.perf_counter() - started:.1f} s; {len(failures) + len(problems)} failure(s)",
            file=sys.stderr,
        )
    return 0 if not failures and not problems and (written or len(todo) < len(parts)) else 1
