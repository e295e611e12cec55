"""A review page as a person sees it: opened in headless Chromium, no script errors, highlights on screen."""

import shutil
import subprocess

import pytest

from pipeline import extract
from pipeline.tools.review import COLOURS, write_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: .ci/run installs Debian's chromium package")
Image = pytest.importorskip("PIL.Image")

ARTICLE = (
    "深圳桦森项目签约\n2024年1-12月，全市新签约项目156个，实现到位资金86.5亿元。总投资12亿元的深圳桦森10GW方形"
    "低温锂离子电池项目正式开工，市长李四出席。按照《四平招商推介》执行。"
)


def chromium(*args):
    return subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_review_page_loads_without_errors_and_shows_its_highlights(tmp_path):
    index = write_review([extract(ARTICLE, id="shenzhen")], tmp_path / "review")
    page = (index.parent / "shenzhen.html").as_uri()
    dom = chromium("--dump-dom", page)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<mark") >= 8 and 'class="projects"' in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "Uncaught" in line or "Error" in line], console
    shot = tmp_path / "shot.png"
    done = chromium(f"--screenshot={shot}", "--window-size=900,700", page)
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    pixels = Image.open(shot).convert("RGB")
    colours = pixels.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # text and highlights, not a blank page
    highlight = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in COLOURS.values()}
    assert sum(n for n, rgb in colours if rgb in highlight) > 500  # highlighted stretches on screen
    index_dom = chromium("--dump-dom", index.as_uri())
    assert 'href="shenzhen.html"' in index_dom.stdout
