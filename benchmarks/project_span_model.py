"""Does a statistical span model help the project rules? A tagger trained on the rules' own
labels over the unlabeled corpus, scored on the dev gold beside the rules.

    python -m pipeline ../shared/corpus -o corpus.jsonl      # the rules over 21k articles
    python benchmarks/project_span_model.py --records corpus.jsonl [--shared PATH] [--work DIR]

1. Weak labels: the project mentions the rules find in the corpus, sentence by sentence: every
   sentence with a project and as many without (seeded), none from the dev articles.
2. A PROJECT tagger with the name recognizer's architecture (pipeline/ner/ner.cfg:
   characters with jieba features, dilated CNN, BILUO decoding), trained by `spacy train`.
3. Dev gold projects by the gold format's matching (pipeline.tools.evaluate): the rules alone, the
   model alone, and the rules plus the names the model finds that no rule found.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

import spacy

from pipeline.stages.clean import extraction_view
from pipeline.tools.evaluate import evaluate, run_pipeline
from pipeline.tools.train import CONFIG, Sentence, to_docbin

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def weak_sentences(records: Path, exclude: set[str], limit: int, seed: int) -> list[Sentence]:
    """Sentences of the records' texts with the rules' project mentions as PROJECT entities."""
    positive, negative = [], []
    with open(records, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("id") in exclude or "text" not in record:
                continue
            spans = [(m["start"], m["end"]) for p in record["projects"] for m in [p, *p["occurrences"]]]
            for sentence in SENTENCE.finditer(record["text"]):
                start, end = sentence.span()
                inside = [(s - start, e - start, "PROJECT") for s, e in spans if start <= s and e <= end]
                (positive if inside else negative).append(Sentence(sentence.group(), inside))
    rng = random.Random(seed)
    rng.shuffle(positive)
    rng.shuffle(negative)
    half = limit // 2
    chosen = positive[:half] + negative[: min(len(negative), max(half, len(positive[:half])))]
    rng.shuffle(chosen)
    return chosen


def model_projects(nlp: spacy.Language, text: str) -> list[dict]:
    """The model's PROJECT names in a record's text, each once, as project items."""
    names = {}
    for sentence in SENTENCE.finditer(text):
        doc = nlp(extraction_view(sentence.group()))
        for ent in doc.ents:
            start = sentence.start() + ent.start_char
            name = text[start : sentence.start() + ent.end_char]
            names.setdefault(name, {"name": name, "text": name, "start": start, "end": start + len(name)})
    return list(names.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=Path, required=True, help="the pipeline's records of the unlabeled corpus")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--sentences", type=int, default=40000)
    parser.add_argument("--steps", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    gold_dir = args.shared / "gold" / "dev"
    dev_ids = {path.stem for path in gold_dir.glob("*.json")}
    sentences = weak_sentences(args.records, dev_ids, args.sentences, args.seed)
    work = args.work or Path(tempfile.mkdtemp(prefix="project-spans-"))
    work.mkdir(parents=True, exist_ok=True)
    blank = spacy.blank("zh")
    held = max(500, len(sentences) // 20)
    to_docbin(blank, sentences[held:]).to_disk(work / "train.spacy")
    to_docbin(blank, sentences[:held]).to_disk(work / "dev.spacy")
    print(f"weak labels: {len(sentences)} sentences, {sum(len(s.entities) for s in sentences)} project mentions", file=sys.stderr)

    from spacy.cli.train import train as spacy_train

    spacy_train(
        CONFIG,
        work / "output",
        overrides={"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"), "training.max_steps": args.steps},
    )
    nlp = spacy.load(work / "output" / "model-best")

    rules = run_pipeline(gold_dir)
    model_only, combined = {}, {}
    for key, record in rules.items():
        found = model_projects(nlp, record["text"])
        model_only[key] = {**record, "projects": found}
        known = [p["name"] for p in record["projects"]]
        extra = [p for p in found if not any(p["name"] in k or k in p["name"] for k in known)]
        combined[key] = {**record, "projects": record["projects"] + extra}
    print("| projects on dev gold | precision | recall | F1 |\n|---|---|---|---|")
    for label, records in (("rules", rules), ("span model (weak labels)", model_only), ("rules + span model", combined)):
        result = evaluate(gold_dir, records).summary()["projects"]
        print(f"| {label} | {result['p']:.3f} | {result['r']:.3f} | {result['f1']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
