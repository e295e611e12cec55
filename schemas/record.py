"""The record contract: one validated `ArticleRecord` per article.

Field names follow the gold annotation format (title, published, quantities, places,
organizations, persons, projects, documents). Every mention carries its `text` and the
character offsets `start`/`end` into the record's `text`, and the record refuses to
validate when `text[start:end] != mention.text` for any of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Optional, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PlainSerializer,
    StringConstraints,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = "1.1"


class Qualifier(str, Enum):
    """How a quantity's value relates to the true amount."""

    exact = "exact"
    approx = "approx"  # 约, 近, 左右, 余, 多, 上下
    at_least = "at_least"  # 以上, 及以上, 不少于
    more_than = "more_than"  # 超过, 逾, 突破, 超
    at_most = "at_most"  # 以下, 以内, 不超过
    less_than = "less_than"  # 不足, 不到
    range = "range"  # value … value_max


class Change(str, Enum):
    """Direction of a change rate (增长 / 下降)."""

    up = "up"
    down = "down"


class UnitKind(str, Enum):
    money = "money"
    count = "count"  # type: ignore[assignment]  # the schema's value; the member hides str.count
    area = "area"
    length = "length"
    mass = "mass"
    volume = "volume"
    power = "power"
    energy = "energy"
    compute = "compute"
    percent = "percent"
    percentage_point = "percentage_point"
    ratio = "ratio"
    duration = "duration"
    speed = "speed"
    other = "other"


class ProjectStatus(str, Enum):
    """Stage of a project as the genre names it."""

    planned = "谋划"
    signed = "签约"
    landed = "落地"
    started = "开工"
    under_construction = "在建"
    completed = "竣工"
    in_operation = "投产"
    progressing = "进展"


class PlaceLevel(str, Enum):
    country = "country"
    province = "province"
    prefecture = "prefecture"
    county = "county"
    township = "township"
    zone = "zone"
    foreign_city = "foreign_city"


# GB/T 2260 division codes: 6 digits (province, prefecture, county); 9 or 12 for townships.
DivisionCode = Annotated[str, StringConstraints(pattern=r"^(\d{6}|\d{9}|\d{12})$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
# A publication date at the precision the page gives: 2026, 2026-01 or 2026-01-14.
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


def _json_number(value: Decimal) -> Union[int, float]:
    """Decimals are exact inside the pipeline and leave it as plain JSON numbers."""
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[Decimal, PlainSerializer(_json_number, return_type=Union[int, float])]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


class TextSpan(_Model):
    """A stretch of the record's text: `record.text[start:end] == text`."""

    text: str = Field(min_length=1)
    start: NonNegativeInt
    end: NonNegativeInt

    @model_validator(mode="after")
    def _length_matches(self):
        if self.end - self.start != len(self.text):
            raise ValueError(f"offsets {self.start}..{self.end} do not span {self.text!r}")
        return self


class Mention(TextSpan):
    """Something extracted from the text, located where it first occurs."""

    occurrences: list[TextSpan] = Field(
        default_factory=list,
        description="Further places in the text where the same item is named.",
    )


class Quantity(TextSpan):
    """An amount; every mention is its own item, so there are no further occurrences."""

    value: Number
    unit: str = Field(min_length=1)
    kind: Optional[UnitKind] = None
    qualifier: Qualifier = Qualifier.exact
    value_max: Optional[Number] = Field(
        None,
        description="Top of a range; for an approximate amount such as 数十亿 or 十几万, the top of its interval (value is the bottom).",
    )
    change: Optional[Change] = None
    subject: Optional[str] = Field(None, description="What the amount measures, where the sentence says.")

    @model_validator(mode="after")
    def _range_is_ordered(self):
        # a range has a maximum; so may a vague amount, as its documented interval (数十亿 → 2e9..9e9)
        if self.qualifier == Qualifier.range.value and self.value_max is None:
            raise ValueError("a range needs value_max")
        if self.value_max is not None and self.qualifier not in (Qualifier.range.value, Qualifier.approx.value):
            raise ValueError("value_max is given only for a range or an approximate interval")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError(f"value_max {self.value_max} is below value {self.value}")
        return self


class Place(Mention):
    name: str = Field(min_length=1, description="Full standard name (四平 → 四平市).")
    code: Optional[DivisionCode] = None
    level: Optional[PlaceLevel] = None
    parents: list[DivisionCode] = Field(default_factory=list, description="Codes from the province down.")


class FocusPlace(_Model):
    """The division an article is about, judged from its places, title and outlet."""

    name: str
    code: DivisionCode
    level: PlaceLevel


class Organization(Mention):
    name: str = Field(min_length=1)


class Person(Mention):
    name: str = Field(min_length=1)
    title: Optional[str] = Field(None, description="职务 where the text gives it.")
    byline: bool = Field(False, description="Named in a byline or credit (记者, 通讯员, 摄, 编辑).")


class Project(Mention):
    name: str = Field(min_length=1)
    status: Optional[ProjectStatus] = None
    investment: Optional[Quantity] = None
    location: Optional[DivisionCode] = None
    investors: list[str] = Field(default_factory=list)


class Indicator(TextSpan):
    """An aggregate the article states (项目337个, 到位资金218.82亿元), located at its amount: what
    it measures, how much, and over which period as written (2025年1-12月, 上半年)."""

    name: str = Field(min_length=1, description="What is measured: 到位资金, 总投资, 签约额, or 项目个数 for a count of projects.")
    subject: Optional[str] = Field(None, description="The words the amount follows, as written (有资金到位的项目, 新开工项目).")
    value: Number
    unit: str = Field(min_length=1)
    qualifier: Qualifier = Qualifier.exact
    period: Optional[str] = Field(None, description="The period the sentence gives, as written.")


class Document(Mention):
    name: str = Field(min_length=1, description="Title without its 《》 brackets.")


class RelatedLink(_Model):
    """A link the page carries to another article (上一篇 / 下一篇): kept out of `text`."""

    relation: str
    title: str


class PageMeta(_Model):
    """What the page said about the article outside its text."""

    format: str = Field(description="txt, html or jsonl")
    encoding: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = Field(None, description="来源")
    credits: list[str] = Field(default_factory=list, description="Byline and editor lines, as written.")
    related: list[RelatedLink] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="Mentions left out because they failed validation.")


class ArticleRecord(_Model):
    """One article: its cleaned text, where it came from, and everything found in it."""

    id: str = Field(min_length=1)
    source: str
    sha256: Sha256 = Field(description="SHA-256 of the input bytes the article was read from.")
    pipeline_version: str
    schema_version: str = SCHEMA_VERSION
    title: Optional[str] = None
    published: Optional[PartialDate] = None
    text: str
    meta: PageMeta
    focus: Optional[FocusPlace] = Field(None, description="The division the article is about, when one stands out.")
    quantities: list[Quantity] = Field(default_factory=list, description="Every mention, in text order.")
    places: list[Place] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list, description="Aggregates the article states, in text order.")

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            parts = [int(p) for p in value.split("-")] + [1, 1]
            dt.date(parts[0], parts[1], parts[2])  # raises ValueError for 2025-13 or 02-30
        return value

    @model_validator(mode="after")
    def _offsets_point_into_text(self):
        for field, span in self.spans():
            if span.end > len(self.text) or self.text[span.start : span.end] != span.text:
                raise ValueError(f"{field}: {span.text!r} at {span.start}..{span.end} does not match the text there")
        return self

    def spans(self):
        """Yield (field, span) for every mention and every occurrence in the record."""
        for field in MENTION_FIELDS:
            for mention in getattr(self, field):
                yield field, mention
                for other in getattr(mention, "occurrences", ()):
                    yield field, other
                if isinstance(mention, Project) and mention.investment is not None:
                    yield field, mention.investment


#: each kind of mention a record lists → the model of its items, in the record's order: read from
#: `ArticleRecord`'s fields, the one place the kinds are defined
MENTION_MODELS: dict[str, type[TextSpan]] = {
    name: get_args(field.annotation)[0]
    for name, field in ArticleRecord.model_fields.items()
    if get_origin(field.annotation) is list and issubclass(get_args(field.annotation)[0], TextSpan)
}
MENTION_FIELDS = tuple(MENTION_MODELS)
