"""Reading corpus files into `Article`s: page dumps (.txt/.md) and JSONL.

Every failure names the file (and line) so a user with thousands of files can
find the bad one; nothing here writes anything, so a failure loses nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .layout import parse_page
from .model import Article
from .text import normalize

PAGE_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = PAGE_SUFFIXES | JSONL_SUFFIXES
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_OPTIONAL = ("id", "date", "byline", "source", "url")


class IngestError(ValueError):
    """A corpus file that cannot be read; the message names the file and line."""


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312)."""
    if b"\x00" in data[:8192]:
        raise IngestError(f"{path}: not a text file (binary data)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{path}: not a text file (neither UTF-8 nor GB18030)")


def read_raw(path: Path) -> str:
    """The file decoded as written: line endings unified, nothing else folded."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path}: cannot read: {e.strerror or e}") from e
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{path}: empty file")
    return text


def read_text(path: Path) -> str:
    """The file decoded and NFKC-normalized, for formats whose syntax is the text itself."""
    return normalize(read_raw(path))


def date_from_name(path: Path) -> str | None:
    """Page dumps carry their date in the file name, e.g. news-2020-02-04.txt."""
    m = _FILE_DATE.search(path.stem)
    if not m:
        return None
    year, month, day = m.groups()
    return f"{year}-{month}" + (f"-{day}" if day else "")


def read_page(path: Path) -> list[Article]:
    text = read_text(path)
    if path.suffix.lower() == ".md":
        text = _MD_HEADING.sub("", text)
    raw = parse_page(text)
    if not raw:
        raise IngestError(f"{path}: no articles found")
    date = date_from_name(path)
    return [
        Article(
            id=f"{path.stem}:{n}",
            title=a.title or "",
            text="\n".join(a.paragraphs),
            byline=a.byline,
            date=date,
            source=path.name,
            kicker=a.kicker,
            subtitle=a.subtitle,
        )
        for n, a in enumerate(raw, start=1)
    ]


def read_jsonl(path: Path) -> list[Article]:
    """One article per line: {"title", "text"} required; id, date, byline, source, url optional.

    Each line is parsed as written and only then are the text values normalized:
    NFKC over the raw line would turn a full-width ＂ inside a string into a JSON
    quote (and ＼ｎ into an escape). Ids are kept exactly as written.
    """
    text = read_raw(path)
    articles = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise IngestError(f"{where}: malformed JSON ({e.msg} at column {e.colno})") from e
        if not isinstance(obj, dict):
            raise IngestError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        for key in ("title", "text"):
            if not isinstance(obj.get(key), str) or not obj[key].strip():
                raise IngestError(f"{where}: field {key!r} must be a non-empty string")
        extra: dict[str, str | None] = {}
        for key in _OPTIONAL:
            value = obj.get(key)
            if value is not None and not isinstance(value, (str, int)):
                raise IngestError(f"{where}: field {key!r} must be a string")
            extra[key] = None if value is None else str(value) if key in ("id", "url") else normalize(str(value))
        body = "\n".join(p.strip() for p in normalize(obj["text"]).split("\n") if p.strip())
        articles.append(
            Article(
                id=extra["id"] or f"{path.stem}:{lineno}",
                title=normalize(obj["title"]).strip(),
                text=body,
                byline=extra["byline"],
                date=extra["date"],
                source=extra["source"] or path.name,
                url=extra["url"],
            )
        )
    if not articles:
        raise IngestError(f"{path}: no articles found")
    return articles


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories (recursively) into the corpus files they hold, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                raise IngestError(f"{path}: no .txt, .md or .jsonl files in this directory")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise IngestError(f"{path}: unsupported file type (expected .txt, .md or .jsonl)")
            files.append(path)
        else:
            raise IngestError(f"{path}: no such file or directory")
    return files


def read_file(path: Path) -> list[Article]:
    return read_jsonl(path) if path.suffix.lower() in JSONL_SUFFIXES else read_page(path)


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Articles of every file, checking that ids are unique across the corpus."""
    seen: dict[str, Path] = {}
    for path in corpus_files(paths):
        for article in read_file(path):
            if article.id in seen:
                raise IngestError(f"{path}: duplicate article id {article.id!r} (also in {seen[article.id]})")
            seen[article.id] = path
            yield article


def read_articles(paths: Iterable[str | Path]) -> list[Article]:
    return list(iter_articles(paths))
