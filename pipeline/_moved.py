"""The modules' old names, from before the package was arranged by role, still import.

`import pipeline.read` gives the module `pipeline.stages.read` itself (the same object, so its
classes are the same classes), and `python -m pipeline.bench` runs `pipeline.tools.bench`: a
finder on `sys.meta_path` answers for the old names in `MOVED`, and its loader hands over the
module, or its code, under the new name. Code in this repository imports the new names.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from types import CodeType, ModuleType
from typing import Optional, Sequence

#: old dotted name → new dotted name
MOVED = {
    "pipeline.read": "pipeline.stages.read",
    "pipeline.clean": "pipeline.stages.clean",
    "pipeline.html": "pipeline.stages.html",
    "pipeline.segment": "pipeline.stages.segment",
    "pipeline.assemble": "pipeline.stages.assemble",
    "pipeline.core": "pipeline.runtime.core",
    "pipeline.batch": "pipeline.runtime.batch",
    "pipeline.sinks": "pipeline.runtime.sinks",
    "pipeline.tables": "pipeline.runtime.tables",
    "pipeline.distributed": "pipeline.runtime.distributed",
    "pipeline.train": "pipeline.tools.train",
    "pipeline.evaluate": "pipeline.tools.evaluate",
    "pipeline.bench": "pipeline.tools.bench",
    "pipeline.review": "pipeline.tools.review",
    "pipeline.project_model": "pipeline.tools.project_model",
    "pipeline.numerals": "pipeline.language.numerals",
    "pipeline.gazetteer": "pipeline.language.gazetteer",
    "pipeline.focus": "pipeline.language.focus",
}


class _MovedSpec(ModuleSpec):
    """The spec of an old name. Its parent package is the new module's, so that the module's
    relative imports resolve when runpy runs its code as __main__ (`python -m pipeline.bench`)."""

    def __init__(self, name: str, target: str, loader: "_MovedLoader", origin: Optional[str]) -> None:
        super().__init__(name, loader, origin=origin)
        self.target = target
        self.has_location = origin is not None
        self.real: Optional[ModuleSpec] = None  # the new module's own spec, once imported

    @property
    def parent(self) -> str:
        return self.target.rpartition(".")[0]


class _MovedLoader(importlib.abc.Loader):
    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = importlib.import_module(MOVED[spec.name])
        if isinstance(spec, _MovedSpec):
            spec.real = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # nothing to run: the module ran under its new name. The import system has just set its
        # __spec__ to the old name's; the new name's is put back.
        spec = module.__spec__
        if isinstance(spec, _MovedSpec) and spec.real is not None:
            module.__spec__ = spec.real

    def get_code(self, fullname: str) -> Optional[CodeType]:
        """The new module's code, for runpy (`python -m OLD_NAME`), without importing it."""
        spec = importlib.util.find_spec(MOVED[fullname])
        if spec is None or not isinstance(spec.loader, importlib.abc.InspectLoader):
            return None
        return spec.loader.get_code(spec.name)

    def is_package(self, fullname: str) -> bool:
        return False


class MovedFinder(importlib.abc.MetaPathFinder):
    """Finds the old names of `MOVED`; every other name is left to the finders after it."""

    loader = _MovedLoader()

    def find_spec(self, fullname: str, path: Optional[Sequence[str]] = None, target: Optional[ModuleType] = None) -> Optional[ModuleSpec]:
        new = MOVED.get(fullname)
        if new is None:
            return None
        real = importlib.util.find_spec(new)
        return _MovedSpec(fullname, new, self.loader, real.origin if real else None)


def install() -> None:
    """Put the finder first on `sys.meta_path` (once)."""
    if not any(isinstance(finder, MovedFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, MovedFinder())
