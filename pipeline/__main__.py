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
from pathlib import Path
from typing import IO

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


class Output:
    """JSON Lines to standard output, or to `OUT.part` renamed to OUT when the run completes.

    A run that writes no record leaves an existing OUT untouched; an interrupted run leaves
    what it wrote in OUT.part, so nothing already extracted is lost.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.to_stdout = target == "-"
        self.path = None if self.to_stdout else Path(target)
        self.partial = None if self.to_stdout else self.path.with_name(self.path.name + ".part")
        self.written = 0
        self._fh: IO[str] = sys.stdout

    def __enter__(self) -> "Output":
        if not self.to_stdout:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.partial, "w", encoding="utf-8")
        return self

    def write(self, line: str) -> None:
        self._fh.write(line + "\n")
        self.written += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        self._fh.flush()
        if self.to_stdout:
            return
        if exc_type is None:
            os.fsync(self._fh.fileno())
        self._fh.close()
        if exc_type is None and self.written:
            os.replace(self.partial, self.path)
        elif exc_type is None or not self.written:
            self.partial.unlink(missing_ok=True)

    def describe(self) -> str:
        return "standard output" if self.to_stdout else str(self.path)


def main(argv=None) -> int:
    args = parse_args(argv)
    target = args.output or DEFAULT_OUTPUT
    if target != "-" and Path(target).is_dir():
        print(f"python -m pipeline: error: -o {target}: is a directory; give a file name", file=sys.stderr)
        return 2
    started = time.perf_counter()
    stats = ReadStats()
    failures: list[Failure] = []
    seen_ids: dict[str, str] = {}
    pipeline = load()
    exclude = [] if target == "-" else [target, target + ".part"]
    with Output(target) as out:
        try:
            for result in pipeline.run(read_paths(args.paths, stats, exclude=exclude)):
                if isinstance(result, Failure):
                    failures.append(result)
                    print(f"error: {result.source}: {result.reason}", file=sys.stderr)
                    continue
                if result.id in seen_ids:
                    print(f"warning: {result.source}: id {result.id!r} was already used by {seen_ids[result.id]}",
                          file=sys.stderr)
                seen_ids.setdefault(result.id, result.source)
                out.write(result.model_dump_json())
        except KeyboardInterrupt:
            if out.written and not out.to_stdout:
                print(f"interrupted: the {out.written} record(s) written so far are in {out.partial}", file=sys.stderr)
            raise
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print(f"read {stats.files} file(s), {out.written + len(failures)} article(s) or input(s); "
              f"{len(stats.skipped)} other file(s) skipped", file=sys.stderr)
        if out.written:
            print(f"wrote {out.written} record(s) to {out.describe()} in {elapsed:.1f} s; "
                  f"{len(failures)} failure(s)", file=sys.stderr)
        else:
            print(f"no record written ({out.describe()} left unchanged); {len(failures)} failure(s)",
                  file=sys.stderr)
    return 0 if not failures and out.written else 1


if __name__ == "__main__":
    sys.exit(main())
