"""Where a batch run writes its records: JSON Lines, a Parquet directory, or a DuckDB file.

Every sink is incremental and safe to interrupt:
- `known` holds the id → (sha256, pipeline version) of every record already written, so a run
  skips the articles whose bytes and pipeline are unchanged and replaces the others: an id is
  never written twice;
- `write(records)` returns once the records are durable (a checkpoint), so a run killed at
  any moment resumes from its last checkpoint, losing and duplicating nothing;
- nothing looks complete before it is: JSON Lines are appended to `OUT.part` and become `OUT`
  by one rename at the end; a Parquet part becomes visible by rename, its `articles` file last;
  DuckDB commits each batch in one transaction.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Optional

from . import tables

FORMATS = ("jsonl", "parquet", "duckdb")
Known = dict[str, tuple[Optional[str], Optional[str]]]


def output_format(target: str, given: Optional[str] = None) -> str:
    """The format `--format` names, else the one OUT's name implies (.parquet, .duckdb, .db)."""
    if given:
        return given
    name = target.lower().rstrip("/")
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".duckdb", ".db")):
        return "duckdb"
    return "jsonl"


def open_sink(target: str, fmt: str) -> "Sink":
    if target == "-":
        if fmt != "jsonl":
            raise ValueError(f"standard output takes JSON Lines, not {fmt}")
        return StdoutSink()
    return {"jsonl": JsonlSink, "parquet": ParquetSink, "duckdb": DuckDBSink}[fmt](Path(target))


def identity(record: dict) -> tuple[Optional[str], Optional[str]]:
    return record.get("sha256"), record.get("pipeline_version")


class Sink:
    known: Known
    written = 0  # records written by this run
    wants_tables = False  # whether `write` reads the whole record, not only its JSON line

    def write(self, records: list[tuple[str, dict]]) -> None:
        """Write (JSON line, record) pairs durably."""
        raise NotImplementedError

    def finish(self) -> None:
        """Make the output final (only after a run that ended normally)."""

    def close(self) -> None:
        """Release the output, leaving it resumable."""

    def describe(self) -> str:
        raise NotImplementedError


class StdoutSink(Sink):
    def __init__(self) -> None:
        self.known = {}

    def write(self, records: list[tuple[str, dict]]) -> None:
        for line, record in records:
            sys.stdout.write(line + "\n")
            self.known[record["id"]] = identity(record)
        sys.stdout.flush()
        self.written += len(records)

    def describe(self) -> str:
        return "standard output"


class JsonlSink(Sink):
    """OUT holds the records of finished runs; OUT.part the records of the run in progress (or
    of an interrupted one, which the next run takes up). At the end, OUT is rewritten once:
    its records not replaced, then the new ones."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal = path.with_name(path.name + ".part")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.known = {}
        if path.exists():
            for record in _records(path):
                self.known[record.get("id")] = identity(record)
        self.new_ids: set[str] = set()
        if self.journal.exists():  # an interrupted run: keep its complete lines
            _drop_partial_line(self.journal)
            for record in _records(self.journal):
                self.known[record["id"]] = identity(record)
                self.new_ids.add(record["id"])
        self._fh: IO[str] = open(self.journal, "a", encoding="utf-8")

    def write(self, records: list[tuple[str, dict]]) -> None:
        for line, record in records:
            self._fh.write(line + "\n")
            self.known[record["id"]] = identity(record)
            self.new_ids.add(record["id"])
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.written += len(records)

    def finish(self) -> None:
        self._fh.close()
        if not self.new_ids:
            self.journal.unlink(missing_ok=True)
            return
        final = self.path.with_name(self.path.name + ".tmp")
        with open(final, "w", encoding="utf-8") as out:
            if self.path.exists():
                for line in _lines(self.path):
                    if _line_id(line) not in self.new_ids:
                        out.write(line)
            for line in _lines(self.journal):
                out.write(line)
            out.flush()
            os.fsync(out.fileno())
        os.replace(final, self.path)
        self.journal.unlink()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        if self.journal.exists() and self.journal.stat().st_size == 0:
            self.journal.unlink()

    def describe(self) -> str:
        return str(self.path)


def _lines(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield line if line.endswith("\n") else line + "\n"


def _records(path: Path):
    for line in _lines(path):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and "id" in record:
            yield record


_ID = re.compile(r'^\{"id":\s*("(?:[^"\\]|\\.)*")')


def _line_id(line: str) -> Optional[str]:
    match = _ID.match(line)  # records begin with their id: no need to parse the whole line
    if match:
        return json.loads(match.group(1))
    try:
        return json.loads(line).get("id")
    except (json.JSONDecodeError, AttributeError):
        return None


def _drop_partial_line(path: Path) -> None:
    """Cut a line the interrupted run left half-written."""
    with open(path, "rb+") as fh:
        data = fh.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            fh.truncate(end)


class ParquetSink(Sink):
    """OUT/TABLE/part-NNNNNN.parquet for every table; a batch's part of `articles` is renamed
    into place last, so a part exists for the other tables only as far as it does for articles.
    Records replaced by a later part are removed from earlier parts when the run ends (or,
    after a crash, when the next run opens the directory)."""

    wants_tables = True

    def __init__(self, path: Path) -> None:
        self.path = path
        for table in tables.TABLES:
            (path / table).mkdir(parents=True, exist_ok=True)
        self._clean()
        self.known, self.owner = {}, {}
        for part in self._parts():
            import pyarrow.parquet as pq

            index = pq.read_table(self._file("articles", part), columns=["id", "sha256", "pipeline_version"])
            for id_, sha, version in zip(*(index.column(c).to_pylist() for c in index.column_names)):
                self.known[id_] = (sha, version)
                self.owner[id_] = part
        self.next_part = max(self._parts(), default=0) + 1
        self._drop_replaced()

    def _file(self, table: str, part: int) -> Path:
        return self.path / table / f"part-{part:06d}.parquet"

    def _parts(self) -> list[int]:
        return sorted(int(p.stem.split("-")[1]) for p in (self.path / "articles").glob("part-*.parquet"))

    def _clean(self) -> None:
        """Remove what an interrupted run left: temporary files, and parts of a batch whose
        articles part never appeared."""
        complete = {p.name for p in (self.path / "articles").glob("part-*.parquet")}
        for table in tables.TABLES:
            for leftover in (self.path / table).glob("*.tmp"):
                leftover.unlink()
            for part in (self.path / table).glob("part-*.parquet"):
                if part.name not in complete:
                    part.unlink()

    def write(self, records: list[tuple[str, dict]]) -> None:
        import pyarrow.parquet as pq

        if not records:
            return
        part = self.next_part
        self.next_part += 1
        arrow = tables.to_arrow(record for _, record in records)
        for table in tables.TABLES[1:] + ["articles"]:  # articles last: it marks the part complete
            tmp = self._file(table, part).with_suffix(".tmp")
            pq.write_table(arrow[table], tmp)
            _fsync(tmp)
            os.replace(tmp, self._file(table, part))
        for _, record in records:
            self.known[record["id"]] = identity(record)
            self.owner[record["id"]] = part
        self.written += len(records)

    def finish(self) -> None:
        self._drop_replaced()

    def _drop_replaced(self) -> None:
        """Rewrite earlier parts without the records a later part replaced."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for part in self._parts():
            ids = pq.read_table(self._file("articles", part), columns=["id"]).column("id").to_pylist()
            stale = [i for i in ids if self.owner.get(i) != part]
            if not stale:
                continue
            for table in tables.TABLES[1:] + ["articles"]:
                key = "id" if table == "articles" else "article_id"
                data = pq.read_table(self._file(table, part))
                kept = data.filter(pc.invert(pc.is_in(data.column(key), value_set=_strings(stale))))
                tmp = self._file(table, part).with_suffix(".tmp")
                pq.write_table(kept, tmp)
                _fsync(tmp)
                os.replace(tmp, self._file(table, part))

    def describe(self) -> str:
        return f"{self.path}/ (Parquet: {', '.join(tables.TABLES)})"


def _strings(values: list[str]):
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


class DuckDBSink(Sink):
    """A DuckDB database with the tables of `pipeline.runtime.tables`; each batch replaces its articles'
    rows in one transaction."""

    wants_tables = True

    def __init__(self, path: Path) -> None:
        import duckdb

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.con = duckdb.connect(str(path))
        empty = tables.to_arrow([])
        for table in tables.TABLES:
            self.con.register("empty_table", empty[table])
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM empty_table")
            self.con.unregister("empty_table")
        self.known = {
            id_: (sha, version) for id_, sha, version in self.con.execute("SELECT id, sha256, pipeline_version FROM articles").fetchall()
        }

    def write(self, records: list[tuple[str, dict]]) -> None:
        if not records:
            return
        arrow = tables.to_arrow(record for _, record in records)
        ids = _strings([record["id"] for _, record in records])
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.register("batch_ids", _id_table(ids))
            for table in tables.TABLES:
                key = "id" if table == "articles" else "article_id"
                self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM batch_ids)")
                self.con.register("batch_rows", arrow[table])
                self.con.execute(f"INSERT INTO {table} SELECT * FROM batch_rows")
                self.con.unregister("batch_rows")
            self.con.unregister("batch_ids")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        for _, record in records:
            self.known[record["id"]] = identity(record)
        self.written += len(records)

    def finish(self) -> None:
        self.con.execute("CHECKPOINT")

    def close(self) -> None:
        self.con.close()

    def describe(self) -> str:
        return f"{self.path} (DuckDB: {', '.join(tables.TABLES)})"


def _id_table(ids):
    import pyarrow as pa

    return pa.table({"id": ids})
