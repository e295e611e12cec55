"""benchmarks/same_records.py: two runs are the same when only the time and version differ."""

import importlib.util
import json

from conftest import ROOT

spec = importlib.util.spec_from_file_location("same_records", ROOT / "benchmarks" / "same_records.py")
same_records = importlib.util.module_from_spec(spec)
spec.loader.exec_module(same_records)

RECORD = {"id": "a", "text": "吉林化纤集团扩建项目开工。", "projects": [{"name": "吉林化纤集团扩建项目", "status": "开工"}]}


def run(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_records_that_differ_only_in_time_and_version_are_the_same(tmp_path, capsys):
    old = run(tmp_path / "old.jsonl", {**RECORD, "processed_at": "2026-01-01T00:00:00", "pipeline_version": "0.1.0+aaaa"})
    new = run(tmp_path / "new.jsonl", {**RECORD, "processed_at": "2026-02-01T00:00:00", "pipeline_version": "0.1.0+bbbb"})
    assert same_records.main([old, new]) == 0
    assert "0 differ" in capsys.readouterr().out


def test_a_changed_attribute_and_a_missing_record_are_reported(tmp_path, capsys):
    changed = {**RECORD, "projects": [{"name": "吉林化纤集团扩建项目", "status": "在建"}]}
    old = run(tmp_path / "old.jsonl", RECORD, {**RECORD, "id": "b"})
    new = run(tmp_path / "new.jsonl", changed)
    assert same_records.main([old, new]) == 1
    out = capsys.readouterr().out
    assert "2 differ" in out and "a: projects" in out and "b: only in OLD" in out
