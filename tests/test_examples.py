"""Every extractor's examples, one generic test: pipeline/extractors/KIND/examples.jsonl for each
kind of mention a record lists (`schemas.MENTION_FIELDS`).

A line is one JSON object:

    {"text": "全市实现到位资金218.82亿元。", "quantities": [{"text": "218.82亿元", "start": 8, "end": 16,
     "value": 21882000000, "unit": "元", "qualifier": "exact"}], "note": "why (optional)"}

`text` is the sentence; KIND lists the mentions `pipeline.extractors.KIND.extract(text)` must
return, in text order, each an object in the record's own field names (an empty list: nothing of
this kind may be found). Optional: `note` (why the row is there), `source` (the article it was
drawn from: train/ID, dev/ID), `xfail` (a known error: the row fails today, and is a strict
xfail, so a change that fixes it shows), and for projects `"classifier": false` (run the rules
alone, without the shipped classifier: `projects.model.using(None)`).

Validation (when the tests are collected): each mention object is built into the kind's model
(`schemas.MENTION_MODELS[KIND]`) from the fields it gives, the model's defaults filling the rest.
So every field given passes the record's own types and validators (a unit kind, a stage, a
division code, value_max only for a range or an approximate amount, no unknown field), and the
fields the model requires are given: the span (`text`, `start`, `end`) and what identifies the
mention (`name`; a quantity's `value` and `unit`). Each span (and a nested one: a project's
investment, occurrences) must pick its `text` out of the sentence, and the mentions must be in
text order. A line that is not valid fails its own test with the file, the line number and the
reason, whatever its `xfail` says.

Comparison: the same number of mentions, in order, and each found mention agreeing with every
field its example gives, values compared as the model reads them (18.0 = 18) and a nested object
field by field too; a field not given is not compared, an explicit null is (`"subject": null`:
the amount has no subject). The offsets of everything found are checked against the text for
every row, xfails included, by `conftest.every_record_keeps_its_offsets`.
"""

from __future__ import annotations

import importlib
import json
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Optional, Union

import pytest
from pydantic import BaseModel, ValidationError

from pipeline.extractors.projects import model as project_model
from schemas import MENTION_FIELDS, MENTION_MODELS, TextSpan

from conftest import ROOT, examples_of

ROW_FIELDS = {"note", "source", "xfail"}  # strings, beside "text" and the kind's list
OPTIONS = {"projects": {"classifier"}}  # booleans that change how a kind's extractor runs


class ExampleError(ValueError):
    """A line of an examples file that is not a valid example: its message starts with file:line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.line = line
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        super().__init__(f"{where}:{line}: {reason}")


@dataclass(frozen=True)
class Example:
    kind: str
    line: int
    text: str
    given: list[dict]  # the mention objects as written
    expected: list[TextSpan]  # the same, validated
    xfail: Optional[str] = None
    classifier: bool = True


def spans(mention: BaseModel) -> Iterator[TextSpan]:
    """The mention's span and the spans nested in it (occurrences, a project's investment)."""
    if isinstance(mention, TextSpan):
        yield mention
    for name in type(mention).model_fields:
        value = getattr(mention, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                yield from spans(item)


def check_row(kind: str, row: Any) -> None:
    """Raise ValueError if `row` is not an object of the example format (its mentions aside)."""
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    unknown = set(row) - {"text", kind} - ROW_FIELDS - OPTIONS.get(kind, set())
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    if not isinstance(row.get("text"), str) or not row["text"]:
        raise ValueError('"text" must be the sentence')
    if not isinstance(row.get(kind), list):
        raise ValueError(f"{kind!r} must be a list of mention objects (empty: none may be found)")
    for key in ROW_FIELDS & set(row):
        if not isinstance(row[key], str) or not row[key].strip():
            raise ValueError(f"{key!r} must be a non-empty string")
    for key in OPTIONS.get(kind, set()) & set(row):
        if not isinstance(row[key], bool):
            raise ValueError(f"{key!r} must be true or false")


def mention_of(kind: str, text: str, number: int, given: Any) -> TextSpan:
    """The mention object `given`, built into the kind's model and its spans checked against `text`."""
    if not isinstance(given, dict):
        raise ValueError(f"{kind} #{number} is not an object")
    try:
        mention = MENTION_MODELS[kind].model_validate(given)
    except ValidationError as error:
        raise ValueError(f"{kind} #{number}: {error}") from None
    for span in spans(mention):
        there = text[span.start : span.end]
        if there != span.text:
            raise ValueError(f"{kind} #{number}: {span.text!r} is not at {span.start}..{span.end} (the text there is {there!r})")
    return mention


def parse(kind: str, path: Path, line: int, source: str) -> Example:
    """One line of KIND's examples file, validated; an `ExampleError` naming path:line if it is not valid."""
    try:
        row = json.loads(source, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ExampleError(path, line, f"not JSON: {error}") from None
    try:
        check_row(kind, row)
        expected = [mention_of(kind, row["text"], number, given) for number, given in enumerate(row[kind], 1)]
        if [m.start for m in expected] != sorted(m.start for m in expected):
            raise ValueError(f"the {kind} are not in text order")
    except ValueError as error:
        raise ExampleError(path, line, str(error)) from None
    return Example(kind, line, row["text"], row[kind], expected, row.get("xfail"), row.get("classifier", True))


def read_examples(kind: str, path: Optional[Path] = None) -> list[Union[Example, ExampleError]]:
    """Every line of KIND's examples file, as an `Example` or the `ExampleError` that says what is wrong with it."""
    path = path or examples_of(kind)
    rows: list[Union[Example, ExampleError]] = []
    for line, source in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(parse(kind, path, line, source))
        except ExampleError as error:
            rows.append(error)
    return rows


EXAMPLES = {kind: read_examples(kind) for kind in MENTION_FIELDS}


def _params() -> list[Any]:
    params = []
    for kind, rows in EXAMPLES.items():
        for row in rows:
            if isinstance(row, ExampleError):  # never hidden by an xfail
                params.append(pytest.param(row, id=f"{kind}:{row.line}:invalid"))
            else:
                marks = [pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else []
                params.append(pytest.param(row, marks=marks, id=f"{kind}:{row.line}:{row.text[:12]}".replace("\n", " ")))
    return params


def shown(mention: BaseModel, fields: dict) -> dict:
    """The fields of `mention` an example gives, as the model holds them (a nested object by the fields given of it)."""
    out = {}
    for key, given in fields.items():
        value = getattr(mention, key)
        if isinstance(value, BaseModel):
            value = shown(value, given) if isinstance(given, dict) else value.model_dump()
        elif isinstance(value, list):
            value = [item.model_dump() if isinstance(item, BaseModel) else item for item in value]
        out[key] = value
    return out


def required(kind: str) -> dict:
    """The fields to show of a mention found beyond the examples: those the model requires."""
    return {name: None for name, field in MENTION_MODELS[kind].model_fields.items() if field.is_required()}


@pytest.mark.parametrize("example", _params())
def test_example(example: Union[Example, ExampleError]):
    if isinstance(example, ExampleError):
        pytest.fail(str(example), pytrace=False)
    extract = importlib.import_module(f"pipeline.extractors.{example.kind}").extract
    with nullcontext() if example.classifier else project_model.using(None):
        found = extract(example.text)
    fields = example.given + [required(example.kind)] * max(0, len(found) - len(example.given))
    assert [shown(m, f) for m, f in zip(found, fields)] == [shown(m, f) for m, f in zip(example.expected, example.given)]


def test_every_kind_has_enough_examples_and_some_of_nothing():
    assert set(EXAMPLES) == {path.parent.name for path in (ROOT / "pipeline" / "extractors").glob("*/examples.jsonl")}
    for kind, rows in EXAMPLES.items():
        valid = [row for row in rows if isinstance(row, Example)]
        assert len(rows) >= 30, f"{kind} has {len(rows)} examples"
        assert sum(not row.given for row in valid) * 10 >= len(rows), f"{kind}: under a tenth of the rows are negative"
    assert len(EXAMPLES["quantities"]) >= 300
    # the shipped projects extractor (rules and classifier) on at least 120 real sentences, a third of them with no project
    shipped = [row for row in EXAMPLES["projects"] if isinstance(row, Example) and row.classifier]
    assert len(shipped) >= 120 and sum(not row.given for row in shipped) * 3 >= len(shipped)


def test_a_line_that_is_not_a_valid_example_names_its_file_and_line(tmp_path):
    path = tmp_path / "examples.jsonl"
    sentence = '"text": "全市实现到位资金218.82亿元。"'
    lines = [
        sentence + ', "quantities": [{"text": "218.82亿元", "start": 8, "end": 16, "value": 21882000000, "unit": "元"}]',
        sentence + ', "quantities": [{"text": "218.82亿元", "start": 8, "end": 16, "value": 1, "unit": "元", "qualifier": "about"}]',
        sentence + ', "quantities": [{"text": "218.82亿元", "start": 7, "end": 15, "value": 1, "unit": "元"}]',
        sentence + ', "quantities": [{"text": "218.82亿元", "value": 1, "unit": "元"}]',
        sentence + ', "quantity": []',
        sentence + ', "quantities": [',
    ]
    path.write_text("".join("{" + line + "}\n" for line in lines), encoding="utf-8")
    first, *errors = read_examples("quantities", path)
    assert isinstance(first, Example) and first.expected[0].value == Decimal("21882000000")
    assert [str(error).split(": ")[0] for error in errors] == [f"{path}:{n}" for n in range(2, 7)]
    assert all(isinstance(error, ExampleError) for error in errors)
    assert "qualifier" in str(errors[0]) and "is not at 7..15" in str(errors[1]) and "start" in str(errors[2])
    assert "unknown keys ['quantity']" in str(errors[3]) and "not JSON" in str(errors[4])
