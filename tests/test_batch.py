"""Batch runs as a user makes them: workers, Parquet and DuckDB outputs, re-runs, interrupted runs."""

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow.dataset as ds
import pytest

from pipeline.runtime import tables
from pipeline.__main__ import main

from conftest import ROOT, read_jsonl

PLACES = ["四平市", "梨树县", "江阴市", "余姚市", "福清市", "霸州市"]


def write_articles(folder, n, words=1):
    """n articles, each naming a place, a project with its investment, and an indicator."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        body = (
            f"{place}第{i + 1}批重点项目集中开工\n"
            f"2025年1-6月，{place}新签约项目{i + 3}个，实现到位资金{i + 1}.5亿元。"
            f"总投资{i + 2}亿元的{place[:2]}青山湖智能装备制造基地项目正式开工。" * words
        )
        (folder / f"a{i:04d}.txt").write_text(body, encoding="utf-8")


def cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=600, **kwargs
    )


def by_id(path):
    return {r["id"]: r for r in read_jsonl(path)}


def test_two_workers_write_the_same_records_as_one(tmp_path):
    write_articles(tmp_path / "in", 80)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert cli(tmp_path / "in", "-o", one, "-j", "1").returncode == 0
    done = cli(tmp_path / "in", "-o", two, "-j", "2")
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in read_jsonl(two)] == [r["id"] for r in read_jsonl(one)]  # input order kept
    assert by_id(two) == by_id(one)


def test_parquet_output_has_an_articles_table_and_one_per_kind_of_mention(tmp_path):
    write_articles(tmp_path / "in", 6)
    out = tmp_path / "out.parquet"
    assert cli(tmp_path / "in", "-o", out).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(tables.TABLES)
    articles = ds.dataset(out / "articles").to_table()
    assert articles.num_rows == 6 and articles.schema == tables.SCHEMAS["articles"]
    projects = ds.dataset(out / "projects").to_table().to_pylist()
    assert {p["article_id"] for p in projects} == set(articles.column("id").to_pylist())
    assert all(p["investment_unit"] == "元" and p["status"] == "开工" for p in projects)


def test_duckdb_output_answers_sql(tmp_path):
    write_articles(tmp_path / "in", 6)
    out = tmp_path / "out.duckdb"
    assert main([str(tmp_path / "in"), "-o", str(out)]) == 0
    con = duckdb.connect(str(out), read_only=True)
    by_province = dict(con.execute("SELECT province, SUM(investment_value) FROM projects GROUP BY province").fetchall())
    # 四平市 and 梨树县 are in 吉林 (220000): articles 1, 2 invest 2 and 3 亿元; 江阴市 (320000) article 3: 4 亿元
    assert by_province["220000"] == 5e8 and by_province["320000"] == 4e8
    (count,) = con.execute("SELECT COUNT(*) FROM indicators WHERE name = '到位资金' AND period = '2025年1-6月'").fetchone()
    assert count == 6


@pytest.mark.parametrize("name", ["out.jsonl", "out.parquet", "out.duckdb"])
def test_a_rerun_skips_unchanged_articles_and_replaces_changed_ones(tmp_path, name, capsys):
    write_articles(tmp_path / "in", 5)
    out = tmp_path / name
    assert main([str(tmp_path / "in"), "-o", str(out)]) == 0
    (tmp_path / "in" / "a0002.txt").write_text("江阴市项目集中签约\n江阴市与瑞通集团签订滨江商务综合体项目。", encoding="utf-8")
    assert main([str(tmp_path / "in"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "wrote 1 record(s)" in err and "4 unchanged record(s) kept" in err
    assert main([str(tmp_path / "in"), "-o", str(out)]) == 0
    assert "5 unchanged record(s) kept" in capsys.readouterr().err
    projects = {row["article_id"]: row["name"] for row in table_rows(out, "projects")}
    assert len(table_rows(out, "articles")) == 5  # never a duplicate
    assert projects["a0002"] == "滨江商务综合体项目"


def table_rows(out, table):
    if out.suffix == ".jsonl":
        records = read_jsonl(out)
        return [row for r in records for row in tables.rows(r)[table]]
    if out.suffix == ".parquet":
        return ds.dataset(out / table).to_table().to_pylist()
    con = duckdb.connect(str(out), read_only=True)
    try:
        return con.sql(f"SELECT * FROM {table}").to_arrow_table().to_pylist()
    finally:
        con.close()


@pytest.mark.parametrize("name", ["out.jsonl", "out.parquet", "out.duckdb"])
def test_a_killed_run_resumes_without_losing_or_duplicating_records(tmp_path, name):
    write_articles(tmp_path / "in", 900, words=3)
    out = tmp_path / name
    run = run_until_checkpoint(tmp_path / "in", out, jobs=1)
    assert run.poll() is None, "the run ended before it could be interrupted"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    if name.endswith(".jsonl"):
        assert not out.exists()  # only OUT.part: nothing looks complete
    kept = len(table_rows_safely(out))
    assert 0 < kept < 900
    done = cli(tmp_path / "in", "-o", out, "-j", "2")
    assert done.returncode == 0, done.stderr
    assert f"{kept} unchanged record(s) kept" in done.stderr
    ids = [row["id"] for row in table_rows(out, "articles")]
    assert len(ids) == len(set(ids)) == 900
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob("*.tmp"))


def run_until_checkpoint(inputs, out, jobs):
    """A run of the command line over `inputs`, returned once its first checkpoint is written
    (or it has ended, or four minutes have passed)."""
    run = subprocess.Popen(
        [sys.executable, "-m", "pipeline", str(inputs), "-o", str(out), "-j", str(jobs), "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None and not checkpointed(out):
        time.sleep(0.2)
    return run


def checkpointed(out):
    part = out.with_name(out.name + ".part")
    if out.suffix == ".jsonl":
        return part.exists() and part.stat().st_size > 0
    if out.suffix == ".parquet":
        return any((out / "articles").glob("part-*.parquet")) if (out / "articles").exists() else False
    wal = out.with_name(out.name + ".wal")  # DuckDB: a committed batch is in its write-ahead log
    return wal.exists() and wal.stat().st_size > 100_000


def table_rows_safely(out):
    """The records a killed run left, read without touching what the next run resumes from."""
    if out.suffix == ".jsonl":
        part = out.with_name(out.name + ".part")
        return [line for line in part.read_text(encoding="utf-8").splitlines() if line.endswith("}")]
    if out.suffix == ".duckdb":  # a read-only connection does not replay the write-ahead log: a copy does
        copy = out.with_name("copy.duckdb")
        shutil.copyfile(out, copy)
        wal = out.with_name(out.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
        con = duckdb.connect(str(copy))
        try:
            return con.sql("SELECT id FROM articles").fetchall()
        finally:
            con.close()
            copy.unlink()
    return table_rows(out, "articles")


def test_gzip_input_beyond_the_limit_is_refused(tmp_path, capsys):
    lines = [json.dumps({"id": f"n{i}", "text": "江阴市项目集中签约。" * 50}, ensure_ascii=False) for i in range(20)]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    assert main([str(path), "-o", str(tmp_path / "r.jsonl"), "--max-gzip-bytes", "10000"]) == 1
    err = capsys.readouterr().err
    assert "refused: gzip file decompresses to more than 10,000 bytes" in err and str(path) in err
    assert main([str(path), "-o", str(tmp_path / "r.jsonl")]) == 0


def test_no_progress_bar_when_standard_error_is_not_a_terminal(tmp_path):
    write_articles(tmp_path / "in", 3)
    done = cli(tmp_path / "in", "-o", tmp_path / "r.jsonl")
    assert "\r" not in done.stderr and "chars/s" not in done.stderr


def test_flat_tables_carry_the_province_of_a_project():
    record = {
        "id": "x",
        "text": "…",
        "projects": [
            {
                "name": "A项目",
                "text": "A项目",
                "start": 0,
                "end": 3,
                "occurrences": [{"text": "A", "start": 5, "end": 6}],
                "location": "220322",
                "investors": ["甲公司"],
                "investment": {"value": 5e8, "unit": "元", "text": "5亿元"},
            }
        ],
    }
    (row,) = tables.rows(record)["projects"]
    assert row["province"] == "220000" and row["mentions"] == 2 and row["investment_value"] == 5e8
    assert row["investors"] == ["甲公司"]


def test_a_terminal_gets_a_progress_bar_with_speed_and_time_left(tmp_path, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    write_articles(tmp_path / "in", 3)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "r.jsonl"), "-j", "1"]) == 0
    shown = terminal.getvalue()
    assert "3/3" in shown and "articles" in shown and "chars/s" in shown and "<" in shown  # elapsed<left


def test_workers_end_when_their_run_is_killed(tmp_path):
    write_articles(tmp_path / "in", 900, words=3)
    out = tmp_path / "r.jsonl"
    run = run_until_checkpoint(tmp_path / "in", out, jobs=2)
    workers = children(run.pid)
    assert run.poll() is None and workers, "the run ended before it could be interrupted"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.5)
    assert not [pid for pid in workers if alive(pid)]


def children(pid):
    """The processes `pid` started (from /proc: Linux)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_batches_hold_so_many_articles_or_so_many_characters():
    from pipeline.runtime import batch, core
    from pipeline.stages.read import RawArticle, ReadError

    def article(i, length):
        return RawArticle(
            id=str(i),
            source=f"{i}.txt",
            format="txt",
            text="字" * length,
            sha256="0" * 64,
            encoding="utf-8",
            title=None,
            date=None,
            url=None,
        )

    short = [article(i, 10) for i in range(core.BATCH + 5)] + [ReadError("bad.txt", "unreadable")]
    assert [len(group) for group in core.batches(short)] == [core.BATCH, 6]
    long = [article(i, batch.TASK_CHARACTERS // 3 + 1) for i in range(7)]  # three reach the characters
    assert [len(group) for group in core.batches(long, batch.TASK_ARTICLES, batch.TASK_CHARACTERS)] == [3, 3, 1]
    assert [len(group) for group in core.batches(long)] == [7]
    assert [item for group in core.batches(short + long, 4, 100) for item in group] == short + long
