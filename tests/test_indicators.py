"""Indicators: one generic test over the examples table (extractors/indicators/examples.tsv)."""

from decimal import Decimal

import pytest

from pipeline.extractors import indicators

from conftest import examples_of, read_table


def expected(cell: str) -> list[tuple]:
    out = []
    for item in filter(None, (c.strip() for c in cell.split("|"))):
        name, value, unit, period = (f.strip() for f in item.split("/"))
        out.append((name, Decimal(value), unit, period or None))
    return out


ROWS = [(row[0], expected(row[1] if len(row) > 1 else "")) for row in read_table(examples_of("indicators"))]


@pytest.mark.parametrize("sentence, stated", ROWS, ids=[r[0][:16] for r in ROWS])
def test_indicators_examples(sentence, stated):
    found = indicators.extract(sentence)
    assert [(i.name, i.value, i.unit, i.period) for i in found] == stated
    for indicator in found:
        assert sentence[indicator.start : indicator.end] == indicator.text
