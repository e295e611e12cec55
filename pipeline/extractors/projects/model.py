"""The projects classifier at run time: the model's weights and threshold, the shipped model
(`pipeline/models/projects.json`), and the model the extractor uses now (`using` sets another).
Training it is `pipeline.tools.project_model` (`python -m pipeline.tools.project_model`)."""

from __future__ import annotations

import json
import math
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Iterator, Optional, Sequence

MODEL_PATH = Path(__file__).parents[2] / "models" / "projects.json"


@dataclass(frozen=True)
class Model:
    weights: dict
    threshold: float

    def probability(self, features: Sequence[str]) -> float:
        z = sum(map(self.weights.get, features, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_in_use: list[Optional[Model]] = []


@lru_cache(maxsize=1)
def shipped() -> Optional[Model]:
    """The model that comes with the package, if there is one."""
    if not MODEL_PATH.is_file():
        return None
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return Model(data["weights"], data["threshold"])


def current() -> Optional[Model]:
    """The model the projects extractor uses now: one set by `using`, else the shipped one."""
    return _in_use[-1] if _in_use else shipped()


@contextmanager
def using(model: Optional[Model]) -> Iterator[None]:
    """Extract with `model` (None: the rules alone) inside the block."""
    _in_use.append(model)
    try:
        yield
    finally:
        _in_use.pop()
