"""The projects classifier: which of the stretches the rules propose name a project.

`extractors.projects.propose` offers every reading the rules see (a name before a head word,
and its shorter readings beginning at a later word; list items; quoted names), each with its
features; this logistic regression over those features keeps the likeliest non-overlapping
ones. It is trained on gold articles, a reading being a project when its name is a gold
project's (after the scorer's normalization):

    python -m pipeline.project_model ../shared/gold/train ../shared/gold/dev            # train, ship
    python -m pipeline.evaluate ../shared/gold/train ../shared/gold/dev --folds 5       # cross-validate

The threshold is the one of the best projects F1 in a 5-fold cross-validation by article (the
mean over three splits, averaged with the thresholds beside it). With --folds,
`pipeline.tools.evaluate` splits the articles in K folds; each fold is extracted with a model trained
on the others, and every field is scored as the gold scorer counts it.
The shipped model is `pipeline/models/projects.json` (weights by feature name, the threshold, and
what it was trained on); without it the rules decide alone.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Sequence, cast

# the model the extractor reads at run time, with the one in use (`using`): named here too
from ..extractors.projects.model import MODEL_PATH as MODEL_PATH, Model as Model, current as current, shipped as shipped, using as using

if TYPE_CHECKING:
    from ..stages.read import RawArticle

L2 = 1.0  # the prior's weight: the features are many and the articles few
MIN_ARTICLES = 2  # a feature seen in fewer training articles says more of one article than of projects
THRESHOLDS = [round(0.05 * i, 2) for i in range(4, 15)]
SPLITS = (13, 7, 21)  # seeds of the fold splits a threshold is chosen over: one split's luck is noise


# --- training data ----------------------------------------------------------------------------


@dataclass
class Article:
    id: str
    gold: dict
    path: Path
    proposals: list  # (features, label): 1 a project, 0 not, None neither (an optional gold item)


def gold_articles(folders: Sequence[Path]) -> list[tuple[Path, dict]]:
    """(article file, gold annotation) of every NAME.json beside its NAME.txt or NAME.html."""
    found = []
    for folder in folders:
        for gold_path in sorted(Path(folder).glob("*.json")):
            article = next((p for p in (gold_path.with_suffix(".txt"), gold_path.with_suffix(".html")) if p.exists()), None)
            if article is not None:
                found.append((article, json.loads(gold_path.read_text(encoding="utf-8"))))
    return found


def labelled(folders: Sequence[Path]) -> list[Article]:
    """Each gold article's proposals with their labels."""
    from .. import load
    from .evaluate import normalize_name, same_name
    from ..extractors import projects
    from ..stages.segment import doc_text

    pipeline = load()
    out = []
    for path, gold in gold_articles(folders):
        raw = _gold_article(path)
        cleaned, doc = pipeline._segment(raw)
        for name, component in pipeline.nlp.pipeline:
            if name == projects.COMPONENT:
                break
            doc = component(doc)
        text = doc_text(doc)
        proposals = projects.propose(text, doc, projects.quantities_of(doc))
        required = {normalize_name(p["name"], "projects") for p in gold.get("projects", []) if not p.get("optional")}
        optional = {normalize_name(p["name"], "projects") for p in gold.get("projects", []) if p.get("optional")}
        names = [normalize_name(cleaned.text[p.start : p.end], "projects") for p in proposals]
        exact = set(names) & required
        rows = []
        for proposal, name in zip(proposals, names):
            if name in required:
                label = 1
            elif any(same_name(name, g) for g in required - exact):
                label = 1  # no reading is the gold name exactly: the scorer's near match is the best there is
            elif len(name) >= 4 and any(g.endswith(name) for g in required) and "at_rule_start=True" in proposal.features:
                label = 1  # the project named short, as the text writes it (西南产业基地 for 格力电器西南产业基地)
            elif name in optional or any(same_name(name, g) for g in optional):
                label = None
            else:
                label = 0
            rows.append((proposal.features, label))
        out.append(Article(str(gold.get("id") or path.stem), gold, path, rows))
    return out


def _gold_article(path: Path) -> RawArticle:
    """The gold article at `path`; a file that does not read stops training with its cause."""
    from ..stages.read import ReadError, read_paths

    item = next(iter(read_paths([path])))
    if isinstance(item, ReadError):
        raise ValueError(f"{item.source}: {item.reason}")
    return item


# --- fitting ----------------------------------------------------------------------------------


def fit(articles: Sequence[Article], threshold: float = 0.5) -> Model:
    """An L2-regularized logistic regression over the labelled proposals of `articles`."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    seen: dict[str, set] = {}
    for article in articles:
        for features, label in article.proposals:
            if label is not None:
                for f in features:
                    seen.setdefault(f, set()).add(article.id)
    index = {f: i for i, f in enumerate(sorted(f for f, ids in seen.items() if len(ids) >= MIN_ARTICLES or f == "bias"))}
    rows, cols = [], []
    labels: list[int] = []
    for article in articles:
        for features, label in article.proposals:
            if label is None:
                continue
            for f in set(features):
                if f in index:
                    rows.append(len(labels))
                    cols.append(index[f])
            labels.append(label)
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(index)))
    y = np.asarray(labels, dtype=float)
    bias = index["bias"]

    def loss(w):
        z = X @ w
        p = 1.0 / (1.0 + np.exp(-z))
        penalty = w.copy()
        penalty[bias] = 0.0
        value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * L2 * penalty @ penalty
        return value, X.T @ (p - y) + L2 * penalty

    w = minimize(loss, np.zeros(len(index)), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x
    return Model({f: round(float(w[i]), 5) for f, i in index.items() if abs(w[i]) > 1e-4}, threshold)


def folds(articles: Sequence[Article], k: int, seed: int = 13) -> list[list[Article]]:
    """`articles` split in k folds by article, the same split for the same articles and seed."""
    shuffled = sorted(articles, key=lambda a: a.id)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::k] for i in range(k)]


def cross_validate(articles: Sequence[Article], k: int, threshold: Optional[float] = None, train_fraction: float = 1.0):
    """An `evaluate.Evaluation` of every article, each fold extracted with a model trained on the
    other folds (at `threshold`, else the shipped model's), or on `train_fraction` of their
    articles: a point of the learning curve."""
    if threshold is None:
        threshold = cast(Model, shipped()).threshold if shipped() else 0.5  # cached: the model just tested
    return _cross_validated(articles, k, [threshold], train_fraction=train_fraction)[threshold]


def training_share(articles: Sequence[Article], fraction: float, seed: int = 13) -> list[Article]:
    """`fraction` of `articles` (at least one), drawn by article, the same for the same articles and seed."""
    if not 0 < fraction <= 1:
        raise ValueError(f"a training fraction is in (0, 1], not {fraction}")
    shuffled = sorted(articles, key=lambda a: a.id)
    random.Random(seed).shuffle(shuffled)
    return shuffled[: max(1, round(len(shuffled) * fraction))]


def best_threshold(articles: Sequence[Article], k: int = 5) -> tuple[float, dict]:
    """The threshold of the best cross-validated projects F1 (the mean over several splits in
    folds, averaged with the thresholds beside it), and the mean F1 of each one tried."""
    runs = [_cross_validated(articles, k, THRESHOLDS, seed) for seed in SPLITS]
    scores = {t: sum(run[t].summary()["projects"]["f1"] for run in runs) / len(runs) for t in THRESHOLDS}
    # the best with its neighbours: one threshold's luck is noise too
    smoothed = {
        t: sum(scores[u] for u in THRESHOLDS[max(0, i - 1) : i + 2]) / len(THRESHOLDS[max(0, i - 1) : i + 2])
        for i, t in enumerate(THRESHOLDS)
    }
    return max(smoothed, key=cast(Callable[[float], float], smoothed.get)), scores  # every key is in smoothed


def _cross_validated(articles: Sequence[Article], k: int, thresholds: Sequence[float], seed: int = 13, train_fraction: float = 1.0) -> dict:
    """Threshold → `evaluate.Evaluation` of every article; each fold's model is fitted once (on
    `train_fraction` of the other folds' articles) and applied at every threshold."""
    from .. import load
    from .evaluate import Evaluation

    pipeline = load()
    results = {t: Evaluation() for t in thresholds}
    for fold in folds(articles, k, seed):
        held_out = {a.id for a in fold}
        weights = fit(training_share([a for a in articles if a.id not in held_out], train_fraction, seed)).weights
        for threshold in thresholds:
            with using(Model(weights, threshold)):
                for article in fold:
                    raw = _gold_article(article.path)
                    record = pipeline.process(raw).model_dump(mode="json")
                    results[threshold].score_article(article.id, article.gold, record)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.project_model", description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dirs", type=Path, nargs="+", help="folders of gold articles (NAME.json beside NAME.txt)")
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help=f"where the model goes (default {MODEL_PATH})")
    parser.add_argument(
        "--threshold", type=float, default=None, help="the probability a project needs (default: the best of a 5-fold cross-validation)"
    )
    args = parser.parse_args(argv)
    for folder in args.gold_dirs:
        if not folder.is_dir():
            parser.error(f"{folder}: not a directory")
    articles = labelled(args.gold_dirs)
    threshold = args.threshold
    if threshold is None:
        threshold, scores = best_threshold(articles)
        print("cross-validated projects F1 by threshold: " + ", ".join(f"{t}: {f:.3f}" for t, f in scores.items()), file=sys.stderr)
    model = fit(articles, threshold)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "threshold": threshold,
                "l2": L2,
                "min_articles": MIN_ARTICLES,
                "trained_on": {
                    "articles": len(articles),
                    "folders": [p.name for p in args.gold_dirs],
                    "proposals": sum(1 for a in articles for _, label in a.proposals if label is not None),
                    "projects": sum(1 for a in articles for _, label in a.proposals if label == 1),
                },
                "weights": dict(sorted(model.weights.items())),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{args.output}: {len(model.weights)} weights, threshold {threshold}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())  # the model in use lives in extractors.projects.model: one copy, however this runs
