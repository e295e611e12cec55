"""Command line: python -m pipeline PATH... [-o OUT] [-j N] [--format F] [--dask ADDRESS]

Reads articles from files and directories, writes their records (JSON Lines, Parquet or
DuckDB), and prints a summary to standard error. Exit status 0 when every article gave a record, 1 otherwise
(every good record is still written), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .runtime.batch import Progress, default_jobs, run
from .runtime.core import Failure
from .runtime.sinks import FORMATS, open_sink, output_format
from .stages.read import MAX_GZIP_BYTES, ReadStats, count_articles, read_paths
from .tools.review import ReviewWriter
from .version import __version__

DEFAULT_OUTPUT = "records.jsonl"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract validated, structured records (quantities, places, organizations, persons, "
        "projects, documents, indicators) from Chinese government and economic news articles.",
        epilog="Inputs: .txt, .html/.htm, .jsonl (one article per line: text, and optionally id, title, "
        "date, url), the .gz of each, and directories (searched recursively; other files are "
        "skipped and counted). Re-running into the same output skips the articles whose bytes and "
        "pipeline version are unchanged and replaces the others; an interrupted run resumes where "
        "it stopped. Exit status: 0 when every article gave a record, 1 when some failed (the "
        "others are still written), 2 for a usage error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories to read")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default=None,
        help=f"where the records go (default: ./{DEFAULT_OUTPUT}): a .jsonl file, a .parquet "
        f"directory (a table of articles and one per kind of mention), a .duckdb file "
        f"(the same tables), or - for JSON Lines on standard output. Nothing looks "
        f"complete before it is: JSON Lines go to OUT.part and are renamed at the end.",
    )
    parser.add_argument("--format", choices=FORMATS, default=None, help="the output format, when OUT's name does not say it")
    parser.add_argument(
        "-j", "--jobs", type=int, default=None, metavar="N", help=f"worker processes (default: all cores, {default_jobs()} here)"
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run on a Dask cluster: tcp://scheduler:8786, or 'local' for a cluster on this "
        "machine; writes Parquet shards into OUT (a directory)",
    )
    parser.add_argument(
        "--max-gzip-bytes",
        type=int,
        default=MAX_GZIP_BYTES,
        metavar="BYTES",
        help=f"refuse a .gz input that decompresses to more than this (default {MAX_GZIP_BYTES:,})",
    )
    parser.add_argument(
        "--html",
        metavar="DIR",
        default=None,
        help="also write a review page per new record into DIR, every mention highlighted, and DIR/index.html linking them",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print no summary or progress, only failures")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("-j must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    target = args.output or DEFAULT_OUTPUT
    fmt = output_format(target, args.format)
    if args.dask:
        from .runtime.distributed import run_on_dask

        return run_on_dask(args.paths, target, args.dask, max_gzip_bytes=args.max_gzip_bytes, quiet=args.quiet)
    if target != "-" and fmt != "parquet" and Path(target).is_dir():
        print(f"python -m pipeline: error: -o {target}: is a directory; give a file name", file=sys.stderr)
        return 2
    if target != "-" and any(Path(path).resolve() == Path(target).resolve() for path in args.paths):
        print(f"python -m pipeline: error: -o {target}: is one of the inputs; give another name", file=sys.stderr)
        return 2
    if target == "-" and fmt != "jsonl":
        print(f"python -m pipeline: error: standard output takes JSON Lines, not {fmt}", file=sys.stderr)
        return 2
    try:
        lock = None if target == "-" else _lock(target)
    except OSError as exc:  # a read-only file system, a folder one may not write in
        return _cannot_write(target, exc)
    if lock is False:
        print(
            f"python -m pipeline: error: -o {target}: another run is writing it (lock {_lock_path(target)}); wait for it to end",
            file=sys.stderr,
        )
        return 2
    try:
        return _run(args, target, fmt)
    finally:
        if lock:
            _lock_path(target).unlink(missing_ok=True)
            lock.close()


def _lock(target: str):
    """An open lock file that only this run holds on OUT, False if another run holds it, None
    where the system has no file locks. The lock ends with the process, however it ends."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    path = _lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    return handle


def _cannot_write(target: str, exc: OSError, kept: str = "") -> int:
    print(f"python -m pipeline: error: -o {target}: cannot write there ({exc.strerror or exc}){kept}", file=sys.stderr)
    return 2


def _lock_path(target: str) -> Path:
    return Path(target).with_name(Path(target).name + ".lock")


def _run(args: argparse.Namespace, target: str, fmt: str) -> int:
    started = time.perf_counter()
    stats = ReadStats()
    exclude = [] if target == "-" else [target, target + ".part", target + ".tmp", str(_lock_path(target))]
    try:
        sink = open_sink(target, fmt)
    except OSError as exc:
        return _cannot_write(target, exc)
    show_progress = not args.quiet and sys.stderr.isatty()
    progress = Progress(count_articles(args.paths, exclude) if show_progress else None, show_progress)

    def report(failure: Failure) -> None:
        print(f"error: {failure.source}: {failure.reason}", file=sys.stderr)

    try:
        review = ReviewWriter(args.html) if args.html else None
        outcome = run(
            read_paths(args.paths, stats, exclude=exclude, max_gzip_bytes=args.max_gzip_bytes),
            sink,
            jobs=args.jobs or default_jobs(),
            on_progress=progress,
            on_failure=report,
            on_record=review.add if review else None,
        )
        sink.finish()
        if review:
            index = review.close()
    except KeyboardInterrupt:
        progress.close()
        print(
            f"interrupted: the {sink.written} record(s) written so far are kept in {sink.describe()}; run the same command again to go on",
            file=sys.stderr,
        )
        raise
    except OSError as exc:  # the output's disk full or turned read-only mid-run
        return _cannot_write(target, exc, f"; the {sink.written} record(s) written before are kept in {sink.describe()}")
    finally:
        progress.close()
        sink.close()
    if outcome.failure_count > len(outcome.failures):
        print(
            f"error: {outcome.failure_count - len(outcome.failures)} more failure(s) not listed "
            f"(the first {len(outcome.failures)} are above)",
            file=sys.stderr,
        )
    for article_id, source, first, given in outcome.duplicate_ids:
        print(f"warning: {source}: id {article_id!r} was already used by {first}; its record has id {given!r}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print(
            f"read {stats.files} file(s), {outcome.articles + outcome.unchanged} article(s) or input(s); "
            f"{len(stats.skipped)} other file(s) skipped",
            file=sys.stderr,
        )
        if review:
            print(f"review pages of {len(review.entries)} record(s): {index}", file=sys.stderr)
        unchanged = f" ({outcome.unchanged} unchanged record(s) kept)" if outcome.unchanged else ""
        if outcome.written:
            print(
                f"wrote {outcome.written} record(s) to {sink.describe()} in {elapsed:.1f} s{unchanged}; {outcome.failure_count} failure(s)",
                file=sys.stderr,
            )
        elif outcome.unchanged:
            print(
                f"no new record: {outcome.unchanged} unchanged record(s) kept in {sink.describe()}; {outcome.failure_count} failure(s)",
                file=sys.stderr,
            )
        else:
            print(f"no record written ({sink.describe()} left unchanged); {outcome.failure_count} failure(s)", file=sys.stderr)
    return 0 if not outcome.failure_count and (outcome.written or outcome.unchanged) else 1


if __name__ == "__main__":
    sys.exit(main())
