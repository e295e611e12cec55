"""Places: parents and the gazetteer's coverage (the examples, pipeline/extractors/places/examples.jsonl, are run by test_examples.py)."""

import pytest

from pipeline.language import gazetteer
from pipeline.extractors import places

from conftest import SHARED


def test_parents_run_from_the_province_down():
    (place,) = [p for p in places.extract("梨树县新建项目投产。")]
    assert place.parents == ["220000", "220300"] and place.level == "county"


DIVISIONS_2024 = SHARED / "data" / "admin_divisions_mca_yescallop" / "data" / "2024.txt"


@pytest.mark.skipif(not DIVISIONS_2024.exists(), reason="../shared is absent (fresh clone)")
def test_gazetteer_covers_the_2024_county_level_units():
    gaz = gazetteer.load()
    counties = [
        line.split()
        for line in DIVISIONS_2024.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#",)) and not line[:6].endswith("00")
    ]
    covered = [code for code, name in counties if code in gaz.places and gaz.places[code].name == name]
    assert len(counties) > 2800
    assert len(covered) / len(counties) >= 0.99
