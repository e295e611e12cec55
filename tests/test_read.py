"""Reading: formats, gzip, directories, encodings, and every kind of bad input named with its cause."""

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from pipeline.__main__ import main
from pipeline.stages.read import DecodeError, RawArticle, ReadError, ReadStats, decode, read_paths

from conftest import offset_errors, read_jsonl

ARTICLE = "四平市招商引资工作回眸\n发布时间:2026-01-14\n全市实现到位资金218.82亿元，紧扣《吉林省招商引资综合改革实施方案》部署。\n"


def read_all(*paths):
    stats = ReadStats()
    return list(read_paths(paths, stats)), stats


def only(results, kind):
    return [r for r in results if isinstance(r, kind)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312"])
def test_text_in_each_encoding_reads_back_exactly(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    (article,), _ = read_all(path)
    assert isinstance(article, RawArticle)
    assert article.text == ARTICLE
    assert article.id == "a"


def test_html_declaring_gbk_is_decoded(tmp_path):
    page = f'<html><head><meta charset="gbk"><title>标题</title></head><body><p>{ARTICLE}</p></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    (article,), _ = read_all(path)
    assert "218.82亿元" in article.text and article.encoding == "gbk" and article.format == "html"


def test_gzip_forms_read_like_the_plain_ones(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    lines = [json.dumps({"id": f"n{i}", "title": "题", "text": ARTICLE}, ensure_ascii=False) for i in range(3)]
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    results, _ = read_all(tmp_path)
    assert [r.id for r in results] == ["a", "n0", "n1", "n2"]
    assert all(r.text == ARTICLE for r in results)


def test_directories_are_walked_and_other_files_counted(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    results, stats = read_all(tmp_path)
    assert [r.id for r in results] == ["x"]
    assert len(stats.skipped) == 2 and stats.files == 1


def test_sha256_is_of_the_input_bytes(tmp_path):
    import hashlib

    data = ARTICLE.encode("gbk")
    (tmp_path / "a.txt").write_bytes(data)
    (article,), _ = read_all(tmp_path / "a.txt")
    assert article.sha256 == hashlib.sha256(data).hexdigest()


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (PNG image)"),
    "nul.txt": (b"abc\x00\x01\x02" * 100, "binary file"),
    "broken.txt": ("四平市招商引资工作".encode() + b"\xff\xfe\xfa" + "全市实现到位资金".encode() * 3, "invalid UTF-8 at byte 27"),
    "latin.txt": (bytes([0x81, 0x20, 0xFF, 0x30]) * 50, "undecodable bytes"),
    "truncated.txt.gz": (gzip.compress(ARTICLE.encode() * 50)[:-30], "gzip file is truncated"),
    "notgzip.txt.gz": (b"plain text pretending", "not a valid gzip file"),
    "spaces.txt": (b"  \n\t\n", "only whitespace"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_reported_with_file_and_cause(tmp_path, name):
    data, cause = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    (error,), _ = read_all(tmp_path / name)
    assert isinstance(error, ReadError)
    assert error.source == str(tmp_path / name)
    assert cause in error.reason


def test_decode_never_produces_mojibake_from_corrupt_utf8():
    data = ARTICLE.encode() + b"\xc3\x28" + ARTICLE.encode()
    with pytest.raises(ValueError, match="invalid UTF-8"):
        decode(data, "txt")


def test_malformed_json_line_among_good_ones(tmp_path):
    good = json.dumps({"id": "ok1", "text": ARTICLE}, ensure_ascii=False)
    lines = [good, '{"id": "bad", "text": "未闭合', good.replace("ok1", "ok2"), "[1, 2]", '{"id": "nt"}']
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results, _ = read_all(path)
    assert [r.id for r in only(results, RawArticle)] == ["ok1", "ok2"]
    errors = only(results, ReadError)
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "malformed JSON line" in errors[0].reason
    assert "expected an object" in errors[1].reason
    assert "no 'text'" in errors[2].reason


def test_truncated_jsonl_gzip_keeps_the_lines_before_the_cut(tmp_path):
    lines = [json.dumps({"id": f"n{i}", "text": ARTICLE * 20}, ensure_ascii=False) for i in range(200)]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results, _ = read_all(path)
    good, errors = only(results, RawArticle), only(results, ReadError)
    assert 0 < len(good) < 200
    assert len(errors) == 1 and "truncated" in errors[0].reason and str(path) in errors[0].source


def test_directory_with_no_articles(tmp_path):
    (tmp_path / "readme.md").write_text("nothing here", encoding="utf-8")
    (error,), _ = read_all(tmp_path)
    assert isinstance(error, ReadError) and "no articles" in error.reason


def test_missing_path_is_reported(tmp_path):
    (error,), _ = read_all(tmp_path / "nope.txt")
    assert "no such file" in error.reason


def test_batch_with_bad_inputs_writes_every_good_record(tmp_path, capsys):
    """The whole CLI over a folder of good and bad files: good records written, bad ones named."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, (data, _) in BAD_INPUTS.items():
        (corpus / name).write_bytes(data)
    (corpus / "good1.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "good2.txt").write_bytes(ARTICLE.encode("gb18030"))
    big = ("全市实现到位资金218.82亿元，紧扣《吉林省招商引资综合改革实施方案》部署。" * 40 + "\n") * 1400
    (corpus / "big.txt").write_text("特大文章\n" + big, encoding="utf-8")
    assert (corpus / "big.txt").stat().st_size > 5_000_000
    out = tmp_path / "records.jsonl"
    status = main([str(corpus), "-o", str(out)])
    err = capsys.readouterr().err
    records = read_jsonl(out)
    assert status == 1
    assert sorted(r["id"] for r in records) == ["big", "good1", "good2"]
    assert all(not offset_errors(r) for r in records)
    big_record = next(r for r in records if r["id"] == "big")
    assert len(big_record["documents"]) == 1 and len(big_record["documents"][0]["occurrences"]) == 40 * 1400 - 1
    for name, (_, cause) in BAD_INPUTS.items():
        assert f"{corpus / name}: " in err and cause in err
    assert f"{len(BAD_INPUTS)} failure(s)" in err


def test_json_fields_of_the_wrong_type_are_reported(tmp_path):
    path = tmp_path / "f.jsonl"
    lines = [{"id": True, "text": "正文"}, {"id": 7, "text": "正文"}, {"title": ["t"], "text": "正文"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    results, _ = read_all(path)
    assert isinstance(results[0], ReadError) and "'id' is a bool" in results[0].reason
    assert isinstance(results[1], RawArticle) and results[1].id == "7"
    assert isinstance(results[2], ReadError) and "'title' is a list" in results[2].reason


def test_empty_json_lines_file_is_reported(tmp_path):
    (tmp_path / "e.jsonl").write_text("\n\n", encoding="utf-8")
    (error,), _ = read_all(tmp_path / "e.jsonl")
    assert "holds no articles" in error.reason


def test_declared_big5_page_reads_as_big5(tmp_path):
    page = '<html><head><meta charset="big5"></head><body><p>恒生指數上漲，港元匯率穩定。</p></body></html>'
    (tmp_path / "hk.html").write_bytes(page.encode("cp950"))
    (article,), _ = read_all(tmp_path / "hk.html")
    assert "恒生指數" in article.text and article.encoding == "big5"


def test_short_gbk_text_is_not_taken_for_utf8():
    assert decode("通知".encode("gbk"), "txt") == ("通知", "gb18030")


@pytest.mark.parametrize("text", ["Müller Café eröffnet in Zürich", "Preis: 5 € – „gut“", "Señora Núñez"])
def test_utf8_text_without_chinese_is_not_read_as_gbk(tmp_path, text):
    assert decode(text.encode("utf-8"), "txt") == (text, "utf-8")
    line = json.dumps({"id": "x", "text": text}, ensure_ascii=False).encode("utf-8") + b"\n"
    (tmp_path / "a.jsonl").write_bytes(line)
    (article,), _ = read_all(tmp_path / "a.jsonl")
    assert article.text == text and article.encoding == "utf-8"


def test_an_unreadable_directory_is_reported_and_the_others_read(tmp_path, monkeypatch):
    for folder, name in (("ok", "a.txt"), ("locked", "b.txt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("标题\n正文。", encoding="utf-8")
    listing = Path.iterdir

    def iterdir(self):
        if self.name == "locked":  # chmod 000 does not stop root: the refusal is simulated
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    items = list(read_paths([tmp_path]))
    errors = [item for item in items if isinstance(item, ReadError)]
    assert [(e.source, e.reason) for e in errors] == [(str(tmp_path / "locked"), "directory cannot be read (Permission denied)")]
    assert [item.id for item in items if isinstance(item, RawArticle)] == ["a"]


def test_a_link_to_nothing_named_as_input_is_told_apart_from_a_missing_file(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    (error,) = read_paths([loop])
    assert error.reason == "symbolic link to nothing (or a loop of links)"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, codec):
    text = "关于2025年招商引资工作的通知\n全市签约项目12个，总投资86.5亿元。"
    (tmp_path / "a.txt").write_bytes(text.encode(codec))
    (article,), _ = read_all(tmp_path / "a.txt")
    assert article.text.startswith("关于2025年") and article.encoding == codec


def test_bytes_with_nuls_that_read_as_no_text_stay_binary():
    with pytest.raises(DecodeError, match="contains NUL bytes"):
        decode(bytes(range(256)) * 4, "txt")


FRONT_MATTER_PAGE = """
---
title: '浙江省政府发文，进一步加强招商引资工作'
categories:
 - 金融
date: Tue, 08 Feb 2022 08:00:05 GMT
---

<div>
<p>　　为进一步提高浙江招商引资工作水平，推动招大引强，扩大有效投资，近日，省政府印发了《关于进一步加强招商引资工作的指导意见》。</p>
<p>　　“十四五”期间，从省外引进总投资超10亿元的内资产业项目500个，累计引进省外内资10000亿元。</p>
</div>
"""


@pytest.mark.parametrize("name", ["a.html", "a.txt"])
def test_front_matter_gives_title_and_date_and_is_no_part_of_the_text(tmp_path, name):
    page = FRONT_MATTER_PAGE
    if name.endswith(".txt"):
        page = "".join(line for line in page.splitlines(keepends=True) if "div>" not in line)
        page = page.replace("<p>", "").replace("</p>", "")
    record = record_of(tmp_path / name, page.encode("utf-8"))
    assert record.title == "浙江省政府发文，进一步加强招商引资工作" and record.published == "2022-02-08"
    headline, first, *_ = record.text.split("\n")  # the record's text opens with its headline
    assert headline == record.title and first.startswith("为进一步提高浙江招商引资工作水平")
    assert "categories" not in record.text and "10000亿元" in record.text and "<" not in record.text


def test_a_page_with_an_empty_title_takes_its_headline_from_a_title_block(tmp_path):
    page = (
        '<html><head><meta charset="gb2312"><title></title></head><body><div class="nav">首页 | 新闻</div>'
        '<div class="article-title">黄石产业投资推介会在武汉举行</div><div class="content">'
        "<p>6月9日，黄石产业投资推介会在武汉举行，现场签约项目30个，总投资350亿元。</p>"
        "<p>会议要求各地加快项目建设进度，确保项目早日投产达效，形成新的经济增长点。</p></div></body></html>"
    )
    record = record_of(tmp_path / "a.html", page.encode("gb2312"))
    assert record.title == "黄石产业投资推介会在武汉举行" and "总投资350亿元" in record.text


def record_of(path, data: bytes):
    """The record of the one article a file of these bytes holds, read as the command line reads it."""
    from pipeline import load

    path.write_bytes(data)
    (article,), _ = read_all(path)
    return load().process(article)


HOSTILE_BODY = (
    "<p>为进一步提高浙江招商引资工作水平，推动招大引强，扩大有效投资，近日，省政府印发了指导意见。</p>"
    "<p>“十四五”期间，从省外引进总投资超10亿元的内资产业项目500个。</p>"
)


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>标题</title><script>"
        + "var a=1;" * 1_300_000
        + "</script></head><body><div>"
        + HOSTILE_BODY
        + "</div></body></html>",  # 10 MB of script before the body
        "<html><head><title>标题</title></head><body>"
        + "<div>" * 300
        + HOSTILE_BODY
        + "</div>" * 300
        + "</body></html>",  # nesting deeper than the parsers follow
    ],
    ids=["script", "nesting"],
)
def test_a_page_keeps_its_body_behind_huge_scripts_or_deep_nesting(tmp_path, page):
    record = record_of(tmp_path / "a.html", page.encode("utf-8"))
    assert record.title == "标题" and "内资产业项目500个" in record.text and "var a" not in record.text
    assert [q.value for q in record.quantities if q.unit == "个"] == [500]


def test_a_page_without_any_title_takes_the_block_its_lede_restates(tmp_path):
    page = (
        '<html><head><title></title></head><body><div class="logo"><img src="logo.png"></div>'
        '<div class="newst">2021黄石产业投资推介会在武汉举行！</div><div class="nav">首页 | 新闻中心 | 联系我们</div>'
        '<div class="content"><p>6月6日，2021黄石产业投资推介会在武汉举行，吸引了近两百名客商代表参加。</p>'
        "<p>会上集中签约项目30个，总投资350亿元，涵盖新材料、智能制造等领域。</p></div></body></html>"
    )
    assert record_of(tmp_path / "a.html", page.encode("gb18030")).title == "2021黄石产业投资推介会在武汉举行！"


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_runs_of_blank_lines_are_skipped_and_lines_still_counted(tmp_path, name):
    good = json.dumps({"id": "a", "text": "标题\n正文。"}, ensure_ascii=False).encode("utf-8") + b"\n"
    data = b"\n" * 1_000_000 + b"  \n\r\n" + good + b"\n\n{}\n" + b"   " + good.replace(b'"a"', b'"b"')
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items = list(read_paths([tmp_path / name]))
    assert [(type(i).__name__, i.source.rsplit(":", 1)[1]) for i in items] == [
        ("RawArticle", "1000003"),
        ("ReadError", "1000006"),
        ("RawArticle", "1000007"),
    ]
    assert items[2].id == "b" and items[2].sha256 == hashlib.sha256(b"   " + good.replace(b'"a"', b'"b"').rstrip(b"\n")).hexdigest()


def test_a_lone_surrogate_escaped_in_json_reads_as_a_replacement_character_and_the_record_is_written(tmp_path):
    """JSON may escape half of a character pair (a cut emoji): no encoding can write it, so it
    reads as U+FFFD, one character for one, and the article is extracted and written whole."""
    path = tmp_path / "feed.jsonl"
    text = "总投资12亿元的青山湖" + "\\ud83d" + "智能装备制造基地项目正式开工。"
    path.write_text('{"id": "cut", "title": "标题\\udc00", "text": "' + text + '"}\n', encoding="utf-8")
    (article,), _ = read_all(path)
    assert article.text == "总投资12亿元的青山湖\ufffd智能装备制造基地项目正式开工。" and article.title == "标题\ufffd"
    out = tmp_path / "records.jsonl"
    assert main([str(path), "-o", str(out)]) == 0
    (record,) = read_jsonl(out)
    assert record["quantities"][0]["value"] == 1_200_000_000 and not offset_errors(record)
