"""Conformance of the numeral resolver and the quantity extractor with peer libraries'
Chinese test suites: pass rate per suite file, judged by GOLD.md (section quantities).

* Recognizers-Text specs (``data/recognizers_text_specs_zh/Specs``):
  - NumberModel: bare numbers are not quantities (GOLD.md), so only resolution is measured:
    ``numerals.parse_number(result["Text"])`` must equal every expected value (Decimal,
    relative tolerance 1e-9). Cases with no expected result test detection only and are
    excluded automatically. ``IgnoreResolution`` is disregarded (its one case is correct).
  - PercentModel: the percentages ``quantities.extract(Input)`` finds must be exactly the
    expected ones; an expectation written with 百分点 is compared as unit 个百分点, which
    GOLD.md keeps apart from %. Extra percentages fail the case.
  - CurrencyModel, DimensionModel: every expected (value, unit), with Recognizers unit names
    mapped to GOLD.md canonical units (``UNITS``), must be among the extractor's quantities.
* JioNLP (``data/peer_tests_jionlp/jionlp_cases.json``), groups parse_money and extract_money:
  the expected amount (``num``, a ``[lo, hi]`` pair being value and value_max) and currency
  must be among the money quantities found; an expected extract_money span must overlap one.
  JioNLP's ``definition`` corresponds to GOLD.md's qualifier and is not compared.

A found range never matches an expected single amount. Quantities of the suite's kinds
(money, percent, measures) that match nothing are counted in column ``extra``; outside
PercentModel they do not fail the case. Cases whose expectation conflicts with GOLD.md by
design are listed with a reason in ``conformance_exclusions.tsv`` (suite file, input, reason).

Run from the repository root (``--show-failures N``: the first N failing cases per file):

    python benchmarks/conformance.py [--shared PATH] [--show-failures N]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure the working tree

from pipeline.extractors import quantities  # noqa: E402
from pipeline.language.numerals import parse_number  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
EXCLUSIONS = Path(__file__).resolve().parent / "conformance_exclusions.tsv"
SPECS = "data/recognizers_text_specs_zh/Specs"
JIONLP = "data/peer_tests_jionlp/jionlp_cases.json"
BARE_NUMBERS = "detection of bare numbers is out of scope"
TOLERANCE = Decimal("1e-9")

# Recognizers unit names → GOLD.md canonical units
UNITS = {
    "Chinese yuan": "元",
    "United States dollar": "美元",
    "Euro": "欧元",
    "Hong Kong dollar": "港元",
    "Japanese yen": "日元",
    "British pound": "英镑",
    "South Korean won": "韩元",
    "Russian ruble": "卢布",
    "New Taiwan dollar": "新台币",
    "Australian dollar": "澳元",
    "Thai baht": "泰铢",
    "Nigerian naira": "奈拉",
    "Kilogram": "千克",
    "Gram": "克",
    "Milligram": "毫克",
    "Microgram": "微克",
    "Ton": "吨",
    "Jin": "斤",
    "Liang": "两",
    "Meter": "米",
    "Kilometer": "千米",
    "Centimeter": "厘米",
    "Millimeter": "毫米",
    "Square meter": "平方米",
    "Square kilometer": "平方千米",
    "Hectare": "公顷",
    "Cubic meter": "立方米",
    "Liter": "升",
    "Kilometer per hour": "千米/小时",
    "Meter per second": "米/秒",
    "Kilocalorie": "千卡",
}
MONEY = {"money"}
PERCENT = {"percent", "percentage_point"}
DIMENSION = {"area", "length", "mass", "volume", "power", "energy", "compute", "speed", "other"}


@dataclass
class Outcome:
    passed: bool
    expected: str
    got: str
    extra: int = 0


def close(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is b
    return a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def pair_up(expected: list[tuple], got: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Match (value, value_max, unit) items one to one; return (expected items not found,
    found items not expected)."""
    same = lambda x, y: close(x[0], y[0]) and close(x[1], y[1]) and x[2] == y[2]  # noqa: E731
    left, missing = list(got), []
    for item in expected:
        hit = next((g for g in left if same(item, g)), None)
        if hit is None:
            missing.append(item)
        else:
            left.remove(hit)
    return missing, left


def show(items: list[tuple]) -> str:
    return "; ".join(f"{_num(v)}{'–' + _num(hi) if hi is not None else ''} {unit}" for v, hi, unit in items) or "nothing"


def _num(d: Decimal | None) -> str:
    return "None" if d is None else format(d.normalize(), "f")


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def kind_of(q) -> str:
    return getattr(q.kind, "value", q.kind)


def found(text: str, kinds: set[str]) -> tuple[list[tuple], str]:
    """The extractor's quantities of `kinds` as items, and everything it found, for display."""
    mentions = quantities.extract(text)
    item = lambda q: (_dec(q.value), _dec(q.value_max), q.unit)  # noqa: E731
    described = "; ".join(f"{q.text}→{show([item(q)])}" for q in mentions)
    return [item(q) for q in mentions if kind_of(q) in kinds], described or "nothing"


# checks: one case → Outcome


def check_number(case: dict) -> Outcome:
    expected, got, ok = [], [], True
    for r in case["Results"]:
        want = _dec(r["Resolution"]["value"])
        try:
            value = parse_number(r["Text"])
            got.append(f"{r['Text']}→{_num(value)}")
        except ValueError:
            value = None
            got.append(f"{r['Text']}→ValueError")
        expected.append(f"{r['Text']}→{_num(want)}")
        ok = ok and value is not None and close(value, want)
    return Outcome(ok, "; ".join(expected), "; ".join(got))


def check_percent(case: dict) -> Outcome:
    def unit(written: str) -> str:
        return "个百分点" if re.search(r"百\s*分\s*[点點]", written) else "%"

    expected = [(_dec(r["Resolution"]["value"].rstrip("%")), None, unit(r["Text"])) for r in case["Results"]]
    got, described = found(case["Input"], PERCENT)
    missing, extra = pair_up(expected, got)
    return Outcome(not missing and not extra, show(expected), described, len(extra))


def check_units(kinds: set[str]):
    def check(case: dict) -> Outcome:
        expected = [
            (_dec(r["Resolution"]["value"]), None, UNITS.get(r["Resolution"]["unit"], r["Resolution"]["unit"])) for r in case["Results"]
        ]
        got, described = found(case["Input"], kinds)
        missing, extra = pair_up(expected, got)
        return Outcome(not missing, show(expected), described, len(extra))

    return check


def check_parse_money(case: dict) -> Outcome:
    num = case["expected"]["num"]
    low, high = (num, None) if isinstance(num, str) else num
    expected = [(Decimal(low), _dec(high), case["expected"]["case"])]
    got, described = found(case["input"], MONEY)
    missing, extra = pair_up(expected, got)
    return Outcome(not missing, show(expected), described, len(extra))


def check_extract_money(case: dict) -> Outcome:
    spans = [tuple(e["offset"]) for e in case["expected"]]
    money = [q for q in quantities.extract(case["input"]) if kind_of(q) == "money"]
    overlaps = lambda q, s: q.start < s[1] and s[0] < q.end  # noqa: E731
    missing = [s for s in spans if not any(overlaps(q, s) for q in money)]
    extra = [q for q in money if not any(overlaps(q, s) for s in spans)]
    expected = "; ".join(f"{e['text']}@{e['offset']}" for e in case["expected"]) or "no money"
    got = "; ".join(f"{q.text}@[{q.start}, {q.end}]" for q in money) or "no money"
    return Outcome(not missing, expected, got, len(extra))


# suites: (file label, group, cases, input key, check)


def suites(shared: Path):
    specs = shared / SPECS

    def recognizers(path):
        return json.loads((specs / path).read_text(encoding="utf-8-sig"))

    jionlp = json.loads((shared / JIONLP).read_text(encoding="utf-8-sig"))
    return [
        ("NumberModel.json", "Recognizers", recognizers("Number/Chinese/NumberModel.json"), "Input", check_number),
        ("PercentModel.json", "Recognizers", recognizers("Number/Chinese/PercentModel.json"), "Input", check_percent),
        ("CurrencyModel.json", "Recognizers", recognizers("NumberWithUnit/Chinese/CurrencyModel.json"), "Input", check_units(MONEY)),
        ("DimensionModel.json", "Recognizers", recognizers("NumberWithUnit/Chinese/DimensionModel.json"), "Input", check_units(DIMENSION)),
        ("jionlp:parse_money", "JioNLP money", jionlp["parse_money"]["cases"], "input", check_parse_money),
        ("jionlp:extract_money", "JioNLP money", jionlp["extract_money"]["cases"], "input", check_extract_money),
    ]


def read_exclusions(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    return {(r[0], r[1]): r[2] for r in rows[1:]}  # first row: header


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show-failures", type=int, default=0, metavar="N")
    args = parser.parse_args()
    exclusions = read_exclusions(EXCLUSIONS)
    used, rows, totals, failures = set(), [], {}, []
    for label, group, cases, key, check in suites(args.shared):
        row = Counter(cases=len(cases))
        for case in cases:
            text = case[key]
            reason = exclusions.get((label, text))
            if reason:
                used.add((label, text))
            elif label == "NumberModel.json" and not case["Results"]:
                reason = BARE_NUMBERS
            if reason:
                row["excluded"] += 1
                continue
            outcome = check(case)
            row["passed"] += outcome.passed
            row["extra"] += outcome.extra
            if not outcome.passed:
                failures.append((label, text, outcome))
        rows.append((label, row))
        totals.setdefault(group, Counter()).update(row)
    for stale in sorted(set(exclusions) - used):
        print(f"warning: exclusion matches no case: {stale}", file=sys.stderr)
    print_table(rows, [(f"{group} total", row) for group, row in totals.items()])
    if args.show_failures:
        for label, _ in rows:
            mine = [f for f in failures if f[0] == label]
            print(f"\n{label}: {len(mine)} failing, first {min(len(mine), args.show_failures)}")
            for _, text, outcome in mine[: args.show_failures]:
                print(f"  {text!r}\n    expected: {outcome.expected}\n    got:      {outcome.got}")


def print_table(rows: list[tuple[str, Counter]], totals: list[tuple[str, Counter]]) -> None:
    header = ("file", "cases", "excluded", "in scope", "passed", "pass %", "extra")

    def line(label: str, c: Counter) -> tuple:
        scope = c["cases"] - c["excluded"]
        rate = f"{100 * c['passed'] / scope:.1f}" if scope else "-"
        return label, c["cases"], c["excluded"], scope, c["passed"], rate, c["extra"]

    width = max(len(label) for label, _ in rows + totals)
    fmt = f"{{:<{width}}}" + "  {:>8}" * (len(header) - 1)
    print(fmt.format(*header))
    for label, c in rows:
        print(fmt.format(*map(str, line(label, c))))
    print("-" * (width + 10 * (len(header) - 1)))
    for label, c in totals:
        print(fmt.format(*map(str, line(label, c))))


if __name__ == "__main__":
    main()
