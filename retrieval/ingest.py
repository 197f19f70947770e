"""Reading corpus files into `Article`s: page dumps (.txt/.md), JSONL, web pages,
RSS/Atom feeds and PDF e-paper pages.

Every failure names the file (and line) so a user with thousands of files can
find the bad one; nothing here writes anything, so a failure loses nothing.

Given a folder, every article's id and `source` come from its path relative to
that folder (`2023-05-01/A01:1`, `2023-05-01/A01.txt`), so one archive can hold
many days of the same page names; a file given by itself keeps `stem:n`. The
date comes from the file name or a folder above it (see `dates.date_from_parts`).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .dates import DateError, check_date, date_from_parts
from .errors import InputError
from .layout import parse_page, title_from_lead
from .model import Article
from .text import normalize

PAGE_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = PAGE_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | PDF_SUFFIXES
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_OPTIONAL = ("id", "date", "byline", "source", "url")
UNTITLED = "untitled articles titled from their lead"


class IngestError(InputError):
    """A corpus file that cannot be read; the message names the file and line."""


class SkipFile(Exception):
    """A file that holds no article by design (a web page without an article body): counted, not fatal."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class IngestReport:
    """What a read saw, for the one summary line `newsqa index` prints on stderr."""

    files: int = 0
    articles: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> files
    notes: Counter[str] = field(default_factory=Counter)  # warning -> articles

    def summary(self) -> str:
        line = f"read {self.articles} articles from {self.files} files"
        if self.skipped:
            line += "; skipped " + ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        else:
            line += "; no file skipped"
        if self.notes:
            line += "; " + ", ".join(f"{n} {note}" for note, n in sorted(self.notes.items()))
        return line


@dataclass(frozen=True)
class Source:
    """A corpus file and the name it goes by: its path relative to the folder given,
    or its bare name when the file itself was given."""

    path: Path
    rel: PurePosixPath

    @classmethod
    def single(cls, path: Path) -> Source:
        return cls(path, PurePosixPath(path.name))

    @property
    def key(self) -> str:
        """The id prefix: `2023-05-01/A01` (the relative path without its suffix)."""
        return self.rel.with_suffix("").as_posix()

    @property
    def name(self) -> str:
        return self.rel.as_posix()

    @property
    def date(self) -> str | None:
        return date_from_parts([*self.rel.parent.parts, self.rel.stem])

    def article_id(self, n: int) -> str:
        return f"{self.key}:{n}"


# --- decoding -------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _common_share(text: str, encoding: str) -> float:
    """The share of the text's Han characters that are common in that encoding's own
    terms: GB2312 level 1 (lead byte B0-D7) for GB18030, Big5's frequent block (A4-C6)
    for Big5. Text decoded with the wrong one of the two lands mostly outside it
    (Big5 read as GB18030 gives rare extension characters and kana)."""
    han = [c for c in text[:40000] if "\u4e00" <= c <= "\u9fff"][:8000]
    if not han:
        return 1.0
    lo, hi, codec = (0xB0, 0xD7, "gb2312") if encoding == "gb18030" else (0xA4, 0xC6, "big5")
    common = 0
    for c in han:
        try:
            b = c.encode(codec)
        except UnicodeEncodeError:
            continue
        common += lo <= b[0] <= hi
    return common / len(han)


def decode(data: bytes, path: Path | str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, GB18030 or Big5.

    The two legacy Chinese encodings overlap: Big5 bytes usually decode as GB18030
    without error, into nonsense. Each is tried strictly and the decoding whose Han
    characters are mostly common ones in its own table wins.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise IngestError(f"{path}: not a text file (starts with a {encoding} byte-order mark but does not decode)") from None
    if b"\x00" in data[:8192]:
        raise IngestError(f"{path}: not a text file (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best: tuple[float, str] | None = None
    for encoding in ("gb18030", "big5", "cp950"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _common_share(text, "big5" if encoding == "cp950" else encoding)
        if best is None or share > best[0]:
            best = (share, text)
    if best is None or best[0] < 0.5:
        raise IngestError(f"{path}: not a text file (neither UTF-8, UTF-16, GB18030 nor Big5)")
    return best[1]


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path}: cannot read: {e.strerror or e}") from e


def read_raw(path: Path) -> str:
    """The file decoded as written: line endings unified, nothing else folded."""
    text = decode(read_bytes(path), path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{path}: empty file")
    return text


def read_text(path: Path) -> str:
    """The file decoded and NFKC-normalized, for formats whose syntax is the text itself."""
    return normalize(read_raw(path))


def date_from_name(path: Path) -> str | None:
    """Page dumps carry their date in the file name, e.g. news-2020-02-04.txt."""
    return date_from_parts([path.stem])


# --- readers --------------------------------------------------------------------


def page_articles(text: str, src: Source, date: str | None, *, url: str | None = None) -> list[Article]:
    """A page's normalized text cut into articles by the layout rules (page dumps and PDF pages)."""
    raw = parse_page(text)
    return [
        Article(
            id=src.article_id(n),
            title=a.title or "",
            text="\n".join(a.paragraphs),
            byline=a.byline,
            date=date,
            source=src.name,
            url=url,
            kicker=a.kicker,
            subtitle=a.subtitle,
        )
        for n, a in enumerate(raw, start=1)
    ]


def read_page(src: Source | Path, report: IngestReport | None = None) -> list[Article]:
    src = src if isinstance(src, Source) else Source.single(src)
    path = src.path
    text = read_text(path)
    if path.suffix.lower() == ".md":
        text = _MD_HEADING.sub("", text)
    articles = page_articles(text, src, src.date)
    if not articles:
        raise IngestError(f"{path}: no articles found")
    return articles


def read_jsonl(src: Source | Path, report: IngestReport | None = None) -> list[Article]:
    """One article per line: {"text"} required; title, id, date, byline, source, url optional.

    Each line is parsed as written and only then are the text values normalized:
    NFKC over the raw line would turn a full-width ＂ inside a string into a JSON
    quote (and ＼ｎ into an escape). Ids are kept exactly as written. An article
    without a title is titled from its lead, as the page reader does, and counted.
    """
    src = src if isinstance(src, Source) else Source.single(src)
    path = src.path
    text = read_raw(path)
    file_date = src.date
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
        if not isinstance(obj.get("text"), str) or not obj["text"].strip():
            raise IngestError(f"{where}: field 'text' must be a non-empty string")
        title = obj.get("title")
        if title is not None and not isinstance(title, str):
            raise IngestError(f"{where}: field 'title' must be a string")
        extra: dict[str, str | None] = {}
        for key in _OPTIONAL:
            value = obj.get(key)
            if value is not None and not isinstance(value, (str, int)):
                raise IngestError(f"{where}: field {key!r} must be a string")
            extra[key] = None if value is None else str(value) if key in ("id", "url") else normalize(str(value))
        if extra["date"] is not None:
            try:
                extra["date"] = check_date(extra["date"])
            except DateError as e:
                raise IngestError(f"{where}: field 'date': {e}") from None
        body = "\n".join(p.strip() for p in normalize(obj["text"]).split("\n") if p.strip())
        title = normalize(title or "").strip()
        if not title:
            title = title_from_lead(body.split("\n", 1)[0])
            if report is not None:
                report.notes[UNTITLED] += 1
        articles.append(
            Article(
                id=extra["id"] or src.article_id(lineno),
                title=title,
                text=body,
                byline=extra["byline"],
                date=extra["date"] or file_date,
                source=extra["source"] or src.name,
                url=extra["url"],
            )
        )
    if not articles:
        raise IngestError(f"{path}: no articles found")
    return articles


def read_source(src: Source, report: IngestReport | None = None) -> list[Article]:
    """One file's articles, by its suffix."""
    suffix = src.path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(src, report)
    if suffix in HTML_SUFFIXES:
        from .html import read_html

        return read_html(src, report)
    if suffix in FEED_SUFFIXES:
        from .feeds import read_feed

        return read_feed(src, report)
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf

        return read_pdf(src, report)
    return read_page(src, report)


def read_file(path: Path) -> list[Article]:
    return read_source(Source.single(path))


# --- walking --------------------------------------------------------------------

_KINDS = ".txt, .md, .jsonl, .html, .htm, .rss, .atom, .xml or .pdf"


def corpus_sources(paths: Iterable[str | Path], report: IngestReport | None = None) -> list[Source]:
    """Expand files and directories (recursively) into corpus files, in a stable order.

    In a directory, hidden files and folders (.git, .DS_Store) are not entered and
    files of other types are passed over; both are counted in the report.
    """
    report = report if report is not None else IngestReport()
    sources: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Source] = []
            for folder, dirs, files in os.walk(path):
                hidden = sum(1 for d in dirs if d.startswith("."))
                if hidden:
                    report.skipped["hidden"] += hidden
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith("."):
                        report.skipped["hidden"] += 1
                        continue
                    p = Path(folder) / name
                    if p.suffix.lower() not in SUFFIXES:
                        report.skipped["unsupported"] += 1
                        continue
                    found.append(Source(p, PurePosixPath(p.relative_to(path).as_posix())))
            if not found:
                raise IngestError(f"{path}: no {_KINDS} files in this directory")
            sources.extend(sorted(found, key=lambda s: s.rel.parts))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise IngestError(f"{path}: unsupported file type (expected {_KINDS})")
            sources.append(Source.single(path))
        else:
            raise IngestError(f"{path}: no such file or directory")
    return sources


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    return [s.path for s in corpus_sources(paths)]


def iter_articles(paths: Iterable[str | Path], report: IngestReport | None = None) -> Iterator[Article]:
    """Articles of every file, checking that ids are unique across the corpus."""
    report = report if report is not None else IngestReport()
    seen: dict[str, Path] = {}
    for src in corpus_sources(paths, report):
        try:
            articles = read_source(src, report)
        except SkipFile as e:
            report.skipped[e.reason] += 1
            continue
        report.files += 1
        for article in articles:
            if article.id in seen:
                raise IngestError(f"{src.path}: duplicate article id {article.id!r} (also in {seen[article.id]})")
            seen[article.id] = src.path
            report.articles += 1
            yield article
    if not report.articles:  # every file skipped (pages without a body, non-feed XML): an empty index helps nobody
        names = ", ".join(str(p) for p in paths) if isinstance(paths, (list, tuple)) else "the paths given"
        raise IngestError(f"{names}: no articles found ({report.summary()})")


def read_articles(paths: Iterable[str | Path], report: IngestReport | None = None) -> list[Article]:
    """Every article in these files and directories (recursive), in path order.

    Raises IngestError naming the file (and line) for anything unreadable, before any
    index is touched; files skipped on purpose (a web page without a body) are counted
    in `report` instead.
    """
    return list(iter_articles(paths, report))
