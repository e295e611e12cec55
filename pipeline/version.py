"""The package version, and the version of the pipeline that a record names.

`pipeline_version()` is the package version with a fingerprint of everything that decides a
record (the code, the lexicons and other tables, the configs, the models' meta), wherever it sits
in the package: 0.1.0+3f2a9c1d. A batch run skips an article only when its record came from the
same bytes and the same fingerprint, so a changed rule or model re-extracts what it may change.
The extractors' examples (examples.jsonl) test the rules and decide nothing: they do not count.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

__version__ = "0.1.0"

_PACKAGE = Path(__file__).resolve().parent
_COUNTED = ("*.py", "*.txt", "*.tsv", "*.cfg")  # code, lexicons and tables, configs, in any folder (not the examples)


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    digest = hashlib.sha256()
    files = sorted(
        [
            *(path for pattern in _COUNTED for path in _PACKAGE.rglob(pattern)),
            _PACKAGE / "models" / "ner" / "meta.json",
            _PACKAGE / "models" / "projects.json",
            *_PACKAGE.parent.glob("schemas/*.py"),
        ]
    )
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(_PACKAGE.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"
