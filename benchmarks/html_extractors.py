"""Compare boilerplate-removal libraries on the gold Chinese news pages.

For every ``gold/dev-html/NAME.html`` in the shared folder, the text version
``gold/dev/NAME.txt`` (line 1 headline, line 2 ``date: YYYY-MM-DD``, then the
body) is the reference. For trafilatura, readability-lxml and jusText this
measures:

* title: extracted title equals the headline (``missing`` if none produced);
* date: extracted date equals the reference date (``missing`` if none);
* body: with all whitespace removed, difflib ratio against the reference body,
  character precision (share of extracted characters found, in order, in the
  reference) and recall (share of reference characters found);
* time: median wall time of one extraction over 20 runs, in milliseconds;
* import: wall time of ``python -c "import MODULE"`` minus ``python -c pass``
  (median of 5 runs). The summary table averages the pages per library.

Run:

    python benchmarks/html_extractors.py [--shared PATH]
"""

import argparse
import difflib
import statistics
import subprocess
import sys
import time
from pathlib import Path

import justext
import lxml.html
import readability
import trafilatura

DEFAULT_SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
RUNS = 20
IMPORT_RUNS = 5


def run_trafilatura(html: str):
    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True)
    if doc is None:
        return None, None, ""
    return doc.title, doc.date, doc.text or ""


def run_readability(html: str):
    doc = readability.Document(html)
    body = lxml.html.fromstring(doc.summary()).text_content()
    return doc.short_title(), None, body  # readability offers no date


def run_justext(html: str):
    # jusText has no Chinese stoplist and counts stopwords per whitespace-separated
    # word, which Chinese lacks. An empty stoplist with zero stopword thresholds
    # judges paragraphs by length and link density only; with the default
    # thresholds every paragraph of these pages is rejected as boilerplate.
    paragraphs = justext.justext(html.encode("utf-8"), frozenset(), stopwords_low=0, stopwords_high=0)
    body = "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    return None, None, body  # jusText offers neither title nor date


EXTRACTORS = {  # name -> (extract function, module to time the import of)
    "trafilatura": (run_trafilatura, "trafilatura"),
    "readability-lxml": (run_readability, "readability"),
    "justext": (run_justext, "justext"),
}


def read_reference(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) < 3 or not lines[1].startswith("date:"):
        raise ValueError(f"{path}: expected headline, 'date: ...' line, body")
    return lines[0].strip(), lines[1].removeprefix("date:").strip(), "\n".join(lines[2:])


def squeeze(text: str) -> str:
    return "".join(text.split())


def body_scores(extracted: str, reference: str):
    """Return (ratio, precision, recall) on whitespace-free strings."""
    a, b = squeeze(extracted), squeeze(reference)
    # autojunk=False: by default, in texts over 200 characters, frequent characters
    # such as ， and 的 are treated as junk, which can hide real matches.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return (matcher.ratio(), matched / len(a) if a else 0.0, matched / len(b) if b else 0.0)


def verdict(value, expected) -> str:
    if not value:
        return "missing"
    return "yes" if value.strip() == expected else "no"


def median_ms(func, arg, runs=RUNS) -> float:
    def once():
        start = time.perf_counter()
        func(arg)
        return time.perf_counter() - start

    return statistics.median(once() for _ in range(runs)) * 1000


def import_ms(module: str) -> float:
    def python(code):
        subprocess.run([sys.executable, "-c", code], check=True)

    baseline = median_ms(python, "pass", IMPORT_RUNS)
    return median_ms(python, f"import {module}", IMPORT_RUNS) - baseline


def tally(verdicts) -> str:
    if all(v == "missing" for v in verdicts):
        return "missing"
    return f"{verdicts.count('yes')}/{len(verdicts)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared reference folder (default: %(default)s)")
    shared = parser.parse_args().shared.resolve()
    pages = sorted((shared / "gold" / "dev-html").glob("*.html"))
    if not pages:
        print(f"no HTML pages under {shared / 'gold' / 'dev-html'}", file=sys.stderr)
        return 1

    results = {name: [] for name in EXTRACTORS}
    for page in pages:
        headline, date, reference = read_reference(shared / "gold" / "dev" / f"{page.stem}.txt")
        html = page.read_text(encoding="utf-8")
        print(f"\n{page.stem}")
        for name, (extract, _) in EXTRACTORS.items():
            title, found_date, body = extract(html)
            row = (verdict(title, headline), verdict(found_date, date), *body_scores(body, reference), median_ms(extract, html))
            results[name].append(row)
            print(
                f"  {name:<17} title={row[0]:<7} date={row[1]:<7} ratio={row[2]:.3f} "
                f"precision={row[3]:.3f} recall={row[4]:.3f} time={row[5]:.1f} ms"
            )

    print(
        "\n| library | title = headline | date = gold | body ratio | precision | recall "
        "| ms/page | import ms |\n|---|---|---|---|---|---|---|---|"
    )
    for name, rows in results.items():
        titles, dates, *numbers = zip(*rows)
        ratio, precision, recall, ms = (statistics.mean(column) for column in numbers)
        print(
            f"| {name} | {tally(titles)} | {tally(dates)} | {ratio:.3f} | {precision:.3f} "
            f"| {recall:.3f} | {ms:.1f} | {import_ms(EXTRACTORS[name][1]):.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
