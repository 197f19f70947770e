"""RSS and Atom feeds (feedparser): each entry an article with its title, date and link.

The body is the entry's full content when the feed carries it, else its summary.
Dates are the calendar day as the feed writes it (its own time zone), not
converted to UTC: a story dated 07:00 +08:00 belongs to that day's paper.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from typing import TYPE_CHECKING, Any

from .dates import DateError, check_date
from .html import html_paragraphs
from .layout import title_from_lead
from .model import Article
from .text import normalize

if TYPE_CHECKING:
    from .ingest import IngestReport, Source

NOT_A_FEED = "XML files that are not feeds"
EMPTY_ENTRY = "feed entries without text skipped"
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) day as written, YYYY-MM-DD."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        m = _ISO_DAY.match(raw)
        day: str | None = None
        if m:
            day = f"{m[1]}-{m[2]}-{m[3]}"
        else:
            try:
                day = email.utils.parsedate_to_datetime(raw).date().isoformat()
            except (TypeError, ValueError, IndexError):
                parsed = entry.get(f"{key}_parsed")
                day = dt.date.fromtimestamp(time.mktime(parsed)).isoformat() if parsed else None
        if day:
            try:
                return check_date(day)
            except DateError:
                continue
    return None


def read_feed(src: Source, report: IngestReport | None = None) -> list[Article]:
    import feedparser

    from .ingest import IngestError, SkipFile, read_bytes

    data = read_bytes(src.path)
    feed = feedparser.parse(data)
    if not feed.get("version"):
        if src.path.suffix.lower() == ".xml":
            raise SkipFile(NOT_A_FEED)
        problem = feed.get("bozo_exception")
        raise IngestError(f"{src.path}: not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    articles = []
    for n, entry in enumerate(feed.entries, start=1):
        content = entry.get("content") or []
        body_html = content[0].get("value", "") if content else entry.get("summary", "") or entry.get("description", "")
        paragraphs = html_paragraphs(body_html)
        title = normalize(entry.get("title", "")).strip()
        if not paragraphs:
            if report is not None:
                report.notes[EMPTY_ENTRY] += 1
            continue
        if not title:
            title = title_from_lead(paragraphs[0])
            if report is not None:
                from .ingest import UNTITLED

                report.notes[UNTITLED] += 1
        byline = normalize(entry.get("author", "")).strip() or None
        articles.append(
            Article(
                id=src.article_id(n),
                title=title,
                text="\n".join(paragraphs),
                byline=byline,
                date=entry_date(entry) or src.date,
                source=src.name,
                url=entry.get("link") or None,
            )
        )
    if not articles:
        raise IngestError(f"{src.path}: no entries with text in this feed")
    return articles
