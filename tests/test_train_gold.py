"""Gold-annotated articles as training sentences for the name recognizer (train.read_gold)."""

import json

from pipeline.tools import train

GOLD = {
    "organizations": [{"name": "中共黄石市委"}, {"name": "黄石市人民政府"}, {"name": "市委", "optional": True}],
    "persons": [{"name": "吴锦", "title": "市长"}, {"name": "李明", "optional": True}],
    "places": [{"text": "黄石", "name": "黄石市", "code": "420200"}, {"text": "武汉", "name": "武汉市", "code": "420100"}],
}
TEXT = "中共黄石市委、黄石市人民政府在武汉举办推介会。\n黄石市委书记吴锦出席，记者李明报道。"


def spans(text, found):
    return [(text[start:end], label) for start, end, label in found]


def test_gold_names_are_found_longest_first_without_overlaps():
    found = spans(TEXT, train.gold_spans(TEXT, GOLD))
    assert ("中共黄石市委", "ORG") in found and ("黄石市人民政府", "ORG") in found
    assert ("吴锦", "PER") in found
    # 市委 inside 中共黄石市委 is not found again; on its own (黄石市委) it is optional
    assert ("市委", "?") in found and found.count(("市委", "?")) == 1
    assert ("李明", "?") in found  # optional


def test_places_teach_nothing_unless_asked_to_be_loc():
    assert ("武汉", "?") in spans(TEXT, train.gold_spans(TEXT, GOLD))
    as_loc = spans(TEXT, train.gold_spans(TEXT, GOLD, places="LOC"))
    assert ("武汉", "LOC") in as_loc and ("黄石", "LOC") in as_loc


def test_a_name_with_two_labels_teaches_nothing():
    gold = {
        "organizations": [{"name": "黄石临空经济区"}],
        "places": [{"text": "黄石临空经济区", "optional": True}],
        "persons": [{"name": "黄石"}],
    }
    found = spans("黄石临空经济区", train.gold_spans("黄石临空经济区", gold))
    assert found == [("黄石临空经济区", "ORG")]  # required beats optional
    gold["places"] = [{"text": "黄石"}]
    assert spans("黄石", train.gold_spans("黄石", gold, places="LOC")) == [("黄石", "?")]


def test_read_gold_gives_sentences_with_entities_and_unknown_spans(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.txt").write_text("没有金标的文章。", encoding="utf-8")  # no NAME.json: not read
    sentences = train.read_gold(tmp_path)
    assert [s.text for s in sentences] == [
        "中共黄石市委、黄石市人民政府在武汉举办推介会。",
        "黄石市委书记吴锦出席,记者李明报道。",
    ]  # as extraction_view reads it
    second = sentences[1]
    assert spans(second.text, second.entities) == [("吴锦", "PER")]
    assert [second.text[s:e] for s, e in second.unknown] == ["黄石", "市委", "李明"]
    # the unknown stretches carry no tag for the tagger to learn
    docbin = train.to_docbin(train.spacy.blank("zh"), sentences)
    doc = list(docbin.get_docs(train.spacy.blank("zh").vocab))[1]
    assert [t.tag_ for t in doc][:4] == ["", "", "", ""]
    assert [t.tag_ for t in doc][6:8] == ["B-PER", "L-PER"]
