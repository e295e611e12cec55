"""JSON Schema files for consumers outside Python: `python -m schemas` rewrites them."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .record import ArticleRecord, Document, Indicator, Organization, Person, Place, Project, Quantity

SCHEMA_DIR = Path(__file__).resolve().parent / "json"

EXPORTED: dict[str, type[BaseModel]] = {
    "article-record": ArticleRecord,
    "quantity": Quantity,
    "place": Place,
    "organization": Organization,
    "person": Person,
    "project": Project,
    "document": Document,
    "indicator": Indicator,
}


def json_schemas() -> dict[str, str]:
    """Return {file name: JSON text} for every exported model, as the records are written."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2) + "\n"
        for name, model in EXPORTED.items()
    }


def write_json_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write the schema files into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
