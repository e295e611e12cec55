"""Rebuild the name recognizer from public NER corpora: convert, train, evaluate, package.

    python -m pipeline.train --data ../shared/data            # the shipped mix
    python -m pipeline.train --data ../shared/data --mix msra --output /tmp/ner-msra
    python -m pipeline.train --rescore --output /tmp/ner-msra --score-gold ../shared/gold/dev

Every corpus is read into character-level documents with PER, LOC and ORG entities; the text
goes through the same normalization the pipeline applies before extraction (`extraction_view`),
so the model trains on what it will read. Sentences of the MSRA test set are removed from every
training corpus (People's Daily overlaps it), so the reported test score is a held-out one.
The model's meta.json records the corpora, the config's hash and the scores: MSRA test, CLUENER
dev and, with --score-gold, ORG and PER on gold-annotated articles (`read_gold`).

`read_gold` gives training sentences too, but training on the 85 gold train articles as well
(repeated 3 times, their places as LOC or as unknown, retrained or fine-tuned from the shipped
model) lowered organizations on the gold dev articles and MSRA test F1 (below 0.885): no option
here trains on them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, cast

import numpy as np
import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training.iob_utils import doc_to_biluo_tags

from ..stages.clean import extraction_view
from ..ner import LABELS, MODEL_DIR, BiluoTagger, Entity, bigram_key, char_key, word_key
from ..stages.segment import SENTENCE_BREAK

CONFIG = Path(__file__).parent.parent / "ner" / "ner.cfg"


@dataclass
class Sentence:
    text: str
    entities: list[Entity]
    unknown: list[tuple[int, int]] = field(default_factory=list)  # stretches not to learn from


# --- corpus readers ---------------------------------------------------------------------------


def _tagged_lines(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences of a one-"char tag"-per-line file, blank lines between sentences."""
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split()
            if len(fields) == 2:
                sentence.append((fields[0], fields[1]))
            elif sentence:
                yield sentence
                sentence = []
    if sentence:
        yield sentence


def _spans_from_tags(tags: list[str], labels: dict[str, str]) -> list[Entity]:
    """Entities from BIO or BMES tags ("B-PER", "M_nt", "S-NAME"), keeping the mapped labels."""
    entities: list[Entity] = []
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, kind = tag.replace("_", "-").partition("-")
        continuing = prefix in ("I", "M", "E") and kind == label and start is not None
        if not continuing:
            if start is not None and label in labels:
                entities.append((start, i, labels[label]))
            start, label = (i, kind) if prefix in ("B", "S", "I", "M", "E") else (None, None)
        if prefix in ("E", "S") and start is not None:
            if label in labels:
                entities.append((start, i + 1, labels[label]))
            start, label = None, None
    return entities


def read_tagged(path: Path, labels: dict[str, str], unknown_labels: frozenset[str] = frozenset()) -> list[Sentence]:
    """Sentences of a character-per-line BIO or BMES file; spans of `unknown_labels` (mapped
    labels) are kept out of training as neither entities nor outside (see `read_cluener`)."""
    sentences = []
    for pairs in _tagged_lines(path):
        chars = [char for char, _ in pairs]
        if all(len(char) == 1 for char in chars):
            spans = _spans_from_tags([t for _, t in pairs], labels)
            sentences.append(_sentence("".join(chars), spans, unknown_labels))
    return sentences


def _sentence(text: str, spans: list[Entity], unknown_labels: frozenset[str]) -> Sentence:
    return Sentence(
        text, sorted(s for s in spans if s[2] not in unknown_labels), sorted((s[0], s[1]) for s in spans if s[2] in unknown_labels)
    )


def _naming_a_person(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences with a PER entity: what a corpus adds for persons, without the rest of its
    text teaching O where MSRA sees places (两岸, 中 in 中俄)."""
    return [s for s in sentences if any(label == "PER" for _, _, label in s.entities)]


def read_cluener(path: Path, unknown_labels: frozenset[str] = frozenset()) -> list[Sentence]:
    """CLUENER2020 JSON lines; spans there end on their last character.

    Spans of `unknown_labels` are left for the model neither as entities nor as outside ones:
    CLUENER's addresses (北京市海淀区中关村南大街) are not MSRA's places (北京, 海淀区)."""
    sentences = []
    for line in open(path, encoding="utf-8"):
        item = json.loads(line)
        spans = [
            (start, end + 1, CLUENER_LABELS[kind])
            for kind, names in item.get("label", {}).items()
            if kind in CLUENER_LABELS
            for found in names.values()
            for start, end in found
        ]
        sentences.append(_sentence(item["text"], spans, unknown_labels))
    return sentences


GOLD_FIELDS = (("organizations", "name", "ORG"), ("persons", "name", "PER"), ("places", "text", "LOC"))
_UNKNOWN = "?"  # a gold span not to learn from


def read_gold(directory: Path, places: str = "unknown") -> list[Sentence]:
    """Sentences of the gold-annotated articles under `directory` (NAME.json beside NAME.txt or
    NAME.html; ../shared/spec/GOLD.md), cleaned as the pipeline cleans them, with the gold's
    organizations as ORG and persons as PER wherever their names occur.

    The gold lists names without offsets: each is found by exact match in the text, longest
    first, never overlapping a longer one. Optional items are `unknown` spans, as is a name the
    gold gives two labels. The gold's places are administrative divisions, narrower than MSRA's
    LOC (rivers, regions, buildings): with `places="unknown"` their occurrences teach nothing,
    with "LOC" they are LOC; either way other place names in the text are taught as O."""
    from ..runtime.core import Pipeline  # the pipeline's reading and cleaning, not needed by other corpora
    from ..stages.read import RawArticle, read_paths

    sentences = []
    for article in read_paths([directory]):
        if not isinstance(article, RawArticle):
            continue
        gold_path = Path(article.source).with_suffix(".json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = extraction_view(Pipeline.clean(article).text)
        spans = gold_spans(text, gold, places)
        for start, end in _sentence_bounds(text):
            entities = [(s - start, e - start, label) for s, e, label in spans if start <= s and e <= end]
            sentences.append(
                Sentence(
                    text[start:end],
                    sorted(e for e in entities if e[2] != _UNKNOWN),
                    sorted((s, e) for s, e, label in entities if label == _UNKNOWN),
                )
            )
    return sentences


def gold_spans(text: str, gold: dict, places: str = "unknown") -> list[Entity]:
    """Every occurrence of the gold's names in `text` as (start, end, label), label `_UNKNOWN`
    for optional items, places unless `places == "LOC"`, and names given two labels."""
    labels: dict[str, set[str]] = {}
    for field_name, key, label in GOLD_FIELDS:
        for item in gold.get(field_name) or []:
            name = extraction_view((item.get(key) or "").strip())
            if len(name) < 2:
                continue
            if item.get("optional") or (label == "LOC" and places != "LOC"):
                label_here = _UNKNOWN
            else:
                label_here = label
            labels.setdefault(name, set()).add(label_here)
    resolved = {}
    for name, found in labels.items():
        required = found - {_UNKNOWN}
        resolved[name] = required.pop() if len(required) == 1 else _UNKNOWN
    taken = [False] * len(text)
    spans = []
    for name in sorted(resolved, key=lambda n: (-len(n), n)):
        for match in re.finditer(re.escape(name), text):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                spans.append((start, end, resolved[name]))
    return sorted(spans)


def _sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of the text (cut as the pipeline cuts), spaces trimmed."""
    start = 0
    for end in [m.end() for m in SENTENCE_BREAK.finditer(text)] + [len(text)]:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right - left > 1:
            yield start + left, start + right
        start = end


MSRA_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
PEOPLES_DAILY_LABELS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
RESUME_LABELS = {"NAME": "PER", "LOC": "LOC", "ORG": "ORG"}
CLUENER_LABELS = {"name": "PER", "address": "LOC", "scene": "LOC", "company": "ORG", "government": "ORG", "organization": "ORG"}

#: corpus name → (training files, reader) under the data directory. MSRA's conventions are the
#: reference; where another corpus draws a label's lines differently, its spans of that label
#: teach nothing (neither the label nor O): People's Daily's places and organizations (东盟 is
#: a place there, an organization in MSRA), CLUENER's addresses and scenes (北京市海淀区中关村南大街
#: is one address, three places in MSRA). People's Daily is read for its persons only.
CORPORA: dict[str, tuple[list[str], Callable[[Path], list[Sentence]]]] = {
    "msra": (["ner_msra/msra_train_bio"], lambda p: read_tagged(p, MSRA_LABELS)),
    "peoples_daily": (
        ["ner_peoples_daily_1998_renmin_bmes/train", "ner_peoples_daily_1998_renmin_bmes/dev"],
        lambda p: _naming_a_person(read_tagged(p, PEOPLES_DAILY_LABELS, frozenset({"LOC", "ORG"}))),
    ),
    "cluener": (["ner_cluener2020/train.jsonl"], lambda p: read_cluener(p, unknown_labels=frozenset({"LOC"}))),
    "resume": (["ner_resume/train.char.bmes", "ner_resume/dev.char.bmes"], lambda p: read_tagged(p, RESUME_LABELS)),
}
DEFAULT_MIX = ("msra", "peoples_daily")  # chosen by measurement: README, "Organizations and persons"


def msra_test(data: Path) -> list[Sentence]:
    return read_tagged(data / "ner_msra/msra_test_bio", MSRA_LABELS)


def cluener_dev(data: Path) -> list[Sentence]:
    return read_cluener(data / "ner_cluener2020/dev.jsonl")


def training_sentences(data: Path, mix: Iterable[str]) -> dict[str, list[Sentence]]:
    held_out = {s.text for s in msra_test(data)} | {s.text for s in cluener_dev(data)}
    out = {}
    for name in mix:
        files, reader = CORPORA[name]
        out[name] = [s for f in files for s in reader(data / f) if s.text not in held_out]
    return out


# --- conversion -------------------------------------------------------------------------------


def to_docbin(nlp: spacy.Language, sentences: Iterable[Sentence]) -> DocBin:
    """Character documents with their entities, on the text the pipeline extracts from."""
    docbin = DocBin(attrs=["ORTH", "TAG", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for sentence in sentences:
        text = extraction_view(sentence.text)
        doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
        spans: list[Span] = []
        last_end = 0
        for start, end, label in sorted(set(sentence.entities)):
            if start >= last_end and end <= len(text) and text[start:end].strip():
                # never None: with a token per character every offset is a token boundary
                spans.append(cast(Span, doc.char_span(start, end, label=label)))
                last_end = end
        doc.ents = spans
        unknown = {i for start, end in sentence.unknown for i in range(start, min(end, len(text)))}
        for token, tag in zip(doc, doc_to_biluo_tags(doc)):
            token.tag_ = "" if token.i in unknown else tag  # what the tagger learns; "" teaches nothing
        docbin.add(doc)
    return docbin


# --- evaluation -------------------------------------------------------------------------------


def score(gold: list[list[Entity]], predicted: list[list[Entity]], labels=LABELS) -> dict:
    """Exact-span precision, recall and F1 by label and micro-averaged over `labels`."""
    counts = {label: [0, 0, 0] for label in labels}  # tp, fp, fn
    for gold_entities, predicted_entities in zip(gold, predicted):
        gold_set = {e for e in gold_entities if e[2] in counts}
        predicted_set = {e for e in predicted_entities if e[2] in counts}
        for e in gold_set & predicted_set:
            counts[e[2]][0] += 1
        for e in predicted_set - gold_set:
            counts[e[2]][1] += 1
        for e in gold_set - predicted_set:
            counts[e[2]][2] += 1
    counts["micro"] = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {label: _prf(*c) for label, c in counts.items()}


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r) if p + r else 0.0, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate(nlp: spacy.Language, sentences: list[Sentence], labels=LABELS) -> dict:
    """`score` of the model on the sentences; what it finds overlapping their `unknown` spans
    counts neither way."""
    docs = nlp.pipe(extraction_view(s.text) for s in sentences)
    predicted = [
        [
            (e.start_char, e.end_char, e.label_)
            for e in doc.ents
            if not any(start < e.end_char and e.start_char < end for start, end in s.unknown)
        ]
        for s, doc in zip(sentences, docs)
    ]
    return score([s.entities for s in sentences], predicted, labels)


def tune_outside_weight(nlp: spacy.Language, held_out: list[Sentence]) -> float:
    """Set and return the weight on O's probability that gives the best F1 on held-out sentences.

    A tagger trained with cross-entropy is surer of O than its precision warrants (it finds
    fewer entities than there are); scaling O down before decoding trades some precision for
    more recall."""
    tagger = cast(BiluoTagger, nlp.get_pipe("ner"))
    best = (-1.0, 1.0)
    for weight in OUTSIDE_WEIGHTS:
        tagger.cfg["outside_weight"] = weight
        best = max(best, (evaluate(nlp, held_out)["micro"]["f"], weight))
    tagger.cfg["outside_weight"] = best[1]
    return best[1]


OUTSIDE_WEIGHTS = (1.0, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1)


# --- pretrained vectors ----------------------------------------------------------------------

VECTOR_WIDTH = 32
# (kind, keep at most, fewest occurrences): a table the package can carry (about 26 MB)
VECTOR_VOCABULARY = (("char", 10_000, 2), ("bigram", 120_000, 3), ("word", 80_000, 3))
_CLAUSE_END = re.compile(r"[。！？；\n]+")


#: more text of the labeled corpora for the vectors, labels unused: all of People's Daily (training
#: reads only its clauses naming a person) and the unlabeled CLUENER test set
VECTOR_TEXTS: list[tuple[str, Callable[..., list[Sentence]]]] = [
    ("ner_peoples_daily_1998_renmin_bmes/train", read_tagged),
    ("ner_peoples_daily_1998_renmin_bmes/dev", read_tagged),
    ("ner_peoples_daily_1998_zjy/example.dev", read_tagged),
    ("ner_peoples_daily_1998_zjy/example.test", read_tagged),
    ("ner_cluener2020/test.jsonl", read_cluener),
]


def unlabeled_sentences(data: Path, corpus: Path) -> list[str]:
    """Sentences of the articles under `corpus` (text and JSON Lines), of every training corpus
    and of VECTOR_TEXTS, as the pipeline sees them, without the held-out test sentences."""
    from ..stages.read import RawArticle, read_paths

    texts = [item.text for item in read_paths([corpus]) if isinstance(item, RawArticle) and item.format != "html"]
    held_out = {s.text for s in msra_test(data)} | {s.text for s in cluener_dev(data)}
    labeled = [s.text for sentences in training_sentences(data, list(CORPORA)).values() for s in sentences]
    labeled += [s.text for name, reader in VECTOR_TEXTS for s in reader(data / name, {})]
    texts += [text for text in dict.fromkeys(labeled) if text not in held_out]
    return [clause for text in texts for clause in _CLAUSE_END.split(extraction_view(text)) if len(clause) > 1]


def build_vectors(sentences: list[str], path: Path, width: int = VECTOR_WIDTH, workers: int = 2) -> dict:
    """word2vec (skip-gram) vectors of characters, bigrams and jieba words of the sentences, keyed
    as the model looks them up (`ner.char_key`, `bigram_key`, `word_key`), unit length, in one
    .npz of sorted `keys` and `vectors`. Returns the count of each kind."""
    import jieba
    from gensim.models import Word2Vec

    sequences = {
        "char": [list(s) for s in sentences],
        "bigram": [[s[i : i + 2] for i in range(len(s) - 1)] for s in sentences],
        "word": [[w for w in jieba.cut(s) if w.strip()] for s in sentences],
    }
    key_of = {"char": char_key, "bigram": bigram_key, "word": word_key}
    keys, vectors, counts = [], [], {}
    for kind, most, min_count in VECTOR_VOCABULARY:
        model = Word2Vec(
            sequences[kind],
            vector_size=width,
            window=5,
            min_count=min_count,
            sg=1,
            negative=5,
            epochs=10,
            workers=workers,
            seed=1,
            max_final_vocab=most,
        )
        items = model.wv.index_to_key[:most]
        keys += [key_of[kind](item) for item in items]
        vectors.append(model.wv.get_normed_vectors()[: len(items)])
        counts[kind] = len(items)
    keys_array = np.array(keys, dtype=np.uint64)
    order = np.argsort(keys_array)
    table = np.concatenate(vectors).astype(np.float32)[order]
    keys_array = keys_array[order]
    if len(np.unique(keys_array)) != len(keys_array):
        raise ValueError("two vectors share a key")
    np.savez(path, keys=keys_array, vectors=table)
    return counts


# --- the command ------------------------------------------------------------------------------


def split(data: Path, mix: list[str], seed: int, dev_size: int) -> tuple[dict, list[Sentence], list[Sentence]]:
    """The corpora, the training sentences, and the MSRA sentences held out for model selection
    and for tuning the decoder (the same ones for the same seed)."""
    corpora = training_sentences(data, mix)
    rng = random.Random(seed)
    train: list[Sentence] = []
    dev: list[Sentence] = []
    for name, sentences in corpora.items():
        rng.shuffle(sentences)
        if name == "msra":  # held out from the benchmark's own corpus
            dev, sentences = sentences[:dev_size], sentences[dev_size:]
        train += sentences
    if "msra" not in corpora:
        dev, train = train[:dev_size], train[dev_size:]
    rng.shuffle(train)
    return corpora, train, dev


def finish(nlp: spacy.Language, data: Path, dev: list[Sentence], output: Path, gold_scored: Iterable[Path] = ()) -> dict:
    """Tune the decoder on the held-out sentences, score the model (also on the gold articles of
    `gold_scored`, ORG and PER), record it in its meta and save it to `output`; return the scores."""
    outside_weight = tune_outside_weight(nlp, dev)
    scores = {"msra_test": evaluate(nlp, msra_test(data)), "cluener_dev": evaluate(nlp, cluener_dev(data))}
    for directory in gold_scored:
        scores[f"gold:{directory}"] = evaluate(nlp, read_gold(directory), labels=("ORG", "PER"))
    nlp.meta.update({"outside_weight": outside_weight, "scores_by_corpus": scores})
    saved = Path(tempfile.mkdtemp(prefix="ner-model-"))
    nlp.to_disk(saved)  # written in full before the old model goes
    if output.exists():
        shutil.rmtree(output)
    shutil.move(str(saved), str(output))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="directory of the NER corpora")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path("../shared/corpus"),
        help="unlabeled articles the pretrained vectors learn from, with the corpora's text",
    )
    parser.add_argument(
        "--vectors", type=Path, default=None, help="the --work directory of an earlier run whose pretrained vectors to reuse"
    )
    parser.add_argument("--mix", default=",".join(DEFAULT_MIX), help=f"corpora to train on, of {', '.join(CORPORA)}")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--output", type=Path, default=MODEL_DIR, help="where the model goes")
    parser.add_argument("--work", type=Path, default=None, help="directory for corpora and checkpoints")
    parser.add_argument("--dev-size", type=int, default=1000, help="MSRA training sentences kept for model selection")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rescore", action="store_true", help="no training: tune the decoder of the model at --output again and score it")
    parser.add_argument(
        "--score-gold",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="gold-annotated articles (NAME.txt or .html beside NAME.json) to score the model on too, ORG and PER (read_gold); repeatable",
    )
    parser.add_argument("overrides", nargs="*", help="spaCy config overrides, e.g. training.max_steps=20000")
    args = parser.parse_args(argv)

    mix = [name.strip() for name in args.mix.split(",") if name.strip()]
    unknown = [name for name in mix if name not in CORPORA]
    if unknown:
        parser.error(f"unknown corpora {unknown}; choose from {list(CORPORA)}")
    corpora, train, dev = split(args.data, mix, args.seed, args.dev_size)
    if args.rescore:
        scores = finish(spacy.load(args.output), args.data, dev, args.output, args.score_gold)
        print(json.dumps({k: v["micro"] for k, v in scores.items()}), file=sys.stderr)
        return 0

    config_sha256 = hashlib.sha256(args.config.read_bytes()).hexdigest()  # the config as trained
    work = args.work or Path(tempfile.mkdtemp(prefix="ner-train-"))
    work.mkdir(parents=True, exist_ok=True)
    blank = spacy.blank("zh")
    to_docbin(blank, train).to_disk(work / "train.spacy")
    to_docbin(blank, dev).to_disk(work / "dev.spacy")
    print(f"training sentences: {len(train)} ({', '.join(f'{n} {len(s)}' for n, s in corpora.items())}); dev {len(dev)}", file=sys.stderr)

    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
    vector_width = spacy.util.load_config(args.config)["components"]["tok2vec"]["model"]["embed"].get("vector_width")
    vectors_meta = None
    if vector_width:
        vectors_path = work / "vectors.npz"
        if args.vectors:  # built by an earlier run: the same text gives the same vectors
            shutil.copyfile(args.vectors / "vectors.npz", vectors_path)
            vectors_meta = json.loads((args.vectors / "vectors.json").read_text(encoding="utf-8"))
        else:
            sentences = unlabeled_sentences(args.data, args.corpus)
            counts = build_vectors(sentences, vectors_path, vector_width)
            vectors_meta = {
                "corpus": str(args.corpus),
                "corpora": list(CORPORA) + [name for name, _ in VECTOR_TEXTS],
                "sentences": len(sentences),
                "characters": sum(map(len, sentences)),
                "width": vector_width,
                "keys": counts,
            }
            (work / "vectors.json").write_text(json.dumps(vectors_meta, ensure_ascii=False), encoding="utf-8")
        print(f"vectors: {vectors_meta}", file=sys.stderr)
        overrides["paths.pretrained_vectors"] = str(vectors_path)
    for item in args.overrides:
        key, _, value = item.partition("=")
        overrides[key.lstrip("-")] = json.loads(value) if value[:1] in "0123456789[{-tf" else value
    spacy_train(args.config, work / "output", overrides=overrides)

    nlp = spacy.load(work / "output" / "model-best")
    nlp.meta.update(
        {
            "name": "names",
            "description": "PER, LOC and ORG over characters with jieba word features",
            "sources": [{"name": name, "files": CORPORA[name][0], "sentences": len(corpora[name])} for name in mix],
            "config_sha256": config_sha256,
            "pretrained_vectors": vectors_meta,
            "config_overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        }
    )
    scores = finish(nlp, args.data, dev, args.output, args.score_gold)
    print(json.dumps({k: v["micro"] for k, v in scores.items()}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
