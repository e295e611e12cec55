"""Against the gold dev set in ../shared (skipped where it is absent)."""

import difflib
import json
import random
import re
import subprocess
import sys

import pytest

from pipeline.__main__ import main
from pipeline.tools.evaluate import FIELDS, evaluate, load_records

from conftest import GOLD_DEV, GOLD_HTML, ROOT, SHARED, needs_shared, offset_errors, read_jsonl

pytestmark = needs_shared
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="module")
def dev_records(tmp_path_factory):
    out = tmp_path_factory.mktemp("dev") / "dev.jsonl"
    assert main([str(GOLD_DEV), "-o", str(out), "--quiet"]) == 0
    return out


def golds():
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DEV.glob("*.json"))}


def score_py(gold_dir, records):
    done = subprocess.run([sys.executable, str(SCORER), str(gold_dir), str(records), "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_one_valid_record_per_article_with_offsets_that_hold(dev_records):
    records = read_jsonl(dev_records)
    assert sorted(r["id"] for r in records) == sorted(golds())
    for record in records:
        assert not offset_errors(record)


@pytest.mark.parametrize("key", ["title", "published"])
def test_title_and_date_equal_the_gold(dev_records, key):
    records = {r["id"]: r for r in read_jsonl(dev_records)}
    judged = [(gold[key], records[name][key]) for name, gold in golds().items() if gold.get(key)]
    right = sum(g == p for g, p in judged)
    assert right / len(judged) >= 0.95, [(g, p) for g, p in judged if g != p]


def test_documents_f1_by_the_reference_scorer(dev_records):
    assert score_py(GOLD_DEV, dev_records)["documents"]["f1"] >= 0.95


def squeeze(text):
    return re.sub(r"\s+", "", text)


# the gold's web pages beside their text versions: full pages, a GB2312 page with an empty
# <title>, a crawler's fragment after a YAML front matter block
GOLD_PAGES = sorted(page for folder in (GOLD_HTML, SHARED / "gold" / "train-html") if folder.is_dir() for page in folder.glob("*.html"))


@pytest.mark.parametrize("page", GOLD_PAGES, ids=lambda p: p.stem)
def test_html_page_gives_the_same_article_as_its_text_version(tmp_path, page):
    out = tmp_path / "r.jsonl"
    text_version = SHARED / "gold" / page.parent.name.removesuffix("-html") / (page.stem + ".txt")
    assert main([str(page), str(text_version), "-o", str(out), "--quiet"]) == 0
    from_html, from_text = read_jsonl(out)
    assert from_html["meta"]["format"] == "html"
    assert from_html["title"] == from_text["title"] or (from_text["title"] is None and from_html["title"])
    assert from_html["published"] == from_text["published"]
    # the same body, but for marks a page draws with markup (the ▷ of a list in the text version)
    similarity = difflib.SequenceMatcher(None, squeeze(from_html["text"]), squeeze(from_text["text"]), autojunk=False).ratio()
    assert similarity >= 0.99


def perturbed_gold_records(seed):
    """Records made from the gold with items dropped, altered and added, to exercise the scorer."""
    rng = random.Random(seed)
    records = []
    for name, gold in golds().items():
        record = {"id": name}
        for field in FIELDS:
            items = [dict(i) for i in gold.get(field) or [] if rng.random() > 0.25]
            for item in items:
                if field == "quantities" and rng.random() < 0.2:
                    item["value"] = float(item["value"]) * (1 + rng.choice([1e-9, 1e-3]))
                    item["qualifier"] = rng.choice(["exact", "approx"])
                elif field == "places" and rng.random() < 0.2:
                    item["code"] = (item.get("code") or "110000") + "000000"
                elif "name" in item and rng.random() < 0.2:
                    item["name"] = item["name"][: max(1, len(item["name"]) * rng.choice([9, 6]) // 10)]
                if field == "projects" and rng.random() < 0.3:
                    item["status"] = "签约"
            items += [{"name": f"虚构{field}{k}", "text": "x", "value": k, "unit": "元"} for k in range(rng.randint(0, 2))]
            rng.shuffle(items)
            record[field] = items
        records.append(record)
    return records


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_evaluator_agrees_with_the_reference_scorer(tmp_path, dev_records, seed):
    if seed is None:
        records_path = dev_records
    else:
        records_path = tmp_path / f"perturbed-{seed}.jsonl"
        records_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in perturbed_gold_records(seed)), encoding="utf-8")
    ours = evaluate(GOLD_DEV, load_records(records_path)).summary()
    reference = score_py(GOLD_DEV, records_path)
    assert {k: ours[k] for k in reference} == reference
    if seed is not None:
        assert 0.3 < ours["quantities"]["f1"] < 1.0  # the perturbation really changed something


def test_evaluate_command_runs_the_pipeline_when_no_records_are_given(capsys):
    from pipeline.tools.evaluate import main as evaluate_main

    assert evaluate_main([str(GOLD_DEV), "--json", "--show-errors", "3"]) == 0
    out, err = capsys.readouterr()
    figures = json.loads(out)
    assert figures["articles"] == len(golds()) and not figures["missing_records"]
    assert figures["documents"]["f1"] >= 0.95 and figures["title_acc"] >= 0.95
    assert len(err.strip().splitlines()) == 3 and err.startswith(("MISS", "EXTRA"))


def test_focus_matches_the_annotation(dev_records):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from focus import score

    right, total, misses = score(dev_records)
    assert total >= 15 and right / total >= 0.85, misses


def test_places_f1_by_the_reference_scorer(dev_records):
    assert score_py(GOLD_DEV, dev_records)["places"]["f1"] >= 0.95


def test_quantities_by_the_reference_scorer(dev_records):
    figures = score_py(GOLD_DEV, dev_records)
    assert figures["quantities"]["f1"] >= 0.95 and figures["qualifier_acc"] >= 0.95


def test_organizations_and_persons_by_the_reference_scorer(dev_records):
    figures = score_py(GOLD_DEV, dev_records)
    assert figures["organizations"]["f1"] >= 0.80 and figures["persons"]["f1"] >= 0.90


def test_persons_carry_the_titles_the_gold_gives(dev_records):
    records = load_records(dev_records)
    assert evaluate(GOLD_DEV, records).summary()["person_title_acc"] >= 0.6
