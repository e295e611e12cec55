"""The command line as a user runs it."""

import json
import subprocess
import sys

import pytest

from pipeline.__main__ import main

from conftest import ROOT, offset_errors, read_jsonl


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_main_command_on_the_bundled_corpus(tmp_path):
    out = tmp_path / "out" / "records.jsonl"
    done = run_cli("corpus/", "-o", out)
    assert done.returncode == 0, done.stderr
    (record,) = read_jsonl(out)
    assert record["id"] == "siping-investment-review-2025"
    assert record["title"] == "招商赋能强引擎实干筑势启新程——四平市招商引资工作回眸"
    assert len(record["documents"]) == 7 and not offset_errors(record)
    assert f"wrote 1 record(s) to {out}" in done.stderr
    assert not list(out.parent.glob("*.part"))


def test_dash_writes_json_lines_to_standard_output():
    done = run_cli("corpus/siping-investment-review-2025.txt", "-o", "-")
    assert done.returncode == 0
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["published"] == "2026-01-14"
    assert "standard output" in done.stderr


def test_default_output_file_is_named_in_the_summary(tmp_path):
    done = run_cli(ROOT / "corpus", cwd=tmp_path)
    assert done.returncode == 0
    assert "records.jsonl" in done.stderr and (tmp_path / "records.jsonl").exists()


def test_failures_give_nonzero_status_but_good_records_are_written(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("标题\n按照《四平招商推介》执行。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "r.jsonl"
    assert main([str(tmp_path), "-o", str(out)]) == 1
    assert [r["id"] for r in read_jsonl(out)] == ["good"]
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 'empty.txt'}: empty file" in err
    assert "1 failure(s)" in err


def test_help_explains_every_option():
    done = run_cli("--help")
    assert done.returncode == 0
    for option in ("PATH", "-o", "--quiet", "--version", "Exit status"):
        assert option in done.stdout


def test_usage_error_exits_with_2():
    assert run_cli().returncode == 2


def test_a_run_that_writes_nothing_leaves_the_previous_output_alone(tmp_path, capsys):
    out = tmp_path / "keep.jsonl"
    out.write_text('{"id": "old"}\n', encoding="utf-8")
    assert main([str(tmp_path / "misspelt"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == '{"id": "old"}\n'
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "keep.jsonl.part").exists()


def test_default_output_inside_the_input_folder_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text("标题\n按照《四平招商推介》执行。", encoding="utf-8")
    done = run_cli(".", cwd=tmp_path)
    assert "wrote 1 record(s)" in done.stderr
    done = run_cli(".", cwd=tmp_path)  # the output is not an input, and the article is unchanged
    assert "1 unchanged record(s) kept" in done.stderr and done.returncode == 0
    assert len(read_jsonl(tmp_path / "records.jsonl")) == 1


def test_output_that_is_a_directory_is_a_usage_error(tmp_path):
    done = run_cli("corpus/", "-o", tmp_path)
    assert done.returncode == 2 and "is a directory" in done.stderr


def test_output_that_names_an_input_is_refused_and_the_input_kept(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "标题\n正文。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    before = articles.read_bytes()
    done = run_cli(articles, "-o", articles)
    assert done.returncode == 2 and "is one of the inputs" in done.stderr
    assert articles.read_bytes() == before


def test_duplicate_ids_are_warned_about(tmp_path, capsys):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text("标题\n正文。", encoding="utf-8")
    assert main([str(tmp_path), "-o", str(tmp_path / "r.jsonl")]) == 0
    assert "id 'same' was already used" in capsys.readouterr().err


def test_failures_beyond_a_cap_are_counted_not_listed(tmp_path, capsys, monkeypatch):
    from pipeline.runtime import batch

    monkeypatch.setattr(batch, "MAX_FAILURES_KEPT", 5)
    articles = tmp_path / "articles.jsonl"
    good = json.dumps({"id": "good", "text": "标题\n正文。"}, ensure_ascii=False)
    articles.write_text("{}\n" * 40 + good + "\n", encoding="utf-8")
    assert main([str(articles), "-o", str(tmp_path / "r.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.count("JSON line has no 'text' string") == 5 and "35 more failure(s) not listed" in err
    assert "wrote 1 record(s)" in err and "40 failure(s)" in err
    assert [r["id"] for r in read_jsonl(tmp_path / "r.jsonl")] == ["good"]


def test_a_repeated_id_gets_a_suffix_the_same_in_every_run(tmp_path, capsys):
    lines = [{"id": "a", "text": f"标题{i}\n正文{i}。"} for i in range(3)] + [{"id": "a#2", "text": "标题\n另一篇。"}]
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    runs = []
    for _ in range(3):  # a second and third run into the same output keep every record once
        assert main([str(articles), "-o", str(tmp_path / "r.jsonl")]) == 0
        runs.append(sorted((r["id"], r["title"]) for r in read_jsonl(tmp_path / "r.jsonl")))
    assert runs[0] == runs[1] == runs[2]
    assert runs[0] == sorted([("a", "标题0"), ("a#2", "标题1"), ("a#3", "标题2"), ("a#2#2", "标题")])
    assert "its record has id 'a#3'" in capsys.readouterr().err


def test_hidden_files_are_skipped(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("标题\n正文。", encoding="utf-8")
    (tmp_path / "._a.txt").write_bytes(b"\x00\x05\x16\x07")
    (tmp_path / "a.txt").write_text("标题\n正文。", encoding="utf-8")
    assert main([str(tmp_path), "-o", str(tmp_path / "r.jsonl")]) == 0
    assert [r["id"] for r in read_jsonl(tmp_path / "r.jsonl")] == ["a"]


@pytest.mark.parametrize("name", ["r.jsonl", "r.parquet", "r.duckdb"])
def test_a_second_run_into_the_same_output_is_refused_while_the_first_writes(tmp_path, capsys, name):
    fcntl = pytest.importorskip("fcntl")
    articles = tmp_path / "a.txt"
    articles.write_text("标题\n正文。", encoding="utf-8")
    out = tmp_path / name
    with open(tmp_path / (name + ".lock"), "a") as held:  # what a running first run holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main([str(articles), "-o", str(out)]) == 2
        assert "another run is writing it" in capsys.readouterr().err
        assert not out.exists()
    assert main([str(articles), "-o", str(out)]) == 0
    assert not (tmp_path / (name + ".lock")).exists()


def test_an_output_that_cannot_be_written_is_a_usage_error_not_a_traceback(tmp_path, capsys, monkeypatch):
    import errno

    from pipeline import __main__ as cli_module

    def read_only(target):
        raise OSError(errno.EROFS, "Read-only file system", target)

    monkeypatch.setattr(cli_module, "_lock", read_only)
    articles = tmp_path / "a.txt"
    articles.write_text("标题\n正文。", encoding="utf-8")
    assert main([str(articles), "-o", str(tmp_path / "r.jsonl")]) == 2
    assert "cannot write there (Read-only file system)" in capsys.readouterr().err


def test_an_output_that_fails_mid_run_keeps_what_was_written_and_says_why(tmp_path, capsys, monkeypatch):
    import errno

    from pipeline.runtime import sinks

    def full(self, records):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sinks.JsonlSink, "write", full)
    articles = tmp_path / "a.txt"
    articles.write_text("标题\n正文。", encoding="utf-8")
    assert main([str(articles), "-o", str(tmp_path / "r.jsonl")]) == 2
    assert "cannot write there (No space left on device)" in capsys.readouterr().err
