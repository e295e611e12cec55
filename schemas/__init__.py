"""Pydantic models of the records the pipeline writes, and their exported JSON Schemas."""
from .record import (
    MENTION_FIELDS,
    SCHEMA_VERSION,
    ArticleRecord,
    Change,
    Document,
    FocusPlace,
    Indicator,
    Mention,
    Organization,
    PageMeta,
    Person,
    Place,
    PlaceLevel,
    Project,
    ProjectStatus,
    Qualifier,
    Quantity,
    RelatedLink,
    TextSpan,
    UnitKind,
)
from .export import SCHEMA_DIR, json_schemas, write_json_schemas

__all__ = [
    "MENTION_FIELDS", "SCHEMA_VERSION", "ArticleRecord", "Change", "Document", "FocusPlace", "Indicator", "Mention",
    "Organization", "PageMeta", "Person", "Place", "PlaceLevel", "Project", "ProjectStatus",
    "Qualifier", "Quantity", "RelatedLink", "TextSpan", "UnitKind",
    "SCHEMA_DIR", "json_schemas", "write_json_schemas",
]
