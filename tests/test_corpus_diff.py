"""benchmarks/corpus_diff.py on two small hand-made runs."""

import importlib.util
import json

from conftest import ROOT

spec = importlib.util.spec_from_file_location("corpus_diff", ROOT / "benchmarks" / "corpus_diff.py")
corpus_diff = importlib.util.module_from_spec(spec)
spec.loader.exec_module(corpus_diff)

FIELDS = corpus_diff.FIELDS
TEXT_A = "四平市招商引资工作回眸\n去年全市新签约项目中，中煤集团投资12亿元建设光伏电站，阳光新能源也落户铁东区，带动就业岗位三百余个。"
TEXT_B = "长春市经济运行情况\n一季度全市地区生产总值同比增长5.2%，一汽集团产值稳步回升。"
TEXT_C = "吉林市新闻\n吉林化纤集团扩建项目开工。"


def mention(text, part, **extra):
    start = text.index(part)
    return {"text": part, "start": start, "end": start + len(part), "occurrences": [], **extra}


def record(article_id, text, **lists):
    return {"id": article_id, "text": text, **{f: lists.get(f, []) for f in FIELDS}}


def write_jsonl(path, lines):
    path.write_text(
        "".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    return path


def table(out):
    """field -> (OLD, NEW, added, removed, unchanged, only-OLD, only-NEW) from the report."""
    rows = {}
    for line in out.splitlines():
        cells = line.split()
        if len(cells) == 8 and cells[0] in FIELDS and all(c.isdigit() for c in cells[1:]):
            rows[cells[0]] = tuple(map(int, cells[1:]))
    return rows


def test_counts_samples_and_articles_in_one_file(tmp_path, capsys):
    money = {"value": 1200000000, "unit": "元"}
    old = write_jsonl(
        tmp_path / "old.jsonl",
        [
            record(
                "a",
                TEXT_A,
                organizations=[mention(TEXT_A, "中煤集团", name="中煤集团"), mention(TEXT_A, "阳光新能源", name="阳光新能源")],
                quantities=[mention(TEXT_A, "12亿元", **money)],
            ),
            record(
                "b",
                TEXT_B,
                organizations=[mention(TEXT_B, "一汽集团", name="一汽集团")],
                quantities=[mention(TEXT_B, "5.2%", value=5.2, unit="%")],
            ),
            {"source": "broken.txt", "error": "empty file"},  # no id: skipped
        ],
    )
    new = write_jsonl(
        tmp_path / "new.jsonl",
        [
            record(
                "b",
                TEXT_B,
                organizations=[mention(TEXT_B, "一汽集团", name="一汽集团")],
                quantities=[mention(TEXT_B, "5.2%", value=5.2, unit="%")],
            ),
            record(
                "a",
                TEXT_A,
                organizations=[mention(TEXT_A, "中煤集团", name="中煤集团")],  # 阳光新能源 removed
                projects=[mention(TEXT_A, "光伏电站", name="光伏电站")],  # added
                quantities=[mention(TEXT_A, "12亿元", **money)],
            ),
            record("c", TEXT_C, organizations=[mention(TEXT_C, "吉林化纤集团", name="吉林化纤集团")]),
            '{"id": "d", "text": "truncat',  # an unfinished last line
        ],
    )

    assert corpus_diff.main([str(old), str(new), "--seed", "1"]) == 0
    out = capsys.readouterr().out

    rows = table(out)
    assert rows["organizations"] == (3, 2, 0, 1, 2, 0, 1)
    assert rows["projects"] == (0, 1, 1, 0, 0, 0, 0)
    assert rows["quantities"] == (2, 2, 0, 0, 2, 0, 0)
    assert rows["places"] == (0, 0, 0, 0, 0, 0, 0)
    assert "OLD " + str(old) + ": 2 article(s), 1 line(s) skipped" in out
    assert "NEW " + str(new) + ": 3 article(s), 1 line(s) skipped" in out
    assert "articles in both: 2; with changed mentions: 1; with a changed text: 0" in out
    assert "articles only in OLD: 0" in out
    assert "articles only in NEW: 1 (c)" in out

    assert (
        "organizations removed: 1 of 1 (text from OLD)\n"
        "  - a  …市新签约项目中，中煤集团投资12亿元建设光伏电站，【阳光新能源】也落户铁东区，带动就业岗位三百余个。\n" in out
    )
    assert (
        "projects added: 1 of 1 (text from NEW)\n"
        "  + a  …眸⏎去年全市新签约项目中，中煤集团投资12亿元建设【光伏电站】，阳光新能源也落户铁东区，带动就业岗位三百余个。\n" in out
    )
    assert "organizations added" not in out and "quantities added" not in out
    assert "organizations most often removed (articles): 1 distinct name(s)\n       1  阳光新能源\n" in out
    assert "projects most often added (articles): 1 distinct name(s)\n       1  光伏电站\n" in out


def test_same_file_has_no_changes_and_samples_are_reproducible(tmp_path, capsys):
    lines = [record(f"x{i}", TEXT_A, organizations=[mention(TEXT_A, "中煤集团", name="中煤集团")]) for i in range(30)]
    old = write_jsonl(tmp_path / "old.jsonl", lines)
    assert corpus_diff.main([str(old), str(old)]) == 0
    out = capsys.readouterr().out
    assert table(out)["organizations"] == (30, 30, 0, 0, 30, 0, 0)
    assert "articles in both: 30; with changed mentions: 0" in out and "removed:" not in out

    new = write_jsonl(tmp_path / "new.jsonl", [record(f"x{i}", TEXT_A) for i in range(30)][::-1])
    runs = []
    for _ in range(2):
        corpus_diff.main([str(old), str(new), "--sample", "4", "--seed", "7", "--fields", "organizations"])
        runs.append(capsys.readouterr().out)
    assert runs[0] == runs[1]
    assert "organizations removed: 4 of 30" in runs[0]
    assert sum(line.startswith("  - x") for line in runs[0].splitlines()) == 4
    assert "projects" not in runs[0]
