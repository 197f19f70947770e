"""Web pages: the article's main text, headline, date, author and canonical URL.

The main text is found by trafilatura (navigation, related links, comments and
footers left out); what it misses in Chinese pages (an author in <meta>, a
byline in brackets after the last sentence) is taken from the page here. A page
without an article body (a section front, a list of links) is skipped and
counted, not refused: a crawl folder is full of them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .dates import DateError, check_date
from .layout import split_byline, title_from_lead
from .model import Article
from .text import has_sentence_end, normalize

if TYPE_CHECKING:
    from .ingest import IngestReport, Source

MIN_BODY_HAN = 30  # fewer Han characters than this in sentences is not an article
NO_BODY = "web pages without an article body"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article", "pre"}
_AUTHOR_META = ("author", "article:author", "byline", "dc.creator", "og:article:author")
_INFO_LINE = re.compile(r"(来源|编辑|作者|发布时间|时间|记者|责编|浏览|阅读|字号)[::]|\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?\s*\d{1,2}:\d{2}")
_INFO_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}")
_SITE_TITLE = re.compile(r"\s*[-_|–—]\s*[^-_|–—]{1,20}$")  # "标题 - 某某日报"


def html_paragraphs(fragment: str) -> list[str]:
    """An HTML fragment (a feed entry's body) as normalized paragraphs, tags dropped."""
    import lxml.html
    from lxml import etree

    if "<" not in fragment:
        return [p.strip() for p in normalize(fragment).split("\n") if p.strip()]
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() == "br":
                continue
            el.text = "\n" + (el.text or "")
        elif not isinstance(el.tag, str):  # comments, processing instructions
            el.tail = el.tail or ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    text = normalize(root.text_content())
    return [p.strip() for p in text.split("\n") if p.strip()]


def has_body(paragraphs: list[str]) -> bool:
    sentences = [p for p in paragraphs if has_sentence_end(p)]
    return sum(len(_HAN.findall(p)) for p in sentences) >= MIN_BODY_HAN


def _meta(html: str) -> dict[str, str]:
    """<meta name|property=... content=...> and <link rel=canonical>, lower-cased keys."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return {}
    found: dict[str, str] = {}
    for m in root.xpath("//meta[@content]"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        if key and key not in found and m.get("content", "").strip():
            found[key] = m.get("content").strip()
    for link in root.xpath("//link[@rel and @href]"):
        if link.get("rel", "").lower() == "canonical":
            found.setdefault("canonical", link.get("href").strip())
    return found


def _date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", value.strip())
    if not m:
        return None
    try:
        return check_date(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
    except DateError:
        return None


def read_html(src: Source, report: IngestReport | None = None) -> list[Article]:
    """One article per page: trafilatura's main text, the page's own metadata as fallback."""
    import trafilatura

    from .ingest import SkipFile, decode, read_bytes

    html = decode(read_bytes(src.path), src.path)
    if not html.strip():
        raise SkipFile(NO_BODY)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False)
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    meta = _meta(html)
    title = normalize(found.get("title") or meta.get("og:title") or "").strip()
    paragraphs = [p.strip() for p in normalize(found.get("text") or "").split("\n") if p.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline, repeated as the body's first line
    info = []  # "2023-05-01 08:00 来源:某某日报 编辑:李四" above or below the text: metadata, not body
    while paragraphs and len(paragraphs[0]) <= 80 and not has_sentence_end(paragraphs[0]) and _INFO_LINE.search(paragraphs[0]):
        info.append(paragraphs.pop(0))
    while paragraphs and len(paragraphs[-1]) <= 40 and not has_sentence_end(paragraphs[-1]) and _INFO_LINE.search(paragraphs[-1]):
        info.append(paragraphs.pop())
    if not has_body(paragraphs):
        raise SkipFile(NO_BODY)
    byline = normalize(found.get("author") or next((meta[k] for k in _AUTHOR_META if k in meta), "")).strip() or None
    if byline is None:
        body, by, _ = split_byline(paragraphs[-1])
        if by:
            paragraphs[-1], byline = body, by
    if not title:
        title = title_from_lead(paragraphs[0])
        if report is not None:
            from .ingest import UNTITLED

            report.notes[UNTITLED] += 1
    else:
        title = _SITE_TITLE.sub("", title) or title  # "标题 - 某某日报" when the headline came from <title>
    info_dates = (_date(m[0]) for line in info if (m := _INFO_DATE.search(line)))
    date = _date(found.get("date")) or _date(meta.get("article:published_time")) or next(info_dates, None) or src.date
    url = meta.get("canonical") or found.get("url") or meta.get("og:url")
    return [Article(id=src.article_id(1), title=title, text="\n".join(paragraphs), byline=byline, date=date, source=src.name, url=url)]
