"""Stage 1, read: paths → raw articles (decoded text plus what the container said about them).

Supported inputs: `.txt`, `.html`/`.htm`, `.jsonl` (one article per line), the gzip-compressed
form of each (`.txt.gz`, …), and directories, walked recursively. Every problem becomes a
`ReadError` naming the file (and line) and the cause; reading goes on with the next input.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union, cast

ARTICLE_SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
MAX_GZIP_BYTES = 8 * 2**30  # a .gz input may decompress to this much (configurable: --max-gzip-bytes)
MAX_ARTICLE_BYTES = 64 * 1024 * 1024  # one article; larger inputs are refused, not loaded

# Signatures of common binary formats, to say what a non-text file is.
BINARY_MAGIC = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip data without a .gz suffix",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
    b"\x7fELF": "executable",
}
HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
# Encodings seen on Chinese government sites; GB18030 decodes GB2312 and GBK text too.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936"}
# Declared charsets read with their common superset (Big5 pages use cp950 characters such as 恒).
CODEC_FOR = {"big5": "cp950", "big5-hkscs": "big5hkscs"}


@dataclass
class RawArticle:
    """One article as read: decoded text, before any cleaning."""

    id: str
    source: str
    format: str  # txt | html | jsonl
    text: str
    sha256: str
    encoding: Optional[str] = None
    title: Optional[str] = None  # given by the container (a JSON Lines field)
    date: Optional[str] = None
    url: Optional[str] = None


@dataclass
class ReadError:
    """An input that gave no article, and why."""

    source: str
    reason: str


@dataclass
class ReadStats:
    """What a walk over the inputs found, for the run summary."""

    files: int = 0
    skipped: list[str] = field(default_factory=list)


class DecodeError(ValueError):
    pass


def read_paths(
    paths: Iterable[Union[str, Path]],
    stats: Optional[ReadStats] = None,
    exclude: Iterable[Union[str, Path]] = (),
    max_gzip_bytes: int = MAX_GZIP_BYTES,
) -> Iterator[Union[RawArticle, ReadError]]:
    """Yield a RawArticle or a ReadError for every article in the given files and directories.

    In directories, hidden entries (.git, ._a.txt), symbolic links and the files in `exclude`
    (the run's own output) are skipped and counted; other non-article files are skipped too.
    A .gz file that decompresses to more than `max_gzip_bytes` is refused whole, unread.
    """
    stats = stats if stats is not None else ReadStats()
    excluded = frozenset(Path(p).resolve() for p in exclude)
    for path in map(Path, paths):
        if path.is_dir():
            unreadable: list[tuple[Path, str]] = []
            files, skipped = article_files(path, excluded, unreadable)
            stats.skipped += map(str, skipped)
            for directory, reason in unreadable:
                yield ReadError(str(directory), reason)
            for child in files:
                yield from read_file(child, stats, max_gzip_bytes)
            if not files and not unreadable:
                yield ReadError(str(path), "directory holds no articles (.txt, .html, .htm, .jsonl, or .gz of these)")
        elif path.is_file():
            if article_format(path) is None:
                yield ReadError(
                    str(path),
                    f"unsupported file type {''.join(path.suffixes) or '(no suffix)'}; expected .txt, .html, .htm, .jsonl or their .gz",
                )
                continue
            yield from read_file(path, stats, max_gzip_bytes)
        elif path.is_symlink():
            yield ReadError(str(path), "symbolic link to nothing (or a loop of links)")
        else:
            yield ReadError(str(path), "no such file or directory")


def article_files(top: Path, excluded: frozenset = frozenset(), unreadable: Optional[list] = None) -> tuple[list[Path], list[Path]]:
    """The article files below a directory, sorted, and the entries skipped: hidden ones (.git,
    ._a.txt), symbolic links, the `excluded` paths (resolved: the run's own output), non-articles.
    Directories that cannot be listed go into `unreadable` as (directory, reason)."""
    files, skipped = [], []
    for child in _walk(top, unreadable if unreadable is not None else []):
        if (
            article_format(child) is None
            or child.is_symlink()
            or not child.is_file()
            or _hidden(child, top)
            or (excluded and child.resolve() in excluded)
        ):
            skipped.append(child)
        else:
            files.append(child)
    return files, skipped


def _walk(top: Path, unreadable: list) -> list[Path]:
    """Every entry below `top`, sorted, without descending into hidden or linked directories; a
    directory that cannot be listed is noted in `unreadable` and the walk goes on."""
    try:
        entries = sorted(top.iterdir())
    except OSError as exc:
        unreadable.append((top, f"directory cannot be read ({exc.strerror or exc})"))
        return []
    out = []
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith("."):
            out.extend(_walk(entry, unreadable))
        else:
            out.append(entry)
    return out


def _hidden(path: Path, top: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(top).parts)


def article_format(path: Path) -> Optional[str]:
    """The article format a file name promises (txt, html, jsonl), or None."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return ARTICLE_SUFFIXES.get(Path(name).suffix)


def read_file(
    path: Path, stats: Optional[ReadStats] = None, max_gzip_bytes: int = MAX_GZIP_BYTES
) -> Iterator[Union[RawArticle, ReadError]]:
    """Yield the articles of one file (one for .txt/.html, one per line for .jsonl)."""
    if stats is not None:
        stats.files += 1
    fmt = cast(str, article_format(path))  # `read_paths` passes article files only
    compressed = path.name.lower().endswith(".gz")
    stem = _stem(path)
    try:
        if compressed and _expands_beyond(path, max_gzip_bytes):
            yield ReadError(
                str(path),
                f"refused: gzip file decompresses to more than {max_gzip_bytes:,} bytes (the limit; raise it with --max-gzip-bytes)",
            )
            return
        if fmt == "jsonl":
            yield from _read_jsonl(path, compressed)
            return
        data = _read_bytes(path, compressed)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, DecodeError) as exc:
        yield ReadError(str(path), _describe(exc, compressed))
        return
    try:
        text, encoding = decode(data, fmt)
    except DecodeError as exc:
        yield ReadError(str(path), str(exc))
        return
    if not text.strip():
        yield ReadError(str(path), "empty file" if not data else "file holds no text (only whitespace)")
        return
    yield RawArticle(id=stem, source=str(path), format=fmt, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)


def _expands_beyond(path: Path, limit: int) -> bool:
    """Whether a gzip file decompresses to more than `limit` bytes, found by decompressing it
    in chunks without keeping them (its size field is modulo 4 GiB and may lie)."""
    total = 0
    try:
        with gzip.open(path, "rb") as fh:
            while True:
                chunk = fh.read(min(1 << 20, limit + 1 - total))
                if not chunk:
                    return False
                total += len(chunk)
                if total > limit:
                    return True
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return False  # a damaged file: reading it reports what is wrong and keeps what is readable


def count_articles(paths: Iterable[Union[str, Path]], exclude: Iterable[Union[str, Path]] = ()) -> int:
    """How many articles the paths hold (lines of JSON Lines, one per other file), for a
    progress bar; read errors count as one."""
    count = 0
    excluded = frozenset(Path(p).resolve() for p in exclude)
    for path in map(Path, paths):
        files = article_files(path, excluded)[0] if path.is_dir() else [path]
        for file in files:
            if article_format(file) != "jsonl":
                count += 1
                continue
            try:
                with (gzip.open if file.name.lower().endswith(".gz") else open)(file, "rb") as fh:
                    count += sum(1 for line in fh if line.strip())
            except (OSError, EOFError, zlib.error):
                count += 1
    return count


def _stem(path: Path) -> str:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def _read_bytes(path: Path, compressed: bool) -> bytes:
    if not compressed:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise DecodeError(f"file is larger than {MAX_ARTICLE_BYTES // 2**20} MiB")
        return path.read_bytes()
    with gzip.open(path, "rb") as fh:
        data = fh.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise DecodeError(f"decompressed article is larger than {MAX_ARTICLE_BYTES // 2**20} MiB")
    return data


def _describe(exc: BaseException, compressed: bool) -> str:
    if isinstance(exc, EOFError):
        return "gzip file is truncated (compressed stream ended early)"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"not a valid gzip file ({exc})"
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    return str(exc)


def _read_jsonl(path: Path, compressed: bool) -> Iterator[Union[RawArticle, ReadError]]:
    opener = gzip.open if compressed else open
    stem = _stem(path)
    lineno, articles = 0, 0
    try:
        with opener(path, "rb") as fh:
            while True:
                line = fh.readline(MAX_ARTICLE_BYTES + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
                    while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                        line = fh.readline(MAX_ARTICLE_BYTES)
                    yield ReadError(f"{path}:{lineno}", f"line is longer than {MAX_ARTICLE_BYTES // 2**20} MiB")
                    continue
                if not line.strip():
                    lineno += _skip_blank_lines(fh)
                    continue
                articles += 1
                yield _jsonl_article(path, stem, lineno, line)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        where = f"{path}:{lineno + 1}" if lineno else str(path)
        yield ReadError(where, _describe(exc, compressed))
        return
    if not articles:
        yield ReadError(str(path), "JSON Lines file holds no articles (no non-empty line)")


def _skip_blank_lines(fh) -> int:
    """Read past the blank lines ahead, a window at a time (a file of millions of them would
    otherwise cost a loop turn each); the number of lines skipped. The next line is left whole."""
    skipped = 0
    while True:
        ahead = fh.peek(1 << 16)[: 1 << 16]
        blank = len(ahead) - len(ahead.lstrip(b" \t\r\n"))
        cut = ahead.rfind(b"\n", 0, blank) + 1  # up to the last line break of the blank run
        if cut <= 0:
            return skipped
        skipped += ahead.count(b"\n", 0, cut)
        fh.read(cut)
        if cut < len(ahead):
            return skipped


def _jsonl_article(path: Path, stem: str, lineno: int, line: bytes) -> Union[RawArticle, ReadError]:
    source = f"{path}:{lineno}"
    try:
        text, encoding = decode(line.lstrip(b"\xef\xbb\xbf") if lineno == 1 else line, "jsonl")
        obj = json.loads(text)
    except DecodeError as exc:
        return ReadError(source, str(exc))
    except json.JSONDecodeError as exc:
        return ReadError(source, f"malformed JSON line ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict):
        return ReadError(source, f"JSON line is a {type(obj).__name__}, expected an object with a 'text' field")
    body = obj.get("text")
    if not isinstance(body, str):
        return ReadError(source, "JSON line has no 'text' string")
    body = writable(body)
    if not body.strip():
        return ReadError(source, "article text is empty")
    fields = {}
    for key in ("title", "date", "url"):
        if obj.get(key) in (None, ""):
            continue
        if not isinstance(obj[key], str):
            return ReadError(source, f"JSON line field '{key}' is a {type(obj[key]).__name__}, expected a string")
        fields[key] = writable(obj[key])
    given_id = obj.get("id")
    if given_id is not None and (isinstance(given_id, bool) or not isinstance(given_id, (str, int))):
        return ReadError(source, f"JSON line field 'id' is a {type(given_id).__name__}, expected a string or an integer")
    article_id = writable(str(given_id)) if given_id not in (None, "") else f"{stem}-{lineno}"
    return RawArticle(
        id=article_id,
        source=source,
        format="jsonl",
        text=body,
        sha256=hashlib.sha256(line.rstrip(b"\r\n")).hexdigest(),
        encoding=encoding,
        **fields,
    )


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def writable(text: str) -> str:
    """`text` with each lone surrogate (a JSON escape such as \\ud83d may leave one, and no
    encoding can write it) made U+FFFD: the same length, so offsets hold."""
    return LONE_SURROGATE.sub("\ufffd", text)


def decode(data: bytes, fmt: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or GB18030/GBK/GB2312; return (text, encoding).

    Raises DecodeError rather than guessing: bytes that decode under no supported encoding,
    and UTF-8 text with corrupt sequences, are reported instead of turned into mojibake.
    """
    if not data:
        return "", "utf-8"
    kind = _binary_kind(data)
    if kind:
        utf16 = _utf16_without_bom(data) if kind == "contains NUL bytes" else None
        if utf16 is not None:
            return utf16
        raise DecodeError(f"binary file ({kind}), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", "utf-8-sig"), "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _strict(data, "utf-16", "utf-16"), "utf-16"
    declared = _declared_charset(data) if fmt == "html" else None
    try:
        text = data.decode("utf-8")
        if not _gb_read_as_utf8(text, data):
            return text, "utf-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise DecodeError(
                f"invalid UTF-8 at byte {exc.start}: {data[exc.start : exc.start + 4]!r} (the file is otherwise UTF-8)"
            ) from None
    if declared and declared not in GB_FAMILY and declared not in ("utf-8", "utf8"):
        codec = CODEC_FOR.get(declared, declared)
        try:
            return data.decode(codec), declared
        except LookupError:
            pass
        except UnicodeDecodeError as exc:
            raise DecodeError(f"undecodable bytes at byte {exc.start} for the declared charset {declared}") from None
    try:
        return data.decode("gb18030"), (declared if declared in GB_FAMILY else "gb18030")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable bytes at byte {exc.start}: neither UTF-8 nor GB18030/GBK") from None


def _utf16_without_bom(data: bytes) -> Optional[tuple[str, str]]:
    """(text, encoding) of UTF-16 without a byte order mark, little- or big-endian, when one
    reading is Chinese or English text (Han characters, ASCII, CJK and general punctuation);
    else None."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(
            1
            for ch in text
            if " " <= ch <= "~"
            or ch in "\n\r\t"
            or "\u4e00" <= ch <= "\u9fff"
            or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef"
            or "\u2010" <= ch <= "\u206f"
        )
        if readable >= 0.99 * len(text) and any(ch.isalpha() for ch in text):
            return text.lstrip("\ufeff"), codec
    return None


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"invalid {label} at byte {exc.start}") from None


def _binary_kind(data: bytes) -> Optional[str]:
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "contains NUL bytes"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes hold well-formed multi-byte UTF-8 sequences and few bad ones."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return good >= 2 and bad * 5 <= good


def _gb_read_as_utf8(text: str, data: bytes) -> bool:
    """Short GBK text can be valid UTF-8 by chance (通知 → ֪ͨ): no CJK at all in the UTF-8
    reading, and nothing but CJK in the GB18030 one, means the bytes were GBK. A UTF-8 reading
    whose only non-ASCII characters are Latin letters and typographic marks (Müller Café, “…”, €)
    is UTF-8: GBK text reads so only by a coincidence longer texts do not have."""
    if all(ord(ch) < 0x80 for ch in text) or any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return False
    if all(ord(ch) < 0x80 or "\u00a0" <= ch <= "\u024f" or "\u2000" <= ch <= "\u20cf" for ch in text):
        return False
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in gb if ord(ch) > 0x7F]
    return bool(wide) and all("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in wide)


def _declared_charset(data: bytes) -> Optional[str]:
    match = HTML_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None
