"""Score records against gold annotations, by the matching rules of the gold format.

    python -m pipeline.evaluate GOLD_DIR [RECORDS.jsonl] [--show-errors N] [--json]
    python -m pipeline.evaluate GOLD_DIR [GOLD_DIR...] --folds 5   # cross-validated, by article
    python -m pipeline.evaluate GOLD_DIR [GOLD_DIR...] --folds 5 --train-fraction 0.5   # learning curve

Without RECORDS the pipeline runs on the articles in GOLD_DIR first. Per field it prints
micro-averaged precision, recall and F1 over the set; then qualifier accuracy, money-only F1,
project status and investment accuracy, person title accuracy, and how often title and publication date equal the gold.

Matching: quantities by unit and value (relative difference below 1e-6), one to one, in
every mention; places by code where the gold has one, else by name; the other fields by name
after removing spaces and brackets (and a trailing 项目 for projects), where a shorter name
also matches a longer one that contains it and is at most 1.25 times as long. Gold items
marked optional neither count when found nor when missed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, cast

from schemas import MENTION_FIELDS

FIELDS = tuple(kind for kind in MENTION_FIELDS if kind != "indicators")  # the gold annotates every kind but indicators
CORE_FIELDS = ("quantities", "places", "organizations", "projects")
MONEY_UNITS = {"元", "美元", "欧元", "港元", "日元", "英镑"}
NAME_NOISE = re.compile(r"[\s\u3000《》<>“”\"'‘’（）()\[\]【】]")
Item = dict
Matcher = Callable[[Item, Item], bool]


def normalize_name(name: Optional[str], field_name: str) -> str:
    """A name as compared: without spaces and brackets; projects also without a trailing 项目."""
    name = NAME_NOISE.sub("", name or "")
    if field_name == "projects" and name.endswith("项目") and len(name) > 2:
        name = name[:-2]
    return name


def same_name(a: str, b: str) -> bool:
    """Equal, or the shorter is one contiguous run covering at least 80% of the longer."""
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return shorter in longer and len(shorter) >= 0.8 * len(longer)


def same_quantity(gold: Item, pred: Item) -> bool:
    if (gold.get("unit") or "") != (pred.get("unit") or ""):
        return False
    try:  # a missing value (None) raises TypeError like any other that is not a number
        g, p = float(cast(Any, gold.get("value"))), float(cast(Any, pred.get("value")))
    except (TypeError, ValueError):
        return False
    return g == p or abs(g - p) <= 1e-6 * max(abs(g), abs(p))


def division_code(code) -> str:
    """Codes compared at their level: a 12-digit code of a county or above becomes 6 digits."""
    code = str(code or "").strip()
    if len(code) == 12 and code.endswith("000000"):
        return code[:6]
    if len(code) == 12 and code.endswith("000"):
        return code[:9]
    return code


def by_name(field_name: str) -> Matcher:
    def match(gold: Item, pred: Item) -> bool:
        return same_name(
            normalize_name(gold.get("name") or gold.get("text"), field_name),
            normalize_name(pred.get("name") or pred.get("text"), field_name),
        )

    return match


def same_place(gold: Item, pred: Item) -> bool:
    if gold.get("code"):
        return division_code(pred.get("code")) == division_code(gold["code"])
    return by_name("places")(gold, pred)


MATCHERS: dict[str, Matcher] = {f: by_name(f) for f in FIELDS}
MATCHERS.update(quantities=same_quantity, places=same_place)


def distinct(field_name: str, items: list[Item]) -> list[Item]:
    """Predictions count once per distinct item, except quantities, which count every mention."""
    if field_name == "quantities":
        return items
    match = MATCHERS[field_name]
    kept: list[Item] = []
    for item in items:
        if not any(match(item, other) and match(other, item) for other in kept):
            kept.append(item)
    return kept


def pair_up(gold: list[Item], pred: list[Item], match: Matcher) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, prediction index); required gold items choose first."""
    taken, pairs = set(), []
    for g in sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional"))):
        for p, item in enumerate(pred):
            if p not in taken and match(gold[g], item):
                taken.add(p)
                pairs.append((g, p))
                break
    return pairs


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: list[Item], pred: list[Item], pairs: list[tuple[int, int]]) -> None:
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        self.tp += sum(1 for g, _ in pairs if not gold[g].get("optional"))
        self.fn += sum(1 for i, g in enumerate(gold) if i not in matched_gold and not g.get("optional"))
        self.fp += sum(1 for i in range(len(pred)) if i not in matched_pred)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (0.0 if self.fn else 1.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def value(self) -> Optional[float]:
        return self.right / self.total if self.total else None


@dataclass
class Evaluation:
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    money: Counts = field(default_factory=Counts)
    qualifier: Ratio = field(default_factory=Ratio)
    status: Ratio = field(default_factory=Ratio)
    investment: Ratio = field(default_factory=Ratio)
    person_title: Ratio = field(default_factory=Ratio)
    title: Ratio = field(default_factory=Ratio)
    published: Ratio = field(default_factory=Ratio)
    articles: int = 0
    missing: list[str] = field(default_factory=list)
    errors: list[tuple[str, str, str, Item]] = field(default_factory=list)  # (article, MISS/EXTRA, field, item)

    def score_article(self, article_id: str, gold: dict, record: dict) -> None:
        self.articles += 1
        for key, ratio in (("title", self.title), ("published", self.published)):
            if gold.get(key):
                ratio.total += 1
                ratio.right += (record.get(key) or None) == gold[key]
        for name in FIELDS:
            gold_items = gold.get(name) or []
            pred = distinct(name, record.get(name) or [])
            pairs = pair_up(gold_items, pred, MATCHERS[name])
            self.fields[name].add(gold_items, pred, pairs)
            self._note_errors(article_id, name, gold_items, pred, pairs)
            required = [(g, p) for g, p in pairs if not gold_items[g].get("optional")]
            if name == "quantities":
                self._score_quantities(gold_items, pred, required)
            if name == "projects":
                self._score_projects(gold_items, pred, required)
            if name == "persons":
                for g, p in required:
                    if gold_items[g].get("title"):
                        self.person_title.total += 1
                        self.person_title.right += normalize_name(gold_items[g]["title"], name) == normalize_name(
                            pred[p].get("title"), name
                        )

    def _score_quantities(self, gold, pred, required) -> None:
        for g, p in required:
            self.qualifier.total += 1
            self.qualifier.right += (gold[g].get("qualifier") or "exact") == (pred[p].get("qualifier") or "exact")
        gold_money = [g for g in gold if g.get("unit") in MONEY_UNITS]
        pred_money = [p for p in pred if p.get("unit") in MONEY_UNITS]
        self.money.add(gold_money, pred_money, pair_up(gold_money, pred_money, same_quantity))

    def _score_projects(self, gold, pred, required) -> None:
        for g, p in required:
            if gold[g].get("status"):
                self.status.total += 1
                self.status.right += gold[g]["status"] == pred[p].get("status")
            if gold[g].get("investment"):
                self.investment.total += 1
                found = pred[p].get("investment")
                self.investment.right += bool(found) and same_quantity(gold[g]["investment"], found)

    def _note_errors(self, article_id, name, gold, pred, pairs) -> None:
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        self.errors += [(article_id, "MISS", name, g) for i, g in enumerate(gold) if i not in matched_gold and not g.get("optional")]
        self.errors += [(article_id, "EXTRA", name, p) for i, p in enumerate(pred) if i not in matched_pred]

    def summary(self) -> dict:
        """Figures as a JSON-ready dict: per-field p, r, f1, tp, fp, fn and the accuracies."""
        out: dict = {"articles": self.articles, "missing_records": self.missing}
        for name, counts in self.fields.items():
            p, r, f1 = counts.prf()
            out[name] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "tp": counts.tp, "fp": counts.fp, "fn": counts.fn}
        out["qualifier_acc"] = _rounded(self.qualifier.value())
        out["money_f1"] = round(self.money.prf()[2], 4)
        out["project_status_acc"] = _rounded(self.status.value())
        out["project_investment_acc"] = _rounded(self.investment.value())
        out["person_title_acc"] = _rounded(self.person_title.value())
        out["core_f1"] = round(sum(out[f]["f1"] for f in CORE_FIELDS) / len(CORE_FIELDS), 4)
        out["title_acc"] = _rounded(self.title.value())
        out["published_acc"] = _rounded(self.published.value())
        return out


def _rounded(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 4)


def load_records(path: Path) -> dict[str, dict]:
    """Records by id and by the stem of their source path."""
    records = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            for key in {str(record.get("id") or ""), Path(str(record.get("source") or "")).stem}:
                if key:
                    records[key] = record
    return records


def evaluate(gold_dir: Path, records: dict[str, dict]) -> Evaluation:
    """Score the records against every NAME.json in gold_dir."""
    result = Evaluation()
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = records.get(gold_path.stem)
        if record is None:
            result.missing.append(gold_path.stem)
        result.score_article(gold_path.stem, gold, record or {})
    return result


def run_pipeline(gold_dir: Path) -> dict[str, dict]:
    """Run the pipeline over the gold folder's articles; return their records."""
    from ..__main__ import main

    with tempfile.TemporaryDirectory(prefix="evaluate-") as folder:
        out = Path(folder) / "records.jsonl"
        main([str(gold_dir), "-o", str(out), "--quiet"])
        return load_records(out) if out.exists() else {}


def print_report(result: Evaluation) -> None:
    s = result.summary()
    print(f"articles: {s['articles']}  missing records: {len(s['missing_records'])}")
    for name in FIELDS:
        f = s[name]
        print(f"{name:14s} P {f['p']:.3f}  R {f['r']:.3f}  F1 {f['f1']:.3f}   (tp {f['tp']}, fp {f['fp']}, fn {f['fn']})")
    print(f"qualifier accuracy on matched quantities: {s['qualifier_acc']}")
    print(f"money-only quantities F1: {s['money_f1']:.3f}")
    print(f"project status accuracy: {s['project_status_acc']}  investment accuracy: {s['project_investment_acc']} (on matched projects)")
    print(f"person title accuracy: {s['person_title_acc']} (on matched persons whose gold has one)")
    print(f"core F1 (mean of quantities, places, organizations, projects): {s['core_f1']:.3f}")
    print(f"title equal to gold: {s['title_acc']}  published equal to gold: {s['published_acc']} (on articles whose gold has one)")


def print_errors(result: Evaluation, limit: int) -> None:
    """The first `limit` misses (gold items in full) and extras (their key fields) on stderr."""
    for article_id, kind, name, item in result.errors[:limit]:
        shown = item if kind == "MISS" else {k: item[k] for k in ("text", "name", "value", "unit", "code") if k in item}
        print(f"{kind} {article_id} {name}: {json.dumps(shown, ensure_ascii=False)}", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("gold_dir", type=Path, help="folder of NAME.json gold files beside their articles")
    parser.add_argument(
        "records",
        type=Path,
        nargs="*",
        help="records (JSON Lines); without it the pipeline runs on GOLD_DIR first. With --folds: more gold folders",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        metavar="K",
        help="cross-validate the learned parts: split the gold folders' articles in K folds "
        "by article, extract each fold with models trained on the others, score them all",
    )
    parser.add_argument(
        "--train-fraction",
        type=float,
        default=1.0,
        metavar="F",
        help="with --folds: train each fold's models on this share of the other folds' articles (a point of the learning curve)",
    )
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print the first N misses and extras to standard error")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    folders = [args.gold_dir, *args.records] if args.folds else [args.gold_dir]
    for folder in folders:
        if not folder.is_dir():
            parser.error(f"{folder}: not a directory")
    if not 0 < args.train_fraction <= 1:
        parser.error(f"--train-fraction {args.train_fraction}: a share in (0, 1]")
    if args.folds:
        from . import project_model

        result = project_model.cross_validate(project_model.labelled(folders), args.folds, train_fraction=args.train_fraction)
    else:
        if len(args.records) > 1:
            parser.error("one records file at most (several folders only with --folds)")
        records = load_records(args.records[0]) if args.records else run_pipeline(args.gold_dir)
        result = evaluate(args.gold_dir, records)
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print_report(result)
    print_errors(result, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
