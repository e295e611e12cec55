"""The record contract: precise types, impossible values rejected, JSON Schema files current."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from schemas import SCHEMA_DIR, ArticleRecord, Document, Place, Quantity, json_schemas

TEXT = "紧扣《吉林省招商引资综合改革实施方案》，投资50亿元。"
BASE = dict(id="a", source="a.txt", sha256="0" * 64, pipeline_version="0", text=TEXT, meta={"format": "txt"})


def test_json_schema_files_are_current():
    for name, text in json_schemas().items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"{path} is missing: run python -m schemas"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m schemas"


def test_a_valid_record_round_trips_through_json():
    doc = Document(text="吉林省招商引资综合改革实施方案", start=3, end=18, name="吉林省招商引资综合改革实施方案")
    qty = Quantity(text="50亿元", start=22, end=26, value=Decimal("5000000000"), unit="元", kind="money")
    record = ArticleRecord(**BASE, documents=[doc], quantities=[qty], published="2026-01-14")
    again = ArticleRecord.model_validate_json(record.model_dump_json())
    assert again == record
    assert '"value":5000000000' in record.model_dump_json()


@pytest.mark.parametrize(
    "mention",
    [
        {"text": "吉林省", "start": 3, "end": 6, "name": "x"},  # text there is 吉林省
    ],
)
def test_offsets_must_point_at_the_text(mention):
    ArticleRecord(**BASE, documents=[mention])
    with pytest.raises(ValidationError, match="does not match"):
        ArticleRecord(**BASE, documents=[{**mention, "start": 4, "end": 7}])


@pytest.mark.parametrize(
    "bad",
    [
        {"start": -1, "end": 2},
        {"start": 2, "end": 9},  # length differs from the text's
        {"start": 0, "end": 3, "text": ""},
    ],
)
def test_offsets_are_non_negative_and_consistent(bad):
    with pytest.raises(ValidationError):
        Document(**{"text": "吉林省", "name": "吉林省", **bad})


def test_offsets_beyond_the_text_are_rejected():
    with pytest.raises(ValidationError):
        ArticleRecord(**{**BASE, "text": "短"}, documents=[{"text": "吉林省", "start": 3, "end": 6, "name": "吉林省"}])


@pytest.mark.parametrize(
    "code, ok", [("220300", True), ("220322001", True), ("220322001000", True), ("22030", False), ("2203000", False), ("22030a", False)]
)
def test_division_codes_have_6_9_or_12_digits(code, ok):
    make = lambda: Place(text="四平", start=0, end=2, name="四平市", code=code)  # noqa: E731
    if ok:
        assert make().code == code
    else:
        with pytest.raises(ValidationError):
            make()


def test_ranges_are_ordered_and_only_ranges_have_a_maximum():
    ok = Quantity(text="1万-5万元", start=0, end=6, value=10000, value_max=50000, unit="元", qualifier="range")
    assert ok.value_max == 50000
    with pytest.raises(ValidationError, match="below"):
        Quantity(text="1万-5万元", start=0, end=6, value=50000, value_max=10000, unit="元", qualifier="range")
    with pytest.raises(ValidationError):
        Quantity(text="1万-5万元", start=0, end=6, value=10000, unit="元", qualifier="range")
    with pytest.raises(ValidationError):
        Quantity(text="5万元", start=0, end=3, value=50000, value_max=60000, unit="元")
    vague = Quantity(text="数十亿元", start=0, end=4, value=2 * 10**9, value_max=9 * 10**9, unit="元", qualifier="approx")
    assert vague.value_max == 9 * 10**9


@pytest.mark.parametrize("field, value", [("qualifier", "roughly"), ("change", "sideways"), ("kind", "weight")])
def test_enumerations_are_closed(field, value):
    with pytest.raises(ValidationError):
        Quantity(text="5万元", start=0, end=3, value=50000, unit="元", **{field: value})


@pytest.mark.parametrize(
    "date, ok",
    [("2026-01-14", True), ("2020-03", True), ("2020", True), ("2025-13-01", False), ("2025-02-30", False), ("14.01.2026", False)],
)
def test_published_is_a_real_date_at_some_precision(date, ok):
    if ok:
        assert ArticleRecord(**BASE, published=date).published == date
    else:
        with pytest.raises(ValidationError):
            ArticleRecord(**BASE, published=date)


def test_project_status_uses_the_genre_vocabulary():
    from schemas import Project

    assert Project(text="X项目", start=0, end=3, name="X项目", status="签约").status == "签约"
    with pytest.raises(ValidationError):
        Project(text="X项目", start=0, end=3, name="X项目", status="signed-ish")


def test_every_kind_of_mention_the_record_lists_has_its_extractor_and_nothing_else_does():
    from pipeline import ner
    from pipeline.extractors import COMPONENTS
    from schemas import MENTION_FIELDS, MENTION_MODELS

    assert MENTION_FIELDS == ("quantities", "places", "organizations", "persons", "projects", "documents", "indicators")
    assert MENTION_MODELS["quantities"] is Quantity and MENTION_MODELS["places"] is Place
    assert set(COMPONENTS) - {ner.ENTITIES} == set(MENTION_FIELDS)


def test_every_module_sees_the_kinds_the_schema_defines():
    # the tables, the review page and the evaluation each list the kinds: all the schema's, in its order
    from pipeline.runtime import tables
    from pipeline.tools import evaluate, review
    from schemas import MENTION_FIELDS

    assert tables.TABLES == ["articles", *MENTION_FIELDS]
    assert review.KINDS == list(MENTION_FIELDS)
    assert evaluate.FIELDS == tuple(kind for kind in MENTION_FIELDS if kind != "indicators")  # the gold annotates no indicators


def test_each_component_runs_after_the_components_whose_spans_it_reads():
    import spacy

    from pipeline import load

    assert not any(load().nlp.analyze_pipes(pretty=False)["problems"].values())
    # the declarations are what is checked: projects before the quantities it reads is reported
    import pipeline.extractors  # noqa: F401 (registers the components)

    wrong = spacy.blank("zh")
    for name in ("projects", "quantities"):
        wrong.add_pipe(name)
    assert "doc._.quantities" in wrong.analyze_pipes(pretty=False)["problems"]["projects"]
