"""How well organizations and persons are found: the model alone, and with the rules.

    python benchmarks/names.py [--shared PATH]

- MSRA test (3,442 sentences) and CLUENER2020 dev (1,343 sentences; name → PER, company,
  government and organization → ORG, address and scene → LOC): exact character spans by
  type. "model" is the name recognizer alone; "with rules" takes ORG and PER from the
  organizations and persons extractors of the whole pipeline (every mention, by offsets) and
  LOC from the model.
- ../shared/gold/dev: organizations and persons by the gold format's matching rules
  (pipeline.tools.evaluate); "model" lists the model's ORG and PER entities as the record's names.
- How many entities a model over jieba words could not even represent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import load
from pipeline.stages.assemble import assemble
from pipeline.stages.clean import extraction_view
from pipeline.tools.evaluate import evaluate
from pipeline.ner import load_model, model_entities
from pipeline.stages.read import RawArticle, read_paths
from pipeline.tools.train import cluener_dev, msra_test, score

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LABELS = ("PER", "LOC", "ORG")


def corpus_scores(sentences) -> tuple[dict, dict]:
    """Scores of the model alone and of the pipeline's extractors on labelled sentences."""
    pipeline = load()
    model_found, rules_found = [], []
    for i, sentence in enumerate(sentences):
        doc = pipeline.nlp(extraction_view(sentence.text))
        entities = model_entities(doc)
        model_found.append(entities)
        article = RawArticle(id=str(i), source="", format="txt", text=sentence.text, sha256="0" * 64)
        record = assemble(doc, article, pipeline.clean(article), pipeline.version)
        spans = [(e[0], e[1], "LOC") for e in entities if e[2] == "LOC"]
        for kind, label in (("organizations", "ORG"), ("persons", "PER")):
            for item in getattr(record, kind):
                spans += [(m.start, m.end, label) for m in [item, *item.occurrences]]
        rules_found.append(spans)
    gold = [s.entities for s in sentences]
    return score(gold, model_found), score(gold, rules_found)


def dev_scores(gold_dir: Path) -> tuple[dict, dict]:
    """organizations and persons on the dev articles: the model's names, and the records'."""
    pipeline = load()
    model_records, records = {}, {}
    for article in read_paths([gold_dir]):
        cleaned = pipeline.clean(article)
        doc = pipeline.nlp(extraction_view(cleaned.text))
        names = {"ORG": [], "PER": []}
        for start, end, label in model_entities(doc):
            if label in names:
                names[label].append({"name": cleaned.text[start:end]})
        model_records[article.id] = {"organizations": names["ORG"], "persons": names["PER"]}
        records[article.id] = assemble(doc, article, cleaned, pipeline.version).model_dump(mode="json")
    return tuple(
        {kind: evaluate(gold_dir, found).summary()[kind] for kind in ("organizations", "persons")} for found in (model_records, records)
    )


def jieba_alignment(sentences) -> float:
    """Share of entities whose start or end falls inside a jieba word: what a model over jieba
    tokens could never find exactly (the reason the recognizer reads characters)."""
    import jieba

    inside = total = 0
    for sentence in sentences:
        bounds, position = {0}, 0
        for word in jieba.cut(sentence.text):
            position += len(word)
            bounds.add(position)
        for start, end, _ in sentence.entities:
            total += 1
            inside += start not in bounds or end not in bounds
    return inside / total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    data = args.shared / "data"
    rows = []
    for corpus, sentences in (("MSRA test", msra_test(data)), ("CLUENER2020 dev", cluener_dev(data))):
        for setup, scores in zip(("model", "with rules"), corpus_scores(sentences)):
            rows.append((corpus, setup, *(scores[label]["f"] for label in (*LABELS, "micro"))))
    for setup, scores in zip(("model", "with rules"), dev_scores(args.shared / "gold" / "dev")):
        rows.append(("gold/dev (names)", setup, None, None, None, None, scores["organizations"]["f1"], scores["persons"]["f1"]))
    meta = load_model().meta
    print(f"model: {meta.get('description')}; trained on {', '.join(s['name'] for s in meta.get('sources', []))}")
    for corpus, sentences in (("MSRA test", msra_test(data)), ("CLUENER2020 dev", cluener_dev(data))):
        print(f"{corpus}: {jieba_alignment(sentences):.1%} of entities begin or end inside a jieba word")
    print("| data | setup | PER F1 | LOC F1 | ORG F1 | micro F1 | organizations F1 | persons F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for corpus, setup, *figures in rows:
        cells = ["" if f is None else f"{f:.3f}" for f in figures] + [""] * (6 - len(figures))
        print(f"| {corpus} | {setup} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
