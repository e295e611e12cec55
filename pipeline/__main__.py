"""Command line: python -m pipeline PATH... [-o OUT]

Reads articles from files and directories, writes one JSON record per line, and prints a
summary to standard error. Exit status 0 when every article gave a record, 1 otherwise
(every good record is still written), 2 for a usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from . import load
from .core import Failure
from .read import ReadStats, read_paths
from .version import __version__

DEFAULT_OUTPUT = "records.jsonl"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Extract validated, structured records (quantities, places, organizations, persons, "
                    "projects, documents) from Chinese government and economic news articles.",
        epilog="Inputs: .txt, .html/.htm, .jsonl (one article per line: text, and optionally id, title, "
               "date, url), the .gz of each, and directories (searched recursively; other files are "
               "skipped and counted). Exit status: 0 when every article gave a record, 1 when some "
               "failed (the others are still written), 2 for a usage error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories to read")
    parser.add_argument("-o", "--output", metavar="OUT", default=None,
                        help=f"where to write JSON Lines records: a file path, or - for standard output "
                             f"(default: ./{DEFAULT_OUTPUT}). A file is written under a temporary name and "
                             f"renamed when the run ends, so it never looks complete before it is.")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no summary, only failures")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


@contextmanager
def open_output(target: str) -> Iterator[IO[str]]:
    """Standard output for '-', else a temporary file beside the target, renamed on success."""
    if target == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "w", encoding="utf-8") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, path)


def main(argv=None) -> int:
    args = parse_args(argv)
    target = args.output or DEFAULT_OUTPUT
    started = time.perf_counter()
    stats = ReadStats()
    written, failures = 0, []
    pipeline = load()
    with open_output(target) as out:
        for result in pipeline.run(read_paths(args.paths, stats)):
            if isinstance(result, Failure):
                failures.append(result)
                print(f"error: {result.source}: {result.reason}", file=sys.stderr)
                continue
            out.write(result.model_dump_json() + "\n")
            written += 1
    elapsed = time.perf_counter() - started
    if not args.quiet:
        where = "standard output" if target == "-" else str(Path(target))
        print(f"read {stats.files} file(s): {written + len(failures)} article(s), "
              f"{len(stats.skipped)} other file(s) skipped", file=sys.stderr)
        print(f"wrote {written} record(s) to {where} in {elapsed:.1f} s; {len(failures)} failure(s)",
              file=sys.stderr)
    return 0 if not failures and written else 1


if __name__ == "__main__":
    sys.exit(main())
